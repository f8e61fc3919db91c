"""store/workshops.py: what the facilitator follows of each person, on both databases."""

from __future__ import annotations


def test_progress_by_person_counts_answers_not_skips_in_joining_order(store):
    workshop, _ = store.create_workshop("Spring", "core", "quick")
    ann = store.new_person("Ann Lee")
    first, _ = store.start_sheet("core", 1, "quick", person_id=ann.id, workshop_id=workshop.id)
    second, _ = store.start_sheet("core", 1, "quick", workshop_id=workshop.id)
    store.save_answer(first.id, "ra3", "a")
    store.save_answer(first.id, "ra4", None)  # skipped on purpose
    store.set_page(first.id, 1)
    store.finish(first.id)

    people = store.workshop_people(workshop.id)
    assert [p.sheet_id for p in people] == [first.id, second.id]
    ann_row, anonymous = people
    assert (ann_row.display_name, ann_row.answered, ann_row.page) == ("Ann Lee", 1, 1)
    assert ann_row.finished_at is not None and ann_row.last_answer_at is not None
    assert (anonymous.display_name, anonymous.answered, anonymous.last_answer_at) == (None, 0, None)
    assert store.workshop_people("no-such-workshop") == []
