"""An earlier attempt on the same bank, and how each score has moved since, for the
exports: the PDF, the scores CSV and the JSON record all judge a move as the results
page does (scoring.precision: a change only beyond the reliable-change margin)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from questions.bank import Bank
from scoring.precision import Change, Spread, axis_change, axis_spreads, overall_change
from scoring.profile import Profile


@dataclass(frozen=True)
class Earlier:
    """An earlier attempt: its profile, when it was taken, and the item spread s of its
    form (the bank's random-answer default when empty)."""

    profile: Profile
    taken_at: object = None
    spreads: Mapping[str, Spread] = field(default_factory=dict)


@dataclass(frozen=True)
class Comparison:
    """The earlier attempt beside the current one: the overall change and each axis's,
    None where either attempt has no score."""

    earlier: Earlier
    overall: Change | None
    axes: dict[str, Change | None]


def compare(
    bank: Bank,
    earlier: Earlier,
    profile: Profile,
    spreads: Mapping[str, Spread] | None = None,
) -> Comparison:
    """Judge every move from `earlier` to `profile` (with `spreads`, the s of the current
    form; the random-answer default when None), as the results page does."""
    before = earlier.spreads or axis_spreads(bank, earlier.profile.form)
    now = spreads or axis_spreads(bank, profile.form)
    axes = {
        a.axis_id: axis_change(
            earlier.profile.axis(a.axis_id), a, before[a.axis_id], now[a.axis_id]
        )
        for a in profile.axes
    }
    return Comparison(earlier, overall_change(earlier.profile, profile, before, now), axes)
