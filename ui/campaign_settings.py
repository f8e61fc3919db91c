"""The HR view's campaign as a whole: its header, its settings, closing it, and deleting
it with every person's data."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from store import Campaign, InvalidValue
from ui.clock import local_time
from ui.resources import library, store
from ui.text import plain


def campaign_header(campaign: Campaign) -> None:
    """The title, whether it is open, its banks and form, and the privacy minimum."""
    st.title(plain(campaign.title))
    banks = [library().banks[b].title if b in library().banks else b for b in campaign.bank_ids]
    state = (
        f"closed {local_time(campaign.closed_at)}; personal data deleted "
        f"{campaign.settings.retention_days} days after"
        if campaign.closed
        else "open"
    )
    st.caption(
        f"{', '.join(plain(b) for b in banks)} · {(campaign.form or 'full').capitalize()} "
        f"form · {state} · observer groups show from "
        f"{campaign.settings.minimum_observers} people"
    )


def settings_section(campaign: Campaign) -> None:
    """What may change after creation, closing, and deleting the whole campaign."""
    settings = campaign.settings
    with st.form("campaign_settings"):
        st.markdown("**Settings**")
        see = st.checkbox(
            "Candidates see their observers' summary (pooled, as HR sees it)",
            value=settings.candidates_see_observers,
        )
        minimum = st.number_input(
            "Observers needed before a group's results show", 2, 10, settings.minimum_observers
        )
        fast = st.number_input(
            "Flag answers faster than this many seconds per question",
            0.5,
            30.0,
            float(settings.fast_seconds_per_item),
            step=0.5,
        )
        retention = st.number_input(
            "Days personal data are kept after closing", 30, 3650, settings.retention_days
        )
        if st.form_submit_button("Save the settings", key="settings_submit"):
            try:
                store().update_campaign_settings(
                    campaign.id,
                    candidates_see_observers=see,
                    minimum_observers=int(minimum),
                    fast_seconds_per_item=float(fast),
                    retention_days=int(retention),
                )
            except InvalidValue as exc:
                st.error(plain(str(exc)))
            else:
                st.rerun()

    if not campaign.closed:
        st.markdown("**Close the campaign**")
        st.caption(
            "Closed, it takes no more answers and no new candidates or links; results and "
            "exports stay until the retention period ends."
        )
        if st.button("Close the campaign", icon=":material/lock:", key="close_campaign"):
            store().close_campaign(campaign.id)
            st.rerun()
    else:
        purge_on = campaign.closed_at + timedelta(days=campaign.settings.retention_days)
        st.info(
            f"Closed. `python -m store purge` deletes its personal data from "
            f"{local_time(purge_on)}.",
            icon=":material/lock:",
        )

    with st.form("delete_campaign"):
        st.markdown("**Delete the campaign**")
        typed = st.text_input("Type the campaign's title to confirm", key="delete_title")
        if st.form_submit_button(
            "Delete the campaign and all its data", type="primary", key="delete_campaign_submit"
        ):
            if typed.strip() != campaign.title:
                st.error("The title typed does not match: nothing was deleted.")
            else:
                store().delete_campaign(campaign.id)
                st.switch_page("app_pages/hr.py")
