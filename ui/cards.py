"""The per-axis result card, the norms panel and the situation panel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from questions.bank import Axis, Pole
from scoring.fit import SituationFit, Verdict
from scoring.norms import MIN_NORM_COHORT, Norms
from scoring.precision import Change, axis_reading
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


def axis_card(
    axis: Axis, result: AxisScore, change: Change | None = None, advice: str = ""
) -> None:
    """One axis: where the respondent sits, how many answers that rests on, and what
    that pole brings, risks and needs. `change` is the difference from the earlier
    attempt (scoring.precision), `advice` what would firm up a tentative reading."""
    with st.container(border=True):
        st.markdown(f"#### {plain(axis.title)}")
        if result.score is None:
            st.caption(
                f"Not enough answers for a score ({result.answered} of {result.items}; "
                "at least half are needed)."
            )
            return
        reading = axis_reading(result)
        st.markdown(f"**{result.score:+.1f} · {plain(reading.words)}**")
        basis = reading.basis[:1].upper() + reading.basis[1:]
        if not reading.firm:
            basis += f"; tentative: {advice}" if advice else "; tentative"
        st.caption(basis + ".")
        if change is not None:
            st.caption(change.text[:1].upper() + change.text[1:] + ".")
        side = reading.band.side
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


def norms_panel(result: Norms) -> None:
    """Percentiles against one cohort: only percentiles and counts reach the browser."""
    shown = [a for a in result.axes if a.shown]
    if not shown:
        most = max((a.people for a in result.axes), default=0)
        st.caption(
            f"Percentiles against {plain(result.cohort)} appear once at least "
            f"{MIN_NORM_COHORT} of them have a score on an axis ({most} so far, you not "
            "counted)."
        )
        return
    table = pd.DataFrame(
        {
            "Axis": [a.title for a in shown],
            "Percentile": [round(a.percentile) for a in shown],
            "People": [a.people for a in shown],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "Percentile": st.column_config.ProgressColumn(
                "Percentile", min_value=0, max_value=100, format="%d"
            ),
        },
    )
    withheld = len(result.axes) - len(shown)
    note = (
        "A percentile of 70 means that 70% of the group scored nearer the left-hand pole "
        "than you (ties counted half): the higher it is, the further you stand toward the "
        "right-hand pole compared with them."
    )
    if withheld:
        note += f" {withheld} axes have fewer than {MIN_NORM_COHORT} scores and are not shown."
    st.caption(note)


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
