"""Charts into the page: a chart is turned into its Vega-Lite spec once (and cached by
the caller), so a live refresh only sends it. What the spec holds is what the browser
receives: group charts are drawn from aggregates only (scoring.group.GroupSummary)."""

from __future__ import annotations

import threading
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

try:  # the lock Streamlit holds while it changes Altair's process-wide settings
    from streamlit.elements.vega_charts import _altair_globals_lock as ALTAIR_LOCK
except ImportError:  # another Streamlit: a lock of our own still orders our threads
    ALTAIR_LOCK = threading.Lock()

_FRAMES = "page_frames"
alt.data_transformers.register(_FRAMES, lambda data, frames: _named_frame(data, frames))

Chart = dict[str, Any]
"""A chart ready to show: a Vega-Lite spec whose datasets are DataFrames."""


def _named_frame(data: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> dict[str, str]:
    for name, known in frames.items():
        if known is data:  # one frame drawn by several layers is sent once
            return {"name": name}
    name = f"data-{len(frames)}"
    frames[name] = data
    return {"name": name}


def prepared(chart: alt.TopLevelMixin) -> Chart:
    """The chart as a Vega-Lite spec. Its data stays as DataFrames (Streamlit sends them
    as Arrow) and it is not validated again: the chart functions' tests validate them."""
    frames: dict[str, pd.DataFrame] = {}
    with ALTAIR_LOCK, alt.data_transformers.enable(_FRAMES, frames=frames):
        spec = chart.to_dict(validate=False)
    spec["datasets"] = {**spec.get("datasets", {}), **frames}
    return spec


def show_chart(chart: Chart) -> None:
    st.vega_lite_chart(spec=chart, theme=None, width="stretch")
