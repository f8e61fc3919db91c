"""Group statistics (scoring.group): spread per axis, agreement ranking, the average
profile and the export table, checked against figures computed another way."""

from __future__ import annotations

import csv as csv_module
import doctest
import io
import math
import statistics

import numpy as np
import pandas as pd
import pytest

import scoring.group
from reports.spreadsheet import safe_csv
from scoring import score, score_frame
from scoring.charts import group_chart, profile_chart
from scoring.frame import InvalidCells
from scoring.group import (
    BIN_EDGES,
    MIN_GROUP,
    QUARTILES_FROM,
    agreement_extremes,
    answer_distributions,
    average_profile,
    axis_stats,
    bin_counts,
    enough_for_group,
    group_summary,
    participant_table,
    rank_by_agreement,
)


def frame(rows: dict[str, dict[str, float | None]]) -> pd.DataFrame:
    scores = pd.DataFrame.from_dict(rows, orient="index").astype(float)
    scores.index.name = "respondent"
    return scores


def random_answers(bank, people: int, seed: int = 7) -> pd.DataFrame:
    """A wide answer frame like store.workshop_answers: strings, some items unanswered."""
    rng = np.random.default_rng(seed)
    data = {}
    for item in bank.items:
        values = list(item.contributions(bank.likert))
        column = rng.choice(values, size=people).astype(object)
        column[rng.random(people) < 0.1] = np.nan
        data[item.id] = column
    return pd.DataFrame(data, index=pd.Index([f"s{n}" for n in range(people)], name="respondent"))


def test_the_docstring_examples_hold(monkeypatch):
    monkeypatch.chdir(scoring.group.__file__.rsplit("/scoring/", 1)[0])
    failures, tried = doctest.testmod(scoring.group)
    assert tried >= 8 and failures == 0


def test_the_rule_of_three():
    assert MIN_GROUP == 3
    assert [enough_for_group(n) for n in range(5)] == [False, False, False, True, True]


def test_axis_stats_match_the_statistics_module(core):
    scores = score_frame(core, random_answers(core, 40))
    stats = axis_stats(scores, core)
    assert list(stats.index) == [axis.id for axis in core.axes]
    for axis in core.axes:
        values = scores[axis.id].dropna().tolist()
        row = stats.loc[axis.id]
        assert row["title"] == axis.title
        assert (row["left"], row["right"]) == (axis.left.label, axis.right.label)
        assert row["n"] == len(values)
        assert row["mean"] == pytest.approx(statistics.fmean(values))
        assert row["sd"] == pytest.approx(statistics.stdev(values))
        q1, median, q3 = np.quantile(values, [0.25, 0.5, 0.75])
        assert (row["q1"], row["median"], row["q3"]) == pytest.approx((q1, median, q3))
        assert row["iqr"] == pytest.approx(q3 - q1)


def test_axis_stats_leave_out_missing_scores_and_say_so_for_empty_axes(mini):
    scores = frame({"a": {"alpha": 10.0, "beta": None}, "b": {"alpha": 30.0, "beta": None}})
    stats = axis_stats(scores, mini)
    assert stats.at["alpha", "n"] == 2 and stats.at["alpha", "mean"] == 20.0
    assert stats.at["beta", "n"] == 0
    assert stats.loc["beta", ["mean", "sd", "q1", "median", "q3", "iqr"]].isna().all()

    one = axis_stats(frame({"a": {"alpha": 10.0, "beta": 5.0}}), mini)
    assert one.at["alpha", "n"] == 1 and np.isnan(one.at["alpha", "sd"])


def test_axes_rank_from_agreement_to_disagreement(mini, core):
    scores = score_frame(core, random_answers(core, 30))
    stats = axis_stats(scores, core)
    ranked = rank_by_agreement(stats)
    assert sorted(ranked) == sorted(stats.index)
    assert list(stats.loc[ranked, "sd"]) == sorted(stats["sd"])

    agree, disagree = agreement_extremes(stats, k=3)
    assert agree == ranked[:3]
    assert disagree == ranked[::-1][:3]
    assert stats.loc[agree, "sd"].max() <= stats.loc[disagree, "sd"].min()


def test_agreement_leaves_out_axes_without_spread_and_never_lists_one_axis_twice(mini):
    scores = frame({"a": {"alpha": 10.0, "beta": 50.0}, "b": {"alpha": 90.0, "beta": None}})
    stats = axis_stats(scores, mini)
    assert rank_by_agreement(stats) == ["alpha"], "beta has one score: no spread"
    assert agreement_extremes(stats) == ([], [])

    two = axis_stats(
        frame({"a": {"alpha": 10.0, "beta": 50.0}, "b": {"alpha": 90.0, "beta": 40}}), mini
    )
    assert agreement_extremes(two, k=3) == (["beta"], ["alpha"])


def test_average_profile_is_the_mean_of_the_individual_profiles(core):
    answers = random_answers(core, 25, seed=3)
    scores = score_frame(core, answers)
    room = average_profile(scores, core)
    individual = [
        score(core, {k: v for k, v in row.items() if isinstance(v, str)})
        for _, row in answers.iterrows()
    ]
    for axis in room.axes:
        values = [p.axis(axis.axis_id).score for p in individual]
        values = [v for v in values if v is not None]
        assert axis.score == pytest.approx(round(statistics.fmean(values), 1), abs=0.051)
        assert (axis.answered, axis.items) == (len(values), 25)
    overall = statistics.fmean(p.overall for p in individual if p.overall is not None)
    assert room.overall == pytest.approx(round(overall, 1), abs=0.051)
    assert room.bank_id == "core" and room.overall_left == core.poles.left
    profile_chart(room).to_dict()  # the chart draws it


def test_average_profile_of_a_quick_form_and_of_axes_nobody_scored(core, mini):
    scores = frame({"a": {"alpha": 10.0, "beta": None, "overall": 10.0}})
    room = average_profile(scores, mini, "quick")
    assert room.form == "quick"
    assert room.axis("beta").score is None and room.axis("beta").band_label == "Not enough answers"
    assert room.overall == 10.0
    nobody = average_profile(frame({"a": {"alpha": None, "beta": None, "overall": None}}), mini)
    assert nobody.overall is None


def test_participant_table_names_people_or_numbers_the_anonymous_and_is_formula_safe(mini):
    scores = frame(
        {
            "s1": {"alpha": -60.0, "beta": 40.0, "overall": -10.0},
            "s2": {"alpha": 20.0, "beta": None, "overall": 20.0},
            "s3": {"alpha": 5.0, "beta": 0.0, "overall": 2.5},
            "s4": {"alpha": 5.0, "beta": 0.0, "overall": 2.5},
        }
    )
    names = {"s1": None, "s2": '=HYPERLINK("x")', "s3": "", "s4": "Bea"}
    table = participant_table(scores, names, mini)
    assert list(table.columns) == ["participant", "alpha", "beta", "overall"]
    assert list(table["participant"]) == ["Anonymous 1", '=HYPERLINK("x")', "Anonymous 2", "Bea"]
    csv = safe_csv(table)
    lines = csv.splitlines()
    assert lines[0] == "participant,alpha,beta,overall"
    assert lines[1] == "Anonymous 1,-60.0,40.0,-10.0", "numbers stay numbers"
    rows = list(csv_module.reader(io.StringIO(csv)))
    assert rows[2] == ['\'=HYPERLINK("x")', "20.0", "", "20.0"], "escaped; blank when missing"
    assert "s1" not in csv, "no sheet ids in the export"


def test_group_chart_draws_the_summary_of_a_scored_room_with_and_without_you(core):
    scores = score_frame(core, random_answers(core, 12))
    summary = group_summary(scores, core)
    assert group_chart(summary, you=scores.iloc[0].to_dict(), width=600).to_dict()["layer"]
    assert group_chart(summary).to_dict()["layer"]


# The group summary: what a browser may receive


def test_bins_are_ten_of_twenty_points_and_a_score_of_100_is_counted():
    assert BIN_EDGES == (-100, -80, -60, -40, -20, 0, 20, 40, 60, 80, 100)
    scores = np.array([-100.0, -80.0, -79.9, -0.1, 0.0, 19.9, 20.0, 99.9, 100.0])
    # -100 | -80, -79.9 | . | . | -0.1 | 0, 19.9 | 20 | . | . | 99.9, 100
    assert bin_counts(scores) == (1, 2, 0, 0, 1, 2, 1, 0, 0, 2)


def test_group_summary_figures_by_hand(mini):
    scores = frame(
        {
            "ann": {"alpha": -60.0, "beta": 10.0},
            "bob": {"alpha": -20.0, "beta": 10.0},
            "cy": {"alpha": 20.0, "beta": 25.0},
            "di": {"alpha": 100.0, "beta": None},
            "ed": {"alpha": 40.0, "beta": None},
        }
    )
    summary = group_summary(scores, mini)
    assert (summary.bank_id, summary.people) == ("mini", 5)
    alpha = summary.axis("alpha")
    # mean (-60 - 20 + 20 + 100 + 40) / 5 = 16; sorted -60 -20 20 40 100, quartiles at
    # positions 1, 2, 3 of 4: -20, 20, 40
    assert (alpha.n, alpha.mean, alpha.q1, alpha.median, alpha.q3) == (5, 16.0, -20.0, 20.0, 40.0)
    assert alpha.counts == (0, 0, 1, 0, 1, 0, 1, 1, 0, 1)
    beta = summary.axis("beta")
    # mean 45 / 3 = 15; with 3 scores no quartiles: q1 (10), median (10) and q3 (17.5)
    # would give away all three
    assert (beta.n, beta.mean) == (3, 15.0)
    assert all(math.isnan(v) for v in (beta.q1, beta.median, beta.q3))
    assert beta.counts == (0, 0, 0, 0, 0, 2, 1, 0, 0, 0)
    assert (alpha.left, alpha.right, beta.title) == ("Rules", "Values", "Beta")


def test_quartiles_of_three_or_four_scores_are_withheld(mini):
    three = frame({name: {"alpha": v} for name, v in (("a", -50.0), ("b", 5.0), ("c", 70.0))})
    four = frame(
        {name: {"alpha": v} for name, v in (("a", -50.0), ("b", 5.0), ("c", 70.0), ("d", 9.0))}
    )
    for scores in (three, four):
        axis = group_summary(scores, mini).axis("alpha")
        assert axis.shown and not math.isnan(axis.mean)
        assert math.isnan(axis.q1) and math.isnan(axis.median) and math.isnan(axis.q3)
    assert QUARTILES_FROM == 5


def test_an_axis_with_two_scores_gives_nothing_away(mini):
    scores = frame(
        {
            "ann": {"alpha": -60.0, "beta": 40.0},
            "bob": {"alpha": -20.0, "beta": -70.0},
            "cy": {"alpha": 20.0, "beta": None},
        }
    )
    beta = group_summary(scores, mini).axis("beta")
    assert beta.n == 2 and not beta.shown
    assert beta.counts == ()
    assert all(np.isnan([beta.mean, beta.q1, beta.median, beta.q3]))
    nobody = group_summary(scores.iloc[:2], mini)
    assert not any(axis.shown for axis in nobody.axes), "two people: no figure on any axis"


def test_bins_hold_everyone_scored_and_the_summary_holds_no_person(core):
    scores = score_frame(core, random_answers(core, 40))
    summary = group_summary(scores, core)
    for axis in summary.axes:
        assert sum(axis.counts) == axis.n == scores[axis.axis_id].count()
    text = repr(summary)
    assert not any(respondent in text for respondent in scores.index), "no respondent id"
    assert summary.people == 40


def test_group_summary_rounds_as_scores_are_reported(mini):
    scores = frame({"a": {"alpha": 10.0}, "b": {"alpha": 20.0}, "c": {"alpha": 30.05}})
    assert group_summary(scores, mini).axis("alpha").mean == 20.0  # 60.05 / 3 = 20.0167


# Per-question answers, for discussion


def answers(rows: dict[str, dict[str, str | None]]) -> pd.DataFrame:
    wide = pd.DataFrame.from_dict(rows, orient="index")
    wide.index.name = "respondent"
    return wide


def test_answer_distributions_count_every_answer_in_bank_order_with_its_text(mini):
    room = answers(
        {
            "s1": {"a4": "c", "b1": "4", "a3": "x"},
            "s2": {"a4": "a", "b1": "4", "a3": None},
            "s3": {"a4": "c", "b1": "1", "a3": "y"},
            "s4": {"a4": "c", "b1": None, "a3": None},
        }
    )
    listed = {item.item_id: item for item in answer_distributions(room, mini)}
    assert list(listed) == [item.id for item in mini.items], "every item, bank order"

    scenario = listed["a4"]
    assert scenario.kind == "choice" and scenario.text == "Scenario."
    assert [(c.key, c.label, c.count) for c in scenario.counts] == [
        ("a", "Strong left", 1),
        ("b", "Mild left", 0),
        ("c", "Mild right", 3),
    ]
    assert [c.lean for c in scenario.counts] == [-1.0, -0.5, 0.5]

    statement = listed["b1"]  # keyed left: agreeing leans to the left pole
    assert statement.answered == 3
    assert [(c.label, c.count) for c in statement.counts] == [
        ("Strongly disagree", 1),
        ("Disagree", 0),
        ("Neither", 0),
        ("Agree", 2),
        ("Strongly agree", 0),
    ]
    assert [c.lean for c in statement.counts] == [1.0, 0.5, 0.0, -0.5, -1.0]

    two = listed["a3"]
    assert (two.answered, two.shown, two.counts) == (2, False, ()), "2 answers: withheld"
    assert listed["b3"].answered == 0 and listed["b3"].counts == ()


def test_answer_distributions_follow_the_form_and_refuse_answers_the_bank_lacks(mini):
    room = answers({f"s{n}": {"a1": "5", "a4": "b", "b2": "2"} for n in range(3)})
    quick = answer_distributions(room, mini, "quick")
    assert [item.item_id for item in quick] == ["a1", "a3", "b2"]
    with pytest.raises(InvalidCells, match="a4"):
        answer_distributions(answers({"s1": {"a4": "z"}}), mini)
