"""Scoring one respondent: answers -> a profile of axis scores between two poles.

The contract (DESIGN.md, "Scoring") in one place:
- each answered item gives a contribution c in [-1, 1] (`Item.contributions`);
- axis score = 100 x mean(c) over the answered items of the axis in the form, with no
  score when fewer than ceil(n/2) of its n items are answered;
- overall = mean of the axis scores that exist, taken before rounding;
- reported scores are rounded to one decimal and banded on the reported value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

import numpy as np

from questions.bank import Axis, Bank, ChoiceItem, LikertItem

Answer = int | str | None


class AnswerError(ValueError):
    """An answer that no item accepts: a likert value off the scale, an unknown option."""


class Band(Enum):
    """Where a score falls; `label` names it with the poles of its axis."""

    STRONG_LEFT = "strong_left"
    LEANS_LEFT = "leans_left"
    BALANCED = "balanced"
    LEANS_RIGHT = "leans_right"
    STRONG_RIGHT = "strong_right"

    def label(self, left: str, right: str) -> str:
        return {
            Band.STRONG_LEFT: f"Strongly {left}",
            Band.LEANS_LEFT: f"Leans {left}",
            Band.BALANCED: "Balanced",
            Band.LEANS_RIGHT: f"Leans {right}",
            Band.STRONG_RIGHT: f"Strongly {right}",
        }[self]

    @property
    def side(self) -> str | None:
        """The pole this band leans to, or None when balanced."""
        return self.value.split("_")[1] if "_" in self.value else None


LEAN = 15
"""A score at least this far from 0 leans to a pole; closer to 0 it is balanced."""
STRONG = 50
"""A score at least this far from 0 is a strong lean."""


def band(score: float) -> Band:
    """The band of a score in [-100, 100].

    s <= -50 strong left; -50 < s <= -15 leans left; -15 < s < 15 balanced;
    15 <= s < 50 leans right; s >= 50 strong right.

    >>> band(-50).value, band(-15).value, band(14.9).value, band(15).value, band(50).value
    ('strong_left', 'leans_left', 'balanced', 'leans_right', 'strong_right')
    """
    if math.isnan(score):
        raise ValueError("a missing score has no band")
    if score <= -STRONG:
        return Band.STRONG_LEFT
    if score <= -LEAN:
        return Band.LEANS_LEFT
    if score < LEAN:
        return Band.BALANCED
    if score < STRONG:
        return Band.LEANS_RIGHT
    return Band.STRONG_RIGHT


def band_label(score: float | None, left: str, right: str) -> str:
    """The band of a score named with its poles, or why there is none.

    >>> band_label(-20.0, "React", "Act"), band_label(None, "React", "Act")
    ('Leans React', 'Not enough answers')
    """
    return "Not enough answers" if score is None else band(score).label(left, right)


# Axis scores are sums of halves divided by counts (thirds, sixths...); added up in
# another order (score_frame's matrices) they differ in the last bits, and that decides
# an exact tie such as 25/4 = 6.25 one way or the other. Rounding to this many decimals
# first removes the noise, so both scorers round a tie alike.
NOISE_DECIMALS = 9


def reported(scores: np.ndarray) -> np.ndarray:
    """Scores as they are reported: one decimal, numpy's rounding rule, no -0.0.

    >>> reported(np.array([6.25, -0.04, 12.35]))
    array([ 6.2,  0. , 12.4])
    """
    return np.round(np.round(scores, NOISE_DECIMALS), 1) + 0.0


def report_round(score: float) -> float:
    """One score as it is reported (see `reported`), as a plain float."""
    return float(reported(score))


def answer_key(value: object) -> str:
    """An answer as a key of its item's contribution table; "" for no answer.

    >>> answer_key(4), answer_key(4.0), answer_key(" 4 "), answer_key("b"), answer_key(None)
    ('4', '4', '4', 'b', '')
    """
    if value is None:
        return ""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))  # a likert column read as floats (it had blanks)
    return str(value).strip()


def minimum_answered(items_on_axis: int) -> int:
    """How many of an axis's items must be answered for it to get a score: ceil(n/2)."""
    return math.ceil(items_on_axis / 2)


def contribution(item: LikertItem | ChoiceItem, value: Answer, bank: Bank) -> float | None:
    """The contribution of one answer in [-1, 1], None when unanswered.

    >>> from questions.bank import load_bank
    >>> core = load_bank("questions/core.yaml")
    >>> left_item = next(i for i in core.items if getattr(i, "keyed", "") == "left")
    >>> contribution(left_item, 5, core), contribution(left_item, "2", core)
    (-1.0, 0.5)
    """
    key = answer_key(value)
    if key == "":
        return None
    table = item.contributions(bank.likert)
    if key not in table:
        raise AnswerError(
            f"item {item.id!r}: {value!r} is not an answer (expected one of {', '.join(table)})"
        )
    return table[key]


@dataclass(frozen=True)
class AxisScore:
    axis_id: str
    title: str
    left_label: str
    right_label: str
    score: float | None  # reported: rounded to one decimal; None below the coverage rule
    answered: int
    items: int

    @classmethod
    def of(cls, axis: Axis, exact: float | None, answered: int, items: int) -> AxisScore:
        """An axis's result from its exact score (None: no score), rounded as reported."""
        reported_score = None if exact is None else report_round(exact)
        return cls(
            axis.id, axis.title, axis.left.label, axis.right.label, reported_score, answered, items
        )

    @property
    def band(self) -> Band | None:
        return None if self.score is None else band(self.score)

    @property
    def band_label(self) -> str:
        return band_label(self.score, self.left_label, self.right_label)


@dataclass(frozen=True)
class Profile:
    bank_id: str
    form: str | None
    axes: tuple[AxisScore, ...]
    overall: float | None
    overall_left: str
    overall_right: str

    @classmethod
    def of(
        cls, bank: Bank, form: str | None, axes: tuple[AxisScore, ...], exact: float | None
    ) -> Profile:
        """A profile of `bank` from its axis results and its exact overall (None: none)."""
        overall = None if exact is None else report_round(exact)
        return cls(bank.id, form, axes, overall, bank.poles.left, bank.poles.right)

    def axis(self, axis_id: str) -> AxisScore:
        return next(a for a in self.axes if a.axis_id == axis_id)

    @property
    def overall_band(self) -> Band | None:
        return None if self.overall is None else band(self.overall)

    @property
    def overall_band_label(self) -> str:
        return band_label(self.overall, self.overall_left, self.overall_right)

    def strongest_first(self) -> list[AxisScore]:
        """Scored axes by the strength of their lean, then the unscored ones."""
        scored = [a for a in self.axes if a.score is not None]
        unscored = [a for a in self.axes if a.score is None]
        return sorted(scored, key=lambda a: -abs(a.score)) + unscored

    def scores(self) -> dict[str, float | None]:
        """Axis id -> reported score, then 'overall': the row score_frame gives."""
        return {**{a.axis_id: a.score for a in self.axes}, "overall": self.overall}


def score(bank: Bank, answers: Mapping[str, Answer], form: str | None = None) -> Profile:
    """Score one respondent's answers (item id -> likert value or option id).

    Answers to items outside the form are ignored; None or "" is unanswered.

    >>> from questions.bank import load_bank
    >>> core = load_bank("questions/core.yaml")
    >>> leader = {i.id: (5 if i.keyed == "right" else 1) for i in core.items if i.type == "likert"}
    >>> score(core, leader).axis("react_act").score
    100.0
    """
    axis_items: dict[str, list] = {axis.id: [] for axis in bank.axes}
    for item in bank.form_items(form):
        axis_items[item.axis].append(item)

    axis_scores: list[AxisScore] = []
    exact: list[float] = []
    for axis in bank.axes:
        items = axis_items[axis.id]
        given = [contribution(i, answers.get(i.id), bank) for i in items]
        given = [c for c in given if c is not None]
        enough = bool(items) and len(given) >= minimum_answered(len(items))
        value = 100 * sum(given) / len(given) if enough else None
        if value is not None:
            exact.append(value)
        axis_scores.append(AxisScore.of(axis, value, len(given), len(items)))
    return Profile.of(bank, form, tuple(axis_scores), sum(exact) / len(exact) if exact else None)
