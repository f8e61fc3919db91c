"""Sheets and answers: an attempt at a bank, its answers stored as they are given,
its page and its finish."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime
from functools import partial

import pandas as pd
from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from store import tokens
from store.base import StoreBase, get_row
from store.errors import CampaignClosed, NotFound, SheetFinished, WorkshopClosed
from store.records import Sheet, record
from store.schema import (
    OBSERVER_GROUPS,
    ROLES,
    AnswerRow,
    CampaignRow,
    PersonRow,
    SheetLinkRow,
    SheetRow,
    WorkshopRow,
    utcnow,
)

FULL_FORM = "full"
"""The full form's name (questions.bank.FULL_FORM); a sheet of the full form stores None."""

_SHEET_STATE = (
    select(SheetRow.finished_at, SheetRow.workshop_id, SheetRow.campaign_id)
    .where(SheetRow.id == bindparam("sheet_id"))
    .with_for_update(read=True)
)
_WORKSHOP_STATE = (
    select(WorkshopRow.code, WorkshopRow.closed_at)
    .where(WorkshopRow.id == bindparam("workshop_id"))
    .with_for_update(read=True)
)
CAMPAIGN_STATE = (
    select(CampaignRow.title, CampaignRow.closed_at)
    .where(CampaignRow.id == bindparam("campaign_id"))
    .with_for_update(read=True)
)
"""What save_answer checks first, each row locked FOR SHARE (PostgreSQL) until the answer
is committed. finish(), close_workshop() and close_campaign() take their row FOR UPDATE,
so each waits for the saves under way and every later save waits for it, then sees the
sheet finished or the workshop or campaign closed: no answer slips in after a sheet was
scored or a room or campaign closed. (Separate statements: FOR SHARE cannot lock the
nullable side of an outer join.) On SQLite every write transaction is IMMEDIATE, so
writers take turns anyway. Built once: save_answer is the hot path."""


class Sheets(StoreBase):
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

        Creates the person when none is given. Raises WorkshopClosed or CampaignClosed for
        a closed workshop or campaign, NotFound for an unknown person, workshop or campaign.
        """
        token = tokens.new_secret()

        def work(session: Session) -> Sheet:
            row = insert_sheet(
                session,
                bank_id,
                bank_version,
                form,
                token_hash=tokens.hash_secret(token),
                person_id=person_id,
                workshop_id=workshop_id,
                campaign_id=campaign_id,
                role=role,
                rates_person_id=rates_person_id,
                observer_group=observer_group,
                seed=seed,
            )
            return record(Sheet, row)

        return self._run(work, write=True), token

    def sheet(self, sheet_id: str) -> Sheet | None:
        def work(session: Session) -> Sheet | None:
            row = session.get(SheetRow, sheet_id)
            return None if row is None else record(Sheet, row)

        return self._run(work)

    def sheet_by_token(self, token: str) -> Sheet | None:
        """The sheet a resume link opens (its own token, or one a history link derived for
        it); None for any unknown or malformed token.

        Looked up by hash: equality on a sha256 of 192 random bits leaks nothing usable.
        """
        if not tokens.looks_like_token(token):
            return None
        digest = tokens.hash_secret(token)

        def work(session: Session) -> Sheet | None:
            row = session.scalar(select(SheetRow).where(SheetRow.token_hash == digest))
            if row is None:  # a token a history link derived (store/history.py)
                row = session.scalar(
                    select(SheetRow)
                    .join(SheetLinkRow, SheetLinkRow.sheet_id == SheetRow.id)
                    .where(SheetLinkRow.token_hash == digest)
                )
            return None if row is None else record(Sheet, row)

        return self._run(work)

    def sheets_of_person(self, person_id: str, bank_id: str | None = None) -> list[Sheet]:
        """A person's own sheets, oldest first, to compare a retake with earlier attempts."""
        query = select(SheetRow).where(SheetRow.person_id == person_id)
        if bank_id is not None:
            query = query.where(SheetRow.bank_id == bank_id)
        return self._sheets_where(query)

    def save_answer(self, sheet_id: str, item_id: str, value: str | None) -> None:
        """Store the answer to one item as it is given (None: skipped on purpose).

        A changed answer replaces the earlier one in place. Raises SheetFinished for a
        finished sheet, WorkshopClosed or CampaignClosed for a sheet of a closed workshop
        or campaign, NotFound for an unknown sheet.
        """
        if value is not None and not isinstance(value, str):
            raise TypeError(f"answer values are strings or None, not {type(value).__name__}")

        def work(session: Session) -> None:
            state = session.execute(_SHEET_STATE, {"sheet_id": sheet_id}).one_or_none()
            if state is None:
                raise NotFound(f"no sheet with id {sheet_id!r}")
            if state.workshop_id is not None:
                room = session.execute(_WORKSHOP_STATE, {"workshop_id": state.workshop_id}).one()
                if room.closed_at is not None:
                    raise WorkshopClosed(f"workshop {room.code} is closed")
            if state.campaign_id is not None:
                campaign = session.execute(CAMPAIGN_STATE, {"campaign_id": state.campaign_id}).one()
                if campaign.closed_at is not None:
                    raise CampaignClosed(campaign.title)
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
            get_row(session, SheetRow, sheet_id).page = page

        self._run(work, write=True)

    def finish(self, sheet_id: str) -> Sheet:
        """Mark a sheet finished; the first finish time stands, so repeating is harmless."""
        return self._stamp_once(SheetRow, sheet_id, "finished_at", partial(record, Sheet))

    def answers_with_times(self, sheet_id: str) -> dict[str, tuple[str | None, datetime]]:
        """A sheet's answers as answers() gives them, each with the time it was given (the
        latest change): item id -> (value, answered_at), to judge how fast someone
        answered. A skip has a time too."""
        query = (
            select(AnswerRow.item_id, AnswerRow.value, AnswerRow.answered_at)
            .where(AnswerRow.sheet_id == sheet_id)
            .order_by(AnswerRow.item_id)
        )
        return self._run(
            lambda session: {item: (value, at) for item, value, at in session.execute(query)}
        )

    def sheet_answers_frame(self, sheet_ids: Iterable[str], *, times: bool = False) -> pd.DataFrame:
        """Answers of the given sheets in wide form, for scoring's score_frame.

        Index `respondent` (sheet id, in the order given; unknown ids are left out), one
        column per item id answered (sorted), the stored strings as values, NaN where an
        item was not answered or was skipped. A sheet with no answers is an all-NaN row.
        times=True: the same rows and columns holding the time each answer was given
        (aware UTC), NaT where the values frame has NaN, to judge answering speed.
        """
        wanted = list(dict.fromkeys(sheet_ids))

        def work(session: Session) -> pd.DataFrame:
            known = set(session.scalars(select(SheetRow.id).where(SheetRow.id.in_(wanted))))
            chosen = [sheet_id for sheet_id in wanted if sheet_id in known]
            return answers_frame(session, chosen, times=times)

        return self._run(work)

    def cohort_answers(self, bank_id: str, bank_version: int, form: str | None) -> pd.DataFrame:
        """The answers of every finished self-assessment of one bank version and form, in
        wide form (see sheet_answers_frame), rows in finishing order: the cohort that norms
        and measurement-error estimates are drawn from. The full form matches a sheet
        whose form is None or "full". Observer sheets (rating someone else) are left out.

        One query joined on the sheets, so a cohort of thousands is not an IN list.
        """
        full = form in (None, FULL_FORM)
        same_form = (
            or_(SheetRow.form.is_(None), SheetRow.form == FULL_FORM)
            if full
            else SheetRow.form == form
        )
        cohort = (
            SheetRow.bank_id == bank_id,
            SheetRow.bank_version == bank_version,
            same_form,
            SheetRow.finished_at.is_not(None),
            SheetRow.role == "self",
        )

        def work(session: Session) -> pd.DataFrame:
            ids = list(
                session.scalars(
                    select(SheetRow.id).where(*cohort).order_by(SheetRow.finished_at, SheetRow.id)
                )
            )
            rows = session.execute(
                select(AnswerRow.sheet_id, AnswerRow.item_id, AnswerRow.value)
                .join(SheetRow, SheetRow.id == AnswerRow.sheet_id)
                .where(*cohort, AnswerRow.value.is_not(None))
            )
            return _wide(rows, ids)

        return self._run(work)


def insert_sheet(
    session: Session,
    bank_id: str,
    bank_version: int,
    form: str | None,
    *,
    token_hash: str,
    person_id: str | None,
    workshop_id: str | None = None,
    campaign_id: str | None = None,
    role: str = "self",
    rates_person_id: str | None = None,
    observer_group: str | None = None,
    seed: int | None = None,
) -> SheetRow:
    """Add a sheet within session (see Sheets.start_sheet, which makes the token whose
    hash is given here), for a verb that starts sheets as part of a larger change."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, not {role!r}")
    if observer_group is not None and observer_group not in OBSERVER_GROUPS:
        raise ValueError(f"observer_group must be one of {OBSERVER_GROUPS}")
    if role == "observer" and rates_person_id is None:
        raise ValueError("an observer sheet needs rates_person_id, the person it rates")
    if role == "self" and (rates_person_id is not None or observer_group is not None):
        raise ValueError("rates_person_id and observer_group are for observer sheets")
    if workshop_id is not None:
        workshop = get_row(session, WorkshopRow, workshop_id)
        if workshop.closed_at is not None:
            raise WorkshopClosed(f"workshop {workshop.code} is closed")
    if campaign_id is not None:
        campaign = get_row(session, CampaignRow, campaign_id)
        if campaign.closed_at is not None:
            raise CampaignClosed(campaign.title)
    if rates_person_id is not None:
        get_row(session, PersonRow, rates_person_id)
    if person_id is None:
        owner = PersonRow()
        session.add(owner)
        session.flush()
    else:
        owner = get_row(session, PersonRow, person_id)
    row = SheetRow(
        person_id=owner.id,
        bank_id=bank_id,
        bank_version=bank_version,
        form=form,
        seed=random.randrange(2**31) if seed is None else seed,
        token_hash=token_hash,
        workshop_id=workshop_id,
        campaign_id=campaign_id,
        role=role,
        rates_person_id=rates_person_id,
        observer_group=observer_group,
    )
    session.add(row)
    session.flush()
    return row


def answers_frame(session: Session, sheet_ids: list[str], *, times: bool = False) -> pd.DataFrame:
    """The answers of sheet_ids, pivoted to one row per sheet and one column per item
    (times=True: the time each was given in place of its value)."""
    shown = AnswerRow.answered_at if times else AnswerRow.value
    rows = session.execute(
        select(AnswerRow.sheet_id, AnswerRow.item_id, shown).where(
            AnswerRow.sheet_id.in_(sheet_ids), AnswerRow.value.is_not(None)
        )
    )
    return _wide(rows, sheet_ids)


def _wide(rows: Iterable, sheet_ids: list[str]) -> pd.DataFrame:
    """(sheet id, item id, value) rows pivoted: one row per sheet of sheet_ids, in order."""
    long = pd.DataFrame([tuple(row) for row in rows], columns=["respondent", "item", "value"])
    wide = long.pivot(index="respondent", columns="item", values="value")
    wide = wide.reindex(index=pd.Index(sheet_ids, name="respondent"), columns=sorted(wide.columns))
    wide.columns.name = None
    return wide
