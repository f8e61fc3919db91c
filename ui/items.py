"""One question on screen: likert as a horizontal scale, a choice as a list of options.

Every change is saved at once (the store's save_answer), so a closed tab loses nothing.
"""

from __future__ import annotations

import streamlit as st

from questions.bank import Bank, ChoiceItem, LikertItem
from store import SheetFinished, WorkshopClosed
from ui.resources import store

SAVE_ERROR = "save_error"


def widget_key(sheet_id: str, item_id: str) -> str:
    return f"answer:{sheet_id}:{item_id}"


def _save(sheet_id: str, item_id: str) -> None:
    value = st.session_state[widget_key(sheet_id, item_id)]
    try:
        store().save_answer(sheet_id, item_id, value)
    except WorkshopClosed:
        st.session_state[SAVE_ERROR] = (
            "The workshop has been closed, so answers are no longer accepted. "
            "Everything you answered before it closed is kept."
        )
    except SheetFinished:
        st.session_state[SAVE_ERROR] = "This assessment is already finished; answers are locked."


def answer_widget(
    bank: Bank,
    item: LikertItem | ChoiceItem,
    number: int,
    sheet_id: str,
    stored: dict[str, str | None],
) -> None:
    """The item's question and answer choices, pre-set to what is stored."""
    if isinstance(item, LikertItem):
        options = [str(v) for v in bank.likert.values]
        labels = dict(zip(options, bank.likert.labels, strict=True))
        horizontal = True
    else:
        options = [option.id for option in item.options]
        labels = {option.id: option.text for option in item.options}
        horizontal = False
    current = stored.get(item.id)
    st.radio(
        f"**{number}.** {item.text}",
        options,
        index=options.index(current) if current in options else None,
        format_func=labels.__getitem__,
        horizontal=horizontal,
        key=widget_key(sheet_id, item.id),
        on_change=_save,
        args=(sheet_id, item.id),
    )
    if item.id in stored and stored[item.id] is None:
        st.caption("Skipped. You can still answer it.")
