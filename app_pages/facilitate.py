"""The facilitator view, for the projector: the workshop's title and join code, the
room's live counts and, once enough have finished, its results in large type; every
control in the sidebar, on the facilitator's laptop only."""

import streamlit as st

from ui.access import facilitator_access
from ui.clock import local_time
from ui.join_panel import join_corner, join_panel
from ui.presenter import controls, live_room, projector_style
from ui.resources import store
from ui.room import form_label, workshop_bank
from ui.text import plain

workshop = facilitator_access()
if workshop is None:
    st.stop()
projector_style()
bank = workshop_bank(workshop)

with st.sidebar:
    controls(workshop, bank)

nobody_yet = not workshop.closed and store().workshop_progress(workshop.id)["joined"] == 0
heading, corner = st.columns([3, 2], vertical_alignment="center")
with heading:
    st.title(plain(workshop.title))
    if bank is not None:
        st.caption(form_label(bank, workshop.form))
with corner:
    if workshop.closed:
        st.warning(f"Closed at {local_time(workshop.closed_at)}", icon=":material/lock:")
    elif not nobody_yet:
        join_corner(workshop)
if nobody_yet:
    join_panel(workshop)

live_room(workshop.id, big_join_panel=nobody_yet)
