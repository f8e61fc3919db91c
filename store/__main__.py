"""The store's command line, for a scheduled job:

    python -m store purge [--dry-run]

purge deletes every campaign closed longer ago than its retention_days, with all its
personal data, and prints each one it deleted (--dry-run: would delete). It opens the
database the app opens: DATABASE_URL, else database_url in .streamlit/secrets.toml (the
one in the home folder, then the project's, as Streamlit reads them), else the SQLite
file in DATA_DIR (default data). Exit 0 when done, 2 when the configuration cannot be
read or the database cannot be opened, with the reason on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from store.errors import StoreError
from store.store import Store

ERROR = 2
SECRETS_FILES = (Path.home() / ".streamlit" / "secrets.toml", Path(".streamlit") / "secrets.toml")
"""Where Streamlit reads secrets, the later file winning."""


class ConfigurationError(Exception):
    """The configuration cannot be read: the message names the file and why."""


def secrets(files: Sequence[Path] = SECRETS_FILES) -> dict[str, Any]:
    """The secrets the app sees, merged in order; ConfigurationError for a file that
    exists but is not valid TOML (the app would ignore it, but a command that deletes
    must not fall back to another database)."""
    merged: dict[str, Any] = {}
    for path in files:
        try:
            merged.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigurationError(f"cannot read {path}: {exc}") from None
    return merged


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    purge = commands.add_parser(
        "purge", help="delete campaigns whose retention after closing has run out"
    )
    purge.add_argument(
        "--dry-run", action="store_true", help="list what would be deleted, delete nothing"
    )
    arguments = parser.parse_args(argv)
    try:
        store = Store.open(os.environ, secrets(), os.environ.get("DATA_DIR", "data"))
    except (ConfigurationError, StoreError) as exc:
        print(f"python -m store: {exc}", file=sys.stderr)
        return ERROR
    try:
        if arguments.dry_run:
            expired, verb = store.expired_campaigns(), "would delete"
        else:
            expired, verb = store.purge_expired(), "deleted"
    except StoreError as exc:
        print(f"python -m store: {exc}", file=sys.stderr)
        return ERROR
    finally:
        store.close()
    for campaign_id, title in expired:
        print(f"{verb} campaign {campaign_id}: {title}")
    print(f"{verb} {len(expired)} expired campaign{'' if len(expired) == 1 else 's'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
