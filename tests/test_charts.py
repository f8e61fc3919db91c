"""Charts: pole labels at both ends of every axis, the scores plotted, PNG export works."""

from __future__ import annotations

import io
import json

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert

from scoring.charts import answers_chart, group_chart, profile_chart, trend_chart
from scoring.frame import score_frame
from scoring.group import answer_distributions, group_summary
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


def test_trend_chart_draws_each_attempt_on_every_axis_and_names_the_poles(mini, now):
    before = score(mini, BEFORE)
    chart = trend_chart([("#1 · 01 Nov 2026", before), ("#2 · 23 Nov 2026", now)], width=500)
    pairs = {(row["title"], row["left"], row["right"]) for row in rows_of(chart) if "left" in row}
    assert pairs == {("Alpha", "Rules", "Values"), ("Beta", "React", "Act")}
    points = {
        (row["title"], row["attempt"], row["score"]) for row in rows_of(chart) if "attempt" in row
    }
    assert points == {
        ("Alpha", 1, -50.0),
        ("Beta", 1, 25.0),
        ("Alpha", 2, 100.0),
        ("Beta", 2, 25.0),
    }
    assert {"line", "point"} <= {mark["type"] for mark in marks_of(chart.to_dict())}
    assert png_of(chart).startswith(PNG_SIGNATURE)


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


def test_profile_chart_renders_to_png(now):
    png = png_of(profile_chart(now, width=500))
    assert png.startswith(PNG_SIGNATURE)
    assert png_width(png) >= 500


def test_profile_chart_with_a_container_width_still_renders(mini, now):
    png = png_of(profile_chart(now, previous=score(mini, BEFORE)))
    assert png.startswith(PNG_SIGNATURE)


def test_core_profile_chart_has_all_twelve_axes_and_renders(core):
    leader = {i.id: (5 if i.keyed == "right" else 1) for i in core.items if i.type == "likert"}
    chart = profile_chart(score(core, leader), width=600)
    labels = {(row["left"], row["right"]) for row in rows_of(chart) if "left" in row}
    assert labels == {(a.left.label, a.right.label) for a in core.axes}
    assert set(values_of(chart, "score")) == {100.0}
    assert png_of(chart).startswith(PNG_SIGNATURE)


# Group views: only aggregates of 3 or more, and one's own scores


def numbers_in(spec: dict) -> list[float]:
    """Every number in the chart's datasets, whatever its field."""
    return [
        value
        for rows in spec.get("datasets", {}).values()
        for row in rows
        for value in row.values()
        if isinstance(value, int | float) and not isinstance(value, bool)
    ]


def fonts_of(spec: dict) -> list[float]:
    return [mark["fontSize"] for mark in marks_of(spec) if "fontSize" in mark]


def known_room(core, people: int) -> pd.DataFrame:
    """score_frame's shape with distinct, known scores: on axis j, respondent i has rank
    (i + j) mod people, so nobody sits at the same rank (the median, say) on every axis."""
    axis_ids = [axis.id for axis in core.axes]
    rank = (np.arange(people)[:, None] + np.arange(len(axis_ids))[None, :]) % people
    values = np.round(-87.3 + 174.6 * rank / (people - 1) + 0.3 * np.arange(len(axis_ids)), 1)
    scores = pd.DataFrame(
        values,
        columns=axis_ids,
        index=pd.Index([f"sheet-{n:03d}-x" for n in range(people)], name="respondent"),
    )
    return scores.assign(overall=scores.mean(axis=1))


def test_group_chart_names_both_poles_and_draws_the_summary(mini, room):
    summary = group_summary(room, mini)
    chart = group_chart(summary)
    pairs = {(row["title"], row["left"], row["right"]) for row in rows_of(chart) if "left" in row}
    assert pairs == {("Alpha", "Rules", "Values"), ("Beta", "React", "Act")}
    # means: alpha (100 - 50 + 0) / 3 = 16.7, beta (25 + 25 + 100) / 3 = 50
    means = {row["title"]: row["mean"] for row in rows_of(chart) if "mean" in row}
    assert means == {"Alpha": 16.7, "Beta": 50.0}
    # beta: 25 and 25 in [20, 40), 100 in [80, 100]
    people = {(r["title"], r["range"], r["count"]) for r in rows_of(chart) if "range" in r}
    assert {(t, c) for t, r, c in people if t == "Beta"} == {("Beta", 2), ("Beta", 1)}
    assert sum(c for t, _, c in people if t == "Alpha") == 3


@pytest.mark.parametrize("people", [3, 7, 40])
def test_no_one_can_read_anothers_scores_from_the_group_chart(core, people):
    scores = known_room(core, people)
    axis_ids = [axis.id for axis in core.axes]
    me, *others = scores.index
    spec = group_chart(
        group_summary(scores, core), you=scores.loc[me, axis_ids].to_dict()
    ).to_dict()
    rows = [row for data in spec["datasets"].values() for row in data]

    # The data does not grow with the room: at most a circle per bin, and a few rows per axis.
    assert len(rows) <= len(axis_ids) * (10 + 3) + 4 + 4
    text = json.dumps(spec)
    assert "respondent" not in text and not any(sheet in text for sheet in scores.index)

    numbers = set(numbers_in(spec))
    for other in others:
        found = [scores.at[other, a] in numbers for a in axis_ids]
        assert not all(found), f"{other}'s whole profile can be read from the chart"
    assert all(scores.at[me, a] in numbers for a in axis_ids), "your own scores are drawn"


def test_the_group_chart_data_stays_the_same_size_from_40_to_400_people(core):
    def size(people):
        spec = group_chart(group_summary(known_room(core, people), core)).to_dict()
        return sum(len(data) for data in spec["datasets"].values())

    assert size(40) == size(400)


def test_an_axis_with_two_scores_shows_no_figures_but_says_why(mini, room):
    two = room.assign(beta=[25.0, 100.0, None])
    chart = group_chart(group_summary(two, mini))
    assert {row["title"] for row in rows_of(chart) if "mean" in row} == {"Alpha"}
    assert {row["title"] for row in rows_of(chart) if "count" in row and "range" in row} == {
        "Alpha"
    }
    assert "Too few scores to show (2 of 3 needed)" in values_of(chart, "note")


def test_you_is_drawn_only_when_given_and_at_your_own_scores(mini, room, now):
    summary = group_summary(room, mini)
    assert '"You"' not in json.dumps(group_chart(summary).to_dict())
    spec = group_chart(summary, you=now).to_dict()  # a Profile: alpha 100, beta 25
    mine = [row for data in spec["datasets"].values() for row in data if "label" in row]
    assert {(r["title"], r["score"]) for r in mine} == {("Alpha", 100.0), ("Beta", 25.0)}
    assert '"You"' in json.dumps(spec)
    assert group_chart(summary, you={"alpha": -20.0, "beta": None}).to_dict()


def test_the_key_explains_every_mark(mini, room):
    texts = values_of(group_chart(group_summary(room, mini), you={"alpha": 0.0}), "text")
    assert {
        "people in that range",
        "middle half, | median (5+)",
        "average",
        "you",
    } <= set(texts)
    without = values_of(group_chart(group_summary(room, mini), legend=False), "text")
    assert "average" not in without


@pytest.mark.parametrize("size", ["normal", "projector"])
def test_group_and_answer_charts_validate_in_both_sizes(core, size):
    scores = known_room(core, 12)
    group_chart(group_summary(scores, core), you=scores.iloc[0].to_dict(), size=size).to_dict()
    room_answers = pd.DataFrame({"ra1": ["1", "4", "4"], "ra6": ["a", "b", None]})
    answers_chart(answer_distributions(room_answers, core), core, size=size).to_dict()
    with pytest.raises(ValueError, match="size"):
        group_chart(group_summary(scores, core), size="poster")


def png_size(spec: dict) -> tuple[int, int]:
    png = vl_convert.vegalite_to_png(spec, scale=1)
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def test_the_projector_group_chart_is_read_from_the_back_and_fits_one_screen(core):
    scores = known_room(core, 40)
    spec = group_chart(group_summary(scores, core), size="projector").to_dict()
    fonts = fonts_of(spec)
    assert fonts and min(fonts) >= 28, "pole labels, counts, notes and key at 28 px or more"
    width, height = png_size(spec)
    assert width <= 1240 and height <= 620, "below a compact header on a 1366 x 768 screen"


def test_the_phone_group_chart_fits_a_phone(core):
    scores = known_room(core, 40)
    spec = group_chart(group_summary(scores, core), you=scores.iloc[3].to_dict(), width=330)
    width, _ = png_size(spec.to_dict())
    assert width <= 360


def test_answers_chart_shows_each_answer_and_its_count_and_withholds_small_groups(core):
    ra6 = core.item("ra6")
    room_answers = pd.DataFrame(
        {"ra6": ["a", "c", "c", "d", None], "ra1": ["5", "5", None, None, None]}
    )
    listed = answer_distributions(room_answers, core)
    chosen = [item for item in listed if item.item_id in ("ra6", "ra1")]
    chart = answers_chart(chosen, core)
    words = " ".join(" ".join(values_of(chart, "text")).split())  # wrapped lines joined
    for option in ra6.options:
        assert option.text in words, "every option's full text, wrapped"
    assert " ".join(ra6.text.split()) in words
    counts = {row["label"]: row["count"] for row in rows_of(chart) if "end" in row}
    assert counts == {o.text: {"a": 1, "b": 0, "c": 2, "d": 1}[o.id] for o in ra6.options}
    assert "Too few answers to show (2 of 3 needed)" in words, "ra1 has two answers"


def test_the_projector_answers_chart_is_read_from_the_back_and_fits_one_screen(core):
    room_answers = pd.DataFrame({"ra6": ["a", "b", "c", "d", "c"]})
    ra6 = [item for item in answer_distributions(room_answers, core) if item.item_id == "ra6"]
    spec = answers_chart(ra6, core, size="projector").to_dict()
    assert min(fonts_of(spec)) >= 28
    width, height = png_size(spec)
    assert width <= 1260 and height <= 620
