"""History: a person's one private "my assessments" link, and from it each of their
attempts.

Only hashes are kept, so a token the store issued cannot be shown again; both tokens are
therefore derived (store/tokens.py derived_secret), each from the link it is reached by:
- a history token from a sheet's resume token: the same sheet link always shows the
  same history link, which opens every sheet of that sheet's person;
- a sheet's further resume token from a history token and the sheet id: "Open" on the
  history page gives a ?resume= link that every page already understands, while the
  sheet's own token (every link given out) stays as it is.
Each derived token's hash is registered (person_link, sheet_link) the first time it is
needed; registering again is harmless. A token of one person opens nothing of another.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import tokens
from store.base import StoreBase, get_row, required_text
from store.database import dialect_insert
from store.records import Person, Sheet, record
from store.schema import PersonLinkRow, PersonRow, SheetLinkRow, SheetRow

DISPLAY_NAME_CHARS = 40
"""The longest name a person gives themselves (as a workshop participant's name)."""


def history_token(resume_token: str) -> str:
    """The history link's token shown on the page of the sheet resume_token opens."""
    return tokens.derived_secret(resume_token, "history")


def opened_sheet_token(history_token: str, sheet_id: str) -> str:
    """The resume token with which a history link opens one of its person's sheets."""
    return tokens.derived_secret(history_token, f"sheet:{sheet_id}")


class History(StoreBase):
    def history_link(self, resume_token: str) -> str | None:
        """The token of the history link for the person whose sheet resume_token opens
        (registered on first need); None for an unknown or malformed resume token."""
        if not tokens.looks_like_token(resume_token):
            return None
        digest = tokens.hash_secret(resume_token)
        token = history_token(resume_token)
        insert = dialect_insert(self.engine)(PersonLinkRow.__table__)
        token_hash = tokens.hash_secret(token)

        def known(session: Session) -> bool:
            return session.get(PersonLinkRow, token_hash) is not None

        def work(session: Session) -> str | None:
            person_id = _sheet_person(session, digest)
            if person_id is None:
                return None
            session.execute(
                insert.values(token_hash=token_hash, person_id=person_id).on_conflict_do_nothing(
                    index_elements=[PersonLinkRow.token_hash]
                )
            )
            return token

        # Shown on every page of the quiz: only a read once registered, as it mostly is
        # (erasing a person erases their links, so a registered link is still theirs).
        if self._run(known):
            return token
        return self._run(work, write=True)

    def person_by_link(self, token: str) -> Person | None:
        """The person a history link opens; None for any unknown or malformed token."""
        if not tokens.looks_like_token(token):
            return None
        query = (
            select(PersonRow)
            .join(PersonLinkRow, PersonLinkRow.person_id == PersonRow.id)
            .where(PersonLinkRow.token_hash == tokens.hash_secret(token))
        )

        def work(session: Session) -> Person | None:
            row = session.scalar(query)
            return None if row is None else record(Person, row)

        return self._run(work)

    def history_sheets(self, token: str) -> list[Sheet]:
        """The own attempts (role self) of the person a history link opens, oldest first;
        empty for an unknown or malformed token."""
        person = self.person_by_link(token)
        if person is None:
            return []
        return self._sheets_where(
            select(SheetRow).where(SheetRow.person_id == person.id, SheetRow.role == "self")
        )

    def open_from_history(self, token: str, sheet_id: str) -> str | None:
        """A resume token for one of the sheets of the history link's person (registered
        on first need); None when the link is unknown or the sheet is not theirs."""
        if not tokens.looks_like_token(token):
            return None
        sheet_token = opened_sheet_token(token, sheet_id)
        insert = dialect_insert(self.engine)(SheetLinkRow.__table__)
        person_of_link = select(PersonLinkRow.person_id).where(
            PersonLinkRow.token_hash == tokens.hash_secret(token)
        )

        def work(session: Session) -> str | None:
            person_id = session.scalar(person_of_link)
            sheet = session.get(SheetRow, sheet_id)
            if person_id is None or sheet is None or sheet.person_id != person_id:
                return None
            session.execute(
                insert.values(
                    token_hash=tokens.hash_secret(sheet_token), sheet_id=sheet_id
                ).on_conflict_do_nothing(index_elements=[SheetLinkRow.token_hash])
            )
            return sheet_token

        return self._run(work, write=True)

    def rename_person(self, person_id: str, name: str) -> Person:
        """Set the name a person gives themselves (shown on their PDF reports), trimmed;
        InvalidText when blank, longer than DISPLAY_NAME_CHARS or holding a NUL character,
        NotFound for an unknown person."""
        name = required_text(name, "name", DISPLAY_NAME_CHARS)

        def work(session: Session) -> Person:
            row = get_row(session, PersonRow, person_id)
            row.display_name = name
            session.flush()
            return record(Person, row)

        return self._run(work, write=True)


def _sheet_person(session: Session, token_hash: str) -> str | None:
    """The person of the sheet a resume token's hash opens (its own token or one a
    history link derived), or None."""
    own = session.scalar(select(SheetRow.person_id).where(SheetRow.token_hash == token_hash))
    if own is not None:
        return own
    return session.scalar(
        select(SheetRow.person_id)
        .join(SheetLinkRow, SheetLinkRow.sheet_id == SheetRow.id)
        .where(SheetLinkRow.token_hash == token_hash)
    )
