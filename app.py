"""Entry point: configures the page and routes to the screens in app_pages/."""

import streamlit as st

from ui.faults import store_faults
from ui.style import apply_style

st.set_page_config(
    page_title="Sales management or sales leadership?",
    page_icon="🧭",
    layout="centered",
    initial_sidebar_state="collapsed",
)
apply_style()

home = st.Page("app_pages/home.py", title="Home", icon="🏠", default=True)
quiz = st.Page("app_pages/quiz.py", title="Assessment", icon="📝", url_path="assessment")
results = st.Page("app_pages/results.py", title="Results", icon="📊", url_path="results")
history = st.Page(
    "app_pages/history.py",
    title="Your assessments",
    icon=":material/history:",
    url_path="history",
)
workshop_new = st.Page(
    "app_pages/workshop_new.py",
    title="Run a workshop",
    icon=":material/co_present:",
    url_path="workshop",
)
join = st.Page(
    "app_pages/join.py", title="Join a workshop", icon=":material/group_add:", url_path="join"
)
facilitate = st.Page(
    "app_pages/facilitate.py",
    title="Facilitator view",
    icon=":material/present_to_all:",
    url_path="facilitate",
)
banks = st.Page(
    "app_pages/banks.py",
    title="Your own question bank",
    icon=":material/upload_file:",
    url_path="banks",
)

analysis = st.Page(
    "app_pages/analysis.py",
    title="Item analysis",
    icon=":material/analytics:",
    url_path="analysis",
)

hr = st.Page("app_pages/hr.py", title="Promotion campaigns", icon=":material/badge:", url_path="hr")
hr_campaign = st.Page(
    "app_pages/hr_campaign.py",
    title="Campaign",
    icon=":material/folder_shared:",
    url_path="campaign-admin",
)
campaign = st.Page(
    "app_pages/campaign.py", title="Your invitation", icon=":material/mail:", url_path="campaign"
)

page = st.navigation(
    [
        home,
        quiz,
        results,
        history,
        workshop_new,
        join,
        facilitate,
        banks,
        analysis,
        hr,
        hr_campaign,
        campaign,
    ],
    position="hidden",
)
with store_faults():  # the one place a store failure becomes a message, never a traceback
    page.run()
