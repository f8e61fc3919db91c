"""Charts: pole labels at both ends of every axis, the scores plotted, PNG export works."""

from __future__ import annotations

import io
import json

import altair as alt
import pandas as pd
import pytest

from scoring.charts import group_chart, profile_chart
from scoring.frame import score_frame
from scoring.profile import score

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# alpha = 100 * (c(a1 = 1) + c(a3 = y)) / 2 = 100; beta = 100 * (c(b1 = 3) + c(b2 = 4)) / 2 = 25
NOW = {"a1": 1, "a3": "y", "b1": 3, "b2": 4}
# alpha = 100 * (c(a1 = 4) + c(a4 = b)) / 2 = -50; beta = 100 * (c(b1 = 2) + c(b2 = 3)) / 2 = 25
BEFORE = {"a1": 4, "a4": "b", "b1": 2, "b2": 3}


def rows_of(chart: alt.TopLevelMixin) -> list[dict]:
    """Every data row the chart's spec carries, whatever dataset it sits in."""
    spec = chart.to_dict()
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def values_of(chart, field: str) -> list:
    return [row[field] for row in rows_of(chart) if field in row]


def marks_of(spec: dict) -> list[dict]:
    found = []
    if "mark" in spec:
        found.append(spec["mark"] if isinstance(spec["mark"], dict) else {"type": spec["mark"]})
    for layer in spec.get("layer", []):
        found += marks_of(layer)
    return found


def png_of(chart) -> bytes:
    buffer = io.BytesIO()
    chart.save(buffer, format="png")
    return buffer.getvalue()


def png_width(png: bytes) -> int:
    return int.from_bytes(png[16:20], "big")  # IHDR: width, then height


@pytest.fixture(scope="module")
def now(mini):
    return score(mini, NOW)


def test_profile_chart_names_both_poles_of_every_axis(mini, now):
    chart = profile_chart(now)
    assert isinstance(chart, alt.LayerChart)
    pairs = {(row["title"], row["left"], row["right"]) for row in rows_of(chart) if "left" in row}
    assert pairs == {("Alpha", "Rules", "Values"), ("Beta", "React", "Act")}
    # and the labels are drawn as text, not just carried along
    text_fields = json.dumps(chart.to_dict())
    assert '"text": {"field": "left"' in text_fields
    assert '"text": {"field": "right"' in text_fields


def test_profile_chart_plots_the_scores(now):
    chart = profile_chart(now)
    assert sorted(set(values_of(chart, "score"))) == [25.0, 100.0]
    bands = {row["title"]: row["band"] for row in rows_of(chart) if "band" in row}
    assert bands == {"Alpha": "Strongly Values", "Beta": "Leans Act"}


def test_an_axis_without_a_score_keeps_its_row_but_has_no_mark(mini):
    # alpha: a1 only, 1 of 4 -> no score; beta = 25 as above
    profile = score(mini, {"a1": 1, "b1": 3, "b2": 4})
    chart = profile_chart(profile)
    assert values_of(chart, "score") == [25.0, 25.0] or set(values_of(chart, "score")) == {25.0}
    assert {row["title"] for row in rows_of(chart) if "left" in row} == {"Alpha", "Beta"}


def test_a_previous_profile_adds_the_earlier_scores(mini, now):
    before = score(mini, BEFORE)
    alone = profile_chart(now)
    overlaid = profile_chart(now, previous=before)
    assert -50.0 not in values_of(alone, "score")
    assert -50.0 in values_of(overlaid, "score")
    assert len(marks_of(overlaid.to_dict())) == len(marks_of(alone.to_dict())) + 1
    assert "Earlier score" in json.dumps(overlaid.to_dict())


@pytest.fixture(scope="module")
def room(mini) -> pd.DataFrame:
    answers = pd.DataFrame.from_dict(
        {
            "ann": NOW,  # alpha 100, beta 25
            "bob": BEFORE,  # alpha -50, beta 25
            "cat": {"a1": 3, "a2": 3, "b2": 5, "b3": 5},  # alpha 0, beta 100
        },
        orient="index",
    )
    return score_frame(mini, answers)


def test_group_chart_names_both_poles_and_plots_everyone(mini, room):
    chart = group_chart(room, mini)
    assert isinstance(chart, alt.LayerChart)
    pairs = {(row["title"], row["left"], row["right"]) for row in rows_of(chart) if "left" in row}
    assert {("Alpha", "Rules", "Values"), ("Beta", "React", "Act")} <= pairs
    people = {(r["respondent"], r["axis"], r["score"]) for r in rows_of(chart) if "respondent" in r}
    assert people == {
        ("ann", "alpha", 100.0),
        ("bob", "alpha", -50.0),
        ("cat", "alpha", 0.0),
        ("ann", "beta", 25.0),
        ("bob", "beta", 25.0),
        ("cat", "beta", 100.0),
    }
    # means: alpha (100 - 50 + 0) / 3 = 16.67, beta (25 + 25 + 100) / 3 = 50
    means = {row["axis"]: row["mean"] for row in rows_of(chart) if "mean" in row}
    assert means["alpha"] == pytest.approx(50 / 3)
    assert means["beta"] == pytest.approx(50.0)


def test_group_chart_draws_you_only_for_a_highlighted_respondent(mini, room):
    assert '"You"' in json.dumps(group_chart(room, mini, highlight="bob").to_dict())
    assert '"You"' not in json.dumps(group_chart(room, mini).to_dict())
    assert '"You"' not in json.dumps(group_chart(room, mini, highlight="nobody").to_dict())


def test_the_highlighted_respondent_is_drawn_at_their_own_scores(mini, room):
    chart = group_chart(room, mini, highlight="cat")
    spec = chart.to_dict()
    you_layer = next(layer for layer in spec["layer"] if layer.get("mark", {}).get("text") == "You")
    rows = spec["datasets"][you_layer["data"]["name"]]
    assert {(r["axis"], r["score"]) for r in rows} == {("alpha", 0.0), ("beta", 100.0)}


def test_profile_chart_renders_to_png(now):
    png = png_of(profile_chart(now, width=500))
    assert png.startswith(PNG_SIGNATURE)
    assert png_width(png) >= 500


def test_profile_chart_with_a_container_width_still_renders(mini, now):
    png = png_of(profile_chart(now, previous=score(mini, BEFORE)))
    assert png.startswith(PNG_SIGNATURE)


def test_group_chart_renders_to_png(mini, room):
    png = png_of(group_chart(room, mini, highlight="ann", width=500))
    assert png.startswith(PNG_SIGNATURE)
    assert png_width(png) >= 500


def test_core_profile_chart_has_all_twelve_axes_and_renders(core):
    leader = {i.id: (5 if i.keyed == "right" else 1) for i in core.items if i.type == "likert"}
    chart = profile_chart(score(core, leader), width=600)
    labels = {(row["left"], row["right"]) for row in rows_of(chart) if "left" in row}
    assert labels == {(a.left.label, a.right.label) for a in core.axes}
    assert set(values_of(chart, "score")) == {100.0}
    assert png_of(chart).startswith(PNG_SIGNATURE)
