"""The room's results, computed once per change and shared by every session that shows
them: the finished participants' scores (kept on the server), the group summary the
browsers receive, the charts drawn from it, and how the room answered each question.

Each finished sheet is scored once (its answers are locked then); the room's figures and
charts are cached per workshop and number finished, so a live refresh redraws without
recomputing, and 200 phones polling cost one query per few seconds, not 200.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from questions.bank import Bank
from reports.document import form_text
from scoring import InvalidCells, score_frame
from scoring.charts import answers_chart, group_chart, profile_chart
from scoring.group import (
    GroupSummary,
    ItemAnswers,
    answer_distributions,
    average_profile,
    axis_stats,
    group_summary,
)
from scoring.profile import Profile
from store import Participant, Store, Workshop
from ui.charts import Chart, prepared
from ui.resources import bank_version, library, store
from ui.text import plain, show_problem

STATE_SECONDS = 1.5
"""How long a workshop's state (reveal, closed, finished count) is shared between the
sessions that poll it before it is read again."""

BankKey = tuple[str, int, str | None]


@dataclass(frozen=True)
class Room:
    """The finished participants' scores and what is drawn from them. `scores` stays on
    the server (exports); pages send only `summary`, `stats` and the charts."""

    scores: pd.DataFrame
    summary: GroupSummary
    stats: pd.DataFrame
    average: Profile
    projector_chart: Chart


@dataclass(frozen=True)
class RoomState:
    """What participants' pages poll: cheap, shared for STATE_SECONDS."""

    workshop: Workshop
    finished: int


@st.cache_data(ttl=STATE_SECONDS, max_entries=1024, show_spinner=False)
def room_state(workshop_id: str) -> RoomState | None:
    workshop = store().workshop(workshop_id)
    if workshop is None:
        return None
    return RoomState(workshop, store().workshop_progress(workshop_id)["finished"])


class ScoreBook:
    """The answers and scores of one workshop's finished sheets, each fetched and scored
    once.

    A finished sheet's answers are locked, so its scores never change: each refresh
    fetches and scores (score_frame, vectorised) only the sheets finished since the last.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._answers: pd.DataFrame | None = None
        self._scores: pd.DataFrame | None = None

    def update(
        self, source: Store, workshop_id: str, bank: Bank, form: str | None
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(answers, scores) of the finished sheets, in joining order."""
        finished = pd.Index(source.finished_sheet_ids(workshop_id), name="respondent")
        with self._lock:
            known = self._scores.index if self._scores is not None else pd.Index([])
            new = [sheet_id for sheet_id in finished if sheet_id not in known]
            if new or self._scores is None:
                answers = source.sheet_answers_frame(new)
                scores = score_frame(bank, answers, form)
                self._answers = pd.concat([self._answers, answers]) if new else answers
                self._scores = pd.concat([self._scores, scores]) if new else scores
            # Joining order, as workshop_answers; a person erased meanwhile drops out.
            return self._answers.reindex(finished), self._scores.reindex(finished)

    def scores(self, source: Store, workshop_id: str, bank: Bank, form: str | None) -> pd.DataFrame:
        return self.update(source, workshop_id, bank, form)[1]


@st.cache_resource(max_entries=256, show_spinner=False)
def _score_book(workshop_id: str, bank_key: BankKey) -> ScoreBook:
    return ScoreBook()


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _room(workshop_id: str, finished: int, bank_key: BankKey, _store: Store, _bank: Bank) -> Room:
    # Keyed on the number finished, as nothing else changes the scores (the ttl covers
    # a person erased while another finishes).
    form = bank_key[2]
    scores = _score_book(workshop_id, bank_key).scores(_store, workshop_id, _bank, form)
    summary = group_summary(scores, _bank)
    average = average_profile(scores, _bank, form)
    return Room(
        scores=scores,
        summary=summary,
        stats=axis_stats(scores, _bank),
        average=average,
        projector_chart=prepared(group_chart(summary, size="projector")),
    )


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def average_chart(workshop_id: str, finished: int, _results: Room) -> Chart:
    """The room's average profile, its tooltip counting people ("11 of 12 people"), drawn
    only when that view is chosen (a chart costs a few hundred milliseconds to prepare;
    the room's figures are redrawn at every finish)."""
    return prepared(profile_chart(_results.average, rests_on="people"))


@st.cache_data(ttl=STATE_SECONDS, max_entries=256, show_spinner=False)
def people_now(workshop_id: str) -> list[Participant]:
    """Everyone who joined, with their progress, shared by the facilitator's views and
    tabs for STATE_SECONDS (one grouped query over the room's answers)."""
    return store().workshop_people(workshop_id)


def bank_key(workshop: Workshop, bank: Bank) -> BankKey:
    return (bank.id, bank.version, workshop.form)


def room(workshop: Workshop, bank: Bank, finished: int) -> Room | None:
    """The room's results with `finished` participants done, or None after an error."""
    try:
        return _room(workshop.id, finished, bank_key(workshop, bank), store(), bank)
    except InvalidCells as exc:
        show_problem(
            "Some stored answers do not fit the current version of the question bank, so "
            "the group cannot be scored. The answers are kept.",
            exc,
        )
        return None


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _room_answers(
    workshop_id: str, finished: int, bank_key: BankKey, _store: Store, _bank: Bank
) -> tuple[ItemAnswers, ...]:
    answers, _ = _score_book(workshop_id, bank_key).update(_store, workshop_id, _bank, bank_key[2])
    return answer_distributions(answers, _bank, bank_key[2])


def room_answers(workshop: Workshop, bank: Bank, finished: int) -> tuple[ItemAnswers, ...]:
    """How the finished participants answered each question of the form."""
    return _room_answers(workshop.id, finished, bank_key(workshop, bank), store(), bank)


@st.cache_data(ttl=600, max_entries=256, show_spinner=False)
def question_chart(
    workshop_id: str, finished: int, bank_key: BankKey, item_id: str, _bank: Bank
) -> Chart:
    """One question's answers in projector size (aggregates of MIN_GROUP or more only)."""
    items = _room_answers(workshop_id, finished, bank_key, store(), _bank)
    chosen = [item for item in items if item.item_id == item_id]
    return prepared(answers_chart(chosen, _bank, size="projector"))


def pinned_bank(workshop: Workshop) -> Bank | None:
    """The workshop's bank in the version its first participant answered (a custom bank
    may have a newer version since), or the newest before anyone joined; None when this
    server does not offer it."""
    version = store().workshop_bank_version(workshop.id)
    if version is None:
        return library().banks.get(workshop.bank_id)
    return bank_version(workshop.bank_id, version)


def workshop_bank(workshop: Workshop) -> Bank | None:
    """The workshop's pinned bank, or None after saying it is not offered now."""
    bank = pinned_bank(workshop)
    if bank is None:
        st.error(
            f"This workshop uses the question bank {workshop.bank_id!r}, which this server "
            "does not offer now. Its answers are kept; ask the person who runs this app to "
            "restore that bank.",
            icon=":material/warning:",
        )
    return bank


def form_label(bank: Bank, form: str | None) -> str:
    """'Sales management or sales leadership · Quick form, 24 questions', as the PDF says it."""
    return f"{plain(bank.title)} · {form_text(bank, form)}"
