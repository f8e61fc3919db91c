"""Group statistics for a workshop: how a room of respondents spreads on every axis.

Pure functions of score_frame's output (index respondent, one column per axis id, then
`overall`), so they serve the facilitator view, the participants' comparison, exports
and tests alike. Nothing here loops over respondents: each statistic is one vectorised
pandas reduction over the score columns.

Spread is the sample standard deviation (ddof=1) of the axis scores; the quartiles use
linear interpolation, as pandas' quantile and the group chart do. Respondents without a
score on an axis (too few answers, see the coverage rule) are left out of that axis.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from questions.bank import Bank
from scoring.profile import AxisScore, Profile

MIN_GROUP = 3
"""Finished respondents needed before any group figure is shown: with fewer, a group
mean next to one's own score would give away another person's answers."""

STATS_COLUMNS = ["title", "left", "right", "n", "mean", "sd", "q1", "median", "q3", "iqr"]


def enough_for_group(finished: int) -> bool:
    """Whether a group of `finished` respondents may be shown (the rule of MIN_GROUP).

    Examples
    --------
    >>> enough_for_group(2), enough_for_group(3)
    (False, True)
    """
    return finished >= MIN_GROUP


def axis_stats(scores: pd.DataFrame, bank: Bank) -> pd.DataFrame:
    """Per axis, in bank order: n, mean, sd, quartiles and interquartile range.

    Parameters
    ----------
    scores : score_frame's output; columns that are not axis ids of `bank` are ignored.
    bank : the bank scored, for the axes' order, titles and pole labels.

    Returns
    -------
    A frame indexed by axis id with the columns `title`, `left`, `right` (pole labels),
    `n` (respondents with a score on the axis), `mean`, `sd` (NaN when n < 2), `q1`,
    `median`, `q3` and `iqr` (q3 - q1); the figures are NaN when n is 0.

    Examples
    --------
    >>> from questions.bank import load_bank
    >>> mini = load_bank("tests/banks/mini.yaml")  # axes alpha (Rules-Values), beta
    >>> scores = pd.DataFrame(
    ...     {"alpha": [-60.0, -20.0, 20.0, 60.0], "beta": [40.0, 50.0, 50.0, None]},
    ...     index=pd.Index(["ann", "bob", "cy", "di"], name="respondent"),
    ... )
    >>> stats = axis_stats(scores, mini)
    >>> stats[["n", "mean", "sd", "q1", "median", "q3"]].round(1)  # doctest: +NORMALIZE_WHITESPACE
           n  mean    sd    q1  median    q3
    axis
    alpha  4   0.0  51.6 -30.0     0.0  30.0
    beta   3  46.7   5.8  45.0    50.0  50.0
    """
    axis_ids = [axis.id for axis in bank.axes]
    values = scores.reindex(columns=axis_ids).astype(float)
    quartiles = values.quantile([0.25, 0.5, 0.75])
    stats = pd.DataFrame(
        {
            "title": [axis.title for axis in bank.axes],
            "left": [axis.left.label for axis in bank.axes],
            "right": [axis.right.label for axis in bank.axes],
            "n": values.count().to_numpy(),
            "mean": values.mean().to_numpy(),
            "sd": values.std(ddof=1).to_numpy(),
            "q1": quartiles.loc[0.25].to_numpy(),
            "median": quartiles.loc[0.5].to_numpy(),
            "q3": quartiles.loc[0.75].to_numpy(),
        },
        index=pd.Index(axis_ids, name="axis"),
    )
    stats["iqr"] = stats["q3"] - stats["q1"]
    return stats[STATS_COLUMNS]


def rank_by_agreement(stats: pd.DataFrame) -> list[str]:
    """Axis ids from the one the group agrees on most (smallest sd) to the least.

    Axes with fewer than two scores have no spread and are left out. Ties on sd are
    broken by the interquartile range, then by bank order, so the ranking is stable.

    Examples
    --------
    >>> stats = pd.DataFrame(
    ...     {"n": [5, 5, 5, 1], "sd": [30.0, 8.0, 30.0, np.nan], "iqr": [40.0, 10.0, 20.0, 0.0]},
    ...     index=pd.Index(["a", "b", "c", "d"], name="axis"),
    ... )
    >>> rank_by_agreement(stats)
    ['b', 'c', 'a']
    """
    spread = stats.assign(_order=np.arange(len(stats)))
    spread = spread[(spread["n"] >= 2) & spread["sd"].notna()]
    return list(spread.sort_values(["sd", "iqr", "_order"], kind="stable").index)


def agreement_extremes(stats: pd.DataFrame, k: int = 3) -> tuple[list[str], list[str]]:
    """The k axes the group agrees on most and the k it disagrees on most.

    The two lists never share an axis: with fewer than 2k ranked axes, the ranking is
    split in the middle (the middle axis, if any, goes to neither). The second list
    starts with the most disputed axis.

    Examples
    --------
    >>> stats = pd.DataFrame(
    ...     {"n": [9] * 5, "sd": [12.0, 40.0, 25.0, 8.0, 33.0], "iqr": [0.0] * 5},
    ...     index=pd.Index(["a", "b", "c", "d", "e"], name="axis"),
    ... )
    >>> agreement_extremes(stats, k=2)
    (['d', 'a'], ['b', 'e'])
    >>> agreement_extremes(stats, k=3)
    (['d', 'a'], ['b', 'e'])
    """
    ranked = rank_by_agreement(stats)
    k = max(0, min(k, len(ranked) // 2))
    return ranked[:k], ranked[::-1][:k]


def average_profile(scores: pd.DataFrame, bank: Bank, form: str | None = None) -> Profile:
    """The room's average profile, as a Profile that profile_chart can draw.

    Each axis score is the mean of the respondents' scores on that axis (rounded as
    reported, None when nobody has a score); its `answered` counts the respondents with
    a score and `items` the respondents in the group, so "answered 11 of 12" reads as
    people, not questions. The overall is the mean of the respondents' overall scores.

    Examples
    --------
    >>> from questions.bank import load_bank
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> scores = pd.DataFrame(
    ...     {"alpha": [-60.0, -20.0, 20.0], "beta": [40.0, 50.0, None],
    ...      "overall": [-10.0, 15.0, 20.0]},
    ...     index=pd.Index(["ann", "bob", "cy"], name="respondent"),
    ... )
    >>> room = average_profile(scores, mini)
    >>> [(a.axis_id, a.score, a.answered, a.items) for a in room.axes]
    [('alpha', -20.0, 3, 3), ('beta', 45.0, 2, 3)]
    >>> room.overall, room.overall_band_label
    (8.3, 'Balanced')
    """
    stats = axis_stats(scores, bank)
    people = len(scores)
    axes = tuple(
        AxisScore.of(
            axis,
            None if stats.at[axis.id, "n"] == 0 else stats.at[axis.id, "mean"],
            answered=int(stats.at[axis.id, "n"]),
            items=people,
        )
        for axis in bank.axes
    )
    overall = scores["overall"].mean() if "overall" in scores else np.nan
    return Profile.of(bank, form, axes, None if pd.isna(overall) else overall)


def participant_table(
    scores: pd.DataFrame, names: Mapping[object, str | None], bank: Bank
) -> pd.DataFrame:
    """One row per respondent for an export: `participant`, the axis ids, `overall`.

    A respondent is named by their display name, or "Anonymous N" when they gave none
    (N counts the anonymous ones in the order of `scores`). Scores stay numbers; the
    export makes text cells formula-safe.

    Examples
    --------
    >>> from questions.bank import load_bank
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> scores = pd.DataFrame(
    ...     {"alpha": [-60.0, 20.0, 5.0], "beta": [40.0, None, 0.0], "overall": [-10.0, 20.0, 2.5]},
    ...     index=pd.Index(["s1", "s2", "s3"], name="respondent"),
    ... )
    >>> participant_table(scores, {"s1": None, "s2": "Ann", "s3": "  "}, mini)
       participant  alpha  beta  overall
    0  Anonymous 1  -60.0  40.0    -10.0
    1          Ann   20.0   NaN     20.0
    2  Anonymous 2    5.0   0.0      2.5
    """
    given = pd.Series([names.get(r) for r in scores.index], dtype=object)
    given = given.where(given.notna(), "").astype(str).str.strip()
    anonymous = given.eq("")
    numbers = anonymous.cumsum().astype(str)
    label = given.where(~anonymous, "Anonymous " + numbers)
    columns = [axis.id for axis in bank.axes] + ["overall"]
    table = scores.reindex(columns=columns).reset_index(drop=True).astype(float)
    table.insert(0, "participant", label.to_numpy())
    return table
