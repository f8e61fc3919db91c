"""360 charts: self against observers per axis, candidates side by side, and nothing in
the chart's data that the 360's privacy rule hides."""

from __future__ import annotations

import pytest

from scoring.raters import RaterScores, three_sixty
from scoring.raters_chart import candidates_chart, gap_chart
from tests.test_charts import png_of, rows_of

AXES = ["alpha", "beta"]
SELF = {"alpha": 40.0, "beta": -60.0, "overall": -10.0}


def sheet(group: str, alpha: float, beta: float | None = 0.0) -> RaterScores:
    return RaterScores(group, {"alpha": alpha, "beta": beta, "overall": alpha})


def ratings(chart) -> dict[tuple[str, str], tuple[float, str]]:
    """(axis title, who) -> (score, basis) of every rating mark in the chart's data."""
    return {(r["title"], r["who"]): (r["score"], r["basis"]) for r in rows_of(chart) if "who" in r}


def scales(spec: dict, channel: str) -> list[dict]:
    """Every scale given for `channel` in a (layered) spec."""
    found = []
    encoding = spec.get("encoding", {}).get(channel)
    if isinstance(encoding, dict) and "scale" in encoding:
        found.append(encoding["scale"])
    for layer in spec.get("layer", []):
        found += scales(layer, channel)
    return found


@pytest.fixture
def everyone():
    raters = [
        sheet("manager", 50.0),
        *(sheet("peer", a) for a in (0.0, 10.0, 20.0)),
        *(sheet("direct_report", a, beta=60.0) for a in (-30.0, -30.0, 0.0)),
    ]
    return three_sixty(AXES, SELF, raters)


def test_the_gap_chart_draws_self_all_observers_and_each_shown_group(mini, everyone):
    chart = gap_chart(everyone, mini)
    alpha = {who: value for (title, who), value in ratings(chart).items() if title == "Alpha"}
    assert alpha == {
        "Self": (40.0, "the candidate's own answers"),
        "All observers": (2.9, "7 raters"),  # (50 + 0 + 10 + 20 - 30 - 30 + 0) / 7
        "Manager": (50.0, "1 rater"),
        "Peers": (10.0, "3 raters"),
        "Direct reports": (-20.0, "3 raters"),
    }
    # beta: -60 against (0 x 4 + 60 x 3) / 7 = 25.7: a gap of -85.7
    lines = {r["title"]: r for r in rows_of(chart) if "gap" in r}
    assert (lines["Beta"]["self"], lines["Beta"]["observers"]) == (-60.0, 25.7)
    assert (lines["Beta"]["gap"], lines["Beta"]["large"]) == (-85.7, "yes")
    assert (lines["Alpha"]["gap"], lines["Alpha"]["large"]) == (37.1, "yes")


def test_every_row_has_its_pole_labels_and_overall_has_the_banks(mini, everyone):
    chart = gap_chart(everyone, mini)
    rows = {r["title"]: (r["left"], r["right"]) for r in rows_of(chart) if "left" in r}
    assert rows == {
        "Alpha": ("Rules", "Values"),
        "Beta": ("React", "Act"),
        "Overall": ("Management", "Leadership"),
    }


def test_the_legend_names_the_shown_views_only(mini):
    raters = [sheet("manager", 0.0), *(sheet("peer", a) for a in (10.0, 20.0, 30.0))]
    spec = gap_chart(three_sixty(AXES, SELF, raters), mini).to_dict()
    domains = {tuple(s["domain"]) for s in scales(spec, "color") if "domain" in s}
    assert domains == {("Self", "All observers", "Manager", "Peers")}


def test_the_chart_holds_no_group_and_no_score_the_360_hides(mini):
    # one direct report: shown beside the manager and three peers it could be worked out
    # (pool minus manager minus peers), so the peers and the direct report are "Others"
    raters = [
        sheet("manager", 0.0),
        *(sheet("peer", a) for a in (10.0, 20.0, 30.0)),
        sheet("direct_report", -90.0, beta=90.0),
    ]
    result = three_sixty(AXES, SELF, raters)
    chart = gap_chart(result, mini)
    who = {w for _, w in ratings(chart)}
    assert who == {"Self", "All observers", "Manager", "Others"}
    every_value = [v for row in rows_of(chart) for v in row.values()]
    assert -90.0 not in every_value and 90.0 not in every_value  # the direct report's own
    assert ratings(chart)[("Alpha", "Others")] == (-7.5, "4 raters")  # (10 + 20 + 30 - 90) / 4


def test_an_axis_a_view_may_not_show_sends_no_mark(mini):
    raters = [
        sheet("manager", 50.0, beta=None),
        *(sheet("peer", a) for a in (0.0, 10.0, 20.0)),
        *(sheet("direct_report", a, beta=60.0) for a in (-30.0, -30.0, 0.0)),
    ]
    marks = ratings(gap_chart(three_sixty(AXES, SELF, raters), mini))
    assert ("Beta", "Manager") not in marks
    assert marks[("Beta", "All observers")] == (30.0, "6 of 7 raters")  # (0 x 3 + 60 x 3) / 6


def test_with_too_few_observers_the_chart_shows_self_alone_and_says_why(mini):
    result = three_sixty(AXES, SELF, [sheet("peer", 0.0), sheet("peer", 10.0)])
    chart = gap_chart(result, mini)
    assert {w for _, w in ratings(chart)} == {"Self"}
    assert [r for r in rows_of(chart) if "gap" in r] == []
    assert chart.to_dict()["title"]["text"] == (
        "Fewer than 3 observers: only the self-rating is shown."
    )


def test_a_360_of_other_axes_is_refused(core, everyone):
    with pytest.raises(ValueError, match="not bank 'core'"):
        gap_chart(everyone, core)


def test_candidates_side_by_side_each_with_what_their_360_shows(mini, everyone):
    alone = three_sixty(AXES, {"alpha": -20.0, "beta": None, "overall": -20.0}, [])
    chart = candidates_chart({"Ann": everyone, "Bob": alone}, mini)
    marks = {
        (r["candidate"], r["title"], r["who"]): r["score"] for r in rows_of(chart) if "who" in r
    }
    assert marks[("Ann", "Alpha", "Self")] == 40.0
    assert marks[("Ann", "Alpha", "All observers")] == 2.9
    assert marks[("Bob", "Alpha", "Self")] == -20.0
    assert not any(who == "Peers" for _, _, who in marks)  # groups are the gap chart's
    assert {(c, t) for c, t, w in marks if c == "Bob"} == {("Bob", "Alpha"), ("Bob", "Overall")}
    lines = {(r["candidate"], r["title"]) for r in rows_of(chart) if "gap" in r}
    assert lines == {("Ann", "Alpha"), ("Ann", "Beta"), ("Ann", "Overall")}
    colours = [s for s in scales(chart.to_dict(), "color") if s.get("domain") == ["Ann", "Bob"]]
    assert colours and colours[0]["range"][0] != colours[0]["range"][1]


@pytest.mark.parametrize("count", [1, 5])
def test_candidates_are_compared_two_to_four_at_a_time(mini, everyone, count):
    with pytest.raises(ValueError, match="compare 2 to 4 candidates, got"):
        candidates_chart({f"c{n}": everyone for n in range(count)}, mini)


def test_both_charts_render_to_png(mini, everyone):
    assert png_of(gap_chart(everyone, mini, width=500)).startswith(b"\x89PNG")
    both = candidates_chart({"Ann": everyone, "Bob": everyone}, mini, width=500)
    assert png_of(both).startswith(b"\x89PNG")
