"""Answer-quality flags: each flag on both sides of its threshold, the checks that could
not be made said so, and no flag ever changes a score."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import MappingProxyType

import pytest
import yaml

from questions.bank import BankError, LikertItem
from scoring.profile import AnswerError, score
from scoring.quality import QualityRules, quality_report
from scoring.quality_text import QUALITY_TEXT_FILE, load_quality_words

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def likert_items(bank) -> list[LikertItem]:
    return [i for i in bank.items if isinstance(i, LikertItem)]


def sheet(bank, likert: Callable[[LikertItem], int | None], skip: int = 0) -> dict:
    """Every item of the full form answered as stored (choices "a", likert by `likert`),
    the last `skip` choice items left unanswered."""
    answers = {}
    for item in bank.items:
        value = likert(item) if isinstance(item, LikertItem) else "a"
        answers[item.id] = None if value is None else str(value)
    choices = [i.id for i in bank.items if not isinstance(i, LikertItem)]
    for item_id in choices[len(choices) - skip :] if skip else []:
        answers[item_id] = None
    return answers


def paced(answers: dict, seconds: float) -> dict[str, datetime]:
    """Answer times `seconds` apart from START, in the order of the answers."""
    answered = [item for item, value in answers.items() if value is not None]
    return {item: START + timedelta(seconds=seconds * n) for n, item in enumerate(answered, 1)}


def report(bank, answers, form=None, seconds=10.0, rules: QualityRules | None = None):
    rules = rules or QualityRules()
    return quality_report(bank, form, answers, START, paced(answers, seconds), rules)


def flagged(result) -> dict[str, str]:
    return {flag.key: flag.explanation for flag in result.flags}


def unchecked(result) -> dict[str, str]:
    return {n.key: n.reason for n in result.not_assessed}


def leader(item: LikertItem) -> int:
    """A clear, attentive leadership style: agrees with right-keyed, disagrees with left."""
    return 5 if item.keyed == "right" else 2


def mostly(value: int, other: int, same: int) -> Callable[[LikertItem], int | None]:
    """`same` statements answered `value`, the next ones `other`... answered in turn."""
    order: dict[str, int] = {}

    def answer(item: LikertItem) -> int:
        order.setdefault(item.id, len(order))
        return value if order[item.id] < same else other

    return answer


# --- a careful sheet -----------------------------------------------------------------------


def test_a_careful_sheet_is_checked_on_every_count_and_raises_no_flag(core):
    result = report(core, sheet(core, leader))
    assert result.flags == ()
    assert result.not_assessed == ()
    assert result.clear == ("long_string", "low_variability", "fast", "inconsistent", "skips")


# --- long_string ---------------------------------------------------------------------------


def test_the_same_answer_to_nine_in_ten_statements_is_flagged_with_its_figures(core):
    result = report(core, sheet(core, mostly(4, 1, same=44)))  # 44 of 48 Agree
    assert flagged(result)["long_string"] == (
        "Gave the same answer (Agree) to 44 of 48 statements (92%). "
        "The threshold is 90% of the statements answered."
    )
    assert result.flags[0].title == "Same answer throughout"


def test_just_under_nine_in_ten_is_not_flagged(core):
    result = report(core, sheet(core, mostly(4, 1, same=43)))  # 43 / 48 = 89.6 %
    assert "long_string" not in flagged(result)
    assert "long_string" in result.clear


def test_a_share_exactly_at_the_threshold_is_flagged(mini):
    rules = QualityRules(same_answer_share=0.8)  # mini has five statements: 4 of 5 is 80 %
    answers = {"a1": "4", "a2": "4", "b1": "4", "b2": "4", "b3": "1", "a3": "x", "a4": "a"}
    assert "long_string" in flagged(report(mini, answers, rules=rules))
    answers["b2"] = "2"  # 3 of 5
    assert "long_string" in report(mini, answers, rules=rules).clear


def test_fewer_than_five_statements_are_not_checked_for_a_long_string(mini):
    answers = {"a1": "4", "a2": "4", "b1": "4", "b2": "4", "a3": "x", "a4": "a"}
    reasons = unchecked(report(mini, answers))
    expected = (
        "Not checked: 4 answers to agree/disagree statements, and this check needs at least 5."
    )
    assert reasons["long_string"] == expected
    assert reasons["low_variability"] == expected


def test_reasons_not_checked_count_one_in_the_singular(mini):
    # One left- and one right-keyed statement of alpha: one answer... one pair.
    reasons = unchecked(report(mini, {"a1": "4"}))
    assert reasons["long_string"] == (
        "Not checked: 1 answer to agree/disagree statements, and this check needs at least 5."
    )
    assert reasons["fast"] == "Not checked: 1 answer with a time, and this check needs at least 5."
    pair = unchecked(report(mini, {"a1": "4", "a2": "2"}))["inconsistent"]
    assert pair.startswith("Not checked: the answers hold 1 pair of opposite statements")
    assert "(s)" not in " ".join(reasons.values()) + pair


def test_a_quick_form_of_choices_says_which_checks_it_could_not_make(core):
    quick = {i.id: "a" for i in core.form_items("quick")}
    result = report(core, quick, form="quick")
    assert set(unchecked(result)) == {"long_string", "low_variability", "inconsistent"}
    assert unchecked(result)["inconsistent"] == (
        "Not checked: the answers hold 0 pairs of opposite statements on one axis, and "
        "this check needs at least 8."
    )
    assert result.clear == ("fast", "skips")


# --- low_variability -----------------------------------------------------------------------


def test_the_spread_bar_is_half_a_point_on_a_five_point_scale(core):
    # 35 Agree then 13 Strongly agree: sd = sqrt(35 * 13 / 48 / 47) = 0.4489 < 0.5
    low = report(core, sheet(core, mostly(4, 5, same=35)))
    assert "long_string" not in flagged(low)  # 35 / 48 = 73 %
    assert flagged(low)["low_variability"] == (
        "The answers to 48 statements hardly vary: their spread (standard deviation) is "
        "0.45 points on the 5-point scale, below 0.50. The statements point to both "
        "poles, so an attentive reader usually agrees with some and disagrees with others."
    )
    # 30 Agree then 18 Strongly agree: sd = sqrt(30 * 18 / 48 / 47) = 0.4893 < 0.5
    assert "low_variability" in flagged(report(core, sheet(core, mostly(4, 5, same=30))))
    # 28 and 20: sd = sqrt(28 * 20 / 48 / 47) = 0.4982 < 0.5; 24 and 24: 0.5053 is not
    assert "low_variability" in flagged(report(core, sheet(core, mostly(4, 5, same=28))))
    assert "low_variability" not in flagged(report(core, sheet(core, mostly(4, 5, same=24))))


def test_a_long_string_is_not_flagged_twice(core):
    result = report(core, sheet(core, lambda item: 3))
    assert "long_string" in flagged(result)
    assert "low_variability" not in flagged(result)
    assert unchecked(result)["low_variability"].startswith("Not checked separately:")


# --- fast ----------------------------------------------------------------------------------


def test_answers_under_two_seconds_apart_are_flagged_as_fast(core):
    result = report(core, sheet(core, leader), seconds=1.9)
    assert flagged(result)["fast"] == (
        "Answers came in a median of 1.9 seconds apart over 72 answers, below the 2 "
        "seconds it takes to read a statement."
    )
    assert "fast" in report(core, sheet(core, leader), seconds=2.0).clear


def test_the_fast_threshold_is_set_per_campaign(core):
    answers = sheet(core, leader)
    assert "fast" in report(core, answers, seconds=1.9, rules=QualityRules(fast_seconds=1.5)).clear
    assert "fast" in flagged(report(core, answers, seconds=2.5, rules=QualityRules(fast_seconds=3)))


def test_one_long_pause_does_not_hide_a_fast_sheet(mini):
    answers = {"a1": "4", "a2": "2", "b1": "1", "b2": "5", "b3": "4", "a3": "x", "a4": "c"}
    times = paced(answers, 1.0)
    times["a4"] += timedelta(hours=1)  # left for lunch before the last answer
    result = quality_report(mini, None, answers, START, times)
    assert "Answers came in a median of 1.0 seconds apart over 7 answers" in flagged(result)["fast"]


def test_an_answer_changed_at_the_end_does_not_make_a_careful_sheet_fast(mini):
    answers = {"a1": "4", "a2": "2", "b1": "1", "b2": "5", "b3": "4", "a3": "x", "a4": "c"}
    times = paced(answers, 8.0)
    times["a1"] = times["a4"] + timedelta(seconds=1)  # changed a second after the last
    # sorted gaps: 16 (a2, a1's slot merged), 8, 8, 8, 8, 8, 1: median 8
    result = quality_report(mini, None, answers, START, times)
    assert "fast" in result.clear


def test_too_few_timed_answers_are_not_checked_for_speed(mini):
    answers = {"a1": "4", "a2": "2", "b1": "1", "a3": "x"}
    assert unchecked(report(mini, answers, seconds=0.5))["fast"] == (
        "Not checked: 4 answers with a time, and this check needs at least 5."
    )


def test_times_without_a_zone_or_before_the_start_are_refused(mini):
    answers = {"a1": "4", "a2": "2", "b1": "1", "b2": "5", "b3": "4"}
    naive = {k: v.replace(tzinfo=None) for k, v in paced(answers, 5).items()}
    with pytest.raises(ValueError, match="timezone-aware"):
        quality_report(mini, None, answers, START, naive)
    early = {**paced(answers, 5), "a1": START - timedelta(seconds=1)}
    with pytest.raises(ValueError, match="before the start"):
        quality_report(mini, None, answers, START, early)
    with pytest.raises(ValueError, match="no time for answered item"):
        quality_report(mini, None, answers, START, {})


# --- inconsistent --------------------------------------------------------------------------


def two_axes(core, second: dict[str, int]) -> dict:
    """The first axis's four statements all Agree (4 contradicting pairs); the second's
    as given by keying and position ("left1", "left2", "right1", "right2")."""
    first_axis, second_axis = core.axes[0].id, core.axes[1].id
    answers: dict[str, str | None] = {i.id: None for i in core.items}
    seen: dict[str, int] = {}
    for item in likert_items(core):
        if item.axis == first_axis:
            answers[item.id] = "4"
        elif item.axis == second_axis:
            seen[item.keyed] = seen.get(item.keyed, 0) + 1
            value = second.get(f"{item.keyed}{seen[item.keyed]}")
            answers[item.id] = None if value is None else str(value)
    return answers


def test_agreeing_with_opposite_statements_in_most_pairs_is_flagged(core):
    # second axis: left1 Agree, left2 Neither, right1 Agree, right2 Disagree: 1 more
    answers = two_axes(core, {"left1": 4, "left2": 3, "right1": 4, "right2": 2})
    assert flagged(report(core, answers))["inconsistent"] == (
        "Agreed with both, or disagreed with both, of two opposite statements on the same "
        "axis in 5 of 8 such pairs (62%), more than 50%."
    )


def test_half_the_pairs_contradicting_is_not_flagged(core):
    # second axis answered consistently (a leadership lean): 4 of 8 pairs contradict
    answers = two_axes(core, {"left1": 2, "left2": 1, "right1": 4, "right2": 5})
    result = report(core, answers)
    assert "inconsistent" in result.clear


def test_disagreeing_with_both_sides_contradicts_too(core):
    answers = two_axes(core, {"left1": 1, "left2": 2, "right1": 2, "right2": 1})
    assert "8 of 8 such pairs (100%)" in flagged(report(core, answers))["inconsistent"]


def test_fewer_than_eight_pairs_are_not_checked_for_contradictions(core, mini):
    answers = two_axes(core, {"left1": 4, "right1": 4, "right2": 4})  # 4 + 2 pairs
    assert "6 pairs of" in unchecked(report(core, answers))["inconsistent"]
    every = {"a1": "4", "a2": "4", "b1": "4", "b2": "4", "b3": "4", "a3": "x", "a4": "a"}
    assert "3 pairs of" in unchecked(report(mini, every))["inconsistent"]


# --- skips ---------------------------------------------------------------------------------


def test_more_than_a_fifth_of_the_form_skipped_is_flagged(core):
    over = report(core, sheet(core, leader, skip=15))  # 15 / 72 = 20.8 %
    assert flagged(over)["skips"] == "Left 15 of 72 questions unanswered (21%), more than 20%."
    assert "skips" in report(core, sheet(core, leader, skip=14)).clear  # 19.4 %


def test_items_missing_from_the_answers_count_as_skipped_and_others_are_ignored(mini):
    answers = {"a1": "4", "a2": "2", "b1": "1", "b2": "5", "unknown": "9"}  # a3 a4 b3 absent
    assert flagged(report(mini, answers))["skips"].startswith("Left 3 of 7 questions")
    quick = {"a1": "4", "a3": "x", "b2": "5", "a2": "1"}  # a2 is not on the quick form
    assert "skips" in report(mini, quick, form="quick").clear


# --- scores, bad input and rules -----------------------------------------------------------


def test_flags_never_change_a_score(core):
    answers = MappingProxyType(sheet(core, lambda item: 3))  # a sheet flagged as it can be
    before = score(core, answers)
    result = report(core, answers, seconds=0.5)
    assert {"long_string", "fast"} <= set(flagged(result))
    assert score(core, answers) == before


def test_an_answer_no_item_accepts_is_refused(mini):
    with pytest.raises(AnswerError, match="'a1'"):
        report(mini, {"a1": "9"})


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("skip_share", 1.5, "skip_share must be between 0 and 1"),
        ("min_pairs", 1, "min_pairs must be a whole number of at least 2"),
        ("fast_seconds", 0, "fast_seconds must be a positive number"),
    ],
)
def test_rules_outside_their_range_are_refused(field, value, message):
    with pytest.raises(ValueError, match=message):
        QualityRules(**{field: value})


# --- the words file ------------------------------------------------------------------------


def write_words(tmp_path, change: Callable[[dict], None]):
    data = yaml.safe_load(QUALITY_TEXT_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "quality_text.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_a_words_file_missing_a_title_is_refused_naming_file_and_key(tmp_path):
    path = write_words(tmp_path, lambda d: d["fast"].pop("title"))
    with pytest.raises(BankError, match=r"quality_text.yaml: fast title: missing required field"):
        load_quality_words(path)


def test_a_placeholder_the_code_does_not_fill_is_refused(tmp_path):
    path = write_words(tmp_path, lambda d: d["skips"].update(flagged="Skipped {skiped}."))
    with pytest.raises(
        BankError, match=r"quality_text.yaml: skips flagged: unknown placeholder \{skiped\}"
    ):
        load_quality_words(path)


def test_a_reason_missing_from_the_words_file_is_refused(tmp_path):
    path = write_words(tmp_path, lambda d: d["low_variability"]["not_assessed"].pop("covered"))
    with pytest.raises(BankError, match="low_variability not_assessed covered: missing"):
        load_quality_words(path)
