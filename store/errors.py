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


class SheetFinished(StoreError):
    """The sheet is finished; a retake is a new sheet, so its answers stay as they were scored."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or used; the message names it without its password."""


class InvalidValue(StoreError, ValueError):
    """The database refused a value as it was given (nothing was stored)."""


class InvalidText(InvalidValue):
    """A text a person typed (a name, a title) cannot be stored: it holds a NUL character."""


class Conflict(StoreError):
    """The write clashed with a row stored meanwhile (nothing was stored)."""
