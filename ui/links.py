"""The stable links (DESIGN.md, "Links"): ?resume=TOKEN reopens a sheet, ?join=CODE a
workshop. Pages read the current sheet from the URL, so a refresh, another browser or
a server restart all land where the respondent was.
"""

from __future__ import annotations

import os
from urllib.parse import urlencode, urlsplit

import streamlit as st

from store import Sheet
from ui.resources import store
from ui.style import LINK

RESUME = "resume"
JOIN = "join"
WORKSHOP = "workshop"
KEY = "key"
PUBLIC_URL = "PUBLIC_URL"
"""The environment variable that sets the address links and QR codes carry."""
FACILITATE_PATH = "facilitate"
"""The facilitator page's url_path (app.py), for its private link."""
CAMPAIGN = "campaign"
INVITE = "invite"
CAMPAIGN_ADMIN_PATH = "campaign-admin"
"""The HR view's url_path (app.py), for the owner's private link."""
ME = "me"
HISTORY_PATH = "history"
"""The "my assessments" page's url_path (app.py): /history?me=TOKEN."""


def resume_token() -> str | None:
    return st.query_params.get(RESUME)


def sheet_params() -> dict[str, str]:
    """The query parameters that keep a respondent on their sheet from page to page: the
    resume token, and a campaign link's token when the sheet was opened from one (so the
    results page can lead back to the invitation's next questionnaire)."""
    params = {RESUME: resume_token()}
    if invite := st.query_params.get(INVITE):
        params[INVITE] = invite
    if me := st.query_params.get(ME):
        params[ME] = me
    return params


def current_sheet() -> Sheet | None:
    """The sheet named by ?resume=, or None when there is none or it is unknown."""
    token = resume_token()
    return None if not token else store().sheet_by_token(token)


def linked_sheet() -> Sheet:
    """The sheet of the page's resume link; stops the page with a message when none."""
    sheet = current_sheet()
    if sheet is None:
        show_unknown_link()
        st.stop()
    return sheet


def app_url(**params: str) -> str:
    """An absolute link to the app's root with the given query parameters."""
    return page_url("", **params)


def base_url() -> str:
    """Where people reach the app: PUBLIC_URL when set (behind a proxy, or to give phones
    the laptop's network address), else the address this browser used."""
    if public := os.environ.get(PUBLIC_URL):
        return public.rstrip("/")
    parts = urlsplit(st.context.url or "http://localhost:8501/")
    return f"{parts.scheme}://{parts.netloc}"


def only_this_computer(url: str) -> bool:
    """True for a link that other devices cannot open (localhost, 127.0.0.1, ::1).

    >>> only_this_computer("http://localhost:8501/?join=ABC234"), only_this_computer("https://x.org/")
    (True, False)
    """
    return urlsplit(url).hostname in ("localhost", "127.0.0.1", "::1")


def page_url(path: str, **params: str) -> str:
    """An absolute link to one of the app's pages (its url_path) with query parameters."""
    return f"{base_url()}/{path}?{urlencode(params)}"


def resume_url(token: str) -> str:
    return app_url(**{RESUME: token})


def join_url(code: str) -> str:
    """The link a workshop's participants open (or scan): ?join=CODE at the app's root."""
    return app_url(**{JOIN: code})


def facilitator_url(code: str, key: str) -> str:
    """The facilitator's private link: it opens the workshop's view without a prompt."""
    return page_url(FACILITATE_PATH, **{WORKSHOP: code, KEY: key})


def owner_url(campaign_id: str, key: str) -> str:
    """The HR owner's private link: it opens the campaign's HR view without a prompt."""
    return page_url(CAMPAIGN_ADMIN_PATH, **{CAMPAIGN: campaign_id, KEY: key})


def history_url(token: str) -> str:
    """A person's private "my assessments" link (store/history.py)."""
    return page_url(HISTORY_PATH, **{ME: token})


def history_token(sheet: Sheet) -> str | None:
    """The history link's token for the person of the page's sheet: the ?me= the page was
    opened with when it is theirs (opened from their history), else the one this sheet's
    resume link derives (registered on first need)."""
    me = st.query_params.get(ME)
    if me:
        person = store().person_by_link(me)
        if person is not None and person.id == sheet.person_id:
            return me
    return store().history_link(resume_token())


def show_history_link(sheet: Sheet) -> None:
    """ "All your assessments": the person's private history link, to copy."""
    token = history_token(sheet)
    if token is None:
        return
    st.markdown("**All your assessments**")
    st.caption(
        "This private link lists every assessment you have taken from these links, shows "
        "how your scores changed, and starts a new one to compare. Keep it to yourself: "
        "anyone with it can open your assessments."
    )
    show_link(history_url(token), ME)


def show_link(url: str, name: str) -> None:
    """A link to copy: wrapped onto as many lines as it needs (a phone shows it whole),
    with the code block's copy button beside it. `name` tells it apart on the page."""
    with st.container(key=f"{LINK}:{name}"):
        st.code(url, language=None, wrap_lines=True)


def show_resume_link() -> None:
    """This page's private resume link, to copy."""
    show_link(resume_url(resume_token()), RESUME)


def show_unknown_link() -> None:
    """The message for a resume link that leads nowhere; never a traceback."""
    st.warning(
        "This link does not open an assessment. It may be mistyped or incomplete: "
        "copy the whole link again, or start a new assessment.",
        icon=":material/link_off:",
    )
    st.page_link("app_pages/home.py", label="Start a new assessment", icon=":material/home:")
