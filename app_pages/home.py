"""Home: what the assessment measures, and a start on the bank and form of your choice."""

import streamlit as st

from ui.links import (
    INVITE,
    JOIN,
    RESUME,
    current_sheet,
    resume_token,
    sheet_params,
    show_unknown_link,
)
from ui.pickers import bank_and_form
from ui.resources import library, store

if resume_token():
    sheet = current_sheet()
    if sheet is None:
        show_unknown_link()
        st.stop()
    target = "app_pages/results.py" if sheet.finished else "app_pages/quiz.py"
    st.switch_page(target, query_params=sheet_params())  # ?me= too, from a history
if JOIN in st.query_params:
    st.switch_page("app_pages/join.py", query_params={JOIN: st.query_params[JOIN]})
if INVITE in st.query_params:
    st.switch_page("app_pages/campaign.py", query_params={INVITE: st.query_params[INVITE]})

lib = library()

st.title("Sales management or sales leadership?")
st.markdown(
    "Running a sales team asks for two kinds of work. **Management** keeps the engine "
    "running: process, metrics, clear rules, predictable results. **Leadership** sets "
    "the direction: vision, values, commitment, growth. This assessment shows where you "
    "stand between the two on twelve distinctions drawn from five practitioners' articles."
)
st.info(
    "Neither style is better. Each fits some situations and strains in others: your "
    "results explain what your style brings, what it risks, and when it fits.",
    icon=":material/balance:",
)

if not lib.banks:
    st.error("No question bank could be loaded, so the assessment cannot start.")
else:
    bank, form = bank_and_form(lib.banks, "What would you like to assess?", "How long do you have?")

    if st.button("Start the assessment", type="primary", icon=":material/play_arrow:", key="start"):
        sheet, token = store().start_sheet(bank.id, bank.version, form)
        st.switch_page("app_pages/quiz.py", query_params={RESUME: token})

    st.caption(
        "No account needed. Your answers are saved as you go, and you get a private link "
        "to come back to them from any browser."
    )

st.subheader("In a group")
join_link, run_link = st.columns(2)
join_link.page_link(
    "app_pages/join.py", label="Join a workshop with a code", icon=":material/group_add:"
)
run_link.page_link(
    "app_pages/workshop_new.py", label="Run a workshop for a room", icon=":material/co_present:"
)

st.subheader("For HR")
st.page_link(
    "app_pages/hr.py",
    label="Promotion candidates with 360 feedback",
    icon=":material/badge:",
)
st.page_link(
    "app_pages/banks.py", label="Use your own question bank", icon=":material/upload_file:"
)

if lib.broken:
    with st.expander(f"Unavailable question banks ({len(lib.broken)})", icon=":material/warning:"):
        for name, error in lib.broken.items():
            st.markdown(f"**{name}** could not be loaded:")
            st.code(error, language=None)
