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


@dataclass(frozen=True, slots=True)
class CampaignSettings:
    """How a campaign runs (kept as the campaign's settings JSON; see store/campaigns.py
    for the allowed values)."""

    minimum_observers: int  # fewer finished observers in a group: the group is not shown
    candidates_see_observers: bool
    consent_text: str  # what every respondent agrees to before their first answer
    retention_days: int  # after closing, kept this long, then purged
    fast_seconds_per_item: float  # answering faster than this flags a doubtful pattern


@dataclass(frozen=True, slots=True)
class Campaign:
    id: str
    title: str
    bank_ids: tuple[str, ...]  # the banks every respondent answers, in this order
    form: str | None
    settings: CampaignSettings
    created_at: datetime
    closed_at: datetime | None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A person a campaign considers for promotion."""

    person_id: str
    campaign_id: str
    name: str
    email: str | None
    current_role: str | None
    added_at: datetime
    self_invitation_id: str  # their own link's invitation (see Campaigns.reissue_link)


@dataclass(frozen=True, slots=True)
class NewCandidate:
    """A candidate to add, as typed or read from a list. line is where the entry came
    from (its line in a CSV file), used to name it in problems; None: its position in
    the list, counting from 1."""

    name: str
    email: str | None = None
    current_role: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one entry of a list (a CSV line, a candidate) was not taken; nothing else of
    the list is lost because of it."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Invitation:
    """One campaign link: a candidate's own (role self) or one observer's."""

    id: str
    campaign_id: str
    role: str
    person_id: str  # the respondent: the candidate, or an anonymous observer
    rates_person_id: str | None  # the candidate an observer rates
    observer_group: str | None
    created_at: datetime
    consented_at: datetime | None

    @property
    def consented(self) -> bool:
        return self.consented_at is not None


@dataclass(frozen=True, slots=True)
class Link:
    """A link just issued, with its token: the only time the token exists outside the
    respondent's hands (the store keeps its hash). One row of HR's mail merge: the
    candidate it concerns and whom it is for (self, or an observer group)."""

    invitation_id: str
    candidate_person_id: str
    candidate_name: str
    email: str | None  # the candidate's
    role: str
    observer_group: str | None
    token: str


@dataclass(frozen=True, slots=True)
class GroupProgress:
    """How far one candidate's observers of one group are; counts only, so no observer's
    progress can be told apart."""

    invited: int  # links issued
    started: int  # began (sheets exist), not finished yet
    finished: int  # every sheet finished

    @property
    def not_started(self) -> int:
        return self.invited - self.started - self.finished


@dataclass(frozen=True, slots=True)
class CandidateProgress:
    person_id: str
    name: str
    email: str | None
    self_status: str  # "invited", "started" or "finished"
    observers: dict[str, GroupProgress]  # every observer group, in OBSERVER_GROUPS order


def record(kind: type[R], row: Any) -> R:
    """The frozen record for an ORM row (secret hashes are not record fields)."""
    return kind(**{field.name: getattr(row, field.name) for field in fields(kind)})
