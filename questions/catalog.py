"""The one way in for bank and situations files: a folder (the app) or a list (the CLI).

`load_catalog` reads every file, tells banks from situations files by their content,
checks each bank on its own and then the rules between files, and checks situations
against the banks that loaded. Whatever goes wrong with one file becomes a BankError
for that file, naming it, the id and the rule; the other files are unaffected. This is
the single error boundary for files: a failure nobody foresaw is reported the same way
(and logged with its traceback) instead of taking the caller down.

Two banks with one id are both refused, each message naming the other file: keeping
either one would let a file dropped into the folder replace the shipped bank of that id.

`load_text` is the same loader for a bank that arrives as bytes (an upload in the app):
the same safe YAML reading and the same rules, a smaller size limit, a bank id of its own
(never a shipped bank's), and every problem located by its line numbers.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml

from questions.bank import (
    Bank,
    BankError,
    _as_list,
    _BankYamlLoader,
    _entry_label,
    _text,
    parse_bank,
    read_yaml,
)
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

    @property
    def ids_in_use(self) -> dict[str, str]:
        """Bank id -> the file that holds it: the ids an uploaded bank may not take. A
        refused file's id cannot be trusted, so its name (less .yaml) stands in for it.

        >>> load_folder("questions").ids_in_use["core"]
        'core.yaml'
        """
        taken = {path.stem: path.name for path in self.entries}
        return taken | {bank.id: path.name for path, bank in self._banks_by_path().items()}

    def _banks_by_path(self) -> dict[Path, Bank]:
        return {p: e for p, e in self.entries.items() if isinstance(e, Bank)}

    def bank_at(self, path: str | Path) -> Bank:
        """The bank of one file; BankError when the file was refused or is not a bank."""
        entry = self.entries[Path(path)]
        if isinstance(entry, Situations):
            raise BankError(Path(path).name, ["a situations file, not a question bank"])
        if isinstance(entry, BankError):
            raise entry
        return entry


TEMPLATE_FILE = Path(__file__).with_name("template.yaml")
"""The bank people download to start their own: complete, valid, every field explained.
It is not one of the banks offered, so the folder's listing leaves it out."""


def bank_files(folder: str | Path) -> list[Path]:
    """The `*.yaml` names of a folder, sorted, but the upload template; whatever they name
    is checked on loading.

    >>> [p.name for p in bank_files("questions")]
    ['core.yaml', 'readiness.yaml', 'situations.yaml']
    """
    return sorted(p for p in Path(folder).glob("*.yaml") if p.name != TEMPLATE_FILE.name)


ARCHIVE = "archive"
"""The sub-folder that keeps earlier versions of a folder's banks, named `ID-vN.yaml`:
a sheet keeps the version it was started on, so a bank that gets a new version keeps
its old one here (never offered for new assessments)."""


def archived_bank(folder: str | Path, bank_id: str, version: int) -> Bank | None:
    """An earlier version of one of the folder's banks, checked by the one loader; None
    when the archive does not hold it (or holds a file that is not that bank version).

    >>> archived_bank("questions", "readiness", 1).version, archived_bank("questions", "core", 9)
    (1, None)
    """
    path = Path(folder) / ARCHIVE / f"{bank_id}-v{version}.yaml"
    if not path.is_file():
        return None
    bank = load_catalog([path]).banks.get(bank_id)
    return bank if bank is not None and bank.version == version else None


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


# --- a bank given as bytes (an upload) -----------------------------------------------

MAX_UPLOAD_BYTES = 256 * 1024
"""An uploaded bank's size limit: the shipped core bank, the largest, is under 80 KiB."""


@dataclass(frozen=True)
class Problem:
    """One broken rule of a bank given as text: its message worded as for a file, and the
    lines (1-based) it concerns; none when it concerns the text as a whole."""

    lines: tuple[int, ...]
    message: str

    @property
    def where(self) -> str:
        """'line 12', 'lines 4, 9' or 'whole file'."""
        if not self.lines:
            return "whole file"
        word = "line" if len(self.lines) == 1 else "lines"
        return f"{word} {', '.join(map(str, self.lines))}"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class TextBankError(BankError):
    """A bank given as text, refused: `located` holds each problem with its lines."""

    def __init__(self, source: str, located: Iterable[Problem]):
        self.located = tuple(located)
        super().__init__(source, [str(problem) for problem in self.located])


def load_text(
    data: bytes,
    name: str,
    *,
    ids_in_use: Mapping[str, str] | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> Bank:
    """Check a bank given as bytes under the display name `name`, by the rules of a bank
    file; raise TextBankError listing every problem with its line numbers.

    ids_in_use maps the ids the bank may not take (the shipped banks': a custom bank never
    stands in for one) to the file that holds each.

    >>> bank = load_text(TEMPLATE_FILE.read_bytes(), "template.yaml")
    >>> load_text(TEMPLATE_FILE.read_bytes(), "mine.yaml", ids_in_use={bank.id: "x.yaml"})
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    questions.catalog.TextBankError: mine.yaml: line ...: bank id '...': the id of x.yaml, ...
    >>> load_text(b"id: [", "bad.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    questions.catalog.TextBankError: bad.yaml: line 1: not valid YAML at line 1: ...
    """
    result = _guarded(Path(name), lambda: _load_text(data, name, ids_in_use or {}, max_bytes))
    if isinstance(result, TextBankError):
        raise result
    if isinstance(result, BankError):  # the boundary's own message: nothing to locate
        raise TextBankError(name, [Problem((), p) for p in result.problems])
    return result


def _load_text(data: bytes, name: str, ids_in_use: Mapping[str, str], max_bytes: int) -> Bank:
    def refuse(lines: tuple[int, ...], message: str) -> TextBankError:
        return TextBankError(name, [Problem(lines, message)])

    if len(data) > max_bytes:
        raise refuse((), f"file is {len(data):,} bytes; the limit is {max_bytes:,}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise refuse((line,), f"not UTF-8 text (byte {exc.start})") from None
    root, content = _compose(text, refuse)
    if is_situations_file(content):
        raise refuse((), "a situations file, not a question bank")
    try:
        bank = parse_bank(content, source=name)
    except BankError as error:
        where = _Lines(root, content)
        raise TextBankError(name, [Problem(where.of(p), p) for p in error.problems]) from None
    if bank.id in ids_in_use:
        raise refuse(
            _Lines(root, content).of("id: "),
            f"bank id {bank.id!r}: the id of {ids_in_use[bank.id]}, a bank this server ships; "
            "give your bank an id of its own",
        )
    return bank


def _compose(text: str, refuse: Callable[..., TextBankError]) -> tuple[yaml.Node, object]:
    """The node tree (for line numbers) and the data, read as `read_yaml` reads a file:
    safe loading, no repeated key, no deep nesting."""
    loader = _BankYamlLoader(text)
    try:
        root = loader.get_single_node()
        content = None if root is None else loader.construct_document(root)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark else ""
        lines = (mark.line + 1,) if mark else ()
        raise refuse(lines, f"not valid YAML{at}: {getattr(exc, 'problem', exc)}") from None
    finally:
        loader.dispose()
    if content is None:
        raise refuse((), "file is empty")
    return root, content


_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


class _Lines:
    """Where a problem message points in the text: the loader words each problem as
    '<axis, item or form>: <field path>: <rule>' or '<field path>: <rule>', so the
    message is followed through the node tree as far as it leads, and the deepest node
    reached gives the line. Nothing here can fail a check: at worst a problem gets the
    line of the entry, or of the top-level mapping, it belongs to."""

    def __init__(self, root: yaml.Node, data: object):
        self.root = root
        self.data = data

    def of(self, problem: str) -> tuple[int, ...]:
        if not isinstance(self.root, yaml.MappingNode) or not isinstance(self.data, Mapping):
            return (_line(self.root),)
        found = self._in_entries(problem) or self._in_forms(problem) or self._in_header(problem)
        return tuple(sorted(set(found))) or (_line(self.root),)

    def _in_entries(self, problem: str) -> list[int]:
        lines = []
        for part in ("axes", "items"):
            nodes = _child(self.root, part)
            if not isinstance(nodes, yaml.SequenceNode):
                continue
            entries = _as_list(self.data.get(part))
            for position, (node, entry) in enumerate(zip(nodes.value, entries, strict=False), 1):
                label = f"{_entry_label(part, entry, position)}: "
                if problem.startswith(label):
                    lines.append(_in_entry(node, problem.removeprefix(label)))
        return lines

    def _in_forms(self, problem: str) -> list[int]:
        forms = _child(self.root, "forms")
        if not problem.startswith("form ") or not isinstance(forms, yaml.MappingNode):
            return []
        for key, value in forms.value:
            label = f"form {key.value!r}: "
            if problem.startswith(label):
                rest = problem.removeprefix(label)
                named = _QUOTED.findall(rest)
                if named and isinstance(value, yaml.SequenceNode):
                    members = [m for m in value.value if _scalar(m) == named[0]]
                    if members:
                        return [_line(m) for m in members]
                return [_line(key)]
        return []

    def _in_header(self, problem: str) -> list[int]:
        if problem.startswith("unknown top-level field "):
            shown = problem.removeprefix("unknown top-level field ")
            keys = [
                k
                for (k, _), name in zip(self.root.value, self.data, strict=False)
                if repr(name) == shown
            ]
            return [_line(k) for k in keys]
        return [_follow(self.root, _path(problem))]


def _in_entry(node: yaml.Node, rest: str) -> int:
    """The line of an axis's or item's problem, the entry's label taken off."""
    if rest == "duplicate id":
        return _line(_child(node, "id") or node)
    if rest.startswith("unknown axis "):
        return _line(_child(node, "axis") or node)
    if rest.startswith("duplicate option id "):
        option = _option(node, rest.removeprefix("duplicate option id "), last=True)
        return _line(option or node)
    return _follow(node, _path(rest))


def _path(rest: str) -> list[str]:
    """The field path a message starts with: "option 'a' lean: must be..." -> its words."""
    location, colon, _ = rest.partition(": ")
    return location.split(" ") if colon else []


def _follow(node: yaml.Node, words: list[str]) -> int:
    """The line of the deepest node the words lead to from node."""
    line = _line(node)
    while words:
        word = words.pop(0)
        if word == "option" and words and isinstance(node, yaml.MappingNode):
            option = _option(node, words.pop(0))
            if option is None:
                break
            node, line = option, _line(option)
        elif isinstance(node, yaml.MappingNode) and (pair := _pair(node, word)):
            key, node = pair
            line = _line(key)
        elif isinstance(node, yaml.SequenceNode) and word.isdigit() and int(word) < len(node.value):
            node = node.value[int(word)]
            line = _line(node)
        else:
            break
    return line


def _option(item: yaml.Node, shown: str, last: bool = False) -> yaml.Node | None:
    """An option of an item's node by the way messages show it: "'a'" or "#2"."""
    options = _child(item, "options")
    if not isinstance(options, yaml.SequenceNode):
        return None
    if shown.startswith("#") and shown[1:].isdigit():
        position = int(shown[1:]) - 1
        return options.value[position] if position < len(options.value) else None
    found = [o for o in options.value if repr(_scalar(_child(o, "id"))) == shown]
    return (found[-1] if last else found[0]) if found else None


def _pair(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    return next(((k, v) for k, v in node.value if _scalar(k) == key), None)


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    pair = _pair(node, key) if isinstance(node, yaml.MappingNode) else None
    return pair[1] if pair else None


def _scalar(node: yaml.Node | None) -> str | None:
    """A scalar node's text as the models read it (stripped), else None."""
    return _text(node.value) if isinstance(node, yaml.ScalarNode) else None


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1
