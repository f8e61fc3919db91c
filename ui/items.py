"""One question on screen: likert as a horizontal scale, a choice as a list of options.

Every change is saved by the rerun it causes (save_changed_answers at the top of the
run, answer_widget for a session the server has just met), so a closed tab, a quick
second tap or a server restart loses nothing, and the page shows what is stored.
"""

from __future__ import annotations

import streamlit as st

from questions.bank import Bank, ChoiceItem, LikertItem
from store import SheetFinished, WorkshopClosed
from ui.resources import store


def widget_key(sheet_id: str, item_id: str) -> str:
    return f"answer:{sheet_id}:{item_id}"


def _shown(sheet_id: str) -> dict[str, str | None]:
    """Item id -> the answer this session last showed for it (what the user saw)."""
    return st.session_state.setdefault(f"shown:{sheet_id}", {})


def save_changed_answers(
    sheet_id: str, item_ids: list[str], stored: dict[str, str | None]
) -> str | None:
    """Store every answer the respondent changed in this session since it was last shown;
    updates `stored` and returns why saving was refused, if it was.

    Run at the top of each page run rather than as on_change callbacks: a second quick
    tap can interrupt the rerun of the first before its callback runs, and Streamlit then
    never calls it, while the widget's new value is in the session state either way.
    Comparing with what was shown, not with the store, leaves alone an answer changed
    meanwhile from another browser.
    """
    shown = _shown(sheet_id)
    for item_id in item_ids:
        value = st.session_state.get(widget_key(sheet_id, item_id))
        if value is None or value == shown.get(item_id):
            continue
        if (refused := _save(sheet_id, item_id, value, stored)) is not None:
            return refused
    return None


def _save(sheet_id: str, item_id: str, value: str, stored: dict[str, str | None]) -> str | None:
    try:
        store().save_answer(sheet_id, item_id, value)
    except WorkshopClosed:
        return (
            "The workshop has been closed, so answers are no longer accepted. "
            "Everything you answered before it closed is kept."
        )
    except SheetFinished:
        return "This assessment is already finished; answers are locked."
    stored[item_id] = value
    return None


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
    key = widget_key(sheet_id, item.id)
    shown = _shown(sheet_id)
    current = stored.get(item.id)
    if item.id in shown and st.session_state.get(key) == shown[item.id] != current:
        st.session_state[key] = current  # changed from another browser: show what is stored
    value = st.radio(
        f"**{number}.** {item.text}",
        options,
        index=None if key in st.session_state or current not in options else options.index(current),
        format_func=labels.__getitem__,
        horizontal=horizontal,
        key=key,
    )
    if item.id not in shown and value is not None and value != current:
        # A session the server has just met (after a restart or a reconnect) gets the
        # browser's widget values only as its widgets are made: what this tap chose
        # is saved here, as the top of the run could not read it yet.
        refused = _save(sheet_id, item.id, value, stored)
        if refused is not None:
            st.error(refused)
            value = current
    shown[item.id] = value
    if item.id in stored and stored[item.id] is None:
        st.caption("Skipped. You can still answer it.")
