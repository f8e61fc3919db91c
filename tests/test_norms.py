"""scoring.norms (mid-rank percentiles, shown from 30 scores) and the store's cohort
verb (store.cohort_answers), on SQLite and PostgreSQL."""

from __future__ import annotations

import pandas as pd
import pytest

from scoring import score_frame
from scoring.norms import MIN_NORM_COHORT, norms, ordinal, percentile_rank
from scoring.profile import score
from store import Store


@pytest.mark.parametrize(
    ("value", "cohort", "expected"),
    [
        (0.0, [-10.0, 0.0, 10.0], 50.0),  # (1 + 0.5) / 3
        (10.0, [10.0, 10.0, 10.0, 10.0], 50.0),  # all equal: the middle
        (-100.0, [-50.0, 0.0], 0.0),
        (100.0, [-50.0, 0.0], 100.0),
        (25.0, [0.0, 25.0, 50.0, 75.0], 37.5),  # (1 + 0.5) / 4
    ],
)
def test_percentile_rank_is_the_mid_rank(value, cohort, expected):
    assert percentile_rank(value, cohort) == pytest.approx(expected)


def test_percentile_rank_refuses_an_empty_cohort():
    with pytest.raises(ValueError):
        percentile_rank(0.0, [float("nan")])


def _cohort(n: int, alpha: float, beta: float | None = 0.0) -> pd.DataFrame:
    return pd.DataFrame(
        {"alpha": [alpha] * n, "beta": [beta] * n},
        index=pd.Index([f"s{i}" for i in range(n)], name="respondent"),
    )


def test_a_percentile_needs_30_scores_on_the_axis(mini):
    me = score(mini, {"a1": 1, "a2": 5, "b2": 5, "b3": 5})  # alpha +100, beta +100
    assert MIN_NORM_COHORT == 30
    few = norms(me, _cohort(29, 0.0), "the room")
    assert not few.shown and [a.people for a in few.axes] == [29, 29]
    enough = norms(me, _cohort(30, 0.0, None), "the room")
    alpha, beta = enough.axes
    assert (alpha.people, alpha.percentile) == (30, 100.0)
    assert (beta.people, beta.percentile) == (0, None)  # nobody scored beta
    assert enough.cohort == "the room" and enough.people == 30


def test_the_respondents_own_sheet_is_left_out(mini):
    me = score(mini, {"a1": 3, "a2": 3})  # alpha 0.0
    cohort = pd.concat([_cohort(30, -50.0), _cohort(1, 0.0).rename(index={"s0": "mine"})])
    with_me = norms(me, cohort, "all")
    without = norms(me, cohort, "all", exclude="mine")
    assert with_me.axes[0].percentile == pytest.approx(100 * 30.5 / 31)
    assert (without.people, without.axes[0].percentile) == (30, 100.0)


def test_norms_carry_no_ones_scores(mini):
    me = score(mini, {"a1": 3, "a2": 3})
    result = norms(me, _cohort(40, 12.3), "all")
    fields = {name for axis in result.axes for name in vars(axis)}
    assert fields == {"axis_id", "title", "left", "right", "people", "percentile"}


def test_ordinal():
    assert [ordinal(p) for p in (0.0, 2.0, 3.0, 11.0, 13.0, 21.0, 50.0)] == [
        "0th",
        "2nd",
        "3rd",
        "11th",
        "13th",
        "21st",
        "50th",
    ]


# --- the store's cohort ------------------------------------------------------------------


def _finished(store: Store, bank_id: str, version: int, form: str | None, answers: dict, **kw):
    sheet, _ = store.start_sheet(bank_id, version, form, **kw)
    for item_id, value in answers.items():
        store.save_answer(sheet.id, item_id, value)
    store.finish(sheet.id)
    return sheet


def test_cohort_answers_are_the_finished_self_sheets_of_one_bank_version_and_form(store, mini):
    first = _finished(store, "mini", 3, "quick", {"a1": "1", "a3": "y"})
    second = _finished(store, "mini", 3, "quick", {"a1": "5", "b2": None})
    room, _ = store.create_workshop("Room", "mini", "quick")
    in_room = _finished(store, "mini", 3, "quick", {"b2": "4"}, workshop_id=room.id)
    _finished(store, "mini", 3, None, {"a1": "2"})  # full form
    _finished(store, "mini", 2, "quick", {"a1": "2"})  # older version
    _finished(store, "other", 3, "quick", {"a1": "2"})  # another bank
    rated = store.start_sheet("mini", 3, "quick")[0]
    _finished(
        store, "mini", 3, "quick", {"a1": "3"}, role="observer", rates_person_id=rated.person_id
    )
    unfinished, _ = store.start_sheet("mini", 3, "quick")
    store.save_answer(unfinished.id, "a1", "4")

    frame = store.cohort_answers("mini", 3, "quick")
    assert frame.index.name == "respondent"
    assert list(frame.index) == [first.id, second.id, in_room.id]  # finishing order
    assert list(frame.columns) == ["a1", "a3", "b2"]
    assert frame.loc[first.id].tolist()[:2] == ["1", "y"]
    assert pd.isna(frame.loc[second.id, "b2"])  # skipped: unanswered
    scores = score_frame(mini, frame, "quick")
    assert scores.loc[first.id, "alpha"] == 100.0

    full = store.cohort_answers("mini", 3, "full")
    assert len(full) == 1 and store.cohort_answers("mini", 3, None).equals(full)
    assert store.cohort_answers("nobody", 1, None).empty
