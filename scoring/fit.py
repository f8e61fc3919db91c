"""How a profile sits with the situations a respondent says they are in.

Each situation calls for one pole on a few axes (questions/situations.yaml). On each of
those axes the profile either leans the same way (fits), is balanced (can flex either
way), leans the other way (pulls against) or has no score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from questions.situations import Situation, Situations
from scoring.profile import Profile


class Verdict(Enum):
    FITS = "fits"
    BALANCED = "balanced"
    PULLS_AGAINST = "pulls against"
    NO_SCORE = "no score"


@dataclass(frozen=True)
class AxisFit:
    axis_id: str
    title: str
    called_for: str  # the pole label this situation asks for on this axis
    score: float | None
    verdict: Verdict


@dataclass(frozen=True)
class SituationFit:
    situation: Situation
    style: str  # the overall pole the situation calls for, e.g. "Management"
    axes: tuple[AxisFit, ...]

    def count(self, verdict: Verdict) -> int:
        return sum(a.verdict is verdict for a in self.axes)


def situation_fit(
    situations: Situations, profile: Profile, chosen: Iterable[str]
) -> list[SituationFit]:
    """The fit of `profile` with each chosen situation id, in the file's order.

    >>> from questions.bank import load_bank
    >>> from questions.situations import load_situations
    >>> from scoring.profile import score
    >>> core = load_bank("questions/core.yaml")
    >>> room = load_situations("questions/situations.yaml", {"core": core})
    >>> fits = situation_fit(room, score(core, {}), ["large_team"])
    >>> {a.verdict.value for a in fits[0].axes}
    {'no score'}
    """
    wanted = set(chosen)
    results = []
    for situation in situations.situations:
        if situation.id not in wanted:
            continue
        axes = []
        for axis_id in situation.axes:
            axis = profile.axis(axis_id)
            band = axis.band
            if band is None:
                verdict = Verdict.NO_SCORE
            elif band.side is None:
                verdict = Verdict.BALANCED
            elif band.side == situation.pole:
                verdict = Verdict.FITS
            else:
                verdict = Verdict.PULLS_AGAINST
            called_for = axis.left_label if situation.pole == "left" else axis.right_label
            axes.append(AxisFit(axis_id, axis.title, called_for, axis.score, verdict))
        style = profile.overall_left if situation.pole == "left" else profile.overall_right
        results.append(SituationFit(situation, style, tuple(axes)))
    return results
