"""Home: what the assessment measures, and a start on the bank and form of your choice."""

import streamlit as st

from questions.bank import FULL_FORM
from ui.links import JOIN, RESUME, current_sheet, resume_token, show_unknown_link
from ui.resources import library, store

SECONDS_PER_ITEM = 12

if resume_token():
    sheet = current_sheet()
    if sheet is None:
        show_unknown_link()
        st.stop()
    target = "app_pages/results.py" if sheet.finished else "app_pages/quiz.py"
    st.switch_page(target, query_params={RESUME: resume_token()})
if JOIN in st.query_params:
    st.switch_page("app_pages/join.py", query_params={JOIN: st.query_params[JOIN]})

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
    bank_ids = list(lib.banks)
    bank_id = st.radio(
        "What would you like to assess?",
        bank_ids,
        format_func=lambda b: lib.banks[b].title,
        captions=[lib.banks[b].description for b in bank_ids],
        key="bank",
    )
    bank = lib.banks[bank_id]

    def describe_form(form: str) -> str:
        n = len(bank.form_items(form))
        minutes = max(1, round(n * SECONDS_PER_ITEM / 60))
        name = "Full" if form == FULL_FORM else form.capitalize()
        return f"{name}: {n} questions, about {minutes} minutes"

    forms = sorted(bank.form_names, key=lambda f: len(bank.form_items(f)))
    form = st.radio("How long do you have?", forms, format_func=describe_form, key="form")

    if st.button("Start the assessment", type="primary", icon=":material/play_arrow:", key="start"):
        sheet, token = store().start_sheet(
            bank.id, bank.version, None if form == FULL_FORM else form
        )
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

if lib.broken:
    with st.expander(f"Unavailable question banks ({len(lib.broken)})", icon=":material/warning:"):
        for name, error in lib.broken.items():
            st.markdown(f"**{name}** could not be loaded:")
            st.code(error, language=None)
