"""The one way in for bank and situations files: a folder (the app) or a list (the CLI).

`load_catalog` reads every file, tells banks from situations files by their content,
checks each bank on its own and then the rules between files, and checks situations
against the banks that loaded. Whatever goes wrong with one file becomes a BankError
for that file, naming it, the id and the rule; the other files are unaffected. This is
the single error boundary for files: a failure nobody foresaw is reported the same way
(and logged with its traceback) instead of taking the caller down.

Two banks with one id are both refused, each message naming the other file: keeping
either one would let a file dropped into the folder replace the shipped bank of that id.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from questions.bank import Bank, BankError, parse_bank, read_yaml
from questions.situations import Situations, is_situations_file, parse_situations

_log = logging.getLogger(__name__)
T = TypeVar("T")
Entry = Bank | Situations | BankError


@dataclass(frozen=True)
class Catalog:
    """Each file as given, in order: its Bank, its Situations, or the BankError that
    refused it."""

    entries: dict[Path, Entry]

    @property
    def banks(self) -> dict[str, Bank]:
        """The banks that loaded, by id (ids are unique: shared ones are refused)."""
        return {e.id: e for e in self.entries.values() if isinstance(e, Bank)}

    @property
    def errors(self) -> dict[Path, BankError]:
        return {p: e for p, e in self.entries.items() if isinstance(e, BankError)}

    def bank_at(self, path: str | Path) -> Bank:
        """The bank of one file; BankError when the file was refused or is not a bank."""
        entry = self.entries[Path(path)]
        if isinstance(entry, Situations):
            raise BankError(Path(path).name, ["a situations file, not a question bank"])
        if isinstance(entry, BankError):
            raise entry
        return entry


def bank_files(folder: str | Path) -> list[Path]:
    """The `*.yaml` names of a folder, sorted; whatever they name is checked on loading.

    >>> [p.name for p in bank_files("questions")]
    ['core.yaml', 'readiness.yaml', 'situations.yaml']
    """
    return sorted(Path(folder).glob("*.yaml"))


def folder_fingerprint(folder: str | Path) -> tuple:
    """Changes whenever a file is added, removed, replaced or edited; never fails (a
    name that cannot be examined counts as None until it can).

    >>> folder_fingerprint("questions") == folder_fingerprint("questions")
    True
    """
    return tuple((path.name, _stamp(path)) for path in bank_files(folder))


def _stamp(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def load_folder(folder: str | Path) -> Catalog:
    """Every bank and situations file of a folder (`*.yaml`)."""
    return load_catalog(bank_files(folder))


def load_catalog(paths: Iterable[str | Path]) -> Catalog:
    """Check every file; one file's problems never stop the others from loading.

    >>> catalog = load_catalog(["questions/core.yaml", "questions/situations.yaml"])
    >>> sorted(catalog.banks), catalog.errors
    (['core'], {})
    """
    paths = list(dict.fromkeys(Path(p) for p in paths))
    data = {path: _guarded(path, lambda p=path: read_yaml(p)[1]) for path in paths}
    entries: dict[Path, Entry] = {}
    for path, content in data.items():
        if isinstance(content, BankError) or is_situations_file(content):
            continue
        entries[path] = _guarded(path, lambda p=path, c=content: parse_bank(c, source=p.name))
    entries |= _refuse_shared_ids(entries)
    banks = {e.id: e for e in entries.values() if isinstance(e, Bank)}
    for path, content in data.items():
        if isinstance(content, BankError):
            entries[path] = content
        elif path not in entries:
            entries[path] = _guarded(
                path, lambda p=path, c=content: parse_situations(c, banks, source=p.name)
            )
    return Catalog({path: entries[path] for path in paths})


def _refuse_shared_ids(entries: dict[Path, Entry]) -> dict[Path, BankError]:
    """A BankError for every bank whose id another file also uses, naming the others."""
    by_id: dict[str, list[Path]] = defaultdict(list)
    for path, entry in entries.items():
        if isinstance(entry, Bank):
            by_id[entry.id].append(path)
    refused = {}
    for bank_id, paths in by_id.items():
        for path in paths if len(paths) > 1 else []:
            others = ", ".join(str(p.name) for p in paths if p != path)
            refused[path] = BankError(
                path.name,
                [
                    f"bank id {bank_id!r}: also the id of {others}; every file with this id "
                    "is refused until each bank has an id of its own"
                ],
            )
    return refused


def _guarded(path: Path, step: Callable[[], T]) -> T | BankError:
    """step(), or the BankError that refuses the file: the one error boundary."""
    try:
        return step()
    except BankError as error:
        return error
    except Exception as exc:
        _log.error("checking %s failed unexpectedly", path, exc_info=True)
        return BankError(
            path.name,
            [f"could not be checked ({type(exc).__name__}: {exc}); please report this"],
        )
