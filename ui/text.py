"""Text in the page: what people or files wrote, shown as plain text inside Markdown, and
problems, shown as a message rather than a traceback.

Streamlit renders Markdown (st.markdown, st.error, st.title, captions, labels...) with
remark-gfm, which turns bare addresses into live links: `www.` hosts, `http(s)://` URLs
and e-mail addresses, found in the text *after* Markdown escapes are resolved, so
escaping alone does not stop them. `plain` therefore also puts an invisible WORD JOINER
(U+2060) where those patterns need two characters side by side: around every dot, after
every colon and every `@`. The text reads and wraps the same, and no link, image, emoji
shortcode, icon or colour directive can come out of it.
"""

import re
import unicodedata
from collections.abc import Sequence

import streamlit as st

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
"""Markdown's active characters, and `&`, which would decode "&#x202e;" to a character."""
_JOINER = "\u2060"
"""WORD JOINER: invisible, no width, no line break; not a character URLs are made of."""
_LINK_BREAKS = re.compile(r"(\\\.)|(\\:)|(@)")
_UNSAFE_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
"""Control characters (tab and newline aside) and the bidirectional overrides and marks,
with which a value can hide or reverse what follows it (U+202E: "evil\u202egnp.exe")."""
_INVISIBLE = re.compile("[\u00ad\u034f\u115f\u1160\u180e\u200b-\u200d\u2060-\u2064\ufeff]")
"""Characters that take no space, so a pasted value can carry text nobody sees."""
_SPACES = re.compile(r"\s+")
REPLACEMENT = "\ufffd"
"""What a control character is shown as: the sign that something unprintable was there."""
ELLIPSIS = "…"


def plain(text: str) -> str:
    r"""Escape Markdown (and the HTML-like `<`) so the text shows exactly as written, as
    text: no link, image, HTML, emoji or icon; control and bidi characters show as �.

    >>> plain("*bold* <b>")
    '\\*bold\\* \\<b\\>'
    >>> plain("see www.example.org") == "see www\u2060\\.\u2060example\u2060\\.\u2060org"
    True
    """
    text = _UNSAFE_CONTROLS.sub(REPLACEMENT, str(text))
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", text)
    return _LINK_BREAKS.sub(_break_link, escaped)


def _break_link(match: re.Match[str]) -> str:
    dot, colon, at = match.groups()
    if dot:
        return f"{_JOINER}{dot}{_JOINER}"
    return f"{colon or at}{_JOINER}"


def shorten(text: object, limit: int = 40) -> str:
    """A value someone supplied, fit to quote: on one line, without invisible characters,
    control characters shown as �, and at most `limit` characters (cut with "…").

    >>> shorten("  a\\n b  "), shorten("x" * 50, limit=10)
    ('a b', 'xxxxxxxxx…')
    """
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", str(text)))
    text = _UNSAFE_CONTROLS.sub(REPLACEMENT, _SPACES.sub(" ", text).strip())
    if len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip() + ELLIPSIS
    return text


def echo(value: object, limit: int = 40) -> str:
    """A user-supplied value (a code from a link, a typed name, a title) to quote inside
    a Markdown message: shortened (see shorten) and inert (see plain).

    >>> echo("[click](https://evil.example)", limit=12)
    '\\\\[click\\\\]\\\\(htt…'
    """
    return plain(shorten(value, limit))


def and_list(words: Sequence[object]) -> str:
    """Words joined as English lists them: "7", "7 and 8", "3, 5 and 8".

    >>> and_list(["7"]), and_list([7, 8]), and_list(["3", "5", "8"]), and_list([])
    ('7', '7 and 8', '3, 5 and 8', '')
    """
    words = [str(word) for word in words]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def show_problem(message: str, detail: Exception, icon: str = ":material/warning:") -> None:
    """A problem in the page, never a traceback: what it means for the user, then the
    technical detail in small print for whoever fixes it."""
    st.error(message, icon=icon)
    st.caption(plain(shorten(detail, limit=300)))
