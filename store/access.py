"""Access: facilitators signed in from a browser, and the wrong codes and keys a client
has tried (the throttle's memory, shared by every session and replica)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from store import tokens
from store.base import BULK, StoreBase, get_row
from store.schema import FailedAttemptRow, SignInRow, WorkshopRow, utcnow

SIGN_IN_HOURS = 12
"""How long a facilitator stays signed in from one browser: a workshop day."""


class Access(StoreBase):
    def start_sign_in(self, workshop_id: str, hours: float = SIGN_IN_HOURS) -> str:
        """Sign a browser in to facilitate a workshop; returns the token it keeps (in a
        cookie), which is stored only as a hash. Check the facilitator key first."""
        token = tokens.new_secret()

        def work(session: Session) -> None:
            get_row(session, WorkshopRow, workshop_id)
            now = utcnow()
            session.add(
                SignInRow(
                    token_hash=tokens.hash_secret(token),
                    workshop_id=workshop_id,
                    created_at=now,
                    expires_at=now + timedelta(hours=hours),
                )
            )

        self._run(work, write=True)
        return token

    def signed_in_workshop(self, token: str) -> str | None:
        """The workshop id a browser's sign-in token opens, or None (unknown, malformed,
        expired or signed out)."""
        if not tokens.looks_like_token(token):
            return None
        digest = tokens.hash_secret(token)
        query = select(SignInRow.workshop_id).where(
            SignInRow.token_hash == digest, SignInRow.expires_at > utcnow()
        )
        return self._run(lambda session: session.scalar(query))

    def end_sign_in(self, token: str) -> None:
        """Sign a browser out: its token opens nothing from now on, on every replica."""
        if not tokens.looks_like_token(token):
            return
        digest = tokens.hash_secret(token)
        self._run(
            lambda session: session.execute(
                delete(SignInRow).where(SignInRow.token_hash == digest), execution_options=BULK
            ),
            write=True,
        )

    def note_failed_attempt(self, scope: str, client: str) -> None:
        """Remember one wrong code or key from a client ("join" or "facilitate" scope)."""

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
