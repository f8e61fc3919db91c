"""Run a workshop: a title, a bank and form, whether participants see the group; then
the join code, link and QR code for the room, and the facilitator key, shown once.
Below, the workshops this browser ran, to reopen one or run it again."""

import streamlit as st

from scoring.group import MIN_GROUP
from store import TITLE_CHARS, InvalidText
from ui.access import send_cookies, sign_in
from ui.join_panel import join_panel
from ui.links import WORKSHOP, facilitator_url
from ui.my_workshops import CREATED, my_workshops
from ui.pickers import bank_and_form
from ui.resources import library, store
from ui.text import plain

st.title("Run a workshop")
send_cookies()  # this browser's sign-in to the workshop just created

if created := st.session_state.get(CREATED):
    code, key = created
    workshop = store().workshop_by_code(code)
    st.success(
        f"**{plain(workshop.title)}** is open. Its join code is **{code}**.",
        icon=":material/check_circle:",
    )
    with st.container(border=True):
        st.markdown("#### :material/key: Your facilitator key: save it now")
        st.write(
            "It is shown only this once and is not stored anywhere readable. This browser "
            "is signed in to the workshop for the day; on another computer, or after you "
            "sign out, the key opens the room's results. Anyone who has it can see the "
            "results and close the workshop, so keep it off the projector."
        )
        st.code(key, language=None)
        st.write("Or bookmark this private link, which opens the facilitator view directly:")
        st.code(facilitator_url(code, key), language=None)
    if st.button(
        "Open the facilitator view",
        type="primary",
        icon=":material/present_to_all:",
        key="open_facilitator",
    ):
        st.switch_page("app_pages/facilitate.py", query_params={WORKSHOP: code})
    st.subheader("What participants need")
    join_panel(workshop)
    if st.button("Create another workshop", icon=":material/add:", key="another"):
        del st.session_state[CREATED]
        st.rerun()
    st.stop()

st.write(
    "Everyone in the room takes the assessment on their own phone or laptop; you watch "
    "the answers arrive and show the group's spread on each axis on the projector. "
    f"Group results appear once {MIN_GROUP} people have finished, and nobody's individual "
    "results or name are shown to the others."
)

lib = library()
if not lib.banks:
    st.error("No question bank could be loaded, so no workshop can be created.")
    st.stop()

title = st.text_input(
    "Workshop title",
    max_chars=TITLE_CHARS,
    placeholder="e.g. Regional sales managers, spring session",
    help="Participants see it when they join.",
    key="ws_title",
)
bank, form = bank_and_form(lib.banks, "Question bank", "Form", key_prefix="ws_")
reveal = st.checkbox(
    "Participants see the group comparison from the start",
    help="You can switch this on or off at any time in the facilitator view. Leave it off "
    "to reveal the group when you are ready to discuss it.",
    key="ws_reveal",
)

if st.button("Create the workshop", type="primary", icon=":material/rocket_launch:", key="create"):
    if not title.strip():
        st.error("Give the workshop a title: participants see it when they join.")
    else:
        try:
            workshop, key = store().create_workshop(title.strip(), bank.id, form)
        except InvalidText as exc:
            st.error(plain(str(exc)))
            st.stop()
        if reveal:
            store().set_reveal(workshop.id, True)
        sign_in(workshop)
        st.session_state[CREATED] = (workshop.code, key)
        st.rerun()

st.page_link(
    "app_pages/facilitate.py",
    label="Open a workshop with its code and key",
    icon=":material/present_to_all:",
)
my_workshops()
st.page_link(
    "app_pages/banks.py",
    label="Use your own question bank in a workshop",
    icon=":material/upload_file:",
)
st.page_link("app_pages/analysis.py", label="Item analysis of answers", icon=":material/analytics:")
