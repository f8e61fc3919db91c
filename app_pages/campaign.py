"""A campaign link (?invite=TOKEN): the consent notice, then the person's questionnaires,
one after the other; see ui/campaign_respondent.py."""

import streamlit as st

from ui.campaign_respondent import invitation_page
from ui.links import INVITE, show_unknown_link
from ui.resources import store

token = st.query_params.get(INVITE, "")
invitation = store().invitation_by_token(token)
if invitation is None:
    show_unknown_link()
    st.stop()
invitation_page(token, invitation)
