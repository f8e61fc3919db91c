"""What every part of the store shares: the engine, one transaction per call, retries.

The Store callers use is one object (store/store.py); its verbs live one module per
concern (people, sheets, workshops, access), each a mixin on this base.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Self, TypeVar

from sqlalchemy import Engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from store.database import (
    database_url,
    dialect_insert,
    for_writing,
    make_engine,
    translated,
    unavailable,
)
from store.errors import InvalidText, NotFound
from store.records import R, Sheet, record
from store.schema import AnswerRow, Base, SheetRow, utcnow

T = TypeVar("T")

_LOCKED_RETRIES = 5
"""Retries of a transaction that found SQLite locked even after busy_timeout (5 s)."""

TITLE_CHARS = 80
"""The longest title of a workshop or campaign: it must fit a projector's heading."""

BULK = {"synchronize_session": False}
"""Bulk UPDATE/DELETE options: no ORM objects are kept, so there is nothing to sync."""


def get_row(session: Session, model: type[T], key: str, *, lock: bool = False) -> T:
    """A row by primary key, or NotFound; lock=True holds it until the transaction ends."""
    row = session.get(model, key, with_for_update=lock or None)
    if row is None:
        raise NotFound(f"no {model.__tablename__} with id {key!r}")
    return row


def typed_text(value: str, what: str) -> str:
    """A text a person typed (a name, a title), refused with InvalidText if it holds a NUL
    character: PostgreSQL cannot store one, and SQLite would keep a text that ends there
    for some readers. Refused on every database alike, before any query."""
    if "\x00" in value:
        raise InvalidText(
            f"The {what} contains a NUL character (an invisible control character, "
            "often from a bad copy and paste), which cannot be stored. Type it again "
            "without it."
        )
    return value


def required_text(value: str, what: str, max_chars: int) -> str:
    """A text a person must give (a title, a name), trimmed; InvalidText when it is not
    text, blank, longer than max_chars, or holds a NUL character (see typed_text)."""
    if not isinstance(value, str):
        raise InvalidText(f"The {what} must be text, not {type(value).__name__}.")
    value = typed_text(value, what).strip()
    if not value:
        raise InvalidText(f"The {what} is empty: give one.")
    if len(value) > max_chars:
        raise InvalidText(
            f"The {what} is {len(value):,} characters long; at most {max_chars:,} fit."
        )
    return value


def _is_locked(error: OperationalError) -> bool:
    return "locked" in str(error.orig)


class StoreBase:
    """The engine and the transaction runner every verb module builds on."""

    def __init__(self, url: str | URL) -> None:
        """Open (and on first use create) the database at url."""
        self._attach(make_engine(url))

    @classmethod
    def from_engine(cls, engine: Engine) -> Self:
        """A store on an engine made elsewhere (make_engine configures SQLite as needed)."""
        store = cls.__new__(cls)
        store._attach(engine)
        return store

    @classmethod
    def open(
        cls,
        environ: Mapping[str, str] = os.environ,
        secrets: Mapping[str, Any] | None = None,
        data_dir: str | Path = "data",
    ) -> Self:
        """The store the deployment is configured for (see database.database_url)."""
        return cls(database_url(environ, secrets, data_dir))

    def _attach(self, engine: Engine) -> None:
        self.engine = engine
        insert = dialect_insert(engine)(AnswerRow.__table__)
        self._upsert_answer = insert.on_conflict_do_update(
            index_elements=[AnswerRow.sheet_id, AnswerRow.item_id],
            set_={"value": insert.excluded.value, "answered_at": insert.excluded.answered_at},
        )
        self._reads = sessionmaker(engine)
        self._writes = sessionmaker(for_writing(engine))
        try:
            Base.metadata.create_all(engine)
        except DBAPIError as exc:
            raise translated(engine.url, exc) from exc

    def close(self) -> None:
        """Release the pooled connections (the store reconnects if used again)."""
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    def _run(self, work: Callable[[Session], T], *, write: bool = False) -> T:
        """Run work in one transaction, committed when it returns.

        The one place that retries a locked SQLite database, and the one place a database
        error becomes a StoreError (see database.translated): a database gone away is
        StoreUnavailable, a refused value InvalidValue, and no message quotes SQL.
        """
        sessions = self._writes if write else self._reads
        attempt = 0
        while True:
            try:
                with sessions.begin() as session:
                    return work(session)
            except OperationalError as exc:
                if attempt >= _LOCKED_RETRIES or not _is_locked(exc):
                    raise unavailable(self.engine.url, exc) from exc
                attempt += 1
                time.sleep(0.01 * 2**attempt + random.uniform(0, 0.01))
            except DBAPIError as exc:
                raise translated(self.engine.url, exc) from exc

    def _stamp_once(self, model: type, key: str, column: str, as_record: Callable[[Any], R]) -> R:
        """Set a row's time column to now unless it is set already (the first time stands,
        so repeating is harmless); returns as_record(row). The row is locked FOR UPDATE,
        so the stamp waits for the transactions that hold it FOR SHARE (see sheets.py)."""

        def work(session: Session) -> R:
            row = get_row(session, model, key, lock=True)
            if getattr(row, column) is None:
                setattr(row, column, utcnow())
                session.flush()
            return as_record(row)

        return self._run(work, write=True)

    def _sheets_where(self, query: Any) -> list[Sheet]:
        def work(session: Session) -> list[Sheet]:
            rows = session.scalars(query.order_by(SheetRow.started_at, SheetRow.id))
            return [record(Sheet, row) for row in rows]

        return self._run(work)
