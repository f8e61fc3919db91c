"""Shared resources: one store for every session, banks loaded once per change (a file
of the folder, or a custom bank uploaded on any replica)."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from questions.bank import Bank, BankError
from questions.catalog import archived_bank, folder_fingerprint, load_folder, load_text
from questions.situations import Situations
from store import Sheet, Store, StoreError

_log = logging.getLogger(__name__)

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
    custom: frozenset[str] = frozenset()
    """The ids among `banks` of custom banks (uploaded, kept in the database)."""
    ids_in_use: dict[str, str] = field(default_factory=dict)
    """The ids a custom bank may not take, with the file that holds each."""


# Keyed by (folder, fingerprint, stamp of the stored banks): an added or edited file, or
# a bank uploaded on any replica, makes a new key, so the banks are read again on the
# next rerun. Old keys are dropped beyond max_entries.
@st.cache_resource(show_spinner=False, max_entries=4)
def _load_library(folder: str, fingerprint: tuple, stored: tuple | None) -> Library:
    # Frozen models, shared read-only by every session, so no copy per rerun.
    catalog = load_folder(folder)
    situations = catalog.entries.get(Path(folder) / SITUATIONS_FILE.name)
    banks = catalog.banks
    broken = {path.name: str(error) for path, error in catalog.errors.items()}
    custom = set()
    if stored and stored[0]:  # custom banks are stored
        try:
            sources = store().newest_bank_sources()
        except StoreError as exc:
            _log.warning("custom banks could not be read: %s", exc)
            sources = {}
        for bank_id, (version, text) in sources.items():
            name = custom_bank_name(bank_id, version)
            try:
                bank = load_text(text.encode("utf-8"), name, ids_in_use=catalog.ids_in_use)
            except BankError as error:  # e.g. a file of the folder took its id since
                broken[name] = str(error)
                continue
            banks[bank.id] = bank
            custom.add(bank.id)
    return Library(
        banks,
        broken,
        situations if isinstance(situations, Situations) else None,
        frozenset(custom),
        catalog.ids_in_use,
    )


def custom_bank_name(bank_id: str, version: int) -> str:
    """How messages name a stored version of a custom bank."""
    return f"custom bank {bank_id!r}, version {version}"


def _folder() -> Path:
    return Path(os.environ.get("QUESTIONS_DIR", QUESTIONS_DIR))


@st.cache_resource(show_spinner=False, max_entries=16)
def _archived(folder: str, bank_id: str, version: int) -> Bank | None:
    return archived_bank(folder, bank_id, version)


def library() -> Library:
    """The banks of QUESTIONS_DIR and the newest version of each custom bank, as they are
    now: read again whenever a file changes or a bank is uploaded. When the database
    cannot be read, the folder's banks are still offered."""
    folder = _folder()
    try:
        stored = store().banks_stamp()
    except StoreError:
        stored = None
    return _load_library(str(folder), folder_fingerprint(folder), stored)


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


@st.cache_resource(show_spinner=False, max_entries=16)
def _stored_version(bank_id: str, version: int, text: str) -> Bank | None:
    """A stored version of a custom bank, checked again by the one loader (a version
    never changes once stored, so it is parsed once per server)."""
    try:
        return load_text(text.encode("utf-8"), custom_bank_name(bank_id, version))
    except BankError as error:
        _log.error("%s", error)
        return None


def bank_version(bank_id: str, version: int) -> Bank | None:
    """A bank in one version: the one offered now, else an earlier version of a shipped
    bank (questions/archive) or a stored older version of a custom bank (the sheets
    started on it keep it); None when there is none."""
    lib = library()
    bank = lib.banks.get(bank_id)
    if bank is not None and bank.version == version:
        return bank
    if bank_id in lib.ids_in_use:  # a shipped bank: its earlier versions are archived
        return _archived(str(_folder()), bank_id, version)
    text = store().bank_source(bank_id, version)
    return None if text is None else _stored_version(bank_id, version, text)


def sheet_bank(sheet: Sheet) -> Bank:
    """The bank a sheet was started on, in its version (an older version of a custom
    bank included); stops the page, saying why, when this server no longer offers it."""
    bank = bank_version(sheet.bank_id, sheet.bank_version)
    if bank is None:
        st.error(
            f"This assessment uses version {sheet.bank_version} of the question bank "
            f"{sheet.bank_id!r}, which this server does not offer now. Your answers are "
            "kept; ask the person who runs this app to restore that bank."
        )
        st.stop()
    return bank
