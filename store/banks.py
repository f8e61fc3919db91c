"""Custom banks: question banks uploaded in the app, kept in the database so every
replica offers them, one row per bank id and version.

The store keeps the text as uploaded and never parses it: the caller checks it first
with the one loader (questions.catalog.load_text), and every reader checks it again.
The first upload of an id makes an owner key, shown once and stored only as a hash; a
new version of that id needs the key, and a version number above every stored one.
Older versions stay: the sheets started on them keep them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store import tokens
from store.base import StoreBase, typed_text
from store.errors import InvalidValue, StoreError
from store.schema import CustomBankRow

MAX_VERSION = 2**31 - 1
"""Versions are kept as the database's integer (the sheet's bank_version too)."""


class BankRefused(StoreError):
    """A custom bank version that may not be stored (nothing was stored): the message
    says why, for the person uploading."""


@dataclass(frozen=True, slots=True)
class StoredBank:
    """One stored version of a custom bank (without its text: see bank_source)."""

    bank_id: str
    version: int
    title: str
    uploaded_by: str | None
    uploaded_at: datetime
    size: int  # characters of the text


_LISTED = (
    CustomBankRow.bank_id,
    CustomBankRow.version,
    CustomBankRow.title,
    CustomBankRow.uploaded_by,
    CustomBankRow.uploaded_at,
    func.length(CustomBankRow.source),
)


class Banks(StoreBase):
    def save_bank(
        self,
        source_text: str,
        bank_id: str,
        version: int,
        title: str,
        *,
        uploaded_by: str | None = None,
        owner_key: str | None = None,
    ) -> tuple[StoredBank, str | None]:
        """Keep one version of a custom bank: source_text as uploaded, already checked by
        questions.catalog.load_text (bank_id, version and title are the checked bank's).

        Returns the stored record and, for the first version of an id, its owner key
        (shown once, never stored); None for a later version. BankRefused when the id is
        stored already and owner_key is not its key, or the version is not above every
        stored one; Conflict when another upload of the id was stored meanwhile.
        """
        for text, what in ((source_text, "bank"), (title, "bank title")):
            typed_text(text, what)
        if uploaded_by is not None:
            typed_text(uploaded_by, "name")
        if not -MAX_VERSION <= version <= MAX_VERSION:
            raise InvalidValue(f"a bank version is at most {MAX_VERSION:,}; nothing was stored")
        new_key = tokens.new_secret()

        def work(session: Session) -> tuple[StoredBank, str | None]:
            stored = session.execute(
                select(CustomBankRow.version, CustomBankRow.owner_key_hash)
                .where(CustomBankRow.bank_id == bank_id)
                .order_by(CustomBankRow.position)
            ).all()
            if stored:
                key_hash = stored[0].owner_key_hash
                if not tokens.key_matches(owner_key, key_hash):
                    raise BankRefused(
                        f"A bank with the id {bank_id!r} is stored already. To store a new "
                        "version of it, give the owner key shown when its first version "
                        "was saved; otherwise give your bank an id of its own."
                    )
                newest = max(row.version for row in stored)
                if version <= newest:
                    raise BankRefused(
                        f"Version {newest} of {bank_id!r} is stored already: raise the "
                        f"bank's version to {newest + 1} or more for the new version."
                    )
            else:
                key_hash = tokens.hash_secret(new_key)
            row = CustomBankRow(
                bank_id=bank_id,
                version=version,
                position=len(stored),
                title=title,
                source=source_text,
                uploaded_by=uploaded_by,
                owner_key_hash=key_hash,
            )
            session.add(row)
            session.flush()  # a racing upload of the same id fails here, as a Conflict
            record = StoredBank(
                bank_id, version, title, uploaded_by, row.uploaded_at, len(source_text)
            )
            return record, None if stored else new_key

        return self._run(work, write=True)

    def stored_banks(self) -> list[StoredBank]:
        """Every stored version of every custom bank: by id, the newest version first."""
        query = select(*_LISTED).order_by(CustomBankRow.bank_id, CustomBankRow.position.desc())
        return self._run(lambda session: [StoredBank(*row) for row in session.execute(query).all()])

    def bank_source(self, bank_id: str, version: int) -> str | None:
        """The text of one stored version of a custom bank, or None."""
        query = select(CustomBankRow.source).where(
            CustomBankRow.bank_id == bank_id, CustomBankRow.version == version
        )
        return self._run(lambda session: session.scalar(query))

    def newest_bank_sources(self) -> dict[str, tuple[int, str]]:
        """bank id -> (version, text) of the newest version of each custom bank."""
        newest = (
            select(CustomBankRow.bank_id, func.max(CustomBankRow.position).label("position"))
            .group_by(CustomBankRow.bank_id)
            .subquery()
        )
        query = (
            select(CustomBankRow.bank_id, CustomBankRow.version, CustomBankRow.source)
            .join(
                newest,
                (CustomBankRow.bank_id == newest.c.bank_id)
                & (CustomBankRow.position == newest.c.position),
            )
            .order_by(CustomBankRow.bank_id)
        )
        return self._run(
            lambda session: {
                bank_id: (version, source)
                for bank_id, version, source in session.execute(query).all()
            }
        )

    def banks_stamp(self) -> tuple[int, datetime | None]:
        """(how many versions are stored, when the last was): changes with every upload,
        read cheaply, so a cache of the banks can key on it."""
        query = select(func.count(), func.max(CustomBankRow.uploaded_at))
        return self._run(lambda session: tuple(session.execute(query).one()))

    def bank_owner_key_matches(self, bank_id: str, key: str) -> bool:
        """Whether key is the owner key of a stored custom bank (constant-time compare)."""
        query = select(CustomBankRow.owner_key_hash).where(CustomBankRow.bank_id == bank_id)
        return tokens.key_matches(key, self._run(lambda session: session.scalars(query).first()))
