"""The frozen records the store returns: never ORM objects, so nothing depends on a
database session still being open when a page reads them."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, TypeVar

R = TypeVar("R")


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


@dataclass(frozen=True, slots=True)
class Participant:
    """One person in a workshop as the facilitator follows them."""

    sheet_id: str
    display_name: str | None
    page: int
    answered: int  # items with an answer (skips not counted)
    started_at: datetime
    last_answer_at: datetime | None
    finished_at: datetime | None


def record(kind: type[R], row: Any) -> R:
    """The frozen record for an ORM row (secret hashes are not record fields)."""
    return kind(**{field.name: getattr(row, field.name) for field in fields(kind)})
