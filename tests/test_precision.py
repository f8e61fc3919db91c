"""scoring.precision: the firm-score rule, the reported band, measurement error and
reliable change, against values computed by hand (tests/banks/mini.yaml)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from scoring.precision import (
    FIRM_ANSWERS,
    MIN_ESTIMATE_SHEETS,
    Change,
    Spread,
    Z,
    axis_change,
    axis_reading,
    axis_spreads,
    change_margin,
    firm_axes_needed,
    firmer_advice,
    overall_change,
    overall_error,
    overall_reading,
    pooled_within_sd,
    random_answer_sd,
    reported_band,
    standard_error,
)
from scoring.profile import Band, score


def test_the_rule_constants():
    assert FIRM_ANSWERS == 3 and MIN_ESTIMATE_SHEETS == 30 and Z == 1.96
    assert [firm_axes_needed(n) for n in (1, 2, 3, 12)] == [1, 1, 2, 6]


@pytest.mark.parametrize(
    ("value", "firm", "expected"),
    [
        (-100.0, False, Band.LEANS_LEFT),
        (-100.0, True, Band.STRONG_LEFT),
        (-50.0, False, Band.LEANS_LEFT),
        (-20.0, False, Band.LEANS_LEFT),
        (0.0, False, Band.BALANCED),
        (49.9, False, Band.LEANS_RIGHT),
        (50.0, False, Band.LEANS_RIGHT),
        (50.0, True, Band.STRONG_RIGHT),
    ],
)
def test_reported_band_softens_only_strong_bands_and_only_when_tentative(value, firm, expected):
    assert reported_band(value, firm) is expected


def test_an_axis_on_two_answers_is_tentative_and_never_strongly(mini):
    axis = score(mini, {"a1": 1, "a3": "y"}).axis("alpha")  # 2 of 4: (1 + 1) / 2 -> +100
    assert axis.score == 100.0 and axis.band_label == "Strongly Values"  # the contract
    reading = axis_reading(axis)
    assert not reading.firm
    assert reading.band is Band.LEANS_RIGHT
    assert reading.label == "Leans Values (tentative: based on 2 answers)"
    assert reading.basis == "based on 2 of 4 answers"


def test_an_axis_on_three_answers_is_firm(mini):
    reading = axis_reading(score(mini, {"a1": 1, "a2": 5, "a3": "y"}).axis("alpha"))
    assert reading.firm and reading.label == "Strongly Values" and reading.note is None


def test_an_axis_without_a_score_reads_as_before(mini):
    reading = axis_reading(score(mini, {"a1": 1}).axis("alpha"))
    assert reading.score is None and not reading.firm
    assert reading.label == "Not enough answers"


def test_the_overall_needs_half_of_the_axes_firm(mini):
    # alpha on 3 answers (firm), beta on 2 of 3 (tentative): 1 of 2 axes firm = enough
    profile = score(mini, {"a1": 1, "a2": 5, "a3": "y", "b2": 5, "b3": 5})
    reading = overall_reading(profile)
    assert reading.firm and reading.label == "Strongly Leadership"
    assert (reading.answered, reading.items) == (5, 7)
    quick = overall_reading(score(mini, {"a1": 1, "a3": "y", "b2": 5}, "quick"))
    assert not quick.firm
    assert quick.label == "Leans Leadership (tentative: 0 of 2 axes rest on 3 or more answers)"


def test_the_quick_core_form_is_tentative_throughout(core):
    answers = {}
    for item in core.form_items("quick"):
        if item.type == "likert":
            answers[item.id] = 5 if item.keyed == "right" else 1
        else:
            answers[item.id] = max(item.options, key=lambda o: o.lean).id
    profile = score(core, answers, "quick")
    assert profile.overall_band_label.startswith("Strongly")  # the contract's band
    assert all(not axis_reading(a).firm for a in profile.axes)
    assert not overall_reading(profile).firm
    assert "Strongly" not in overall_reading(profile).label
    assert firmer_advice(core, "quick") == "take the full form for a firmer reading"


def test_random_answer_sd_by_hand(mini):
    # alpha, full form: a1, a2 (likert: mean 0, mean square 0.5), a3 (-1, 1: mean 0,
    # mean square 1), a4 (-1, -0.5, 0.5: mean -1/3, mean square 0.5)
    mean = (0 + 0 + 0 - 1 / 3) / 4
    square = (0.5 + 0.5 + 1 + 0.5) / 4
    assert random_answer_sd(mini, "alpha") == pytest.approx(math.sqrt(square - mean**2))
    assert random_answer_sd(mini, "beta") == pytest.approx(math.sqrt(0.5))


def test_pooled_within_sd_by_hand():
    matrix = np.array(
        [
            [1.0, -1.0, np.nan],  # mean 0, squares 2, df 1
            [0.5, 0.5, 0.5],  # squares 0, df 2
            [1.0, np.nan, np.nan],  # one answer: left out
        ]
    )
    sd, sheets = pooled_within_sd(matrix)
    assert sheets == 2 and sd == pytest.approx(math.sqrt(2 / 3))
    assert math.isnan(pooled_within_sd(np.array([[1.0, np.nan]]))[0])


def test_spreads_come_from_stored_answers_once_30_sheets_have_two_answers(mini):
    rows = MIN_ESTIMATE_SHEETS
    # alpha quick (a1, a3): a1 = 1 (contribution +1) and a3 alternating y (+1) / x (-1):
    # deviations 0 or +-1 from each sheet's mean
    answers = pd.DataFrame(
        {"a1": ["1"] * rows, "a3": ["y", "x"] * (rows // 2), "b2": ["5"] * rows},
        index=pd.Index([f"s{n}" for n in range(rows)], name="respondent"),
    )
    spreads = axis_spreads(mini, "quick", answers)
    # half the sheets (+1, +1): squares 0; half (+1, -1): squares 2; df 1 each
    assert spreads["alpha"].sheets == rows
    assert spreads["alpha"].sd == pytest.approx(math.sqrt((rows / 2 * 2) / rows))
    # beta quick has one item: nobody has two answers, so the default stays
    assert spreads["beta"].sheets == 0
    assert spreads["beta"].sd == pytest.approx(math.sqrt(0.5))
    fewer = axis_spreads(mini, "quick", answers.iloc[: rows - 1])
    assert fewer["alpha"].sheets == 0 and fewer["alpha"].source.startswith("a conservative")


def test_standard_error_and_margin_by_hand():
    assert standard_error(0.6, 9) == pytest.approx(20.0)
    assert change_margin(20.0, 15.0) == pytest.approx(1.96 * 25.0)


def test_overall_error_by_hand(mini):
    profile = score(mini, {"a1": 1, "a2": 5, "a3": "y", "a4": "c", "b2": 5, "b3": 4})
    spreads = {"alpha": Spread(0.4), "beta": Spread(0.6)}
    alpha, beta = 100 * 0.4 / 2, 100 * 0.6 / math.sqrt(2)  # 4 and 2 answers
    assert overall_error(profile, spreads) == pytest.approx(math.hypot(alpha, beta) / 2)


def test_a_change_within_the_error_is_no_clear_change():
    change = Change(10.0, 40.0, 69.3, tentative=False)
    assert not change.clear
    assert change.text == (
        "no clear change since last time (+30.0, within the measurement error of ±69.3)"
    )


def test_a_change_beyond_the_error_is_reported():
    change = Change(-20.0, 60.0, 69.3, tentative=False)
    assert change.clear and change.delta == 80.0
    assert change.text == "+80.0 since last time (beyond the measurement error of ±69.3)"


def test_plus_200_from_two_answers_is_never_a_bare_change(mini):
    before = score(mini, {"a1": 5, "a3": "x"}, "quick").axis("alpha")  # -100 on 2
    after = score(mini, {"a1": 1, "a3": "y"}, "quick").axis("alpha")  # +100 on 2
    spread = Spread(random_answer_sd(mini, "alpha", "quick"))  # sqrt(0.75)
    change = axis_change(before, after, spread, spread)
    se = 100 * math.sqrt(0.75) / math.sqrt(2)
    assert change.margin == pytest.approx(1.96 * math.sqrt(2) * se)  # 169.7
    assert change.clear and change.tentative
    assert change.text.startswith("tentative: +200.0 since last time")
    assert not change.text.startswith("+200")


def test_a_large_move_on_firm_scores_is_a_change(mini):
    spread = Spread(0.5)
    before = score(mini, {"a1": 5, "a2": 1, "a3": "x", "a4": "a"}).axis("alpha")  # -100 on 4
    after = score(mini, {"a1": 2, "a2": 4, "a3": "y", "a4": "c"}).axis("alpha")
    # after: (0.5 + 0.5 + 1 + 0.5) / 4 -> 62.5; SEs 25 and 25, margin 69.3
    change = axis_change(before, after, spread, spread)
    assert (change.earlier, change.later) == (-100.0, 62.5)
    assert change.clear and not change.tentative
    assert change.text == "+162.5 since last time (beyond the measurement error of ±69.3)"


def test_no_change_without_both_scores(mini):
    scored = score(mini, {"a1": 5, "a3": "x"}).axis("alpha")
    unscored = score(mini, {"a1": 5}).axis("alpha")
    assert axis_change(unscored, scored, Spread(0.5), Spread(0.5)) is None
    empty = score(mini, {})
    assert overall_change(empty, score(mini, {"a1": 1, "a3": "y"}), {}, {}) is None
