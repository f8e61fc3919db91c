"""Store: the one object the app uses to keep people, sheets, answers, workshops, HR
campaigns, sign-ins and custom question banks.

One Store is shared by every Streamlit session and thread: each call opens its own short
transaction, so nothing is shared between threads but the engine's pool. Calls return
frozen records, never ORM objects, so nothing depends on a session still being open.
The verbs live one module per concern; this class only puts them together.
"""

from __future__ import annotations

from store.access import Access
from store.banks import Banks
from store.campaigns import Campaigns
from store.history import History
from store.people import People
from store.records import Person, Sheet, Workshop
from store.sheets import Sheets
from store.workshops import Workshops

__all__ = ["Person", "Sheet", "Store", "Workshop"]


class Store(People, Sheets, History, Workshops, Campaigns, Access, Banks):
    """Everything the app keeps, behind plain verbs; construct once and share."""
