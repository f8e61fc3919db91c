"""The facilitator's view, laid out for a projector: large figures and charts that fit
one 1366x768 screen, the join code as a corner panel once people are in, and every
control (reveal, close, exports, progress by person, sign out) in the sidebar, which
stays on the facilitator's laptop and out of the projected area when collapsed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pandas as pd
import streamlit as st
import vl_convert

from questions.bank import Bank
from questions.order import item_order, pages
from reports.roster import room_csv, roster, status
from scoring import score_frame
from scoring.charts import group_chart
from scoring.group import MIN_GROUP, GroupSummary, agreement_extremes, enough_for_group
from store import Workshop
from ui.access import sign_out
from ui.charts import ALTAIR_LOCK, show_chart
from ui.clock import local_time, now
from ui.comparison import GROUP_LEGEND, waiting_for_group
from ui.faults import store_faults
from ui.join_panel import join_corner, join_panel
from ui.resources import store
from ui.room import (
    Room,
    average_chart,
    form_label,
    people_now,
    question_chart,
    room,
    room_answers,
    workshop_bank,
)
from ui.text import plain

LIVE_SECONDS = 4
"""How often the facilitator's room figures refresh."""

_PROJECTOR_CSS = """
<style>
  .block-container {max-width: 1320px !important; padding-top: 3.4rem !important;}
  .block-container h1 {font-size: 2.1rem; padding: 0;}
  .join-code {font: 700 5.2rem/1.05 ui-monospace, "DejaVu Sans Mono", monospace;
              letter-spacing: 0.14em; color: #2b2f36; margin: 0.2rem 0 0.4rem;}
  .join-code-small {font-size: clamp(1.5rem, 2.4vw, 2.6rem);}
  .join-label {font-size: 1.35rem; color: #4a4f57; margin: 0;}
  .counts {display: flex; gap: 1.6rem; justify-content: center; color: #2b2f36;}
  .count {display: flex; flex-direction: column; align-items: center;}
  .count-value {font: 700 2.6rem/1.1 "Source Sans", sans-serif;}
  .count-label {font-size: 1.75rem; line-height: 1.2; color: #4a4f57;}
  [data-testid="stButtonGroup"] button p {font-size: 1.3rem;}
</style>
"""


def projector_style() -> None:
    """A wide page, large code and figures: the facilitator view is read from the back."""
    st.html(_PROJECTOR_CSS)


# The projected part, refreshed live


@st.fragment(run_every=LIVE_SECONDS)
def live_room(workshop_id: str) -> None:
    """Everything projected, redrawn live: the title, the counts by status and the join
    code (large until someone joins, then a corner panel), then the room's results once
    MIN_GROUP have finished, one view at a time, each fitting one screen."""
    with store_faults():  # a live refresh runs outside app.py's boundary
        workshop = store().workshop(workshop_id)
        if workshop is None:
            return
        bank = workshop_bank(workshop)
        people = people_now(workshop.id)
        counts = Counter(_statuses(people))
        counts["Joined"] = len(people)
        heading, figures, corner = st.columns([4, 5, 3], vertical_alignment="center")
        with heading:
            st.title(plain(workshop.title))
            if bank is not None:
                st.caption(form_label(bank, workshop.form))
        figures.html(counts_html(counts))
        with corner:
            if workshop.closed:
                st.warning(f"Closed at {local_time(workshop.closed_at)}", icon=":material/lock:")
            elif people:
                join_corner(workshop)
        if not people and not workshop.closed:
            join_panel(workshop)
        if bank is None:
            return
        if not enough_for_group(counts["Finished"]):
            waiting_for_group(counts["Finished"])
            return
        results = room(workshop, bank, counts["Finished"])
        if results is not None:
            _results_view(workshop, bank, results, counts["Finished"])


COUNTED = ("Joined", "Answering", "Stalled", "Finished")


def counts_html(counts: Counter) -> str:
    """The live counts in large type ("Answering" includes those just joined).

    >>> counts_html(Counter(Joined=2, Finished=1)).count('class="count"')
    4
    """
    answering = counts["Answering"] + counts["Not started"]
    values = {
        "Joined": counts["Joined"],
        "Answering": answering,
        "Stalled": counts["Stalled"],
        "Finished": counts["Finished"],
    }
    cells = "".join(
        f'<div class="count" data-label="{label}"><span class="count-value">{values[label]}'
        f'</span><span class="count-label">{label}</span></div>'
        for label in COUNTED
    )
    return f'<div class="counts">{cells}</div>'


def _statuses(people: list) -> list[str]:
    moment = now()
    return [status(person, moment) for person in people]


VIEWS = ("The room on each axis", "Question by question", "Average profile", "Agree · disagree")


def _results_view(workshop: Workshop, bank: Bank, results: Room, finished: int) -> None:
    """One view at a time, each fitting the screen; only the chosen one is computed."""
    view = st.segmented_control(
        "View", VIEWS, default=VIEWS[0], key=f"view:{workshop.id}", label_visibility="collapsed"
    )
    if view == "Question by question":
        _question_view(workshop, bank, finished)
    elif view == "Average profile":
        profile = results.average
        overall = "—" if profile.overall is None else f"{profile.overall:+.1f}"
        st.markdown(
            f"### Overall {overall}: {plain(profile.overall_band_label)} ({finished} people)"
        )
        show_chart(average_chart(workshop.id, finished, results))
        people = sorted({a.answered for a in profile.axes if a.score is not None})
        each = (
            f"{people[0]} people on every axis"
            if len(people) == 1
            else f"{people[0]} to {people[-1]} people per axis"
            if people
            else "no one yet"
        )
        st.caption(
            f"The mean of the finished participants' scores on each axis: {each} "
            f"({finished} finished; the tooltip gives each axis's count)."
        )
    elif view == "Agree · disagree":
        _agreement(results.stats)
    else:
        show_chart(results.projector_chart)
        st.caption(f"{finished} finished. {GROUP_LEGEND}")


def _question_view(workshop: Workshop, bank: Bank, finished: int) -> None:
    items = room_answers(workshop, bank, finished)
    shown = [item for item in items if item.shown]
    if not shown:
        st.info(f"No question has {MIN_GROUP} answers yet.", icon=":material/groups:")
        return
    # Scenarios and forced choices first: they are what a room discusses.
    ordered = sorted(shown, key=lambda item: item.kind != "choice")
    chosen = st.selectbox(
        "Question",
        [item.item_id for item in ordered],
        format_func=lambda item_id: next(i.text for i in ordered if i.item_id == item_id),
        key=f"question:{workshop.id}",
    )
    show_chart(
        question_chart(workshop.id, finished, (bank.id, bank.version, workshop.form), chosen, bank)
    )
    withheld = len(items) - len(shown)
    if withheld:
        st.caption(f"{withheld} questions have fewer than {MIN_GROUP} answers and are not shown.")


def _agreement(stats: pd.DataFrame) -> None:
    agree, disagree = agreement_extremes(stats, k=3)
    most, least = st.columns(2, border=True)
    with most:
        st.markdown("#### :material/handshake: The room agrees most on")
        _axis_lines(stats, agree)
    with least:
        st.markdown("#### :material/forum: The room disagrees most on")
        _axis_lines(stats, disagree)
    st.caption("Ranked by how far apart the room's scores are (their standard deviation).")


def _axis_lines(stats: pd.DataFrame, axis_ids: list[str]) -> None:
    if not axis_ids:
        st.caption("Not enough scores yet.")
        return
    for axis_id in axis_ids:
        row = stats.loc[axis_id]
        st.markdown(
            f"**{plain(row['title'])}**: average {row['mean']:+.0f}, middle half of the "
            f"room from {row['q1']:+.0f} to {row['q3']:+.0f} ({int(row['n'])} people)"
        )


# The facilitator's controls, in the sidebar


def controls(workshop: Workshop, bank: Bank | None) -> None:
    st.header("Controls")
    st.caption("On your screen only: collapse this panel before you project.")
    _reveal_switch(workshop)
    _close_control(workshop)
    if bank is not None:
        st.subheader("Export")
        export_buttons(workshop.id, bank)
        st.subheader("Progress by person")
        people_progress(workshop.id, _question_count(bank, workshop.form))
    st.divider()
    if st.button("Sign out of this workshop", icon=":material/logout:", key="sign_out"):
        sign_out(workshop)
        st.rerun()


def _question_count(bank: Bank, form: str | None) -> tuple[int, int]:
    page_list = pages(item_order(bank, form, 0))
    return sum(len(p) for p in page_list), len(page_list)


@st.fragment(run_every=LIVE_SECONDS)
def people_progress(workshop_id: str, size: tuple[int, int]) -> None:
    """Who is still answering and on which page, who stalled: names, for the
    facilitator's eyes only (the sidebar is not projected)."""
    with store_faults():  # a live refresh runs outside app.py's boundary
        people = people_now(workshop_id)
        if not people:
            st.caption("Nobody has joined yet.")
            return
        table = roster(people, *size, now())
        table["Last answer"] = [
            "" if moment is None else local_time(moment) for moment in table["Last answer"]
        ]
        order = {
            name: rank
            for rank, name in enumerate(("Stalled", "Not started", "Answering", "Finished"))
        }
        table = table.sort_values("Status", key=lambda s: s.map(order), kind="stable")
        st.dataframe(table, hide_index=True, width="stretch")
        st.caption("Stalled: no answer for 3 minutes or more. Names are for your eyes only.")


def _set_reveal(workshop_id: str) -> None:
    store().set_reveal(workshop_id, st.session_state[f"reveal:{workshop_id}"])


def _reveal_switch(workshop: Workshop) -> None:
    key = f"reveal:{workshop.id}"
    st.session_state[key] = workshop.reveal  # the store is the truth, not the session
    st.toggle(
        "Show participants the group comparison",
        key=key,
        on_change=_set_reveal,
        args=(workshop.id,),
        help=f"Participants see it on their results page within a few seconds, once "
        f"{MIN_GROUP} people have finished: the room's spread, with their own place "
        "marked. Never anyone's name or answers.",
    )


def _close_control(workshop: Workshop) -> None:
    if workshop.closed:
        st.warning(
            f"Closed at {local_time(workshop.closed_at)}: no new participants or answers. "
            "Everything stored is kept, and the results stay available.",
            icon=":material/lock:",
        )
        return
    with st.popover("Close the workshop", icon=":material/lock:"):
        st.write(
            "Closing stops new participants and new answers. Everything already answered "
            "is kept, and you can still show and export the results. It cannot be undone."
        )
        if st.button("Yes, close it now", type="primary", key="close_confirm"):
            store().close_workshop(workshop.id)
            st.rerun()


# Exports


def results_csv(workshop: Workshop, bank: Bank) -> str:
    """Everyone who joined, finished or not, with progress and scores so far."""
    source = store()
    people = source.workshop_people(workshop.id)
    scores = score_frame(
        bank, source.workshop_answers(workshop.id, finished_only=False), workshop.form
    )
    return room_csv(people, scores, bank, _question_count(bank, workshop.form)[0], now())


def group_chart_png(workshop: Workshop, summary: GroupSummary) -> bytes:
    """The group chart as a PNG file (vl-convert), titled with the workshop and its size."""
    chart = group_chart(summary, width=760).properties(
        title=f"{workshop.title} · {summary.people} participants"
    )
    with ALTAIR_LOCK:
        spec = chart.to_dict()
    return vl_convert.vegalite_to_png(spec, scale=2)


@st.fragment(run_every=LIVE_SECONDS)
def export_buttons(workshop_id: str, bank: Bank) -> None:
    """Download buttons whose files are made when clicked (deferred), not every refresh;
    live, so the group chart is offered as soon as MIN_GROUP have finished."""
    with store_faults():  # a live refresh runs outside app.py's boundary
        workshop = store().workshop(workshop_id)
        if workshop is None:
            return
        stem = f"workshop-{workshop.code}-{pd.Timestamp.now():%Y-%m-%d}"
        csv_file: Callable[[], str] = lambda: results_csv(workshop, bank)  # noqa: E731
        st.download_button(
            "Results of everyone who joined (CSV)",
            csv_file,
            f"{stem}-results.csv",
            "text/csv",
            icon=":material/table_view:",
            on_click="ignore",
            width="stretch",
            key="export_csv",
        )
        finished = store().workshop_progress(workshop.id)["finished"]
        if enough_for_group(finished) and (results := room(workshop, bank, finished)) is not None:
            png_file: Callable[[], bytes] = lambda: group_chart_png(workshop, results.summary)  # noqa: E731
            st.download_button(
                "Group chart (PNG)",
                png_file,
                f"{stem}-group.png",
                "image/png",
                icon=":material/image:",
                on_click="ignore",
                width="stretch",
                key="export_png",
            )
