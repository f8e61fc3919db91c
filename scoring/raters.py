"""A 360: a candidate's self-rating beside what the people around them see, shown only
in groups that keep every observer's answers private.

Plain data in (each observer sheet's scores and group), plain data out; the pages and
reports read a ThreeSixty and draw nothing that it does not hold.

The privacy rule (MINIMUM observers, 3 by default):

1. With fewer than `minimum` observers in all, only the self profile is shown: no group,
   no pooled view, no gap.
2. Otherwise "All observers" (every observer sheet pooled) is shown. The manager is shown
   alone: a candidate has one manager, a known person whose rating is expected to be
   attributable (issue 8: "the manager excepted, who is always one person"). The
   exception holds for exactly one manager sheet; two or more managers are a group like
   any other. A peer or direct-report group with at least `minimum` raters is shown
   alone; the groups below the minimum are pooled into "Others", shown when it holds at
   least `minimum` raters.
3. No differencing. Every view's mean and count are shown, so a view's sum of scores is
   known, and the pooled sum minus the shown views' sums is the sum of whatever is not
   shown. That remainder must rest on no rater or on at least `minimum` of them. While it
   holds 1 to minimum - 1 raters, the smallest view shown because it reached the minimum
   is folded into it (peers before direct reports on a tie); when only the manager is
   left to fold in, the manager is not shown alone either, and only the pooled view
   remains. This is a deliberate strengthening of the issue's rule, which on its own
   would show a manager beside a pooled view of the manager and two peers: subtracting
   gives the two peers' mean, and each of them can then work out the other's score.
   "Others" is not shown when it would hold every observer: it would repeat the pooled
   view under a misleading name.
4. The same rule holds axis by axis (and for "overall", which is treated as one more
   axis): a view's mean on an axis is None when fewer than `minimum` of its raters scored
   that axis (the manager: when the manager has no score there), and the views shown on
   an axis must again leave a remainder of none or at least `minimum` scores. A pooled
   mean resting on fewer than `minimum` scores is None.

A gap is self minus all observers, per axis, where both exist. Neither side is the
truth: self-ratings run lenient and agree only moderately with others' ratings (self and
supervisor around r = .35; Harris and Schaubroeck, 1988), while observers see one part
of the work each. A gap is a question to discuss, never a verdict on who is right.

A gap is large when both hold:

- |gap| >= LARGE_GAP (30 points): the width of the balanced band (30) and close to that
  of a lean band (35), so a difference that size reads as another style, not a nuance
  within one band;
- |gap| > Z * sqrt(SE_self^2 + SE_observers^2) (scoring.precision.change_margin): beyond
  the error of the difference. SE_self is the self score's standard error from
  scoring.precision (pass it as `self_errors`, see `score_errors`); SE_observers is the
  standard error of the observers' mean, sd(scores, ddof=1) / sqrt(n), which holds both
  each rater's measurement error and their real disagreement. Without `self_errors` the
  self score's error is left out of the margin, which then covers the observers' spread
  only, and the 30-point floor carries more of the weight.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from scoring.precision import Spread, axis_error, change_margin, overall_error
from scoring.profile import Profile, report_round

MINIMUM = 3
"""Observers a view needs before it is shown, the default of a campaign (as MIN_GROUP)."""

LARGE_GAP = 30.0
"""Least |self - observers| called a large gap (also beyond the error of the difference)."""

MANAGER = "manager"
OBSERVER_GROUPS = (MANAGER, "peer", "direct_report")
OTHERS = "others"
OBSERVERS = "observers"
OVERALL = "overall"
LABELS = {
    MANAGER: "Manager",
    "peer": "Peers",
    "direct_report": "Direct reports",
    OTHERS: "Others",
    OBSERVERS: "All observers",
}


@dataclass(frozen=True)
class RaterScores:
    """One observer sheet: its group and its scores (axis id, and "overall" -> score)."""

    group: str  # "manager" | "peer" | "direct_report"
    scores: Mapping[str, float | None]  # None (or NaN) = no score

    def __post_init__(self) -> None:
        if self.group not in OBSERVER_GROUPS:
            raise ValueError(
                f"observer group must be one of {', '.join(OBSERVER_GROUPS)}, not {self.group!r}"
            )


@dataclass(frozen=True)
class GroupView:
    """Observers pooled into one view, with per axis their mean and what it rests on."""

    key: str  # "manager", "peer", "direct_report", "others" or "observers"
    label: str
    raters: int
    """Sheets pooled in this view."""
    scores: dict[str, float | None]
    """Per axis, the mean of the raters' scores (one decimal); None where not shown."""
    counts: dict[str, int]
    """Per axis, how many raters' scores the mean rests on (or would, where None)."""


@dataclass(frozen=True)
class ThreeSixty:
    """A candidate's 360, holding only what the privacy rule allows to be shown."""

    axes: tuple[str, ...]
    """Axis ids in bank order, then "overall"."""
    self_scores: dict[str, float | None]
    groups: tuple[GroupView, ...]
    """The views that may be shown, in the order manager, peer, direct_report, others."""
    observers: GroupView | None
    """All observers pooled; None when fewer than `minimum`."""
    gaps: dict[str, float | None]
    """Self minus all observers per axis (one decimal); None where either is missing."""
    large_gaps: tuple[str, ...]
    """The axes whose gap is large (see the module's rule), in axis order."""
    minimum: int
    margins: dict[str, float | None] = field(default_factory=dict)
    """Per axis, the error of the difference the gap is judged against."""

    def shown(self) -> bool:
        """Whether anything beyond the self profile may be shown."""
        return self.observers is not None


# --- the privacy rule ----------------------------------------------------------------------


def check_minimum(minimum: object) -> int:
    """The smallest view size, once known to be a whole number of at least 2.

    >>> check_minimum(3)
    3
    >>> check_minimum(1)
    Traceback (most recent call last):
    ...
    ValueError: minimum must be a whole number of at least 2 (one rater is no group), got 1
    """
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 2:
        raise ValueError(
            f"minimum must be a whole number of at least 2 (one rater is no group), got {minimum!r}"
        )
    return minimum


def shown_alone(counts: Mapping[str, int], minimum: int) -> tuple[str, ...]:
    """Which disjoint parts of a pooled whole may be shown beside it (rules 2 to 4).

    `counts` maps each part (an observer group, or a view on one axis) to the raters it
    holds, in display order; the whole is their sum. A part is shown when it reaches
    `minimum`, or when it is the single manager. When the whole reaches `minimum` (so it
    is shown), what is left over must be empty or reach `minimum` too: the smallest part
    shown for its size is folded into the rest until it does, and when none is left the
    manager is not shown either.

    A manager, 3 peers and 1 direct report: the direct report alone would be the pooled
    view minus the manager and the peers, so the peers are folded in with them (4):

    >>> shown_alone({"manager": 1, "peer": 3, "direct_report": 1}, 3)
    ('manager',)
    >>> shown_alone({"manager": 1, "peer": 2}, 3)  # the manager beside the pool gives the peers
    ()
    >>> shown_alone({"manager": 1, "peer": 3, "direct_report": 4}, 3)
    ('manager', 'peer', 'direct_report')
    >>> shown_alone({"manager": 1, "peer": 1}, 3)  # the whole is not shown: nothing to subtract
    ('manager',)
    """
    alone = [part for part, n in counts.items() if n >= minimum or (part == MANAGER and n == 1)]
    total = sum(counts.values())
    if total < minimum:
        return tuple(alone)
    while 0 < total - sum(counts[part] for part in alone) < minimum:
        full = [part for part in alone if counts[part] >= minimum]
        if not full:
            return ()
        alone.remove(min(full, key=lambda part: counts[part]))
    return tuple(alone)


# --- the 360 -------------------------------------------------------------------------------


def three_sixty(
    axes: Sequence[str],
    self_scores: Mapping[str, float | None],
    raters: Iterable[RaterScores],
    minimum: int = MINIMUM,
    self_errors: Mapping[str, float | None] | None = None,
) -> ThreeSixty:
    """A candidate's 360: self, the views the privacy rule allows, and the gaps.

    `axes` are the bank's axis ids in bank order ("overall" is added after them); scores
    are on -100..100, None or NaN for no score. `self_errors` are the self scores'
    standard errors (see `score_errors`), used to judge which gaps are large.

    Self +40 on alpha; a manager at 0, three peers at -20, -10 and 0 (mean -10): all four
    observers average -7.5, so the gap is 40 - (-7.5) = 47.5 (the observers' SE is
    sd(0, -20, -10, 0) / 2 = 4.8, margin 1.96 * 4.8 = 9.4):

    >>> manager = RaterScores("manager", {"alpha": 0.0})
    >>> peers = [RaterScores("peer", {"alpha": s}) for s in (-20.0, -10.0, 0.0)]
    >>> view = three_sixty(["alpha"], {"alpha": 40.0}, [manager, *peers])
    >>> [(g.label, g.scores["alpha"]) for g in view.groups], view.observers.scores["alpha"]
    ([('Manager', 0.0), ('Peers', -10.0)], -7.5)
    >>> view.gaps["alpha"], view.large_gaps
    (47.5, ('alpha',))
    """
    minimum = check_minimum(minimum)
    axes = _checked_axes(axes)
    raters = list(raters)
    own = _checked_scores(self_scores, axes, "self")
    sheets = [_checked_scores(r.scores, axes, f"{r.group} sheet") for r in raters]
    errors = _checked_errors(self_errors or {}, axes)
    by_group = {
        g: [s for s, r in zip(sheets, raters, strict=True) if r.group == g] for g in OBSERVER_GROUPS
    }
    if len(sheets) < minimum:
        nothing = dict.fromkeys(axes)
        return ThreeSixty(axes, own, (), None, nothing, (), minimum, dict(nothing))

    alone = shown_alone({g: len(by_group[g]) for g in OBSERVER_GROUPS if by_group[g]}, minimum)
    members = {g: by_group[g] for g in alone}
    rest = [s for g in OBSERVER_GROUPS if g not in alone for s in by_group[g]]
    if alone and len(rest) >= minimum:
        members[OTHERS] = rest

    counts = {axis: {key: _count(group, axis) for key, group in members.items()} for axis in axes}
    visible = {axis: shown_alone(counts[axis], minimum) for axis in axes}
    groups = tuple(
        _view(key, group, axes, lambda axis, key=key: key in visible[axis])
        for key, group in members.items()
    )
    observers = _view(OBSERVERS, sheets, axes, lambda axis: _count(sheets, axis) >= minimum)

    gaps: dict[str, float | None] = {}
    margins: dict[str, float | None] = {}
    for axis in axes:
        pooled = observers.scores[axis]
        if own[axis] is None or pooled is None:
            gaps[axis] = margins[axis] = None
            continue
        gaps[axis] = report_round(own[axis] - pooled)
        spread = statistics.stdev(s[axis] for s in sheets if s[axis] is not None)
        margins[axis] = change_margin(
            errors.get(axis) or 0.0, spread / math.sqrt(observers.counts[axis])
        )
    large = tuple(axis for axis in axes if is_large_gap(gaps[axis], margins[axis]))
    return ThreeSixty(axes, own, groups, observers, gaps, large, minimum, margins)


def is_large_gap(gap: float | None, margin: float | None) -> bool:
    """Whether a gap is large: at least LARGE_GAP points and beyond its error margin.

    >>> is_large_gap(35.0, 20.0), is_large_gap(29.9, 5.0), is_large_gap(-45.0, 61.2)
    (True, False, False)
    """
    if gap is None or margin is None:
        return False
    return abs(gap) >= LARGE_GAP and abs(gap) > margin


def score_errors(profile: Profile, spreads: Mapping[str, Spread]) -> dict[str, float | None]:
    """The standard error of each score of a profile, "overall" included, as
    scoring.precision computes them (None where there is no score): the `self_errors`
    of three_sixty.

    >>> from questions.bank import load_bank
    >>> from scoring.profile import score
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> own = score(mini, {"a1": 1, "a2": 5, "a3": "y", "a4": "c", "b2": 5, "b3": 4})
    >>> errors = score_errors(own, {"alpha": Spread(0.5), "beta": Spread(0.5)})
    >>> {axis: round(e, 2) for axis, e in errors.items()}  # 100 * 0.5 / sqrt(4), / sqrt(2)
    {'alpha': 25.0, 'beta': 35.36, 'overall': 21.65}
    """
    errors = {a.axis_id: axis_error(a, spreads[a.axis_id]) for a in profile.axes}
    return {**errors, OVERALL: overall_error(profile, spreads)}


def _checked_axes(axes: Sequence[str]) -> tuple[str, ...]:
    """The axis ids, then "overall"; refused when empty or when an id repeats."""
    ids = [a for a in axes if a != OVERALL]
    if not ids:
        raise ValueError("axes: at least one axis id is needed")
    repeated = sorted({a for a in ids if ids.count(a) > 1})
    if repeated:
        raise ValueError(f"axes: repeated axis id(s) {', '.join(repeated)}")
    return (*ids, OVERALL)


def _checked_scores(scores: Mapping[str, float | None], axes: tuple[str, ...], whose: str) -> dict:
    """Scores on every axis (None where absent or NaN), once each is known to be a score
    of one of `axes` in [-100, 100]."""
    unknown = sorted(set(scores) - set(axes))
    if unknown:
        raise ValueError(f"{whose}: unknown axis id(s) {', '.join(map(str, unknown))}")
    checked: dict[str, float | None] = {}
    for axis in axes:
        value = scores.get(axis)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            checked[axis] = None
        elif isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > 100:
            raise ValueError(f"{whose}: {axis} must be a score in [-100, 100], got {value!r}")
        else:
            checked[axis] = float(value)
    return checked


def _checked_errors(errors: Mapping[str, float | None], axes: tuple[str, ...]) -> dict:
    """Standard errors by axis, once each is known to be a finite number >= 0 (or None)."""
    unknown = sorted(set(errors) - set(axes))
    if unknown:
        raise ValueError(f"self_errors: unknown axis id(s) {', '.join(map(str, unknown))}")
    for axis, error in errors.items():
        if error is not None and not (isinstance(error, int | float) and 0 <= error < math.inf):
            raise ValueError(f"self_errors: {axis} must be a standard error >= 0, got {error!r}")
    return dict(errors)


def _count(sheets: list[dict], axis: str) -> int:
    return sum(s[axis] is not None for s in sheets)


def _view(
    key: str, sheets: list[dict], axes: tuple[str, ...], shown: Callable[[str], bool]
) -> GroupView:
    """A view of `sheets`: per axis the mean of their scores where `shown(axis)`."""
    scores: dict[str, float | None] = {}
    for axis in axes:
        given = [s[axis] for s in sheets if s[axis] is not None]
        scores[axis] = report_round(statistics.fmean(given)) if given and shown(axis) else None
    counts = {axis: _count(sheets, axis) for axis in axes}
    return GroupView(key, LABELS[key], len(sheets), scores, counts)
