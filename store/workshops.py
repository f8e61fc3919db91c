"""Workshops: a join code, a facilitator key kept as a hash, reveal and close, and the
room's progress and answers."""

from __future__ import annotations

from functools import partial

import pandas as pd
from sqlalchemy import case, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store import tokens
from store.base import TITLE_CHARS, StoreBase, get_row, required_text
from store.errors import StoreError
from store.records import Participant, Sheet, Workshop, record
from store.schema import AnswerRow, PersonRow, SheetRow, WorkshopRow
from store.sheets import answers_frame

_CODE_ATTEMPTS = 10
"""Join codes tried before giving up; one collision is already rare."""


class Workshops(StoreBase):
    def create_workshop(self, title: str, bank_id: str, form: str | None) -> tuple[Workshop, str]:
        """Open a workshop; returns it with the facilitator key, shown once, never stored.

        The title is trimmed; InvalidText for one that is blank, longer than TITLE_CHARS
        or holds a NUL character."""
        title = required_text(title, "workshop title", TITLE_CHARS)
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
                return record(Workshop, row)
            raise StoreError("no free join code found; try again")

        return self._run(work, write=True), key

    def workshop(self, workshop_id: str) -> Workshop | None:
        def work(session: Session) -> Workshop | None:
            row = session.get(WorkshopRow, workshop_id)
            return None if row is None else record(Workshop, row)

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
            return None if row is None else record(Workshop, row)

        return self._run(work)

    def facilitator_key_matches(self, workshop_id: str, key: str) -> bool:
        """Whether key is this workshop's facilitator key (constant-time compare)."""
        query = select(WorkshopRow.key_hash).where(WorkshopRow.id == workshop_id)
        return tokens.key_matches(key, self._run(lambda session: session.scalar(query)))

    def set_reveal(self, workshop_id: str, reveal: bool) -> Workshop:
        """Show (or hide) the group's results to participants."""

        def work(session: Session) -> Workshop:
            row = get_row(session, WorkshopRow, workshop_id)
            row.reveal = reveal
            session.flush()
            return record(Workshop, row)

        return self._run(work, write=True)

    def close_workshop(self, workshop_id: str) -> Workshop:
        """Stop new sheets and answers; what is stored stays. Closing again changes nothing."""
        return self._stamp_once(WorkshopRow, workshop_id, "closed_at", partial(record, Workshop))

    def workshop_sheets(self, workshop_id: str) -> list[Sheet]:
        """The workshop's sheets, in the order people joined."""
        return self._sheets_where(select(SheetRow).where(SheetRow.workshop_id == workshop_id))

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

    def workshop_people(self, workshop_id: str) -> list[Participant]:
        """Everyone who joined, in joining order, with how far they got: for the
        facilitator's progress by person and the export (never for participants)."""
        answered = (
            select(
                AnswerRow.sheet_id,
                func.count(AnswerRow.value).label("answered"),
                func.max(AnswerRow.answered_at).label("last_answer_at"),
            )
            .group_by(AnswerRow.sheet_id)
            .subquery()
        )
        query = (
            select(
                SheetRow.id,
                PersonRow.display_name,
                SheetRow.page,
                func.coalesce(answered.c.answered, 0),
                SheetRow.started_at,
                answered.c.last_answer_at,
                SheetRow.finished_at,
            )
            .join(PersonRow, SheetRow.person_id == PersonRow.id)
            .outerjoin(answered, answered.c.sheet_id == SheetRow.id)
            .where(SheetRow.workshop_id == workshop_id)
            .order_by(SheetRow.started_at, SheetRow.id)
        )
        return self._run(lambda session: [Participant(*row) for row in session.execute(query)])

    def workshop_bank_version(self, workshop_id: str) -> int | None:
        """The bank version the workshop's first participant answered, which every later
        participant gets too (so a room is never scored on two versions); None before
        anyone joins."""
        query = (
            select(SheetRow.bank_version)
            .where(SheetRow.workshop_id == workshop_id)
            .order_by(SheetRow.started_at, SheetRow.id)
            .limit(1)
        )
        return self._run(lambda session: session.scalar(query))

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

        return self._run(lambda session: answers_frame(session, list(session.scalars(query))))
