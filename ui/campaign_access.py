"""Who may open a campaign's HR view: the owner, signed in from their browser.

As for facilitators (ui/access.py): the owner key is given once, typed or through the
private link (whose key leaves the address bar at once); the browser then keeps a random
sign-in token in a cookie and the store its hash, so a refresh or a restart needs no key
on screen. Wrong keys are throttled per client in the database.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import streamlit as st

from store import Campaign
from store.access import SIGN_IN_HOURS
from ui.access import (
    checked_key,
    end_sign_in,
    holds_sign_in,
    keep_sign_in,
    refused,
    remember,
    remembered,
    send_cookies,
)
from ui.links import CAMPAIGN, KEY
from ui.resources import store

OWNER_COOKIE = "campaign_"
"""Cookie name prefix; the campaign's id (hex) follows."""

MY_CAMPAIGNS_COOKIE = "my_campaigns"
"""The ids of the campaigns this browser opened (not secrets: opening one needs a
sign-in or the key)."""


def owner_access() -> Campaign | None:
    """The campaign this browser may run, or None after showing the sign-in form."""
    campaign_id = st.query_params.get(CAMPAIGN, "")
    key = st.query_params.get(KEY)
    campaign = store().campaign(campaign_id) if _looks_like_id(campaign_id) else None
    refused = False
    if key is not None:
        del st.query_params[KEY]
        refused = not _sign_in_with_key(campaign, key)
    if campaign is not None and owner_signed_in(campaign):
        send_cookies()
        return campaign
    send_cookies()  # a sign-out's cookie removal
    st.title("HR campaign")
    if refused:
        _refused()
    _sign_in_form(campaign)
    return None


def owner_signed_in(campaign: Campaign) -> bool:
    """Whether this browser is signed in as the campaign's owner (asked of the store on
    every run, so a sign-out or an expiry takes effect at once)."""
    return holds_sign_in(campaign.id, OWNER_COOKIE + campaign.id, store().signed_in_campaign)


def owner_sign_in(campaign: Campaign) -> None:
    """Sign this browser in as the campaign's owner (its key has been checked)."""
    keep_sign_in(campaign.id, OWNER_COOKIE + campaign.id, store().start_campaign_sign_in)
    remember(MY_CAMPAIGNS_COOKIE, campaign.id)


def owner_sign_out(campaign: Campaign) -> None:
    end_sign_in(campaign.id, OWNER_COOKIE + campaign.id, store().end_campaign_sign_in)


def my_campaign_ids() -> list[str]:
    """The campaigns this browser opened, most recent first."""
    return remembered(MY_CAMPAIGNS_COOKIE)


def _looks_like_id(value: str) -> bool:
    return len(value) == 32 and all(c in "0123456789abcdef" for c in value)


def _sign_in_with_key(campaign: Campaign | None, key: str) -> bool:
    return checked_key(
        "campaign",
        lambda: campaign is not None and store().campaign_owner_key_matches(campaign.id, key),
        lambda: owner_sign_in(campaign),
    )


def _refused() -> None:
    refused(
        "campaign",
        "That link or key does not open a campaign. Use the private link or the owner key "
        "shown when the campaign was created.",
    )


def link_parts(text: str) -> tuple[str, str]:
    """(campaign id, key) from a pasted private link; ("", text) for a bare key.

    >>> link_parts("https://x.org/campaign-admin?campaign=ab12&key=K3y")
    ('ab12', 'K3y')
    >>> link_parts("  K3y ")
    ('', 'K3y')
    """
    text = text.strip()
    query = parse_qs(urlsplit(text).query)
    if KEY in query:
        return query.get(CAMPAIGN, [""])[0], query[KEY][0]
    return "", text


def _sign_in_form(campaign: Campaign | None) -> None:
    st.write(
        "Paste the campaign's private link, or its owner key, as shown when the campaign "
        "was created. The key keeps candidates' results private; this browser then stays "
        f"signed in for {SIGN_IN_HOURS} hours, until you sign out."
    )
    with st.form("owner_key"):
        typed = st.text_input("Private link or owner key", type="password", key="owner_key")
        opened = st.form_submit_button("Open the campaign", type="primary")
    if opened:
        linked_id, key = link_parts(typed)
        target = campaign
        if linked_id:
            target = store().campaign(linked_id) if _looks_like_id(linked_id) else None
        if _sign_in_with_key(target, key):
            st.query_params[CAMPAIGN] = target.id
            st.rerun()
        _refused()
    st.page_link("app_pages/hr.py", label="Create a new campaign", icon=":material/add:")
