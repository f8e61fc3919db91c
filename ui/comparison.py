"""A workshop participant's view of the room: where they stand among the others, once
the facilitator reveals it. The browser receives the group's summary (binned counts,
quartiles, means of at least MIN_GROUP people) and this person's own scores, nothing
about anyone else."""

from __future__ import annotations

import streamlit as st

from questions.bank import Bank
from scoring.charts import group_chart
from scoring.group import MIN_GROUP, enough_for_group
from scoring.profile import Profile
from store import Sheet
from ui.charts import prepared, show_chart
from ui.faults import store_faults
from ui.room import room, room_state
from ui.text import plain

PARTICIPANT_SECONDS = 3
"""How often a participant's page checks for a reveal: with the room state shared for
STATE_SECONDS, a reveal reaches every phone within 5 s of the switch."""

GROUP_LEGEND = (
    "Circles show how many people stand in each stretch of the axis; the band is the "
    "middle half of the room, the diamond its average. Colour shows which pole a mark "
    "leans to, not which is better."
)


def waiting_for_group(finished: int) -> None:
    """Why there are no group figures yet (the rule of MIN_GROUP)."""
    st.info(
        f"Group results appear once at least {MIN_GROUP} participants have finished "
        f"({finished} so far), so that nobody's answers can be picked out of the group.",
        icon=":material/groups:",
    )


def group_comparison(sheet: Sheet, bank: Bank, mine: Profile) -> None:
    """On a workshop participant's results: where they stand in the room, once revealed.

    What is shown is decided here, in the page's own run; a light fragment then checks
    every few seconds whether that changed. A reveal or a hide reruns the page at once;
    people finishing later only offer an update, so a room of 200 does not redraw 200
    charts every time someone finishes.
    """
    if sheet.workshop_id is None:
        return
    st.header("You and the group")
    state = room_state(sheet.workshop_id)
    if state is None:
        return
    workshop, finished = state.workshop, state.finished
    st.session_state[f"group_shown:{sheet.id}"] = (
        workshop.reveal,
        enough_for_group(finished),
        finished,
    )
    if not workshop.reveal:
        st.info(
            "Your facilitator has not shown the group's results yet. When they do, you "
            "will see here where you stand in the room: this page checks by itself.",
            icon=":material/groups:",
        )
    elif not enough_for_group(finished):
        waiting_for_group(finished)
    elif (results := room(workshop, bank, finished)) is not None:
        # Drawn per person (their own dot), from the room's summary only.
        show_chart(prepared(group_chart(results.summary, you=mine)))
        answered = sum(a.answered for a in mine.axes)
        st.caption(
            f"You (the blue dot: your own scores, from your {answered} answers) among the "
            f"{finished} people who have finished in {plain(workshop.title)}. "
            f"{GROUP_LEGEND} No one's name or answers are shown."
        )
    _watch_group(sheet.id, sheet.workshop_id)


@st.fragment(run_every=PARTICIPANT_SECONDS)
def _watch_group(sheet_id: str, workshop_id: str) -> None:
    with store_faults():  # a live refresh runs outside app.py's boundary
        state = room_state(workshop_id)
        shown = st.session_state.get(f"group_shown:{sheet_id}")
        if state is None or shown is None:
            return
        reveal, finished = state.workshop.reveal, state.finished
        if (reveal, enough_for_group(finished)) != shown[:2]:
            st.rerun()  # revealed, hidden, or just reached the rule of MIN_GROUP
        if reveal and shown[1] and finished > shown[2]:
            more = finished - shown[2]
            st.button(
                f"Update: {more} more {'person has' if more == 1 else 'people have'} finished",
                icon=":material/refresh:",
                key=f"group_update:{sheet_id}",
            )
