"""Workshop pieces shared by the pages: the join panel and its QR code, the facilitator's
key prompt, the throttle on wrong join codes, the room's live figures and group results,
and the group comparison a participant sees next to their own results.

Group figures come from score_frame over the room's answers (vectorised), each sheet
scored once when it is finished (its answers are locked then), and the room's figures
and charts are cached per workshop and number of finished participants, so the live
refresh redraws without recomputing.
"""

from __future__ import annotations

import html
import io
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd
import segno
import streamlit as st
import vl_convert

from questions.bank import Bank
from reports.document import form_text
from reports.spreadsheet import safe_csv
from scoring import InvalidCells, score_frame
from scoring.charts import INK, group_chart, profile_chart
from scoring.group import (
    MIN_GROUP,
    agreement_extremes,
    average_profile,
    axis_stats,
    enough_for_group,
    participant_table,
)
from scoring.profile import Profile
from store import Sheet, Store, Workshop
from ui.links import KEY, WORKSHOP, join_url, only_this_computer
from ui.resources import library, store
from ui.text import plain, show_problem

try:  # the lock Streamlit holds while it changes Altair's process-wide settings
    from streamlit.elements.vega_charts import _altair_globals_lock as _ALTAIR_LOCK
except ImportError:  # another Streamlit: a lock of our own still orders our threads
    _ALTAIR_LOCK = threading.Lock()

_FRAMES = "workshop_frames"
alt.data_transformers.register(_FRAMES, lambda data, frames: _named_frame(data, frames))

Chart = dict[str, Any]
"""A chart ready to show: a Vega-Lite spec whose datasets are DataFrames."""

LIVE_SECONDS = 4
"""How often the facilitator's room figures refresh."""

PARTICIPANT_SECONDS = 15
"""How often a participant's results page checks whether the group has been revealed."""

FREE_WRONG_CODES = 3
"""Wrong join codes a session may type before it has to wait."""

MAX_WAIT_SECONDS = 60

_FAILURES = "join_failures"
_BLOCKED_UNTIL = "join_blocked_until"
_FACILITATING = "facilitating"
"""Session state: the workshop ids whose facilitator key this session has given."""

_PROJECTOR_CSS = """
<style>
  .block-container {max-width: 1280px !important;}
  .join-code {font: 700 5.2rem/1.05 ui-monospace, "DejaVu Sans Mono", monospace;
              letter-spacing: 0.14em; color: #2b2f36; margin: 0.2rem 0 0.4rem;}
  .join-label {font-size: 1.35rem; color: #4a4f57; margin: 0;}
  div[data-testid="stMetricValue"] {font-size: 3.2rem;}
  [data-testid="stMetricLabel"] p {font-size: 1.25rem !important;}
</style>
"""


# Join link and QR code


def projector_style() -> None:
    """A wide page, large code and figures: the facilitator view is read from the back."""
    st.html(_PROJECTOR_CSS)


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
    if only_this_computer(url):
        st.warning(
            "This link names this computer, which phones cannot open. Start the app with "
            "PUBLIC_URL set to an address the room can reach (for example "
            "`PUBLIC_URL=http://192.168.1.20:8501`), or open the app by that address.",
            icon=":material/wifi_off:",
        )


# Facilitator access


def facilitator_access() -> Workshop | None:
    """The workshop this session may facilitate, or None after showing the key prompt.

    A private link carries ?workshop=CODE&key=KEY; once the key is checked it is taken
    out of the address bar, so it never shows on a projector, and the session keeps the
    access. A wrong or missing key shows no data about the workshop.
    """
    code = st.query_params.get(WORKSHOP, "")
    key = st.query_params.get(KEY)
    allowed: set[str] = st.session_state.setdefault(_FACILITATING, set())
    workshop = store().workshop_by_code(code) if code else None

    refused = False
    if key is not None:
        del st.query_params[KEY]
        if workshop is not None and store().facilitator_key_matches(workshop.id, key):
            allowed.add(workshop.id)
        else:
            refused = True
    if workshop is not None and workshop.id in allowed:
        return workshop

    st.title("Facilitator view")
    if refused:
        _refused(code, workshop)
    _key_prompt(code)
    return None


def _refused(code: str, workshop: Workshop | None) -> None:
    if workshop is None:
        st.error(
            f"No workshop has the code {plain(code) or '(none)'}. Check the code, or the "
            "private facilitator link you were given when you created the workshop.",
            icon=":material/lock:",
        )
    else:
        st.error(
            f"That facilitator key does not open workshop {plain(workshop.code)}. Use the "
            "key shown when the workshop was created, or its private facilitator link.",
            icon=":material/lock:",
        )


def _key_prompt(code: str) -> None:
    st.write(
        "Enter the workshop's join code and the facilitator key you were shown when you "
        "created it. The key is what keeps the room's results private."
    )
    with st.form("facilitator_key"):
        typed_code = st.text_input("Join code", value=code, max_chars=12, key="fac_code")
        typed_key = st.text_input("Facilitator key", type="password", key="fac_key")
        opened = st.form_submit_button("Open the facilitator view", type="primary")
    if opened:
        workshop = store().workshop_by_code(typed_code)
        if workshop is not None and store().facilitator_key_matches(workshop.id, typed_key):
            st.session_state[_FACILITATING].add(workshop.id)
            st.query_params[WORKSHOP] = workshop.code
            st.rerun()
        _refused(typed_code.strip(), workshop)
    st.page_link("app_pages/workshop_new.py", label="Create a new workshop", icon=":material/add:")


# Joining, with a growing wait after repeated wrong codes


def join_wait(failures: int) -> int:
    """Seconds to wait after `failures` wrong codes in a row: none for the first few,
    then doubling up to a minute (2, 4, 8, ... 60).

    >>> [join_wait(n) for n in range(10)]
    [0, 0, 0, 2, 4, 8, 16, 32, 60, 60]
    """
    if failures < FREE_WRONG_CODES:
        return 0
    return min(2 ** (failures - FREE_WRONG_CODES + 1), MAX_WAIT_SECONDS)


def workshop_for_code(code: str) -> Workshop | None:
    """The workshop a participant's code names, or None after saying why not.

    Every wrong code counts; after FREE_WRONG_CODES of them in a row the session must
    wait, longer each time, before another code is even looked up.
    """
    waiting = st.session_state.get(_BLOCKED_UNTIL, 0.0) - time.time()
    failures = st.session_state.get(_FAILURES, 0)
    if waiting > 0:
        st.error(
            f"{failures} wrong codes in a row. Please wait {int(waiting) + 1} seconds "
            "before trying again, and check the code on the screen.",
            icon=":material/hourglass_top:",
        )
        return None
    workshop = store().workshop_by_code(code)
    if workshop is not None:
        st.session_state[_FAILURES] = 0
        return workshop
    failures += 1
    st.session_state[_FAILURES] = failures
    wait = join_wait(failures)
    st.session_state[_BLOCKED_UNTIL] = time.time() + wait
    message = (
        f"No workshop has the code {plain(code.strip()) or '(empty)'}. A code has six "
        "letters and digits (no 0, O, 1, I or L): check it on the facilitator's screen."
    )
    if wait:
        message += f" That is {failures} wrong codes in a row: wait {wait} seconds to try again."
    st.error(message, icon=":material/search_off:")
    return None


def form_label(bank: Bank, form: str | None) -> str:
    """'Sales management or sales leadership · Quick form, 24 questions', as the PDF says it."""
    return f"{plain(bank.title)} · {form_text(bank, form)}"


# The room's results


@dataclass(frozen=True)
class Room:
    """The finished participants' scores and everything drawn from them, ready to show."""

    scores: pd.DataFrame
    stats: pd.DataFrame
    average: Profile
    group_chart: Chart
    profile_chart: Chart


def _named_frame(data: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> dict[str, str]:
    name = f"data-{len(frames)}"
    frames[name] = data
    return {"name": name}


def prepared(chart: alt.TopLevelMixin) -> Chart:
    """The chart as a Vega-Lite spec, built once and cached, so the live refresh only
    sends it. Its data stays as DataFrames (Streamlit sends them as Arrow) and it is not
    validated again: the chart functions' own tests validate what they build."""
    frames: dict[str, pd.DataFrame] = {}
    with _ALTAIR_LOCK, alt.data_transformers.enable(_FRAMES, frames=frames):
        spec = chart.to_dict(validate=False)
    spec["datasets"] = {**spec.get("datasets", {}), **frames}
    return spec


def show_chart(chart: Chart) -> None:
    st.vega_lite_chart(spec=chart, theme=None, width="stretch")


class ScoreBook:
    """The scores of one workshop's finished sheets, each computed once.

    A finished sheet's answers are locked, so its scores never change: each refresh
    fetches and scores (score_frame, vectorised) only the sheets finished since the last.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._scores: pd.DataFrame | None = None

    def scores(self, source: Store, workshop_id: str, bank: Bank, form: str | None) -> pd.DataFrame:
        finished = source.finished_sheet_ids(workshop_id)
        with self._lock:
            known = self._scores.index if self._scores is not None else pd.Index([])
            new = [sheet_id for sheet_id in finished if sheet_id not in known]
            if new or self._scores is None:
                fresh = score_frame(bank, source.sheet_answers_frame(new), form)
                self._scores = fresh if self._scores is None else pd.concat([self._scores, fresh])
            # Joining order, as workshop_answers; a person erased meanwhile drops out.
            return self._scores.reindex(pd.Index(finished, name="respondent"))


@st.cache_resource(max_entries=256, show_spinner=False)
def _score_book(workshop_id: str, bank_key: tuple[str, int, str | None]) -> ScoreBook:
    return ScoreBook()


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _room(
    workshop_id: str,
    finished: int,
    bank_key: tuple[str, int, str | None],
    _store: Store,
    _bank: Bank,
) -> Room:
    # Keyed on the number finished, as nothing else changes the scores (the ttl covers
    # a person erased while another finishes). Shared by every session, so the room is
    # drawn once per finish, not once per viewer and refresh.
    form = bank_key[2]
    scores = _score_book(workshop_id, bank_key).scores(_store, workshop_id, _bank, form)
    average = average_profile(scores, _bank, form)
    return Room(
        scores=scores,
        stats=axis_stats(scores, _bank),
        average=average,
        group_chart=prepared(group_chart(scores, _bank)),
        profile_chart=prepared(profile_chart(average)),
    )


def _bank_key(workshop: Workshop, bank: Bank) -> tuple[str, int, str | None]:
    return (bank.id, bank.version, workshop.form)


def room(workshop: Workshop, bank: Bank, finished: int) -> Room | None:
    """The room's results with `finished` participants done, or None after an error."""
    try:
        return _room(workshop.id, finished, _bank_key(workshop, bank), store(), bank)
    except InvalidCells as exc:
        show_problem(
            "Some stored answers do not fit the current version of the question bank, so "
            "the group cannot be scored. The answers are kept.",
            exc,
        )
        return None


def live_counts(progress: dict[str, int]) -> None:
    joined, busy, done = st.columns(3)
    joined.metric("Joined", progress["joined"], border=True)
    busy.metric("Answering", progress["in_progress"], border=True)
    done.metric("Finished", progress["finished"], border=True)


def waiting_for_group(finished: int) -> None:
    """Why there are no group figures yet (the rule of MIN_GROUP)."""
    st.info(
        f"Group results appear once at least {MIN_GROUP} participants have finished "
        f"({finished} so far), so that nobody's answers can be picked out of the group.",
        icon=":material/groups:",
    )


GROUP_LEGEND = (
    "Each grey dot is one participant; the coloured band is the middle half of the room "
    "and the diamond its average. Colour shows which pole a mark leans to, not which "
    "is better."
)


def group_results(workshop: Workshop, results: Room) -> None:
    """The facilitator's group section: spread per axis, agreement, average profile."""
    stats = results.stats
    st.subheader(f"The room on each axis · {len(results.scores)} finished")
    show_chart(results.group_chart)
    st.caption(GROUP_LEGEND)

    agree, disagree = agreement_extremes(stats, k=3)
    most, least = st.columns(2, border=True)
    with most:
        st.markdown("##### :material/handshake: The room agrees most on")
        _axis_lines(stats, agree)
    with least:
        st.markdown("##### :material/forum: The room disagrees most on")
        _axis_lines(stats, disagree)
    st.caption("Ranked by how far apart the room's scores are (their standard deviation).")

    average = results.average
    st.subheader("The room's average profile")
    overall = "—" if average.overall is None else f"{average.overall:+.1f}"
    st.markdown(f"Overall **{overall}**: {plain(average.overall_band_label)}")
    show_chart(results.profile_chart)

    with st.expander("Figures per axis"):
        table = stats.assign(axis=lambda d: d["title"], n=lambda d: d["n"].astype(int)).set_index(
            "axis"
        )[["left", "right", "n", "mean", "sd", "q1", "median", "q3"]]
        st.dataframe(table.round(1), width="stretch")


def _axis_lines(stats: pd.DataFrame, axis_ids: list[str]) -> None:
    if not axis_ids:
        st.caption("Not enough scores yet.")
        return
    for axis_id in axis_ids:
        row = stats.loc[axis_id]
        st.markdown(
            f"**{plain(row['title'])}**: average {row['mean']:+.0f}, middle half of the "
            f"room from {row['q1']:+.0f} to {row['q3']:+.0f}"
        )


# Exports


def results_csv(source: Store, scores: pd.DataFrame, bank: Bank) -> str:
    """One formula-safe row per finished participant: name or "Anonymous N", scores."""
    names = source.display_names(scores.index)
    return safe_csv(participant_table(scores, names, bank))


def group_chart_png(workshop: Workshop, scores: pd.DataFrame, bank: Bank) -> bytes:
    """The group chart as a PNG file (vl-convert), titled with the workshop and its size."""
    chart = group_chart(scores, bank, width=760).properties(
        title=f"{workshop.title} · {len(scores)} participants"
    )
    # Altair's data transformer is global to the process: switch off its 5,000-row limit
    # (a room of 2,000 has 24,000 dots) under the lock Streamlit holds when it uses it.
    with _ALTAIR_LOCK, alt.data_transformers.disable_max_rows():
        spec = chart.to_dict()
    return vl_convert.vegalite_to_png(spec, scale=2)


def export_buttons(workshop: Workshop, bank: Bank, scores: pd.DataFrame) -> None:
    """Download buttons whose files are made when clicked (deferred), not every refresh."""
    source = store()
    stem = f"workshop-{workshop.code}-{pd.Timestamp.now():%Y-%m-%d}"
    csv_file: Callable[[], str] = lambda: results_csv(source, scores, bank)  # noqa: E731
    png_file: Callable[[], bytes] = lambda: group_chart_png(workshop, scores, bank)  # noqa: E731
    left, right = st.columns(2)
    left.download_button(
        "Results (CSV)",
        csv_file,
        f"{stem}-results.csv",
        "text/csv",
        icon=":material/table_view:",
        on_click="ignore",
        width="stretch",
        key="export_csv",
    )
    right.download_button(
        "Group chart (PNG)",
        png_file,
        f"{stem}-group.png",
        "image/png",
        icon=":material/image:",
        on_click="ignore",
        width="stretch",
        key="export_png",
    )


@st.fragment(run_every=LIVE_SECONDS)
def live_room(workshop_id: str) -> None:
    """The facilitator's live part: counts, then group results once there are enough.

    A fragment, so its refresh leaves the rest of the page (controls, join panel) alone.
    """
    workshop = store().workshop(workshop_id)
    bank = _workshop_bank(workshop)
    if workshop is None or bank is None:
        return
    progress = store().workshop_progress(workshop.id)
    live_counts(progress)
    if not enough_for_group(progress["finished"]):
        waiting_for_group(progress["finished"])
        return
    results = room(workshop, bank, progress["finished"])
    if results is None:
        return
    group_results(workshop, results)
    st.subheader("Export")
    export_buttons(workshop, bank, results.scores)


def _workshop_bank(workshop: Workshop | None) -> Bank | None:
    if workshop is None:
        return None
    bank = library().banks.get(workshop.bank_id)
    if bank is None:
        st.error(
            f"This workshop uses the question bank {workshop.bank_id!r}, which this server "
            "does not offer now. Its answers are kept; ask the person who runs this app to "
            "restore that bank.",
            icon=":material/warning:",
        )
    return bank


# Facilitator controls


def _set_reveal(workshop_id: str) -> None:
    store().set_reveal(workshop_id, st.session_state[f"reveal:{workshop_id}"])


def reveal_switch(workshop: Workshop) -> None:
    key = f"reveal:{workshop.id}"
    st.session_state[key] = workshop.reveal  # the store is the truth, not the session
    st.toggle(
        "Show participants the group comparison",
        key=key,
        on_change=_set_reveal,
        args=(workshop.id,),
        help=f"Participants see it on their results page once {MIN_GROUP} people have "
        "finished: the room's spread, with their own place marked. Never anyone's name.",
    )


def close_control(workshop: Workshop) -> None:
    if workshop.closed:
        st.warning(
            f"Closed at {workshop.closed_at:%H:%M} UTC: no new participants or answers. "
            "Everything stored is kept, and the results below stay available.",
            icon=":material/lock:",
        )
        return
    with st.popover("Close the workshop", icon=":material/lock:"):
        st.write(
            "Closing stops new participants and new answers. Everything already answered "
            "is kept, and you can still show and export the results. It cannot be undone."
        )
        if st.button("Yes, close it now", type="primary", key="close_confirm"):
            store().close_workshop(workshop.id)
            st.rerun()


# The participant's comparison


def group_comparison(sheet: Sheet, bank: Bank) -> None:
    """On a workshop participant's results: where they stand in the room, once revealed.

    What is shown is decided here, in the page's own run; a light fragment then checks
    every few seconds whether that changed. A reveal or a hide reruns the page at once;
    people finishing later only offer an update, so a room of 200 does not redraw 200
    charts every time someone finishes.
    """
    if sheet.workshop_id is None:
        return
    st.header("You and the group")
    workshop = store().workshop(sheet.workshop_id)
    if workshop is None:
        return
    finished = store().workshop_progress(workshop.id)["finished"]
    shown = (workshop.reveal, enough_for_group(finished))
    st.session_state[f"group_shown:{sheet.id}"] = (*shown, finished)
    if not workshop.reveal:
        st.info(
            "Your facilitator has not shown the group's results yet. When they do, you "
            "will see here where you stand in the room: this page checks by itself.",
            icon=":material/groups:",
        )
    elif not enough_for_group(finished):
        waiting_for_group(finished)
    elif (chart := _comparison_chart(sheet.id, workshop, bank, finished)) is not None:
        show_chart(chart)
        st.caption(
            f"You (the blue dot) among the {finished} people who have finished in "
            f"{plain(workshop.title)}. {GROUP_LEGEND} No one's name is shown."
        )
    _watch_group(sheet.id, workshop.id)


@st.fragment(run_every=PARTICIPANT_SECONDS)
def _watch_group(sheet_id: str, workshop_id: str) -> None:
    workshop = store().workshop(workshop_id)
    shown = st.session_state.get(f"group_shown:{sheet_id}")
    if workshop is None or shown is None:
        return
    finished = store().workshop_progress(workshop_id)["finished"]
    if (workshop.reveal, enough_for_group(finished)) != shown[:2]:
        st.rerun()  # revealed, hidden, or just reached the rule of MIN_GROUP
    if workshop.reveal and shown[1] and finished > shown[2]:
        more = finished - shown[2]
        st.button(
            f"Update: {more} more {'person has' if more == 1 else 'people have'} finished",
            icon=":material/refresh:",
            key=f"group_update:{sheet_id}",
        )


def _comparison_chart(sheet_id: str, workshop: Workshop, bank: Bank, finished: int) -> Chart | None:
    results = room(workshop, bank, finished)
    if results is None or sheet_id not in results.scores.index:
        return None
    return _anonymous_chart(
        workshop.id, finished, _bank_key(workshop, bank), sheet_id, results.scores, bank
    )


@st.cache_data(ttl=600, max_entries=512, show_spinner=False)
def _anonymous_chart(
    workshop_id: str,
    finished: int,
    bank_key: tuple[str, int, str | None],
    sheet_id: str,
    _scores: pd.DataFrame,
    _bank: Bank,
) -> Chart:
    # Nobody else's sheet id reaches the browser: the others are numbered, you are "you".
    labels = ["you" if r == sheet_id else f"p{n}" for n, r in enumerate(_scores.index)]
    anonymous = _scores.set_axis(pd.Index(labels, name="respondent"))
    return prepared(group_chart(anonymous, _bank, highlight="you"))
