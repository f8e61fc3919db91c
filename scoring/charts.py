"""Altair charts of profiles and groups: data in, chart out, no I/O.

Every chart reads the same way: one row per axis, -100 (the left pole) to +100 (the
right pole), the pole labels printed above both ends of the track, the balanced zone
(-15 to 15) shaded. Colour says which side a mark leans to, never which side is better:
two calm hues of equal weight.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from questions.bank import Bank
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
_SIDE_COLOUR = alt.Color(
    "side:N",
    scale=alt.Scale(
        domain=["left", "balanced", "right"], range=[LEFT_COLOUR, NEUTRAL_COLOUR, RIGHT_COLOUR]
    ),
    legend=None,
)


def _side(scores: pd.Series) -> pd.Series:
    return pd.Series(
        np.select([scores <= -LEAN, scores >= LEAN], ["left", "right"], "balanced"),
        index=scores.index,
    )


def profile_chart(
    profile: Profile, previous: Profile | None = None, width: int | str = "container"
) -> alt.LayerChart:
    """One respondent's profile: a bar from 0 to the score and a dot, per axis.

    With `previous`, an earlier attempt is drawn as a hollow grey ring on each row, so
    a retake shows how the profile moved.
    """
    rows = _rows([(a.axis_id, a.title, a.left_label, a.right_label) for a in profile.axes])
    data = rows.assign(
        score=[a.score for a in profile.axes],
        band=[a.band_label for a in profile.axes],
        answered=[f"{a.answered} of {a.items}" for a in profile.axes],
    )
    data = data.dropna(subset=["score"]).assign(side=lambda d: _side(d["score"]))
    y = alt.Y("title:N", sort=alt.SortField("order"), axis=None)
    tooltip = [
        alt.Tooltip("title:N", title="Axis"),
        alt.Tooltip("score:Q", title="Score", format="+.1f"),
        alt.Tooltip("band:N", title="Band"),
        alt.Tooltip("answered:N", title="Answered"),
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


def group_chart(
    scores: pd.DataFrame,
    bank: Bank,
    highlight: str | None = None,
    width: int | str = "container",
) -> alt.LayerChart:
    """A group on every axis: each respondent a small dot, the middle half of the group
    as a thick band, the mean as a diamond; `highlight` (a respondent in the index)
    is drawn as a large dot labelled "You".

    `scores` is score_frame's output (index respondent, axis id columns).
    """
    rows = _rows([(a.id, a.title, a.left.label, a.right.label) for a in bank.axes])
    axis_ids = [a.id for a in bank.axes]
    long = (
        scores[axis_ids]
        .rename_axis("respondent")
        .reset_index()
        .melt(id_vars="respondent", var_name="axis", value_name="score")
        .dropna(subset=["score"])
        .merge(rows, on="axis")
    )
    # A fixed, small vertical jitter so that equal scores do not hide one another; the
    # scale keeps it within the middle third of the row, clear of the pole labels.
    long["jitter"] = np.random.default_rng(0).uniform(-1, 1, len(long))
    summary = (
        long.groupby(["axis", "title", "order"])["score"]
        .agg(mean="mean", q1=lambda s: s.quantile(0.25), q3=lambda s: s.quantile(0.75), n="size")
        .reset_index()
        .assign(side=lambda d: _side(d["mean"]))
    )
    y = alt.Y("title:N", sort=alt.SortField("order"), axis=None)
    dots = (
        alt.Chart(long)
        .mark_circle(size=38, opacity=0.35, color=INK)
        .encode(y=y, yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-3, 3])), x=_X)
    )
    spread = (
        alt.Chart(summary)
        .mark_rule(strokeWidth=7, opacity=0.35, strokeCap="round")
        .encode(y=y, x=alt.X("q1:Q", scale=_SCALE), x2="q3:Q", color=_SIDE_COLOUR)
    )
    mean = (
        alt.Chart(summary)
        .mark_point(shape="diamond", filled=True, size=230, opacity=1, stroke="white")
        .encode(
            y=y,
            x=alt.X("mean:Q", scale=_SCALE, axis=_AXIS),
            color=_SIDE_COLOUR,
            tooltip=[
                alt.Tooltip("title:N", title="Axis"),
                alt.Tooltip("mean:Q", title="Group mean", format="+.1f"),
                alt.Tooltip("q1:Q", title="Lower quartile", format="+.1f"),
                alt.Tooltip("q3:Q", title="Upper quartile", format="+.1f"),
                alt.Tooltip("n:Q", title="People"),
            ],
        )
    )
    layers = [_track(rows, width, row_height=56), spread, dots, mean]
    if highlight is not None and highlight in scores.index:
        mine = long[long["respondent"] == highlight]
        you = alt.Chart(mine).encode(y=y, x=_X)
        layers += [
            you.mark_point(shape="circle", filled=True, size=150, color="#3b4cc0"),
            you.mark_text(dy=14, fontSize=10, color="#3b4cc0", text="You"),
        ]
    return alt.layer(*layers)
