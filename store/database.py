"""The one place that chooses and configures the database.

SQLite (a file, by default data/app.db) suits one machine; PostgreSQL suits a shared
deployment. Everything dialect-specific lives here so the Store stays dialect-free.
"""

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DataError, DBAPIError, IntegrityError

from store.errors import Conflict, InvalidValue, StoreError, StoreUnavailable

_SQLITE_PRAGMAS = (
    "PRAGMA busy_timeout=5000",  # first, so the pragmas below wait for a busy file too
    "PRAGMA journal_mode=WAL",  # readers never block the writer, nor the writer them
    "PRAGMA foreign_keys=ON",  # off by default in SQLite; cascades depend on it
)

_WRITE = "store_write"
"""Execution option marking an engine whose transactions will write (see for_writing)."""

_INSERTS: dict[str, Callable[..., Any]] = {
    "sqlite": sqlite.insert,
    "postgresql": postgresql.insert,
}
"""Dialects supported, with the insert construct that offers on_conflict_do_update."""


def database_url(
    environ: Mapping[str, str] = os.environ,
    secrets: Mapping[str, Any] | None = None,
    data_dir: str | Path = "data",
) -> str:
    """The database to use: DATABASE_URL, else secrets["database_url"], else a SQLite file.

    The environment wins so a deployment can override a secrets file without editing it.
    """
    if environ.get("DATABASE_URL"):
        return environ["DATABASE_URL"]
    if secrets is not None and secrets.get("database_url"):
        return str(secrets["database_url"])
    return f"sqlite:///{Path(data_dir) / 'app.db'}"


def safe_url(url: str | URL) -> str:
    """The URL fit for a message or a log: its password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(an unparseable URL)"


def unavailable(url: URL, error: Exception) -> StoreUnavailable:
    """A StoreUnavailable naming the database without its password, and the reason."""
    reason = (str(getattr(error, "orig", None) or error).strip().splitlines() or ["unknown"])[0]
    if url.password:
        reason = reason.replace(str(url.password), "***")
    return StoreUnavailable(f"cannot use the database {safe_url(url)}: {reason}")


def translated(url: URL, error: DBAPIError) -> StoreError:
    """The StoreError for any database error: the one place a DBAPIError becomes a message.

    The message is written for a person and never quotes the statement or its
    parameters (SQLAlchemy's own message does both, hashes included).
    """
    if isinstance(error, DataError):
        return InvalidValue(
            "the database refused a value as it was given (for example a NUL character "
            "in a text); nothing was stored"
        )
    if isinstance(error, IntegrityError):
        return Conflict("the change clashed with data stored meanwhile; nothing was stored")
    return unavailable(url, error)


def make_engine(url: str | URL) -> Engine:
    """An engine for a SQLite or PostgreSQL URL, configured for many threads at once."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreUnavailable("the database URL cannot be parsed") from exc
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3, not psycopg2
    backend = parsed.get_backend_name()
    if backend not in _INSERTS:
        raise StoreUnavailable(
            f"unsupported database {safe_url(parsed)}: use a sqlite:// or postgresql:// URL"
        )
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    # pre-ping: a connection dropped by a database restart is replaced, not handed out;
    # connect_timeout: an unreachable host fails in seconds instead of hanging a page.
    return create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        folder = Path(url.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise StoreUnavailable(
                f"cannot create the folder {str(folder)!r} for the database: {reason}"
            ) from exc
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Stop the sqlite3 module issuing its own BEGIN; _begin below decides the kind.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # A deferred transaction that reads and then writes fails at once with "database is
        # locked" if another writer committed meanwhile; IMMEDIATE takes the write lock up
        # front, and so waits its turn under busy_timeout instead.
        writes = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


def for_writing(engine: Engine) -> Engine:
    """The same engine and pool, for transactions that will write (IMMEDIATE on SQLite)."""
    return engine.execution_options(**{_WRITE: True})


def dialect_insert(engine: Engine) -> Callable[..., Any]:
    """The engine's dialect insert construct, which offers on_conflict_do_update."""
    try:
        return _INSERTS[engine.dialect.name]
    except KeyError:
        raise StoreUnavailable(
            f"unsupported database {safe_url(engine.url)}: use SQLite or PostgreSQL"
        ) from None
