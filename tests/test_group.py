"""Group statistics (scoring.group): spread per axis, agreement ranking, the average
profile and the export table, checked against figures computed another way."""

from __future__ import annotations

import csv as csv_module
import doctest
import io
import statistics

import numpy as np
import pandas as pd
import pytest

import scoring.group
from reports.spreadsheet import safe_csv
from scoring import score, score_frame
from scoring.charts import group_chart, profile_chart
from scoring.group import (
    MIN_GROUP,
    agreement_extremes,
    average_profile,
    axis_stats,
    enough_for_group,
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


def test_group_chart_draws_the_group_with_and_without_a_highlight(core):
    scores = score_frame(core, random_answers(core, 12))
    spec = group_chart(scores, core, highlight=scores.index[0], width=600).to_dict()
    assert spec["layer"]
