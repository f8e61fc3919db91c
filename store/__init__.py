"""Persistence: SQLite by default, PostgreSQL by URL. Never imports Streamlit.

The app uses Store and the records it returns; answers are opaque strings here
(scoring gives them meaning), and None records an item skipped on purpose.
"""

from store.banks import BankRefused, StoredBank
from store.database import database_url, make_engine
from store.errors import (
    Conflict,
    InvalidText,
    InvalidValue,
    NotFound,
    SheetFinished,
    StoreError,
    StoreUnavailable,
    WorkshopClosed,
)
from store.records import Participant, Person, Sheet, Workshop
from store.store import Store

__all__ = [
    "BankRefused",
    "Conflict",
    "InvalidText",
    "InvalidValue",
    "NotFound",
    "Participant",
    "Person",
    "Sheet",
    "SheetFinished",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "StoredBank",
    "Workshop",
    "WorkshopClosed",
    "database_url",
    "make_engine",
]
