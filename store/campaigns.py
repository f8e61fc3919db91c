"""Campaigns: HR compares promotion candidates, each answering about themselves and rated
by observers (manager, peers, direct reports) through links HR sends out.

Secrets, as everywhere in the store, are kept only as hashes: the owner key and every
link's token exist in clear only in the value a verb returns when it makes them. So HR
gets links in batches (Link rows, for a mail merge: see reports/candidate_list.py), and a
lost link is not looked up but replaced (reissue_link), which stops the old one.

A closed campaign takes no new candidates, links, consents, sheets or answers (the same
FOR UPDATE / FOR SHARE scheme as a closed workshop: see store/sheets.py), and is purged
retention_days after it closed. Observers are anonymous people made for their link:
progress tells HR how many of a group answered, never which one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, fields, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from store import tokens
from store.base import BULK, TITLE_CHARS, StoreBase, get_row, required_text
from store.errors import CampaignClosed, InvalidText, InvalidValue, NoConsent, NotFound
from store.people import erase_people
from store.records import (
    Campaign,
    CampaignSettings,
    Candidate,
    CandidateProgress,
    GroupProgress,
    Invitation,
    Link,
    NewCandidate,
    RowProblem,
    Sheet,
    record,
)
from store.schema import (
    EMAIL_CHARS,
    OBSERVER_GROUPS,
    AnswerRow,
    CampaignRow,
    CampaignSignInRow,
    CandidateRow,
    InvitationRow,
    PersonRow,
    SheetLinkRow,
    SheetRow,
    utcnow,
)
from store.sheets import CAMPAIGN_STATE, insert_sheet

NAME_CHARS = 100
"""The longest candidate name or current role: a column of a side-by-side comparison."""

CONSENT_CHARS = 5000
"""The longest consent text: a page of plain text."""

MAX_LINKS_AT_ONCE = 50
"""The most observer links made in one go for one candidate and group."""

MINIMUM_OBSERVERS = (2, 10)
RETENTION_DAYS = (30, 3650)
FAST_SECONDS_PER_ITEM = (0.1, 60.0)
"""The allowed ranges of the numeric settings, both ends included."""

_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
"""A plausible shape only (something@domain.tld): whether it reaches anyone is the mail's
business, not the store's."""


def checked_settings(values: Mapping[str, Any]) -> CampaignSettings:
    """The settings of a campaign, each checked; InvalidValue naming the first one that
    is wrong and why (nothing is stored)."""
    unknown = sorted(set(values) - {field.name for field in fields(CampaignSettings)})
    if unknown:
        known = ", ".join(field.name for field in fields(CampaignSettings))
        raise InvalidValue(f"Unknown campaign setting {unknown[0]!r}; the settings are {known}.")
    see = values["candidates_see_observers"]
    if not isinstance(see, bool):
        raise InvalidValue(f"candidates_see_observers must be True or False, not {see!r}.")
    fast = values["fast_seconds_per_item"]
    low, high = FAST_SECONDS_PER_ITEM
    if (
        isinstance(fast, bool)
        or not isinstance(fast, int | float)
        or not math.isfinite(fast)
        or not low <= fast <= high
    ):
        raise InvalidValue(
            f"fast_seconds_per_item must be a number of seconds from {low} to {high}, not {fast!r}."
        )
    return CampaignSettings(
        minimum_observers=_whole_number(
            values["minimum_observers"], "minimum_observers", MINIMUM_OBSERVERS
        ),
        candidates_see_observers=see,
        consent_text=required_text(values["consent_text"], "consent text", CONSENT_CHARS),
        retention_days=_whole_number(values["retention_days"], "retention_days", RETENTION_DAYS),
        fast_seconds_per_item=float(fast),
    )


def _whole_number(value: object, name: str, bounds: tuple[int, int]) -> int:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidValue(f"{name} must be a whole number from {low} to {high}, not {value!r}.")
    return value


def checked_candidate(entry: NewCandidate) -> NewCandidate:
    """A candidate entry as it will be stored: trimmed, a blank e-mail or role as None;
    InvalidText naming what is wrong (a missing or overlong name, an e-mail that does
    not look like one). The one check of add_candidates and of a candidate list file."""
    name = required_text(entry.name, "name", NAME_CHARS)
    email = _optional(entry.email, "e-mail", EMAIL_CHARS)
    if email is not None and not _EMAIL.fullmatch(email):
        raise InvalidText(
            f'The e-mail "{email}" does not look like an e-mail address (name@example.com).'
        )
    current_role = _optional(entry.current_role, "current role", NAME_CHARS)
    return replace(entry, name=name, email=email, current_role=current_role)


def _optional(value: str | None, what: str, max_chars: int) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return required_text(value, what, max_chars)


def _campaign(row: CampaignRow) -> Campaign:
    return Campaign(
        id=row.id,
        title=row.title,
        bank_ids=tuple(row.bank_ids),
        form=row.form,
        settings=CampaignSettings(**row.settings),
        created_at=row.created_at,
        closed_at=row.closed_at,
    )


def _open_campaign(session: Session, campaign_id: str) -> CampaignRow:
    """The campaign, locked FOR UPDATE so additions to it take turns (no two candidates
    with one e-mail); NotFound, or CampaignClosed when it is closed."""
    row = get_row(session, CampaignRow, campaign_id, lock=True)
    if row.closed_at is not None:
        raise CampaignClosed(row.title)
    return row


def _still_open(session: Session, campaign_id: str) -> None:
    """CampaignClosed unless the campaign is open, holding it FOR SHARE until the
    transaction ends, so close_campaign waits for this change (as save_answer does)."""
    state = session.execute(CAMPAIGN_STATE, {"campaign_id": campaign_id}).one()
    if state.closed_at is not None:
        raise CampaignClosed(state.title)


def _issue(
    session: Session,
    candidate: CandidateRow,
    name: str,
    person_id: str,
    group: str | None = None,
) -> Link:
    """Make one invitation with a fresh token; returns its Link (the token's one outing)."""
    token = tokens.new_secret()
    invitation = InvitationRow(
        campaign_id=candidate.campaign_id,
        token_hash=tokens.hash_secret(token),
        role="self" if group is None else "observer",
        person_id=person_id,
        rates_person_id=None if group is None else candidate.person_id,
        observer_group=group,
    )
    session.add(invitation)
    session.flush()
    return Link(
        invitation.id, candidate.person_id, name, candidate.email, invitation.role, group, token
    )


_CANDIDATES = (
    select(CandidateRow, PersonRow.display_name, InvitationRow.id)
    .join(PersonRow, PersonRow.id == CandidateRow.person_id)
    .join(
        InvitationRow,
        (InvitationRow.person_id == CandidateRow.person_id) & (InvitationRow.role == "self"),
    )
    .order_by(CandidateRow.added_at, PersonRow.display_name, CandidateRow.person_id)
)


def _candidate(row: CandidateRow, name: str, self_invitation_id: str) -> Candidate:
    return Candidate(
        row.person_id,
        row.campaign_id,
        name,
        row.email,
        row.current_role,
        row.added_at,
        self_invitation_id,
    )


class Campaigns(StoreBase):
    def create_campaign(
        self,
        title: str,
        bank_ids: Sequence[str],
        form: str | None,
        *,
        consent_text: str,
        minimum_observers: int = 3,
        candidates_see_observers: bool = False,
        retention_days: int = 365,
        fast_seconds_per_item: float = 2.0,
    ) -> tuple[Campaign, str]:
        """Open a campaign; returns it with the owner key, shown once, never stored.

        Every respondent answers each bank of bank_ids (in that order) in the given form.
        InvalidText or InvalidValue, naming the value, for a title that is blank, too
        long or holds a NUL, no bank or a repeated one, or a setting out of its range.
        """
        title = required_text(title, "campaign title", TITLE_CHARS)
        banks = list(bank_ids)
        if not banks or not all(isinstance(bank, str) and bank for bank in banks):
            raise InvalidValue("A campaign needs at least one question bank (by its id).")
        if len(set(banks)) < len(banks):
            raise InvalidValue(f"A question bank is named twice: {', '.join(banks)}.")
        settings = checked_settings(
            {
                "minimum_observers": minimum_observers,
                "candidates_see_observers": candidates_see_observers,
                "consent_text": consent_text,
                "retention_days": retention_days,
                "fast_seconds_per_item": fast_seconds_per_item,
            }
        )
        key = tokens.new_secret()

        def work(session: Session) -> Campaign:
            row = CampaignRow(
                title=title,
                bank_ids=banks,
                form=form,
                settings=asdict(settings),
                owner_key_hash=tokens.hash_secret(key),
            )
            session.add(row)
            session.flush()
            return _campaign(row)

        return self._run(work, write=True), key

    def campaign(self, campaign_id: str) -> Campaign | None:
        def work(session: Session) -> Campaign | None:
            row = session.get(CampaignRow, campaign_id)
            return None if row is None else _campaign(row)

        return self._run(work)

    def campaign_owner_key_matches(self, campaign_id: str, key: str) -> bool:
        """Whether key is this campaign's owner key (constant-time compare). The page
        notes a wrong one with note_failed_attempt("campaign", client) and throttles."""
        query = select(CampaignRow.owner_key_hash).where(CampaignRow.id == campaign_id)
        return tokens.key_matches(key, self._run(lambda session: session.scalar(query)))

    def update_campaign_settings(self, campaign_id: str, **changes: Any) -> Campaign:
        """Change some settings (names as in create_campaign), checked as there; also
        after closing, so HR can keep data longer or shorter. InvalidValue for an
        unknown name or a value out of range (nothing changes)."""

        def work(session: Session) -> Campaign:
            row = get_row(session, CampaignRow, campaign_id, lock=True)
            row.settings = asdict(checked_settings({**row.settings, **changes}))
            session.flush()
            return _campaign(row)

        return self._run(work, write=True)

    def close_campaign(self, campaign_id: str) -> Campaign:
        """Stop new candidates, links, sheets and answers; what is stored stays until the
        retention ends. Once this returns, no answer of the campaign is stored or changed.
        Closing again changes nothing (the first closing time stands)."""
        return self._stamp_once(CampaignRow, campaign_id, "closed_at", _campaign)

    def delete_campaign(self, campaign_id: str) -> bool:
        """Erase a campaign and everything of it: candidates, their observers (people
        made for the campaign), sheets, answers, links and owner sign-ins. Returns False
        when there was no such campaign."""

        def work(session: Session) -> bool:
            if session.get(CampaignRow, campaign_id) is None:
                return False
            _erase_campaign(session, campaign_id)
            return True

        return self._run(work, write=True)

    def expired_campaigns(self, now: datetime | None = None) -> list[tuple[str, str]]:
        """(id, title) of every campaign closed more than its retention_days before now
        (default: the present), oldest closing first: what purge_expired deletes."""
        return self._run(lambda session: [(row.id, row.title) for row in _expired(session, now)])

    def purge_expired(self, now: datetime | None = None) -> list[tuple[str, str]]:
        """Delete every expired campaign (see expired_campaigns) with all its personal
        data, in one transaction; returns the (id, title) of each deleted."""

        def work(session: Session) -> list[tuple[str, str]]:
            gone = [(row.id, row.title) for row in _expired(session, now)]
            for campaign_id, _ in gone:
                _erase_campaign(session, campaign_id)
            return gone

        return self._run(work, write=True)

    # Candidates and their links.

    def add_candidate(
        self,
        campaign_id: str,
        name: str,
        email: str | None = None,
        current_role: str | None = None,
    ) -> tuple[Candidate, Link]:
        """Add a candidate with their own link (the Link's token is shown only now).

        InvalidText naming what is wrong with the name or e-mail, or when another
        candidate of the campaign has the e-mail already (compared ignoring case);
        CampaignClosed, NotFound.
        """
        [(candidate, link)], _ = self._add(
            campaign_id, [NewCandidate(name, email, current_role)], raising=True
        )
        return candidate, link

    def add_candidates(
        self, campaign_id: str, entries: Iterable[NewCandidate]
    ) -> tuple[list[Link], list[RowProblem]]:
        """Add many candidates at once (a list HR uploaded): returns the self links of the
        candidates added, in order (a batch for a mail merge), and a problem for each
        entry not added, naming its line and why; every good entry is added whatever is
        wrong with the others. CampaignClosed or NotFound add nothing."""
        added, problems = self._add(campaign_id, list(entries), raising=False)
        return [link for _, link in added], problems

    def _add(
        self, campaign_id: str, entries: list[NewCandidate], *, raising: bool
    ) -> tuple[list[tuple[Candidate, Link]], list[RowProblem]]:
        def work(session: Session) -> tuple[list[tuple[Candidate, Link]], list[RowProblem]]:
            _open_campaign(session, campaign_id)
            taken = {
                email.casefold()
                for email in session.scalars(
                    select(CandidateRow.email).where(
                        CandidateRow.campaign_id == campaign_id, CandidateRow.email.is_not(None)
                    )
                )
            }
            added, problems = [], []
            for position, entry in enumerate(entries, start=1):
                try:
                    checked = checked_candidate(entry)
                    if checked.email is not None and checked.email.casefold() in taken:
                        raise InvalidText(
                            f'The e-mail "{checked.email}" is already another candidate\'s '
                            "in this campaign."
                        )
                except InvalidText as problem:
                    if raising:
                        raise
                    problems.append(RowProblem(entry.line or position, str(problem)))
                    continue
                if checked.email is not None:
                    taken.add(checked.email.casefold())
                added.append(self._insert_candidate(session, campaign_id, checked))
            return added, problems

        return self._run(work, write=True)

    @staticmethod
    def _insert_candidate(
        session: Session, campaign_id: str, entry: NewCandidate
    ) -> tuple[Candidate, Link]:
        person = PersonRow(display_name=entry.name)
        session.add(person)
        session.flush()
        row = CandidateRow(
            person_id=person.id,
            campaign_id=campaign_id,
            email=entry.email,
            current_role=entry.current_role,
        )
        session.add(row)
        session.flush()
        link = _issue(session, row, entry.name, person.id)
        return _candidate(row, entry.name, link.invitation_id), link

    def candidates(self, campaign_id: str) -> list[Candidate]:
        """The campaign's candidates, in the order they were added."""
        query = _CANDIDATES.where(CandidateRow.campaign_id == campaign_id)
        return self._run(lambda session: [_candidate(*row) for row in session.execute(query)])

    def invite_observers(
        self, campaign_id: str, candidate_person_id: str, group: str, count: int = 1
    ) -> list[Link]:
        """Make count observer links of one group (manager, peer or direct_report) for a
        candidate, each for a new anonymous person; the Links carry the tokens, shown only
        now. InvalidValue for an unknown group or a count outside 1..MAX_LINKS_AT_ONCE;
        NotFound for a candidate not of this campaign; CampaignClosed."""
        if group not in OBSERVER_GROUPS:
            raise InvalidValue(
                f"Unknown observer group {group!r}; the groups are {', '.join(OBSERVER_GROUPS)}."
            )
        _whole_number(count, "count", (1, MAX_LINKS_AT_ONCE))

        def work(session: Session) -> list[Link]:
            _open_campaign(session, campaign_id)
            candidate, name = _candidate_row(session, campaign_id, candidate_person_id)
            links = []
            for _ in range(count):
                observer = PersonRow()
                session.add(observer)
                session.flush()
                links.append(_issue(session, candidate, name, observer.id, group))
            return links

        return self._run(work, write=True)

    def reissue_link(self, invitation_id: str) -> Link:
        """A new token for a link someone lost: the store keeps only hashes, so a link
        cannot be shown again, only replaced. The old link stops working at once; the
        respondent's consent and answers stay with the invitation. CampaignClosed, NotFound.
        """

        def work(session: Session) -> Link:
            invitation = get_row(session, InvitationRow, invitation_id, lock=True)
            _open_campaign(session, invitation.campaign_id)
            candidate_id = invitation.rates_person_id or invitation.person_id
            candidate, name = _candidate_row(session, invitation.campaign_id, candidate_id)
            token = tokens.new_secret()
            invitation.token_hash = tokens.hash_secret(token)
            for sheet in session.scalars(
                select(SheetRow).where(
                    SheetRow.campaign_id == invitation.campaign_id,
                    SheetRow.person_id == invitation.person_id,
                )
            ):  # the old link's sheet tokens die with it
                sheet.token_hash = tokens.hash_secret(tokens.sheet_token(token, sheet.bank_id))
            return Link(
                invitation.id,
                candidate.person_id,
                name,
                candidate.email,
                invitation.role,
                invitation.observer_group,
                token,
            )

        return self._run(work, write=True)

    # What a respondent's link opens.

    def invitation_by_token(self, token: str) -> Invitation | None:
        """The invitation a link opens; None for any unknown or malformed token (no query
        is made for a malformed one)."""
        if not tokens.looks_like_token(token):
            return None
        query = select(InvitationRow).where(InvitationRow.token_hash == tokens.hash_secret(token))

        def work(session: Session) -> Invitation | None:
            row = session.scalar(query)
            return None if row is None else record(Invitation, row)

        return self._run(work)

    def record_consent(self, invitation_id: str) -> Invitation:
        """Note that the respondent agreed to the campaign's consent text; the first
        time stands. CampaignClosed, NotFound."""

        def work(session: Session) -> Invitation:
            row = get_row(session, InvitationRow, invitation_id, lock=True)
            _still_open(session, row.campaign_id)
            if row.consented_at is None:
                row.consented_at = utcnow()
                session.flush()
            return record(Invitation, row)

        return self._run(work, write=True)

    def start_invitation_sheets(
        self, invitation_id: str, banks: Sequence[tuple[str, int]], link_token: str
    ) -> list[Sheet]:
        """The respondent's sheets, one per campaign bank in the campaign's order, started
        on the first call with the (bank id, version) pairs given; a later call returns
        the same sheets whatever it is given. Each sheet's resume token is derived from
        the link's token (tokens.sheet_token), so the link is the way back to every sheet
        and the quiz and results pages open them as any sheet.

        NoConsent before record_consent; CampaignClosed; InvalidValue when banks do not
        name exactly the campaign's banks; NotFound."""

        def work(session: Session) -> list[Sheet]:
            invitation = get_row(session, InvitationRow, invitation_id, lock=True)
            if not tokens.key_matches(link_token, invitation.token_hash):
                raise InvalidValue("That link does not open this invitation.")
            campaign = get_row(session, CampaignRow, invitation.campaign_id)
            _still_open(session, campaign.id)
            if invitation.consented_at is None:
                raise NoConsent(
                    "The respondent has not agreed to the consent text yet; no sheet is "
                    "started before they do."
                )
            existing = _invitation_sheets(session, invitation, campaign)
            if existing:
                return existing
            versions = dict(banks)
            if len(versions) != len(banks) or set(versions) != set(campaign.bank_ids):
                raise InvalidValue(
                    f"The banks given ({', '.join(bank for bank, _ in banks) or 'none'}) are "
                    f"not the campaign's ({', '.join(campaign.bank_ids)})."
                )
            for bank_id in campaign.bank_ids:
                insert_sheet(
                    session,
                    bank_id,
                    versions[bank_id],
                    campaign.form,
                    token_hash=tokens.hash_secret(tokens.sheet_token(link_token, bank_id)),
                    person_id=invitation.person_id,
                    campaign_id=campaign.id,
                    role=invitation.role,
                    rates_person_id=invitation.rates_person_id,
                    observer_group=invitation.observer_group,
                )
            return _invitation_sheets(session, invitation, campaign)

        return self._run(work, write=True)

    def invitation_sheets(self, invitation_id: str) -> list[Sheet]:
        """The respondent's sheets in the campaign's bank order; none before they start."""

        def work(session: Session) -> list[Sheet]:
            invitation = get_row(session, InvitationRow, invitation_id)
            campaign = get_row(session, CampaignRow, invitation.campaign_id)
            return _invitation_sheets(session, invitation, campaign)

        return self._run(work)

    # What HR follows and scores.

    def campaign_progress(self, campaign_id: str) -> list[CandidateProgress]:
        """Each candidate's progress, in the order they were added: their own status
        (invited, started or finished) and, per observer group, how many observers were
        invited, have started, have finished. A respondent has started once their sheets
        exist, and finished when every one of them is finished. Counts only: nothing
        tells one observer from another."""
        sheets = (
            select(
                SheetRow.person_id,
                func.count(SheetRow.id).label("started"),
                func.count(SheetRow.finished_at).label("finished"),
            )
            .where(SheetRow.campaign_id == campaign_id)
            .group_by(SheetRow.person_id)
            .subquery()
        )
        links = (
            select(
                InvitationRow.rates_person_id,
                InvitationRow.person_id,
                InvitationRow.observer_group,
                func.coalesce(sheets.c.started, 0),
                func.coalesce(sheets.c.finished, 0),
            )
            .outerjoin(sheets, sheets.c.person_id == InvitationRow.person_id)
            .where(InvitationRow.campaign_id == campaign_id)
        )

        def work(session: Session) -> list[CandidateProgress]:
            own: dict[str, str] = {}
            counts: dict[tuple[str, str], list[int]] = {}
            for rates, person, group, started, finished in session.execute(links):
                status = _status(started, finished)
                if rates is None:
                    own[person] = status
                else:
                    tally = counts.setdefault((rates, group), [0, 0, 0])
                    tally[0] += 1
                    tally[1] += status == "started"
                    tally[2] += status == "finished"
            query = _CANDIDATES.where(CandidateRow.campaign_id == campaign_id)
            return [
                CandidateProgress(
                    row.person_id,
                    name,
                    row.email,
                    own[row.person_id],
                    {
                        group: GroupProgress(*counts.get((row.person_id, group), (0, 0, 0)))
                        for group in OBSERVER_GROUPS
                    },
                )
                for row, name, _ in session.execute(query)
            ]

        return self._run(work)

    def campaign_bank_versions(self, campaign_id: str) -> dict[str, int]:
        """Bank id -> the version the campaign's first sheet of that bank was started on,
        which every later respondent gets too (as a workshop does), so candidates and
        observers are never scored on two versions of a bank edited mid-campaign. Empty
        before anyone starts."""
        query = (
            select(SheetRow.bank_id, SheetRow.bank_version)
            .where(SheetRow.campaign_id == campaign_id)
            .order_by(SheetRow.started_at.desc(), SheetRow.id.desc())
        )
        # Newest first, so the dict keeps each bank's earliest version.
        return self._run(lambda session: dict(session.execute(query).all()))

    def campaign_stamp(self, campaign_id: str) -> tuple:
        """What changes whenever the campaign's results may, for a cache key: how many
        candidates and the latest added, how many sheets finished and the latest finish.
        A deletion goes back to an earlier stamp only when the same people and sheets
        remain, whose results are the same."""
        candidates = select(func.count(), func.max(CandidateRow.added_at)).where(
            CandidateRow.campaign_id == campaign_id
        )
        sheets = select(func.count(SheetRow.finished_at), func.max(SheetRow.finished_at)).where(
            SheetRow.campaign_id == campaign_id
        )

        def work(session: Session) -> tuple:
            return (*session.execute(candidates).one(), *session.execute(sheets).one())

        return self._run(work)

    def campaign_sheets(
        self, campaign_id: str, candidate_person_id: str | None = None
    ) -> list[Sheet]:
        """The campaign's sheets, in the order they were started; with a candidate, only
        theirs and their observers' (the sheets' answers: sheet_answers_frame, with
        times=True for how fast they were given)."""
        query = select(SheetRow).where(SheetRow.campaign_id == campaign_id)
        if candidate_person_id is not None:
            query = query.where(
                (SheetRow.person_id == candidate_person_id)
                | (SheetRow.rates_person_id == candidate_person_id)
            )
        return self._sheets_where(query)

    def delete_candidate(self, campaign_id: str, person_id: str) -> bool:
        """Erase a candidate (a data-rights request): their sheets and answers, their
        observers' sheets and answers, the observers' anonymous people, and every link of
        theirs. Returns False when the campaign has no such candidate."""

        def work(session: Session) -> bool:
            known = session.scalar(
                select(CandidateRow.person_id).where(
                    CandidateRow.campaign_id == campaign_id, CandidateRow.person_id == person_id
                )
            )
            if known is None:
                return False
            erase_people(session, [person_id])
            return True

        return self._run(work, write=True)


def _candidate_row(session: Session, campaign_id: str, person_id: str) -> tuple[CandidateRow, str]:
    """A candidate of this campaign with their name; NotFound for anyone else."""
    found = session.execute(
        select(CandidateRow, PersonRow.display_name)
        .join(PersonRow, PersonRow.id == CandidateRow.person_id)
        .where(CandidateRow.campaign_id == campaign_id, CandidateRow.person_id == person_id)
    ).one_or_none()
    if found is None:
        raise NotFound(f"no candidate {person_id!r} in campaign {campaign_id!r}")
    return found[0], found[1]


def _invitation_sheets(
    session: Session, invitation: InvitationRow, campaign: CampaignRow
) -> list[Sheet]:
    rows = session.scalars(
        select(SheetRow).where(
            SheetRow.campaign_id == campaign.id, SheetRow.person_id == invitation.person_id
        )
    )
    order = {bank_id: at for at, bank_id in enumerate(campaign.bank_ids)}
    return sorted(
        (record(Sheet, row) for row in rows),
        key=lambda sheet: (order.get(sheet.bank_id, len(order)), sheet.started_at),
    )


def _status(started: int, finished: int) -> str:
    if started == 0:
        return "invited"
    return "finished" if finished == started else "started"


def _expired(session: Session, now: datetime | None) -> list[CampaignRow]:
    """The campaigns whose retention after closing has run out, locked FOR UPDATE."""
    now = now or utcnow()
    closed = session.scalars(
        select(CampaignRow)
        .where(CampaignRow.closed_at.is_not(None))
        .order_by(CampaignRow.closed_at, CampaignRow.id)
        .with_for_update()
    )
    return [
        row
        for row in closed
        if row.closed_at + timedelta(days=row.settings["retention_days"]) < now
    ]


def _erase_campaign(session: Session, campaign_id: str) -> None:
    """Delete a campaign with everything of it, within session."""
    # Every candidate has a self invitation, so the invitations name every respondent.
    respondents = select(InvitationRow.person_id).where(InvitationRow.campaign_id == campaign_id)
    erase_people(session, list(session.scalars(respondents)))
    # Sheets tied to the campaign by anyone else (start_sheet with campaign_id) go too.
    sheets = select(SheetRow.id).where(SheetRow.campaign_id == campaign_id)
    for statement in (
        delete(AnswerRow).where(AnswerRow.sheet_id.in_(sheets)),
        delete(SheetLinkRow).where(SheetLinkRow.sheet_id.in_(sheets)),
        delete(SheetRow).where(SheetRow.campaign_id == campaign_id),
        delete(CampaignSignInRow).where(CampaignSignInRow.campaign_id == campaign_id),
        delete(CampaignRow).where(CampaignRow.id == campaign_id),
    ):
        session.execute(statement, execution_options=BULK)
