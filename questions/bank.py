"""The question bank: typed, frozen models and the loader that checks every rule.

A bank is data (DESIGN.md, "Bank file format"): axes with two poles, items keyed to a
pole or offering options that lean toward one, and named forms. Keying lives in the
items, never in code: `Item.contributions` turns any item into a table from answer to
contribution, which is all the scoring module needs. Wording too: an item or option
holds its text for the person answering about themselves and, optionally, for an
observer answering about them (`wording(role)`, `Bank.observer_problems`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from questions.files import UnreadableFile, read_regular_file

MAX_FILE_BYTES = 1_000_000
# A bank is at most six levels deep (items, item, options, option, field); the YAML
# parser recurses once per level, so a file of nested brackets could exhaust the stack.
MAX_NESTING = 20
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*")
FULL_FORM = "full"
Side = Literal["left", "right"]
# Agreeing with an item keyed to a pole moves the score toward that pole.
KEY_SIGN: dict[str, int] = {"left": -1, "right": 1}
# Who answers a sheet: the person about themselves, or an observer about that person
# (360 feedback). Each role reads an item's or option's wording from its own field.
Role = Literal["self", "observer"]
ROLE_FIELD: dict[str, str] = {"self": "text", "observer": "observer"}
# Words by which a text speaks of the person answering ("I deal with...", "your rep"):
# an option holding one needs its own observer wording; any other reads the same for both.
RESPONDENT_WORDS = frozenset(
    {"I", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"}
    | {"you", "your", "yours", "yourself", "yourselves"}
)
MAX_IDS_NAMED = 3


class BankError(ValueError):
    """A bank file that breaks one or more rules; `problems` lists every one of them."""

    def __init__(self, source: str, problems: Iterable[str]):
        self.source = source
        self.problems = list(problems)
        super().__init__("\n".join(f"{source}: {p}" for p in self.problems))


def check_id(value: str) -> str:
    """An id is lowercase ASCII letters, digits, '_' and '-', starting with a letter or
    digit, so that two ids that look alike are alike: no Cyrillic letter standing in for
    a Latin one, no invisible character.

    >>> check_id("react_act")
    'react_act'
    >>> check_id("r\u0430_act")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: 'r\\u0430_act': an id holds only ... (found U+0430 CYRILLIC SMALL LETTER A)
    >>> check_id("a1\u200b")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: 'a1\\u200b': an id holds only a-z, 0-9, '_' and '-' (found U+200B ZERO WIDTH SPACE)
    """
    if ID_PATTERN.fullmatch(value):
        return value
    rule = "an id holds only a-z, 0-9, '_' and '-'"
    odd = next((c for c in value if not ID_PATTERN.fullmatch(c)), None)
    if odd is None:
        raise ValueError(f"{value!a}: {rule}, and starts with a letter or digit")
    found = f"U+{ord(odd):04X} {unicodedata.name(odd, 'unnamed character')}"
    raise ValueError(f"{value!a}: {rule} (found {found})")


Id = Annotated[str, AfterValidator(check_id)]
Lean = Annotated[float, Field(ge=-1, le=1, strict=True, allow_inf_nan=False)]


def _given(value: object) -> object:
    """An optional field left out is None; one written but empty (`observer:`) is refused."""
    if value is None:
        raise ValueError("must be text (got None); leave the field out when there is none")
    return value


# The wording of an item or option as a respondent reads it: `text` for the person
# answering about themselves, `observer` (optional) for someone answering about them.
# Both keep the same rules.
Wording = Annotated[str, Field(min_length=1)]
ObserverWording = Annotated[Wording | None, BeforeValidator(_given)]


def addresses_respondent(text: str) -> bool:
    """Whether a text speaks of the person answering (I, my, we, you, your...), so that
    an observer needs it reworded. "I" counts in capitals only, the others in lower case
    or capitalised, so "US" (the country) does not.

    >>> addresses_respondent("Stay within your approval limit.")
    True
    >>> addresses_respondent("Hand the rep's open deals to others now.")
    False
    >>> addresses_respondent("Expand in the US first."), addresses_respondent("I'd wait.")
    (False, True)
    """
    return any(
        word in RESPONDENT_WORDS or word[0].lower() + word[1:] in RESPONDENT_WORDS - {"I"}
        for word in re.findall(r"[A-Za-z]+", text)
    )


class MissingWording(LookupError):
    """An item or option asked for a role's wording that it does not have."""


class FrozenModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Pole(FrozenModel):
    label: str = Field(min_length=1)
    summary: str = ""
    strengths: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()


class ReadinessNote(FrozenModel):
    """What one lean on an axis means for a first management role (optional content)."""

    means: str = Field(min_length=1)
    brings: str = Field(min_length=1)
    watch: str = Field(min_length=1)


class AxisReadiness(FrozenModel):
    """An axis's readiness notes: for a lean to the left pole, balance, and the right."""

    left: ReadinessNote
    balanced: ReadinessNote
    right: ReadinessNote

    def note(self, side: Side | None) -> ReadinessNote:
        """The note for a lean to `side`, or for balance when side is None."""
        return self.balanced if side is None else getattr(self, side)


class OverallReadiness(FrozenModel):
    """One statement per band of the overall score (named as scoring.profile.Band)."""

    strong_left: str = Field(min_length=1)
    leans_left: str = Field(min_length=1)
    balanced: str = Field(min_length=1)
    leans_right: str = Field(min_length=1)
    strong_right: str = Field(min_length=1)


class ReadinessGuide(FrozenModel):
    """A bank's optional readiness reading: what a profile says about readiness for a
    first management role, overall and (with each axis's `readiness`) per axis."""

    title: str = Field(min_length=1)
    intro: str = ""
    overall: OverallReadiness
    unscored: str = Field(min_length=1)
    caution: str = Field(min_length=1)


class Axis(FrozenModel):
    id: Id
    title: str = Field(min_length=1)
    source: str = ""
    left: Pole
    right: Pole
    readiness: AxisReadiness | None = None

    def pole(self, side: Side) -> Pole:
        return self.left if side == "left" else self.right


class Likert(FrozenModel):
    points: int = Field(ge=2, strict=True)
    labels: tuple[str, ...]

    @model_validator(mode="after")
    def _labels_match_points(self) -> Likert:
        if len(self.labels) != self.points:
            raise ValueError(f"labels count ({len(self.labels)}) != points ({self.points})")
        return self

    @property
    def values(self) -> range:
        return range(1, self.points + 1)


class _Worded:
    """What items and options share: their wording for each role. The models declare
    the fields (`text: Wording`, `observer: ObserverWording`) themselves, so that each
    keeps its field order."""

    @property
    def needs_observer_wording(self) -> bool:
        """Whether an observer needs wording of its own here; without it the text is
        shown to both. Every item does: its question is about the respondent."""
        return True

    def wording(self, role: Role) -> str:
        """The wording the role reads: the text for "self", the observer wording for
        "observer" (the text where that reads the same for both).

        Raises MissingWording when an observer has no wording here (see
        `Bank.observer_problems`), ValueError for an unknown role.
        """
        if role not in ROLE_FIELD:
            raise ValueError(f"role must be one of {tuple(ROLE_FIELD)}, not {role!r}")
        worded = getattr(self, ROLE_FIELD[role])
        if worded is None and self.needs_observer_wording:
            raise MissingWording(f"{self._label()} has no {role} wording")
        return self.text if worded is None else worded

    @property
    def lacks_observer_wording(self) -> bool:
        """Whether an observer cannot be shown this: it needs observer wording and has none."""
        return self.observer is None and self.needs_observer_wording

    def _label(self) -> str:
        return f"item {self.id!r}"


class Option(_Worded, FrozenModel):
    id: Id
    text: Wording
    observer: ObserverWording = None
    lean: Lean

    @property
    def needs_observer_wording(self) -> bool:
        """Only an option that speaks of the respondent ("your rep") needs rewording."""
        return addresses_respondent(self.text)

    def _label(self) -> str:
        return f"option {self.id!r}"


class LikertItem(_Worded, FrozenModel):
    id: Id
    axis: Id
    type: Literal["likert"]
    text: Wording
    observer: ObserverWording = None
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


class ChoiceItem(_Worded, FrozenModel):
    id: Id
    axis: Id
    type: Literal["choice"]
    text: Wording
    observer: ObserverWording = None
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

    id: Id
    title: str = Field(min_length=1)
    version: int = Field(default=1, strict=True)
    description: str = ""
    poles: PolePair = PolePair()
    likert: Likert
    forms: dict[Id, tuple[Id, ...]] = {}
    readiness: ReadinessGuide | None = None


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

    def observer_problems(self, form: str | None = None) -> list[str]:
        """Why observers cannot answer this form of the bank; empty when they can, i.e.
        when every item of the form, and every option that speaks of the respondent,
        has observer wording. Raises KeyError for an unknown form."""
        items = self.form_items(form)
        unworded = {
            ("item", "items"): [i.id for i in items if i.lacks_observer_wording],
            ("option", "options"): [
                f"{i.id}/{o.id}"
                for i in items
                for o in getattr(i, "options", ())
                if o.lacks_observer_wording
            ],
        }
        in_form = "" if form in (None, FULL_FORM) else f" of form {form!r}"
        return [
            f"bank {self.id!r}: {len(missing)} {one if len(missing) == 1 else many}{in_form} "
            f"{'has' if len(missing) == 1 else 'have'} no observer wording ({_named(missing)}). "
            "Observers can only be invited with a bank that has observer wording for every "
            "item, and for every option that speaks of the respondent (I, my, you, your...)."
            for (one, many), missing in unworded.items()
            if missing
        ]


def _named(ids: list[str]) -> str:
    """A few ids and how many more.

    >>> _named(["a", "b"]), _named(["a", "b", "c", "d", "e"])
    ('a, b', 'a, b, c and 2 more')
    """
    shown = ", ".join(ids[:MAX_IDS_NAMED])
    return shown if len(ids) <= MAX_IDS_NAMED else f"{shown} and {len(ids) - MAX_IDS_NAMED} more"


# --- loading -----------------------------------------------------------------------

_PART_ADAPTERS: dict[str, TypeAdapter] = {
    "axes": TypeAdapter(Axis),
    "items": TypeAdapter(Item),
}
_TOP_LEVEL_FIELDS = (
    "id",
    "title",
    "version",
    "description",
    "poles",
    "likert",
    "forms",
    "readiness",
)


class _BankYamlLoader(yaml.SafeLoader):
    """Safe loading that also refuses a key given twice in one mapping (plain YAML keeps
    the last silently, so a second `id:` would win) and nesting beyond MAX_NESTING."""

    _depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"nested more than {MAX_NESTING} levels deep",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        first_line: dict[str, int] = {}
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value in first_line:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {key.value!r} (first given at line {first_line[key.value]})",
                    key.start_mark,
                )
            first_line.setdefault(key.value, key.start_mark.line + 1)
        return super().construct_mapping(node, deep)


def read_yaml(path: str | Path) -> tuple[str, object]:
    """Read one YAML document safely; returns (name for messages, parsed data).

    Raises BankError for a file that is missing, not a regular file, too large, not
    UTF-8, not YAML (a repeated key included) or empty.
    """
    name = Path(path).name
    try:
        text = read_regular_file(path, MAX_FILE_BYTES).decode("utf-8")
    except UnreadableFile as exc:
        raise BankError(name, [str(exc)]) from None
    except UnicodeDecodeError as exc:
        raise BankError(name, [f"not UTF-8 text (byte {exc.start})"]) from None
    try:
        data = yaml.load(text, Loader=_BankYamlLoader)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}" if where else ""
        raise BankError(name, [f"not valid YAML{at}: {getattr(exc, 'problem', exc)}"]) from None
    if data is None:
        raise BankError(name, ["file is empty"])
    return name, data


def load_bank(path: str | Path) -> Bank:
    """Load and check one bank file; raise BankError listing every broken rule.

    Folders and command lines go through `questions.catalog.load_catalog`, which adds
    the rules between files (no two banks with one id).
    """
    name, data = read_yaml(path)
    return parse_bank(data, source=name)


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
    """Rules between parts: unique ids, items on known axes, forms naming known items,
    readiness notes on every axis of a bank with a readiness guide.

    Read from the raw entries, so an entry with another problem is still counted; an id
    that is not text (a list, a mapping) is left to the entry's own check.

    >>> _cross_reference_problems({"axes": [{"id": ["x"]}], "items": [{"id": {"a": 1}}]})
    []
    """
    axes = [a for a in _as_list(data.get("axes")) if isinstance(a, Mapping)]
    items = [i for i in _as_list(data.get("items")) if isinstance(i, Mapping)]
    problems = [
        f"axis {axis_id!r}: duplicate id" for axis_id in _repeated(a.get("id") for a in axes)
    ]
    problems += [
        f"item {item_id!r}: duplicate id" for item_id in _repeated(i.get("id") for i in items)
    ]
    axis_ids = {_text(a.get("id")) for a in axes}
    for item in items:
        item_id, axis = _text(item.get("id")), _text(item.get("axis"))
        if axis is not None and axis not in axis_ids:
            problems.append(f"item {item_id!r}: unknown axis {axis!r}")
        options = [o for o in _as_list(item.get("options")) if isinstance(o, Mapping)]
        problems += [
            f"item {item_id!r}: duplicate option id {option_id!r}"
            for option_id in _repeated(o.get("id") for o in options)
        ]
    if data.get("readiness") is not None:
        problems += [
            f"axis {_shown(_text(a.get('id')))}: readiness: missing required field (the bank "
            "has a readiness guide, so every axis needs its readiness notes)"
            for a in axes
            if _text(a.get("id")) and a.get("readiness") is None
        ]
    used_axes = {_text(i.get("axis")) for i in items}
    problems += [
        f"axis {axis_id!r}: has no items"
        for axis_id in (_text(a.get("id")) for a in axes)
        if axis_id and axis_id not in used_axes
    ]
    forms = data.get("forms")
    if forms is not None and not isinstance(forms, Mapping):
        return problems  # the header's own check says so
    item_ids = {_text(i.get("id")) for i in items}
    for form, members in (forms or {}).items():
        if form == FULL_FORM:
            problems.append(f"form {form!r}: the name is reserved for the form of every item")
        if not isinstance(members, list) or not members:
            problems.append(f"form {form!r}: must be a non-empty list of item ids")
            continue
        names = [_text(m) for m in members]
        problems += [
            f"form {form!r}: unknown item {name!r}"
            for name in names
            if name is not None and name not in item_ids
        ]
        problems += [f"form {form!r}: item {name!r} listed twice" for name in _repeated(names)]
    return problems


def _text(value: object) -> str | None:
    """A raw id as the models will read it (stripped), or None when it is not text."""
    return value.strip() if isinstance(value, str) else None


def _repeated(values: Iterable[object]) -> list[str]:
    """The text values that occur more than once, in order of first occurrence.

    >>> _repeated(["a", "b", " a", ["c"], ["c"], None, None])
    ['a']
    """
    counts = Counter(t for t in map(_text, values) if t)
    return [value for value, n in counts.items() if n > 1]


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
    entry_id = _text(entry.get("id")) if isinstance(entry, Mapping) else None
    if entry_id:
        return f"{kind} {_shown(entry_id)}"
    return f"{kind} #{position} (no id)"


_RULE_WORDING = {
    "literal_error": "must be {expected}",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "too_short": "needs at least {min_length} entries",
    "missing": "missing required field",
    "extra_forbidden": "unknown field",
    "union_tag_invalid": "must be 'likert' or 'choice' (got '{tag}')",
    "union_tag_not_found": "missing required field (likert or choice)",
    "string_type": "must be text",
    "string_too_short": "may not be empty",
    "float_type": "must be a number",
    "finite_number": "must be a finite number",
    "int_type": "must be a whole number",
    "tuple_type": "must be a list",
    "list_type": "must be a list",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping",
    "model_attributes_type": "must be a mapping",
}
MAX_SHOWN_CHARS = 60
_SHOW_NO_INPUT = {"missing", "union_tag_not_found", "union_tag_invalid", "value_error", "too_short"}


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
    if error["type"] in _SHOW_NO_INPUT:
        return f"{where}: {rule}"
    return f"{where}: {rule} (got {_shown(error.get('input'))})"


def _shown(value: object) -> str:
    """A value as a message shows it: short, and a list or mapping by its kind only.

    >>> _shown(["a"]), _shown({"a": 1}), _shown(True), _shown("x" * 100)[-8:]
    ('a list', 'a mapping', 'True', "xxxx...'")
    """
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    text = repr(value)
    return text if len(text) <= MAX_SHOWN_CHARS else f"{text[: MAX_SHOWN_CHARS - 4]}...{text[-1]}"


def _location(loc: tuple, entry: object, error_type: str, is_item: bool) -> str:
    """('choice', 'options', 0, 'lean') -> "option 'a' lean"; the item type tag is dropped."""
    parts = list(loc[1:] if is_item and loc and loc[0] in ("likert", "choice") else loc)
    if error_type.startswith("union_tag"):
        parts = ["type"]
    if len(parts) >= 2 and parts[0] == "options" and isinstance(parts[1], int):
        options = entry.get("options") if isinstance(entry, Mapping) else None
        option = options[parts[1]] if isinstance(options, list) else None
        option_id = _text(option.get("id")) if isinstance(option, Mapping) else None
        name = f"option {_shown(option_id)}" if option_id else f"option #{parts[1] + 1}"
        parts = [name, *parts[2:]]
    return " ".join(str(p) for p in parts)
