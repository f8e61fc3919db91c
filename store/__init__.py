"""Persistence: SQLite by default, PostgreSQL by URL. Never imports Streamlit.

The app uses Store and the records it returns; answers are opaque strings here
(scoring gives them meaning), and None records an item skipped on purpose.
"""

from store.banks import BankRefused, StoredBank
from store.base import TITLE_CHARS
from store.database import database_url, make_engine
from store.errors import (
    CampaignClosed,
    Conflict,
    InvalidText,
    InvalidValue,
    NoConsent,
    NotFound,
    SheetFinished,
    StoreError,
    StoreUnavailable,
    WorkshopClosed,
)
from store.records import (
    Campaign,
    CampaignSettings,
    Candidate,
    CandidateProgress,
    GroupProgress,
    Invitation,
    Link,
    NewCandidate,
    Participant,
    Person,
    RowProblem,
    Sheet,
    Workshop,
)
from store.store import Store

__all__ = [
    "TITLE_CHARS",
    "BankRefused",
    "Campaign",
    "CampaignClosed",
    "CampaignSettings",
    "Candidate",
    "CandidateProgress",
    "Conflict",
    "GroupProgress",
    "InvalidText",
    "InvalidValue",
    "Invitation",
    "Link",
    "NewCandidate",
    "NoConsent",
    "NotFound",
    "Participant",
    "Person",
    "RowProblem",
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
