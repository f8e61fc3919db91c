"""Shared resources: one store for every session, banks loaded once per file change."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from questions.bank import Bank, scan_banks
from questions.situations import Situations, SituationsError, load_situations
from store import Sheet, Store, StoreUnavailable
from ui.text import show_problem

QUESTIONS_DIR = Path(__file__).resolve().parent.parent / "questions"
SITUATIONS_FILE = QUESTIONS_DIR / "situations.yaml"


@dataclass(frozen=True)
class Library:
    """The banks that loaded, and the bank files that did not with their errors."""

    banks: dict[str, Bank]
    broken: dict[str, str]
    situations: Situations | None
    situations_error: str | None


def _folder_fingerprint(folder: Path) -> tuple:
    """Changes whenever a bank file is added, removed or edited: the cache key."""
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.yaml")))


@st.cache_resource(show_spinner=False)
def _load_library(folder: str, _fingerprint: tuple) -> Library:
    # Frozen models, shared read-only by every session, so no copy per rerun.
    banks, broken = scan_banks(folder)
    situations, error = None, None
    try:
        situations = load_situations(Path(folder) / SITUATIONS_FILE.name, banks)
    except SituationsError as exc:
        error = str(exc)
    return Library(banks, {name: str(err) for name, err in broken.items()}, situations, error)


def library() -> Library:
    folder = Path(os.environ.get("QUESTIONS_DIR", QUESTIONS_DIR))
    return _load_library(str(folder), _folder_fingerprint(folder))


@st.cache_resource(show_spinner="Opening the database…")
def _open_store(url_source: tuple) -> Store:
    environ, secrets, data_dir = dict(url_source[0]), dict(url_source[1]), url_source[2]
    return Store.open(environ=environ, secrets=secrets, data_dir=data_dir)


def _secrets() -> dict:
    try:
        return {"database_url": st.secrets["database_url"]} if "database_url" in st.secrets else {}
    except FileNotFoundError:
        return {}
    except Exception:  # a malformed secrets.toml must not take the app down
        return {}


def store() -> Store:
    """The shared store; stops the page with a clear message when the database is down."""
    source = (
        tuple(sorted((k, v) for k, v in os.environ.items() if k == "DATABASE_URL")),
        tuple(sorted(_secrets().items())),
        os.environ.get("DATA_DIR", "data"),
    )
    try:
        return _open_store(source)
    except StoreUnavailable as exc:
        show_problem(
            "The answers database cannot be reached, so nothing can be saved right now. "
            "Please try again in a minute; what was already saved is safe.",
            exc,
            icon=":material/error:",
        )
        st.stop()


def sheet_bank(sheet: Sheet) -> Bank:
    """The bank a sheet was started on; stops the page, saying why, when this server no
    longer offers that bank in that version."""
    bank = library().banks.get(sheet.bank_id)
    if bank is None or bank.version != sheet.bank_version:
        st.error(
            f"This assessment uses version {sheet.bank_version} of the question bank "
            f"{sheet.bank_id!r}, which this server does not offer now. Your answers are "
            "kept; ask the person who runs this app to restore that bank."
        )
        st.stop()
    return bank
