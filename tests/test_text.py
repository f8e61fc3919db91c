"""User-supplied text in the page: shown shortened and as inert text, never as a link,
an image, HTML or a spoofed direction, whatever someone typed or put in a link."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from ui.text import ELLIPSIS, REPLACEMENT, echo, plain, shorten

JOINER = "\u2060"

HOSTILE = {
    "url": "https://evil.example/login?next=/",
    "http": "see http://evil.example now",
    "www": "www.evil.example/login",
    "email": "write to help@evil.example",
    "mailto": "mailto:help@evil.example",
    "link": "[Your results](https://evil.example)",
    "image": "![logo](https://evil.example/x.png)",
    "autolink": "<https://evil.example>",
    "html": '<a href="https://evil.example">open</a><img src=x onerror=alert(1)>',
    "entity": "&#x202e;&lt;b&gt;",
    "icon": ":material/lock: :red[urgent] :smile:",
    "heading": "# Closed\n\n---",
    "code": "`rm -rf` $x^2$",
}

# The autolink literal rules of remark-gfm as Streamlit's frontend bundles them
# (streamlit/static/static/js/StreamlitMarkdown.*.js, mdast-util-gfm-autolink-literal):
# they run on text nodes, after Markdown escapes are resolved.
FRONTEND_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.I | re.A)
FRONTEND_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.A)
# micromark-extension-gfm-autolink-literal also finds them in the raw source.
RAW_LINK = re.compile(r"https?://|www\.|@[-.\w]", re.I | re.A)
ASCII_PUNCTUATION = re.compile(r"\\([!-/:-@\[-`{-~])")
ACTIVE = set("[]()<>!`*_#$:&~|")


def shown_text(markdown: str) -> str:
    """The text a Markdown body shows once escapes are resolved."""
    return ASCII_PUNCTUATION.sub(r"\1", markdown)


def unescaped_active(markdown: str) -> list[str]:
    """Markdown's active characters that are not escaped, so would take effect."""
    found, escaped = [], False
    for char in markdown:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in ACTIVE:
            found.append(char)
    return found


def assert_inert(markdown: str) -> None:
    text = shown_text(markdown)
    assert not FRONTEND_URL.search(text), f"the frontend would link {text!r}"
    assert not FRONTEND_EMAIL.search(text), f"the frontend would link {text!r}"
    assert not RAW_LINK.search(markdown), f"the parser would link {markdown!r}"
    assert not unescaped_active(markdown), f"markdown would act on {markdown!r}"
    assert "\u202e" not in markdown and "\x00" not in markdown


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_plain_shows_hostile_text_exactly_as_written_and_inert(value):
    shown = plain(value)
    assert_inert(shown)
    assert shown_text(shown).replace(JOINER, "") == value, "every character is still there"


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_echo_is_short_inert_and_on_one_line(value):
    shown = echo(value, limit=20)
    assert_inert(shown)
    text = shown_text(shown).replace(JOINER, "")
    assert len(text) <= 20 and "\n" not in text
    assert shorten(value, limit=1000).startswith(text.removesuffix(ELLIPSIS))


def test_a_twenty_thousand_character_join_value_is_not_echoed_in_full():
    value = "A" * 20_000
    assert shorten(value) == "A" * 39 + ELLIPSIS
    assert len(echo(value, limit=60)) == 60


def test_direction_overrides_and_controls_show_as_a_replacement_sign():
    spoof = "invoice\u202egnp.exe"  # shows as "invoiceexe.png" when obeyed
    assert shorten(spoof) == f"invoice{REPLACEMENT}gnp.exe"
    assert "\u202e" not in plain(spoof) and REPLACEMENT in plain(spoof)
    assert shorten("K7Q\x00X3M") == f"K7Q{REPLACEMENT}X3M"
    assert "\x00" not in plain("a\x00b")


def test_invisible_characters_are_dropped_so_what_shows_is_what_is_there():
    assert shorten("K7\u200bQX\u200d3M\ufeff") == "K7QX3M"
    assert shorten("w\u200bw\u200bw.evil.example", limit=60) == "www.evil.example"
    assert_inert(echo("w\u200bw\u200bw.evil.example", limit=60))


def test_ordinary_text_reads_the_same():
    assert shown_text(echo("Regional sales, spring 2025")) == "Regional sales, spring 2025"
    assert shorten("Zoë  Ångström\t(Oslo)") == "Zoë Ångström (Oslo)"


def _render(value: str) -> None:
    import streamlit as st

    from ui.text import echo, plain

    st.title(plain(value))
    st.markdown(f"Workshop **{plain(value)}**")
    st.error(f"No workshop has the code {echo(value)}.")
    st.caption(echo(value, limit=80))


@pytest.mark.parametrize("value", [HOSTILE["www"], HOSTILE["url"], HOSTILE["link"]])
def test_hostile_titles_and_codes_render_as_no_link_in_the_page(value):
    at = AppTest.from_function(_render, args=(value,)).run()
    assert not at.exception
    bodies = [
        at.title[0].proto.body,
        at.markdown[0].proto.body,
        at.error[0].proto.body,
        at.caption[0].proto.body,
    ]
    for body in bodies:
        assert_inert(body.removeprefix("Workshop **").removesuffix("**"))
    assert shown_text(at.title[0].proto.body).replace(JOINER, "") == value
