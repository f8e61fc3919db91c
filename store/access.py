"""Access: facilitators and campaign owners signed in from a browser, and the wrong
codes and keys a client has tried (the throttle's memory, shared by every session and
replica)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import delete, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from store import tokens
from store.base import BULK, StoreBase, get_row
from store.schema import (
    CampaignRow,
    CampaignSignInRow,
    FailedAttemptRow,
    SignInColumns,
    SignInRow,
    WorkshopRow,
    utcnow,
)

SIGN_IN_HOURS = 12
"""How long a facilitator or campaign owner stays signed in from one browser: a day."""


class SignInTable(NamedTuple):
    """A sign-in table, its column naming what is signed in to, and that thing's table."""

    rows: type[SignInColumns]
    owner_id: InstrumentedAttribute[str]
    owner: type


_WORKSHOP_SIGN_IN = SignInTable(SignInRow, SignInRow.workshop_id, WorkshopRow)
_CAMPAIGN_SIGN_IN = SignInTable(CampaignSignInRow, CampaignSignInRow.campaign_id, CampaignRow)


class Access(StoreBase):
    def start_sign_in(self, workshop_id: str, hours: float = SIGN_IN_HOURS) -> str:
        """Sign a browser in to facilitate a workshop; returns the token it keeps (in a
        cookie), which is stored only as a hash. Check the facilitator key first."""
        return self._start_sign_in(_WORKSHOP_SIGN_IN, workshop_id, hours)

    def signed_in_workshop(self, token: str) -> str | None:
        """The workshop id a browser's sign-in token opens, or None (unknown, malformed,
        expired or signed out)."""
        return self._signed_in(_WORKSHOP_SIGN_IN, token)

    def end_sign_in(self, token: str) -> None:
        """Sign a browser out: its token opens nothing from now on, on every replica."""
        self._end_sign_in(_WORKSHOP_SIGN_IN, token)

    def start_campaign_sign_in(self, campaign_id: str, hours: float = SIGN_IN_HOURS) -> str:
        """Sign a browser in as a campaign's owner (HR); returns the token it keeps, which
        is stored only as a hash. Check the owner key first (campaign_owner_key_matches),
        noting wrong ones with note_failed_attempt("campaign", client)."""
        return self._start_sign_in(_CAMPAIGN_SIGN_IN, campaign_id, hours)

    def signed_in_campaign(self, token: str) -> str | None:
        """The campaign id a browser's owner sign-in opens, or None (unknown, malformed,
        expired or signed out). A workshop's sign-in token opens no campaign."""
        return self._signed_in(_CAMPAIGN_SIGN_IN, token)

    def end_campaign_sign_in(self, token: str) -> None:
        """Sign a campaign owner's browser out, on every replica."""
        self._end_sign_in(_CAMPAIGN_SIGN_IN, token)

    def _start_sign_in(self, table: SignInTable, owner_id: str, hours: float) -> str:
        token = tokens.new_secret()

        def work(session: Session) -> None:
            get_row(session, table.owner, owner_id)
            now = utcnow()
            session.add(
                table.rows(
                    token_hash=tokens.hash_secret(token),
                    created_at=now,
                    expires_at=now + timedelta(hours=hours),
                    **{table.owner_id.key: owner_id},
                )
            )

        self._run(work, write=True)
        return token

    def _signed_in(self, table: SignInTable, token: str) -> str | None:
        if not tokens.looks_like_token(token):
            return None
        rows = table.rows
        query = select(table.owner_id).where(
            rows.token_hash == tokens.hash_secret(token), rows.expires_at > utcnow()
        )
        return self._run(lambda session: session.scalar(query))

    def _end_sign_in(self, table: SignInTable, token: str) -> None:
        if not tokens.looks_like_token(token):
            return
        rows, digest = table.rows, tokens.hash_secret(token)
        self._run(
            lambda session: session.execute(
                delete(rows).where(rows.token_hash == digest), execution_options=BULK
            ),
            write=True,
        )

    def note_failed_attempt(self, scope: str, client: str) -> None:
        """Remember one wrong code or key from a client (scope "join", "facilitate", or
        "campaign" for a campaign owner key)."""

        def work(session: Session) -> None:
            session.add(FailedAttemptRow(scope=scope, client=client[:64]))

        self._run(work, write=True)

    def failed_attempts(
        self, scope: str, client: str, within: timedelta
    ) -> tuple[int, datetime | None]:
        """How many wrong codes or keys the client tried in the last `within`, and when
        the latest was; older ones are forgotten (deleted) on the way."""
        since = utcnow() - within

        def work(session: Session) -> tuple[int, datetime | None]:
            session.execute(
                delete(FailedAttemptRow).where(FailedAttemptRow.at < since), execution_options=BULK
            )
            count, last = session.execute(
                select(func.count(), func.max(FailedAttemptRow.at)).where(
                    FailedAttemptRow.scope == scope,
                    FailedAttemptRow.client == client[:64],
                    FailedAttemptRow.at >= since,
                )
            ).one()
            return count, last

        return self._run(work, write=True)
