"""The join code, link and QR code: large while the room arrives, a compact corner
panel once people have joined, so the results get the screen."""

from __future__ import annotations

import html
import io

import segno
import streamlit as st

from scoring.charts import INK
from store import Workshop
from ui.links import join_url, only_this_computer


@st.cache_data(max_entries=256, show_spinner=False)
def qr_png(url: str) -> bytes:
    """A QR code of url as PNG bytes, made in memory."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=12, border=2, dark=INK)
    return buffer.getvalue()


def join_panel(workshop: Workshop) -> None:
    """The join code in large type, with the link and its QR code, to leave on screen."""
    url = join_url(workshop.code)
    words, picture = st.columns([3, 2], vertical_alignment="center")
    with words:
        st.html('<p class="join-label">Join on your phone with the code</p>')
        # The code is six characters of tokens.JOIN_CODE_ALPHABET; escaped all the same.
        st.html(f'<div class="join-code">{html.escape(workshop.code)}</div>')
        st.markdown("or scan the QR code, or open")
        st.code(url, language=None)
    with picture:
        st.image(qr_png(url), width=260, caption="Scan to join")
    _unreachable_warning(url)


def join_corner(workshop: Workshop) -> None:
    """The compact panel: code and a small QR code, for latecomers."""
    url = join_url(workshop.code)
    code, picture = st.columns([3, 2], vertical_alignment="center", gap="small")
    code.html(
        '<p class="join-label">Join with</p>'
        f'<div class="join-code join-code-small">{html.escape(workshop.code)}</div>'
    )
    picture.image(qr_png(url), width=110)
    _unreachable_warning(url)


def _unreachable_warning(url: str) -> None:
    if only_this_computer(url):
        st.warning(
            "This link names this computer, which phones cannot open. Start the app with "
            "PUBLIC_URL set to an address the room can reach (for example "
            "`PUBLIC_URL=http://192.168.1.20:8501`), or open the app by that address.",
            icon=":material/wifi_off:",
        )
