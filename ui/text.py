"""Showing text that came from people or files as plain text inside Markdown."""

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    """Escape Markdown (and the HTML-like `<`) so the text shows exactly as written.

    >>> plain("*bold* <b>")
    '\\\\*bold\\\\* \\\\<b\\\\>'
    """
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)
