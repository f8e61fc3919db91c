"""The one place the app turns a store failure into a message: a StoreError that no page
handled on purpose ends the run here (app.py wraps every page in store_faults), with
what it means for the user, what of theirs is kept, and never a traceback, SQL or secret.

A fragment that reruns on its own (st.fragment(run_every=...)) runs outside app.py, so
its body takes `with store_faults():` itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from store import (
    Conflict,
    InvalidText,
    InvalidValue,
    NotFound,
    SheetFinished,
    StoreError,
    StoreUnavailable,
    WorkshopClosed,
)
from ui.text import plain, shorten

UNAVAILABLE = (
    "The answers database cannot be reached or written to, so nothing can be saved right "
    "now. Please try again in a minute; what was already saved is safe."
)


@contextmanager
def store_faults() -> Iterator[None]:
    """Run a page (or a fragment); a StoreError it raises becomes a message in the page."""
    try:
        yield
    except StoreError as exc:
        show_store_fault(exc)


def show_store_fault(exc: StoreError) -> None:
    """The message for a store failure: what it means, what is kept, the detail in small
    print (the store's messages name no SQL, no parameter and no password)."""
    from ui.items import keep_unsaved_answers  # ui.items uses ui.resources, which uses this

    unsaved = keep_unsaved_answers()
    if isinstance(exc, StoreUnavailable):
        st.error(UNAVAILABLE, icon=":material/cloud_off:")
        st.caption(plain(shorten(exc, limit=300)))
    elif isinstance(exc, InvalidText):
        st.error(plain(str(exc)), icon=":material/text_format:")
    elif isinstance(exc, InvalidValue | Conflict):
        st.error(f"That could not be saved: {plain(str(exc))}.", icon=":material/error:")
    elif isinstance(exc, WorkshopClosed | SheetFinished | NotFound):
        st.warning(f"That cannot be done now: {plain(str(exc))}.", icon=":material/lock:")
    else:
        st.error(f"Something went wrong while saving: {plain(str(exc))}.", icon=":material/error:")
    if unsaved:
        st.warning(unsaved, icon=":material/sync_problem:")
