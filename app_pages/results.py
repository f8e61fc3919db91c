"""Results: the profile chart, one card per axis, what fits your situation, downloads,
and a retake compared with the earlier attempt."""

import streamlit as st

from scoring.charts import profile_chart
from scoring.fit import situation_fit
from scoring.profile import score
from ui.cards import axis_card, situation_panel
from ui.comparison import group_comparison
from ui.downloads import download_row
from ui.links import RESUME, linked_sheet, resume_token, resume_url
from ui.resources import library, sheet_bank, store

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
        query_params={RESUME: resume_token()},
    )
    st.stop()

bank = sheet_bank(sheet)

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

st.title("Your profile")
if cut_short:
    st.caption(f"{bank.title} · from the answers you gave before the workshop closed")
else:
    st.caption(f"{bank.title} · finished {sheet.finished_at:%d %B %Y}")

overall, position = st.columns([1, 2])
overall.metric(
    "Overall",
    "—" if profile.overall is None else f"{profile.overall:+.1f}",
    delta=None
    if previous is None or previous.overall is None or profile.overall is None
    else f"{profile.overall - previous.overall:+.1f} since last time",
    delta_color="off",
)
position.markdown(
    f"**{profile.overall_band_label}**  \n"
    f"on a scale from -100 (wholly {bank.poles.left.lower()}) to +100 "
    f"(wholly {bank.poles.right.lower()}); 0 is an even balance."
)

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

st.header("Axis by axis")
st.caption("Strongest lean first.")
for result in profile.strongest_first():
    earlier = previous.axis(result.axis_id) if previous else None
    axis_card(bank.axis(result.axis_id), result, earlier)

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
        key=f"situations:{sheet.id}",
    )
    fits = situation_fit(situations, profile, chosen)
    for fit in fits:
        situation_panel(fit)

st.header("Keep your results")
download_row(
    bank, sheet, answers, profile, previous, fits, previous_sheet.id if previous_sheet else None
)

st.header("Come back later")
st.write("This private link reopens these results, and lets you take the assessment again.")
st.code(resume_url(resume_token()), language=None)
if st.button("Take it again", icon=":material/replay:", key="retake"):
    _, token = store().start_sheet(bank.id, bank.version, sheet.form, person_id=sheet.person_id)
    st.switch_page("app_pages/quiz.py", query_params={RESUME: token})
st.page_link("app_pages/home.py", label="Start a different assessment", icon=":material/home:")
