"""Scoring one respondent: the contract of DESIGN.md "Scoring", computed by hand.

tests/banks/mini.yaml, a 5-point scale (m = 3, h = 2):
  alpha (Rules | Values), 4 items, a score needs ceil(4/2) = 2 answers:
    a1 likert keyed left, a2 likert keyed right,
    a3 forced choice x = -1, y = +1, a4 scenario a = -1, b = -0.5, c = +0.5
  beta (React | Act), 3 items, a score needs ceil(3/2) = 2 answers:
    b1 likert keyed left, b2 and b3 likert keyed right
  quick form: a1, a3 (alpha) and b2 (beta)
Likert keyed left:  c = -(x - 3) / 2 -> 1: +1, 2: +0.5, 3: 0, 4: -0.5, 5: -1
Likert keyed right: c = +(x - 3) / 2 -> 1: -1, 2: -0.5, 3: 0, 4: +0.5, 5: +1
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questions.bank import ChoiceItem, parse_bank
from scoring.frame import score_frame
from scoring.profile import AnswerError, Band, band, contribution, score

PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def axis_score(bank, answers, axis_id, form=None):
    return score(bank, answers, form).axis(axis_id).score


# --- contributions of each item type --------------------------------------------------


@pytest.mark.parametrize(("x", "c"), [(1, 1.0), (2, 0.5), (3, 0.0), (4, -0.5), (5, -1.0)])
def test_likert_keyed_left_contribution(mini, x, c):
    assert contribution(mini.item("a1"), x, mini) == c
    assert contribution(mini.item("a1"), str(x), mini) == c


@pytest.mark.parametrize(("x", "c"), [(1, -1.0), (2, -0.5), (3, 0.0), (4, 0.5), (5, 1.0)])
def test_likert_keyed_right_contribution(mini, x, c):
    assert contribution(mini.item("a2"), x, mini) == c


@pytest.mark.parametrize(("option", "c"), [("a", -1.0), ("b", -0.5), ("c", 0.5)])
def test_choice_contribution_is_the_options_lean(mini, option, c):
    assert contribution(mini.item("a4"), option, mini) == c


@pytest.mark.parametrize("blank", [None, ""])
def test_a_blank_answer_contributes_nothing(mini, blank):
    assert contribution(mini.item("a1"), blank, mini) is None
    assert contribution(mini.item("a3"), blank, mini) is None


# --- axis scores, by hand ----------------------------------------------------------------


# alpha = 100 * (c(a1 = x) + c(a3 = y)) / 2 = 100 * (-(x - 3) / 2 + 1) / 2
@pytest.mark.parametrize(("x", "expected"), [(1, 100.0), (2, 75.0), (3, 50.0), (4, 25.0), (5, 0.0)])
def test_likert_keyed_left_at_every_scale_point(mini, x, expected):
    assert axis_score(mini, {"a1": x, "a3": "y"}, "alpha") == expected


# alpha = 100 * (c(a2 = x) + c(a3 = y)) / 2 = 100 * ((x - 3) / 2 + 1) / 2
@pytest.mark.parametrize(("x", "expected"), [(1, 0.0), (2, 25.0), (3, 50.0), (4, 75.0), (5, 100.0)])
def test_likert_keyed_right_at_every_scale_point(mini, x, expected):
    assert axis_score(mini, {"a2": x, "a3": "y"}, "alpha") == expected


# beta = 100 * (c(b1 = x) + c(b2 = 3)) / 2 = 100 * (-(x - 3) / 2 + 0) / 2 = -25 (x - 3)
@pytest.mark.parametrize(
    ("x", "expected"), [(1, 50.0), (2, 25.0), (3, 0.0), (4, -25.0), (5, -50.0)]
)
def test_likert_keyed_left_on_a_second_axis(mini, x, expected):
    assert axis_score(mini, {"b1": x, "b2": 3}, "beta") == expected


# alpha = 100 * (c(a3) + c(a1 = 3)) / 2 = 50 * c(a3)
@pytest.mark.parametrize(("option", "expected"), [("x", -50.0), ("y", 50.0)])
def test_forced_choice(mini, option, expected):
    assert axis_score(mini, {"a3": option, "a1": 3}, "alpha") == expected


# alpha = 100 * (c(a4) + c(a1 = 3)) / 2 = 50 * lean: a -1, b -0.5, c +0.5
@pytest.mark.parametrize(("option", "expected"), [("a", -50.0), ("b", -25.0), ("c", 25.0)])
def test_scenario_leans(mini, option, expected):
    assert axis_score(mini, {"a4": option, "a1": 3}, "alpha") == expected


def test_all_four_item_types_on_one_axis(mini):
    # a1 = 1 -> +1, a2 = 5 -> +1, a3 = y -> +1, a4 = c -> +0.5
    # alpha = 100 * 3.5 / 4 = 87.5
    profile = score(mini, {"a1": 1, "a2": 5, "a3": "y", "a4": "c"})
    assert profile.axis("alpha").score == 87.5
    assert (profile.axis("alpha").answered, profile.axis("alpha").items) == (4, 4)


def test_string_answers_with_spaces_count_like_integers(mini):
    # spreadsheets and forms hand answers over as text: " 1 " is the answer 1
    assert (
        score(mini, {"a1": " 1 ", "a3": " y"}).scores()
        == score(mini, {"a1": 1, "a3": "y"}).scores()
    )


def test_whole_floats_and_blank_text_read_as_score_frame_reads_them(mini):
    # a likert column with blanks comes out of pandas as floats: 1.0 is the answer 1
    given = {"a1": 1.0, "a2": " ", "a3": "y", "a4": "c"}
    profile = score(mini, given)
    assert profile.scores() == score(mini, {"a1": 1, "a3": "y", "a4": "c"}).scores()
    assert profile.axis("alpha").answered == 3
    framed = score_frame(mini, pd.DataFrame([given], index=pd.Index(["ann"])))
    assert framed.loc["ann", "alpha"] == profile.axis("alpha").score


# --- coverage ----------------------------------------------------------------------------


def test_alpha_with_one_of_four_answered_has_no_score(mini):
    # 1 < ceil(4 / 2) = 2
    profile = score(mini, {"a1": 1})
    assert profile.axis("alpha").score is None
    assert profile.axis("alpha").answered == 1
    assert profile.axis("alpha").band is None
    assert profile.axis("alpha").band_label == "Not enough answers"


def test_alpha_with_exactly_half_answered_has_a_score(mini):
    # 2 = ceil(4 / 2): alpha = 100 * (c(a1 = 1) + c(a4 = b)) / 2 = 100 * (1 - 0.5) / 2 = 25
    assert axis_score(mini, {"a1": 1, "a4": "b"}, "alpha") == 25.0


def test_beta_with_one_of_three_answered_has_no_score(mini):
    # 1 < ceil(3 / 2) = 2 (rounding n / 2 = 1.5 down would wrongly allow it)
    assert axis_score(mini, {"b2": 5}, "beta") is None


def test_beta_with_two_of_three_answered_has_a_score(mini):
    # 2 = ceil(3 / 2): beta = 100 * (c(b2 = 5) + c(b3 = 4)) / 2 = 100 * 1.5 / 2 = 75
    assert axis_score(mini, {"b2": 5, "b3": 4}, "beta") == 75.0


def test_the_quick_form_counts_only_its_own_items(mini):
    # quick alpha = {a1, a3}: needs ceil(2/2) = 1, so a1 = 1 alone gives 100 * 1 / 1
    # quick beta = {b2}: needs ceil(1/2) = 1, so b2 = 5 alone gives 100 * 1 / 1
    answers = {"a1": 1, "b2": 5}
    quick = score(mini, answers, form="quick")
    assert (quick.axis("alpha").score, quick.axis("beta").score) == (100.0, 100.0)
    assert (quick.axis("alpha").items, quick.axis("beta").items) == (2, 1)
    # the same answers on the full form are one of four and one of three: no scores
    full = score(mini, answers)
    assert (full.axis("alpha").score, full.axis("beta").score) == (None, None)
    assert full.overall is None


def test_answers_to_items_outside_the_form_are_ignored(mini):
    # quick form: a2 (+1 if counted, or invalid: 9), b1 = 5 (-1 if counted) and an
    # unknown id are all outside it. alpha = 100 * c(a1 = 5) = -100, beta = c(b2 = 5) = 100
    answers = {"a1": 5, "a2": 9, "b1": 5, "b2": 5, "no_such_item": "?"}
    quick = score(mini, answers, form="quick")
    assert quick.axis("alpha").score == -100.0
    assert quick.axis("beta").score == 100.0
    assert quick.overall == 0.0


def test_an_empty_answer_set_has_no_scores(mini):
    profile = score(mini, {})
    assert profile.scores() == {"alpha": None, "beta": None, "overall": None}
    assert profile.overall_band_label == "Not enough answers"


# --- overall and rounding -----------------------------------------------------------------


def test_overall_is_the_mean_of_the_axes_that_have_a_score(mini):
    # alpha = 100 * (c(a1 = 1) + c(a3 = y)) / 2 = 100; beta has one answer: no score
    # overall = mean(100) = 100, not (100 + 0) / 2
    profile = score(mini, {"a1": 1, "a3": "y", "b1": 1})
    assert profile.axis("beta").score is None
    assert profile.overall == 100.0


def test_overall_of_two_axes(mini):
    # alpha = 100 * (c(a1 = 2) + c(a3 = y)) / 2 = 100 * 1.5 / 2 = 75
    # beta  = 100 * (c(b1 = 4) + c(b2 = 4)) / 2 = 100 * 0 / 2 = 0
    # overall = (75 + 0) / 2 = 37.5
    assert score(mini, {"a1": 2, "a3": "y", "b1": 4, "b2": 4}).overall == 37.5


@pytest.fixture(scope="module")
def trio():
    """Three axes of three right-keyed 5-point likert items: scores in steps of 50/3."""
    axes = [
        {"id": axis, "title": axis.title(), "left": {"label": "L"}, "right": {"label": "R"}}
        for axis in ("alpha", "beta", "gamma")
    ]
    items = [
        {"id": f"{axis[0]}{k}", "axis": axis, "type": "likert", "text": "t", "keyed": "right"}
        for axis in ("alpha", "beta", "gamma")
        for k in (1, 2, 3)
    ]
    return parse_bank(
        {
            "id": "trio",
            "title": "Trio",
            "likert": {"points": 5, "labels": ["1", "2", "3", "4", "5"]},
            "axes": axes,
            "items": items,
        },
        source="trio",
    )


def test_overall_is_taken_before_rounding(trio):
    # alpha: 5, 3, 3 -> (1 + 0 + 0) / 3 -> 33.333... reported 33.3
    # beta:  2, 3, 3 -> (-0.5 + 0 + 0) / 3 -> -16.666... reported -16.7
    # gamma: 3, 3, 3 -> 0
    # overall = (33.333 - 16.667 + 0) / 3 = 5.5556 -> 5.6
    # (rounding first would give (33.3 - 16.7 + 0) / 3 = 5.5333 -> 5.5)
    answers = {"a1": 5, "a2": 3, "a3": 3, "b1": 2, "b2": 3, "b3": 3, "g1": 3, "g2": 3, "g3": 3}
    profile = score(trio, answers)
    assert profile.scores() == {"alpha": 33.3, "beta": -16.7, "gamma": 0.0, "overall": 5.6}


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"b1": 1, "b2": 5, "b3": 4}, 83.3),  # 100 * (1 + 1 + 0.5) / 3 = 83.333
        ({"b1": 5, "b2": 1, "b3": 2}, -83.3),  # 100 * (-1 - 1 - 0.5) / 3 = -83.333
        ({"b1": 1, "b2": 4, "b3": 5}, 83.3),  # same contributions, other items
        ({"b1": 2, "b2": 4, "b3": 5}, 66.7),  # 100 * (0.5 + 0.5 + 1) / 3 = 66.667
        ({"b1": 3, "b2": 4, "b3": 3}, 16.7),  # 100 * 0.5 / 3 = 16.667
        ({"b1": 3, "b2": 2, "b3": 3}, -16.7),  # 100 * -0.5 / 3 = -16.667
    ],
)
def test_scores_are_reported_to_one_decimal(mini, answers, expected):
    assert axis_score(mini, answers, "beta") == expected


def test_a_zero_score_is_never_negative_zero(mini):
    # alpha = 100 * (c(a1 = 4) + c(a2 = 4)) / 2 = 100 * (-0.5 + 0.5) / 2 = 0
    value = axis_score(mini, {"a1": 4, "a2": 4}, "alpha")
    assert value == 0.0
    assert math.copysign(1, value) == 1


# --- bands ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        (-100, Band.STRONG_LEFT),
        (-50.1, Band.STRONG_LEFT),
        (-50, Band.STRONG_LEFT),
        (-49.9, Band.LEANS_LEFT),
        (-15.1, Band.LEANS_LEFT),
        (-15, Band.LEANS_LEFT),
        (-14.9, Band.BALANCED),
        (0, Band.BALANCED),
        (14.9, Band.BALANCED),
        (15, Band.LEANS_RIGHT),
        (15.1, Band.LEANS_RIGHT),
        (49.9, Band.LEANS_RIGHT),
        (50, Band.STRONG_RIGHT),
        (50.1, Band.STRONG_RIGHT),
        (100, Band.STRONG_RIGHT),
    ],
)
def test_band_boundaries(s, expected):
    assert band(s) is expected


def test_a_missing_score_has_no_band():
    with pytest.raises(ValueError):
        band(float("nan"))


@pytest.mark.parametrize(
    ("answers", "axis_id", "label"),
    [
        ({"a1": 5, "a3": "x"}, "alpha", "Strongly Rules"),  # (-1 - 1) / 2 -> -100
        ({"a1": 3, "a4": "b"}, "alpha", "Leans Rules"),  # (0 - 0.5) / 2 -> -25
        ({"a1": 1, "a3": "x"}, "alpha", "Balanced"),  # (1 - 1) / 2 -> 0
        ({"a2": 4, "a1": 3}, "alpha", "Leans Values"),  # (0.5 + 0) / 2 -> 25
        ({"a2": 5, "a3": "y"}, "alpha", "Strongly Values"),  # (1 + 1) / 2 -> 100
        ({"b1": 4, "b2": 3}, "beta", "Leans React"),  # (-0.5 + 0) / 2 -> -25
        ({"b2": 5, "b3": 5}, "beta", "Strongly Act"),  # (1 + 1) / 2 -> 100
    ],
)
def test_band_labels_use_the_axis_pole_labels(mini, answers, axis_id, label):
    assert score(mini, answers).axis(axis_id).band_label == label


def test_overall_band_uses_the_banks_pole_names(mini):
    # alpha = 100 * (c(a1 = 5) + c(a3 = x)) / 2 = -100; beta = 100 * (c(b1 = 4) + 0) / 2 = -25
    # overall = (-100 - 25) / 2 = -62.5 -> strong left, the bank calls its left pole Management
    profile = score(mini, {"a1": 5, "a3": "x", "b1": 4, "b2": 3})
    assert profile.overall == -62.5
    assert profile.overall_band is Band.STRONG_LEFT
    assert profile.overall_band_label == "Strongly Management"


def test_strongest_first_orders_by_the_size_of_the_lean(mini):
    # alpha = -25 (a1 = 3, a4 = b), beta = +75 (b2 = 5, b3 = 4)
    profile = score(mini, {"a1": 3, "a4": "b", "b2": 5, "b3": 4})
    assert [a.axis_id for a in profile.strongest_first()] == ["beta", "alpha"]


# --- answers that are not answers -----------------------------------------------------------


@pytest.mark.parametrize(
    ("item_id", "value"),
    [("a1", 0), ("a1", 6), ("a1", "6"), ("a1", -1), ("a1", "agree"), ("a3", "z"), ("a3", 1)],
)
def test_an_answer_out_of_range_is_an_answer_error(mini, item_id, value):
    with pytest.raises(AnswerError, match=f"item '{item_id}'"):
        score(mini, {item_id: value, "a2": 3})


# --- properties on the core bank ------------------------------------------------------------


def negated_option(item: ChoiceItem, option_id: str) -> str | None:
    lean = next(o.lean for o in item.options if o.id == option_id)
    return next((o.id for o in item.options if o.lean == -lean), None)


_ANSWER_STRATEGIES: dict[tuple[str, str | None], st.SearchStrategy] = {}


def answers_of(bank, form=None) -> st.SearchStrategy[dict]:
    """One respondent: each item of the form blank or a valid answer (about half blank)."""
    key = (bank.id, form)
    if key not in _ANSWER_STRATEGIES:
        fields = {}
        for item in bank.form_items(form):
            if item.type == "likert":
                values = st.sampled_from(list(bank.likert.values))
            else:
                values = st.sampled_from([o.id for o in item.options])
            fields[item.id] = st.none() | values
        _ANSWER_STRATEGIES[key] = st.fixed_dictionaries(fields)
    return _ANSWER_STRATEGIES[key]


def draw_answers(data, bank, form=None) -> dict:
    return dict(data.draw(answers_of(bank, form)))


@PROPERTY_SETTINGS
@given(data=st.data())
def test_core_scores_stay_between_minus_and_plus_100(core, data):
    form = data.draw(st.sampled_from(core.form_names))
    scores = score(core, draw_answers(data, core, form), form).scores()
    assert scores.keys() == {*(a.id for a in core.axes), "overall"}
    for value in scores.values():
        assert value is None or -100 <= value <= 100


@PROPERTY_SETTINGS
@given(data=st.data())
def test_reversing_every_answer_negates_every_score(core, data):
    answers = draw_answers(data, core)
    reversed_answers = {}
    for item_id, value in answers.items():
        item = core.item(item_id)
        if value is None:
            reversed_answers[item_id] = None
        elif item.type == "likert":
            reversed_answers[item_id] = core.likert.points + 1 - value
        else:
            mirror = negated_option(item, value)
            if mirror is None:  # no mirror image: leave the item out of both sets
                answers[item_id] = reversed_answers[item_id] = None
            else:
                reversed_answers[item_id] = mirror
    before = score(core, answers).scores()
    after = score(core, reversed_answers).scores()
    assert before.keys() == after.keys()
    for key, value in before.items():
        if value is None:
            assert after[key] is None, key
        else:
            assert after[key] == -value, key


def test_core_has_mirror_options_for_every_forced_choice(core):
    # the reversal property above is only strong if most choices can be mirrored
    choices = [i for i in core.items if i.type == "choice"]
    mirrored = [i for i in choices if all(negated_option(i, o.id) for o in i.options)]
    assert len(choices) >= len(core.axes)
    assert len(mirrored) >= len(core.axes)


@PROPERTY_SETTINGS
@given(data=st.data())
def test_score_and_score_frame_agree(core, data):
    form = data.draw(st.sampled_from(core.form_names))
    people = data.draw(st.integers(min_value=1, max_value=6))
    rows = [draw_answers(data, core, form) for _ in range(people)]
    # likert cells as ints, as text, or (where pandas fills blanks with NaN) as floats
    as_text = data.draw(st.booleans())
    frame = pd.DataFrame(
        [{k: (str(v) if as_text and v is not None else v) for k, v in r.items()} for r in rows],
        index=pd.Index([f"r{n}" for n in range(people)], name="respondent"),
    )
    many = score_frame(core, frame, form)
    assert list(many.columns) == [a.id for a in core.axes] + ["overall"]
    for n, answers in enumerate(rows):
        one = score(core, answers, form).scores()
        for column, value in one.items():
            cell = many.loc[f"r{n}", column]
            if value is None:
                assert np.isnan(cell), (n, column, cell)
            else:
                assert cell == value, (n, column, cell, value)


def random_respondents(bank, count: int, seed: int) -> list[dict]:
    """`count` respondents, each with their own share of blanks (0 to 100 %)."""
    rng = np.random.default_rng(seed)
    blank = rng.random((count, len(bank.items))) < rng.random((count, 1))
    picks = rng.integers(0, 1_000_000, (count, len(bank.items)))
    choices = [
        list(bank.likert.values) if item.type == "likert" else [o.id for o in item.options]
        for item in bank.items
    ]
    return [
        {
            item.id: None if blank[n, j] else choices[j][picks[n, j] % len(choices[j])]
            for j, item in enumerate(bank.items)
        }
        for n in range(count)
    ]


def test_score_and_score_frame_agree_on_thousands_of_respondents(core):
    # Many overall scores are exact ties such as 25/4 = 6.25; the two scorers add the
    # axis scores in different orders, and they must still round them the same way.
    people = random_respondents(core, 5000, seed=2026)
    many = score_frame(core, pd.DataFrame(people)).to_numpy()
    one_by_one = np.array(
        [[np.nan if v is None else v for v in score(core, a).scores().values()] for a in people]
    )
    differing = ~((many == one_by_one) | (np.isnan(many) & np.isnan(one_by_one)))
    assert [(n, many[n], one_by_one[n]) for n in np.flatnonzero(differing.any(axis=1))] == []
