"""The readiness reading: what a profile says about readiness for a first management role.

The words live in the bank (its optional `readiness` guide and each axis's `readiness`
notes, see docs/banks.md); this module only picks them: per axis the note for the
side the score leans to (or for balance), overall the statement for the overall band,
and always the caution that a self-report is one input among others. A bank without a
guide has no reading (None). Pure: no Streamlit, usable from reports and the CLI.

Worked example: a candidate who answers the sixteen choice items so that own_team
scores +87.5 (strongly the team-manager pole), doer_enabler 0, adhoc_systematic -37.5
and uniform_individual -50 (toward the seller's pole) has an overall of 0.0, balanced.
The reading gives the guide's "balanced" statement overall, the `right` note of
own_team, the `balanced` note of doer_enabler and the `left` notes of the other two,
each with its band label:

>>> from questions.bank import load_bank
>>> from scoring.profile import score
>>> bank = load_bank("questions/readiness.yaml")
>>> profile = score(bank, {"ot17": "b", "ot18": "b", "ot11": "a", "ot15": "d",  # own_team
...                        "de18": "b", "de15": "a", "de11": "d", "de16": "b",  # doer_enabler
...                        "as13": "a", "as11": "c", "as15": "b", "as14": "b",  # adhoc_systematic
...                        "ui13": "a", "ui6": "d", "ui14": "b", "ui12": "a"})  # uniform_individual
>>> [a.score for a in profile.axes], profile.overall
([87.5, 0.0, -37.5, -50.0], 0.0)
>>> reading = readiness_reading(bank, profile)
>>> reading.overall.startswith("The answers mix")
True
>>> [(a.axis_id, a.band_label) for a in reading.axes]  # doctest: +NORMALIZE_WHITESPACE
[('own_team', 'Strongly Team numbers'), ('doer_enabler', 'Balanced'),
 ('adhoc_systematic', 'Leans Ad hoc'), ('uniform_individual', 'Strongly One way')]
>>> reading.axes[0].note.means == bank.axis("own_team").readiness.right.means
True
>>> readiness_reading(load_bank("questions/core.yaml"), profile) is None  # no guide
True
"""

from __future__ import annotations

from dataclasses import dataclass

from questions.bank import Bank, ReadinessNote
from scoring.profile import Profile


@dataclass(frozen=True)
class AxisReading:
    """One axis: its score and band, and the note for its lean (None when unscored)."""

    axis_id: str
    title: str
    score: float | None
    band_label: str
    note: ReadinessNote | None


@dataclass(frozen=True)
class ReadinessReading:
    """The whole reading, in the order a page shows it."""

    title: str
    intro: str
    overall_score: float | None
    overall_band_label: str
    overall: str  # the statement for the overall band, or the guide's `unscored` text
    axes: tuple[AxisReading, ...]
    unscored: str  # what to say for an axis without a score
    caution: str


def readiness_reading(bank: Bank, profile: Profile) -> ReadinessReading | None:
    """The readiness reading of `profile`, a profile of `bank`; None when the bank has
    no readiness guide (every bank but the readiness bank, unless one adds a guide)."""
    guide = bank.readiness
    if guide is None:
        return None
    if profile.bank_id != bank.id:
        raise ValueError(f"a profile of bank {profile.bank_id!r} read against bank {bank.id!r}")
    axes = []
    for result in profile.axes:
        axis = bank.axis(result.axis_id)
        note = None
        if result.band is not None and axis.readiness is not None:
            note = axis.readiness.note(result.band.side)
        axes.append(AxisReading(axis.id, axis.title, result.score, result.band_label, note))
    band = profile.overall_band
    return ReadinessReading(
        title=guide.title,
        intro=guide.intro,
        overall_score=profile.overall,
        overall_band_label=profile.overall_band_label,
        overall=guide.unscored if band is None else getattr(guide.overall, band.value),
        axes=tuple(axes),
        unscored=guide.unscored,
        caution=guide.caution,
    )
