"""How firm a score is: how many answers it rests on, the band it may be reported with,
and when a difference between two attempts counts as a change.

The scoring contract (scoring.profile) is untouched: a score, its band and its coverage
rule are what they were. This module decides only how a score is *reported*.

The rule (one place, named constants):

- An axis score is **firm** when it rests on at least FIRM_ANSWERS (3) answers. A score
  that is not firm is **tentative**: it is shown, with how many answers it rests on,
  but never with a "Strongly ..." band. Its *reported band* softens "Strongly X" to
  "Leans X" and says why: "Leans Act (tentative: based on 2 answers)". Leans and
  Balanced keep their words, with the same note.
- The **overall** score is firm (it may be a headline, "Strongly ..." included) when at
  least FIRM_AXES_SHARE (half, rounded up) of the bank's axes have a firm score. On the
  core bank's quick form (two questions per axis) no axis is firm, so the quick form
  gives a tentative reading throughout, and says that the full form gives a firmer one.

A change between two attempts (a reliable-change criterion in the spirit of Jacobson
and Truax, 1991):

- An axis score is the mean of its k answered items' contributions, times 100. Its
  standard error is SE = 100 * s / sqrt(k), where s is the standard deviation of an
  item contribution around the respondent's own axis mean.
- s is estimated per axis from the stored answers of the same bank version and form,
  once at least MIN_ESTIMATE_SHEETS (30) finished sheets have two or more answers on
  the axis: the pooled within-person standard deviation, sum of squared deviations from
  each sheet's own axis mean over sum of (k - 1). Below that, s is a conservative
  default computed from the bank itself: the standard deviation of a contribution when
  both the item (of that axis, in that form) and its answer are picked at random.
- The overall score's SE is sqrt(sum of the axis SEs squared) / m over its m scored
  axes (errors of different items taken as independent).
- A difference d = later - earlier is a change only when |d| > Z * sqrt(SE1^2 + SE2^2),
  Z = 1.96 (95 %); otherwise it is reported as "no clear change (within the measurement
  error of +/-margin)". A change beyond the margin where either score is tentative is
  labelled tentative, never a bare "+200 since last time".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from questions.bank import FULL_FORM, Bank
from scoring.frame import contribution_matrix
from scoring.profile import AxisScore, Band, Profile, band

FIRM_ANSWERS = 3
"""Answers an axis score must rest on to be firm: a "Strongly ..." band, a headline."""

FIRM_AXES_SHARE = 0.5
"""Share of the bank's axes (rounded up) that must be firm for the overall to be firm."""

Z = 1.96
"""Two-sided 95 % normal quantile of the reliable-change criterion."""

MIN_ESTIMATE_SHEETS = 30
"""Finished sheets (with two or more answers on an axis) needed before s is estimated
from stored answers rather than taken from the bank's random-answer default."""

_SOFTENED = {Band.STRONG_LEFT: Band.LEANS_LEFT, Band.STRONG_RIGHT: Band.LEANS_RIGHT}


# --- the rule ----------------------------------------------------------------------------


def is_firm(answered: int) -> bool:
    """Whether a score resting on `answered` answers is firm.

    >>> is_firm(2), is_firm(3)
    (False, True)
    """
    return answered >= FIRM_ANSWERS


def firm_axes_needed(axes: int) -> int:
    """Firm axes the overall needs to be firm: FIRM_AXES_SHARE of them, rounded up.

    >>> firm_axes_needed(12), firm_axes_needed(4), firm_axes_needed(1)
    (6, 2, 1)
    """
    return max(1, math.ceil(FIRM_AXES_SHARE * axes))


def counted(n: int, noun: str) -> str:
    """A count with its noun, singular for exactly one: '1 pair', '0 pairs', '8 pairs'.

    >>> counted(1, "pair"), counted(0, "pair"), counted(8, "answer")
    ('1 pair', '0 pairs', '8 answers')
    """
    return f"{n} {noun}{'s' * (n != 1)}"


def answers_text(n: int) -> str:
    """'1 answer', '2 answers'."""
    return counted(n, "answer")


def reported_band(score: float, firm: bool) -> Band:
    """The band a score is reported with: the contract's band when firm; when tentative,
    a strong band softened to the lean on the same side.

    >>> reported_band(91.7, True).value, reported_band(91.7, False).value
    ('strong_right', 'leans_right')
    >>> reported_band(-30.0, False).value, reported_band(5.0, False).value
    ('leans_left', 'balanced')
    """
    contract = band(score)
    return contract if firm else _SOFTENED.get(contract, contract)


@dataclass(frozen=True)
class Reading:
    """A score as it is reported: the score, what it rests on, and its reported band."""

    score: float | None
    answered: int
    """Answers the score rests on."""
    items: int
    """Items of the form it could have rested on."""
    firm: bool
    band: Band | None
    """The reported band (see reported_band); None without a score."""
    words: str
    """The reported band in words, without the note: "Leans Act"."""
    note: str | None
    """Why the reading is tentative, None when firm: "based on 2 answers"."""

    @property
    def label(self) -> str:
        """'Strongly Act', or 'Leans Act (tentative: based on 2 answers)'."""
        return self.words if self.note is None else f"{self.words} (tentative: {self.note})"

    @property
    def basis(self) -> str:
        """'based on 2 of 2 answers'."""
        return f"based on {self.answered} of {answers_text(self.items)}"


def axis_reading(axis: AxisScore) -> Reading:
    """One axis's score as it is reported.

    >>> from questions.bank import load_bank
    >>> from scoring.profile import score
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> quick = score(mini, {"a1": 1, "a3": "y"}, "quick").axis("alpha")  # (1 + 1) / 2
    >>> quick.score, quick.band_label, axis_reading(quick).label
    (100.0, 'Strongly Values', 'Leans Values (tentative: based on 2 answers)')
    >>> full = score(mini, {"a1": 1, "a2": 5, "a3": "y"}).axis("alpha")
    >>> axis_reading(full).label, axis_reading(full).basis
    ('Strongly Values', 'based on 3 of 4 answers')
    """
    if axis.score is None:
        return Reading(None, axis.answered, axis.items, False, None, axis.band_label, None)
    firm = is_firm(axis.answered)
    shown = reported_band(axis.score, firm)
    note = None if firm else f"based on {answers_text(axis.answered)}"
    return Reading(
        axis.score,
        axis.answered,
        axis.items,
        firm,
        shown,
        shown.label(axis.left_label, axis.right_label),
        note,
    )


def overall_reading(profile: Profile) -> Reading:
    """The overall score as it is reported: firm when at least firm_axes_needed of the
    bank's axes are firm; it rests on every answer given.

    >>> from questions.bank import load_bank
    >>> from scoring.profile import score
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> quick = overall_reading(score(mini, {"a1": 1, "a3": "y", "b2": 5}, "quick"))
    >>> quick.score, quick.label
    (100.0, 'Leans Leadership (tentative: 0 of 2 axes rest on 3 or more answers)')
    >>> overall_reading(score(mini, {"a1": 1, "a2": 5, "a3": "y", "b2": 5})).label
    'Strongly Leadership'
    """
    answered = sum(a.answered for a in profile.axes)
    items = sum(a.items for a in profile.axes)
    if profile.overall is None:
        return Reading(None, answered, items, False, None, profile.overall_band_label, None)
    firm_axes = sum(axis_reading(a).firm for a in profile.axes)
    firm = firm_axes >= firm_axes_needed(len(profile.axes))
    shown = reported_band(profile.overall, firm)
    note = None
    if not firm:
        note = f"{firm_axes} of {len(profile.axes)} axes rest on {FIRM_ANSWERS} or more answers"
    words = shown.label(profile.overall_left, profile.overall_right)
    return Reading(profile.overall, answered, items, firm, shown, words, note)


def firmer_advice(bank: Bank, form: str | None, axis_id: str | None = None) -> str:
    """What would make a tentative reading firmer, as a clause: the full form, when this
    is a shorter form and the full form asks FIRM_ANSWERS questions or more on the axis
    (on every axis, for the overall); otherwise answering every question.

    >>> from questions.bank import load_bank
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> firmer_advice(mini, "quick", "alpha"), firmer_advice(mini, None, "alpha")
    ('take the full form for a firmer reading', 'answer every question for a firmer reading')
    """
    counts: dict[str, int] = {a.id: 0 for a in bank.axes}
    for item in bank.form_items(None):
        counts[item.axis] += 1
    wanted = [counts[axis_id]] if axis_id is not None else list(counts.values())
    if form not in (None, FULL_FORM) and min(wanted) >= FIRM_ANSWERS:
        return "take the full form for a firmer reading"
    if min(wanted) < FIRM_ANSWERS:
        return f"this bank asks fewer than {FIRM_ANSWERS} questions here, so it stays tentative"
    return "answer every question for a firmer reading"


# --- measurement error -------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """s, the standard deviation of one item contribution around a respondent's own axis
    mean, for one axis on one form; `sheets` > 0 when estimated from that many finished
    sheets, 0 when it is the bank's random-answer default."""

    sd: float
    sheets: int = 0

    @property
    def source(self) -> str:
        if self.sheets:
            return f"estimated from {self.sheets} finished sheets"
        return "a conservative default (answers at random)"


def random_answer_sd(bank: Bank, axis_id: str, form: str | None = None) -> float:
    """The standard deviation of a contribution when the item (of the axis, in the form)
    and its answer are both picked at random, each with equal chance.

    On the mini bank's quick form, alpha asks a1 (5-point likert: 1, 0.5, 0, -0.5, -1)
    and a3 (a forced choice: -1, 1): the mean is 0 and the mean square
    (0.5 * 2.5 / 5) + (0.5 * 2 / 2) = 0.75, so s = sqrt(0.75):

    >>> from questions.bank import load_bank
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> round(random_answer_sd(mini, "alpha", "quick"), 4), round(0.75 ** 0.5, 4)
    (0.866, 0.866)
    >>> round(random_answer_sd(mini, "beta", "quick"), 4)  # b2 alone: sqrt(0.5)
    0.7071
    """
    tables = [
        list(item.contributions(bank.likert).values())
        for item in bank.form_items(form)
        if item.axis == axis_id
    ]
    if not tables:
        return float("nan")
    mean = sum(sum(t) / len(t) for t in tables) / len(tables)
    square = sum(sum(c * c for c in t) / len(t) for t in tables) / len(tables)
    return math.sqrt(max(square - mean * mean, 0.0))


def pooled_within_sd(contributions: np.ndarray) -> tuple[float, int]:
    """(s, sheets): the pooled within-person standard deviation of a sheets x items
    matrix of one axis's contributions (NaN where unanswered), from the sheets with two
    or more answers: sum of squared deviations from each sheet's own mean, over the sum
    of (answers - 1). NaN and 0 sheets when no sheet has two answers.

    >>> m = np.array([[1.0, 0.0, np.nan], [0.5, 0.5, -1.0], [1.0, np.nan, np.nan]])
    >>> s, sheets = pooled_within_sd(m)  # (0.5 + 1.5) / (1 + 2) = 2/3
    >>> round(s, 4), round((2 / 3) ** 0.5, 4), sheets
    (0.8165, 0.8165, 2)
    """
    answered = ~np.isnan(contributions)
    k = answered.sum(axis=1)
    used = k >= 2
    if not used.any():
        return float("nan"), 0
    rows = contributions[used]
    with np.errstate(invalid="ignore"):
        means = np.nanmean(rows, axis=1, keepdims=True)
    squares = np.nansum((rows - means) ** 2)
    return math.sqrt(squares / (k[used] - 1).sum()), int(used.sum())


def axis_spreads(
    bank: Bank, form: str | None = None, answers: pd.DataFrame | None = None
) -> dict[str, Spread]:
    """s for every axis of `bank` on `form`: pooled from `answers` (the finished sheets
    of that bank version and form, wide, as the store gives them) on an axis where at
    least MIN_ESTIMATE_SHEETS sheets have two or more answers, else random_answer_sd.

    >>> from questions.bank import load_bank
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> spreads = axis_spreads(mini, "quick")
    >>> round(spreads["alpha"].sd, 3), spreads["alpha"].source
    (0.866, 'a conservative default (answers at random)')
    """
    items = bank.form_items(form)
    matrix = None
    if answers is not None and len(answers) >= MIN_ESTIMATE_SHEETS:
        matrix = contribution_matrix(bank, answers, items)
    spreads = {}
    for axis in bank.axes:
        default = Spread(random_answer_sd(bank, axis.id, form))
        if matrix is None:
            spreads[axis.id] = default
            continue
        columns = [j for j, item in enumerate(items) if item.axis == axis.id]
        sd, sheets = pooled_within_sd(matrix[:, columns])
        spreads[axis.id] = Spread(sd, sheets) if sheets >= MIN_ESTIMATE_SHEETS else default
    return spreads


def standard_error(sd: float, answered: int) -> float:
    """SE = 100 * s / sqrt(k) of an axis score that rests on k answers.

    >>> standard_error(0.5, 4), round(standard_error(0.866, 2), 1)
    (25.0, 61.2)
    """
    return 100 * sd / math.sqrt(answered)


def axis_error(axis: AxisScore, spread: Spread) -> float | None:
    """The standard error of one axis score (None without a score)."""
    return None if axis.score is None else standard_error(spread.sd, axis.answered)


def overall_error(profile: Profile, spreads: Mapping[str, Spread]) -> float | None:
    """sqrt(sum of the scored axes' SE squared) / m: the overall is their mean.

    >>> from questions.bank import load_bank
    >>> from scoring.profile import score
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> profile = score(mini, {"a1": 1, "a2": 5, "a3": "y", "a4": "c", "b2": 5, "b3": 4})
    >>> spreads = {"alpha": Spread(0.5), "beta": Spread(0.5)}  # SEs 25 (k=4) and 35.36 (k=2)
    >>> round(overall_error(profile, spreads), 2)  # sqrt(25^2 + 35.36^2) / 2
    21.65
    """
    errors = [axis_error(a, spreads[a.axis_id]) for a in profile.axes if a.score is not None]
    if not errors:
        return None
    return math.sqrt(sum(e * e for e in errors)) / len(errors)


# --- change between attempts -------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """The difference between an earlier and a later score, judged against the error
    of both: a change only when |later - earlier| > margin = Z * sqrt(SE1^2 + SE2^2)."""

    earlier: float
    later: float
    margin: float
    tentative: bool
    """Whether either score is tentative (see the rule)."""

    @property
    def delta(self) -> float:
        return round(self.later - self.earlier, 1)

    @property
    def clear(self) -> bool:
        """Beyond the measurement error of both attempts."""
        return abs(self.delta) > self.margin

    @property
    def text(self) -> str:
        """The change in words, for a page or a report.

        >>> Change(10.0, 90.0, 69.3, False).text
        '+80.0 since last time (beyond the measurement error of ±69.3)'
        >>> Change(10.0, 40.0, 69.3, False).text
        'no clear change since last time (+30.0, within the measurement error of ±69.3)'
        >>> Change(-100.0, 100.0, 169.7, True).text
        'tentative: +200.0 since last time, from scores resting on fewer than 3 answers'
        """
        if not self.clear:
            return (
                f"no clear change since last time ({self.delta:+.1f}, within the "
                f"measurement error of ±{self.margin:.1f})"
            )
        if self.tentative:
            return (
                f"tentative: {self.delta:+.1f} since last time, from scores resting on "
                f"fewer than {FIRM_ANSWERS} answers"
            )
        return (
            f"{self.delta:+.1f} since last time (beyond the measurement error of "
            f"±{self.margin:.1f})"
        )


def change_margin(se_earlier: float, se_later: float) -> float:
    """Z * sqrt(SE1^2 + SE2^2): the smallest difference that counts as a change.

    >>> round(change_margin(25.0, 25.0), 1)  # 1.96 * 35.355
    69.3
    """
    return Z * math.sqrt(se_earlier**2 + se_later**2)


def axis_change(
    earlier: AxisScore, later: AxisScore, earlier_spread: Spread, later_spread: Spread
) -> Change | None:
    """The change on one axis between two attempts (each with the s of its own form);
    None when either has no score.

    >>> from questions.bank import load_bank
    >>> from scoring.profile import score
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> before = score(mini, {"a1": 5, "a3": "x"}, "quick").axis("alpha")  # -100 on 2
    >>> after = score(mini, {"a1": 1, "a3": "y"}, "quick").axis("alpha")  # +100 on 2
    >>> s = Spread(0.866)  # SE = 61.24 each, margin = 1.96 * sqrt(2) * 61.24 = 169.7
    >>> moved = axis_change(before, after, s, s)
    >>> round(moved.margin, 1), moved.clear, moved.tentative
    (169.7, True, True)
    """
    if earlier.score is None or later.score is None:
        return None
    margin = change_margin(axis_error(earlier, earlier_spread), axis_error(later, later_spread))
    tentative = not (axis_reading(earlier).firm and axis_reading(later).firm)
    return Change(earlier.score, later.score, margin, tentative)


def overall_change(
    earlier: Profile,
    later: Profile,
    earlier_spreads: Mapping[str, Spread],
    later_spreads: Mapping[str, Spread],
) -> Change | None:
    """The change of the overall score between two attempts; None when either has none."""
    if earlier.overall is None or later.overall is None:
        return None
    margin = change_margin(
        overall_error(earlier, earlier_spreads), overall_error(later, later_spreads)
    )
    tentative = not (overall_reading(earlier).firm and overall_reading(later).firm)
    return Change(earlier.overall, later.overall, margin, tentative)
