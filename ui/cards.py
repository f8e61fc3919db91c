"""The per-axis result card and the situation panel."""

from __future__ import annotations

import streamlit as st

from questions.bank import Axis, Pole
from scoring.fit import SituationFit, Verdict
from scoring.profile import AxisScore
from ui.text import plain

VERDICT_ICON = {
    Verdict.FITS: ":green[:material/check_circle:]",
    Verdict.BALANCED: ":blue[:material/swap_horiz:]",
    Verdict.PULLS_AGAINST: ":orange[:material/warning:]",
    Verdict.NO_SCORE: ":gray[:material/remove:]",
}


def _bullets(lines: tuple[str, ...]) -> None:
    st.markdown("\n".join(f"- {plain(line)}" for line in lines) or "—")


def _pole_tabs(pole: Pole) -> None:
    strengths, risks, tips = st.tabs(["Strengths", "Risks", "Development tips"])
    with strengths:
        _bullets(pole.strengths)
    with risks:
        _bullets(pole.risks)
    with tips:
        _bullets(pole.tips)


def axis_card(axis: Axis, result: AxisScore, earlier: AxisScore | None = None) -> None:
    """One axis: where the respondent sits, and what that pole brings, risks and needs."""
    with st.container(border=True):
        st.markdown(f"#### {plain(axis.title)}")
        if result.score is None:
            st.caption(
                f"Not enough answers for a score ({result.answered} of {result.items}; "
                "at least half are needed)."
            )
            return
        change = ""
        if earlier is not None and earlier.score is not None:
            change = f" · {result.score - earlier.score:+.1f} since last time"
        st.markdown(f"**{result.score:+.1f} · {plain(result.band_label)}**{change}")
        side = result.band.side
        if side is None:
            left, right = st.columns(2)
            for column, pole in ((left, axis.left), (right, axis.right)):
                column.markdown(f"**{plain(pole.label)}**: {plain(pole.summary)}")
            st.caption(
                "You draw on both sides. Your strength is range; your risk is that the "
                "team cannot predict which side they will get."
            )
            return
        pole = axis.pole(side)
        st.write(pole.summary)
        _pole_tabs(pole)


def situation_panel(fit: SituationFit) -> None:
    """A ticked situation: the style it calls for, and how the profile sits on its axes."""
    with st.container(border=True):
        st.markdown(f"**{plain(fit.situation.label)}** calls for more **{plain(fit.style)}**.")
        st.caption(fit.situation.why)
        for axis in fit.axes:
            score = "no score" if axis.score is None else f"{axis.score:+.1f}"
            st.markdown(
                f"{VERDICT_ICON[axis.verdict]} {plain(axis.title)}: asks for "
                f"*{plain(axis.called_for)}*; you are at {score}: **{axis.verdict.value}**"
            )
