"""Store failures as a person meets them in the app: a clear message, never a traceback,
SQL or secret, and no answer lost without a word."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event
from streamlit.testing.v1 import AppTest

from store import Store
from tests.test_app import (
    answer_values,
    open_app,
    progress_text,
    question_radios,
    start,
    token_of,
)

WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.I)


@contextmanager
def sqlite_outage(reads: bool = False) -> Iterator[None]:
    """The SQLite file turns read-only (a full disk, a remount, a chmod): every write is
    refused as SQLite refuses it, and with reads=True every statement (the file gone).

    Injected at the DBAPI cursor because chmod does not stop root, whom CI runs as."""

    def refuse(conn, cursor, statement, parameters, context, executemany) -> None:
        if conn.engine.dialect.name == "sqlite" and (reads or WRITES.match(statement)):
            raise sqlite3.OperationalError("attempt to write a readonly database")

    event.listen(Engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(Engine, "before_cursor_execute", refuse)


def page_text(at: AppTest) -> str:
    """Everything the page says, for checks that no SQL or secret leaks into it."""
    kinds = ("markdown", "caption", "error", "warning", "info", "exception", "code")
    return "\n".join(str(element.value) for kind in kinds for element in at.get(kind))


def assert_no_internals(at: AppTest) -> None:
    text = page_text(at)
    for leak in ("INSERT", "SELECT", "UPDATE", "key_hash", "token_hash", "Traceback"):
        assert leak not in text, f"{leak} shown in the page"


def stored_answers(data_dir, at: AppTest) -> dict[str, str | None]:
    db = Store(f"sqlite:///{data_dir / 'app.db'}")
    try:
        return db.answers(db.sheet_by_token(token_of(at)).id)
    finally:
        db.close()


def test_an_answer_given_while_the_database_is_read_only_is_kept_and_saved_later(data_dir):
    at = start("quick")
    first = question_radios(at)[0]
    item_id = first.key.rsplit(":", 1)[1]
    value = answer_values(item_id)[-1]

    with sqlite_outage():
        first.set_value(value)
        at.run()
        assert not at.exception
        assert_no_internals(at)
        assert "Your answer to question 1 is not saved yet" in at.error[0].value
        assert at.radio(key=first.key).value == value, "the answer is still on screen"
        assert any("Not saved yet" in c.value for c in at.caption)
        assert progress_text(at).startswith("0 of 24 answered"), "the count is what is stored"
        at.run()  # another run during the outage: still kept, still said
        assert "question 1 is not saved yet" in at.error[0].value
    assert stored_answers(data_dir, at) == {}

    at.run()  # the database is writable again: the next run stores it
    assert not at.exception and not at.error
    assert stored_answers(data_dir, at) == {item_id: value}
    assert progress_text(at).startswith("1 of 24 answered")
    assert not any("Not saved yet" in c.value for c in at.caption)


def test_answers_given_while_the_database_is_gone_are_named_and_saved_when_it_is_back(
    data_dir,
):
    at = start("quick")
    first, second = question_radios(at)[:2]
    given = {
        r.key.rsplit(":", 1)[1]: answer_values(r.key.rsplit(":", 1)[1])[0] for r in (first, second)
    }

    with sqlite_outage(reads=True):
        first.set_value(given[first.key.rsplit(":", 1)[1]])
        second.set_value(given[second.key.rsplit(":", 1)[1]])
        at.run()
        assert not at.exception
        assert_no_internals(at)
        assert "cannot be reached" in at.error[0].value
        assert "Your answer to questions 1 and 2 is not saved yet" in at.warning[0].value
        at.run()  # the page stopped before its questions: the answers are still kept
        assert "questions 1 and 2 is not saved yet" in at.warning[0].value

    at.run()
    assert not at.exception and not at.error
    assert stored_answers(data_dir, at) == given
    assert progress_text(at).startswith("2 of 24 answered")


def test_starting_an_assessment_while_the_database_is_read_only_gets_a_message(data_dir):
    at = open_app()
    with sqlite_outage():
        at.button(key="start").click().run()
    assert not at.exception
    assert "cannot be reached or written to" in at.error[0].value
    assert_no_internals(at)
    assert not question_radios(at)

    at.button(key="start").click().run()  # and once it is back, it starts
    assert progress_text(at) == "0 of 24 answered · page 1 of 4"


def test_a_data_folder_that_cannot_be_created_gets_a_message(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("DATA_DIR", str(blocker / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    at = open_app()
    at.button(key="start").click().run()
    assert not at.exception
    assert "cannot be reached or written to" in at.error[0].value
    assert any("cannot create the folder" in c.value for c in at.caption)
    assert_no_internals(at)


def test_a_nul_in_a_participants_name_gets_a_clear_message(data_dir):
    data_dir.mkdir(parents=True)
    db = Store(f"sqlite:///{data_dir / 'app.db'}")
    workshop, _ = db.create_workshop("Monday group", "core", "quick")
    db.close()
    at = open_app(join=workshop.code)
    at.text_input(key="display_name").input("Ann\x00Lee")
    at.button(key="join_start").click().run()
    assert not at.exception
    assert "The name contains a NUL character" in at.error[0].value
    assert_no_internals(at)


def test_an_unreachable_postgresql_names_no_password(data_dir, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody:s3cret-pw@127.0.0.1:1/none")
    at = open_app()
    at.button(key="start").click().run()
    assert not at.exception
    assert "cannot be reached" in at.error[0].value
    assert "s3cret-pw" not in page_text(at)
