"""A person's history link and the sheets it opens, on SQLite and PostgreSQL (store
fixture, tests/conftest.py)."""

import pytest
from sqlalchemy import func, select

from store import InvalidText, NotFound, Store
from store.history import DISPLAY_NAME_CHARS
from store.schema import PersonLinkRow, SheetLinkRow, SheetRow
from store.tokens import hash_secret, looks_like_token


def stored_hashes(store: Store, table) -> list[str]:
    with store.engine.connect() as connection:
        return list(connection.scalars(select(table.token_hash)))


def test_a_history_link_opens_every_own_sheet_of_its_person_and_keeps_only_hashes(store):
    first, first_token = store.start_sheet("core", 1, "quick")
    second, _ = store.start_sheet("readiness", 3, None, person_id=first.person_id)
    store.start_sheet("core", 1, None)  # someone else's

    link = store.history_link(first_token)
    assert looks_like_token(link)
    assert store.history_link(first_token) == link, "the same sheet link shows the same link"
    assert stored_hashes(store, PersonLinkRow) == [hash_secret(link)]
    assert store.person_by_link(link).id == first.person_id
    assert [s.id for s in store.history_sheets(link)] == [first.id, second.id]

    opened = store.open_from_history(link, second.id)
    assert opened not in (first_token, link)
    assert store.open_from_history(link, second.id) == opened
    assert stored_hashes(store, SheetLinkRow) == [hash_secret(opened)]
    assert store.sheet_by_token(opened).id == second.id
    assert store.sheet_by_token(first_token).id == first.id, "the old link still works"
    # The page the derived token opens shows its own history link, for the same person.
    assert store.person_by_link(store.history_link(opened)).id == first.person_id


@pytest.mark.parametrize("token", ["", "short", "x" * 200, "not a token at all!!", None, 42])
def test_malformed_or_unknown_history_links_open_nothing(store, token):
    sheet, _ = store.start_sheet("core", 1, "quick")
    assert store.history_link(token) is None
    assert store.person_by_link(token) is None
    assert store.history_sheets(token) == []
    assert store.open_from_history(token, sheet.id) is None
    unknown = "A" * 32
    assert store.history_link(unknown) is None
    assert store.person_by_link(unknown) is None
    assert store.open_from_history(unknown, sheet.id) is None
    assert stored_hashes(store, PersonLinkRow) == stored_hashes(store, SheetLinkRow) == []


def test_a_history_link_of_one_person_opens_nothing_of_another(store):
    ann, ann_token = store.start_sheet("core", 1, "quick")
    bob, bob_token = store.start_sheet("core", 1, "quick")
    ann_link, bob_link = store.history_link(ann_token), store.history_link(bob_token)
    assert [s.id for s in store.history_sheets(ann_link)] == [ann.id]
    assert store.open_from_history(ann_link, bob.id) is None
    assert store.open_from_history(bob_link, ann.id) is None
    assert store.open_from_history(ann_link, "no-such-sheet") is None
    assert stored_hashes(store, SheetLinkRow) == []


def test_an_observers_sheets_are_not_in_their_history(store):
    candidate = store.new_person("Cat")
    _, token = store.start_sheet(
        "core", 1, None, role="observer", rates_person_id=candidate.id, observer_group="peer"
    )
    assert store.history_sheets(store.history_link(token)) == []


def test_erasing_a_person_erases_their_history_and_sheet_links(store):
    sheet, token = store.start_sheet("core", 1, "quick")
    link = store.history_link(token)
    opened = store.open_from_history(link, sheet.id)
    assert store.delete_person(sheet.person_id)
    assert store.person_by_link(link) is None
    assert store.sheet_by_token(opened) is None
    assert stored_hashes(store, PersonLinkRow) == stored_hashes(store, SheetLinkRow) == []
    with store.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(SheetRow)) == 0


def test_rename_person_checks_the_name_as_other_names(store):
    sheet, _ = store.start_sheet("core", 1, "quick")
    assert store.rename_person(sheet.person_id, "  Ann Lee ").display_name == "Ann Lee"
    assert store.person(sheet.person_id).display_name == "Ann Lee"
    for bad in ("", "   ", "a" * (DISPLAY_NAME_CHARS + 1), "Ann\x00"):
        with pytest.raises(InvalidText):
            store.rename_person(sheet.person_id, bad)
    assert store.person(sheet.person_id).display_name == "Ann Lee"
    with pytest.raises(NotFound):
        store.rename_person("no-such-person", "Ann")
