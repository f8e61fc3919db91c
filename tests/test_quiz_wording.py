"""What the assessment says about progress and unanswered questions: counts that tell a
skip from an answer, and lists of question numbers in plain English."""

from __future__ import annotations

import pytest

from ui.items import answer_counts, no_answer_text, progress_text
from ui.text import and_list


@pytest.mark.parametrize(
    ("words", "joined"),
    [
        ([], ""),
        ([7], "7"),
        ([7, 8], "7 and 8"),
        ([3, 5, 8], "3, 5 and 8"),
        (["1", "2", "3", "4 more"], "1, 2, 3 and 4 more"),
    ],
)
def test_and_list_joins_as_english_does(words, joined):
    assert and_list(words) == joined


def test_one_unanswered_question_is_singular_and_several_are_plural():
    assert no_answer_text([7]) == "Question 7 has no answer yet."
    assert no_answer_text([7, 8]) == "Questions 7 and 8 have no answer yet."
    assert no_answer_text([2, 4, 6]) == "Questions 2, 4 and 6 have no answer yet."


def test_a_skipped_question_is_counted_as_skipped_not_answered():
    items = [f"q{n}" for n in range(24)]
    stored = {f"q{n}": "1" for n in range(14)} | {"q14": None, "q15": None}
    assert answer_counts(items, stored) == (14, 2)
    assert progress_text(14, 2, 24, 3, 4) == "14 of 24 answered, 2 skipped · page 3 of 4"


def test_progress_without_skips_names_no_skips():
    assert answer_counts(["a", "b"], {}) == (0, 0)
    assert progress_text(0, 0, 24, 1, 4) == "0 of 24 answered · page 1 of 4"


def test_answers_to_items_of_another_form_are_not_counted():
    assert answer_counts(["a", "b"], {"a": "2", "z": "1", "y": None}) == (1, 0)
