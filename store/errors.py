"""Errors the store raises, so the app can catch them all as StoreError and show a message.

Every database error (SQLAlchemy's DBAPIError and its kinds) leaves the store as one of
these, with a message written for a person: it never carries the SQL, the parameters
(hashes, tokens) or a password.
"""


class StoreError(Exception):
    """Base of every error the store raises on purpose."""


class NotFound(StoreError, LookupError):
    """A verb named a sheet, person, workshop or campaign that does not exist."""


class WorkshopClosed(StoreError):
    """The workshop is closed: it takes no new sheets or answers, but keeps what it has."""


class CampaignClosed(StoreError):
    """The campaign is closed: it takes no new candidates, links, sheets or answers, but
    keeps what it has until its retention ends."""

    def __init__(self, title: str) -> None:
        self.title = title
        super().__init__(f'The campaign "{title}" is closed: it takes no new answers.')


class NoConsent(StoreError):
    """A campaign respondent has not agreed to the consent text yet: nothing of theirs is
    stored before they do."""


class SheetFinished(StoreError):
    """The sheet is finished; a retake is a new sheet, so its answers stay as they were scored."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or used; the message names it without its password."""


class InvalidValue(StoreError, ValueError):
    """A value refused as it was given, by the store's checks or by the database (nothing
    was stored); the message says which value and why."""


class InvalidText(InvalidValue):
    """A text a person typed (a name, a title, an e-mail) cannot be stored as given: it
    holds a NUL character, is blank where one is needed, too long, or not of its shape."""


class Conflict(StoreError):
    """The write clashed with a row stored meanwhile (nothing was stored)."""
