"""Altair charts of profiles and groups: data in, chart out, no I/O.

Every chart reads the same way: one row per axis, -100 (the left pole) to +100 (the
right pole), the pole labels printed above both ends of the track (left and right of
it on a projector), the balanced zone (-15 to 15) shaded. Group views draw only from
scoring.group's summaries, so a browser never receives anyone's scores but its own.
Colour says which side a mark leans to, never which side is better: two calm hues of
equal weight.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import altair as alt
import numpy as np
import pandas as pd

from questions.bank import Bank
from scoring.group import MIN_GROUP, QUARTILES_FROM, GroupSummary, ItemAnswers
from scoring.precision import axis_reading
from scoring.profile import LEAN, Profile

LEFT_COLOUR = "#2a7f8f"  # teal
RIGHT_COLOUR = "#b5651d"  # amber
NEUTRAL_COLOUR = "#7a7f87"
INK = "#2b2f36"
ROW_HEIGHT = 46
THEME_NAME = "sales_style"


@alt.theme.register(THEME_NAME, enable=True)
def _theme() -> alt.theme.ThemeConfig:
    """The one theme of every chart in the app and its reports."""
    return {
        "config": {
            "font": "Helvetica, Arial, sans-serif",
            "background": "white",
            "view": {"stroke": None},
            "axis": {
                "labelColor": INK,
                "titleColor": INK,
                "gridColor": "#e6e8eb",
                "domain": False,
                "labelFontSize": 11,
                "titleFontSize": 12,
                "titleFontWeight": "normal",
            },
            "legend": {"labelColor": INK, "titleColor": INK, "orient": "bottom"},
            "title": {"color": INK, "fontSize": 15, "anchor": "start"},
        }
    }


def _rows(bank_axes: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """One row per axis: id, title, left label, right label, in bank order."""
    return pd.DataFrame(bank_axes, columns=["axis", "title", "left", "right"]).assign(
        order=lambda d: range(len(d))
    )


def _track(rows: pd.DataFrame, width: int | str, row_height: int = ROW_HEIGHT) -> alt.LayerChart:
    """The frame every chart draws on: the balanced zone, the 0 line, the pole labels."""
    y = alt.Y("title:N", sort=alt.SortField("order"), axis=None)
    base = alt.Chart(rows).encode(y=y)
    balanced = base.mark_bar(color="#eef0f2", height=10).encode(
        x=alt.datum(-LEAN), x2=alt.datum(LEAN)
    )
    line = base.mark_rule(color="#c9cdd2", strokeWidth=2).encode(
        x=alt.datum(-100), x2=alt.datum(100)
    )
    centre = base.mark_tick(color="#9aa0a8", thickness=1, size=14).encode(x=alt.datum(0))
    label = {"dy": -round(row_height * 0.35), "fontSize": 12, "fontWeight": "bold"}
    left = base.mark_text(align="left", **label).encode(
        x=alt.datum(-100), text="left:N", color=alt.value(LEFT_COLOUR)
    )
    right = base.mark_text(align="right", **label).encode(
        x=alt.datum(100), text="right:N", color=alt.value(RIGHT_COLOUR)
    )
    return alt.layer(balanced, line, centre, left, right).properties(
        width=width, height=row_height * len(rows)
    )


_SCALE = alt.Scale(domain=[-100, 100], nice=False)
_AXIS = alt.Axis(values=[-100, -50, 0, 50, 100], title=None, grid=False, labelColor="#9aa0a8")
_X = alt.X("score:Q", scale=_SCALE, axis=_AXIS)
_SIDE_SCALE = alt.Scale(
    domain=["left", "balanced", "right"], range=[LEFT_COLOUR, NEUTRAL_COLOUR, RIGHT_COLOUR]
)
_SIDE_COLOUR = alt.Color("side:N", scale=_SIDE_SCALE, legend=None)


def _side(scores: pd.Series) -> pd.Series:
    return pd.Series(
        np.select([scores <= -LEAN, scores >= LEAN], ["left", "right"], "balanced"),
        index=scores.index,
    )


def profile_chart(
    profile: Profile,
    previous: Profile | None = None,
    width: int | str = "container",
    rests_on: Literal["answers", "people"] = "answers",
) -> alt.LayerChart:
    """One respondent's profile: a bar from 0 to the score and a dot, per axis.

    With `previous`, an earlier attempt is drawn as a hollow grey ring on each row, so
    a retake shows how the profile moved. The tooltip gives the reported band
    (scoring.precision: "Strongly" only on a firm score) and what the score rests on:
    "2 of 2 answers (tentative)"; with `rests_on="people"` (a room's average profile,
    whose `answered` counts people) "11 of 12 people".
    """
    rows = _rows([(a.axis_id, a.title, a.left_label, a.right_label) for a in profile.axes])
    if rests_on == "people":
        shown = [a.band_label for a in profile.axes]
        basis = [f"{a.answered} of {a.items} people" for a in profile.axes]
    else:
        readings = [axis_reading(a) for a in profile.axes]
        shown = [r.words for r in readings]
        basis = [
            f"{r.answered} of {r.items} answers" + ("" if r.firm else " (tentative)")
            for r in readings
        ]
    data = rows.assign(
        score=[a.score for a in profile.axes],
        band=[a.band_label for a in profile.axes],  # the contract's band, for programs
        reported=shown,  # the band as people are shown it
        answered=basis,
    )
    data = data.dropna(subset=["score"]).assign(side=lambda d: _side(d["score"]))
    y = alt.Y("title:N", sort=alt.SortField("order"), axis=None)
    tooltip = [
        alt.Tooltip("title:N", title="Axis"),
        alt.Tooltip("score:Q", title="Score", format="+.1f"),
        alt.Tooltip("reported:N", title="Band"),
        alt.Tooltip("answered:N", title="Based on"),
    ]
    marks = alt.Chart(data).encode(y=y, x=_X, color=_SIDE_COLOUR, tooltip=tooltip)
    layers = [
        _track(rows, width),
        marks.mark_bar(height=6, opacity=0.45).encode(x2=alt.datum(0)),
        marks.mark_point(filled=True, size=170, opacity=1),
    ]
    if previous is not None:
        earlier = pd.DataFrame(
            {"title": [a.title for a in previous.axes], "score": [a.score for a in previous.axes]}
        ).dropna()
        layers.insert(
            1,
            alt.Chart(earlier)
            .mark_point(shape="circle", size=170, color=NEUTRAL_COLOUR, strokeWidth=2)
            .encode(
                y=y, x=_X, tooltip=[alt.Tooltip("score:Q", title="Earlier score", format="+.1f")]
            ),
        )
    return alt.layer(*layers)


def trend_chart(
    attempts: Sequence[tuple[str, Profile]], width: int | str = "container"
) -> alt.LayerChart:
    """One person's finished attempts at one bank, oldest first, on the profile's track:
    per axis a dot per attempt (the latest darkest, labelled `when`) joined in order by a
    thin line, so the way each score moved reads along its row. `attempts` are (label,
    profile) pairs, the label saying when (a date)."""
    first = attempts[-1][1]
    rows = _rows([(a.axis_id, a.title, a.left_label, a.right_label) for a in first.axes])
    data = pd.DataFrame(
        [
            {"title": a.title, "score": a.score, "when": label, "attempt": number}
            for number, (label, profile) in enumerate(attempts, start=1)
            for a in profile.axes
        ]
    ).dropna(subset=["score"])
    y = alt.Y("title:N", sort=alt.SortField("order"), axis=None)
    shade = alt.Color(
        "attempt:O",
        scale=alt.Scale(range=["#d5d8dc", INK]),
        legend=None,
    )
    tooltip = [
        alt.Tooltip("title:N", title="Axis"),
        alt.Tooltip("when:N", title="Taken"),
        alt.Tooltip("score:Q", title="Score", format="+.1f"),
    ]
    marks = alt.Chart(data).encode(y=y, x=_X, tooltip=tooltip)
    return alt.layer(
        _track(rows, width),
        marks.mark_line(color=NEUTRAL_COLOUR, strokeWidth=1.5).encode(
            detail="title:N", order="attempt:Q"
        ),
        marks.mark_point(filled=True, size=120, opacity=1).encode(color=shade),
    )


# Group views: drawn only from a GroupSummary or ItemAnswers, so what reaches a browser
# is aggregates of at least MIN_GROUP people and, for a participant, their own scores.

Size = Literal["normal", "projector"]
YOU_COLOUR = "#3b4cc0"
FAINT = "#9aa0a8"
NOTE_COLOUR = "#676c74"  # grey text that still reads on white (contrast 5:1)


@dataclass(frozen=True)
class _Look:
    """Pixel sizes of one chart size: phones (normal) or a room's projector (28 px text,
    a 12-axis group chart within 1240 x 620)."""

    width: int | str  # the default width
    row: int  # pixels per axis row of the group chart
    text: int  # pole labels, counts, option text
    small: int  # legend and notes
    heading: int  # a question's text
    dot_min: int  # area of the circle for one person
    dot_max: int  # area of the circle for the fullest bin
    band: int  # stroke of the middle-half band
    mean: int  # area of the average diamond
    you: int  # area of the You dot
    bar: int  # height of an answer bar
    poles_beside: bool  # pole labels left and right of the track, not above its ends


_LOOKS: dict[str, _Look] = {
    "normal": _Look(
        width="container",
        row=58,
        text=11,
        small=11,
        heading=13,
        dot_min=70,
        dot_max=520,
        band=6,
        mean=120,
        you=190,
        bar=14,
        poles_beside=False,
    ),
    "projector": _Look(
        width=1240,
        row=42,
        text=28,
        small=28,
        heading=30,
        dot_min=380,
        dot_max=1300,
        band=9,
        mean=300,
        you=420,
        bar=30,
        poles_beside=True,
    ),
}


def _look(size: Size) -> _Look:
    if size not in _LOOKS:
        raise ValueError(f"size must be one of {', '.join(_LOOKS)}, not {size!r}")
    return _LOOKS[size]


def _text_width(text: str, font_size: int) -> float:
    """A safe estimate of a text's width in pixels (Helvetica/Arial average ~0.5 em)."""
    return 0.55 * font_size * len(text)


def _row_scale(top: float, bottom: float) -> alt.Scale:
    """A y scale in row units, top row first: rows sit at 0, 1, 2... from the top."""
    return alt.Scale(domain=[top, bottom], nice=False, zero=False, reverse=True)


def _at_score(score: float) -> alt.XDatum:
    """A fixed position on the score scale, drawing no axis of its own."""
    return alt.XDatum(score, scale=_SCALE, axis=None)


def _away(score: float, mean: float) -> str:
    """The side of a You dot to write "You" on: away from the average (which is drawn
    on the same line), unless that runs past the end of the track."""
    side = "left" if np.isnan(mean) or score < mean else "right"
    if score < -70:
        return "right"
    if score > 70:
        return "left"
    return side


def _your_scores(you: Mapping[str, float | None] | Profile | None) -> dict[str, float]:
    if you is None:
        return {}
    if isinstance(you, Profile):
        you = {a.axis_id: a.score for a in you.axes}
    return {axis_id: float(s) for axis_id, s in you.items() if s is not None and not np.isnan(s)}


def group_chart(
    summary: GroupSummary,
    you: Mapping[str, float | None] | Profile | None = None,
    size: Size = "normal",
    width: int | str | None = None,
    legend: bool = True,
) -> alt.LayerChart:
    """The room on every axis, from its summary alone: per axis row, a circle per 20-point
    bin sized by the people in it (their number written in it), the middle half of the
    room as a band with the median as a tick, and the average as a diamond.

    `you` (axis id -> score, or a Profile) adds the participant's own scores as a large
    blue dot labelled "You": the only per-person data the chart carries, and it is theirs.
    An axis with fewer than MIN_GROUP scores keeps its row and says so, with no figure.

    `size="projector"` sets every text to at least 28 px and fits 12 axes within 1240 x
    620 px (pole labels left and right of each track); "normal" is compact for phones.
    `width` is the track's width ("container" by default when normal; when projector, the
    whole chart's width in pixels, 1240 by default). `legend` adds a key under the axes.
    """
    look = _look(size)
    mine = _your_scores(you)
    rows = pd.DataFrame(
        {
            "row": range(len(summary.axes)),
            "title": [a.title for a in summary.axes],
            "left": [a.left for a in summary.axes],
            "right": [a.right for a in summary.axes],
            "shown": [a.shown for a in summary.axes],
        }
    )
    if look.poles_beside:
        total = width if isinstance(width, int) else look.width
        label = max(_text_width(text, look.text) for text in [*rows["left"], *rows["right"]])
        gap = 14
        track_width: int | str = max(200, int(total - 2 * (label + gap)))
    else:
        track_width = look.width if width is None else width

    # Circles and counts on the track line (row + 0), the summary just below it.
    below = 0.32
    bins = pd.DataFrame(
        [
            {
                "row": n,
                "title": a.title,
                "score": (lo + hi) / 2,
                "range": f"{lo:+d} to {hi:+d}",
                "count": count,
            }
            for n, a in enumerate(summary.axes)
            for lo, hi, count in zip(summary.edges, summary.edges[1:], a.counts, strict=False)
            if count
        ],
        columns=["row", "title", "score", "range", "count"],
    )
    bins["side"] = _side(bins["score"])
    shown = pd.DataFrame(
        [
            {
                "row": n + below,
                "title": a.title,
                "n": a.n,
                "mean": a.mean,
                "q1": a.q1,
                "median": a.median,
                "q3": a.q3,
            }
            for n, a in enumerate(summary.axes)
            if a.shown
        ],
        columns=["row", "title", "n", "mean", "q1", "median", "q3"],
    )
    shown["side"] = _side(shown["mean"])
    shown["median_side"] = _side(shown["median"])
    too_few = pd.DataFrame(
        [
            {"row": n, "note": f"Too few scores to show ({a.n} of {MIN_GROUP} needed)"}
            for n, a in enumerate(summary.axes)
            if not a.shown
        ],
        columns=["row", "note"],
    )

    key = _key_frame(len(summary.axes), look, bool(mine), track_width) if legend else None
    key_rows = 0 if key is None else key["row"].nunique()
    top, bottom = (
        -0.5 - (0 if look.poles_beside else 0.1),
        len(summary.axes) - 0.4 + key_rows * 0.6,
    )
    y = alt.Y("row:Q", scale=_row_scale(top, bottom), axis=None)
    x = alt.X("score:Q", scale=_SCALE, axis=None)
    height = round(look.row * (bottom - top))

    track = alt.Chart(rows).encode(y=y)
    drawn = track.transform_filter("datum.shown")  # an axis without figures: its note only
    layers: list[alt.Chart] = [
        drawn.mark_bar(color="#eef0f2", height=round(look.row * 0.22)).encode(
            x=_at_score(-LEAN), x2=alt.datum(LEAN)
        ),
        drawn.mark_rule(color="#c9cdd2", strokeWidth=2).encode(
            x=_at_score(-100), x2=alt.datum(100)
        ),
        drawn.mark_tick(color=FAINT, thickness=1, size=look.row * 0.5).encode(x=_at_score(0)),
    ]
    pole = {"fontSize": look.text, "fontWeight": "bold"}
    if look.poles_beside:
        left = track.mark_text(align="right", baseline="middle", dx=-gap, **pole)
        right = track.mark_text(align="left", baseline="middle", dx=gap, **pole)
    else:
        above = {"baseline": "bottom", "dy": -round(look.row * 0.18), **pole}
        left = track.mark_text(align="left", **above)
        right = track.mark_text(align="right", **above)
    layers += [
        left.encode(x=_at_score(-100), text="left:N", color=alt.value(LEFT_COLOUR)),
        right.encode(x=_at_score(100), text="right:N", color=alt.value(RIGHT_COLOUR)),
    ]

    people = alt.Chart(bins).encode(
        y=y,
        x=x,
        tooltip=[
            alt.Tooltip("title:N", title="Axis"),
            alt.Tooltip("range:N", title="Scores"),
            alt.Tooltip("count:Q", title="People"),
        ],
    )
    most = max([1, *bins["count"]])
    layers += [
        people.mark_circle(opacity=0.33).encode(
            size=alt.Size(
                "count:Q",
                # at least 4 at full size, so one person in a room of 3 is no giant
                scale=alt.Scale(
                    domain=[1, max(most, 4)], range=[look.dot_min, look.dot_max], zero=False
                ),
                legend=None,
            ),
            color=_SIDE_COLOUR,
        ),
        people.mark_text(fontSize=look.text, color=INK, baseline="middle").encode(text="count:Q"),
    ]

    figures = alt.Chart(shown).encode(
        y=y,
        tooltip=[
            alt.Tooltip("title:N", title="Axis"),
            alt.Tooltip("n:Q", title="People"),
            alt.Tooltip("mean:Q", title="Average", format="+.1f"),
            alt.Tooltip("q1:Q", title="Lower quartile", format="+.1f"),
            alt.Tooltip("median:Q", title="Median", format="+.1f"),
            alt.Tooltip("q3:Q", title="Upper quartile", format="+.1f"),
        ],
    )
    layers += [
        figures.mark_rule(strokeWidth=look.band, opacity=0.4, strokeCap="round").encode(
            x=alt.X("q1:Q", scale=_SCALE, axis=None),
            x2="q3:Q",
            color=alt.Color("median_side:N", scale=_SIDE_SCALE, legend=None),
        ),
        figures.mark_tick(color=INK, thickness=2, size=look.band * 2).encode(
            x=alt.X("median:Q", scale=_SCALE, axis=None)
        ),
        figures.mark_point(shape="diamond", filled=True, size=look.mean, opacity=1).encode(
            x=alt.X("mean:Q", scale=_SCALE, axis=None),
            color=_SIDE_COLOUR,
            stroke=alt.value("white"),
        ),
        alt.Chart(too_few)
        .mark_text(fontSize=look.small, color=NOTE_COLOUR, fontStyle="italic", baseline="middle")
        .encode(y=y, x=_at_score(0), text="note:N"),
    ]

    if mine:
        own = pd.DataFrame(
            [
                {
                    "row": n + below,
                    "title": a.title,
                    "score": mine[a.axis_id],
                    # "You" is written on the side away from the average, inside the track
                    "label": _away(mine[a.axis_id], a.mean),
                }
                for n, a in enumerate(summary.axes)
                if a.axis_id in mine
            ]
        )
        beside = round(look.you**0.5 / 2) + 4
        yours = alt.Chart(own).encode(
            y=y,
            x=x,
            tooltip=[
                alt.Tooltip("title:N", title="Axis"),
                alt.Tooltip("score:Q", title="Your score", format="+.1f"),
            ],
        )
        layers += [
            yours.mark_point(
                shape="circle", filled=True, size=look.you, color=YOU_COLOUR, opacity=1
            ).encode(stroke=alt.value("white")),
            *(
                yours.transform_filter(f"datum.label == '{side}'").mark_text(
                    text="You",
                    fontSize=look.small,
                    fontWeight="bold",
                    color=YOU_COLOUR,
                    baseline="middle",
                    align="right" if side == "left" else "left",
                    dx=-beside if side == "left" else beside,
                )
                for side in ("left", "right")
            ),
        ]

    if key is not None:
        layers += _key_layers(key, look, y)
    return alt.layer(*layers).properties(width=track_width, height=height)


def _key_frame(first_row: int, look: _Look, you: bool, track_width: int | str) -> pd.DataFrame:
    """The key under the axes: what a circle, the band, the tick, the diamond and the
    blue dot mean. One row on a wide fixed track, laid out by the texts' widths, else
    (a phone, a container's width) two rows of two, each half a track wide."""
    items = [
        ("circle", "3", "people in that range"),
        ("band", "", f"middle half, | median ({QUARTILES_FROM}+)"),
        ("diamond", "", "average"),
    ]
    if you:
        items.append(("you", "", "you"))
    symbol = round(look.dot_max**0.5 / 2) + 8  # from the symbol's centre to its text
    if isinstance(track_width, int) and track_width >= 600:
        lengths = [symbol * 2 + _text_width(text, look.small) + 24 for *_, text in items]
        start = (track_width - sum(lengths)) / 2
        places = [(0, start + sum(lengths[:i]) + symbol) for i in range(len(items))]
        per_pixel = 200 / track_width
        scores = [-100 + px * per_pixel for _, px in places]
        rows = [0] * len(items)
    else:
        rows = [i // 2 for i in range(len(items))]
        scores = [-100 + (i % 2) * 100 + 6 for i in range(len(items))]
    return pd.DataFrame(
        {
            "row": [first_row - 0.1 + row * 0.6 for row in rows],
            "score": scores,
            "shape": [shape for shape, *_ in items],
            "count": [count for _, count, _ in items],
            "text": [text for *_, text in items],
        }
    )


def _key_layers(key: pd.DataFrame, look: _Look, y: alt.Y) -> list[alt.Chart]:
    symbol = round(look.dot_max**0.5 / 2) + 8  # from the symbol's centre to its text
    base = alt.Chart(key).encode(y=y, x=alt.X("score:Q", scale=_SCALE, axis=None))
    return [
        base.transform_filter("datum.shape == 'circle'").mark_circle(
            size=look.dot_max * 0.6, color=NEUTRAL_COLOUR, opacity=0.33
        ),
        base.transform_filter("datum.shape == 'circle'")
        .mark_text(fontSize=look.small, color=INK, baseline="middle")
        .encode(text="count:N"),
        # a band sample of a fixed length in pixels, clear of its text at any width
        base.transform_filter("datum.shape == 'band'").mark_tick(
            orient="horizontal",
            thickness=look.band,
            size=2 * (symbol - 8),
            opacity=0.4,
            color=NEUTRAL_COLOUR,
        ),
        base.transform_filter("datum.shape == 'band'").mark_tick(
            color=INK, thickness=2, size=look.band * 2
        ),
        base.transform_filter("datum.shape == 'diamond'").mark_point(
            shape="diamond", filled=True, size=look.mean, color=NEUTRAL_COLOUR, opacity=1
        ),
        base.transform_filter("datum.shape == 'you'").mark_point(
            shape="circle", filled=True, size=look.you, color=YOU_COLOUR, opacity=1
        ),
        base.mark_text(
            align="left", baseline="middle", fontSize=look.small, color=INK, dx=symbol
        ).encode(text="text:N"),
    ]


def answers_chart(
    items: Sequence[ItemAnswers],
    bank: Bank,
    size: Size = "normal",
    width: int | None = None,
) -> alt.LayerChart:
    """How the room answered each question, for discussion: per item its text, then per
    answer it offers (bank order) its wrapped text and a bar of the people who gave it,
    their number at the bar's end. Colour says which pole the answer leans to, with the
    axis's pole labels at both ends above the bars. An item answered by fewer than
    MIN_GROUP people says so and shows no bar.

    `width` is in pixels (340 for a phone by default, 1240 when projector): text is
    wrapped for it, and `size="projector"` sets every text to at least 28 px so that one
    question fits a 1240 x 620 screen.
    """
    look = _look(size)
    width = width or (340 if size == "normal" else int(look.width))
    line = round(look.text * 1.18)
    heading_line = round(look.heading * 1.18)
    gap = round(look.text * 0.35)
    # Every position is in pixels: a bar is as long as its count is a share of the
    # largest, leaving room for the count after it.
    bar_room = width - _text_width("0000", look.text) - 8
    most = max([1, *(a.count for item in items for a in item.counts)])

    texts, bars = [], []
    y = 0.0
    for item in items:
        axis = bank.axis(item.axis_id)
        lines = _wrap(item.text, width, look.heading)
        texts.append(_at(y, 0, lines, "heading", INK))
        y += heading_line * len(lines) + gap
        texts.append(_at(y, 0, [axis.left.label], "pole", LEFT_COLOUR, "left"))
        texts.append(_at(y, width, [axis.right.label], "pole", RIGHT_COLOUR, "right"))
        y += line + gap
        if not item.shown:
            note = f"Too few answers to show ({item.answered} of {MIN_GROUP} needed)"
            texts.append(_at(y, 0, _wrap(note, width, look.small), "note", NOTE_COLOUR))
            y += line * 2 + gap
            continue
        for answer in item.counts:
            lines = _wrap(answer.label, width, look.text)
            texts.append(_at(y, 0, lines, "option", INK))
            y += line * len(lines) + gap / 2
            side = _side(pd.Series([100 * answer.lean])).iloc[0]
            bars.append(
                {
                    "y": y + look.bar / 2,
                    "end": bar_room * answer.count / most,
                    "count": answer.count,
                    "side": side,
                    "label": answer.label,
                }
            )
            y += look.bar + gap * 1.5
        y += gap * 4  # a clear break before the next question
    height = max(1, round(y - gap * 4))

    pixels = alt.Scale(domain=[0, width], nice=False)
    x = alt.X("x:Q", scale=pixels, axis=None)
    y_enc = alt.Y(
        "y:Q", scale=alt.Scale(domain=[0, height], nice=False, zero=False, reverse=True), axis=None
    )
    frame = pd.DataFrame(texts)
    words = alt.Chart(frame).encode(y=y_enc, text="text:N", color=alt.Color("colour:N", scale=None))
    layers = []
    for kind, font, weight in [
        ("heading", look.heading, "bold"),
        ("pole", look.text, "bold"),
        ("option", look.text, "normal"),
        ("note", look.small, "normal"),
    ]:
        for align in ("left", "right"):
            chosen = words.transform_filter(f"datum.kind == '{kind}' && datum.align == '{align}'")
            layers.append(
                chosen.mark_text(
                    align=align,
                    baseline="top",
                    fontSize=font,
                    fontWeight=weight,
                    lineBreak="\n",
                    lineHeight=heading_line if kind == "heading" else line,
                ).encode(x=x)
            )
    columns = ["y", "end", "count", "side", "label"]
    counts = alt.Chart(pd.DataFrame(bars, columns=columns)).encode(
        y=y_enc,
        x=alt.X("end:Q", scale=pixels, axis=None),
        tooltip=[alt.Tooltip("label:N", title="Answer"), alt.Tooltip("count:Q", title="People")],
    )
    layers += [
        counts.mark_bar(height=look.bar, opacity=0.75).encode(x2=alt.datum(0), color=_SIDE_COLOUR),
        counts.mark_text(
            align="left", baseline="middle", dx=6, fontSize=look.text, color=INK
        ).encode(text="count:Q"),
    ]
    return alt.layer(*layers).properties(width=width, height=height)


def _wrap(text: str, width: int, font_size: int) -> list[str]:
    """Lines of `text` that fit `width` pixels at `font_size` (by the estimate above)."""
    return textwrap.wrap(text, max(10, int(width / _text_width("x", font_size)))) or [""]


def _at(y: float, x: float, lines: list[str], kind: str, colour: str, align: str = "left") -> dict:
    """One text block of the answers chart, its top at y pixels."""
    return {
        "y": y,
        "x": x,
        "text": "\n".join(lines),
        "kind": kind,
        "colour": colour,
        "align": align,
    }
