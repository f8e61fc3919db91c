"""The shipped banks keep the authoring rules: what the questions cover, how they are
built, and that they are written in our own words rather than the source articles'.

Each rule is checked by a function that returns the problems it finds (empty when the
bank keeps the rule), so a failure names every offending axis, item or text at once.
The last tests feed the subtler checks a deliberate breach, so they are known to bite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from questions.bank import ROLE_FIELD, Bank, ChoiceItem, LikertItem, addresses_respondent
from tests import seed_runs
from tests.seed_runs import fingerprint, runs

CORE_AXES = [
    "react_act",
    "resources_individuals",
    "rules_values",
    "process_outcomes",
    "compliance_commitment",
    "tactics_vision",
    "data_intuition",
    "extrinsic_intrinsic",
    "directing_inspiring",
    "stability_change",
    "resolving_collaborating",
    "training_nurturing",
]
# Surnames of the authors of the five seed articles (seeds/README.md).
SEED_AUTHORS = ("Fredin", "Thoreson", "Jordan", "Hopkins", "Rizvi")
MAX_WORDS = 40
QUICK_FORM = "quick"
QUICK_MAX_ITEMS = 24
QUICK_MIN_PER_AXIS = 2
# A forced-choice pair where one option is more than twice as long as the other reads as
# "the considered answer vs the strawman". Every shipped pair is within 1.4x.
MAX_PAIR_LENGTH_RATIO = 2.0


@pytest.fixture(params=["core", "readiness"])
def bank(request: pytest.FixtureRequest) -> Bank:
    """Each shipped bank in turn."""
    return request.getfixturevalue(request.param)


@pytest.fixture(params=["self", "observer"])
def role(request: pytest.FixtureRequest) -> str:
    """Each wording in turn: the respondent's own, and an observer's (360 feedback)."""
    return request.param


# --- reading the banks ------------------------------------------------------------------


def is_forced_choice(item: LikertItem | ChoiceItem) -> bool:
    """A choice between exactly two options, one wholly at each pole."""
    return (
        isinstance(item, ChoiceItem)
        and len(item.options) == 2
        and sorted(o.lean for o in item.options) == [-1, 1]
    )


def is_scenario(item: LikertItem | ChoiceItem) -> bool:
    """A choice among 3 or 4 options with distinct leans, at least one of them between
    the poles (so the answer is graded, not either/or)."""
    if not isinstance(item, ChoiceItem) or len(item.options) not in (3, 4):
        return False
    leans = [o.lean for o in item.options]
    return len(set(leans)) == len(leans) and any(-1 < lean < 1 for lean in leans)


def items_on(bank: Bank, axis_id: str) -> list[LikertItem | ChoiceItem]:
    return [item for item in bank.items if item.axis == axis_id]


def pole_texts(bank: Bank) -> Iterator[tuple[str, str]]:
    """(where, text) for every summary, strength, risk and tip of every pole."""
    for axis in bank.axes:
        for side in ("left", "right"):
            pole = axis.pole(side)
            where = f"axis {axis.id!r} {side} pole"
            yield f"{where} summary", pole.summary
            for field in ("strengths", "risks", "tips"):
                for n, text in enumerate(getattr(pole, field), start=1):
                    yield f"{where} {field} #{n}", text


def readiness_texts(bank: Bank) -> Iterator[tuple[str, str]]:
    """(where, text) for every text of the optional readiness guide and axis notes."""
    guide = bank.readiness
    if guide is None:
        return
    for field in ("title", "intro", "unscored", "caution"):
        yield f"readiness {field}", getattr(guide, field)
    for band, text in guide.overall.model_dump().items():
        yield f"readiness overall {band}", text
    for axis in bank.axes:
        for side, note in (axis.readiness.model_dump() if axis.readiness else {}).items():
            for field, text in note.items():
                yield f"axis {axis.id!r} readiness {side} {field}", text


def item_texts(bank: Bank, role: str = "self") -> Iterator[tuple[str, str]]:
    """(where, text) for every item prompt and every option of a choice item, as the
    role reads them (an option without observer wording reads the same for both)."""
    for item in bank.items:
        yield f"item {item.id!r} ({role})", item.wording(role)
        if isinstance(item, ChoiceItem):
            for option in item.options:
                yield f"item {item.id!r} option {option.id!r} ({role})", option.wording(role)


def word_count(text: str) -> int:
    return len(text.split())


def sentence_count(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


@pytest.fixture(scope="module")
def seed_fingerprints() -> dict[str, set[str]]:
    articles = seed_runs.load()
    assert len(articles) == 5 and all(articles.values()), "the five articles' fingerprints"
    return articles


def copied_runs(texts: Iterator[tuple[str, str]], seeds: dict[str, set[str]]) -> list[str]:
    """'where shares 'eight words ...' with article' for each text's run found in a seed."""
    problems = []
    for where, text in texts:
        for name, seed in seeds.items():
            shared = sorted(run for run in runs(text) if fingerprint(run) in seed)
            if shared:
                problems.append(f"{where} shares {' '.join(shared[0])!r} with {name}")
    return problems


def unbalanced_pairs(
    bank: Bank, role: str = "self", max_ratio: float = MAX_PAIR_LENGTH_RATIO
) -> list[str]:
    problems = []
    for item in filter(is_forced_choice, bank.items):
        counts = sorted(word_count(o.wording(role)) for o in item.options)
        if counts[1] > max_ratio * counts[0]:
            problems.append(
                f"item {item.id!r} ({role}): options of {counts[0]} and {counts[1]} words"
            )
    return problems


def observer_texts_in_the_first_person(bank: Bank) -> list[str]:
    """Observer wording that still speaks of the respondent ("I", "my", "you", "your"):
    an observer answers about someone else ("they", "their")."""
    return [
        f"{where}: {text!r}"
        for where, text in item_texts(bank, "observer")
        if addresses_respondent(text)
    ]


# --- the core bank: what it covers ------------------------------------------------------


def test_core_measures_the_twelve_distinctions_in_order(core):
    assert [axis.id for axis in core.axes] == CORE_AXES


def test_core_puts_management_on_the_left_and_leadership_on_the_right(core):
    assert core.poles.left.casefold() == "management"
    assert core.poles.right.casefold() == "leadership"


def test_every_core_axis_has_at_least_six_items(core):
    short = {a.id: n for a in core.axes if (n := len(items_on(core, a.id))) < 6}
    assert not short, f"axes with fewer than 6 items: {short}"


@pytest.mark.parametrize("side", ["left", "right"])
def test_every_core_axis_has_two_likert_items_keyed_to_each_pole(core, side):
    short = {
        a.id: n
        for a in core.axes
        if (n := sum(isinstance(i, LikertItem) and i.keyed == side for i in items_on(core, a.id)))
        < 2
    }
    assert not short, f"axes with fewer than 2 likert items keyed {side}: {short}"


def test_every_core_axis_has_a_forced_choice_between_the_poles(core):
    missing = [a.id for a in core.axes if not any(map(is_forced_choice, items_on(core, a.id)))]
    assert not missing, f"axes without a 2-option choice leaning -1 / +1: {missing}"


def test_every_core_axis_has_a_scenario_with_graded_answers(core):
    missing = [a.id for a in core.axes if not any(map(is_scenario, items_on(core, a.id)))]
    assert not missing, f"axes without a 3-4 option choice with graded leans: {missing}"


# --- both banks: how they are written ---------------------------------------------------


def test_every_axis_cites_a_source_article_by_its_author(bank):
    uncited = [a.id for a in bank.axes if not any(name in a.source for name in SEED_AUTHORS)]
    assert not uncited, f"axes whose source names none of {SEED_AUTHORS}: {uncited}"


def test_every_pole_has_a_label_and_a_summary_of_two_or_three_sentences(bank):
    problems = []
    for axis in bank.axes:
        for side in ("left", "right"):
            pole = axis.pole(side)
            if not pole.label.strip():
                problems.append(f"axis {axis.id!r} {side}: no label")
            if not 2 <= (n := sentence_count(pole.summary)) <= 3:
                problems.append(f"axis {axis.id!r} {side}: summary has {n} sentences")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("field", ["strengths", "risks", "tips"])
def test_every_pole_lists_two_to_four_strengths_risks_and_tips(bank, field):
    problems = [
        f"axis {axis.id!r} {side}: {n} {field}"
        for axis in bank.axes
        for side in ("left", "right")
        if not 2 <= (n := len([t for t in getattr(axis.pole(side), field) if t.strip()])) <= 4
    ]
    assert not problems, "\n".join(problems)


def test_the_quick_form_is_short_and_covers_every_axis_twice(bank):
    quick = bank.form_items(QUICK_FORM)
    assert len(quick) <= QUICK_MAX_ITEMS, f"quick form has {len(quick)} items"
    per_axis = {a.id: sum(i.axis == a.id for i in quick) for a in bank.axes}
    thin = {axis: n for axis, n in per_axis.items() if n < QUICK_MIN_PER_AXIS}
    assert not thin, f"axes with fewer than {QUICK_MIN_PER_AXIS} quick items: {thin}"


def test_every_question_and_answer_option_is_at_most_forty_words(bank, role):
    long = [
        f"{where}: {n} words"
        for where, text in item_texts(bank, role)
        if (n := word_count(text)) > MAX_WORDS
    ]
    assert not long, "\n".join(long)


def test_forced_choice_options_are_of_similar_length_so_neither_reads_as_a_strawman(bank, role):
    problems = unbalanced_pairs(bank, role)
    assert not problems, "\n".join(problems)


def test_no_text_copies_eight_words_in_a_row_from_a_source_article(bank, role, seed_fingerprints):
    texts = [*item_texts(bank, role), *pole_texts(bank), *readiness_texts(bank)]
    problems = copied_runs(iter(texts), seed_fingerprints)
    assert not problems, "\n".join(problems)


# --- both banks: observer wording (360 feedback) ----------------------------------------


def test_observers_can_answer_every_form_of_the_shipped_banks(bank):
    problems = [p for form in bank.form_names for p in bank.observer_problems(form)]
    assert not problems, "\n".join(problems)


def test_observer_wording_speaks_of_them_not_of_the_respondent(bank):
    problems = observer_texts_in_the_first_person(bank)
    assert not problems, "\n".join(problems)


# --- both banks: resisting faking (docs/banks.md, "Writing items that resist faking") ---


def one_sided_choices(bank: Bank) -> list[str]:
    """Choice items whose options do not lean to both poles: a candidate who guesses
    the "wanted" pole can then never be wrong on them."""
    return [
        f"item {item.id!r}: leans {sorted(o.lean for o in item.options)}"
        for item in bank.items
        if isinstance(item, ChoiceItem)
        and not (min(o.lean for o in item.options) < 0 < max(o.lean for o in item.options))
    ]


def test_every_choice_item_offers_options_leaning_to_both_poles(bank):
    problems = one_sided_choices(bank)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("side", ["left", "right"])
def test_every_axis_has_statements_keyed_to_each_pole(bank, side):
    """Agreeing with everything then moves no axis to either end."""
    missing = [
        a.id
        for a in bank.axes
        if not any(isinstance(i, LikertItem) and i.keyed == side for i in items_on(bank, a.id))
    ]
    assert not missing, f"axes without a likert item keyed {side}: {missing}"


def test_a_choice_item_with_every_option_on_one_side_is_caught(core):
    item = next(filter(is_scenario, core.items))
    one_sided = [o.model_copy(update={"lean": abs(o.lean)}) for o in item.options]
    breach = core.model_copy(
        update={"items": (item.model_copy(update={"options": tuple(one_sided)}),)}
    )
    assert one_sided_choices(breach) == [
        f"item {item.id!r}: leans {sorted(abs(o.lean) for o in item.options)}"
    ]


# --- the readiness bank -----------------------------------------------------------------


def test_readiness_bank_has_three_or_more_axes_of_four_or_more_items(readiness):
    assert readiness.id == "readiness"
    assert len(readiness.axes) >= 3, f"only {len(readiness.axes)} axes"
    short = {a.id: n for a in readiness.axes if (n := len(items_on(readiness, a.id))) < 4}
    assert not short, f"axes with fewer than 4 items: {short}"


def test_readiness_bank_asks_more_choice_questions_than_statements(readiness):
    """Statements are the easiest items to answer for effect: choices outnumber them."""
    choices = sum(isinstance(i, ChoiceItem) for i in readiness.items)
    statements = sum(isinstance(i, LikertItem) for i in readiness.items)
    assert choices > statements, f"{choices} choice items, {statements} statements"
    per_axis = {
        a.id: (
            sum(isinstance(i, ChoiceItem) for i in items_on(readiness, a.id)),
            sum(isinstance(i, LikertItem) for i in items_on(readiness, a.id)),
        )
        for a in readiness.axes
    }
    thin = {axis: counts for axis, counts in per_axis.items() if counts[0] <= counts[1]}
    assert not thin, f"axes with no more choices than statements (choices, statements): {thin}"


def test_every_readiness_axis_has_a_forced_choice_and_a_scenario(readiness):
    missing = [
        a.id
        for a in readiness.axes
        if not (
            any(map(is_forced_choice, items_on(readiness, a.id)))
            and any(map(is_scenario, items_on(readiness, a.id)))
        )
    ]
    assert not missing, f"axes without both a forced choice and a scenario: {missing}"


def test_readiness_bank_has_its_reading_for_every_axis_with_the_caution(readiness):
    guide = readiness.readiness
    assert guide is not None, "questions/readiness.yaml has no readiness guide"
    assert [a.id for a in readiness.axes if a.readiness is None] == []
    caution = guide.caution.casefold()
    assert "one input" in caution and "observers" in caution and "track record" in caution


def test_readiness_texts_are_short_enough_to_read_at_a_glance(readiness):
    """An axis note at most 50 words, the guide's own texts at most 80."""
    long = [
        f"{where}: {n} words"
        for where, text in readiness_texts(readiness)
        if (n := word_count(text)) > (50 if where.startswith("axis") else 80)
    ]
    assert not long, "\n".join(long)


# --- the checks themselves catch a breach -----------------------------------------------


def test_the_own_words_check_catches_a_sentence_lifted_from_an_article():
    article = (
        "A sales leader who spends every Friday rebuilding the forecast by hand has "
        "little time left to coach the people who will carry next year's number."
    )
    seeds = {"made-up.txt": seed_runs.fingerprints_of(article)}
    lifted = "WHO SPENDS EVERY FRIDAY: REBUILDING THE FORECAST, BY HAND!"  # case, punctuation
    ours = "Forecasts are rebuilt by hand every Friday, which leaves little time to coach."
    assert copied_runs(iter([("lifted", lifted), ("ours", ours)]), seeds) == [
        "lifted shares 'spends every friday rebuilding the forecast by hand' with made-up.txt"
    ]


def test_the_first_person_check_catches_observer_wording_left_about_the_respondent(core):
    likert = next(i for i in core.items if isinstance(i, LikertItem))
    choice = next(filter(is_scenario, core.items))
    slipped = (choice.options[0].model_copy(update={"observer": "Ask your boss."}),)
    breach = core.model_copy(
        update={
            "items": (
                likert.model_copy(update={"observer": "I deal with it myself."}),
                choice.model_copy(update={"options": slipped + choice.options[1:]}),
            )
        }
    )
    assert observer_texts_in_the_first_person(breach) == [
        f"item {likert.id!r} (observer): 'I deal with it myself.'",
        f"item {choice.id!r} option {slipped[0].id!r} (observer): 'Ask your boss.'",
    ]


def test_the_strawman_check_catches_a_lopsided_pair(core, role):
    """In the wording the role reads: an observer's pair is checked on its own."""
    item = next(
        i for i in filter(is_forced_choice, core.items) if all(o.observer for o in i.options)
    )
    first, second = item.options
    field = ROLE_FIELD[role]
    padded = second.model_copy(update={field: " ".join([first.wording(role)] * 3)})  # 3x as long
    lopsided = core.model_copy(
        update={"items": (item.model_copy(update={"options": (first, padded)}),)}
    )
    other_role = next(r for r in ROLE_FIELD if r != role)
    assert unbalanced_pairs(lopsided, role) and not unbalanced_pairs(lopsided, other_role)


def test_a_two_option_choice_with_a_middling_lean_is_not_a_forced_choice(core):
    item = next(filter(is_forced_choice, core.items))
    first, second = item.options
    softened = item.model_copy(update={"options": (first, second.model_copy(update={"lean": 0.5}))})
    assert not is_forced_choice(softened)
    assert not is_scenario(softened)


def test_a_scenario_whose_options_all_sit_at_the_poles_is_not_graded(core):
    item = next(filter(is_scenario, core.items))
    polar = [o.model_copy(update={"lean": -1 if n % 2 else 1}) for n, o in enumerate(item.options)]
    assert not is_scenario(item.model_copy(update={"options": tuple(polar)}))
