"""People: someone who answers, with a display name; erasing one erases what is theirs,
in every table (erase_people)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from store.base import BULK, StoreBase, typed_text
from store.records import Person, record
from store.schema import (
    AnswerRow,
    CandidateRow,
    InvitationRow,
    PersonLinkRow,
    PersonRow,
    SheetLinkRow,
    SheetRow,
)


class People(StoreBase):
    def new_person(self, display_name: str | None = None) -> Person:
        """A new person, named as they typed it (None: anonymous); InvalidText for a name
        that holds a NUL character."""
        if display_name is not None:
            typed_text(display_name, "name")

        def work(session: Session) -> Person:
            row = PersonRow(display_name=display_name)
            session.add(row)
            session.flush()
            return record(Person, row)

        return self._run(work, write=True)

    def person(self, person_id: str) -> Person | None:
        def work(session: Session) -> Person | None:
            row = session.get(PersonRow, person_id)
            return None if row is None else record(Person, row)

        return self._run(work)

    def delete_person(self, person_id: str) -> bool:
        """Erase a person with everything of theirs (see erase_people): their sheets and
        answers, any sheets rating them, and a candidate's place in a campaign with the
        links and anonymous people of their observers. Returns False when there was no
        such person."""

        def work(session: Session) -> bool:
            if session.get(PersonRow, person_id) is None:
                return False
            erase_people(session, [person_id])
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


def erase_people(session: Session, person_ids: Collection[str]) -> None:
    """Delete people and everything of theirs, within session: their sheets and answers,
    the sheets rating them (observers' ratings of a person are data about that person),
    their candidacies and links (campaign, history and sheet links), and the observers
    invited to rate them, who are anonymous people made for that one link and so are
    theirs too."""
    observers = select(InvitationRow.person_id).where(InvitationRow.rates_person_id.in_(person_ids))
    people = set(person_ids) | set(session.scalars(observers))
    theirs = or_(SheetRow.person_id.in_(people), SheetRow.rates_person_id.in_(people))
    links = or_(InvitationRow.person_id.in_(people), InvitationRow.rates_person_id.in_(people))
    # Explicit rather than trusting ON DELETE CASCADE, which SQLite applies only when a
    # connection has foreign_keys on; children first, so no foreign key is left dangling.
    for statement in (
        delete(AnswerRow).where(AnswerRow.sheet_id.in_(select(SheetRow.id).where(theirs))),
        delete(SheetLinkRow).where(SheetLinkRow.sheet_id.in_(select(SheetRow.id).where(theirs))),
        delete(SheetRow).where(theirs),
        delete(InvitationRow).where(links),
        delete(CandidateRow).where(CandidateRow.person_id.in_(people)),
        delete(PersonLinkRow).where(PersonLinkRow.person_id.in_(people)),
        delete(PersonRow).where(PersonRow.id.in_(people)),
    ):
        session.execute(statement, execution_options=BULK)
