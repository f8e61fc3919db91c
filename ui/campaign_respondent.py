"""What a campaign link opens for the person who answers: the consent notice, then each
of the campaign's questionnaires in turn; a thank-you for an observer, their own results
for a candidate (and their observers' pooled summary, if HR allows it).

An observer's browser receives the questions and a thank-you, nothing else; a
candidate's receives only their own results and aggregates the privacy rule allows.
"""

from __future__ import annotations

import streamlit as st

from questions.bank import Bank
from reports.campaign import candidate_results
from scoring.raters_chart import gap_chart
from store import Campaign, CampaignClosed, Invitation, NoConsent, Sheet
from store.tokens import sheet_token
from ui.campaign_text import campaign_text
from ui.links import INVITE, RESUME
from ui.resources import bank_version, library, store
from ui.text import plain


def invitation_page(token: str, invitation: Invitation) -> None:
    """The campaign page for a valid link."""
    campaign = store().campaign(invitation.campaign_id)
    st.title(plain(campaign.title))
    about = _about(invitation)
    sheets = store().invitation_sheets(invitation.id)
    if campaign.closed and not (sheets and all(sheet.finished for sheet in sheets)):
        st.warning(
            "This campaign is closed and takes no more answers. Thank you for your time; "
            "whatever you answered is kept until HR deletes it.",
            icon=":material/lock:",
        )
        return
    if not invitation.consented:
        st.write(about)
        st.subheader("Before you start")
        with st.container(border=True):
            st.write(plain(campaign.settings.consent_text))
        if st.button("I agree: start", type="primary", icon=":material/check:", key="consent"):
            try:
                store().record_consent(invitation.id)
                store().start_invitation_sheets(invitation.id, _banks(campaign), token)
            except CampaignClosed:
                st.rerun()
            st.rerun()
        st.caption("If you do not agree, close this page: nothing about you is stored.")
        return
    if not sheets:  # consented, but the sheets were not started (a failure in between)
        try:
            sheets = store().start_invitation_sheets(invitation.id, _banks(campaign), token)
        except (CampaignClosed, NoConsent):
            st.rerun()
    st.write(about)
    _questionnaires(token, invitation, sheets)


def _about(invitation: Invitation) -> str:
    if invitation.role == "self":
        return (
            "These questions are about how you run (or would run) a sales team. There are "
            "no right answers: answer as you really work, not as you think you should."
        )
    rated = store().person(invitation.rates_person_id)
    name = plain(rated.display_name) if rated and rated.display_name else "a colleague"
    return (
        f"These questions are about how **{name}** works with people, as you have seen it. "
        "Answer from what you have observed; skip a question you cannot judge. Your answers "
        "are combined with other colleagues' and never shown on their own."
    )


def _banks(campaign: Campaign) -> list[tuple[str, int]]:
    """The campaign's banks at the versions its first respondent got (the library's
    newest before anyone started)."""
    banks = campaign_banks(campaign)
    if len(banks) < len(campaign.bank_ids):
        st.error(
            "A questionnaire of this campaign is not available on this server just now. "
            "Please try again later, or tell HR."
        )
        st.stop()
    return [(bank.id, bank.version) for bank in banks]


def campaign_banks(campaign: Campaign) -> list[Bank]:
    """The campaign's banks, in its order, each at its pinned version
    (store.campaign_bank_versions) or, before anyone started, the newest; a bank this
    server does not offer now is left out."""
    pinned = store().campaign_bank_versions(campaign.id)
    newest = library().banks
    found = [
        bank_version(b, pinned[b]) if b in pinned else newest.get(b) for b in campaign.bank_ids
    ]
    return [bank for bank in found if bank is not None]


def _questionnaires(token: str, invitation: Invitation, sheets: list[Sheet]) -> None:
    """Each questionnaire with its state, and the way on."""
    for number, sheet in enumerate(sheets, start=1):
        bank = bank_version(sheet.bank_id, sheet.bank_version)
        title = plain(bank.title) if bank else sheet.bank_id
        state = "finished" if sheet.finished else ("in progress" if sheet.page else "to do")
        st.markdown(f"{number}. **{title}** — {state}")
    waiting = [sheet for sheet in sheets if not sheet.finished]
    if waiting:
        label = "Continue" if any(s.finished or s.page for s in sheets) else "Start"
        if st.button(label, type="primary", icon=":material/arrow_forward:", key="go"):
            st.switch_page("app_pages/quiz.py", query_params=_sheet_params(token, waiting[0]))
        st.caption("Your answers are saved as you go: this link brings you back where you were.")
    elif invitation.role == "observer":
        st.success(campaign_text("observer_thanks"), icon=":material/favorite:")
    else:
        st.success("You have answered everything. Thank you.", icon=":material/check_circle:")
        for sheet in sheets:
            bank = bank_version(sheet.bank_id, sheet.bank_version)
            st.page_link(
                "app_pages/results.py",
                label=f"Your results: {plain(bank.title) if bank else sheet.bank_id}",
                icon=":material/bar_chart:",
                query_params=_sheet_params(token, sheet),
            )


def _sheet_params(token: str, sheet: Sheet) -> dict[str, str]:
    """A sheet's link from the invitation: its own resume token and the invitation's."""
    return {RESUME: sheet_token(token, sheet.bank_id), INVITE: token}


def observer_done() -> None:
    """The results page for an observer's sheet: a thank-you and the way on, no scores."""
    st.title("Thank you")
    st.write(campaign_text("observer_thanks"))
    _back_to_invitation()


def _back_to_invitation() -> None:
    if invite := st.query_params.get(INVITE):
        st.page_link(
            "app_pages/campaign.py",
            label="Back to your invitation (any questionnaire left to answer is there)",
            icon=":material/arrow_back:",
            query_params={INVITE: invite},
        )


def candidate_panel(sheet: Sheet, bank: Bank) -> None:
    """On a candidate's results page: the way back to the invitation, and their
    observers' pooled summary when HR allows it and enough observers have finished."""
    _back_to_invitation()
    campaign = store().campaign(sheet.campaign_id)
    if campaign is None or not campaign.settings.candidates_see_observers:
        return
    candidate = next(
        (c for c in store().candidates(campaign.id) if c.person_id == sheet.person_id), None
    )
    if candidate is None:
        return
    sheets = store().campaign_sheets(campaign.id, candidate.person_id)
    ids = [s.id for s in sheets if s.finished]
    [result] = candidate_results(
        campaign,
        bank,
        [candidate],
        sheets,
        store().sheet_answers_frame(ids),
        store().sheet_answers_frame(ids, times=True),
    )
    st.header("How others see you")
    if not result.view.shown():
        st.info(
            f"Your observers' summary appears once {campaign.settings.minimum_observers} of "
            "them have finished, so that no one's answers can be told apart.",
            icon=":material/group:",
        )
        return
    st.write(
        "The mean of your observers' answers beside your own. Self-ratings and others' "
        "ratings usually differ; a gap is something to talk about, not a verdict on who "
        "is right."
    )
    st.altair_chart(gap_chart(result.view, bank), theme=None, width="stretch")
    st.caption(f"Based on {result.view.observers.raters} observers' answers.")
