"""Who is where in a workshop: each participant's status for the facilitator's live
view, and the room's export, finished and unfinished participants alike.

Pure functions of the store's records and score_frame's output; names appear only in
what the facilitator sees and exports, never in what participants receive.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import pandas as pd

from questions.bank import Bank
from reports.spreadsheet import safe_csv
from store.records import Participant

STALLED_AFTER = timedelta(minutes=3)
"""No answer for this long, unfinished: the person has probably stopped."""

STATUSES = ("Finished", "Answering", "Stalled", "Not started")


def status(person: Participant, now: datetime, stalled_after: timedelta = STALLED_AFTER) -> str:
    """Finished; Answering (an answer in the last few minutes); Not started (joined in
    the last few minutes, no answer yet); else Stalled.

    >>> from datetime import UTC
    >>> now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    >>> def person(last=None, finished=None):
    ...     return Participant("s1", None, 0, 3, now - timedelta(minutes=20), last, finished)
    >>> minutes = timedelta(minutes=1)
    >>> status(person(now - 1 * minutes), now), status(person(now - 9 * minutes), now)
    ('Answering', 'Stalled')
    >>> status(person(), now), status(person(now, finished=now), now)  # joined 20 min ago
    ('Stalled', 'Finished')
    """
    if person.finished_at is not None:
        return "Finished"
    last = person.last_answer_at
    if last is None:
        return "Not started" if now - person.started_at < stalled_after else "Stalled"
    return "Answering" if now - last < stalled_after else "Stalled"


def display_names(people: Sequence[Participant]) -> list[str]:
    """Each person's name, or "Anonymous N" (N counting the anonymous, in joining order).

    >>> from datetime import UTC
    >>> t = datetime(2026, 11, 23, tzinfo=UTC)
    >>> display_names([Participant(s, n, 0, 0, t, None, None) for s, n in
    ...                [("a", None), ("b", "Ann"), ("c", "  ")]])
    ['Anonymous 1', 'Ann', 'Anonymous 2']
    """
    names, anonymous = [], 0
    for person in people:
        name = (person.display_name or "").strip()
        if not name:
            anonymous += 1
            name = f"Anonymous {anonymous}"
        names.append(name)
    return names


def roster(
    people: Sequence[Participant], questions: int, pages: int, now: datetime
) -> pd.DataFrame:
    """The facilitator's progress by person: name, status, answered, page, last answer."""
    return pd.DataFrame(
        {
            "Participant": display_names(people),
            "Status": [status(p, now) for p in people],
            "Answered": [f"{p.answered} of {questions}" for p in people],
            "Page": [f"{min(p.page + 1, pages)} of {pages}" for p in people],
            # object, so a missing time stays None (pandas would make it NaT)
            "Last answer": pd.Series([p.last_answer_at for p in people], dtype=object),
        }
    )


def room_table(
    people: Sequence[Participant], scores: pd.DataFrame, bank: Bank, questions: int, now: datetime
) -> pd.DataFrame:
    """The room's export: one row per participant who joined, finished or not, with their
    progress and their scores so far (the coverage rule applies: an axis with too few
    answers is blank). Column titles are readable, with the id in brackets for programs:
    "React or act [react_act]"."""
    axis_columns = {axis.id: f"{axis.title} [{axis.id}]" for axis in bank.axes}
    axis_columns["overall"] = "Overall [overall]"
    table = pd.DataFrame(
        {
            "Participant": display_names(people),
            "Status": [status(p, now) for p in people],
            "Answered": [p.answered for p in people],
            "Questions": questions,
            "Started (UTC)": [_utc(p.started_at) for p in people],
            "Finished (UTC)": [_utc(p.finished_at) for p in people],
        }
    )
    values = (
        scores.reindex(index=[p.sheet_id for p in people], columns=list(axis_columns))
        .astype(float)
        .rename(columns=axis_columns)
        .reset_index(drop=True)
    )
    return pd.concat([table, values], axis=1)


def room_csv(
    people: Sequence[Participant], scores: pd.DataFrame, bank: Bank, questions: int, now: datetime
) -> str:
    """room_table as formula-safe CSV."""
    return safe_csv(room_table(people, scores, bank, questions, now))


def _utc(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment:%Y-%m-%d %H:%M}"
