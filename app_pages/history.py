"""All your assessments (/history?me=TOKEN): every attempt of one person, how each
axis moved across the finished attempts of a bank, the name for their reports, and a
new attempt kept with the others (store/history.py explains the link)."""

import pandas as pd
import streamlit as st

from questions.bank import FULL_FORM
from scoring.charts import trend_chart
from scoring.precision import overall_reading
from scoring.profile import Profile, score
from store import InvalidText, Sheet
from store.history import DISPLAY_NAME_CHARS
from ui.clock import local_time
from ui.links import ME, RESUME
from ui.pickers import bank_and_form
from ui.resources import bank_version, library, store
from ui.text import plain

DATE = "%d %b %Y"
MOMENT = "%d %b %Y, %H:%M"  # two attempts on one day are told apart

me = st.query_params.get(ME)
person = store().person_by_link(me) if me else None
if person is None:
    st.warning(
        "This link does not open a list of assessments. It may be mistyped or incomplete: "
        "copy the whole link again from the page of one of your results.",
        icon=":material/link_off:",
    )
    st.page_link("app_pages/home.py", label="Start a new assessment", icon=":material/home:")
    st.stop()

st.title("Your assessments")
st.caption("Keep this page's link to yourself: anyone with it can open your assessments.")

with st.form("name_form", border=False):
    name = st.text_input(
        "Your name (for your reports)",
        value=person.display_name or "",
        max_chars=DISPLAY_NAME_CHARS,
        key="display_name",
        help="Printed on your PDF reports; kept only with your assessments.",
    )
    if st.form_submit_button("Save name", icon=":material/badge:"):
        try:
            person = store().rename_person(person.id, name)
            st.success("Saved: your reports now carry this name.", icon=":material/check:")
        except InvalidText as error:
            st.error(str(error))

sheets = store().history_sheets(me)
profiles: dict[str, Profile | None] = {}
for sheet in sheets:
    bank = bank_version(sheet.bank_id, sheet.bank_version)
    profiles[sheet.id] = (
        score(bank, store().answers(sheet.id), sheet.form)
        if bank is not None and sheet.finished
        else None
    )


def open_sheet(sheet: Sheet) -> None:
    token = store().open_from_history(me, sheet.id)
    if token is None:  # erased meanwhile
        st.rerun()
    target = "app_pages/results.py" if sheet.finished else "app_pages/quiz.py"
    st.switch_page(target, query_params={RESUME: token, ME: me})


st.header("Every attempt")
if not sheets:
    st.info("No assessments yet: start one below.", icon=":material/info:")
for sheet in reversed(sheets):  # newest first
    bank = bank_version(sheet.bank_id, sheet.bank_version)
    title = plain(bank.title) if bank is not None else f"{sheet.bank_id} (no longer offered)"
    profile = profiles[sheet.id]
    with st.container(border=True, key=f"attempt:{sheet.id}"):
        text, action = st.columns([3, 1], vertical_alignment="center")
        form = (sheet.form or FULL_FORM).capitalize()
        when = f"started {local_time(sheet.started_at, MOMENT)}"
        if sheet.finished:
            when += f", finished {local_time(sheet.finished_at, MOMENT)}"
        text.markdown(f"**{title}** · {plain(form)} form  \n{when}")
        if profile is not None and profile.overall is not None:
            reading = overall_reading(profile)  # no "Strongly" from too few answers
            text.caption(f"Overall {profile.overall:+.1f}: {reading.label}")
        elif sheet.finished:
            text.caption("Overall: no score (too few answers)")
        else:
            text.caption("Not finished yet")
        label = "Open" if sheet.finished else "Continue"
        if action.button(label, key=f"open:{sheet.id}", width="stretch"):
            open_sheet(sheet)

finished_by_bank: dict[str, list[Sheet]] = {}
for sheet in sheets:
    if profiles[sheet.id] is not None:
        finished_by_bank.setdefault(sheet.bank_id, []).append(sheet)
trends = {bank_id: done for bank_id, done in finished_by_bank.items() if len(done) > 1}
if trends:
    st.header("How your scores moved")
    for bank_id, done in trends.items():
        latest = done[-1]
        bank = bank_version(bank_id, latest.bank_version)
        st.subheader(plain(bank.title))
        attempts = [
            (f"#{number} · {s.finished_at:{DATE}}", profiles[s.id])
            for number, s in enumerate(done, start=1)
        ]
        st.altair_chart(trend_chart(attempts), theme=None, width="stretch")
        st.caption("One dot per finished attempt on each row, the latest darkest.")
        table = pd.DataFrame(
            {
                label: {a.title: a.score for a in profile.axes} | {"Overall": profile.overall}
                for label, profile in attempts
            }
        )
        st.dataframe(table, width="stretch")

st.header("Start a new assessment")
st.caption("It is kept here with the others, and its results are compared with your last one.")
lib = library()
if lib.banks:
    bank, form = bank_and_form(
        lib.banks, "What would you like to assess?", "How long do you have?", key_prefix="new:"
    )
    if st.button(
        "Start a new assessment", type="primary", icon=":material/play_arrow:", key="start"
    ):
        _, token = store().start_sheet(bank.id, bank.version, form, person_id=person.id)
        st.switch_page("app_pages/quiz.py", query_params={RESUME: token, ME: me})
else:
    st.error("No question bank could be loaded, so no assessment can start.")
