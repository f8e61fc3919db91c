"""Who may open what: a facilitator signed in from their browser, and the throttle on
wrong join codes and facilitator keys.

A facilitator gives the key once (typed, or through the private link, whose key is taken
out of the address bar at once); the browser then keeps a random sign-in token in a
cookie and the store keeps its hash, so a refresh or a server restart opens the view
again with no secret on screen. Signing out ends the token on every replica.

Wrong codes and keys are counted per client address in the database, so neither a new
browser session nor another replica starts the count afresh.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import timedelta

import streamlit as st

from store import Workshop
from store.access import SIGN_IN_HOURS
from ui.links import KEY, WORKSHOP
from ui.resources import store
from ui.text import echo

SIGN_IN_COOKIE = "facilitator_"
"""Cookie name prefix; the workshop's join code follows (codes are cookie-safe)."""

MY_WORKSHOPS_COOKIE = "my_workshops"
"""The join codes this browser facilitated, for its list of workshops (not secrets:
codes are on the projector; opening one still needs a sign-in or the key)."""

_SIGNED_IN = "signed_in"
"""Session state: workshop id -> sign-in token, for the workshops this session opened."""
_COOKIES_TO_WRITE = "cookies_to_write"

ATTEMPT_WINDOW = timedelta(minutes=15)
"""Wrong codes and keys older than this are forgotten."""

FREE_WRONG = {"join": 10, "facilitate": 5, "campaign": 5}
"""Wrong tries a client may make in the window before it has to wait: a room of phones
behind one address mistypes now and then; guessing a code needs millions of tries."""

MAX_WAIT_SECONDS = 60


# The browser's cookies (a seam the tests replace: AppTest has no browser)


def browser_cookies() -> dict[str, str]:
    """The cookies the browser sent when this session connected."""
    return dict(st.context.cookies)


def write_cookie(name: str, value: str, max_age: int) -> None:
    """Ask the browser to keep (max_age > 0) or drop (0) a cookie, on this page's next draw."""
    st.session_state.setdefault(_COOKIES_TO_WRITE, {})[name] = (value, max_age)


def send_cookies() -> None:
    """Draw the cookies asked for since the last run (a script only the browser runs)."""
    pending = st.session_state.pop(_COOKIES_TO_WRITE, {})
    if not pending:
        return
    lines = []
    for name, (value, max_age) in pending.items():
        # json.dumps quotes the values; names and values are token or code characters.
        cookie = f"{name}={value}; Path=/; Max-Age={max_age}; SameSite=Strict"
        lines.append(
            f"document.cookie = {json.dumps(cookie)} + (location.protocol === "
            "'https:' ? '; Secure' : '');"
        )
    st.html("<script>" + "\n".join(lines) + "</script>", unsafe_allow_javascript=True)


def client_address() -> str:
    """Who is trying, for the throttle: the connection's address ("local" on localhost)."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "local"


# Throttle


def throttle_wait(failures: int, free: int) -> int:
    """Seconds to wait after `failures` wrong tries: none for the first `free`, then
    doubling up to a minute.

    >>> [throttle_wait(n, free=3) for n in range(10)]
    [0, 0, 0, 2, 4, 8, 16, 32, 60, 60]
    """
    if failures < free:
        return 0
    return min(2 ** (failures - free + 1), MAX_WAIT_SECONDS)


def seconds_to_wait(scope: str) -> int:
    """How long this client must wait before its next try in `scope` ("join" or
    "facilitate"): the wait its wrong tries earned, less the time since the last one."""
    count, last = store().failed_attempts(scope, client_address(), ATTEMPT_WINDOW)
    if last is None:
        return 0
    earned = throttle_wait(count, FREE_WRONG[scope])
    return max(0, int(earned - (time.time() - last.timestamp()) + 0.999))


def count_wrong_try(scope: str) -> int:
    """Remember a wrong try; returns the wait it earns (0 while tries are free)."""
    store().note_failed_attempt(scope, client_address())
    return seconds_to_wait(scope)


def seconds(n: int) -> str:
    """'1 second', '5 seconds'.

    >>> seconds(1), seconds(5)
    ('1 second', '5 seconds')
    """
    return f"{n} second{'' if n == 1 else 's'}"


# Joining


def workshop_for_code(code: str) -> Workshop | None:
    """The workshop a participant's code names, or None after saying why not."""
    if wait := seconds_to_wait("join"):
        st.error(
            f"Too many wrong codes from this network. Please wait {seconds(wait)} before "
            "trying again, and check the code on the screen.",
            icon=":material/hourglass_top:",
        )
        return None
    workshop = store().workshop_by_code(code)
    if workshop is not None:
        return workshop
    wait = count_wrong_try("join")
    message = (
        f"No workshop has the code {echo(code) if code.strip() else '(empty)'}. A code has six "
        "letters and digits (no 0, O, 1, I or L): check it on the facilitator's screen."
    )
    if wait:
        message += f" Too many wrong codes: wait {seconds(wait)} to try again."
    st.error(message, icon=":material/search_off:")
    return None


# Facilitating


def facilitator_access() -> Workshop | None:
    """The workshop this browser may facilitate, or None after showing the sign-in form.

    Signed in means: this session gave the key, or the browser holds a sign-in token
    for the workshop that the store still honours. A private link's key is taken out of
    the address bar before anything else is drawn.
    """
    code = st.query_params.get(WORKSHOP, "")
    key = st.query_params.get(KEY)
    workshop = store().workshop_by_code(code) if code else None
    refused = False
    if key is not None:
        del st.query_params[KEY]
        refused = not _sign_in_with_key(workshop, key)
    if workshop is not None and signed_in(workshop):
        send_cookies()
        return workshop
    send_cookies()  # a sign-out's cookie removal
    st.title("Facilitator view")
    if refused:
        _refused()
    _sign_in_form(code)
    return None


def signed_in(workshop: Workshop) -> bool:
    """Whether this browser is signed in to facilitate the workshop (checked against the
    store on every run, so a sign-out elsewhere or an expiry takes effect at once)."""
    return holds_sign_in(workshop.id, SIGN_IN_COOKIE + workshop.code, store().signed_in_workshop)


def sign_in(workshop: Workshop) -> None:
    """Sign this browser in to facilitate the workshop (its key has been checked)."""
    keep_sign_in(workshop.id, SIGN_IN_COOKIE + workshop.code, store().start_sign_in)
    remember_workshop(workshop.code)


def sign_out(workshop: Workshop) -> None:
    """End this browser's sign-in: the token is refused from now on, the cookie dropped."""
    end_sign_in(workshop.id, SIGN_IN_COOKIE + workshop.code, store().end_sign_in)


# A sign-in kept by the browser, for a workshop or a campaign: the session keeps the
# token once seen, the cookie across refreshes and restarts, the store decides.


def holds_sign_in(record_id: str, cookie: str, opens: Callable[[str], str | None]) -> bool:
    """Whether this session or browser holds a token that `opens` (a store verb giving
    the id a token opens) still honours for record_id."""
    held: dict[str, str] = st.session_state.setdefault(_SIGNED_IN, {})
    token = held.get(record_id) or browser_cookies().get(cookie)
    if token and opens(token) == record_id:
        held[record_id] = token
        return True
    held.pop(record_id, None)
    return False


def keep_sign_in(record_id: str, cookie: str, start: Callable[[str], str]) -> None:
    """Start a sign-in (its key has been checked) and have the browser keep it."""
    token = start(record_id)
    st.session_state.setdefault(_SIGNED_IN, {})[record_id] = token
    write_cookie(cookie, token, SIGN_IN_HOURS * 3600)


def end_sign_in(record_id: str, cookie: str, end: Callable[[str], None]) -> None:
    """End the session's and the browser's sign-in for record_id and drop the cookie."""
    token = st.session_state.get(_SIGNED_IN, {}).pop(record_id, None)
    for held in {token, browser_cookies().get(cookie)} - {None}:
        end(held)
    write_cookie(cookie, "", 0)


def _sign_in_with_key(workshop: Workshop | None, key: str) -> bool:
    return checked_key(
        "facilitate",
        lambda: workshop is not None and store().facilitator_key_matches(workshop.id, key),
        lambda: sign_in(workshop),
    )


def _refused() -> None:
    refused(
        "facilitate",
        "That code and key do not open a workshop. Use the join code and the key shown "
        "when the workshop was created, or its private facilitator link.",
    )


def checked_key(scope: str, matches: Callable[[], bool], sign_in_now: Callable[[], None]) -> bool:
    """Sign in when the key matches and the client need not wait; else count a wrong
    try in `scope` (a waiting client's tries are not even checked)."""
    if seconds_to_wait(scope):
        return False
    if matches():
        sign_in_now()
        return True
    count_wrong_try(scope)
    return False


def refused(scope: str, message: str) -> None:
    """A refused key: one message for an unknown record and a wrong key (the page must
    not tell which), with the wait the client's wrong tries earned."""
    if wait := seconds_to_wait(scope):
        message += f" Too many wrong tries from this network: wait {seconds(wait)}."
    st.error(message, icon=":material/lock:")


def _sign_in_form(code: str) -> None:
    st.write(
        "Enter the workshop's join code and the facilitator key you were shown when you "
        "created it. The key is what keeps the room's results private; this browser then "
        f"stays signed in for {SIGN_IN_HOURS} hours, until you sign out."
    )
    with st.form("facilitator_key"):
        typed_code = st.text_input("Join code", value=code[:12], max_chars=12, key="fac_code")
        typed_key = st.text_input("Facilitator key", type="password", key="fac_key")
        opened = st.form_submit_button("Open the facilitator view", type="primary")
    if opened:
        workshop = store().workshop_by_code(typed_code)
        if _sign_in_with_key(workshop, typed_key):
            st.query_params[WORKSHOP] = workshop.code
            st.rerun()
        _refused()
    st.page_link("app_pages/workshop_new.py", label="Create a new workshop", icon=":material/add:")


# The browser's list of its workshops


def my_workshop_codes() -> list[str]:
    """The join codes this browser facilitated, most recent first."""
    return remembered(MY_WORKSHOPS_COOKIE)


def remember_workshop(code: str) -> None:
    remember(MY_WORKSHOPS_COOKIE, code)


def remembered(cookie: str) -> list[str]:
    """The names (codes, ids) a browser list cookie holds, most recent first."""
    from_cookie = browser_cookies().get(cookie, "").split(".")
    added = st.session_state.get(cookie, [])
    return list(dict.fromkeys(name for name in [*added, *from_cookie] if name))


def remember(cookie: str, name: str) -> None:
    """Put a name first in a browser list cookie (kept a year, at most 30 names)."""
    names = [name, *(n for n in remembered(cookie) if n != name)][:30]
    st.session_state[cookie] = names
    write_cookie(cookie, ".".join(names), 365 * 24 * 3600)
