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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from questions.bank import Bank, LikertItem
from scoring.frame import contribution_matrix
from scoring.profile import AxisScore, Profile, answer_key, report_round

MIN_GROUP = 3
"""Finished respondents needed before any group figure is shown: with fewer, a group
mean next to one's own score would give away another person's answers."""

QUARTILES_FROM = 5
"""Scores an axis needs before its quartiles and median are shown: the quartiles of three
or four scores, interpolated, can be solved back into every one of them."""

BIN_EDGES = tuple(range(-100, 101, 20))
"""The fixed bins of a group summary: ten bins of 20 points over [-100, 100]. A bin holds
its lower edge, not its upper one ([-100, -80), [-80, -60), ... [60, 80)), except the
last, which holds both ([80, 100]), so a score of exactly 100 is counted."""

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


# What a browser may receive: aggregates of at least MIN_GROUP people, never a person.


@dataclass(frozen=True)
class AxisSummary:
    """One axis of a GroupSummary: figures only when `n` >= MIN_GROUP (see `shown`)."""

    axis_id: str
    title: str
    left: str
    right: str
    n: int
    """Respondents with a score on this axis (a count gives no one's answers away)."""
    mean: float
    q1: float
    median: float
    q3: float
    counts: tuple[int, ...]
    """Respondents per bin of BIN_EDGES; empty when the axis is not shown."""

    @property
    def shown(self) -> bool:
        """Whether the axis has figures: at least MIN_GROUP scores."""
        return self.n >= MIN_GROUP


@dataclass(frozen=True)
class GroupSummary:
    """Everything a group view may send to a browser: per axis n, mean, quartiles and
    binned counts, nothing about any one respondent.

    It holds no respondent id and no per-person value, so a chart drawn from it has a
    fixed size whatever the room's size and cannot be read back into anyone's profile.
    Figures are rounded to one decimal, as scores are reported.
    """

    bank_id: str
    people: int
    """Respondents in the room (rows of the scores), whether or not they scored every axis."""
    axes: tuple[AxisSummary, ...]
    edges: tuple[int, ...] = BIN_EDGES

    def axis(self, axis_id: str) -> AxisSummary:
        return next(a for a in self.axes if a.axis_id == axis_id)


def bin_counts(values: np.ndarray) -> tuple[int, ...]:
    """How many of `values` (scores in [-100, 100], no NaN) fall in each bin of BIN_EDGES.

    >>> bin_counts(np.array([-100.0, -80.0, -79.9, 0.0, 99.9, 100.0]))
    (1, 2, 0, 0, 0, 1, 0, 0, 0, 2)
    """
    edges = np.asarray(BIN_EDGES, dtype=float)
    # right=True: a score on an inner edge goes to the bin above it; 100 is clipped
    # into the last bin instead of opening an eleventh.
    index = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, len(edges) - 2)
    return tuple(int(c) for c in np.bincount(index, minlength=len(edges) - 1))


def group_summary(scores: pd.DataFrame, bank: Bank) -> GroupSummary:
    """The room's per-axis figures, safe to send to any browser (see GroupSummary).

    `scores` is score_frame's output (index respondent, axis id columns, `overall`).
    An axis with fewer than MIN_GROUP scores gets no figures (NaN, no bins): with two
    scores, a mean or a bin next to one's own score would give the other one away. Its
    quartiles and median wait for QUARTILES_FROM scores, as those of three or four scores
    give every score away.

    Examples
    --------
    >>> from questions.bank import load_bank
    >>> mini = load_bank("tests/banks/mini.yaml")  # axes alpha (Rules-Values), beta
    >>> scores = pd.DataFrame(
    ...     {"alpha": [-60.0, -20.0, 20.0, 100.0, 0.0], "beta": [40.0, 50.0, 30.0, None, None]},
    ...     index=pd.Index(["ann", "bob", "cy", "di", "ed"], name="respondent"),
    ... )
    >>> room = group_summary(scores, mini)
    >>> alpha = room.axis("alpha")
    >>> alpha.n, alpha.mean, alpha.q1, alpha.median, alpha.q3
    (5, 8.0, -20.0, 0.0, 20.0)
    >>> alpha.counts  # -60 in [-60, -40), -20 in [-20, 0), 0 in [0, 20), ..., 100 in [80, 100]
    (0, 0, 1, 0, 1, 1, 1, 0, 0, 1)
    >>> beta = room.axis("beta")  # three scores: a mean and bins, no quartiles yet
    >>> beta.n, beta.shown, beta.mean, beta.median, beta.counts
    (3, True, 40.0, nan, (0, 0, 0, 0, 0, 0, 1, 2, 0, 0))
    >>> two = group_summary(scores.iloc[:2], mini).axis("alpha")  # two: nothing about them
    >>> two.n, two.shown, two.mean, two.counts
    (2, False, nan, ())
    """
    stats = axis_stats(scores, bank)
    values = scores.reindex(columns=stats.index).astype(float)
    axes = []
    for axis_id, row in stats.iterrows():
        n = int(row["n"])
        shown = n >= MIN_GROUP
        quartiles = n >= QUARTILES_FROM
        figures = [report_round(row["mean"]) if shown else np.nan] + [
            report_round(row[name]) if quartiles else np.nan for name in ("q1", "median", "q3")
        ]
        counts = bin_counts(values[axis_id].dropna().to_numpy()) if shown else ()
        axes.append(
            AxisSummary(axis_id, row["title"], row["left"], row["right"], n, *figures, counts)
        )
    return GroupSummary(bank.id, len(scores), tuple(axes))


@dataclass(frozen=True)
class AnswerCount:
    """One answer an item offers: its key (a likert point or an option id), its text,
    the contribution it gives (its sign says which pole it leans to) and how many gave it."""

    key: str
    label: str
    lean: float
    count: int


@dataclass(frozen=True)
class ItemAnswers:
    """How the room answered one item; `counts` is empty when fewer than MIN_GROUP
    answered it (`answered` then says how many did), so no small group is exposed."""

    item_id: str
    axis_id: str
    kind: str
    """"likert" or "choice"."""
    text: str
    answered: int
    counts: tuple[AnswerCount, ...]

    @property
    def shown(self) -> bool:
        return self.answered >= MIN_GROUP


def answer_distributions(
    answers: pd.DataFrame, bank: Bank, form: str | None = None
) -> tuple[ItemAnswers, ...]:
    """Per item of the form, in bank order, how many gave each answer, for discussion.

    `answers` is the room's wide answer frame (store.workshop_answers: index respondent,
    one column per item id, the raw answer as text, NaN when unanswered). Every item of
    the form is listed, so a page can say which questions have too few answers; an item
    answered by fewer than MIN_GROUP people has `counts` empty. Otherwise `counts` has
    every answer the item offers, in bank order (likert 1..points with the scale's
    labels, or the options with their text), zeros included. Raises InvalidCells when
    a cell is not an answer of its item, as score_frame does.

    Examples
    --------
    >>> from questions.bank import load_bank
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> answers = pd.DataFrame(
    ...     {"a1": ["4", "5", "4", None], "a3": ["x", "y", None, None]},
    ...     index=pd.Index(["ann", "bob", "cy", "di"], name="respondent"),
    ... )
    >>> a1, a3, b2 = answer_distributions(answers, mini, "quick")
    >>> [(c.key, c.label, c.count) for c in a1.counts]  # doctest: +NORMALIZE_WHITESPACE
    [('1', 'Strongly disagree', 0), ('2', 'Disagree', 0), ('3', 'Neither', 0),
     ('4', 'Agree', 2), ('5', 'Strongly agree', 1)]
    >>> a1.answered, a3.answered, a3.shown, a3.counts  # a3 has two answers: withheld
    (3, 2, False, ())
    >>> b2.answered, b2.counts  # nobody answered it
    (0, ())
    """
    items = bank.form_items(form)
    contribution_matrix(bank, answers, items)  # refuses cells that are not answers
    listed = []
    for item in items:
        table = item.contributions(bank.likert)
        if isinstance(item, LikertItem):
            labels = dict(zip(table, bank.likert.labels, strict=True))
        else:
            labels = {option.id: option.text for option in item.options}
        column = answers[item.id] if item.id in answers.columns else pd.Series(dtype=object)
        raw = column.value_counts()  # one hashing pass; then each distinct value once
        tally = (
            raw.groupby([answer_key(value) for value in raw.index]).sum().drop("", errors="ignore")
        )
        answered = int(tally.sum())
        counts = tuple(
            AnswerCount(key, labels[key], lean, int(tally.get(key, 0)))
            for key, lean in table.items()
        )
        listed.append(
            ItemAnswers(
                item.id,
                item.axis,
                item.type,
                item.text,
                answered,
                counts if answered >= MIN_GROUP else (),
            )
        )
    return tuple(listed)
