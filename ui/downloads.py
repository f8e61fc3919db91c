"""The download buttons of a result: PDF report, scores and answers as CSV, JSON."""

from __future__ import annotations

import streamlit as st

from questions.bank import Bank
from reports.results import answers_csv, results_json, results_pdf, scores_csv
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
    name: str | None,
    _bank: Bank,
    _sheet: Sheet,
    _profile: Profile,
    _previous: Profile | None,
    _fits: list[SituationFit],
) -> bytes:
    # Keyed on what changes the report; the underscored objects follow from the key.
    return results_pdf(
        _bank,
        _profile,
        situations_fit=_fits,
        previous=_previous,
        respondent_name=name,
        taken_at=_sheet.finished_at or _sheet.started_at,
    )


def download_row(
    bank: Bank,
    sheet: Sheet,
    answers: dict[str, str | None],
    profile: Profile,
    previous: Profile | None,
    fits: list[SituationFit],
    previous_id: str | None = None,
) -> None:
    stem = f"{bank.id}-results-{sheet.finished_at or sheet.started_at:%Y-%m-%d}"
    pdf = _pdf(
        sheet.id,
        tuple(sorted(answers.items(), key=lambda kv: kv[0])),
        tuple(f.situation.id for f in fits),
        previous_id,
        store().person(sheet.person_id).display_name,  # renamed on the history page
        bank,
        sheet,
        profile,
        previous,
        fits,
    )
    meta = {"started_at": sheet.started_at, "finished_at": sheet.finished_at}
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
        scores_csv(profile),
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
        results_json(bank, profile, answers, meta),
        f"{stem}.json",
        "application/json",
        icon=":material/data_object:",
        width="stretch",
        on_click="ignore",
    )
