"""Results: the profile chart, one card per axis (each saying how many answers it rests
on), how the scores compare with a cohort, what fits your situation, downloads, and a
retake compared with the earlier attempt (a change only beyond the measurement error)."""

import pandas as pd
import streamlit as st

from questions.bank import FULL_FORM, Bank
from reports.earlier import Earlier, compare
from scoring import InvalidCells, score_frame
from scoring.charts import profile_chart
from scoring.fit import situation_fit
from scoring.norms import norms
from scoring.precision import (
    Spread,
    axis_change,
    axis_spreads,
    firmer_advice,
    overall_change,
    overall_reading,
)
from scoring.profile import score
from ui.campaign_respondent import candidate_panel, observer_done
from ui.cards import axis_card, norms_panel, situation_panel
from ui.comparison import group_comparison
from ui.downloads import download_row
from ui.links import (
    ME,
    RESUME,
    history_token,
    linked_sheet,
    sheet_params,
    show_history_link,
    show_resume_link,
)
from ui.readiness import readiness_section
from ui.resources import library, sheet_bank, store
from ui.style import PROFILE_CHART, SITUATIONS
from ui.text import plain

# How long a cohort's scores are kept before the store is read again, so a results page
# does not rescore thousands of sheets per view. (A comment: a bare string in a page
# script would be written to the page.)
COHORT_SECONDS = 600


@st.cache_data(ttl=COHORT_SECONDS, max_entries=64, show_spinner=False)
def bank_cohort(
    database: str, bank_id: str, version: int, form: str | None, _bank: Bank
) -> tuple[pd.DataFrame | None, dict[str, Spread]]:
    """The scores of every finished self-assessment of this bank version and form (kept
    on the server), and each axis's item spread s for the measurement error. `database`
    (the store's URL) is part of the key only."""
    answers = store().cohort_answers(bank_id, version, form)
    try:
        return score_frame(_bank, answers, form), axis_spreads(_bank, form, answers)
    except InvalidCells:  # answers of an earlier edit of the bank: no cohort, the default s
        return None, axis_spreads(_bank, form)


@st.cache_data(ttl=COHORT_SECONDS, max_entries=64, show_spinner=False)
def workshop_cohort(
    database: str, workshop_id: str, form: str | None, _bank: Bank
) -> pd.DataFrame | None:
    """The scores of a workshop's finished participants (kept on the server)."""
    try:
        return score_frame(_bank, store().workshop_answers(workshop_id), form)
    except InvalidCells:
        return None


sheet = linked_sheet()
workshop = store().workshop(sheet.workshop_id) if sheet.workshop_id else None
cut_short = not sheet.finished and workshop is not None and workshop.closed
if not sheet.finished and not cut_short:
    st.info(
        "This assessment is not finished yet: your results appear when it is.",
        icon=":material/edit_note:",
    )
    st.page_link(
        "app_pages/quiz.py",
        label="Continue the assessment",
        icon=":material/arrow_forward:",
        query_params=sheet_params(),
    )
    st.stop()

if sheet.role == "observer":  # an observer's answers are never shown back, even to them
    observer_done()
    st.stop()

bank = sheet_bank(sheet)
own = sheet.role == "self" and sheet.campaign_id is None  # has a history (app_pages/history.py)

answers = store().answers(sheet.id)  # a skipped item is stored as None: unanswered
profile = score(bank, answers, sheet.form)
earlier_sheets = [
    s
    for s in store().sheets_of_person(sheet.person_id, bank.id)
    if s.finished and s.id != sheet.id and s.started_at < sheet.started_at
]
previous_sheet = earlier_sheets[-1] if earlier_sheets else None
previous = (
    score(bank, store().answers(previous_sheet.id), previous_sheet.form) if previous_sheet else None
)
database = str(store().engine.url)
cohort_scores, spreads = bank_cohort(database, bank.id, bank.version, sheet.form, bank)
earlier_spreads = (
    bank_cohort(database, bank.id, bank.version, previous_sheet.form, bank)[1]
    if previous_sheet
    else {}
)
reading = overall_reading(profile)
advice = firmer_advice(bank, sheet.form)

newer = [
    s
    for s in store().sheets_of_person(sheet.person_id)
    if s.role == "self" and s.started_at > sheet.started_at
]
if own and newer and (me := history_token(sheet)):
    st.info(
        f"You have a newer assessment from {newer[-1].started_at:%d %b}: see all your assessments.",
        icon=":material/update:",
    )
    st.page_link(
        "app_pages/history.py",
        label="All your assessments",
        icon=":material/history:",
        query_params={ME: me},
    )

st.title("Your profile")
if cut_short:
    st.caption(f"{bank.title} · from the answers you gave before the workshop closed")
else:
    st.caption(f"{bank.title} · finished {sheet.finished_at:%d %B %Y}")

overall, position = st.columns([1, 2])
overall.metric("Overall", "—" if profile.overall is None else f"{profile.overall:+.1f}")
change = overall_change(previous, profile, earlier_spreads, spreads) if previous else None
if change is not None:
    overall.caption(change.text[:1].upper() + change.text[1:] + ".")
headline = reading.words
if profile.overall is not None and not reading.firm:
    headline += " (tentative)"
position.markdown(
    f"**{headline}**  \n"
    f"on a scale from -100 (wholly {bank.poles.left.lower()}) to +100 "
    f"(wholly {bank.poles.right.lower()}); 0 is an even balance. "
    f"Based on {reading.answered} of {reading.items} answers."
)
if profile.overall is not None and not reading.firm:
    position.caption(
        f"A tentative reading: {reading.note}, and a score is firm (and may be called "
        f"Strongly one pole) only from 3 answers on its axis; {advice}."
    )

with st.container(key=PROFILE_CHART):  # ui/style.py keeps the chart's toolbar off the text
    st.altair_chart(profile_chart(profile, previous), theme=None, width="stretch")
legend = "Each row is one distinction; the dot is where you stand, the shaded middle is balanced."
if previous_sheet is not None:
    legend += f" The grey ring is your earlier attempt of {previous_sheet.finished_at:%d %B %Y}."
st.caption(legend)
st.info(
    "Neither end is the better one. A strong lean is a strength where it fits the "
    "situation and a risk where it does not; balance gives range but can blur direction.",
    icon=":material/balance:",
)

group_comparison(sheet, bank, profile)
if sheet.campaign_id is not None:
    candidate_panel(sheet, bank)

cohorts = {}
room = workshop_cohort(database, workshop.id, sheet.form, bank) if workshop else None
if workshop is not None and room is not None:
    cohorts[f"the others who finished {workshop.title}"] = room
if cohort_scores is not None:
    form_name = sheet.form or FULL_FORM
    cohorts[f"everyone who finished the {form_name} form of {bank.title}"] = cohort_scores
if cohorts:
    st.header("Compared with others")
    names = list(cohorts)
    chosen = names[0]
    if len(names) > 1:
        chosen = st.selectbox("Compared with", names, key=f"cohort:{sheet.id}")
    result = norms(profile, cohorts[chosen], chosen, exclude=sheet.id)
    if result.shown:
        st.caption(f"Compared with {plain(chosen)}: {result.people} people (you are not counted).")
    norms_panel(result)

st.header("Axis by axis")
st.caption("Strongest lean first.")
for result in profile.strongest_first():
    moved = None
    if previous is not None:
        earlier = previous.axis(result.axis_id)
        moved = axis_change(
            earlier, result, earlier_spreads[result.axis_id], spreads[result.axis_id]
        )
    axis_card(
        bank.axis(result.axis_id), result, moved, firmer_advice(bank, sheet.form, result.axis_id)
    )
if previous is not None:
    spread = next(iter(spreads.values()))
    st.caption(
        "A difference from your earlier attempt counts as a change only when it is larger "
        "than 1.96 times the combined standard error of the two scores (each 100 s / "
        f"sqrt(answers); s is {spread.source}). See the README, How firm a score is."
    )

readiness_section(bank, profile)

lib = library()
situations = lib.situations if lib.situations and lib.situations.bank == bank.id else None
fits = []
if situations is not None:
    st.header(situations.title)
    st.write(situations.intro)
    chosen = st.pills(
        "Your situation",
        [s.id for s in situations.situations],
        format_func=lambda sid: situations.situation(sid).label,
        selection_mode="multi",
        key=f"{SITUATIONS}:{sheet.id}",
    )
    fits = situation_fit(situations, profile, chosen)
    for fit in fits:
        situation_panel(fit)

st.header("Keep your results")
comparison = None
if previous_sheet is not None:
    taken = previous_sheet.finished_at or previous_sheet.started_at
    comparison = compare(bank, Earlier(previous, taken, earlier_spreads), profile, spreads)
download_row(
    bank, sheet, answers, profile, fits, comparison, previous_sheet.id if previous_sheet else None
)

st.header("Come back later")
st.write("This private link reopens these results, and lets you take the assessment again.")
show_resume_link()
if own:
    show_history_link(sheet)
if sheet.campaign_id is None and st.button("Take it again", icon=":material/replay:", key="retake"):
    _, token = store().start_sheet(bank.id, bank.version, sheet.form, person_id=sheet.person_id)
    st.switch_page("app_pages/quiz.py", query_params=sheet_params() | {RESUME: token})
st.page_link("app_pages/home.py", label="Start a different assessment", icon=":material/home:")
