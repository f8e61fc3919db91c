"""Altair charts of 360s: self beside observers for one candidate, and candidates side by
side. They read the same way as every chart of the app (scoring.charts, whose theme and
track they draw on): one row per axis, then "Overall", from the left pole (-100) to the
right pole (+100), the pole labels at both ends.

Both draw only from a ThreeSixty (scoring.raters), which holds only the views its
privacy rule allows, and send only those views' means and counts to the browser: never
an observer's own scores, never a group the rule hides.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from questions.bank import Bank
from scoring.charts import (
    _SCALE,
    _X,
    INK,
    NEUTRAL_COLOUR,
    NOTE_COLOUR,
    ROW_HEIGHT,
    YOU_COLOUR,
    _rows,
    _track,
)
from scoring.raters import LABELS, OBSERVERS, OTHERS, OVERALL, ThreeSixty

SELF = "Self"
OVERALL_TITLE = "Overall"

# Who gave a mark: its colour and shape, self and all observers large, groups small.
_WHO = {
    SELF: (YOU_COLOUR, "circle"),
    LABELS[OBSERVERS]: (INK, "square"),
    LABELS["manager"]: (NEUTRAL_COLOUR, "triangle-up"),
    LABELS["peer"]: (NEUTRAL_COLOUR, "triangle-down"),
    LABELS["direct_report"]: (NEUTRAL_COLOUR, "cross"),
    LABELS[OTHERS]: (NEUTRAL_COLOUR, "diamond"),
}
CANDIDATE_COLOURS = ("#3b4cc0", "#8e3b8f", "#3f7f3f", "#b03060")
"""Four calm hues, none of them a pole's colour (teal, amber), for up to four candidates."""
MAX_CANDIDATES = len(CANDIDATE_COLOURS)

_Y = alt.Y("title:N", sort=alt.SortField("order"), axis=None)
_TOOLTIP = [
    alt.Tooltip("title:N", title="Axis"),
    alt.Tooltip("who:N", title="Rating"),
    alt.Tooltip("score:Q", title="Score", format="+.1f"),
    alt.Tooltip("basis:N", title="Based on"),
]


def axis_rows(three_sixty: ThreeSixty, bank: Bank) -> pd.DataFrame:
    """The chart's rows: the bank's axes, then "Overall" between the bank's pole names.
    Refused when the 360 was made on other axes than the bank's."""
    ids = tuple(a.id for a in bank.axes)
    if three_sixty.axes != (*ids, OVERALL):
        raise ValueError(
            f"the 360 is on axes {', '.join(three_sixty.axes)}, "
            f"not bank {bank.id!r}'s ({', '.join(ids)}, {OVERALL})"
        )
    axes = [(a.id, a.title, a.left.label, a.right.label) for a in bank.axes]
    return _rows([*axes, (OVERALL, OVERALL_TITLE, bank.poles.left, bank.poles.right)])


def raters_text(count: int, of: int) -> str:
    """'3 of 4 raters', '1 rater'.

    >>> raters_text(3, 4), raters_text(1, 1)
    ('3 of 4 raters', '1 rater')
    """
    plural = "s" * (of != 1)
    return f"{count} rater{plural}" if count == of else f"{count} of {of} rater{plural}"


def rating_marks(three_sixty: ThreeSixty, rows: pd.DataFrame) -> pd.DataFrame:
    """One row per shown score: self, all observers, each shown group, per axis, with
    what it rests on. Scores the 360 does not show (None) send no row at all."""
    views = [three_sixty.observers, *three_sixty.groups] if three_sixty.observers else []
    marks = []
    for axis, title, order in rows[["axis", "title", "order"]].itertuples(index=False):
        own = three_sixty.self_scores[axis]
        if own is not None:
            marks.append((axis, title, order, SELF, "main", own, "the candidate's own answers"))
        for view in views:
            if view.scores[axis] is not None:
                basis = raters_text(view.counts[axis], view.raters)
                kind = "main" if view.key == OBSERVERS else "group"
                marks.append((axis, title, order, view.label, kind, view.scores[axis], basis))
    return pd.DataFrame(marks, columns=["axis", "title", "order", "who", "kind", "score", "basis"])


def dumbbells(three_sixty: ThreeSixty, rows: pd.DataFrame) -> pd.DataFrame:
    """One row per axis with a gap: self, all observers, the gap and whether it is large."""
    return pd.DataFrame(
        [
            {
                "title": title,
                "order": order,
                "self": three_sixty.self_scores[axis],
                "observers": three_sixty.observers.scores[axis],
                "gap": three_sixty.gaps[axis],
                "large": "yes" if axis in three_sixty.large_gaps else "no",
            }
            for axis, title, order in rows[["axis", "title", "order"]].itertuples(index=False)
            if three_sixty.gaps[axis] is not None
        ],
        columns=["title", "order", "self", "observers", "gap", "large"],
    )


def gap_chart(
    three_sixty: ThreeSixty, bank: Bank, width: int | str = "container"
) -> alt.LayerChart:
    """Self against all observers, one row per axis: a dot for each, a line between
    them (thicker where the gap is large), and each shown group as a smaller mark. The
    tooltips give every mean's basis ("3 of 4 raters") and the gap, which is a question
    to talk about: neither side is taken as the truth.
    """
    rows = axis_rows(three_sixty, bank)
    marks = rating_marks(three_sixty, rows)
    gaps = dumbbells(three_sixty, rows)
    shown = [who for who in _WHO if who in set(marks["who"])]
    colour = alt.Color(
        "who:N",
        scale=alt.Scale(domain=shown, range=[_WHO[w][0] for w in shown]),
        legend=alt.Legend(title=None),
    )
    shape = alt.Shape("who:N", scale=alt.Scale(domain=shown, range=[_WHO[w][1] for w in shown]))
    dots = alt.Chart(marks).encode(y=_Y, x=_X, color=colour, shape=shape, tooltip=_TOOLTIP)
    lines = (
        alt.Chart(gaps)
        .mark_rule(color=INK, opacity=0.6)
        .encode(
            y=_Y,
            x=alt.X("self:Q", scale=_SCALE),
            x2="observers:Q",
            strokeWidth=alt.StrokeWidth(
                "large:N", scale=alt.Scale(domain=["no", "yes"], range=[2, 5]), legend=None
            ),
            tooltip=[
                alt.Tooltip("title:N", title="Axis"),
                alt.Tooltip("gap:Q", title="Self minus all observers", format="+.1f"),
                alt.Tooltip("large:N", title="Large gap, worth a conversation"),
            ],
        )
    )
    chart = alt.layer(
        _track(rows, width),
        lines,
        dots.transform_filter("datum.kind == 'group'").mark_point(
            filled=True, size=70, opacity=0.85
        ),
        dots.transform_filter("datum.kind == 'main'").mark_point(filled=True, size=170, opacity=1),
    )
    if not three_sixty.shown():
        note = f"Fewer than {three_sixty.minimum} observers: only the self-rating is shown."
        chart = chart.properties(
            title=alt.Title(note, fontSize=12, fontWeight="normal", color=NOTE_COLOUR)
        )
    return chart


def candidates_chart(
    profiles: Mapping[str, ThreeSixty], bank: Bank, width: int | str = "container"
) -> alt.LayerChart:
    """Two to four candidates side by side on every axis: each in their own colour, on
    their own line within the axis's row; a dot for the self-rating, a square for all
    observers where the 360 shows them, a line between. Only what each 360 holds is
    drawn, so a candidate without (enough) observers shows the self-rating alone.
    """
    if not 2 <= len(profiles) <= MAX_CANDIDATES:
        raise ValueError(f"compare 2 to {MAX_CANDIDATES} candidates, got {len(profiles)}")
    names = list(profiles)
    rows = axis_rows(profiles[names[0]], bank)
    frames, lines = [], []
    for three_sixty in profiles.values():
        axis_rows(three_sixty, bank)  # each 360 on the bank's axes
        frames.append(rating_marks(three_sixty, rows).query("kind == 'main'"))
        lines.append(dumbbells(three_sixty, rows))
    marks = pd.concat(frames, keys=names, names=["candidate"]).reset_index(level=0)
    between = pd.concat(lines, keys=names, names=["candidate"]).reset_index(level=0)
    colour = alt.Color(
        "candidate:N",
        scale=alt.Scale(domain=names, range=list(CANDIDATE_COLOURS[: len(names)])),
        legend=alt.Legend(title="Candidate", symbolOpacity=1),
    )
    offset = alt.YOffset("candidate:N", scale=alt.Scale(domain=names, paddingOuter=0.6))
    who = [SELF, LABELS[OBSERVERS]]
    shape = alt.Shape(
        "who:N",
        scale=alt.Scale(domain=who, range=[_WHO[w][1] for w in who]),
        legend=alt.Legend(title="Rating"),
    )
    row_height = ROW_HEIGHT + 16 * len(names)
    return alt.layer(
        _track(rows, width, row_height),
        alt.Chart(between)
        .mark_rule(strokeWidth=2, opacity=0.5)
        .encode(
            y=_Y, yOffset=offset, x=alt.X("self:Q", scale=_SCALE), x2="observers:Q", color=colour
        ),
        alt.Chart(marks)
        .mark_point(filled=True, size=110, opacity=1)
        .encode(
            y=_Y,
            yOffset=offset,
            x=_X,
            color=colour,
            shape=shape,
            tooltip=[alt.Tooltip("candidate:N", title="Candidate"), *_TOOLTIP],
        ),
    )
