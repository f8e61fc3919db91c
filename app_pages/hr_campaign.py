"""One campaign, for its HR owner only: candidates and links, progress, the comparison,
one candidate in detail, exports, and the campaign's settings and data."""

import streamlit as st

from ui.campaign_access import owner_access, owner_sign_out
from ui.campaign_people import (
    add_candidates_section,
    delete_candidate_section,
    issued_links_section,
    lost_link_section,
    observers_section,
    progress_section,
)
from ui.campaign_respondent import campaign_banks
from ui.campaign_results import (
    candidate_report,
    candidate_section,
    comparison_section,
    exports_section,
    results_by_bank,
    side_by_side_section,
)
from ui.campaign_settings import campaign_header, settings_section
from ui.resources import store
from ui.text import plain

campaign = owner_access()
if campaign is None:
    st.stop()

with st.sidebar:
    if st.button("Sign out of this campaign", icon=":material/logout:", key="sign_out"):
        owner_sign_out(campaign)
        st.rerun()

campaign_header(campaign)
banks = campaign_banks(campaign)  # at the versions its respondents answered

people, progress, compare, detail, settings = st.tabs(
    ["Candidates and links", "Progress", "Compare", "One candidate", "Settings and data"]
)
with people:
    add_candidates_section(campaign)
candidates = store().candidates(campaign.id)  # read after an add, so the forms below offer them
scored = results_by_bank(campaign, banks)  # read once, shown in two tabs
with people:
    observers_section(campaign, candidates)
    issued_links_section(campaign)
    lost_link_section(campaign, candidates)
with progress:
    progress_section(campaign)
with compare:
    for bank in banks:
        st.subheader(bank.title)
        results, by_person = scored[bank.id]
        comparison_section(results, by_person, key=bank.id)
        side_by_side_section(results, bank)
        exports_section(campaign, bank, results, by_person)
with detail:
    if candidates:
        who = st.selectbox(
            "Candidate", candidates, format_func=lambda c: plain(c.name), key="detail_who"
        )
        theirs = []
        for bank in banks:
            st.subheader(bank.title)
            for result in scored[bank.id][0]:
                if result.candidate.person_id == who.person_id:
                    candidate_section(result, bank)
                    theirs.append(result)
        candidate_report(campaign, theirs)
    else:
        st.info("No candidates yet.")
with settings:
    settings_section(campaign)
    delete_candidate_section(campaign, candidates)
