"""The workshops this browser has run, to reopen one (its results stay) or run it again
for the next group. The list is kept in the browser (join codes, not secrets); opening a
workshop still needs this browser's sign-in or the facilitator key."""

from __future__ import annotations

import streamlit as st

from ui.access import my_workshop_codes, sign_in, signed_in
from ui.clock import local_time
from ui.links import WORKSHOP
from ui.resources import store
from ui.text import plain

CREATED = "created_workshop"
"""Session state: (code, key) of the workshop just created; the key is shown once."""


def my_workshops() -> None:
    workshops = [w for code in my_workshop_codes() if (w := store().workshop_by_code(code))]
    if not workshops:
        return
    st.subheader("Your workshops on this browser")
    for workshop in workshops:
        with st.container(border=True):
            words, reopen, again = st.columns([4, 2, 2], vertical_alignment="center")
            state = "closed" if workshop.closed else "open"
            words.markdown(
                f"**{plain(workshop.title)}** · {workshop.code}  \n"
                f"Created {local_time(workshop.created_at, '%d %b %Y, %H:%M')} · {state}"
                + ("" if signed_in(workshop) else " · needs its key to open")
            )
            if reopen.button("Open", icon=":material/present_to_all:", key=f"open:{workshop.id}"):
                st.switch_page("app_pages/facilitate.py", query_params={WORKSHOP: workshop.code})
            if again.button(
                "Run again",
                icon=":material/content_copy:",
                key=f"again:{workshop.id}",
                help="A new workshop with the same title, bank and form, and a "
                "new code and key; this one and its results stay as they are.",
            ):
                copy, key = store().create_workshop(workshop.title, workshop.bank_id, workshop.form)
                sign_in(copy)
                st.session_state[CREATED] = (copy.code, key)
                st.rerun()
