"""Store: the one object the app uses to keep people, sheets, answers and workshops.

One Store is shared by every Streamlit session and thread: each call opens its own short
transaction, so nothing is shared between threads but the engine's pool. Calls return
frozen records, never ORM objects, so nothing depends on a session still being open.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import Engine, bindparam, case, delete, exists, func, or_, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from store import tokens
from store.database import database_url, dialect_insert, for_writing, make_engine, unavailable
from store.errors import NotFound, SheetFinished, StoreError, WorkshopClosed
from store.schema import (
    OBSERVER_GROUPS,
    ROLES,
    AnswerRow,
    Base,
    CampaignRow,
    PersonRow,
    SheetRow,
    WorkshopRow,
    utcnow,
)

T = TypeVar("T")
R = TypeVar("R")

_LOCKED_RETRIES = 5
"""Retries of a transaction that found SQLite locked even after busy_timeout (5 s)."""

_CODE_ATTEMPTS = 10
"""Join codes tried before giving up; one collision is already rare."""

_BULK = {"synchronize_session": False}
"""Bulk UPDATE/DELETE options: no ORM objects are kept, so there is nothing to sync."""

_ANSWERABLE = (
    select(SheetRow.finished_at, WorkshopRow.code, WorkshopRow.closed_at)
    .outerjoin(WorkshopRow, SheetRow.workshop_id == WorkshopRow.id)
    .where(SheetRow.id == bindparam("sheet_id"))
    .with_for_update(read=True, of=SheetRow)
)
"""What save_answer checks first. Built once: save_answer is the hot path. FOR SHARE on
the sheet (PostgreSQL) orders a save after a concurrent finish(), so no answer slips in
after the sheet was scored."""


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    display_name: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Workshop:
    id: str
    code: str
    title: str
    bank_id: str
    form: str | None
    reveal: bool
    created_at: datetime
    closed_at: datetime | None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True, slots=True)
class Sheet:
    id: str
    person_id: str
    bank_id: str
    bank_version: int
    form: str | None
    seed: int
    page: int
    started_at: datetime
    finished_at: datetime | None
    workshop_id: str | None
    campaign_id: str | None
    role: str
    rates_person_id: str | None
    observer_group: str | None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


def _record(kind: type[R], row: Any) -> R:
    """The frozen record for an ORM row (secret hashes are not record fields)."""
    return kind(**{field.name: getattr(row, field.name) for field in fields(kind)})


def _get(session: Session, model: type[T], key: str, *, lock: bool = False) -> T:
    """A row by primary key, or NotFound; lock=True holds it until the transaction ends."""
    row = session.get(model, key, with_for_update=lock or None)
    if row is None:
        raise NotFound(f"no {model.__tablename__} with id {key!r}")
    return row


def _is_locked(error: OperationalError) -> bool:
    return "locked" in str(error.orig)


class Store:
    """Everything the app keeps, behind plain verbs; construct once and share."""

    def __init__(self, url: str | URL) -> None:
        """Open (and on first use create) the database at url."""
        self._attach(make_engine(url))

    @classmethod
    def from_engine(cls, engine: Engine) -> Store:
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
    ) -> Store:
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
            raise unavailable(engine.url, exc) from exc

    def close(self) -> None:
        """Release the pooled connections (the store reconnects if used again)."""
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    def _run(self, work: Callable[[Session], T], *, write: bool = False) -> T:
        """Run work in one transaction, committed when it returns.

        The one place that retries a locked SQLite database and that reports a database
        gone away as StoreUnavailable.
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

    def _stamp_once(self, model: type, kind: type[R], key: str, column: str) -> R:
        """Set a row's time column to now unless it is set already (the first time stands,
        so repeating is harmless); returns the row's record."""

        def work(session: Session) -> R:
            row = _get(session, model, key, lock=True)
            if getattr(row, column) is None:
                setattr(row, column, utcnow())
                session.flush()
            return _record(kind, row)

        return self._run(work, write=True)

    # People

    def new_person(self, display_name: str | None = None) -> Person:
        def work(session: Session) -> Person:
            row = PersonRow(display_name=display_name)
            session.add(row)
            session.flush()
            return _record(Person, row)

        return self._run(work, write=True)

    def person(self, person_id: str) -> Person | None:
        def work(session: Session) -> Person | None:
            row = session.get(PersonRow, person_id)
            return None if row is None else _record(Person, row)

        return self._run(work)

    def delete_person(self, person_id: str) -> bool:
        """Erase a person with their sheets and answers, and any sheets rating them.

        Observers' ratings of a person are data about that person, so they go too.
        Returns False when there was no such person.
        """

        def work(session: Session) -> bool:
            if session.get(PersonRow, person_id) is None:
                return False
            theirs = or_(SheetRow.person_id == person_id, SheetRow.rates_person_id == person_id)
            # Explicit rather than trusting ON DELETE CASCADE, which SQLite applies only
            # when a connection has foreign_keys on.
            session.execute(
                delete(AnswerRow).where(AnswerRow.sheet_id.in_(select(SheetRow.id).where(theirs))),
                execution_options=_BULK,
            )
            session.execute(delete(SheetRow).where(theirs), execution_options=_BULK)
            session.execute(
                delete(PersonRow).where(PersonRow.id == person_id), execution_options=_BULK
            )
            return True

        return self._run(work, write=True)

    def display_names(self, sheet_ids: Iterable[str]) -> dict[str, str | None]:
        """The display name of each sheet's person, by sheet id (to label a group's rows)."""
        ids = list(sheet_ids)

        def work(session: Session) -> dict[str, str | None]:
            rows = session.execute(
                select(SheetRow.id, PersonRow.display_name)
                .join(PersonRow, SheetRow.person_id == PersonRow.id)
                .where(SheetRow.id.in_(ids))
            )
            return {sheet_id: name for sheet_id, name in rows}

        return self._run(work)

    # Sheets and answers

    def start_sheet(
        self,
        bank_id: str,
        bank_version: int,
        form: str | None,
        *,
        person_id: str | None = None,
        workshop_id: str | None = None,
        campaign_id: str | None = None,
        role: str = "self",
        rates_person_id: str | None = None,
        observer_group: str | None = None,
        seed: int | None = None,
    ) -> tuple[Sheet, str]:
        """Start a sheet; returns it with its resume token, which is shown once, never stored.

        Creates the person when none is given. Raises WorkshopClosed for a closed workshop,
        NotFound for an unknown person, workshop or campaign.
        """
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, not {role!r}")
        if observer_group is not None and observer_group not in OBSERVER_GROUPS:
            raise ValueError(f"observer_group must be one of {OBSERVER_GROUPS}")
        if role == "observer" and rates_person_id is None:
            raise ValueError("an observer sheet needs rates_person_id, the person it rates")
        if role == "self" and (rates_person_id is not None or observer_group is not None):
            raise ValueError("rates_person_id and observer_group are for observer sheets")
        token = tokens.new_secret()

        def work(session: Session) -> Sheet:
            if workshop_id is not None:
                workshop = _get(session, WorkshopRow, workshop_id)
                if workshop.closed_at is not None:
                    raise WorkshopClosed(f"workshop {workshop.code} is closed")
            if campaign_id is not None:
                _get(session, CampaignRow, campaign_id)
            if rates_person_id is not None:
                _get(session, PersonRow, rates_person_id)
            if person_id is None:
                owner = PersonRow()
                session.add(owner)
                session.flush()
            else:
                owner = _get(session, PersonRow, person_id)
            row = SheetRow(
                person_id=owner.id,
                bank_id=bank_id,
                bank_version=bank_version,
                form=form,
                seed=random.randrange(2**31) if seed is None else seed,
                token_hash=tokens.hash_secret(token),
                workshop_id=workshop_id,
                campaign_id=campaign_id,
                role=role,
                rates_person_id=rates_person_id,
                observer_group=observer_group,
            )
            session.add(row)
            session.flush()
            return _record(Sheet, row)

        return self._run(work, write=True), token

    def sheet(self, sheet_id: str) -> Sheet | None:
        def work(session: Session) -> Sheet | None:
            row = session.get(SheetRow, sheet_id)
            return None if row is None else _record(Sheet, row)

        return self._run(work)

    def sheet_by_token(self, token: str) -> Sheet | None:
        """The sheet a resume link opens; None for any unknown or malformed token.

        Looked up by hash: equality on a sha256 of 192 random bits leaks nothing usable.
        """
        if not tokens.looks_like_token(token):
            return None
        digest = tokens.hash_secret(token)

        def work(session: Session) -> Sheet | None:
            row = session.scalar(select(SheetRow).where(SheetRow.token_hash == digest))
            return None if row is None else _record(Sheet, row)

        return self._run(work)

    def sheets_of_person(self, person_id: str, bank_id: str | None = None) -> list[Sheet]:
        """A person's own sheets, oldest first, to compare a retake with earlier attempts."""
        query = select(SheetRow).where(SheetRow.person_id == person_id)
        if bank_id is not None:
            query = query.where(SheetRow.bank_id == bank_id)
        return self._sheets(query)

    def _sheets(self, query: Any) -> list[Sheet]:
        def work(session: Session) -> list[Sheet]:
            rows = session.scalars(query.order_by(SheetRow.started_at, SheetRow.id))
            return [_record(Sheet, row) for row in rows]

        return self._run(work)

    def save_answer(self, sheet_id: str, item_id: str, value: str | None) -> None:
        """Store the answer to one item as it is given (None: skipped on purpose).

        A changed answer replaces the earlier one in place. Raises SheetFinished for a
        finished sheet, WorkshopClosed for a closed workshop's sheet, NotFound otherwise.
        """
        if value is not None and not isinstance(value, str):
            raise TypeError(f"answer values are strings or None, not {type(value).__name__}")

        def work(session: Session) -> None:
            state = session.execute(_ANSWERABLE, {"sheet_id": sheet_id}).one_or_none()
            if state is None:
                raise NotFound(f"no sheet with id {sheet_id!r}")
            if state.closed_at is not None:
                raise WorkshopClosed(f"workshop {state.code} is closed")
            if state.finished_at is not None:
                raise SheetFinished(f"sheet {sheet_id} is finished; start a new one to retake")
            session.execute(
                self._upsert_answer,
                {"sheet_id": sheet_id, "item_id": item_id, "value": value, "answered_at": utcnow()},
            )

        self._run(work, write=True)

    def answers(self, sheet_id: str) -> dict[str, str | None]:
        """A sheet's answers by item id; a skipped item maps to None, an unseen one is absent."""

        def work(session: Session) -> dict[str, str | None]:
            rows = session.execute(
                select(AnswerRow.item_id, AnswerRow.value)
                .where(AnswerRow.sheet_id == sheet_id)
                .order_by(AnswerRow.item_id)
            )
            return {item_id: value for item_id, value in rows}

        return self._run(work)

    def set_page(self, sheet_id: str, page: int) -> None:
        """Remember the page reached, so a resume link returns there."""
        if page < 0:
            raise ValueError("page must be >= 0")

        def work(session: Session) -> None:
            _get(session, SheetRow, sheet_id).page = page

        self._run(work, write=True)

    def finish(self, sheet_id: str) -> Sheet:
        """Mark a sheet finished; the first finish time stands, so repeating is harmless."""
        return self._stamp_once(SheetRow, Sheet, sheet_id, "finished_at")

    def sheet_answers_frame(self, sheet_ids: Iterable[str]) -> pd.DataFrame:
        """Answers of the given sheets in wide form, for scoring's score_frame.

        Index `respondent` (sheet id, in the order given; unknown ids are left out), one
        column per item id answered (sorted), the stored strings as values, NaN where an
        item was not answered or was skipped. A sheet with no answers is an all-NaN row.
        """
        wanted = list(dict.fromkeys(sheet_ids))

        def work(session: Session) -> pd.DataFrame:
            known = set(session.scalars(select(SheetRow.id).where(SheetRow.id.in_(wanted))))
            return _answers_frame(session, [sheet_id for sheet_id in wanted if sheet_id in known])

        return self._run(work)

    # Workshops

    def create_workshop(self, title: str, bank_id: str, form: str | None) -> tuple[Workshop, str]:
        """Open a workshop; returns it with the facilitator key, shown once, never stored."""
        key = tokens.new_secret()

        def work(session: Session) -> Workshop:
            for _ in range(_CODE_ATTEMPTS):
                row = WorkshopRow(
                    code=tokens.new_join_code(),
                    title=title,
                    bank_id=bank_id,
                    form=form,
                    key_hash=tokens.hash_secret(key),
                )
                try:
                    with session.begin_nested():  # a code collision undoes only this try
                        session.add(row)
                except IntegrityError:
                    continue
                return _record(Workshop, row)
            raise StoreError("no free join code found; try again")

        return self._run(work, write=True), key

    def workshop(self, workshop_id: str) -> Workshop | None:
        def work(session: Session) -> Workshop | None:
            row = session.get(WorkshopRow, workshop_id)
            return None if row is None else _record(Workshop, row)

        return self._run(work)

    def workshop_by_code(self, code: str) -> Workshop | None:
        """The workshop a typed or linked code names; tolerant of case, spaces and dashes.

        None for an unknown code or for anything that cannot be a code (no query made).
        """
        if not isinstance(code, str):
            return None
        code = tokens.normalise_join_code(code)
        if not tokens.is_join_code(code):
            return None

        def work(session: Session) -> Workshop | None:
            row = session.scalar(select(WorkshopRow).where(WorkshopRow.code == code))
            return None if row is None else _record(Workshop, row)

        return self._run(work)

    def facilitator_key_matches(self, workshop_id: str, key: str) -> bool:
        """Whether key is this workshop's facilitator key (constant-time compare)."""
        if not tokens.looks_like_token(key):
            return False
        stored = self._run(
            lambda session: session.scalar(
                select(WorkshopRow.key_hash).where(WorkshopRow.id == workshop_id)
            )
        )
        return stored is not None and tokens.secret_matches(key, stored)

    def set_reveal(self, workshop_id: str, reveal: bool) -> Workshop:
        """Show (or hide) the group's results to participants."""

        def work(session: Session) -> Workshop:
            row = _get(session, WorkshopRow, workshop_id)
            row.reveal = reveal
            session.flush()
            return _record(Workshop, row)

        return self._run(work, write=True)

    def close_workshop(self, workshop_id: str) -> Workshop:
        """Stop new sheets and answers; what is stored stays. Closing again changes nothing."""
        return self._stamp_once(WorkshopRow, Workshop, workshop_id, "closed_at")

    def workshop_sheets(self, workshop_id: str) -> list[Sheet]:
        """The workshop's sheets, in the order people joined."""
        return self._sheets(select(SheetRow).where(SheetRow.workshop_id == workshop_id))

    def workshop_progress(self, workshop_id: str) -> dict[str, int]:
        """Counts for the live room view: joined (sheets), in_progress (answered something,
        not finished) and finished."""
        has_answer = exists().where(AnswerRow.sheet_id == SheetRow.id)
        in_progress = case((SheetRow.finished_at.is_(None) & has_answer, 1), else_=0)

        def work(session: Session) -> dict[str, int]:
            joined, finished, started = session.execute(
                select(
                    func.count(SheetRow.id),
                    func.count(SheetRow.finished_at),
                    func.coalesce(func.sum(in_progress), 0),
                ).where(SheetRow.workshop_id == workshop_id)
            ).one()
            return {"joined": joined, "in_progress": int(started), "finished": finished}

        return self._run(work)

    def finished_sheet_ids(self, workshop_id: str) -> list[str]:
        """The ids of the workshop's finished sheets, in joining order (as workshop_answers):
        a light query for views that keep the scores of sheets already seen."""
        query = (
            select(SheetRow.id)
            .where(SheetRow.workshop_id == workshop_id, SheetRow.finished_at.is_not(None))
            .order_by(SheetRow.started_at, SheetRow.id)
        )
        return self._run(lambda session: list(session.scalars(query)))

    def workshop_answers(self, workshop_id: str, finished_only: bool = True) -> pd.DataFrame:
        """The room's answers in wide form (see sheet_answers_frame), rows in joining order."""
        query = select(SheetRow.id).where(SheetRow.workshop_id == workshop_id)
        if finished_only:
            query = query.where(SheetRow.finished_at.is_not(None))
        query = query.order_by(SheetRow.started_at, SheetRow.id)

        return self._run(lambda session: _answers_frame(session, list(session.scalars(query))))


def _answers_frame(session: Session, sheet_ids: list[str]) -> pd.DataFrame:
    """The answers of sheet_ids, pivoted to one row per sheet and one column per item."""
    rows = session.execute(
        select(AnswerRow.sheet_id, AnswerRow.item_id, AnswerRow.value).where(
            AnswerRow.sheet_id.in_(sheet_ids), AnswerRow.value.is_not(None)
        )
    )
    long = pd.DataFrame([tuple(row) for row in rows], columns=["respondent", "item", "value"])
    wide = long.pivot(index="respondent", columns="item", values="value")
    wide = wide.reindex(index=pd.Index(sheet_ids, name="respondent"), columns=sorted(wide.columns))
    wide.columns.name = None
    return wide
