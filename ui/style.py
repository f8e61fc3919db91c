"""The app's few style touches: calm spacing and readable cards on a laptop or a phone.

Rules aimed at one element go through the class Streamlit gives a keyed element or
container, st-key-<key> (characters other than letters, digits, - and _ become -):
likert scales (ui/items.py, likert_key), the situation pills (app_pages/results.py),
the profile chart and the private link (ui/links.py, show_link).
"""

import streamlit as st

LIKERT = "likert"
"""A likert item's container is keyed likert:<sheet>:<item> (ui/items.py)."""
SITUATIONS = "situations"
"""The situation pills are keyed situations:<sheet> (app_pages/results.py)."""
LINK = "link"
"""A link to copy is keyed link:<name> (ui/links.py)."""
PROFILE_CHART = "profile_chart"
"""The results page's profile chart."""

_CSS = f"""
<style>
  .block-container {{padding-top: 2.2rem; max-width: 780px;}}
  [data-testid="stMainBlockContainer"]:focus {{outline: none;}}
  div[data-testid="stRadio"] > label p {{font-size: 1.02rem; font-weight: 400; line-height: 1.5;}}
  div[data-testid="stRadio"] div[role="radiogroup"] {{gap: 0.45rem;}}
  div[data-testid="stRadio"] div[role="radiogroup"] label p {{font-size: 0.96rem;}}

  /* A likert item reads as one ordered scale: a row where all its options fit (a laptop:
     the shipped five-point labels need about 39rem), else a column, top to bottom, each
     option a full-width row to tap. */
  [class*="st-key-{LIKERT}-"] {{container-type: inline-size;}}
  @container (max-width: 42rem) {{
    [class*="st-key-{LIKERT}-"] div[role="radiogroup"] {{flex-direction: column; gap: 0;}}
    [class*="st-key-{LIKERT}-"] div[role="radiogroup"] > div,
    [class*="st-key-{LIKERT}-"] div[role="radiogroup"] label {{width: 100%;}}
    [class*="st-key-{LIKERT}-"] div[role="radiogroup"] label {{padding: 0.3rem 0; margin: 0;}}
  }}

  /* Situation pills show their whole label, on as many lines as it takes. */
  [class*="st-key-{SITUATIONS}-"] button[data-variant="pills"] {{
    height: auto; max-width: 100%; text-align: left; border-radius: 1.1rem;
  }}
  [class*="st-key-{SITUATIONS}-"] button[data-variant="pills"] * {{
    white-space: normal; overflow: visible; text-overflow: clip;
  }}

  /* Room above the profile chart for its toolbar (shown on hover or tap), which would
     otherwise lie over the text above the chart. */
  .st-key-{PROFILE_CHART} {{padding-top: 1.9rem;}}

  /* A link to copy: wrapped, whole, clear of the copy button. */
  [class*="st-key-{LINK}-"] pre {{padding-right: 3rem;}}
  [class*="st-key-{LINK}-"] code {{
    white-space: pre-wrap !important; overflow-wrap: anywhere; word-break: break-all;
  }}
</style>
"""


def apply_style() -> None:
    st.html(_CSS)


def start_at_top(key: str) -> None:
    """Bring a new page of questions into view and move the keyboard focus to its top
    (the main container, focusable by script only), so that Tab goes on from the top,
    not from the button that led here; runs again whenever `key` changes."""
    st.html(
        f"<script>/* {key} */(() => {{"
        "const doc = window.parent.document;"
        "for (const el of doc.querySelectorAll("
        '\'[data-testid="stMain"], [data-testid="stAppViewContainer"]\')) el.scrollTo(0, 0);'
        "window.scrollTo(0, 0);"
        "const top = doc.querySelector('[data-testid=\"stMainBlockContainer\"]');"
        "if (top) { top.tabIndex = -1; top.focus({preventScroll: true}); }"
        "})();</script>",
        unsafe_allow_javascript=True,
    )
