"""The readiness section of the results page: what the profile says about readiness for
a first management role, overall and per axis, with its caution. Renders nothing for a
bank without a readiness guide. Every text comes from the bank, shown through `plain`."""

from __future__ import annotations

import streamlit as st

from questions.bank import Bank
from scoring.profile import Profile
from scoring.readiness import readiness_reading
from ui.text import plain


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1f}"


def readiness_section(bank: Bank, profile: Profile) -> None:
    """The section for `profile` (a profile of `bank`); nothing when the bank has none."""
    reading = readiness_reading(bank, profile)
    if reading is None:
        return
    st.header(plain(reading.title))
    if reading.intro:
        st.markdown(plain(reading.intro))
    with st.container(border=True):
        st.markdown(
            f"**Overall: {_score(reading.overall_score)} · {plain(reading.overall_band_label)}**"
        )
        st.markdown(plain(reading.overall))
    for axis in reading.axes:
        with st.container(border=True):
            st.markdown(f"#### {plain(axis.title)}")
            if axis.note is None:
                st.caption(plain(reading.unscored))
                continue
            st.markdown(f"**{_score(axis.score)} · {plain(axis.band_label)}**")
            st.markdown(plain(axis.note.means))
            st.markdown(f"**What it brings:** {plain(axis.note.brings)}")
            st.markdown(f"**What to watch:** {plain(axis.note.watch)}")
    st.info(plain(reading.caution), icon=":material/info:")
