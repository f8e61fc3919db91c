"""Shared resources: one store for every session, banks loaded once per file change."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from questions.bank import Bank
from questions.catalog import folder_fingerprint, load_folder
from questions.situations import Situations
from store import Sheet, Store

QUESTIONS_DIR = Path(__file__).resolve().parent.parent / "questions"
SITUATIONS_FILE = QUESTIONS_DIR / "situations.yaml"


@dataclass(frozen=True)
class Library:
    """The banks that loaded, the files of the folder that did not with their errors,
    and the "what fits your situation" content (None when situations.yaml is missing or
    refused)."""

    banks: dict[str, Bank]
    broken: dict[str, str]
    situations: Situations | None


# Keyed by (folder, fingerprint): an added or edited file makes a new key, so the folder
# is read again on the next rerun. Old keys are dropped beyond max_entries.
@st.cache_resource(show_spinner=False, max_entries=4)
def _load_library(folder: str, fingerprint: tuple) -> Library:
    # Frozen models, shared read-only by every session, so no copy per rerun.
    catalog = load_folder(folder)
    situations = catalog.entries.get(Path(folder) / SITUATIONS_FILE.name)
    return Library(
        catalog.banks,
        {path.name: str(error) for path, error in catalog.errors.items()},
        situations if isinstance(situations, Situations) else None,
    )


def library() -> Library:
    """The banks of QUESTIONS_DIR as they are now: read again whenever a file changes."""
    folder = Path(os.environ.get("QUESTIONS_DIR", QUESTIONS_DIR))
    return _load_library(str(folder), folder_fingerprint(folder))


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
    """The shared store. A database that cannot be opened raises StoreUnavailable, which
    the page's one boundary (ui.faults.store_faults, around every page in app.py) shows
    as a message; it is tried again on the next run, as a failure is not cached."""
    source = (
        tuple(sorted((k, v) for k, v in os.environ.items() if k == "DATABASE_URL")),
        tuple(sorted(_secrets().items())),
        os.environ.get("DATA_DIR", "data"),
    )
    return _open_store(source)


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
