"""The store, on SQLite always and on PostgreSQL when TEST_DATABASE_URL names a server.

Each PostgreSQL test runs in a schema of its own, dropped afterwards, so tests never see
each other's rows and the server's existing tables are never touched.
"""

import hashlib
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from store import (
    InvalidText,
    NotFound,
    SheetFinished,
    Store,
    StoreError,
    StoreUnavailable,
    WorkshopClosed,
    database_url,
    make_engine,
)
from store import tokens as tokens_module
from store.schema import AnswerRow, PersonRow, SheetRow, WorkshopRow
from store.tokens import (
    JOIN_CODE_ALPHABET,
    hash_secret,
    is_join_code,
    looks_like_token,
    new_join_code,
    new_secret,
    normalise_join_code,
    secret_matches,
)
from tests.closing_support import close_while_answering as closing_race


def answer_rows(store: Store, sheet_id: str) -> list[tuple[str, str | None, datetime]]:
    with store.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                select(AnswerRow.item_id, AnswerRow.value, AnswerRow.answered_at).where(
                    AnswerRow.sheet_id == sheet_id
                )
            )
        ]


# Configuration and secrets: no database needed.


def test_database_url_prefers_environment_then_secrets_then_sqlite_file(tmp_path):
    env = {"DATABASE_URL": "postgresql://env/db"}
    secrets = {"database_url": "postgresql://secrets/db"}
    assert database_url(env, secrets) == "postgresql://env/db"
    assert database_url({}, secrets) == "postgresql://secrets/db"
    assert database_url({"DATABASE_URL": ""}, secrets) == "postgresql://secrets/db"
    assert database_url({}, None) == "sqlite:///data/app.db"
    assert database_url({}, {}, data_dir=tmp_path) == f"sqlite:///{tmp_path}/app.db"


def test_store_open_creates_the_default_sqlite_file_and_its_folder(tmp_path):
    data_dir = tmp_path / "not" / "there"
    opened = Store.open(environ={}, secrets=None, data_dir=data_dir)
    try:
        opened.new_person()
    finally:
        opened.close()
    assert (data_dir / "app.db").is_file()


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"], ids=["postgresql://", "postgres://"])
def test_postgres_urls_use_psycopg_3(scheme):
    engine = make_engine(f"{scheme}://user@localhost/db")
    assert engine.url.drivername == "postgresql+psycopg"
    engine.dispose()


def test_unreachable_postgres_is_store_unavailable_without_the_password():
    with pytest.raises(StoreUnavailable) as caught:
        Store("postgresql://scott:tiger-s3cret@127.0.0.1:1/nowhere")
    message = str(caught.value)
    assert "tiger-s3cret" not in message
    assert "127.0.0.1:1/nowhere" in message
    assert "***" in message


def test_unsupported_database_is_store_unavailable_without_the_password():
    with pytest.raises(StoreUnavailable, match="unsupported") as caught:
        Store("mysql://scott:tiger-s3cret@localhost/db")
    assert "tiger-s3cret" not in str(caught.value)


def test_secrets_are_long_random_url_safe_and_stored_as_sha256():
    secrets = {new_secret() for _ in range(200)}
    assert len(secrets) == 200
    for secret in secrets:
        assert len(secret) >= 22  # 22 url-safe characters carry 128 bits
        assert looks_like_token(secret)
    secret = new_secret()
    assert hash_secret(secret) == hashlib.sha256(secret.encode()).hexdigest()
    assert secret_matches(secret, hash_secret(secret))
    assert not secret_matches(new_secret(), hash_secret(secret))


@pytest.mark.parametrize(
    "value",
    [None, 42, "", "short", "a" * 21, "a" * 129, "has space" * 4, "../../etc/passwd" * 2,
     "é" * 30, "abc;DROP TABLE sheet;--xxxxxxxx", "a+b/c=" * 5],
)  # fmt: skip
def test_malformed_tokens_fail_the_cheap_format_check(value):
    assert not looks_like_token(value)


def test_join_codes_are_six_unambiguous_characters():
    codes = [new_join_code() for _ in range(2000)]
    assert all(len(code) == 6 and is_join_code(code) for code in codes)
    assert not set("".join(codes)) & set("0O1IL")
    assert set("".join(codes)) == set(JOIN_CODE_ALPHABET)  # every letter is used


@given(
    code=st.text(JOIN_CODE_ALPHABET, min_size=6, max_size=6),
    lower=st.lists(st.booleans(), min_size=6, max_size=6),
    separators=st.lists(st.sampled_from(["", " ", "-", " - ", "\t"]), min_size=7, max_size=7),
)
def test_typed_join_codes_normalise_to_the_code(code, lower, separators):
    typed = separators[0] + "".join(
        (char.lower() if low else char) + sep
        for char, low, sep in zip(code, lower, separators[1:], strict=True)
    )
    assert normalise_join_code(typed) == code


# The store, on every database.


def test_answer_survives_a_restart(db_url):
    first = Store(db_url)
    sheet, token = first.start_sheet("core", 1, "quick")
    first.save_answer(sheet.id, "ra1", "4")
    first.save_answer(sheet.id, "ra2", None)
    first.set_page(sheet.id, 3)
    first.close()

    again = Store(db_url)
    try:
        resumed = again.sheet_by_token(token)
        assert resumed is not None
        assert resumed.id == sheet.id and resumed.page == 3 and resumed.seed == sheet.seed
        assert again.answers(sheet.id) == {"ra1": "4", "ra2": None}
    finally:
        again.close()


def test_a_changed_answer_is_updated_in_place(store):
    sheet, _ = store.start_sheet("core", 1, None)
    store.save_answer(sheet.id, "ra1", "2")
    [(_, _, first_time)] = answer_rows(store, sheet.id)
    store.save_answer(sheet.id, "ra1", "5")
    [(item, value, second_time)] = answer_rows(store, sheet.id)
    assert (item, value) == ("ra1", "5")
    assert second_time > first_time


def test_a_skipped_item_is_kept_as_none_unlike_an_unseen_one(store):
    sheet, _ = store.start_sheet("core", 1, None)
    store.save_answer(sheet.id, "ra1", "b")
    store.save_answer(sheet.id, "ra1", None)
    answers = store.answers(sheet.id)
    assert answers == {"ra1": None}
    assert "ra2" not in answers


def test_answer_values_must_be_strings(store):
    sheet, _ = store.start_sheet("core", 1, None)
    with pytest.raises(TypeError):
        store.save_answer(sheet.id, "ra1", 4)  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        store.save_answer("no-such-sheet", "ra1", "4")


def test_resume_token_round_trips_and_only_its_hash_is_stored(store):
    sheet, token = store.start_sheet("core", 1, "quick", seed=1234)
    assert looks_like_token(token)
    assert store.sheet_by_token(token) == sheet
    assert store.sheet(sheet.id) == sheet
    assert sheet.seed == 1234 and sheet.page == 0 and not sheet.finished
    with store.engine.connect() as connection:
        rows = connection.execute(select(SheetRow.__table__)).mappings().all()
    assert [row["token_hash"] for row in rows] == [hash_secret(token)]
    assert not any(token in str(value) for row in rows for value in row.values())


@pytest.mark.parametrize("token", [None, "", "nope", "x" * 500, "bad token with spaces!"])
def test_malformed_tokens_find_no_sheet(store, token):
    store.start_sheet("core", 1, None)
    assert store.sheet_by_token(token) is None


def test_unknown_tokens_find_no_sheet(store):
    store.start_sheet("core", 1, None)
    assert store.sheet_by_token(new_secret()) is None
    assert store.sheet("no-such-sheet") is None


def test_times_are_timezone_aware_utc(store):
    person = store.new_person("Ann")
    sheet, _ = store.start_sheet("core", 1, None, person_id=person.id)
    store.save_answer(sheet.id, "ra1", "4")
    [(_, _, answered_at)] = answer_rows(store, sheet.id)
    finished = store.finish(sheet.id)
    for moment in (person.created_at, sheet.started_at, finished.finished_at, answered_at):
        assert moment.tzinfo is not None and moment.utcoffset().total_seconds() == 0
    assert abs((datetime.now(UTC) - finished.finished_at).total_seconds()) < 60


def test_finished_sheet_refuses_answers_and_keeps_its_first_finish_time(store):
    sheet, token = store.start_sheet("core", 1, None)
    store.save_answer(sheet.id, "ra1", "3")
    first = store.finish(sheet.id)
    assert first.finished
    with pytest.raises(SheetFinished):
        store.save_answer(sheet.id, "ra1", "5")
    assert store.finish(sheet.id).finished_at == first.finished_at
    assert store.answers(sheet.id) == {"ra1": "3"}
    assert store.sheet_by_token(token) == first


def test_sheets_of_a_person_come_oldest_first(store):
    person = store.new_person("Ann")
    other = store.new_person("Bob")
    first, _ = store.start_sheet("core", 1, "quick", person_id=person.id)
    store.start_sheet("core", 1, None, person_id=other.id)
    second, _ = store.start_sheet("situations", 1, None, person_id=person.id)
    third, _ = store.start_sheet("core", 2, None, person_id=person.id)
    assert [s.id for s in store.sheets_of_person(person.id)] == [first.id, second.id, third.id]
    assert [s.id for s in store.sheets_of_person(person.id, "core")] == [first.id, third.id]
    assert store.sheets_of_person("nobody") == []


def test_start_sheet_creates_a_person_or_refuses_unknown_ones(store):
    sheet, _ = store.start_sheet("core", 1, None)
    assert store.person(sheet.person_id) is not None
    with pytest.raises(NotFound):
        store.start_sheet("core", 1, None, person_id="nobody")
    with pytest.raises(NotFound):
        store.start_sheet("core", 1, None, workshop_id="nowhere")
    with pytest.raises(ValueError):
        store.start_sheet("core", 1, None, role="boss")
    with pytest.raises(ValueError):
        store.start_sheet("core", 1, None, role="observer")  # rates nobody


def test_an_observer_sheet_records_whom_it_rates(store):
    candidate = store.new_person("Cleo")
    sheet, _ = store.start_sheet(
        "core", 1, None, role="observer", rates_person_id=candidate.id, observer_group="peer"
    )
    assert (sheet.role, sheet.rates_person_id, sheet.observer_group) == (
        "observer",
        candidate.id,
        "peer",
    )
    assert sheet.person_id != candidate.id


def test_delete_person_erases_their_sheets_answers_and_ratings_of_them(store):
    ann = store.new_person("Ann")
    bob = store.new_person("Bob")
    own, own_token = store.start_sheet("core", 1, None, person_id=ann.id)
    retake, _ = store.start_sheet("core", 1, None, person_id=ann.id)
    rating, _ = store.start_sheet(
        "core", 1, None, person_id=bob.id, role="observer", rates_person_id=ann.id
    )
    kept, _ = store.start_sheet("core", 1, None, person_id=bob.id)
    for sheet in (own, retake, rating, kept):
        store.save_answer(sheet.id, "ra1", "4")

    assert store.delete_person(ann.id)
    assert store.person(ann.id) is None
    assert store.sheet_by_token(own_token) is None
    for gone in (own, retake, rating):
        assert store.sheet(gone.id) is None
        assert answer_rows(store, gone.id) == []
    assert store.person(bob.id) == bob
    assert store.answers(kept.id) == {"ra1": "4"}
    assert not store.delete_person(ann.id)


# Workshops.


def test_workshop_codes_are_found_however_they_are_typed(store):
    workshop, _ = store.create_workshop("Monday group", "core", "quick")
    assert is_join_code(workshop.code)
    code = workshop.code
    for typed in (code, code.lower(), f" {code[:3]} {code[3:]} ", f"{code[:3]}-{code[3:]}"):
        assert store.workshop_by_code(typed) == workshop
    assert store.workshop(workshop.id) == workshop
    assert (workshop.title, workshop.bank_id, workshop.form) == ("Monday group", "core", "quick")
    assert not workshop.reveal and not workshop.closed


@pytest.mark.parametrize("code", [None, "", "ABC", "ABCDEFG", "ABCDE0", "abc'--", "ÄBCDEF"])
def test_malformed_or_unknown_join_codes_find_nothing(store, code):
    store.create_workshop("Monday group", "core", None)
    assert store.workshop_by_code(code) is None


def test_a_join_code_collision_draws_another_code(store, monkeypatch):
    codes = iter(["AAAAAA", "AAAAAA", "AAAAAA", "BBBBBB"])
    monkeypatch.setattr(tokens_module, "new_join_code", lambda: next(codes))
    first, _ = store.create_workshop("One", "core", None)
    second, _ = store.create_workshop("Two", "core", None)
    assert (first.code, second.code) == ("AAAAAA", "BBBBBB")
    assert store.workshop_by_code("aaaaaa") == first


def test_facilitator_key_is_checked(store):
    workshop, key = store.create_workshop("Monday group", "core", None)
    other, other_key = store.create_workshop("Tuesday group", "core", None)
    assert store.facilitator_key_matches(workshop.id, key)
    assert not store.facilitator_key_matches(workshop.id, other_key)
    assert store.facilitator_key_matches(other.id, other_key)
    assert not store.facilitator_key_matches(workshop.id, new_secret())
    assert not store.facilitator_key_matches(workshop.id, "")
    assert not store.facilitator_key_matches("nowhere", key)
    with store.engine.connect() as connection:
        stored = connection.execute(text("SELECT key_hash FROM workshop")).scalars().all()
    assert key not in stored and other_key not in stored


def test_reveal_is_toggled(store):
    workshop, _ = store.create_workshop("Monday group", "core", None)
    assert store.set_reveal(workshop.id, True).reveal
    assert store.workshop(workshop.id).reveal
    assert not store.set_reveal(workshop.id, False).reveal


def test_a_closed_workshop_refuses_new_sheets_and_answers_but_keeps_stored_ones(store):
    workshop, _ = store.create_workshop("Monday group", "core", None)
    sheet, token = store.start_sheet("core", 1, None, workshop_id=workshop.id)
    store.save_answer(sheet.id, "ra1", "4")

    closed = store.close_workshop(workshop.id)
    assert closed.closed
    with pytest.raises(WorkshopClosed):
        store.start_sheet("core", 1, None, workshop_id=workshop.id)
    with pytest.raises(WorkshopClosed):
        store.save_answer(sheet.id, "ra2", "5")
    with pytest.raises(WorkshopClosed):
        store.save_answer(sheet.id, "ra1", "1")

    assert store.answers(sheet.id) == {"ra1": "4"}
    assert store.sheet_by_token(token) == sheet
    assert store.close_workshop(workshop.id).closed_at == closed.closed_at
    assert store.workshop_by_code(workshop.code) == closed


def test_workshop_progress_counts_joined_in_progress_and_finished(store):
    workshop, _ = store.create_workshop("Monday group", "core", None)
    assert store.workshop_progress(workshop.id) == {"joined": 0, "in_progress": 0, "finished": 0}
    idle, _ = store.start_sheet("core", 1, None, workshop_id=workshop.id)
    busy, _ = store.start_sheet("core", 1, None, workshop_id=workshop.id)
    skipper, _ = store.start_sheet("core", 1, None, workshop_id=workshop.id)
    done, _ = store.start_sheet("core", 1, None, workshop_id=workshop.id)
    store.start_sheet("core", 1, None)  # not in the workshop
    store.save_answer(busy.id, "ra1", "4")
    store.save_answer(skipper.id, "ra1", None)
    store.save_answer(done.id, "ra1", "2")
    store.finish(done.id)
    assert store.workshop_progress(workshop.id) == {"joined": 4, "in_progress": 2, "finished": 1}
    assert [s.id for s in store.workshop_sheets(workshop.id)] == [
        idle.id,
        busy.id,
        skipper.id,
        done.id,
    ]


def test_workshop_answers_are_one_wide_row_per_sheet(store):
    workshop, _ = store.create_workshop("Monday group", "core", None)
    ann = store.new_person("Ann")
    first, _ = store.start_sheet("core", 1, None, workshop_id=workshop.id, person_id=ann.id)
    second, _ = store.start_sheet("core", 1, None, workshop_id=workshop.id)
    silent, _ = store.start_sheet("core", 1, None, workshop_id=workshop.id)
    unfinished, _ = store.start_sheet("core", 1, None, workshop_id=workshop.id)
    elsewhere, _ = store.start_sheet("core", 1, None)
    store.save_answer(first.id, "ra1", "4")
    store.save_answer(first.id, "ra2", "b")
    store.save_answer(second.id, "ra1", "1")
    store.save_answer(second.id, "ra2", None)  # skipped
    store.save_answer(second.id, "ra3", None)  # skipped by everyone: no column
    store.save_answer(unfinished.id, "ra9", "5")
    store.save_answer(elsewhere.id, "ra8", "5")
    for sheet in (first, second, silent):
        store.finish(sheet.id)

    frame = store.workshop_answers(workshop.id)
    assert frame.index.name == "respondent"
    assert list(frame.index) == [first.id, second.id, silent.id]
    assert list(frame.columns) == ["ra1", "ra2"]
    assert frame.loc[first.id].tolist() == ["4", "b"]
    assert frame.loc[second.id, "ra1"] == "1"
    assert pd.isna(frame.loc[second.id, "ra2"])
    assert frame.loc[silent.id].isna().all()

    everyone = store.workshop_answers(workshop.id, finished_only=False)
    assert list(everyone.index) == [first.id, second.id, silent.id, unfinished.id]
    assert list(everyone.columns) == ["ra1", "ra2", "ra9"]

    some = store.sheet_answers_frame([elsewhere.id, "no-such-sheet", first.id])
    assert list(some.index) == [elsewhere.id, first.id]
    assert list(some.columns) == ["ra1", "ra2", "ra8"]
    assert store.display_names([first.id, second.id]) == {first.id: "Ann", second.id: None}

    empty = store.workshop_answers("nowhere")
    assert empty.empty and empty.index.name == "respondent"


def test_finished_sheet_ids_follow_joining_order_like_workshop_answers(store):
    workshop, _ = store.create_workshop("Monday group", "core", None)
    other, _ = store.create_workshop("Tuesday group", "core", None)
    sheets = [store.start_sheet("core", 1, None, workshop_id=workshop.id)[0] for _ in range(4)]
    elsewhere, _ = store.start_sheet("core", 1, None, workshop_id=other.id)
    assert store.finished_sheet_ids(workshop.id) == []
    for sheet in (sheets[3], sheets[0], sheets[2], elsewhere):
        store.save_answer(sheet.id, "ra1", "3")
        store.finish(sheet.id)
    expected = [sheets[0].id, sheets[2].id, sheets[3].id]
    assert store.finished_sheet_ids(workshop.id) == expected
    assert list(store.workshop_answers(workshop.id).index) == expected
    assert store.finished_sheet_ids("nowhere") == []


def test_sqlite_file_runs_in_wal_mode_with_a_busy_timeout_and_foreign_keys(tmp_path):
    opened = Store(f"sqlite:///{tmp_path / 'deep' / 'app.db'}")
    try:
        with opened.engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA busy_timeout").scalar() == 5000
            assert pragma("PRAGMA foreign_keys").scalar() == 1
    finally:
        opened.close()


def test_a_write_waits_for_another_process_holding_the_sqlite_lock(tmp_path):
    path = tmp_path / "app.db"
    opened = Store(f"sqlite:///{path}")
    sheet, _ = opened.start_sheet("core", 1, None)
    other_process = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other_process.execute("BEGIN IMMEDIATE")  # holds the write lock
    releaser = threading.Timer(0.3, other_process.rollback)
    releaser.start()
    try:
        opened.save_answer(sheet.id, "ra1", "4")  # waits under busy_timeout, no error
        assert opened.answers(sheet.id) == {"ra1": "4"}
    finally:
        releaser.join()
        other_process.close()
        opened.close()


def test_still_locked_after_the_busy_timeout_is_retried_then_reported(tmp_path):
    opened = Store(f"sqlite:///{tmp_path / 'app.db'}")
    locked = OperationalError("COMMIT", {}, sqlite3.OperationalError("database is locked"))
    attempts = []

    def locked_twice(session):
        attempts.append(session)
        if len(attempts) <= 2:
            raise locked
        return "done"

    def broken(session):
        raise OperationalError("SELECT", {}, sqlite3.OperationalError("disk I/O error"))

    try:
        assert opened._run(locked_twice, write=True) == "done"
        assert len(attempts) == 3
        with pytest.raises(StoreUnavailable, match="disk I/O error"):
            opened._run(broken)
    finally:
        opened.close()


def test_fifty_people_answering_at_once_lose_nothing(store):
    """A full room: 50 threads each write a 72-item sheet into one shared store."""
    people, items = 50, [f"item{n:02d}" for n in range(72)]
    workshop, _ = store.create_workshop("Big room", "core", None)
    everyone_started = threading.Barrier(people)

    def answer_everything(person: int) -> tuple[str, dict[str, str]]:
        sheet, _ = store.start_sheet("core", 1, None, workshop_id=workshop.id)
        expected = {item: str((person + n) % 5 + 1) for n, item in enumerate(items)}
        everyone_started.wait(timeout=60)
        for item, value in expected.items():
            store.save_answer(sheet.id, item, value)
        store.finish(sheet.id)
        return sheet.id, expected

    with ThreadPoolExecutor(max_workers=people) as pool:
        results = list(pool.map(answer_everything, range(people)))

    with store.engine.connect() as connection:
        stored = connection.scalar(select(func.count()).select_from(AnswerRow))
    assert stored == people * len(items)
    for sheet_id, expected in results:
        assert store.answers(sheet_id) == expected
    assert store.workshop_progress(workshop.id) == {
        "joined": people,
        "in_progress": 0,
        "finished": people,
    }
    assert store.workshop_answers(workshop.id).shape == (people, len(items))


# Faults: every database error leaves the store as a StoreError a person can read.


@pytest.mark.parametrize(
    "typed",
    ["Ann\x00", "\x00", "Regional\x00 group"],
    ids=["trailing", "alone", "inside"],
)
def test_a_nul_in_a_name_or_title_is_refused_with_a_clear_message(store, typed):
    with pytest.raises(InvalidText) as name_refused:
        store.new_person(typed)
    with pytest.raises(InvalidText) as title_refused:
        store.create_workshop(typed, "core", None)
    for refused, what in ((name_refused, "name"), (title_refused, "workshop title")):
        message = str(refused.value)
        assert f"The {what} contains a NUL character" in message
        assert "key_hash" not in message and "INSERT" not in message and "\x00" not in message
    with store.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(PersonRow)) == 0
        assert connection.scalar(select(func.count()).select_from(WorkshopRow)) == 0


def test_a_value_the_database_refuses_is_a_store_error_without_sql(store):
    """Whatever slips past the checks (here a NUL in an answer, which no page can send)
    still leaves the store as a StoreError that quotes no SQL and no parameter."""
    sheet, _ = store.start_sheet("core", 1, None)
    try:
        store.save_answer(sheet.id, "ra1", "4\x00")
    except StoreError as refused:
        message = str(refused)
        assert "INSERT" not in message and sheet.id not in message and "\x00" not in message
        assert "nothing was stored" in message
    assert store.answers(sheet.id) in ({}, {"ra1": "4\x00"}), "SQLite keeps it, PostgreSQL refuses"


def test_a_data_folder_that_cannot_be_made_is_store_unavailable(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreUnavailable, match="cannot create the folder"):
        Store.open(environ={}, data_dir=blocker / "data")


# Closing a workshop is a clean cut: not one answer is stored after the close commits.


def test_no_answer_is_stored_after_a_workshop_closes_while_fifty_people_answer(store):
    """50 people answer as fast as they can while the facilitator closes the room: once
    close_workshop has returned, not one answer of the room is stored or changed, and none
    was given later than the closing time. Five rooms, each closed mid-answering."""
    cut_short = sum(close_while_answering(store, people=50, items=24) for _trial in range(5))
    assert cut_short, "the close came while people were still answering"


def close_while_answering(store: Store, people: int, items: int) -> int:
    """Close a room while its people answer (tests/closing_support.py); returns how many
    people the close stopped part-way."""
    workshop, _ = store.create_workshop("Closing time", "core", None)
    sheets = [store.start_sheet("core", 1, None, workshop_id=workshop.id)[0] for _ in range(people)]
    return closing_race(
        store,
        [sheet.id for sheet in sheets],
        items,
        lambda: store.close_workshop(workshop.id).closed_at,
        WorkshopClosed,
    )
