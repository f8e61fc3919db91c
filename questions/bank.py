"""The question bank: typed, frozen models and the loader that checks every rule.

A bank is data (DESIGN.md, "Bank file format"): axes with two poles, items keyed to a
pole or offering options that lean toward one, and named forms. Keying lives in the
items, never in code: `Item.contributions` turns any item into a table from answer to
contribution, which is all the scoring module needs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

MAX_FILE_BYTES = 1_000_000
FULL_FORM = "full"
Side = Literal["left", "right"]
# Agreeing with an item keyed to a pole moves the score toward that pole.
KEY_SIGN: dict[str, int] = {"left": -1, "right": 1}


class BankError(ValueError):
    """A bank file that breaks one or more rules; `problems` lists every one of them."""

    def __init__(self, source: str, problems: Iterable[str]):
        self.source = source
        self.problems = list(problems)
        super().__init__("\n".join(f"{source}: {p}" for p in self.problems))


class FrozenModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Pole(FrozenModel):
    label: str = Field(min_length=1)
    summary: str = ""
    strengths: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()


class Axis(FrozenModel):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    source: str = ""
    left: Pole
    right: Pole

    def pole(self, side: Side) -> Pole:
        return self.left if side == "left" else self.right


class Likert(FrozenModel):
    points: int = Field(ge=2)
    labels: tuple[str, ...]

    @model_validator(mode="after")
    def _labels_match_points(self) -> Likert:
        if len(self.labels) != self.points:
            raise ValueError(f"labels count ({len(self.labels)}) != points ({self.points})")
        return self

    @property
    def values(self) -> range:
        return range(1, self.points + 1)


class Option(FrozenModel):
    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    lean: float = Field(ge=-1, le=1)


class LikertItem(FrozenModel):
    id: str = Field(min_length=1)
    axis: str
    type: Literal["likert"]
    text: str = Field(min_length=1)
    keyed: Side

    def contributions(self, likert: Likert) -> dict[str, float]:
        """Answer -> contribution in [-1, 1].

        >>> item = LikertItem(id="x", axis="a", type="likert", text="t", keyed="left")
        >>> item.contributions(Likert(points=5, labels=("1", "2", "3", "4", "5")))
        {'1': 1.0, '2': 0.5, '3': 0.0, '4': -0.5, '5': -1.0}
        """
        middle = (likert.points + 1) / 2
        half_range = (likert.points - 1) / 2
        sign = KEY_SIGN[self.keyed]
        return {str(x): sign * (x - middle) / half_range + 0.0 for x in likert.values}


class ChoiceItem(FrozenModel):
    id: str = Field(min_length=1)
    axis: str
    type: Literal["choice"]
    text: str = Field(min_length=1)
    options: tuple[Option, ...] = Field(min_length=2)

    def contributions(self, likert: Likert) -> dict[str, float]:
        """Answer (an option id) -> that option's lean."""
        return {option.id: option.lean for option in self.options}


Item = Annotated[LikertItem | ChoiceItem, Field(discriminator="type")]


class PolePair(FrozenModel):
    """Names for the two ends of the overall score (optional in a bank file)."""

    left: str = "Left poles"
    right: str = "Right poles"


class _BankHeader(FrozenModel):
    """The bank's own fields, checked apart from its axes and items."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    version: int = 1
    description: str = ""
    poles: PolePair = PolePair()
    likert: Likert
    forms: dict[str, tuple[str, ...]] = {}


class Bank(_BankHeader):
    axes: tuple[Axis, ...]
    items: tuple[Item, ...]

    def axis(self, axis_id: str) -> Axis:
        return next(a for a in self.axes if a.id == axis_id)

    def item(self, item_id: str) -> LikertItem | ChoiceItem:
        return next(i for i in self.items if i.id == item_id)

    @property
    def form_names(self) -> list[str]:
        return [FULL_FORM, *self.forms]

    def form_items(self, form: str | None = None) -> tuple[LikertItem | ChoiceItem, ...]:
        """The items of a named form, in bank order; None or "full" is every item."""
        if form in (None, FULL_FORM):
            return self.items
        if form not in self.forms:
            raise KeyError(f"bank {self.id!r} has no form {form!r} (forms: {self.form_names})")
        chosen = set(self.forms[form])
        return tuple(i for i in self.items if i.id in chosen)


# --- loading -----------------------------------------------------------------------

_PART_ADAPTERS: dict[str, TypeAdapter] = {
    "axes": TypeAdapter(Axis),
    "items": TypeAdapter(Item),
}
_TOP_LEVEL_FIELDS = ("id", "title", "version", "description", "poles", "likert", "forms")


def read_yaml(path: str | Path) -> tuple[str, object]:
    """Read one YAML document safely; returns (name for messages, parsed data).

    Raises BankError for a file that is missing, too large, not UTF-8, not YAML or empty.
    """
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BankError(name, [f"cannot read the file ({exc.strerror})"]) from None
    if size > MAX_FILE_BYTES:
        raise BankError(name, [f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}"])
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BankError(name, [f"not UTF-8 text (byte {exc.start})"]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}" if where else ""
        raise BankError(name, [f"not valid YAML{at}: {getattr(exc, 'problem', exc)}"]) from None
    if data is None:
        raise BankError(name, ["file is empty"])
    return name, data


def load_bank(path: str | Path) -> Bank:
    """Load and check a bank file; raise BankError listing every broken rule."""
    name, data = read_yaml(path)
    return parse_bank(data, source=name)


def load_banks(folder: str | Path) -> dict[str, Bank]:
    """Every bank in a folder (files with an `axes` key), by id.

    Raises BankError for the first broken bank; use `scan_banks` to keep the good ones.
    """
    banks, broken = scan_banks(folder)
    if broken:
        raise next(iter(broken.values()))
    return banks


def scan_banks(folder: str | Path) -> tuple[dict[str, Bank], dict[str, BankError]]:
    """Good banks by id, and broken bank files by file name with their errors."""
    banks: dict[str, Bank] = {}
    broken: dict[str, BankError] = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            name, data = read_yaml(path)
            if isinstance(data, Mapping) and "axes" not in data and "situations" in data:
                continue  # a situations file, checked by questions.situations
            bank = parse_bank(data, source=name)
            if bank.id in banks:
                raise BankError(name, [f"bank id {bank.id!r}: duplicate id (already used)"])
            banks[bank.id] = bank
        except BankError as error:
            broken[path.name] = error
    return banks, broken


def parse_bank(data: object, source: str = "<bank>") -> Bank:
    """Check parsed YAML against every bank rule and build the Bank.

    Each axis and item is checked on its own, so one broken item does not hide the
    problems of the others.
    """
    if not isinstance(data, Mapping):
        raise BankError(source, ["the top level must be a mapping with id, axes and items"])
    problems: list[str] = []
    unknown = set(data) - {*_TOP_LEVEL_FIELDS, "axes", "items"}
    problems += [f"unknown top-level field {key!r}" for key in sorted(unknown, key=str)]
    problems += [
        f"{part}: missing required field" for part in ("axes", "items") if part not in data
    ]

    parts: dict[str, list] = {}
    for part in ("axes", "items"):
        raw = data.get(part, [])
        if not isinstance(raw, list):
            problems.append(f"{part}: must be a list")
            raw = []
        parts[part] = []
        for position, entry in enumerate(raw, start=1):
            label = _entry_label(part, entry, position)
            try:
                parts[part].append(_PART_ADAPTERS[part].validate_python(entry))
            except ValidationError as exc:
                problems += [
                    f"{label}: {describe_error(err, entry)}"
                    for err in exc.errors()
                    if not _echo_of_a_broken_entry(err)
                ]

    header = {key: data[key] for key in _TOP_LEVEL_FIELDS if key in data}
    try:
        top = _BankHeader.model_validate(header)
    except ValidationError as exc:
        problems += [describe_error(err) for err in exc.errors()]
        top = None

    problems += _cross_reference_problems(data)
    if problems:
        raise BankError(source, problems)
    return Bank(**top.model_dump(), axes=tuple(parts["axes"]), items=tuple(parts["items"]))


def _cross_reference_problems(data: Mapping) -> list[str]:
    """Rules between parts: unique ids, items on known axes, forms naming known items.

    Read from the raw entries, so an entry with another problem is still counted.
    """
    axes = [a for a in _as_list(data.get("axes")) if isinstance(a, Mapping)]
    items = [i for i in _as_list(data.get("items")) if isinstance(i, Mapping)]
    problems = [
        f"axis {axis_id!r}: duplicate id"
        for axis_id, n in Counter(a.get("id") for a in axes if a.get("id")).items()
        if n > 1
    ]
    problems += [
        f"item {item_id!r}: duplicate id"
        for item_id, n in Counter(i.get("id") for i in items if i.get("id")).items()
        if n > 1
    ]
    axis_ids = {a.get("id") for a in axes}
    for item in items:
        if item.get("axis") not in axis_ids:
            problems.append(f"item {item.get('id')!r}: unknown axis {item.get('axis')!r}")
        option_ids = [o.get("id") for o in _as_list(item.get("options")) if isinstance(o, Mapping)]
        problems += [
            f"item {item.get('id')!r}: duplicate option id {option_id!r}"
            for option_id, n in Counter(option_ids).items()
            if n > 1
        ]
    used_axes = {i.get("axis") for i in items}
    problems += [
        f"axis {a.get('id')!r}: has no items"
        for a in axes
        if a.get("id") and a.get("id") not in used_axes
    ]
    forms = data.get("forms")
    if forms is not None and not isinstance(forms, Mapping):
        return [*problems, "forms: must be a mapping of form name to item ids"]
    item_ids = {i.get("id") for i in items}
    for form, members in (forms or {}).items():
        if form == FULL_FORM:
            problems.append(f"form {form!r}: the name is reserved for the form of every item")
        if not isinstance(members, list) or not members:
            problems.append(f"form {form!r}: must be a non-empty list of item ids")
            continue
        problems += [
            f"form {form!r}: unknown item {member!r}"
            for member in members
            if member not in item_ids
        ]
        problems += [
            f"form {form!r}: item {member!r} listed twice"
            for member, n in Counter(members).items()
            if n > 1
        ]
    return problems


def _echo_of_a_broken_entry(error: Mapping) -> bool:
    """pydantic counts a tuple's length after dropping its invalid entries, so one bad
    option of a two-option item also reads as "too short"; the input itself is not."""
    got = error.get("input")
    return (
        error["type"] == "too_short"
        and isinstance(got, list)
        and len(got) >= error["ctx"]["min_length"]
    )


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else []


def _entry_label(part: str, entry: object, position: int) -> str:
    kind = "axis" if part == "axes" else "item"
    if isinstance(entry, Mapping) and entry.get("id"):
        return f"{kind} {entry['id']!r}"
    return f"{kind} #{position} (no id)"


_RULE_WORDING = {
    "literal_error": "must be {expected}",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "too_short": "needs at least {min_length} entries",
    "missing": "missing required field",
    "extra_forbidden": "unknown field",
    "union_tag_invalid": "must be 'likert' or 'choice'",
    "union_tag_not_found": "missing required field (likert or choice)",
}
_SHOW_NO_INPUT = {"missing", "union_tag_not_found", "value_error"}


def describe_error(error: Mapping, entry: object = None) -> str:
    """One pydantic error as '<where>: <rule> (got <value>)', in the bank's own terms."""
    is_item = isinstance(entry, Mapping) and "axis" in entry
    where = _location(error["loc"], entry, error["type"], is_item)
    if error["type"] == "value_error":
        rule = str(error["ctx"]["error"])
    elif error["type"] == "too_short" and where.endswith("options"):
        rule = "a choice item needs at least 2 options"
    else:
        template = _RULE_WORDING.get(error["type"])
        rule = template.format(**(error.get("ctx") or {})) if template else error["msg"]
    got = error.get("input")
    show = error["type"] not in _SHOW_NO_INPUT and not isinstance(got, Mapping | list)
    return f"{where}: {rule}" + (f" (got {got!r})" if show else "")


def _location(loc: tuple, entry: object, error_type: str, is_item: bool) -> str:
    """('choice', 'options', 0, 'lean') -> "option 'a' lean"; the item type tag is dropped."""
    parts = list(loc[1:] if is_item and loc and loc[0] in ("likert", "choice") else loc)
    if error_type.startswith("union_tag"):
        parts = ["type"]
    if len(parts) >= 2 and parts[0] == "options" and isinstance(parts[1], int):
        options = entry.get("options") if isinstance(entry, Mapping) else None
        option = options[parts[1]] if isinstance(options, list) else None
        name = (
            f"option {option['id']!r}"
            if isinstance(option, Mapping) and option.get("id")
            else f"option #{parts[1] + 1}"
        )
        parts = [name, *parts[2:]]
    return " ".join(str(p) for p in parts)
