"""The download buttons of a result: PDF report, scores and answers as CSV, JSON.

Every file is named by bank, person and the attempt's date and time
(reports.words.attempt_stem), so two attempts, even on one day, never share a name.
With an earlier attempt, the PDF, the scores CSV and the JSON all carry its scores and
each score's change (reports.earlier); the JSON also carries the situations ticked."""

from __future__ import annotations

import streamlit as st

from questions.bank import Bank
from reports.earlier import Comparison
from reports.results import answers_csv, results_json, results_pdf, scores_csv
from reports.words import attempt_stem
from scoring.fit import SituationFit
from scoring.profile import Profile
from store import Sheet
from ui.resources import store


@st.cache_data(show_spinner="Preparing your PDF report…", max_entries=200)
def _pdf(
    sheet_id: str,
    _answers_key: tuple,
    situation_ids: tuple[str, ...],
    previous_id: str | None,
    changes_key: tuple,
    name: str | None,
    _bank: Bank,
    _sheet: Sheet,
    _profile: Profile,
    _comparison: Comparison | None,
    _fits: list[SituationFit],
) -> bytes:
    # Keyed on what changes the report; the underscored objects follow from the key.
    return results_pdf(
        _bank,
        _profile,
        situations_fit=_fits,
        respondent_name=name,
        taken_at=_sheet.finished_at or _sheet.started_at,
        comparison=_comparison,
    )


def _changes_key(comparison: Comparison | None) -> tuple:
    """The changes as numbers (the margins follow the cohort, which is reread)."""
    if comparison is None:
        return ()
    changes = [("overall", comparison.overall), *comparison.axes.items()]
    return tuple(
        (key, None if c is None else (c.delta, round(c.margin, 1), c.tentative))
        for key, c in changes
    )


def download_row(
    bank: Bank,
    sheet: Sheet,
    answers: dict[str, str | None],
    profile: Profile,
    fits: list[SituationFit],
    comparison: Comparison | None = None,
    previous_id: str | None = None,
) -> None:
    person = store().person(sheet.person_id)
    name = person.display_name if person is not None else None
    stem = attempt_stem(bank.id, name, sheet.finished_at or sheet.started_at)
    pdf = _pdf(
        sheet.id,
        tuple(sorted(answers.items(), key=lambda kv: kv[0])),
        tuple(f.situation.id for f in fits),
        previous_id,
        _changes_key(comparison),
        name,
        bank,
        sheet,
        profile,
        comparison,
        fits,
    )
    meta = {
        "respondent": name,
        "sheet": sheet.id,
        "started_at": sheet.started_at,
        "finished_at": sheet.finished_at,
    }
    report, scores, answers_file, data = st.columns(4)
    report.download_button(
        "PDF report",
        pdf,
        f"{stem}.pdf",
        "application/pdf",
        icon=":material/picture_as_pdf:",
        width="stretch",
        on_click="ignore",
    )
    scores.download_button(
        "Scores (CSV)",
        scores_csv(profile, comparison=comparison),
        f"{stem}-scores.csv",
        "text/csv",
        icon=":material/table_chart:",
        width="stretch",
        on_click="ignore",
    )
    answers_file.download_button(
        "Answers (CSV)",
        answers_csv(bank, answers, sheet.form),
        f"{stem}-answers.csv",
        "text/csv",
        icon=":material/list_alt:",
        width="stretch",
        on_click="ignore",
    )
    data.download_button(
        "All (JSON)",
        results_json(bank, profile, answers, meta, fits, comparison),
        f"{stem}.json",
        "application/json",
        icon=":material/data_object:",
        width="stretch",
        on_click="ignore",
    )
