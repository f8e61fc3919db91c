"""Norms: where a respondent's axis scores stand within a cohort of other respondents.

A **percentile rank** is the mid-rank one: the percentage of the cohort's scores below
the respondent's, plus half of those equal to it. It is given per axis only when the
cohort has at least MIN_NORM_COHORT (30) scores on that axis; with fewer, the axis says
how many there are and no percentile. Scores are compared as they are reported (one
decimal), so a tie on the page is a tie here.

Cohorts (chosen by the caller, named in `Norms.cohort`): the respondent's workshop,
or every finished self-assessment of the same bank id, version and form
(store.cohort_answers). Campaigns do not exist yet, so there is no campaign cohort.
The respondent's own sheet is left out of the cohort.

`Norms` holds only percentiles and counts, never a score of anyone in the cohort, so it
is what a page may send to the browser; the cohort's scores stay on the server.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.profile import Profile

MIN_NORM_COHORT = 30
"""Scores a cohort needs on an axis before a percentile against it is shown."""


def percentile_rank(value: float, cohort: Sequence[float] | np.ndarray) -> float:
    """The mid-rank percentile of `value` in `cohort` (NaN left out): 100 * (below +
    equal / 2) / n.

    >>> percentile_rank(50.0, [10.0, 50.0, 50.0, 90.0])  # (1 + 2 / 2) / 4
    50.0
    >>> percentile_rank(95.0, [10.0, 50.0, 50.0, 90.0]), percentile_rank(-100.0, [0.0, 1.0])
    (100.0, 0.0)
    >>> percentile_rank(20.0, [10.0, 20.0, float("nan"), 30.0])  # (1 + 0.5) / 3
    50.0
    """
    scores = np.asarray(cohort, dtype=float)
    scores = scores[~np.isnan(scores)]
    if scores.size == 0:
        raise ValueError("a percentile needs a cohort with at least one score")
    below = np.count_nonzero(scores < value)
    equal = np.count_nonzero(scores == value)
    return float(100 * (below + equal / 2) / scores.size)


@dataclass(frozen=True)
class AxisNorm:
    """One axis: the cohort's scores on it (`people`) and, with at least
    MIN_NORM_COHORT of them and a score of the respondent's own, the percentile."""

    axis_id: str
    title: str
    left: str
    right: str
    people: int
    percentile: float | None

    @property
    def shown(self) -> bool:
        return self.percentile is not None


@dataclass(frozen=True)
class Norms:
    """A profile against one cohort: its name and size, and one AxisNorm per axis."""

    cohort: str
    people: int
    """Sheets in the cohort (the respondent's own left out)."""
    axes: tuple[AxisNorm, ...]

    @property
    def shown(self) -> bool:
        """Whether any axis has a percentile."""
        return any(a.shown for a in self.axes)


def norms(
    profile: Profile, cohort_scores: pd.DataFrame, cohort: str, exclude: object = None
) -> Norms:
    """`profile`'s percentile rank on each axis within `cohort_scores` (score_frame's
    output for the cohort, index sheet id), leaving out the row `exclude` (the
    respondent's own sheet). An axis gets a percentile when the respondent has a score on
    it and the cohort at least MIN_NORM_COHORT.

    >>> from questions.bank import load_bank
    >>> from scoring.profile import score
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> me = score(mini, {"a1": 3, "a2": 3, "a3": "y"})  # alpha (0 + 0 + 1) / 3 -> 33.3
    >>> others = pd.DataFrame({"alpha": [float(s) for s in range(-100, 100, 5)],
    ...                        "beta": [10.0] * 20 + [None] * 20})
    >>> result = norms(me, others, "everyone")
    >>> alpha, beta = result.axes
    >>> alpha.people, alpha.percentile  # 27 of 40 below 33.3: 67.5
    (40, 67.5)
    >>> beta.people, beta.percentile, result.shown  # 20 scores: too few, and no own score
    (20, None, True)
    """
    scores = (
        cohort_scores.drop(index=[exclude], errors="ignore")
        if exclude is not None
        else (cohort_scores)
    )
    axes = []
    for axis in profile.axes:
        column = (
            scores[axis.axis_id].astype(float).dropna()
            if axis.axis_id in scores.columns
            else pd.Series(dtype=float)
        )
        people = int(column.size)
        percentile = None
        if axis.score is not None and people >= MIN_NORM_COHORT:
            percentile = percentile_rank(axis.score, column.to_numpy())
        axes.append(
            AxisNorm(
                axis.axis_id, axis.title, axis.left_label, axis.right_label, people, percentile
            )
        )
    return Norms(cohort, len(scores), tuple(axes))


def ordinal(percentile: float) -> str:
    """A percentile rounded to a whole number, in words: '1st', '22nd', '73rd', '100th'.

    >>> [ordinal(p) for p in (0.4, 1.0, 12.0, 22.2, 72.5, 99.6)]
    ['0th', '1st', '12th', '22nd', '72nd', '100th']
    """
    n = round(percentile)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
