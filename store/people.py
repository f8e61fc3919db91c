"""People: someone who answers, with a display name; erasing one erases what is theirs."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from store.base import BULK, StoreBase, typed_text
from store.records import Person, record
from store.schema import AnswerRow, PersonRow, SheetRow


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
                execution_options=BULK,
            )
            session.execute(delete(SheetRow).where(theirs), execution_options=BULK)
            session.execute(
                delete(PersonRow).where(PersonRow.id == person_id), execution_options=BULK
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
