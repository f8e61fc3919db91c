"""The item analysis page's pieces: where the answers come from (an uploaded CSV, or a
workshop this browser is signed in to facilitate), and the analysis per axis.

What reaches the browser is the analysis only: per axis alpha, its interval, counts of
rows, the verdict, and per item r, alpha without it, flags and how often each answer was
given. No row per person, no sheet id, no name; a workshop shows nothing at all before
MIN_ROWS of its sheets are finished.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from reports.spreadsheet import safe_csv
from scoring.cli import ResponsesError, item_frame, parse_responses
from scoring.frame import MAX_REPORTED_CELLS, InvalidCells
from scoring.reliability import (
    ACCEPTABLE,
    GOOD,
    MIN_ITEM_REST_R,
    MIN_ROWS,
    Analysis,
    AxisAnalysis,
    ItemAnalysis,
    analyse,
    figure,
    report_frame,
)
from store import Workshop
from ui.access import my_workshop_codes, signed_in
from ui.pickers import bank_and_form
from ui.resources import library, store
from ui.room import workshop_bank
from ui.text import plain, shorten

MAX_UPLOAD_MB = 5
"""The largest CSV the page takes: some 20,000 rows of the full core bank."""
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
UPLOAD = "upload"
WORKSHOP = "workshop"
SOURCES = {UPLOAD: "A CSV file I upload", WORKSHOP: "A workshop I facilitate"}
QUESTION_CHARS = 70
NO_FIGURE = "\N{EN DASH}"
FLAG = "\N{WARNING SIGN}"

VERDICT_BOX = {"good": st.success, "acceptable": st.info, "low": st.warning}
VERDICT_WORD = {
    "good": "good",
    "acceptable": "acceptable",
    "low": "low",
    "too_few_rows": "not enough data",
    "too_few_items": "not enough items",
    "no_spread": "no spread",
}


def introduction() -> None:
    st.write(
        "How well do the questions of each axis hang together? For every axis: Cronbach's "
        f"alpha with its 95% confidence interval ({figure(GOOD)} and above is good, "
        f"{figure(ACCEPTABLE)} acceptable), and for every question its correlation with "
        "the rest of the axis, the alpha the axis would have without it, and how often "
        f"each answer was given. Questions below r = {figure(MIN_ITEM_REST_R)}, or without "
        f"which alpha would rise, are flagged. An axis needs {MIN_ROWS} answer sheets that "
        "answer all its questions before any figure is given."
    )


def choose_source() -> str:
    return st.radio(
        "What to analyse",
        list(SOURCES),
        format_func=SOURCES.get,
        horizontal=True,
        key="an_source",
    )


# An uploaded CSV


@dataclass(frozen=True)
class Upload:
    """What an uploaded CSV gave: the analysis, or the problems that stopped it."""

    analysis: Analysis | None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def analyse_upload(raw: bytes, name: str, bank, form: str | None) -> Upload:
    """Check and analyse the bytes of an uploaded responses CSV, read exactly as the
    command line reads one (`python -m scoring analyse`): every invalid cell is listed.

    >>> from questions.bank import load_bank
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> analyse_upload(b"who,a1\\nann,1\\n", "a.csv", mini, None).problems
    ["a.csv: no 'respondent' column (columns: who, a1)"]
    """
    if len(raw) > MAX_UPLOAD_BYTES:
        return Upload(None, [f"{name}: larger than {MAX_UPLOAD_MB} MB; upload a smaller file"])
    try:
        frame, warnings = item_frame(parse_responses(name, raw), bank, form, name, "analysis")
    except ResponsesError as exc:
        return Upload(None, [str(exc)])
    try:
        return Upload(analyse(bank, frame, form), warnings=warnings)
    except InvalidCells as exc:
        cells = [str(cell) for cell in exc.cells]
        shown = cells[:MAX_REPORTED_CELLS]
        if len(cells) > MAX_REPORTED_CELLS:
            shown.append(f"... and {len(cells) - MAX_REPORTED_CELLS} more invalid cells")
        return Upload(None, [f"{name}: {len(cells)} invalid answers", *shown], warnings)


def upload_source() -> Analysis | None:
    """The bank, the form and the file; the analysis, or what is wrong with the file."""
    banks = library().banks
    if not banks:
        st.error("No question bank could be loaded, so there is nothing to analyse against.")
        return None
    bank, form = bank_and_form(banks, "Question bank", "Form the answers are for", "an_")
    upload = st.file_uploader(
        "Answers (CSV)",
        type="csv",
        max_upload_size=MAX_UPLOAD_MB,
        key="an_file",
        help="One row per respondent: a 'respondent' column and one column per question id, "
        "holding the likert number or the option id; empty where unanswered. The same file "
        "as `python -m scoring score` reads.",
    )
    if upload is None:
        st.info(
            "Upload a CSV of answers: a `respondent` column and one column per question id "
            f"(at most {MAX_UPLOAD_MB} MB). It is analysed in memory and not stored.",
            icon=":material/upload_file:",
        )
        return None
    result = analyse_upload(upload.getvalue(), upload.name, bank, form)
    show_problems(result)
    return result.analysis


def show_problems(result: Upload) -> None:
    """Every problem of an upload, then its warnings, as plain text."""
    if result.problems:
        head, *rest = result.problems
        st.error(
            plain(shorten(head, 300)) + "".join(f"\n- {plain(shorten(p, 200))}" for p in rest),
            icon=":material/error:",
        )
    for warning in result.warnings:
        st.warning(plain(shorten(warning, 300)), icon=":material/info:")


# A workshop this browser facilitates


def facilitated_workshops() -> list[Workshop]:
    """The workshops this browser is signed in to facilitate, most recent first."""
    held = (store().workshop_by_code(code) for code in my_workshop_codes())
    return [workshop for workshop in held if workshop is not None and signed_in(workshop)]


def workshop_source() -> Analysis | None:
    """A workshop this browser facilitates, once MIN_ROWS of its sheets are finished."""
    workshops = facilitated_workshops()
    if not workshops:
        st.info(
            "This browser is not signed in to facilitate any workshop. Open your workshop's "
            "facilitator view with its code and key first; its answers can then be analysed "
            "here.",
            icon=":material/lock:",
        )
        st.page_link(
            "app_pages/facilitate.py",
            label="Open a workshop with its code and key",
            icon=":material/present_to_all:",
        )
        return None
    by_id = {workshop.id: workshop for workshop in workshops}
    chosen = st.selectbox(
        "Workshop",
        list(by_id),
        format_func=lambda w: f"{shorten(by_id[w].title, 60)} · {by_id[w].code}",
        key="an_workshop",
    )
    return workshop_analysis(by_id[chosen])


def workshop_analysis(workshop: Workshop) -> Analysis | None:
    bank = workshop_bank(workshop)
    if bank is None:
        return None
    finished = [s for s in store().workshop_sheets(workshop.id) if s.finished]
    usable = [s for s in finished if s.bank_version == bank.version]
    if len(usable) < MIN_ROWS:
        st.info(
            f"The item analysis needs at least {MIN_ROWS} finished answer sheets; this "
            f"workshop has {len(usable)}. Nothing is shown before then: figures from fewer "
            "would mislead, and could give away how individuals answered.",
            icon=":material/hourglass_top:",
        )
        return None
    if len(usable) < len(finished):
        st.caption(
            f"{len(finished) - len(usable)} finished sheets answered another version of the "
            "question bank and are left out."
        )
    answers = store().sheet_answers_frame([s.id for s in usable])
    try:
        return analyse(bank, answers, workshop.form)
    except InvalidCells as exc:
        st.error(
            f"{len(exc.cells)} stored answers are not answers to this version of the bank, "
            "so no analysis is given.",
            icon=":material/error:",
        )
        return None


# The analysis


def show_analysis(analysis: Analysis) -> None:
    """The overview of every axis, then each axis with its items."""
    st.subheader("Axes")
    table = overview(analysis)
    st.dataframe(table, hide_index=True, width="stretch", height=_fit(len(table)))
    for axis in analysis.axes:
        show_axis(axis)
    st.download_button(
        "Download the analysis (CSV)",
        safe_csv(report_frame(analysis)),
        file_name=f"item-analysis-{analysis.bank_id}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="an_download",
    )


def overview(analysis: Analysis) -> pd.DataFrame:
    """One row per axis: alpha, its interval, the rows it rests on, the verdict."""
    return pd.DataFrame(
        {
            "Axis": [axis.title for axis in analysis.axes],
            "Alpha": [_or_dash(axis.alpha) for axis in analysis.axes],
            "95% CI": [_interval(axis) for axis in analysis.axes],
            "Complete sheets": [f"{axis.complete} of {axis.rows}" for axis in analysis.axes],
            "Verdict": [VERDICT_WORD[axis.level] for axis in analysis.axes],
            "Flagged questions": [
                sum(item.flagged for item in axis.items) for axis in analysis.axes
            ],
        }
    )


def show_axis(axis: AxisAnalysis) -> None:
    with st.container(border=True):
        st.markdown(f"#### {plain(axis.title)}")
        figures = st.columns(3)
        figures[0].metric("Alpha", _or_dash(axis.alpha))
        figures[1].metric("95% interval", _interval(axis))
        figures[2].metric("Complete sheets", f"{axis.complete} of {axis.rows}")
        VERDICT_BOX.get(axis.level, st.info)(plain(axis.verdict))
        st.dataframe(
            item_table(axis),
            hide_index=True,
            width="stretch",
            column_config={
                "Item": st.column_config.TextColumn(width="small"),
                "Question": st.column_config.TextColumn(width="medium"),
                "r": st.column_config.TextColumn(
                    width="small", help="Correlation with the sum of the axis's other questions"
                ),
                "Without it": st.column_config.TextColumn(
                    width="small", help="The axis's alpha without this question"
                ),
                "Answers": st.column_config.BarChartColumn(
                    y_min=0,
                    width="small",
                    help=f"How often each answer was given, from {axis.left} to {axis.right}",
                ),
                "Counts": st.column_config.TextColumn(width="medium"),
            },
        )
        flagged = [item for item in axis.items if item.flagged]
        if flagged:
            st.markdown(
                "\n".join(
                    f"- {FLAG} **{plain(item.item_id)}** {plain(shorten(item.text, 50))}: "
                    + plain("; ".join(item.flags))
                    for item in flagged
                )
            )
        st.caption(
            plain(
                f"Answers and counts run from the answer nearest {axis.left} to the one "
                f"nearest {axis.right}; a statement keyed to {axis.left} therefore runs "
                "from agreeing to disagreeing."
            )
        )


def item_table(axis: AxisAnalysis) -> pd.DataFrame:
    """One row per question: aggregates only."""
    return pd.DataFrame(
        {
            "Item": [_flagged(item) for item in axis.items],
            "Question": [shorten(item.text, QUESTION_CHARS) for item in axis.items],
            "r": [_coefficient(item.r) for item in axis.items],
            "Without it": [_coefficient(item.alpha_if_deleted) for item in axis.items],
            "Answers": [[c.count for c in item.counts] for item in axis.items],
            "Counts": [_counts(item) for item in axis.items],
        }
    )


def _counts(item: ItemAnalysis) -> str:
    """'5: 2 · 4: 3 · 3: 2 · 2: 3 · 1: 2 · blank 1': each answer (the likert number or
    the option id) and how often it was given, in the order of the bar chart."""
    parts = [f"{c.answer}: {c.count}" for c in item.counts]
    if item.unanswered:
        parts.append(f"blank {item.unanswered}")
    return " · ".join(parts)


def _flagged(item: ItemAnalysis) -> str:
    """An item's id, marked when it is flagged (its flags are listed below the table)."""
    return f"{item.item_id} {FLAG}" if item.flagged else item.item_id


def _coefficient(value: float) -> str:
    return NO_FIGURE if pd.isna(value) else figure(value)


def _fit(rows: int) -> int:
    """A table's height in pixels that shows all its rows (and its header) unscrolled."""
    return (rows + 1) * 35 + 3


def _or_dash(value: float | None) -> str:
    return NO_FIGURE if value is None else figure(value)


def _interval(axis: AxisAnalysis) -> str:
    return f"{figure(axis.ci[0])} to {figure(axis.ci[1])}" if axis.ci else NO_FIGURE
