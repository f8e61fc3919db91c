"""Text in the page: what people or files wrote, shown as plain text inside Markdown, and
problems, shown as a message rather than a traceback."""

import re

import streamlit as st

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    """Escape Markdown (and the HTML-like `<`) so the text shows exactly as written.

    >>> plain("*bold* <b>")
    '\\\\*bold\\\\* \\\\<b\\\\>'
    """
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def show_problem(message: str, detail: Exception, icon: str = ":material/warning:") -> None:
    """A problem in the page, never a traceback: what it means for the user, then the
    technical detail in small print for whoever fixes it."""
    st.error(message, icon=icon)
    st.caption(plain(str(detail)))
