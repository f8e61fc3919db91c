"""Your own question bank: the template, an upload checked and previewed, saved for every
replica; the custom banks this server keeps (the page itself is ui.banks.bank_page)."""

import streamlit as st

from ui.banks import bank_page, uploaded_file

bank_page(uploaded_file)

st.divider()
home, workshop = st.columns(2)
home.page_link("app_pages/home.py", label="Take an assessment", icon=":material/home:")
workshop.page_link(
    "app_pages/workshop_new.py", label="Run a workshop", icon=":material/co_present:"
)
