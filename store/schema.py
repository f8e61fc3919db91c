"""Tables. Created with metadata.create_all on first use (new tables appear in an old
database the same way); there is no migration tool yet, so existing tables are never
altered: a feature that needs more columns adds a table of its own (the campaign's
candidate, invitation and campaign_sign_in tables, for example).

Ids are uuid4 hex strings, made in Python so a record can be returned without a reload.
All times are timezone-aware UTC on both databases (SQLite keeps no zone, see UTCDateTime).
"""

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

ROLES = ("self", "observer")
OBSERVER_GROUPS = ("manager", "peer", "direct_report")
EMAIL_CHARS = 254
"""The longest e-mail address SMTP carries."""

_ID = String(32)
_HASH = String(64)


def utcnow() -> datetime:
    """Now, aware, in UTC."""
    return datetime.now(UTC)


def new_id() -> str:
    """A random primary key (no sequence, so ids reveal neither counts nor order)."""
    return uuid.uuid4().hex


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out: SQLite stores naive text, so UTC is the convention."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: the store keeps aware UTC times only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {  # noqa: RUF012 (SQLAlchemy reads it as a class attribute)
        datetime: UTCDateTime(),
        dict[str, Any]: JSON().with_variant(JSONB(), "postgresql"),
        list[str]: JSON().with_variant(JSONB(), "postgresql"),
    }


class PersonRow(Base):
    """Someone who answers: a manager alone, a workshop participant, a candidate, an observer."""

    __tablename__ = "person"

    id: Mapped[str] = mapped_column(_ID, primary_key=True, default=new_id)
    display_name: Mapped[str | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkshopRow(Base):
    """A trainer's session: people join with its code; the facilitator key controls it."""

    __tablename__ = "workshop"

    id: Mapped[str] = mapped_column(_ID, primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(6), unique=True)
    title: Mapped[str]
    bank_id: Mapped[str]
    form: Mapped[str | None]  # None: the full bank
    reveal: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    key_hash: Mapped[str] = mapped_column(_HASH)


class CampaignRow(Base):
    """An HR campaign comparing promotion candidates with 360 input: its candidates
    (candidate), the links it sent (invitation), and the sheets of both roles. settings
    holds store.records.CampaignSettings as a JSON object (checked by store/campaigns.py)."""

    __tablename__ = "campaign"

    id: Mapped[str] = mapped_column(_ID, primary_key=True, default=new_id)
    title: Mapped[str]
    bank_ids: Mapped[list[str]] = mapped_column(default=list)
    form: Mapped[str | None]
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    owner_key_hash: Mapped[str] = mapped_column(_HASH)


class SheetRow(Base):
    """One attempt at one bank and form by one person; a retake is a new sheet."""

    __tablename__ = "sheet"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES}", name="sheet_role"),
        CheckConstraint(
            f"observer_group IS NULL OR observer_group IN {OBSERVER_GROUPS}",
            name="sheet_observer_group",
        ),
    )

    id: Mapped[str] = mapped_column(_ID, primary_key=True, default=new_id)
    person_id: Mapped[str] = mapped_column(
        _ID, ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    bank_id: Mapped[str]
    bank_version: Mapped[int]
    form: Mapped[str | None]  # None: the full bank
    seed: Mapped[int]  # fixes the shuffled item order across visits
    page: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    token_hash: Mapped[str] = mapped_column(_HASH, unique=True, index=True)
    workshop_id: Mapped[str | None] = mapped_column(_ID, ForeignKey("workshop.id"), index=True)
    campaign_id: Mapped[str | None] = mapped_column(_ID, ForeignKey("campaign.id"), index=True)
    role: Mapped[str] = mapped_column(String(10), default="self")
    rates_person_id: Mapped[str | None] = mapped_column(
        _ID, ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    observer_group: Mapped[str | None] = mapped_column(String(20))


class CandidateRow(Base):
    """A person a campaign considers for promotion: their name is the person's display
    name, and they are in exactly one campaign (a new person is made for each)."""

    __tablename__ = "candidate"

    person_id: Mapped[str] = mapped_column(
        _ID, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    campaign_id: Mapped[str] = mapped_column(
        _ID, ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str | None] = mapped_column(String(EMAIL_CHARS))
    current_role: Mapped[str | None]
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class InvitationRow(Base):
    """One link a campaign sent: a candidate's own (role self) or one observer's. The link
    token is stored only as its hash; person_id is the respondent (the candidate, or an
    anonymous person made for the observer), rates_person_id the candidate observed."""

    __tablename__ = "invitation"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES}", name="invitation_role"),
        CheckConstraint(
            f"observer_group IS NULL OR observer_group IN {OBSERVER_GROUPS}",
            name="invitation_observer_group",
        ),
    )

    id: Mapped[str] = mapped_column(_ID, primary_key=True, default=new_id)
    campaign_id: Mapped[str] = mapped_column(
        _ID, ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(_HASH, unique=True)
    role: Mapped[str] = mapped_column(String(10))
    person_id: Mapped[str] = mapped_column(
        _ID, ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    rates_person_id: Mapped[str | None] = mapped_column(
        _ID, ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    observer_group: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    consented_at: Mapped[datetime | None]


class PersonLinkRow(Base):
    """A person's private "my assessments" link (/history?me=TOKEN), stored only as its
    hash. The token is derived from one of their sheets' resume tokens (store/history.py),
    so the same sheet link always shows the same history link; a person may have several."""

    __tablename__ = "person_link"

    token_hash: Mapped[str] = mapped_column(_HASH, primary_key=True)
    person_id: Mapped[str] = mapped_column(
        _ID, ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SheetLinkRow(Base):
    """A further resume token of a sheet, stored only as its hash: the one a history link
    derives for each of the person's sheets, so "Open" needs no token the store never kept
    (the sheet's own token_hash, and so every link already given out, is left as it is)."""

    __tablename__ = "sheet_link"

    token_hash: Mapped[str] = mapped_column(_HASH, primary_key=True)
    sheet_id: Mapped[str] = mapped_column(
        _ID, ForeignKey("sheet.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnswerRow(Base):
    """The latest value given to one item on one sheet, updated in place when changed."""

    __tablename__ = "answer"

    sheet_id: Mapped[str] = mapped_column(
        _ID, ForeignKey("sheet.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[str | None]  # None: the respondent skipped the item on purpose
    answered_at: Mapped[datetime]


class SignInColumns:
    """What every sign-in table holds: a browser keeps the random token in a cookie, the
    store only its hash, so a refresh or a restart needs no key on screen. A sign-in ends
    when it expires or its holder signs out (store/access.py serves every such table)."""

    token_hash: Mapped[str] = mapped_column(_HASH, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class SignInRow(SignInColumns, Base):
    """A facilitator signed in to a workshop from one browser."""

    __tablename__ = "sign_in"

    workshop_id: Mapped[str] = mapped_column(
        _ID, ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )


class CampaignSignInRow(SignInColumns, Base):
    """An HR owner signed in to a campaign from one browser (a table of its own, as
    sign_in.workshop_id is NOT NULL and tables are never altered)."""

    __tablename__ = "campaign_sign_in"

    campaign_id: Mapped[str] = mapped_column(
        _ID, ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )


class FailedAttemptRow(Base):
    """A wrong join code, facilitator key or campaign owner key, by client address (scope
    "join", "facilitate" or "campaign"): the throttle counts them in the database, so a
    new browser session or another replica does not reset it."""

    __tablename__ = "failed_attempt"

    id: Mapped[str] = mapped_column(_ID, primary_key=True, default=new_id)
    scope: Mapped[str] = mapped_column(String(20))
    client: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class CustomBankRow(Base):
    """One version of a question bank uploaded in the app, kept as the text uploaded (it
    is checked again by the one loader whenever it is read). Every version stays, so a
    sheet started on an older one can still be opened; the newest is the one offered.

    position counts an id's uploads from 0: two uploads racing for the same id compute
    the same position, and the unique constraint turns the second into a conflict, so
    neither a first upload nor a new version can be lost or doubled."""

    __tablename__ = "custom_bank"
    __table_args__ = (
        UniqueConstraint("bank_id", "version", name="custom_bank_version"),
        UniqueConstraint("bank_id", "position", name="custom_bank_position"),
    )

    id: Mapped[str] = mapped_column(_ID, primary_key=True, default=new_id)
    bank_id: Mapped[str] = mapped_column(index=True)
    version: Mapped[int]
    position: Mapped[int]
    title: Mapped[str]
    source: Mapped[str] = mapped_column(Text)
    uploaded_by: Mapped[str | None]
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    owner_key_hash: Mapped[str] = mapped_column(_HASH)
