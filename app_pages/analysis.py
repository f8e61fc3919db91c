"""Item analysis, for HR and trainers: choose the answers (an uploaded CSV, or a
workshop this browser facilitates), then see per axis how well its questions hang
together, and which questions to look at first."""

import streamlit as st

from ui.analysis import (
    UPLOAD,
    choose_source,
    introduction,
    show_analysis,
    upload_source,
    workshop_source,
)

st.title("Item analysis")
introduction()

source = choose_source()
analysis = upload_source() if source == UPLOAD else workshop_source()
if analysis is not None:
    show_analysis(analysis)
