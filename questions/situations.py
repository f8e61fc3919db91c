"""The "what fits your situation" content: situations that call for one pole on some axes.

Lives in YAML (questions/situations.yaml) and is checked like a bank: every rule
broken is listed at once, naming the file, the situation and the rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from pydantic import Field, ValidationError

from questions.bank import Bank, BankError, FrozenModel, Id, Side, describe_error, read_yaml


class SituationsError(BankError):
    """A situations file that breaks one or more rules."""


class Situation(FrozenModel):
    id: Id
    label: str = Field(min_length=1)
    pole: Side
    axes: tuple[Id, ...] = Field(min_length=1)
    why: str = Field(min_length=1)


class Situations(FrozenModel):
    id: Id
    bank: Id
    title: str = Field(min_length=1)
    intro: str = ""
    situations: tuple[Situation, ...] = Field(min_length=1)

    def situation(self, situation_id: str) -> Situation:
        return next(s for s in self.situations if s.id == situation_id)


def is_situations_file(data: object) -> bool:
    return isinstance(data, Mapping) and "situations" in data and "axes" not in data


def load_situations(path: str | Path, banks: Mapping[str, Bank]) -> Situations:
    """Load a situations file and check it against the bank it names."""
    name, data = read_yaml(path)
    return parse_situations(data, banks, source=name)


def parse_situations(data: object, banks: Mapping[str, Bank], source: str) -> Situations:
    if not is_situations_file(data):
        raise SituationsError(source, ["expected a mapping with a 'situations' list"])
    try:
        parsed = Situations.model_validate(data)
    except ValidationError as exc:
        raise SituationsError(source, [describe_error(err) for err in exc.errors()]) from None
    problems = [
        f"situation {sid!r}: duplicate id"
        for sid, n in Counter(s.id for s in parsed.situations).items()
        if n > 1
    ]
    bank = banks.get(parsed.bank)
    if bank is None:
        problems.append(f"bank {parsed.bank!r}: unknown bank (known: {', '.join(banks) or 'none'})")
    else:
        axis_ids = {a.id for a in bank.axes}
        problems += [
            f"situation {s.id!r}: unknown axis {axis!r} of bank {bank.id!r}"
            for s in parsed.situations
            for axis in s.axes
            if axis not in axis_ids
        ]
    if problems:
        raise SituationsError(source, problems)
    return parsed
