"""Scoring many respondents at once, vectorised over respondents.

`score_frame` is the same contract as `scoring.profile.score`, computed as matrices:
C (respondents x items) holds each answer's contribution, NaN where unanswered, and a
0/1 membership matrix M (items x axes) turns it into axis sums and counts:
    sums = C0 @ M, counts = A @ M, score = 100 * sums / counts
where C0 is C with NaN as 0 and A marks the answered cells.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from questions.bank import Bank, ChoiceItem, LikertItem
from scoring.profile import AnswerError, answer_key, minimum_answered, reported

MAX_REPORTED_CELLS = 20


@dataclass(frozen=True)
class BadCell:
    respondent: object
    column: str
    value: object
    expected: str

    def __str__(self) -> str:
        return (
            f"respondent {self.respondent!r}, column {self.column!r}: "
            f"{self.value!r} is not an answer (expected {self.expected})"
        )


class InvalidCells(AnswerError):
    """Cells that no item accepts; `cells` lists every one of them."""

    def __init__(self, cells: list[BadCell]):
        self.cells = cells
        shown = [str(cell) for cell in cells[:MAX_REPORTED_CELLS]]
        if len(cells) > MAX_REPORTED_CELLS:
            shown.append(f"... and {len(cells) - MAX_REPORTED_CELLS} more invalid cells")
        super().__init__("\n".join(shown))


def score_frame(bank: Bank, frame: pd.DataFrame, form: str | None = None) -> pd.DataFrame:
    """Score every row of `frame` (index: respondent; columns: item ids).

    Cells hold a likert integer (or its text) or an option id; NaN, None or "" is
    unanswered. Columns that are not items of the form are ignored. Returns the
    reported scores: index respondent, the axis ids in bank order, then `overall`.
    Raises InvalidCells naming every cell that is not a valid answer.

    >>> from questions.bank import load_bank
    >>> core = load_bank("questions/core.yaml")
    >>> item = core.item("ra1")
    >>> answers = pd.DataFrame({"ra1": [5, 1]}, index=pd.Index(["ann", "bob"], name="respondent"))
    >>> score_frame(core, answers)["react_act"].tolist()  # one of six items: too few
    [nan, nan]
    """
    items = bank.form_items(form)
    contributions = contribution_matrix(bank, frame, items)
    answered = ~np.isnan(contributions)
    membership = np.array([[item.axis == axis.id for axis in bank.axes] for item in items])
    membership = membership.reshape(len(items), len(bank.axes)).astype(float)

    sums = np.where(answered, contributions, 0.0) @ membership
    counts = answered.astype(float) @ membership
    needed = np.array([minimum_answered(n) for n in membership.sum(axis=0)])
    enough = (counts >= needed) & (counts > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        exact = np.where(enough, 100 * sums / counts, np.nan)
        scored = ~np.isnan(exact)
        overall = np.where(
            scored.any(axis=1), np.where(scored, exact, 0).sum(axis=1) / scored.sum(axis=1), np.nan
        )
    index = frame.index.copy()
    index.name = "respondent"
    columns = [a.id for a in bank.axes] + ["overall"]
    return pd.DataFrame(reported(np.column_stack([exact, overall])), index=index, columns=columns)


def contribution_matrix(
    bank: Bank, frame: pd.DataFrame, items: tuple[LikertItem | ChoiceItem, ...]
) -> np.ndarray:
    """Respondents x items contributions in [-1, 1], NaN where unanswered."""
    matrix = np.full((len(frame), len(items)), np.nan)
    bad: list[BadCell] = []
    for j, item in enumerate(items):
        if item.id not in frame.columns:
            continue
        column = frame[item.id]
        table = item.contributions(bank.likert)
        values, invalid = _look_up(column, table)
        matrix[:, j] = values
        bad += [
            BadCell(frame.index[row], item.id, column.iloc[row], ", ".join(table))
            for row in np.flatnonzero(invalid)
        ]
    if bad:
        raise InvalidCells(bad)
    return matrix


def _look_up(column: pd.Series, table: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """(contributions, invalid mask) of one column through an answer -> contribution table.

    Each distinct value is looked up once (factorize), so the cost is one hashing pass
    over the column, whatever its type.
    """
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    looked_up = np.array([table.get(answer_key(u), np.nan) for u in uniques] + [np.nan])
    blank = np.array([answer_key(u) == "" for u in uniques] + [True])
    # code -1 (missing) indexes the trailing NaN / blank entries
    values = looked_up[codes]
    invalid = np.isnan(values) & ~blank[codes]
    return values, invalid
