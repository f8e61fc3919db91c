"""The app's few style touches: calm spacing and readable cards on a laptop or a phone."""

import streamlit as st

_CSS = """
<style>
  .block-container {padding-top: 2.2rem; max-width: 780px;}
  div[data-testid="stRadio"] > label p {font-size: 1.02rem; font-weight: 400; line-height: 1.5;}
  div[data-testid="stRadio"] div[role="radiogroup"] {gap: 0.45rem;}
  div[data-testid="stRadio"] div[role="radiogroup"] label p {font-size: 0.96rem;}
</style>
"""


def apply_style() -> None:
    st.html(_CSS)


def scroll_to_top(key: str) -> None:
    """Bring a new page of questions into view; runs again whenever `key` changes."""
    st.html(
        f"<script>/* {key} */"
        "for (const el of window.parent.document.querySelectorAll("
        '\'[data-testid="stMain"], [data-testid="stAppViewContainer"]\')) el.scrollTo(0, 0);'
        "window.scrollTo(0, 0);</script>",
        unsafe_allow_javascript=True,
    )
