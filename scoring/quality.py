"""Answer-quality flags on one sheet: patterns that make its answers doubtful.

A flag is a question for HR to ask, never a verdict, and it changes no score: these
functions read the answers and return words. Each check is either flagged, clear, or
not assessed with a reason (a quick form of choice items alone has no agree/disagree
statements to check), so that "no flag" is never read as "checked and fine" when it was
not checked. The words live in quality_text.yaml; the thresholds are QualityRules.

The checks, on the items of the sheet's form:

- long_string: the same answer to at least `same_answer_share` (90 %) of the answered
  agree/disagree statements; needs `min_statements` (5) of them answered.
- low_variability: the standard deviation of those answers (intra-individual response
  variability, IRV; Dunn, Heggestad, Shanock and Theilgard, 2018; sample SD as R's
  careless::irv) below `low_sd_share` of the scale's range: 0.5 point on a 5-point
  scale, the spread of answers split evenly between two neighbouring points. Statements
  are keyed to both poles (two each per axis in the core bank), so an attentive reader
  with any lean agrees with some and disagrees with others, well above a point. Dunn et
  al. flag the lowest IRVs of a sample; a campaign is too small for that, hence a fixed
  bar. It is not assessed separately on a sheet flagged long_string: one pattern, one
  flag, so that HR does not read two flags as two problems.
- fast: the median time between answers below `fast_seconds` (2 s; Huang, Curran,
  Keeney, Poposki and DeShon, 2012, found under 2 s per item implausible for reading).
  Answers are stored in place, so an answer changed later carries the time of its
  change. The answer times are therefore sorted and the gaps taken between consecutive
  times from the sheet's start: a changed answer merges two gaps into one longer and
  adds one at its change, and the median barely moves; a long pause is one long gap,
  which the median ignores. Needs `min_timed` (5) answers. Known limit: someone who
  reads a whole page before clicking its six answers makes five short gaps per page.
- inconsistent: for each pair of a left-keyed and a right-keyed statement on one axis,
  both answered, a contradiction is agreeing with both or disagreeing with both: both
  answers strictly on the same side of the scale's midpoint, which on a 5-point scale
  is at least one point from it. In contributions (Item.contributions) the two pull
  toward opposite poles: c_left * c_right < 0. Flagged when more than
  `contradiction_share` (half) of at least `min_pairs` (8) pairs contradict. Answering
  at random contradicts in about a third of pairs on a 5-point scale (2 x (2/5)^2), so
  more than half is the pattern of agreeing, or disagreeing, whatever a statement says;
  8 pairs is two axes of the core bank, so one axis on which a person truly sees both
  sides cannot raise the flag alone.
- skips: more than `skip_share` (20 %) of the form's items without an answer.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise, product

from questions.bank import Bank, LikertItem
from scoring.precision import answers_text, counted
from scoring.profile import answer_key, contribution
from scoring.quality_text import quality_words

CHECKS = ("long_string", "low_variability", "fast", "inconsistent", "skips")


@dataclass(frozen=True)
class QualityRules:
    """The thresholds of the checks (see the module's docstring for their grounds)."""

    same_answer_share: float = 0.90
    min_statements: int = 5
    low_sd_share: float = 0.125
    fast_seconds: float = 2.0
    min_timed: int = 5
    contradiction_share: float = 0.5
    min_pairs: int = 8
    skip_share: float = 0.20

    def __post_init__(self) -> None:
        shares = ("same_answer_share", "low_sd_share", "contradiction_share", "skip_share")
        for name in shares:
            value = getattr(self, name)
            if not 0 < value < 1:
                raise ValueError(f"{name} must be between 0 and 1, got {value!r}")
        for name in ("min_statements", "min_timed", "min_pairs"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 2:
                raise ValueError(f"{name} must be a whole number of at least 2, got {value!r}")
        if not 0 < self.fast_seconds < math.inf:
            raise ValueError(f"fast_seconds must be a positive number, got {self.fast_seconds!r}")


@dataclass(frozen=True)
class Flag:
    key: str
    title: str
    explanation: str
    """What was found, with its figures: "Gave the same answer (Agree) to 22 of 24 ..."."""


@dataclass(frozen=True)
class NotAssessed:
    key: str
    title: str
    reason: str


@dataclass(frozen=True)
class QualityReport:
    """Every check of one sheet, in CHECKS order: flagged, not assessed, or clear."""

    flags: tuple[Flag, ...]
    not_assessed: tuple[NotAssessed, ...]
    clear: tuple[str, ...]
    """The keys of the checks made that raised no flag."""


# --- the measures ------------------------------------------------------------------------


def most_common_answer(values: Sequence[int]) -> tuple[int, int]:
    """(answer, how many times): the answer given most often, the lowest on a tie.

    >>> most_common_answer([4, 4, 2, 4, 2])
    (4, 3)
    >>> most_common_answer([5, 1])
    (1, 1)
    """
    if not values:
        raise ValueError("no answers")
    return max(((v, values.count(v)) for v in set(values)), key=lambda vc: (vc[1], -vc[0]))


def answer_sd(values: Sequence[int]) -> float:
    """The sample standard deviation (ddof=1) of one sheet's answers: its IRV.

    Four Agree and one Strongly agree: mean 4.2, squares 4 x 0.04 + 0.64 = 0.8, over 4:
    0.2, so sqrt(0.2):

    >>> round(answer_sd([4, 4, 4, 4, 5]), 4), round(0.2**0.5, 4)
    (0.4472, 0.4472)
    """
    if len(values) < 2:
        raise ValueError(f"a standard deviation needs 2 answers or more, got {len(values)}")
    return statistics.stdev(values)


def answer_gaps(started_at: datetime, times: Sequence[datetime]) -> list[float]:
    """Seconds between consecutive answer times, sorted, counting from the start: one
    gap per answer. Times must be timezone-aware and not before the start.

    >>> from datetime import UTC, timedelta
    >>> start = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    >>> answer_gaps(start, [start + timedelta(seconds=s) for s in (7, 3, 4)])
    [3.0, 1.0, 3.0]
    """
    for moment in (started_at, *times):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"times must be timezone-aware (UTC), got {moment!r}")
    early = [t for t in times if t < started_at]
    if early:
        raise ValueError(f"an answer time {min(early).isoformat()} is before the start")
    ordered = [started_at, *sorted(times)]
    return [(b - a).total_seconds() for a, b in pairwise(ordered)]


def opposite_pairs(contributions: Mapping[str, Sequence[tuple[str, float]]]) -> tuple[int, int]:
    """(contradicting, pairs): over each axis's pairs of a left-keyed and a right-keyed
    answered statement, given as axis -> [(keyed, contribution)], how many pull toward
    opposite poles (c_left * c_right < 0), and how many pairs there are.

    Agree (4) with a left-keyed statement gives -0.5, with a right-keyed one +0.5: a
    contradiction; Neither (0) contradicts nothing:

    >>> opposite_pairs({"a": [("left", -0.5), ("right", 0.5), ("right", 0.0)]})
    (1, 2)
    """
    contradicting = pairs = 0
    for answered in contributions.values():
        lefts = [c for keyed, c in answered if keyed == "left"]
        rights = [c for keyed, c in answered if keyed == "right"]
        for left, right in product(lefts, rights):
            pairs += 1
            contradicting += left * right < 0
    return contradicting, pairs


def percent(share: float) -> str:
    """A share as the words give it: a whole percent.

    >>> percent(22 / 24), percent(0.2)
    ('92%', '20%')
    """
    return f"{round(100 * share)}%"


# --- the checks --------------------------------------------------------------------------

# Each check returns (key, outcome, figures): outcome "flagged", "clear" or the reason it
# was not assessed, figures what its words fill in.
Outcome = tuple[str, str, dict[str, object]]


def _long_string(statements: list[int], bank: Bank, rules: QualityRules) -> Outcome:
    if len(statements) < rules.min_statements:
        return (
            "long_string",
            "too_few",
            {"answered": answers_text(len(statements)), "needed": rules.min_statements},
        )
    answer, same = most_common_answer(statements)
    share = same / len(statements)
    figures = {
        "answer": bank.likert.labels[answer - 1],
        "same": same,
        "answered": len(statements),
        "share": percent(share),
        "limit": percent(rules.same_answer_share),
    }
    return "long_string", "flagged" if share >= rules.same_answer_share else "clear", figures


def _low_variability(
    statements: list[int], bank: Bank, rules: QualityRules, long_string: bool
) -> Outcome:
    if len(statements) < rules.min_statements:
        return (
            "low_variability",
            "too_few",
            {"answered": answers_text(len(statements)), "needed": rules.min_statements},
        )
    if long_string:
        return "low_variability", "covered", {}
    sd = answer_sd(statements)
    limit = rules.low_sd_share * (bank.likert.points - 1)
    figures = {
        "answered": len(statements),
        "sd": f"{sd:.2f}",
        "points": bank.likert.points,
        "limit": f"{limit:.2f}",
    }
    return "low_variability", "flagged" if sd < limit else "clear", figures


def _fast(started_at: datetime, times: list[datetime], rules: QualityRules) -> Outcome:
    if len(times) < rules.min_timed:
        return "fast", "too_few", {"answered": answers_text(len(times)), "needed": rules.min_timed}
    median = statistics.median(answer_gaps(started_at, times))
    figures = {
        "median": f"{median:.1f}",
        "answered": len(times),
        "limit": f"{rules.fast_seconds:g}",
    }
    return "fast", "flagged" if median < rules.fast_seconds else "clear", figures


def _inconsistent(by_axis: Mapping[str, list[tuple[str, float]]], rules: QualityRules) -> Outcome:
    contradicting, pairs = opposite_pairs(by_axis)
    if pairs < rules.min_pairs:
        return (
            "inconsistent",
            "too_few",
            {"pairs": counted(pairs, "pair"), "needed": rules.min_pairs},
        )
    share = contradicting / pairs
    figures = {
        "contradictions": contradicting,
        "pairs": pairs,
        "share": percent(share),
        "limit": percent(rules.contradiction_share),
    }
    return "inconsistent", "flagged" if share > rules.contradiction_share else "clear", figures


def _skips(skipped: int, items: int, rules: QualityRules) -> Outcome:
    share = skipped / items
    figures = {
        "skipped": skipped,
        "items": items,
        "share": percent(share),
        "limit": percent(rules.skip_share),
    }
    return "skips", "flagged" if share > rules.skip_share else "clear", figures


# --- one sheet ---------------------------------------------------------------------------


def quality_report(
    bank: Bank,
    form: str | None,
    answers: Mapping[str, str | int | None],
    started_at: datetime,
    answered_at: Mapping[str, datetime],
    rules: QualityRules = QualityRules(),
) -> QualityReport:
    """Every check of one sheet: its answers (item id -> stored value, None for skipped),
    when it was started and when each answer was last given (timezone-aware).

    Items outside the form are ignored; an answer no item accepts raises AnswerError, an
    answered item without a time ValueError.

    >>> from datetime import UTC, timedelta
    >>> from questions.bank import load_bank
    >>> core = load_bank("questions/core.yaml")
    >>> start = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    >>> quick = [i.id for i in core.form_items("quick")]  # 24 choice items
    >>> times = {item: start + timedelta(seconds=10 * n) for n, item in enumerate(quick, 1)}
    >>> report = quality_report(core, "quick", dict.fromkeys(quick, "a"), start, times)
    >>> [n.key for n in report.not_assessed], report.clear, report.flags
    (['long_string', 'low_variability', 'inconsistent'], ('fast', 'skips'), ())
    """
    items = bank.form_items(form)
    given = {i.id: answer_key(answers.get(i.id)) for i in items}
    answered = [i for i in items if given[i.id]]
    contributions = {i.id: contribution(i, given[i.id], bank) for i in answered}
    missing = [i.id for i in answered if i.id not in answered_at]
    if missing:
        raise ValueError(f"answered_at: no time for answered item(s) {', '.join(missing)}")

    likert = [i for i in answered if isinstance(i, LikertItem)]
    statements = [int(given[i.id]) for i in likert]
    by_axis: dict[str, list[tuple[str, float]]] = {}
    for item in likert:
        by_axis.setdefault(item.axis, []).append((item.keyed, contributions[item.id]))

    long_string = _long_string(statements, bank, rules)
    outcomes = [
        long_string,
        _low_variability(statements, bank, rules, long_string[1] == "flagged"),
        _fast(started_at, [answered_at[i.id] for i in answered], rules),
        _inconsistent(by_axis, rules),
        _skips(len(items) - len(answered), len(items), rules),
    ]
    return _report(outcomes)


def _report(outcomes: list[Outcome]) -> QualityReport:
    """The checks' outcomes in words (quality_text.yaml)."""
    words = quality_words()
    flags, not_assessed, clear = [], [], []
    for key, outcome, figures in outcomes:
        text = words.of(key)
        if outcome == "flagged":
            flags.append(Flag(key, text.title, text.flagged.format(**figures)))
        elif outcome == "clear":
            clear.append(key)
        else:
            not_assessed.append(
                NotAssessed(key, text.title, text.not_assessed[outcome].format(**figures))
            )
    return QualityReport(tuple(flags), tuple(not_assessed), tuple(clear))
