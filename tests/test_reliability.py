"""Item analysis (scoring/reliability.py) against pingouin, by hand, and its refusals.

pingouin is the oracle here and nowhere else: the app and the CLI do not import it.
Its bundled data sets: `cronbach_alpha` (15 subjects x 10 items scored 1-7, long
format, no missing value) and `cronbach_wide_missing` (12 x 11 binary items, 4 missing
cells, 9 complete rows).

One difference, pinned below: pingouin's listwise CI takes n from the data *before* the
incomplete rows are dropped (n = 12 for cronbach_wide_missing); Feldt's method needs the
rows alpha rests on (n = 9), which is what pingouin gives for the complete rows passed
directly, and what this module gives.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from questions.bank import parse_bank
from scoring.frame import InvalidCells
from scoring.reliability import (
    ACCEPTABLE,
    GOOD,
    MIN_ITEM_REST_R,
    MIN_ROWS,
    alpha_if_deleted,
    analyse,
    complete_rows,
    cronbach_alpha,
    f_quantile,
    feldt_ci,
    item_rest_correlations,
    level,
    report_frame,
)
from tests.conftest import ROOT

pg = pytest.importorskip("pingouin")
scipy_f = pytest.importorskip("scipy.stats").f


@pytest.fixture(scope="module")
def likert_data() -> pd.DataFrame:
    long = pg.read_dataset("cronbach_alpha")
    return long.pivot(index="Subj", columns="Items", values="Scores")


@pytest.fixture(scope="module")
def binary_data() -> pd.DataFrame:
    return pg.read_dataset("cronbach_wide_missing")


# Against pingouin


def test_alpha_and_ci_match_pingouin_on_its_likert_data(likert_data):
    expected_alpha, expected_ci = pg.cronbach_alpha(likert_data)
    alpha = cronbach_alpha(likert_data)
    assert alpha == pytest.approx(expected_alpha, rel=1e-12)
    assert alpha == pytest.approx(0.5917188485995826, rel=1e-12)
    ci = feldt_ci(alpha, rows=15, items=10)
    assert np.round(ci, 3).tolist() == expected_ci.tolist() == [0.195, 0.84]


def test_listwise_alpha_matches_pingouin_on_its_data_with_missing_values(binary_data):
    complete = complete_rows(binary_data)
    assert len(complete) == 9
    expected_alpha, _ = pg.cronbach_alpha(binary_data, nan_policy="listwise")
    alpha = cronbach_alpha(complete)
    assert alpha == pytest.approx(expected_alpha, rel=1e-12)
    assert alpha == pytest.approx(0.8016949152542373, rel=1e-12)
    # The interval on the 9 rows alpha rests on: pingouin's, given those rows.
    _, on_complete_rows = pg.cronbach_alpha(complete)
    assert np.round(feldt_ci(alpha, rows=9, items=11), 3).tolist() == on_complete_rows.tolist()
    assert on_complete_rows.tolist() == [0.533, 0.947]


def test_pingouin_s_listwise_ci_counts_the_rows_it_dropped(binary_data):
    """Why the interval above is not pingouin's listwise one: that uses n = 12."""
    alpha, its_ci = pg.cronbach_alpha(binary_data, nan_policy="listwise")
    assert its_ci.tolist() == [0.581, 0.933]
    assert np.round(feldt_ci(alpha, rows=12, items=11), 3).tolist() == its_ci.tolist()


@pytest.mark.parametrize("dataset", ["likert_data", "binary_data"])
def test_alpha_if_deleted_is_pingouin_s_alpha_of_the_other_items(dataset, request):
    data = complete_rows(request.getfixturevalue(dataset))
    result = alpha_if_deleted(data)
    for column in data.columns:
        expected, _ = pg.cronbach_alpha(data.drop(columns=column))
        assert result[column] == pytest.approx(expected, rel=1e-12), column


@pytest.mark.parametrize("dataset", ["likert_data", "binary_data"])
def test_item_rest_r_is_pingouin_s_r_of_the_item_with_the_sum_of_the_others(dataset, request):
    data = complete_rows(request.getfixturevalue(dataset))
    result = item_rest_correlations(data)
    for column in data.columns:
        rest = data.drop(columns=column).sum(axis=1)
        expected = pg.corr(data[column], rest)["r"].iloc[0]
        assert result[column] == pytest.approx(expected, abs=1e-12), column


@pytest.mark.parametrize(
    ("p", "df1", "df2"),
    [
        (0.975, 14, 126),
        (0.025, 14, 126),
        (0.975, 8, 80),
        (0.025, 1, 1),
        (0.5, 2, 3),
        (0.999, 1, 200),
        (0.001, 500, 2000),
        (0.975, 1999, 9995),
        (0.025, 9, 9),
    ],
)
def test_the_f_quantile_is_scipy_s(p, df1, df2):
    assert f_quantile(p, df1, df2) == pytest.approx(scipy_f.ppf(p, df1, df2), rel=1e-10)


# By hand


def test_two_items_by_hand():
    """x = 1 2 3 4, y = 2 1 4 3: variances 5/3 each, totals 3 3 7 7 with variance 16/3,
    so alpha = 2 (1 - (10/3)/(16/3)) = 0.75; cov(x, y) = 1, so r = 1 / (5/3) = 0.6."""
    data = pd.DataFrame({"x": [1, 2, 3, 4], "y": [2, 1, 4, 3]})
    assert cronbach_alpha(data) == pytest.approx(0.75)
    assert item_rest_correlations(data).tolist() == pytest.approx([0.6, 0.6])
    assert alpha_if_deleted(data).isna().all()  # one item left: no alpha


def test_parallel_items_give_alpha_one_and_an_unturned_reversed_item_a_negative_one():
    """x = y: alpha = 2 (1 - 2v / 4v) = 1. Adding z = 5 - x (a reversed item not turned
    round): totals x + 5, variance v, so alpha = 1.5 (1 - 3v / v) = -3."""
    x = [1, 2, 3, 4]
    assert cronbach_alpha(pd.DataFrame({"x": x, "y": x})) == pytest.approx(1.0)
    data = pd.DataFrame({"x": x, "y": x, "z": [4, 3, 2, 1]})
    assert cronbach_alpha(data) == pytest.approx(-3.0)
    assert item_rest_correlations(data)["z"] == pytest.approx(-1.0)
    assert alpha_if_deleted(data)["z"] == pytest.approx(1.0)


def test_no_spread_gives_nan_not_a_division_error():
    same_totals = pd.DataFrame({"x": [1, 2, 3], "y": [3, 2, 1]})
    assert math.isnan(cronbach_alpha(same_totals))
    constant_item = pd.DataFrame({"x": [1, 2, 3], "y": [2, 2, 2], "z": [1, 3, 2]})
    assert math.isnan(item_rest_correlations(constant_item)["y"])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (pd.DataFrame({"x": [1, 2, 3]}), "at least 2 items"),
        (pd.DataFrame({"x": [1], "y": [2]}), "at least 2 rows"),
        (pd.DataFrame({"x": [1, None, 3], "y": [1, 2, 3]}), "missing values"),
        (pd.DataFrame({"x": ["a", "b"], "y": [1, 2]}), "numeric; not: x"),
    ],
)
def test_the_statistics_refuse_unusable_data_saying_why(data, message):
    for statistic in (cronbach_alpha, item_rest_correlations, alpha_if_deleted):
        with pytest.raises(ValueError, match=message):
            statistic(data)


def test_feldt_ci_refuses_nonsense():
    with pytest.raises(ValueError, match="ci must be between"):
        feldt_ci(0.8, rows=20, items=4, ci=95)
    with pytest.raises(ValueError, match="at least 2 rows and 2 items"):
        feldt_ci(0.8, rows=20, items=1)


def test_verdict_levels_at_the_thresholds():
    assert (GOOD, ACCEPTABLE, MIN_ITEM_REST_R, MIN_ROWS) == (0.80, 0.70, 0.20, 10)
    assert [level(a) for a in (0.95, 0.80, 0.7999, 0.70, 0.6999, -0.5)] == [
        "good",
        "good",
        "acceptable",
        "acceptable",
        "low",
        "low",
    ]


# On a bank's answers


def bank_of(points: int, keyed: dict[str, str], choices: dict[str, dict[str, float]] = ()):
    """One axis 'ax' of likert items (id -> keyed) and choice items (id -> {option: lean})."""
    items = [
        {"id": i, "axis": "ax", "type": "likert", "text": f"Statement {i}.", "keyed": k}
        for i, k in keyed.items()
    ]
    items += [
        {
            "id": i,
            "axis": "ax",
            "type": "choice",
            "text": f"Scenario {i}.",
            "options": [{"id": o, "text": f"Option {o}", "lean": v} for o, v in options.items()],
        }
        for i, options in dict(choices).items()
    ]
    return parse_bank(
        {
            "id": "t",
            "title": "T",
            "likert": {"points": points, "labels": [f"L{n}" for n in range(1, points + 1)]},
            "axes": [
                {"id": "ax", "title": "Axis", "left": {"label": "Lo"}, "right": {"label": "Hi"}}
            ],
            "items": items,
        }
    )


def test_analyse_on_answers_gives_pingouin_s_figures(likert_data):
    """The likert data as answers to a 7-point bank, every item keyed right: each
    contribution is (x - 4) / 3, a linear change that alpha and r do not see."""
    bank = bank_of(7, {str(c).lower(): "right" for c in likert_data.columns})
    answers = likert_data.rename(columns=str.lower).astype(str)
    axis = analyse(bank, answers).axes[0]
    expected_alpha, expected_ci = pg.cronbach_alpha(likert_data)
    assert axis.alpha == pytest.approx(expected_alpha, rel=1e-12)
    assert np.round(axis.ci, 3).tolist() == expected_ci.tolist()
    assert (axis.rows, axis.complete, axis.level) == (15, 15, "low")
    assert "alpha 0.59 on 15 complete answer sheets" in " ".join(axis.verdict.split())
    assert "between 0.19 and 0.84" in " ".join(axis.verdict.split())
    for item in axis.items:
        column = item.item_id.upper()
        expected, _ = pg.cronbach_alpha(likert_data.drop(columns=column))
        assert item.alpha_if_deleted == pytest.approx(expected, rel=1e-12)
        rest = likert_data.drop(columns=column).sum(axis=1)
        assert item.r == pytest.approx(pg.corr(likert_data[column], rest)["r"].iloc[0])
        tally = likert_data[column].value_counts()
        assert [c.count for c in item.counts] == [tally.get(x, 0) for x in range(1, 8)]
        assert [c.label for c in item.counts] == [f"L{x}" for x in range(1, 8)]


def test_a_left_keyed_item_is_turned_round_before_the_analysis(likert_data):
    """Q3 asked the other way round (x -> 8 - x) and keyed left gives the same figures;
    its answers are then counted from 7 (nearest the left pole) down to 1."""
    turned = likert_data.copy()
    turned["Q3"] = 8 - turned["Q3"]
    keyed = {str(c).lower(): "left" if c == "Q3" else "right" for c in likert_data.columns}
    axis = analyse(bank_of(7, keyed), turned.rename(columns=str.lower)).axes[0]
    assert axis.alpha == pytest.approx(pg.cronbach_alpha(likert_data)[0], rel=1e-12)
    q3 = next(i for i in axis.items if i.item_id == "q3")
    assert [c.answer for c in q3.counts] == ["7", "6", "5", "4", "3", "2", "1"]
    assert q3.r == pytest.approx(next(i.r for i in axis.items if i.item_id == "q3"))


def test_binary_data_as_two_point_answers_refused_below_ten_complete_rows(binary_data):
    """cronbach_wide_missing has 9 complete rows: no figure, and the verdict says why."""
    bank = bank_of(2, {str(c).lower(): "right" for c in binary_data.columns})
    answers = (binary_data + 1).rename(columns=str.lower)  # 0/1 -> the answers 1/2
    axis = analyse(bank, answers).axes[0]
    assert (axis.alpha, axis.ci, axis.level, axis.complete) == (None, None, "too_few_rows", 9)
    assert "9 answer sheets answer every item" in " ".join(axis.verdict.split())
    assert not re.search(r"\d\.\d", axis.verdict)  # no coefficient at all
    assert all(math.isnan(i.r) and math.isnan(i.alpha_if_deleted) for i in axis.items)
    # the counts are still there: answers, and the blanks listwise deletion dropped
    q1 = axis.items[0]
    assert ([c.count for c in q1.counts], q1.unanswered) == ([2, 9], 1)  # as value_counts


def test_ten_complete_rows_are_enough(binary_data):
    bank = bank_of(2, {str(c).lower(): "right" for c in binary_data.columns})
    answers = (binary_data + 1).rename(columns=str.lower)
    extra = answers.dropna().iloc[:1].set_axis([99])
    axis = analyse(bank, pd.concat([answers, extra])).axes[0]
    assert axis.complete == MIN_ROWS and axis.alpha is not None


def noisy_axis(rows: int = 40, seed: int = 7) -> tuple:
    """Three items that follow one trait and a fourth, 'odd', that is noise."""
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=rows)

    def answer(signal):
        return np.clip(np.round(3 + signal + rng.normal(scale=0.6, size=rows)), 1, 5).astype(int)

    answers = pd.DataFrame(
        {
            "a": answer(1.2 * trait),
            "b": answer(1.2 * trait),
            "c": 6 - answer(1.2 * trait),  # asked the other way round
            "odd": answer(0 * trait),
        }
    ).astype(str)
    bank = bank_of(5, {"a": "right", "b": "right", "c": "left", "odd": "right"})
    return bank, answers


def test_an_item_that_follows_nothing_is_flagged_and_the_others_are_not():
    bank, answers = noisy_axis()
    axis = analyse(bank, answers).axes[0]
    by_id = {item.item_id: item for item in axis.items}
    odd = by_id["odd"]
    assert odd.r < MIN_ITEM_REST_R and odd.alpha_if_deleted > axis.alpha
    assert odd.flags == (
        "hangs loosely with the rest of the axis (r below .20)",
        f"alpha rises from {axis.alpha:.3f} to {odd.alpha_if_deleted:.3f} without it",
    )
    assert not any(by_id[i].flagged for i in "abc")
    assert by_id["c"].r > 0.5  # turned round by its key: it points the same way


def test_an_item_everyone_answered_alike_is_flagged_as_telling_nobody_apart():
    bank, answers = noisy_axis()
    answers["odd"] = "3"
    odd = analyse(bank, answers).axes[0].items[-1]
    assert math.isnan(odd.r)
    assert odd.flags[0] == "everyone gave the same answer: it tells nobody apart"


def test_an_item_nobody_answered_is_left_out_not_fatal():
    bank, answers = noisy_axis()
    answers["odd"] = ""
    axis = analyse(bank, answers).axes[0]
    assert axis.complete == 40 and axis.alpha is not None
    odd = axis.items[-1]
    assert odd.flags == ("nobody answered it: left out of the axis",) and odd.unanswered == 40


def test_an_axis_with_one_item_in_the_form_is_refused(mini):
    answers = pd.DataFrame({"a1": ["1", "2"] * 10, "a3": ["x", "y"] * 10, "b2": ["4"] * 20})
    result = analyse(mini, answers, form="quick")
    beta = next(a for a in result.axes if a.axis_id == "beta")
    assert (beta.alpha, beta.level) == (None, "too_few_items")
    assert beta.verdict.startswith("Not enough items: this axis has 1 answered item(s)")


def test_an_axis_whose_totals_never_vary_is_refused(mini):
    answers = pd.DataFrame({"b1": ["1"] * 12, "b2": ["5"] * 12, "b3": ["5"] * 12})
    beta = analyse(mini, answers).axes[1]
    assert (beta.alpha, beta.level) == (None, "no_spread")


def test_an_invalid_answer_is_refused_as_score_frame_refuses_it(mini):
    answers = pd.DataFrame({"a1": ["1", "9"]}, index=pd.Index(["ann", "bob"]))
    with pytest.raises(InvalidCells, match="respondent 'bob', column 'a1': '9'"):
        analyse(mini, answers)


def test_the_report_has_one_row_per_item_with_its_axis_figures():
    bank, answers = noisy_axis()
    analysis = analyse(bank, answers)
    report = report_frame(analysis)
    assert report["item"].tolist() == ["a", "b", "c", "odd"]
    assert report["alpha"].nunique() == 1
    assert report.loc[0, "alpha"] == round(analysis.axes[0].alpha, 3)
    assert report.loc[3, "flags"].startswith("hangs loosely")
    assert report.loc[2, "answers_left_to_right"].startswith("5:")  # keyed left


def test_neither_the_app_nor_the_cli_imports_pingouin_or_scipy():
    code = (
        "import sys, scoring.cli, scoring.reliability, ui.analysis; "
        "print(sorted(m for m in ('pingouin', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
