"""The HR view's results: the comparison of candidates (sortable, filterable), two to
four side by side, one candidate's self against observers, and the exports.

Every figure comes from reports.campaign, which applies the privacy rule; this module
only draws it. The HR owner may see each candidate's results, never one observer's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from questions.bank import Bank
from reports.campaign import (
    CandidateResult,
    candidate_results,
    comparison_csv,
    comparison_table,
    flags_text,
    raw_answers_csv,
)
from reports.candidate_pdf import candidate_pdf
from reports.words import file_stem
from scoring.raters import OVERALL
from scoring.raters_chart import MAX_CANDIDATES, candidates_chart, gap_chart
from store import Campaign, CandidateProgress
from ui.readiness import readiness_section
from ui.resources import store
from ui.text import plain

RESULTS_SECONDS = 30
"""How long a campaign's computed results are reused (HR pages rerun on every click)."""


@st.cache_data(ttl=RESULTS_SECONDS, max_entries=32, show_spinner="Scoring the campaign…")
def campaign_results(
    database: str, campaign_id: str, bank_id: str, stamp: tuple, _bank: Bank
) -> tuple[list[CandidateResult], dict[str, CandidateProgress]]:
    """Every candidate's result on one bank (kept on the server). `database` and `stamp`
    (counts of finished sheets and candidates) are part of the key only, so a newly
    finished sheet or a deletion shows at once."""
    campaign = store().campaign(campaign_id)
    sheets = store().campaign_sheets(campaign_id)
    ids = [sheet.id for sheet in sheets if sheet.finished]
    answers = store().sheet_answers_frame(ids)
    times = store().sheet_answers_frame(ids, times=True)
    results = candidate_results(
        campaign, _bank, store().candidates(campaign_id), sheets, answers, times
    )
    progress = {p.person_id: p for p in store().campaign_progress(campaign_id)}
    return results, progress


def results_by_bank(
    campaign: Campaign, banks: Sequence[Bank]
) -> dict[str, tuple[list[CandidateResult], dict[str, CandidateProgress]]]:
    """Each bank's cached results, recomputed when a candidate is added or deleted, a
    sheet finishes or the settings change (one stamp query for all the banks)."""
    stamp = (*store().campaign_stamp(campaign.id), campaign.settings)
    url = store().engine.url.render_as_string(hide_password=True)
    return {bank.id: campaign_results(url, campaign.id, bank.id, stamp, bank) for bank in banks}


def comparison_section(results: Sequence[CandidateResult], progress: dict, key: str) -> None:
    """The sortable, filterable table of every candidate (key: the bank's id)."""
    table = comparison_table(results, progress)
    if table.empty:
        st.info("No candidates yet.")
        return
    search = st.text_input("Filter by name or role", key=f"compare_filter_{key}")
    if search:
        wanted = table["Candidate"].str.contains(search, case=False, regex=False) | table[
            "Current role"
        ].str.contains(search, case=False, regex=False)
        table = table[wanted]
    only_flagged = st.toggle("Only candidates with answer-quality flags", key=f"only_flagged_{key}")
    if only_flagged:
        table = table[table["Answer-quality flags"] != ""]
    view = st.segmented_control(
        "Columns",
        ["Overall", "Self", "Observers", "Gaps"],
        default="Overall",
        key=f"compare_columns_{key}",
    )
    shown = _view(table, view or "Overall")
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            c: st.column_config.NumberColumn(format="%+.1f")
            for c in shown.columns
            if shown[c].dtype.kind == "f"
        },
    )
    st.caption(
        "Click a column title to sort. Scores run from -100 (the left pole) to +100 (the "
        "right pole); observers' means show only where enough observers answered; a gap "
        "is self minus observers."
    )


VIEW_SUFFIX = {"Self": " self", "Observers": " observers", "Gaps": " gap"}


def _view(table: pd.DataFrame, view: str) -> pd.DataFrame:
    """The columns of one view, titled short for the screen (the CSV keeps the full
    titles): Overall gives self, observers and gap of the overall score; the others one
    column per axis, titled with the axis."""
    fixed = ["Candidate", "Current role", "Completion"]  # the CSV also counts observers
    if not table["Current role"].astype(bool).any():
        fixed.remove("Current role")
    tail = ["Large gaps", "Readiness (self)", "Answer-quality flags"]
    if view == "Overall":
        middle = {f"Overall [overall]{s}": f"Overall{s}" for s in VIEW_SUFFIX.values()}
    else:
        suffix = VIEW_SUFFIX[view]
        middle = {
            c: c.removesuffix(suffix).rsplit(" [", 1)[0]
            for c in table.columns
            if c.endswith(suffix) and not c.startswith("Overall [")
        }
    return table[[*fixed, *middle, *tail]].rename(columns=middle)


def side_by_side_section(results: Sequence[CandidateResult], bank: Bank) -> None:
    """Two to four candidates on every axis."""
    names = {r.candidate.person_id: r for r in results if r.self_profile is not None}
    if len(names) < 2:
        st.info("Side by side needs at least two candidates who have finished.")
        return
    chosen = st.multiselect(
        f"Candidates to compare (2 to {MAX_CANDIDATES})",
        list(names),
        default=list(names)[:2],
        max_selections=MAX_CANDIDATES,
        format_func=lambda p: plain(names[p].name),
        key=f"side_by_side_{bank.id}",
    )
    if len(chosen) < 2:
        st.caption("Choose at least two.")
        return
    profiles = {plain(names[p].name): names[p].view for p in chosen}
    st.altair_chart(candidates_chart(profiles, bank), theme=None, width="stretch")


def candidate_section(result: CandidateResult, bank: Bank) -> None:
    """One candidate: self against observers, the figures' bases, flags, readiness."""
    view = result.view
    if result.self_profile is None:
        st.info(f"{plain(result.name)} has not finished their own questionnaire yet.")
        return
    st.altair_chart(gap_chart(view, bank), theme=None, width="stretch")
    if view.observers is None:
        st.caption(
            f"{result.observers_finished} observer{'s' * (result.observers_finished != 1)} "
            f"finished; observers' results show from {view.minimum}."
        )
    else:
        shown = ", ".join(f"{g.label} {g.raters}" for g in view.groups) or "pooled only"
        st.caption(f"All observers: {view.observers.raters} ({shown}).")
    if view.large_gaps:
        titles = [
            "Overall" if axis == OVERALL else bank.axis(axis).title for axis in view.large_gaps
        ]
        st.markdown(
            "**Large gaps** (beyond measurement error and at least 30 points): "
            + ", ".join(titles)
            + ". A gap is a question to talk about, not a verdict on who is right."
        )
    if flags := flags_text(result):
        st.warning(f"Answer-quality flags: {plain(flags)}", icon=":material/flag:")
        for flag in result.self_quality.flags if result.self_quality else ():
            st.caption(f"{flag.title}: {plain(flag.explanation)}")
    if result.readiness is not None:
        st.markdown(
            f"**Readiness (self-report):** {plain(result.readiness.overall_band_label)}. "
            f"{plain(result.readiness.overall)}"
        )
        with st.expander("The readiness reading, axis by axis"):
            readiness_section(bank, result.self_profile)


def candidate_report(campaign: Campaign, results: Sequence[CandidateResult]) -> None:
    """One candidate's PDF, every bank of the campaign in it."""
    finished = [result for result in results if result.self_profile is not None]
    if not finished:
        return
    name = finished[0].name
    st.download_button(
        f"Report for {plain(name)} (PDF)",
        # Made when clicked (about a second with its chart), not on every rerun.
        lambda: candidate_pdf(finished, campaign.title, datetime.now(UTC)),
        file_name=f"{file_stem(name)}-{file_stem(campaign.title)}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        key=f"candidate_pdf_{finished[0].candidate.person_id}",
        on_click="ignore",
    )


def exports_section(
    campaign: Campaign, bank: Bank, results: Sequence[CandidateResult], progress: dict
) -> None:
    """The comparison and the raw answers as CSV (formula-safe)."""
    left, right = st.columns(2)
    left.download_button(
        f"Comparison, {bank.title} (CSV)",
        lambda: comparison_csv(results, progress),  # made when clicked
        file_name=f"comparison-{bank.id}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"comparison_csv_{bank.id}",
        on_click="ignore",
    )
    db = store()  # the download is made on another thread, outside this page's run

    def raw_answers() -> bytes:
        sheets = db.campaign_sheets(campaign.id)
        answers = db.sheet_answers_frame([s.id for s in sheets if s.finished])
        return raw_answers_csv(bank, campaign.form, results, sheets, answers)

    right.download_button(
        f"Raw answers, {bank.title} (CSV)",
        raw_answers,
        file_name=f"raw-answers-{bank.id}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"raw_csv_{bank.id}",
        on_click="ignore",
    )
