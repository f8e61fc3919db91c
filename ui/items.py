"""One question on screen: likert as a horizontal scale, a choice as a list of options.

Every change is saved by the rerun it causes (save_changed_answers at the top of the
run, answer_widget for a session the server has just met), so a closed tab, a quick
second tap or a server restart loses nothing, and the page shows what is stored.

The one saving path: every answer given goes into the session's pending answers and
leaves them once stored. An answer the store refuses because it is unavailable stays
pending, is marked "not saved yet" under its question, is named in a message, and is
tried again on every later run until it is stored.
"""

from __future__ import annotations

from contextlib import nullcontext

import streamlit as st

from questions.bank import Bank, ChoiceItem, LikertItem, Role
from store import SheetFinished, StoreUnavailable, WorkshopClosed
from ui.resources import store
from ui.style import LIKERT
from ui.text import and_list

_ANSWER = "answer:"


def widget_key(sheet_id: str, item_id: str) -> str:
    return f"{_ANSWER}{sheet_id}:{item_id}"


def likert_key(sheet_id: str, item_id: str) -> str:
    """The key of a likert item's container, whose class ui/style.py lays out."""
    return f"{LIKERT}:{sheet_id}:{item_id}"


def _shown(sheet_id: str) -> dict[str, str | None]:
    """Item id -> the answer this session last showed for it (what the user saw)."""
    return st.session_state.setdefault(f"shown:{sheet_id}", {})


def _pending(sheet_id: str) -> dict[str, str]:
    """Item id -> an answer given in this session and not stored yet, in the order given."""
    return st.session_state.setdefault(f"pending:{sheet_id}", {})


def _numbers(sheet_id: str) -> dict[str, int]:
    """Item id -> the question's number on screen, to name it in a message."""
    return st.session_state.setdefault(f"numbers:{sheet_id}", {})


def _unsaved_message(sheet_id: str) -> str | None:
    """'Your answer to questions 3 and 5 is not saved yet: ...', or None if all are saved."""
    pending = _pending(sheet_id)
    if not pending:
        return None
    numbers = _numbers(sheet_id)
    named = [str(n) for n in sorted(numbers[i] for i in pending if i in numbers)]
    if unnamed := len(pending) - len(named):
        named.append(f"{unnamed} more")
    which = and_list(named)
    noun = "question" if len(pending) == 1 else "questions"
    return (
        f"Your answer to {noun} {which} is not saved yet: the answers database cannot be "
        "written to right now. It is kept in this tab and saved as soon as the database "
        "is back, so keep this tab open."
    )


def answer_counts(item_ids: list[str], stored: dict[str, str | None]) -> tuple[int, int]:
    """(answered, skipped) among the items: a stored None is a question skipped on
    purpose, which is not an answer.

    >>> answer_counts(["a", "b", "c", "d"], {"a": "1", "b": None, "c": "x"})
    (2, 1)
    """
    answered = sum(stored.get(i) is not None for i in item_ids)
    skipped = sum(i in stored and stored[i] is None for i in item_ids)
    return answered, skipped


def progress_text(answered: int, skipped: int, total: int, page: int, pages: int) -> str:
    """The line over the progress bar; `page` counts from 1.

    >>> progress_text(14, 2, 24, 3, 4)
    '14 of 24 answered, 2 skipped · page 3 of 4'
    >>> progress_text(6, 0, 24, 2, 4)
    '6 of 24 answered · page 2 of 4'
    """
    skips = f", {skipped} skipped" if skipped else ""
    return f"{answered} of {total} answered{skips} · page {page} of {pages}"


def no_answer_text(numbers: list[int]) -> str:
    """'Question 7 has no answer yet.', 'Questions 7 and 8 have no answer yet.'

    >>> no_answer_text([7]), no_answer_text([7, 8, 10])
    ('Question 7 has no answer yet.', 'Questions 7, 8 and 10 have no answer yet.')
    """
    if len(numbers) == 1:
        return f"Question {numbers[0]} has no answer yet."
    return f"Questions {and_list(numbers)} have no answer yet."


def keep_unsaved_answers() -> str | None:
    """Move every answer given in this session and not yet stored (widget values that
    differ from what was shown) into the pending answers, so it outlives a run the store
    stopped before its question was drawn; returns the message naming them, if any."""
    messages = []
    for key in list(st.session_state):
        if not (isinstance(key, str) and key.startswith(_ANSWER)):
            continue
        sheet_id, _, item_id = key.removeprefix(_ANSWER).rpartition(":")
        value = st.session_state[key]
        if value is not None and value != _shown(sheet_id).get(item_id):
            _pending(sheet_id)[item_id] = value
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith("pending:"):
            message = _unsaved_message(key.removeprefix("pending:"))
            messages += [message] if message else []
    return " ".join(messages) or None


def save_changed_answers(
    sheet_id: str, item_ids: list[str], stored: dict[str, str | None]
) -> str | None:
    """Store every answer the respondent changed in this session since it was last shown,
    and every answer still pending; updates `stored` and returns why saving was refused,
    or which questions are not saved yet.

    Run at the top of each page run rather than as on_change callbacks: a second quick
    tap can interrupt the rerun of the first before its callback runs, and Streamlit then
    never calls it, while the widget's new value is in the session state either way.
    Comparing with what was shown, not with the store, leaves alone an answer changed
    meanwhile from another browser.
    """
    shown, pending, numbers = _shown(sheet_id), _pending(sheet_id), _numbers(sheet_id)
    for number, item_id in enumerate(item_ids, start=1):
        numbers.setdefault(item_id, number)
        value = st.session_state.get(widget_key(sheet_id, item_id))
        if value is not None and value != shown.get(item_id):
            pending[item_id] = value
    return _save_pending(sheet_id, stored)


def _save_pending(sheet_id: str, stored: dict[str, str | None]) -> str | None:
    """Store the pending answers in the order given; the message when any is refused."""
    pending = _pending(sheet_id)
    for item_id, value in list(pending.items()):
        try:
            store().save_answer(sheet_id, item_id, value)
        except StoreUnavailable:
            return _unsaved_message(sheet_id)
        except WorkshopClosed:
            pending.clear()
            return (
                "The workshop has been closed, so answers are no longer accepted. "
                "Everything you answered before it closed is kept."
            )
        except SheetFinished:
            pending.clear()
            return "This assessment is already finished; answers are locked."
        del pending[item_id]
        stored[item_id] = value
    return None


def answer_widget(
    bank: Bank,
    item: LikertItem | ChoiceItem,
    number: int,
    sheet_id: str,
    stored: dict[str, str | None],
    role: Role,
) -> None:
    """The item's question and answer choices, in the wording of the sheet's role (self
    or observer), pre-set to what is stored."""
    if isinstance(item, LikertItem):
        options = [str(v) for v in bank.likert.values]
        labels = dict(zip(options, bank.likert.labels, strict=True))
        horizontal = True
    else:
        options = [option.id for option in item.options]
        labels = {option.id: option.wording(role) for option in item.options}
        horizontal = False
    key = widget_key(sheet_id, item.id)
    shown, pending = _shown(sheet_id), _pending(sheet_id)
    _numbers(sheet_id)[item.id] = number
    current = pending.get(item.id, stored.get(item.id))
    if item.id in shown and st.session_state.get(key) == shown[item.id] != current:
        st.session_state[key] = current  # changed from another browser: show what is stored
    # A likert scale sits in a container of its own, which ui/style.py lays out as one
    # ordered scale: a row where it fits, a column on a phone.
    with st.container(key=likert_key(sheet_id, item.id)) if horizontal else nullcontext():
        value = st.radio(
            f"**{number}.** {item.wording(role)}",
            options,
            index=None
            if key in st.session_state or current not in options
            else options.index(current),
            format_func=labels.__getitem__,
            horizontal=horizontal,
            key=key,
        )
    if item.id not in shown and value is not None and value != current:
        # A session the server has just met (after a restart or a reconnect) gets the
        # browser's widget values only as its widgets are made: what this tap chose
        # is saved here, as the top of the run could not read it yet.
        pending[item.id] = value
        refused = _save_pending(sheet_id, stored)
        if refused is not None and item.id not in pending:
            st.error(refused)
            value = current
    shown[item.id] = value
    if item.id in pending:
        st.caption(
            ":material/sync_problem: **Not saved yet.** Kept in this tab and saved as soon "
            "as the database is back."
        )
    elif item.id in stored and stored[item.id] is None:
        st.caption("Skipped. You can still answer it.")
