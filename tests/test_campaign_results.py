"""A campaign's results (reports/campaign.py) from hand-built campaigns on both databases:
the figures HR compares, what the privacy rule hides, the flags and the exports."""

from __future__ import annotations

import io
from datetime import timedelta

import pandas as pd
import pytest
from campaign_support import MINI_LEFT, MINI_MIDDLE, MINI_RIGHT, Person, build, on_mini

from reports.campaign import (
    comparison_csv,
    comparison_table,
    flags_text,
    raw_answers_csv,
    raw_answers_table,
)
from scoring.profile import score


def progress_of(store, built):
    return {p.person_id: p for p in store.campaign_progress(built.campaign.id)}


def row_of(table: pd.DataFrame, name: str) -> pd.Series:
    (row,) = [r for _, r in table.iterrows() if r["Candidate"] == name]
    return row


def raw(built, bank_id: str = "mini") -> pd.DataFrame:
    bank = built.banks[bank_id]
    results = built.results(bank_id)
    return raw_answers_table(
        bank, built.campaign.form, results, built.sheets, built.answers
    ).reset_index(drop=True)


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), keep_default_na=False, na_values=[""])


# --- the self profile ------------------------------------------------------------------


def test_self_profile_is_the_candidates_own_answers_scored(store, mini):
    built = build(store, [mini], [Person("Ann Lee", on_mini(MINI_RIGHT))])
    (result,) = built.results("mini")
    assert result.name == "Ann Lee"
    assert result.self_profile.scores() == {"alpha": 87.5, "beta": 100.0, "overall": 93.8}
    assert result.observers_finished == 0
    assert not result.view.shown()

    row = row_of(comparison_table([result], progress_of(store, built)), "Ann Lee")
    assert row["Alpha [alpha] self"] == 87.5
    assert row["Beta [beta] self"] == 100.0
    assert pd.isna(row["Alpha [alpha] observers"]) and pd.isna(row["Alpha [alpha] gap"])
    assert row["Completion"] == "Self finished · 0/0 observers"


def test_a_candidate_who_has_not_finished_has_no_self_scores(store, mini):
    built = build(store, [mini], [Person("Ann Lee", None)])
    (result,) = built.results("mini")
    assert result.self_profile is None and result.self_quality is None
    row = row_of(comparison_table([result], progress_of(store, built)), "Ann Lee")
    assert pd.isna(row["Alpha [alpha] self"])
    assert row["Completion"] == "Self invited · 0/0 observers"
    assert raw(built).empty


def test_skipped_and_unreached_questions_count_as_unanswered(store, mini):
    # a4 skipped on purpose and b3 never reached: alpha (1 + 1 + 1) / 3, beta (1 + 1) / 2.
    partial = {**MINI_RIGHT, "a4": None}
    del partial["b3"]
    people = [Person("Ann Lee", on_mini(partial), [("peer", on_mini(MINI_RIGHT))] * 3)]
    built = build(store, [mini], people)
    (result,) = built.results("mini")
    assert result.self_profile.scores() == {"alpha": 100.0, "beta": 100.0, "overall": 100.0}
    assert [(a.answered, a.items) for a in result.self_profile.axes] == [(3, 4), (2, 3)]
    own = raw(built).iloc[0]
    assert own["Answered by"] == "self" and pd.isna(own["a4"]) and pd.isna(own["b3"])


# --- pooled observers and gaps ---------------------------------------------------------


def test_pooled_observers_groups_and_gaps_are_the_hand_computed_means(store, mini):
    # Manager at the left pole, three peers at the right one: all four average
    # alpha (-100 + 3 * 87.5) / 4 = 40.625 -> 40.6 and beta (-100 + 300) / 4 = 50.
    people = [
        Person(
            "Ann Lee",
            on_mini(MINI_RIGHT),
            [("manager", on_mini(MINI_LEFT))] + [("peer", on_mini(MINI_RIGHT))] * 3,
        )
    ]
    built = build(store, [mini], people)
    (result,) = built.results("mini")
    view = result.view
    assert view.observers.scores["alpha"] == 40.6 and view.observers.scores["beta"] == 50.0
    assert {g.key: (g.raters, g.scores["alpha"]) for g in view.groups} == {
        "manager": (1, -100.0),
        "peer": (3, 87.5),
    }
    assert view.gaps["alpha"] == 46.9 and view.gaps["beta"] == 50.0

    row = row_of(comparison_table([result], progress_of(store, built)), "Ann Lee")
    assert row["Observers"] == 4
    assert (row["Alpha [alpha] observers"], row["Alpha [alpha] gap"]) == (40.6, 46.9)
    assert (row["Beta [beta] observers"], row["Beta [beta] gap"]) == (50.0, 50.0)
    assert row["Completion"] == "Self finished · 4/4 observers"
    # Observers who disagree this much: the gaps are within the error of the difference.
    assert row["Large gaps"] == ""


def test_large_gaps_are_named_in_the_comparison_overall_included(store, mini):
    people = [Person("Ann Lee", on_mini(MINI_RIGHT), [("peer", on_mini(MINI_LEFT))] * 4)]
    built = build(store, [mini], people)
    (result,) = built.results("mini")
    assert result.view.gaps == {"alpha": 187.5, "beta": 200.0, "overall": 193.8}
    row = row_of(comparison_table([result], progress_of(store, built)), "Ann Lee")
    assert row["Large gaps"] == "Alpha, Beta, Overall"


# --- the privacy rule ------------------------------------------------------------------


def test_too_few_observers_give_no_observer_figures_flags_or_rows(store, mini):
    # Two observers of a campaign that needs three; both answer in a flash, which would
    # flag their sheets as implausibly fast.
    people = [Person("Ann Lee", on_mini(MINI_RIGHT), [("peer", on_mini(MINI_LEFT))] * 2)]
    built = build(store, [mini], people)
    (result,) = built.results("mini")
    assert result.observers_finished == 2
    assert not result.view.shown() and result.view.groups == ()
    assert set(result.view.gaps.values()) == {None}
    assert not result.observer_flags
    assert "observers" not in flags_text(result)

    table = comparison_table([result], progress_of(store, built))
    observer_columns = [c for c in table.columns if c.endswith((" observers", " gap"))]
    assert observer_columns and table[observer_columns].isna().all(axis=None)
    assert list(raw(built)["Answered by"]) == ["self"]


@pytest.mark.parametrize(
    ("observers", "labels"),
    [
        # 1 manager and 2 peers: the manager beside the pool would give the peers' mean.
        ([("manager", MINI_LEFT), ("peer", MINI_RIGHT), ("peer", MINI_MIDDLE)], {"observer"}),
        # 2 peers and 3 direct reports: the peers fall under "Others" with them.
        ([("peer", MINI_LEFT)] * 2 + [("direct_report", MINI_MIDDLE)] * 3, {"observer"}),
        # The manager, 2 peers, 3 direct reports: manager alone, the other 5 as "others".
        (
            [("manager", MINI_LEFT)]
            + [("peer", MINI_RIGHT)] * 2
            + [("direct_report", MINI_MIDDLE)] * 3,
            {"manager", "others"},
        ),
    ],
)
def test_a_peer_group_below_the_minimum_is_never_named(store, mini, observers, labels):
    people = [Person("Ann Lee", on_mini(MINI_RIGHT), [(g, on_mini(a)) for g, a in observers])]
    built = build(store, [mini], people)
    (result,) = built.results("mini")
    assert "peer" not in {g.key for g in result.view.groups}
    rows = raw(built)
    assert set(rows["Answered by"]) - {"self"} == labels
    assert len(rows) == 1 + len(observers)
    table = comparison_table([result], progress_of(store, built))
    text = table.to_csv().lower()
    assert "peer" not in text and "direct" not in text


def test_observer_rows_are_not_in_the_order_observers_answered(store, mini):
    answers = [MINI_MIDDLE, MINI_LEFT, MINI_RIGHT, MINI_LEFT, MINI_RIGHT]
    first = build(
        store,
        [mini],
        [Person("Ann Lee", on_mini(MINI_RIGHT), [("peer", on_mini(a)) for a in answers])],
    )
    second = build(
        store,
        [mini],
        [Person("Ann Lee", on_mini(MINI_RIGHT), [("peer", on_mini(a)) for a in answers[::-1]])],
    )
    one, other = raw(first), raw(second)
    pd.testing.assert_frame_equal(one, other)  # whoever answered first
    observers = one[one["Answered by"] != "self"]
    assert list(observers["a1"]) == [1, 1, 3, 5, 5]  # sorted by the answers
    assert list(observers.columns) == ["Candidate", "Answered by", *[i.id for i in mini.items]]


# --- answer-quality flags ----------------------------------------------------------------


def test_same_answer_on_every_statement_is_flagged_and_changes_no_score(store, core):
    # Agree with all 48 statements of the full form (left- and right-keyed cancel out),
    # and the option leaning +1 on the 24 choice items: every axis (0 + 1 + 1) / 6.
    same = {
        item.id: "4" if item.type == "likert" else max(item.options, key=lambda o: o.lean).id
        for item in core.form_items(None)
    }
    built = build(store, [core], [Person("Ann Lee", {"core": same})])
    (result,) = built.results("core")
    titles = [flag.title for flag in result.self_quality.flags]
    assert "Same answer throughout" in titles
    same_answer = next(f for f in result.self_quality.flags if f.key == "long_string")
    assert "Gave the same answer (Agree) to 48 of 48 statements" in same_answer.explanation

    row = row_of(comparison_table([result], progress_of(store, built)), "Ann Lee")
    assert "Same answer throughout" in row["Answer-quality flags"]
    assert all(result.self_profile.scores()[a.id] == 33.3 for a in core.axes)
    assert result.self_profile == score(core, same)


def test_observer_flags_are_counted_never_told_apart(store, mini):
    people = [Person("Ann Lee", on_mini(MINI_RIGHT), [("peer", on_mini(MINI_LEFT))] * 3)]
    built = build(store, [mini], people)
    # The self sheet answered at a reading pace, the observers in a flash (as stored).
    own = next(s for s in built.sheets if s.role == "self")
    paced = built.times.copy()
    answered = [c for c in paced.columns if pd.notna(paced.loc[own.id, c])]
    for n, item in enumerate(answered, 1):
        paced.loc[own.id, item] = own.started_at + timedelta(seconds=10 * n)
    built.times = paced
    (result,) = built.results("mini")
    assert result.self_quality.flags == ()
    assert result.observer_flags == {"Implausibly fast": 3}
    assert flags_text(result) == "observers: Implausibly fast (3 of 3)"


# --- the exports -----------------------------------------------------------------------


def test_csvs_are_formula_safe_and_keep_numbers(store, mini):
    name = '=HYPERLINK("http://evil.example","Click")'
    people = [
        Person(name, on_mini(MINI_LEFT), [("peer", on_mini(MINI_RIGHT))] * 3, role="+44 sales"),
    ]
    built = build(store, [mini], people)
    results = built.results("mini")
    comparison = read_csv(comparison_csv(results, progress_of(store, built)))
    assert comparison.loc[0, "Candidate"] == "'" + name
    assert comparison.loc[0, "Current role"] == "'+44 sales"
    assert comparison.loc[0, "Alpha [alpha] self"] == -100.0  # a number, not "'-100.0"
    answers = read_csv(
        raw_answers_csv(mini, built.campaign.form, results, built.sheets, built.answers)
    )
    assert set(answers["Candidate"]) == {"'" + name}
    assert list(answers["a1"]) == [5, 1, 1, 1]
