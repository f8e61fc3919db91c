"""360s: self beside observers, and no observer's answers given away by any view."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.precision import Spread
from scoring.profile import score
from scoring.raters import (
    LARGE_GAP,
    RaterScores,
    score_errors,
    shown_alone,
    three_sixty,
)

AXES = ["alpha", "beta"]
SELF = {"alpha": 40.0, "beta": -20.0, "overall": 10.0}


def sheets(group: str, *alphas: float, beta: float | None = 0.0) -> list[RaterScores]:
    """Observer sheets of one group with the given alpha scores (beta and overall alike)."""
    return [RaterScores(group, {"alpha": a, "beta": beta, "overall": a}) for a in alphas]


def view_keys(result) -> list[str]:
    return [g.key for g in result.groups]


# --- rule 1: too few observers ------------------------------------------------------------


def test_fewer_observers_than_the_minimum_show_only_the_self_profile():
    result = three_sixty(AXES, SELF, sheets("manager", 10.0) + sheets("peer", 20.0))
    assert not result.shown()
    assert result.groups == ()
    assert result.observers is None
    assert result.gaps == {"alpha": None, "beta": None, "overall": None}
    assert result.large_gaps == ()
    assert result.self_scores == SELF


def test_the_axes_are_the_banks_then_overall():
    assert three_sixty(AXES, SELF, []).axes == ("alpha", "beta", "overall")


# --- rule 2: which groups are shown ---------------------------------------------------------


def test_at_the_minimum_the_pooled_view_and_a_full_group_are_shown():
    result = three_sixty(AXES, SELF, sheets("peer", -20.0, -10.0, 30.0))
    assert result.shown()
    assert view_keys(result) == ["peer"]
    # (-20 - 10 + 30) / 3 = 0; gap 40 - 0 = 40
    assert result.observers.scores["alpha"] == 0.0
    assert result.observers.raters == 3
    assert result.observers.counts["alpha"] == 3
    assert result.groups[0].label == "Peers"
    assert result.gaps["alpha"] == 40.0


def test_a_single_manager_is_shown_alone_beside_full_groups():
    raters = (
        sheets("manager", 50.0)
        + sheets("peer", 0.0, 10.0, 20.0)
        + sheets("direct_report", -30.0, -30.0, 0.0)
    )
    result = three_sixty(AXES, SELF, raters)
    assert [(g.key, g.label, g.raters) for g in result.groups] == [
        ("manager", "Manager", 1),
        ("peer", "Peers", 3),
        ("direct_report", "Direct reports", 3),
    ]
    assert [g.scores["alpha"] for g in result.groups] == [50.0, 10.0, -20.0]
    # (50 + 0 + 10 + 20 - 30 - 30 + 0) / 7 = 20 / 7 = 2.857...
    assert result.observers.scores["alpha"] == 2.9
    assert result.gaps["alpha"] == 37.1  # 40 - 2.9: the difference of the shown figures


def test_small_groups_are_pooled_into_others():
    raters = (
        sheets("manager", 50.0) + sheets("peer", 0.0, 30.0) + sheets("direct_report", -30.0, 60.0)
    )
    result = three_sixty(AXES, SELF, raters)
    assert view_keys(result) == ["manager", "others"]
    others = result.groups[1]
    assert (others.label, others.raters, others.scores["alpha"]) == ("Others", 4, 15.0)


def test_several_managers_are_a_group_like_any_other():
    raters = (
        sheets("manager", 50.0, -50.0)
        + sheets("peer", 0.0, 0.0, 0.0)
        + sheets("direct_report", 10.0, 10.0, 10.0, 10.0)
    )
    result = three_sixty(AXES, SELF, raters)
    # the two managers cannot be left as a remainder of 2: the peers (smallest) join them
    assert view_keys(result) == ["direct_report", "others"]
    assert result.groups[1].raters == 5
    assert result.groups[1].scores["alpha"] == 0.0


# --- rule 3: no differencing -------------------------------------------------------------


def test_a_small_group_is_not_left_as_the_pooled_view_minus_the_shown_ones():
    # manager + 3 peers shown beside the pool would give away the one direct report
    raters = (
        sheets("manager", 0.0) + sheets("peer", 10.0, 20.0, 30.0) + sheets("direct_report", -90.0)
    )
    result = three_sixty(AXES, SELF, raters)
    assert view_keys(result) == ["manager", "others"]
    assert result.groups[1].raters == 4  # the peers and the direct report together
    assert result.groups[1].scores["alpha"] == -7.5  # (10 + 20 + 30 - 90) / 4


def test_the_manager_is_not_shown_when_the_pooled_view_would_give_the_others_away():
    # manager alone + pool of manager and two peers: subtracting gives the two peers' mean
    raters = sheets("manager", 80.0) + sheets("peer", -40.0, 20.0)
    result = three_sixty(AXES, SELF, raters)
    assert result.shown()
    assert result.groups == ()
    assert result.observers.scores["alpha"] == 20.0


def test_others_is_not_shown_when_it_would_hold_every_observer():
    raters = sheets("peer", 0.0, 0.0, 0.0, 0.0) + sheets("direct_report", 40.0)
    result = three_sixty(AXES, SELF, raters)
    assert result.groups == ()
    assert result.observers.raters == 5


# --- rule 4: axis by axis ----------------------------------------------------------------


def test_a_view_shows_no_mean_on_an_axis_too_few_of_its_raters_scored():
    raters = (
        sheets("manager", 50.0, beta=None)
        + sheets("peer", 0.0, 10.0, 20.0)
        + sheets("peer", 30.0, beta=None)
        + sheets("direct_report", -30.0, -30.0, 0.0, beta=60.0)
    )
    result = three_sixty(AXES, SELF, raters)
    manager, peers, reports = result.groups
    assert manager.scores["beta"] is None  # the manager has no score there
    assert (peers.scores["beta"], peers.counts["beta"]) == (0.0, 3)
    assert (reports.scores["beta"], reports.counts["beta"]) == (60.0, 3)
    assert result.observers.scores["beta"] == 30.0  # (0 + 0 + 0 + 60 * 3) / 6
    assert result.observers.counts["beta"] == 6


def test_an_axis_too_few_scored_on_a_view_does_not_leak_through_the_others():
    # on beta two peers scored: peers hidden there; pool - manager - direct reports would
    # give those two peers' mean, so the direct reports are hidden on beta too
    raters = (
        sheets("manager", 50.0)
        + sheets("peer", 0.0, 10.0)
        + sheets("peer", 20.0, beta=None)
        + sheets("direct_report", -30.0, -30.0, 0.0, beta=60.0)
    )
    result = three_sixty(AXES, SELF, raters)
    manager, peers, reports = result.groups
    assert (peers.scores["beta"], reports.scores["beta"]) == (None, None)
    assert manager.scores["beta"] == 0.0  # the other five scores remain pooled
    assert (peers.scores["alpha"], reports.scores["alpha"]) == (10.0, -20.0)


def test_the_pooled_mean_needs_the_minimum_on_each_axis_and_a_gap_needs_both_sides():
    raters = sheets("peer", 0.0, 10.0, beta=None) + sheets("peer", 20.0, beta=50.0)
    own = {"alpha": None, "beta": 0.0, "overall": 30.0}
    result = three_sixty(AXES, own, raters)
    assert result.observers.scores["beta"] is None
    assert result.gaps == {"alpha": None, "beta": None, "overall": 20.0}  # 30 - (0+10+20)/3


# --- large gaps --------------------------------------------------------------------------


def test_a_gap_is_large_from_thirty_points_when_beyond_the_error_of_the_difference():
    raters = sheets("peer", 0.0, 0.0, 0.0)  # no spread: the observers' error is 0
    own = {"alpha": 30.0, "beta": 29.9, "overall": -60.0}
    result = three_sixty(AXES, own, raters)
    assert result.gaps == {"alpha": 30.0, "beta": 29.9, "overall": -60.0}
    assert result.large_gaps == ("alpha", "overall")
    assert LARGE_GAP == 30.0


def test_a_gap_within_the_error_of_a_tentative_self_score_is_not_large():
    raters = sheets("peer", -10.0, 0.0, 10.0)  # sd 10, SE 10 / sqrt(3) = 5.77
    own = {"alpha": 50.0, "beta": -20.0, "overall": None}
    # alpha: self SE 25 -> margin 1.96 * sqrt(25^2 + 5.77^2) = 50.29 > 50: not large
    result = three_sixty(AXES, own, raters, self_errors={"alpha": 25.0, "beta": 0.0})
    assert round(result.margins["alpha"], 2) == 50.29
    assert result.large_gaps == ()
    # without the self score's error the margin holds the observers' spread only
    assert round(three_sixty(AXES, own, raters).margins["alpha"], 2) == 11.32
    assert three_sixty(AXES, own, raters).large_gaps == ("alpha",)


def test_score_errors_give_the_self_profiles_standard_errors(mini):
    own = score(mini, {"a1": 1, "a2": 5, "a3": "y", "a4": "c"})  # beta unscored
    errors = score_errors(own, {"alpha": Spread(0.5), "beta": Spread(0.5)})
    assert errors == {"alpha": 25.0, "beta": None, "overall": 25.0}


# --- input checks ------------------------------------------------------------------------


@pytest.mark.parametrize("minimum", [1, 0, 2.0, True, "3", None])
def test_the_minimum_must_be_a_whole_number_of_at_least_two(minimum):
    with pytest.raises(ValueError, match="minimum must be a whole number of at least 2"):
        three_sixty(AXES, SELF, [], minimum=minimum)


def test_a_minimum_of_two_is_allowed():
    result = three_sixty(AXES, SELF, sheets("peer", 0.0, 10.0), minimum=2)
    assert view_keys(result) == ["peer"]


def test_an_unknown_group_is_refused():
    with pytest.raises(ValueError, match="observer group must be one of manager, peer"):
        RaterScores("friend", {"alpha": 0.0})


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"gamma": 1.0}, "peer sheet: unknown axis id"),
        ({"alpha": 101.0}, r"alpha must be a score in \[-100, 100\]"),
        ({"alpha": "10"}, "alpha must be a score"),
    ],
)
def test_scores_that_are_not_scores_of_the_axes_are_refused(scores, message):
    with pytest.raises(ValueError, match=message):
        three_sixty(AXES, SELF, [RaterScores("peer", scores)])


def test_nan_is_no_score():
    raters = [*sheets("peer", 0.0, 10.0, 20.0), RaterScores("peer", {"alpha": math.nan})]
    result = three_sixty(AXES, SELF, raters)
    assert result.observers.counts["alpha"] == 3
    assert result.observers.scores["alpha"] == 10.0


def test_repeated_axes_and_bad_self_errors_are_refused():
    with pytest.raises(ValueError, match="repeated axis id"):
        three_sixty(["alpha", "alpha"], SELF, [])
    with pytest.raises(ValueError, match="alpha must be a standard error"):
        three_sixty(AXES, SELF, [], self_errors={"alpha": -1.0})


# --- the invariant, over many campaigns --------------------------------------------------

GROUP_SIZES = st.tuples(*(st.integers(0, 6) for _ in range(3)))


@given(GROUP_SIZES, st.integers(2, 5), st.data())
def test_nothing_hidden_can_be_recovered_by_subtracting_shown_views(sizes, minimum, data):
    raters = [
        RaterScores(group, {"alpha": data.draw(st.sampled_from([None, 10.0]))})
        for group, n in zip(["manager", "peer", "direct_report"], sizes, strict=True)
        for _ in range(n)
    ]
    result = three_sixty(["alpha"], {"alpha": 0.0}, raters, minimum=minimum)
    if result.observers is None:
        assert result.groups == ()
        return
    for view in result.groups:
        assert view.raters >= minimum or (view.key == "manager" and view.raters == 1)
    assert sum(v.raters for v in result.groups) in (0, result.observers.raters)
    for axis in result.axes:
        pooled = result.observers.counts[axis]
        if result.observers.scores[axis] is None:
            assert pooled < minimum
            continue
        shown = sum(v.counts[axis] for v in result.groups if v.scores[axis] is not None)
        assert pooled - shown == 0 or pooled - shown >= minimum


def test_shown_alone_prefers_folding_in_the_smallest_group():
    # the two others are left over: the direct reports (3) join them, not the peers (4)
    counts = {"manager": 1, "peer": 4, "direct_report": 3, "others": 2}
    assert shown_alone(counts, 3) == ("manager", "peer")
