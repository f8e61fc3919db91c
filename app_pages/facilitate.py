"""The facilitator view, for the projector: the workshop's title, live counts and join
code, then the room's results in large type once enough have finished; every control in
the sidebar, on the facilitator's laptop only."""

import streamlit as st

from ui.access import facilitator_access
from ui.presenter import controls, live_room, projector_style
from ui.room import workshop_bank

workshop = facilitator_access()
if workshop is None:
    st.stop()
projector_style()

with st.sidebar:
    controls(workshop, workshop_bank(workshop))

live_room(workshop.id)
