"""Join a workshop: the code from the link (?join=CODE) or typed, an optional display
name, then the assessment exactly as when taken alone."""

import streamlit as st

from scoring.group import MIN_GROUP
from store import InvalidText, WorkshopClosed
from ui.access import workshop_for_code
from ui.links import JOIN, RESUME
from ui.resources import store
from ui.room import form_label, pinned_bank
from ui.text import plain

NAME_CHARS = 40
JOINED = "joined_workshops"  # session state: workshop id -> resume token of the sheet started

st.title("Join a workshop")

workshop = None
if code := st.query_params.get(JOIN):
    workshop = workshop_for_code(code)
    if workshop is None:
        del st.query_params[JOIN]  # counted once; the form below takes the next try

if workshop is None:
    with st.form("join_code"):
        typed = st.text_input(
            "Workshop code",
            max_chars=12,
            placeholder="e.g. K7QX3M",
            help="Six letters and digits, shown on the facilitator's screen.",
            key="code",
        )
        submitted = st.form_submit_button("Continue", type="primary")
    if submitted and (workshop := workshop_for_code(typed)) is not None:
        st.query_params[JOIN] = workshop.code
        st.rerun()
    st.stop()

bank = pinned_bank(workshop)
st.header(plain(workshop.title))
if bank is None:
    st.error(
        "This workshop's question bank is not available on this server right now. "
        "Please tell your facilitator.",
        icon=":material/warning:",
    )
    st.stop()
st.caption(form_label(bank, workshop.form))

if token := st.session_state.get(JOINED, {}).get(workshop.id):
    st.info("You have already joined this workshop from this browser.", icon=":material/bookmark:")
    st.page_link(
        "app_pages/quiz.py",
        label="Continue where you left off",
        icon=":material/arrow_forward:",
        query_params={RESUME: token},
    )

if workshop.closed:
    st.warning(
        "This workshop is closed, so it takes no new participants. Ask your facilitator "
        "if you think it should still be open.",
        icon=":material/lock:",
    )
    st.stop()

name = st.text_input(
    "Your name (optional)",
    placeholder="Leave blank to take part anonymously",
    help=f"Up to {NAME_CHARS} characters. Only the facilitator sees names, in their "
    "progress list and the exported results. Other participants never see your name "
    "or your individual answers.",
    key="display_name",
)
st.caption(
    "You answer on your own; the room sees only the group as a whole, once at least "
    f"{MIN_GROUP} people have finished. Your answers are saved as you go."
)
if st.button(
    "Start the assessment", type="primary", icon=":material/play_arrow:", key="join_start"
):
    if len(name.strip()) > NAME_CHARS:
        st.error(
            f"Your name has {len(name.strip())} characters; please shorten it to "
            f"{NAME_CHARS} or fewer, or leave it blank to take part anonymously."
        )
        st.stop()
    try:
        person_id = store().new_person(name.strip()).id if name.strip() else None
        sheet, token = store().start_sheet(
            bank.id, bank.version, workshop.form, person_id=person_id, workshop_id=workshop.id
        )
    except WorkshopClosed:
        st.warning("The workshop was closed a moment ago: it takes no new participants.")
        st.stop()
    except InvalidText as exc:
        st.error(plain(str(exc)))
        st.stop()
    st.session_state.setdefault(JOINED, {})[workshop.id] = token
    st.switch_page("app_pages/quiz.py", query_params={RESUME: token})
