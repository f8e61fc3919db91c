"""HR campaigns: create one (title, banks, form, how many observers before any of their
results show, what candidates see, consent, retention), then its owner key, shown once.
Below, the campaigns this browser opened."""

import streamlit as st

from questions.bank import FULL_FORM
from scoring.raters import MINIMUM
from store import TITLE_CHARS, InvalidValue
from ui.access import send_cookies
from ui.campaign_access import my_campaign_ids, owner_sign_in, owner_signed_in
from ui.campaign_text import campaign_text
from ui.links import CAMPAIGN, owner_url
from ui.resources import library, store
from ui.text import plain

CREATED = "campaign_created"
READINESS = "readiness"
"""The bank written for promotion decisions, offered first."""

st.title("Promotion campaigns")
send_cookies()  # this browser's sign-in to the campaign just created

if created := st.session_state.get(CREATED):
    campaign_id, key = created
    campaign = store().campaign(campaign_id)
    st.success(f"**{plain(campaign.title)}** is ready.", icon=":material/check_circle:")
    with st.container(border=True):
        st.markdown("#### :material/key: Your owner key: save it now")
        st.write(
            "It is shown only this once and is stored only as a fingerprint. This browser "
            "stays signed in for the day; on another computer, or after you sign out, the "
            "key or this private link opens the campaign. Anyone who has it can see every "
            "candidate's results, so keep it as you keep personnel files."
        )
        st.code(key, language=None, wrap_lines=True)
        st.code(owner_url(campaign_id, key), language=None, wrap_lines=True)
    if st.button(
        "Open the campaign", type="primary", icon=":material/arrow_forward:", key="cp_open"
    ):
        del st.session_state[CREATED]
        st.switch_page("app_pages/hr_campaign.py", query_params={CAMPAIGN: campaign_id})
    st.stop()

st.write(
    "A campaign collects each promotion candidate's own answers and those of people who "
    "work with them (their manager, peers, direct reports), and shows both side by side. "
    "Self-ratings and others' ratings agree only modestly, so neither is treated as the "
    "truth: the results prepare a conversation, they do not make a decision."
)

lib = library()
usable = {
    bank_id: bank
    for bank_id, bank in lib.banks.items()
    if not bank.observer_problems() and bank_id not in lib.custom
}
usable.update({b: lib.banks[b] for b in lib.custom if not lib.banks[b].observer_problems()})
if not usable:
    st.error(
        "No question bank here has observer wording, so no campaign can collect 360 "
        "answers. See docs/banks.md on the observer field."
    )
    st.stop()

with st.form("new_campaign"):
    title = st.text_input(
        "Campaign title",
        max_chars=TITLE_CHARS,
        placeholder="e.g. Sales manager promotions, spring 2027",
        help="Candidates and observers see it on their invitation page.",
        key="cp_title",
    )
    chosen = st.multiselect(
        "Question banks",
        list(usable),
        default=[READINESS] if READINESS in usable else list(usable)[:1],
        format_func=lambda b: plain(usable[b].title),
        help="Each respondent answers every bank chosen, in this order.",
        key="cp_banks",
    )
    forms = sorted(
        set.intersection(*(set(usable[b].form_names) for b in usable)) | {FULL_FORM},
        key=lambda f: len(next(iter(usable.values())).form_items(f)),
    )
    form = st.radio(
        "Form",
        forms,
        format_func=lambda f: f.capitalize(),
        help="The quick form rests each axis on fewer answers; the full form gives firmer "
        "readings.",
        key="cp_form",
    )
    minimum = st.number_input(
        "Observers needed before a group's results show",
        min_value=2,
        max_value=10,
        value=MINIMUM,
        help="A group of observers smaller than this is pooled with others and never shown "
        "alone (a manager is one known person and shows alone).",
        key="cp_minimum",
    )
    candidates_see = st.checkbox(
        "Candidates see their observers' summary (pooled as above) beside their own results",
        key="cp_see",
    )
    consent = st.text_area(
        "Consent notice",
        value=campaign_text("consent"),
        height=180,
        max_chars=3000,
        key="cp_consent",
    )
    retention = st.number_input(
        "Delete the campaign's personal data this many days after it is closed",
        min_value=30,
        max_value=3650,
        value=365,
        help="`python -m store purge` deletes closed campaigns past their retention period.",
        key="cp_retention",
    )
    fast = st.number_input(
        "Flag answers faster than this many seconds per question",
        min_value=0.5,
        max_value=30.0,
        value=2.0,
        step=0.5,
        key="cp_fast",
    )
    create = st.form_submit_button("Create the campaign", type="primary", key="cp_create")

if create:
    try:
        campaign, key = store().create_campaign(
            title,
            chosen,
            None if form == FULL_FORM else form,
            consent_text=consent,
            minimum_observers=int(minimum),
            candidates_see_observers=candidates_see,
            retention_days=int(retention),
            fast_seconds_per_item=float(fast),
        )
    except InvalidValue as exc:
        st.error(plain(str(exc)), icon=":material/error:")
    else:
        owner_sign_in(campaign)
        st.session_state[CREATED] = (campaign.id, key)
        st.rerun()

st.subheader("Your campaigns")
mine = [c for c in (store().campaign(i) for i in my_campaign_ids()) if c is not None]
if not mine:
    st.caption("Campaigns you create or open in this browser are listed here.")
for campaign in mine:
    state = "closed" if campaign.closed else "open"
    access = "" if owner_signed_in(campaign) else " · needs its key to open"
    st.page_link(
        "app_pages/hr_campaign.py",
        label=f"{plain(campaign.title)} ({state}{access})",
        icon=":material/folder_shared:",
        query_params={CAMPAIGN: campaign.id},
    )
st.page_link(
    "app_pages/hr_campaign.py",
    label="Open a campaign with its private link or key",
    icon=":material/key:",
)
