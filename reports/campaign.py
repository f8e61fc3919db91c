"""A campaign's results per candidate and bank: the self profile, the 360 view the privacy
rule allows, the readiness reading, answer-quality flags and completion, and the tables
HR compares and exports.

Pure functions of the store's records and answer frames; every page, PDF and CSV of a
campaign reads these, so each shows the same figures. Observers are never told apart:
their flags are counted over all observers, and only where the pooled view may be shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from questions.bank import Bank
from reports.spreadsheet import safe_csv
from reports.tables import answer_value
from scoring.precision import Spread, axis_spreads
from scoring.profile import Profile, score
from scoring.quality import QualityReport, QualityRules, quality_report
from scoring.raters import OVERALL, RaterScores, ThreeSixty, score_errors, three_sixty
from scoring.readiness import ReadinessReading, readiness_reading
from store.records import Campaign, Candidate, CandidateProgress, Sheet


@dataclass(frozen=True)
class CandidateResult:
    """One candidate on one bank of a campaign."""

    candidate: Candidate
    bank: Bank
    self_profile: Profile | None  # None until their own sheet is finished
    view: ThreeSixty
    readiness: ReadinessReading | None
    self_quality: QualityReport | None
    observers_finished: int
    observer_flags: Counter[str] = field(default_factory=Counter)
    """Flag title -> how many observers' sheets raised it; empty unless view.shown()."""

    @property
    def name(self) -> str:
        return self.candidate.name


def by_sheet(frame: pd.DataFrame) -> dict[str, dict[str, object]]:
    """A wide frame (the store's sheet_answers_frame) as sheet id -> item id -> value,
    without its NaN cells (a skip, or an item only other sheets answered): scoring reads
    a missing answer as unanswered and refuses a NaN one. One pass, not one lookup per
    sheet: a campaign has hundreds of sheets."""
    rows: dict[str, dict[str, object]] = {sheet_id: {} for sheet_id in frame.index}
    for (sheet_id, item_id), value in frame.stack().items():
        if pd.notna(value):
            rows[sheet_id][item_id] = value
    return rows


def sheet_quality(
    bank: Bank,
    sheet: Sheet,
    answers: Mapping[str, object],
    times: Mapping[str, object],
    rules: QualityRules,
) -> QualityReport:
    """The quality checks of one sheet from its answers and their times (by_sheet rows)."""
    return quality_report(bank, sheet.form, answers, sheet.started_at, times, rules)


def candidate_results(
    campaign: Campaign,
    bank: Bank,
    candidates: Sequence[Candidate],
    sheets: Sequence[Sheet],
    answers: pd.DataFrame,
    times: pd.DataFrame,
) -> list[CandidateResult]:
    """Every candidate's result on `bank`, in the order given.

    `sheets` are the campaign's (any bank: only finished sheets of this bank count);
    `answers` and `times` the store's sheet_answers_frame of them (times=True for the
    second). The measurement error behind "large gap" is estimated from the campaign's
    own finished self sheets when there are enough, else from random answering.
    """
    settings = campaign.settings
    rules = QualityRules(fast_seconds=settings.fast_seconds_per_item)
    finished = [s for s in sheets if s.bank_id == bank.id and s.finished]
    values, moments = by_sheet(answers), by_sheet(times)
    profiles = {s.id: score(bank, values.get(s.id, {}), s.form) for s in finished}
    form = campaign.form
    own_rows = [s.id for s in finished if s.role == "self" and s.id in answers.index]
    spreads: Mapping[str, Spread] = axis_spreads(bank, form, answers.loc[own_rows])
    axes = [axis.id for axis in bank.axes]

    results = []
    for candidate in candidates:
        own = next(
            (s for s in finished if s.role == "self" and s.person_id == candidate.person_id),
            None,
        )
        observers = [s for s in finished if s.rates_person_id == candidate.person_id]
        self_profile = profiles[own.id] if own else None
        view = three_sixty(
            axes,
            self_profile.scores() if self_profile else {},
            [RaterScores(s.observer_group, profiles[s.id].scores()) for s in observers],
            minimum=settings.minimum_observers,
            self_errors=score_errors(self_profile, spreads) if self_profile else None,
        )
        flags: Counter[str] = Counter()
        if view.shown():
            for s in observers:
                report = sheet_quality(bank, s, values.get(s.id, {}), moments.get(s.id, {}), rules)
                flags.update(flag.title for flag in report.flags)
        results.append(
            CandidateResult(
                candidate=candidate,
                bank=bank,
                self_profile=self_profile,
                view=view,
                readiness=readiness_reading(bank, self_profile) if self_profile else None,
                self_quality=(
                    sheet_quality(bank, own, values.get(own.id, {}), moments.get(own.id, {}), rules)
                    if own
                    else None
                ),
                observers_finished=len(observers),
                observer_flags=flags,
            )
        )
    return results


def flags_text(result: CandidateResult) -> str:
    """'Same answer throughout; observers: Very fast (1 of 4)', or '' when none."""
    parts = [flag.title for flag in result.self_quality.flags] if result.self_quality else []
    observed = [
        f"{title} ({count} of {result.observers_finished})"
        for title, count in sorted(result.observer_flags.items())
    ]
    if observed:
        parts.append("observers: " + ", ".join(observed))
    return "; ".join(parts)


def completion_text(progress: CandidateProgress | None) -> str:
    """'Self finished · 5/8 observers' (observers finished of those invited)."""
    if progress is None:
        return ""
    invited = sum(group.invited for group in progress.observers.values())
    done = sum(group.finished for group in progress.observers.values())
    return f"Self {progress.self_status} · {done}/{invited} observers"


def comparison_table(
    results: Sequence[CandidateResult], progress: Mapping[str, CandidateProgress]
) -> pd.DataFrame:
    """One row per candidate: completion, then per axis (and overall) the self score, the
    pooled observers' mean where it may be shown, and the gap; the readiness band, the
    flags. Column titles are readable and carry the axis id, as the exports do."""
    rows = []
    for result in results:
        bank, view = result.bank, result.view
        pooled = view.observers.scores if view.observers else {}
        row: dict[str, object] = {
            "Candidate": result.name,
            "Current role": result.candidate.current_role or "",
            "Completion": completion_text(progress.get(result.candidate.person_id)),
            "Observers": result.observers_finished,
        }
        names = {axis.id: axis.title for axis in bank.axes} | {OVERALL: "Overall"}
        titles = {axis_id: f"{name} [{axis_id}]" for axis_id, name in names.items()}
        for axis_id in view.axes:
            row[f"{titles[axis_id]} self"] = view.self_scores.get(axis_id)
            row[f"{titles[axis_id]} observers"] = pooled.get(axis_id)
            row[f"{titles[axis_id]} gap"] = view.gaps.get(axis_id)
        row["Large gaps"] = ", ".join(names[a] for a in view.large_gaps)
        row["Readiness (self)"] = result.readiness.overall_band_label if result.readiness else ""
        row["Answer-quality flags"] = flags_text(result)
        rows.append(row)
    return pd.DataFrame(rows)


def comparison_csv(
    results: Sequence[CandidateResult], progress: Mapping[str, CandidateProgress]
) -> bytes:
    """The comparison table as CSV, formula-safe."""
    return safe_csv(comparison_table(results, progress)).encode()


def raw_answers_table(
    bank: Bank,
    form: str | None,
    results: Sequence[CandidateResult],
    sheets: Sequence[Sheet],
    answers: pd.DataFrame,
) -> pd.DataFrame:
    """The finished sheets' answers of `bank`, one row per sheet: the candidate, who
    answered (self, or the observer view the sheet is pooled in) and one column per item
    of the campaign's form (a likert answer as its number, a choice as its option id).

    An observer's row names only a group the privacy rule shows (else "observer"), and a
    candidate's observer rows are sorted by their answers, not by when they answered, so
    a row cannot be traced to the person who was sent a particular link. Candidates with
    fewer observers than the minimum get no observer rows at all.
    """
    item_ids = [item.id for item in bank.form_items(form)]
    values = by_sheet(answers)
    rows = []
    for result in results:
        person = result.candidate.person_id
        shown_groups = {group.key for group in result.view.groups}
        theirs = [s for s in sheets if s.bank_id == bank.id and s.finished]
        own = [s for s in theirs if s.role == "self" and s.person_id == person]
        observers = (
            [s for s in theirs if s.rates_person_id == person] if result.view.shown() else []
        )
        observer_rows = []
        for s in observers:
            observer_rows.append(
                _answer_row(
                    bank, result.name, _pooled_in(s, shown_groups), values.get(s.id, {}), item_ids
                )
            )
        own_rows = [
            _answer_row(bank, result.name, "self", values.get(s.id, {}), item_ids) for s in own
        ]
        observer_rows.sort(key=lambda row: tuple(str(v) for v in row.values()))
        rows += own_rows + observer_rows
    return pd.DataFrame(rows, columns=["Candidate", "Answered by", *item_ids])


def _pooled_in(sheet: Sheet, shown_groups: set[str]) -> str:
    """The group an observer's row may name: their own when shown, else "others" when
    that is shown, else just "observer"."""
    if sheet.observer_group in shown_groups:
        return sheet.observer_group
    return "others" if "others" in shown_groups else "observer"


def _answer_row(
    bank: Bank, name: str, respondent: str, answers: Mapping[str, object], item_ids: list
) -> dict[str, object]:
    row: dict[str, object] = {"Candidate": name, "Answered by": respondent}
    for item_id in item_ids:
        value = answers.get(item_id)
        row[item_id] = None if value is None else answer_value(bank.item(item_id), value, bank)
    return row


def raw_answers_csv(
    bank: Bank,
    form: str | None,
    results: Sequence[CandidateResult],
    sheets: Sequence[Sheet],
    answers: pd.DataFrame,
) -> bytes:
    """The raw answers as CSV, formula-safe."""
    return safe_csv(raw_answers_table(bank, form, results, sheets, answers)).encode()
