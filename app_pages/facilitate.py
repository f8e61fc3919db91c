"""The facilitator view, for the projector: the join code and QR code, the room's live
counts, the group's spread on each axis once enough have finished, and the controls."""

import streamlit as st

from ui.resources import library
from ui.text import plain
from ui.workshop import (
    close_control,
    facilitator_access,
    form_label,
    join_panel,
    live_room,
    projector_style,
    reveal_switch,
)

workshop = facilitator_access()
if workshop is None:
    st.stop()
projector_style()

st.title(plain(workshop.title))
bank = library().banks.get(workshop.bank_id)
if bank is not None:
    st.caption(form_label(bank, workshop.form))

if not workshop.closed:
    join_panel(workshop)

reveal, close = st.columns([3, 2], vertical_alignment="center")
with reveal:
    reveal_switch(workshop)
with close:
    close_control(workshop)

st.divider()
live_room(workshop.id)
