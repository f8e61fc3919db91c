"""Scoring many respondents at once (score_frame), on the hand-computable mini bank.

Contributions as in tests/test_scoring.py: likert keyed left -(x - 3) / 2, keyed right
(x - 3) / 2; a3 x = -1, y = +1; a4 a = -1, b = -0.5, c = +0.5. alpha needs 2 of its 4
items, beta 2 of its 3; in the quick form (a1, a3 | b2) one answer per axis is enough.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from scoring.frame import MAX_REPORTED_CELLS, InvalidCells, score_frame


def frame(rows: dict[str, dict], index_name: str | None = "respondent") -> pd.DataFrame:
    data = pd.DataFrame.from_dict(rows, orient="index")
    data.index.name = index_name
    return data


def same(a, b) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


def test_columns_are_the_axes_in_bank_order_then_overall(mini):
    scores = score_frame(mini, frame({"ann": {"b1": 1, "a1": 1}, "bob": {"b1": 2, "a1": 2}}))
    assert list(scores.columns) == ["alpha", "beta", "overall"]
    assert scores.index.name == "respondent"
    assert list(scores.index) == ["ann", "bob"]
    assert scores.shape == (2, 3)


@pytest.mark.parametrize("index_name", [None, "who"])
def test_the_index_is_named_respondent_whatever_it_was_called(mini, index_name):
    scores = score_frame(mini, frame({"ann": {"a1": 1}}, index_name=index_name))
    assert scores.index.name == "respondent"
    assert list(scores.index) == ["ann"]


def test_hand_computed_rows(mini):
    rows = {
        # alpha = 100 * (1 + 1 + 1 + 0.5) / 4 = 87.5; beta = 100 * (1 + 1 + 0.5) / 3 = 83.3
        # overall = (87.5 + 83.333) / 2 = 85.4167 -> 85.4
        "ann": {"a1": 1, "a2": 5, "a3": "y", "a4": "c", "b1": 1, "b2": 5, "b3": 4},
        # alpha = 100 * (-1 - 1) / 2 = -100; beta: 1 of 3 answered -> none; overall = -100
        "bob": {"a1": 5, "a3": "x", "b2": 5},
        # nothing answered
        "cat": {},
    }
    scores = score_frame(mini, frame(rows))
    assert scores.loc["ann"].tolist() == [87.5, 83.3, 85.4]
    assert scores.loc["bob", "alpha"] == -100.0
    assert np.isnan(scores.loc["bob", "beta"])
    assert scores.loc["bob", "overall"] == -100.0
    assert scores.loc["cat"].isna().all()


@pytest.mark.parametrize(
    "cells",
    [
        {"a1": 2, "a2": 4, "b1": 1, "b2": 5},  # ints
        {"a1": "2", "a2": "4", "b1": "1", "b2": "5"},  # numeric text
        {"a1": " 2", "a2": "4 ", "b1": " 1 ", "b2": "5"},  # text with spaces
        {"a1": 2.0, "a2": 4.0, "b1": 1.0, "b2": 5.0},  # floats, as pandas reads them
        {"a1": np.int64(2), "a2": np.float64(4.0), "b1": "1", "b2": 5},  # a mix
    ],
)
def test_likert_cells_as_ints_text_or_whole_floats(mini, cells):
    # alpha = 100 * (c(a1 = 2) + c(a2 = 4)) / 2 = 100 * (0.5 + 0.5) / 2 = 50
    # beta  = 100 * (c(b1 = 1) + c(b2 = 5)) / 2 = 100 * (1 + 1) / 2 = 100; overall 75
    scores = score_frame(mini, frame({"ann": cells}))
    assert scores.loc["ann"].tolist() == [50.0, 100.0, 75.0]


@pytest.mark.parametrize("blank", [None, np.nan, "", "  ", pd.NA])
def test_blank_cells_are_unanswered(mini, blank):
    # alpha: a1 = 1 (+1) and a3 = y (+1), a2 blank -> 100 * 2 / 2 = 100, 2 of 4 answered
    # beta: b1 = 1 (+1), b2 blank -> 1 of 3: no score
    data = pd.DataFrame(
        {"a1": [1], "a2": [blank], "a3": ["y"], "b1": [1], "b2": [blank]},
        index=pd.Index(["ann"], name="respondent"),
        dtype=object,
    )
    scores = score_frame(mini, data)
    assert scores.loc["ann", "alpha"] == 100.0
    assert np.isnan(scores.loc["ann", "beta"])
    assert scores.loc["ann", "overall"] == 100.0


def test_a_missing_item_column_counts_as_unanswered(mini):
    # no a2, a4, b3 columns at all: alpha = 100 * (c(a1 = 4) + c(a3 = x)) / 2
    # = 100 * (-0.5 - 1) / 2 = -75; beta = 100 * (c(b1 = 3) + c(b2 = 2)) / 2 = -25
    scores = score_frame(mini, frame({"ann": {"a1": 4, "a3": "x", "b1": 3, "b2": 2}}))
    assert scores.loc["ann"].tolist() == [-75.0, -25.0, -50.0]


def test_columns_not_in_the_form_are_ignored_even_with_nonsense_in_them(mini):
    # quick form: a1, a3, b2. a2 (not in quick), Timestamp and Email are not read.
    # alpha = 100 * (c(a1 = 1) + c(a3 = x)) / 2 = 0; beta = 100 * c(b2 = 4) = 50
    data = frame(
        {
            "ann": {
                "a1": 1,
                "a3": "x",
                "b2": 4,
                "a2": "not an answer",
                "Timestamp": "2026-01-01 10:00",
                "Email": "=cmd()",
            }
        }
    )
    scores = score_frame(mini, data, form="quick")
    assert scores.loc["ann"].tolist() == [0.0, 50.0, 25.0]


def test_invalid_cells_are_all_collected_with_respondent_and_column(mini):
    data = frame(
        {
            "ann": {"a1": 6, "a3": "y", "b1": 1},
            "bob": {"a1": 2, "a3": "z", "b1": 1},
            "cat": {"a1": 2.5, "a3": "x", "b1": "agree"},
            "dan": {"a1": 1, "a3": "y", "b1": 0},
        }
    )
    with pytest.raises(InvalidCells) as caught:
        score_frame(mini, data)
    found = {(c.respondent, c.column, c.value) for c in caught.value.cells}
    assert found == {
        ("ann", "a1", 6),
        ("bob", "a3", "z"),
        ("cat", "a1", 2.5),
        ("cat", "b1", "agree"),
        ("dan", "b1", 0),
    }
    message = str(caught.value)
    assert "respondent 'bob', column 'a3'" in message
    assert "'z' is not an answer" in message
    assert "respondent 'cat', column 'b1'" in message


def test_a_choice_cell_must_be_an_option_id_exactly(mini):
    # options are x and y; "X" and the option's text are not ids
    with pytest.raises(InvalidCells) as caught:
        score_frame(mini, frame({"ann": {"a3": "X"}, "bob": {"a3": "Left option"}}))
    assert [(c.respondent, c.column) for c in caught.value.cells] == [
        ("ann", "a3"),
        ("bob", "a3"),
    ]


def test_many_invalid_cells_are_all_kept_but_the_message_is_capped(mini):
    count = MAX_REPORTED_CELLS + 5
    data = frame({f"r{n}": {"a1": 9} for n in range(count)})
    with pytest.raises(InvalidCells) as caught:
        score_frame(mini, data)
    assert len(caught.value.cells) == count
    assert "... and 5 more invalid cells" in str(caught.value)


def test_an_empty_frame_gives_an_empty_result_with_the_columns(mini):
    scores = score_frame(mini, frame({}))
    assert scores.shape == (0, 3)
    assert list(scores.columns) == ["alpha", "beta", "overall"]


def test_frame_and_one_by_one_agree_on_the_mini_bank(mini):
    from scoring.profile import score

    rows = {
        "ann": {"a1": 1, "a2": 2, "a3": "x", "b1": 5, "b3": 4},
        "bob": {"a4": "b", "a2": 3, "b2": 1, "b3": 2},
        "cat": {"a1": 3, "b1": 3, "b2": 3, "b3": 3},
    }
    scores = score_frame(mini, frame(rows))
    for name, answers in rows.items():
        expected = score(mini, answers).scores()
        for column, value in expected.items():
            assert same(scores.loc[name, column], np.nan if value is None else value)
