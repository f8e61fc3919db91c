"""Workshops through the app: a facilitator and several participants, each an AppTest
session, on one shared database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set).

Each test gets a database of its own: a SQLite file in a fresh DATA_DIR, or a fresh
PostgreSQL schema (DATABASE_URL with search_path set to it), dropped afterwards.
"""

from __future__ import annotations

import io
import json
import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from sqlalchemy import func, select, update
from streamlit.testing.v1 import AppTest

from questions.bank import load_bank
from reports.roster import room_csv
from scoring import score, score_frame
from scoring.group import average_profile, group_summary
from store import Store, Workshop, tokens
from store.schema import AnswerRow, FailedAttemptRow, WorkshopRow
from store.tokens import JOIN_CODE_ALPHABET
from tests.conftest import CORE_BANK, ROOT, postgres_schema
from tests.test_app import tap_after_a_server_restart
from ui.access import FREE_WRONG, seconds, throttle_wait
from ui.presenter import group_chart_png
from ui.room import ScoreBook

TIMEOUT = 60
CORE = load_bank(CORE_BANK)
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


# A fresh database per test, shared by the app's sessions and the test's own Store


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path, monkeypatch) -> Iterator[Store]:
    """The database the app will use, opened by the test too (the same rows, one store)."""
    data_dir = tmp_path / "data"
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    monkeypatch.delenv("QUESTIONS_DIR", raising=False)
    if request.param == "sqlite":
        monkeypatch.delenv("DATABASE_URL", raising=False)
        opened = Store(f"sqlite:///{data_dir / 'app.db'}")
        yield opened
        opened.close()
        return
    with postgres_schema("test_workshop") as url:
        monkeypatch.setenv("DATABASE_URL", url)
        opened = Store(url)
        try:
            yield opened
        finally:
            opened.close()
            _close_app_stores()


def _close_app_stores() -> None:
    """Forget the stores the app opened, so no pooled connection outlives its schema."""
    from ui.resources import _open_store

    _open_store.clear()


# Driving the app


def open_app(page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if page:
        at.run().switch_page(page)  # run first: pages are known by url_path after a run
    at.query_params.update(query)
    return at.run()


def create_workshop(title: str = "Spring session", form: str = "quick", reveal: bool = False):
    """Create a workshop through its page; returns (the page, code, facilitator key)."""
    at = open_app("app_pages/workshop_new.py")
    at.text_input(key="ws_title").input(title)
    at.radio(key="ws_bank").set_value("core")
    at.radio(key="ws_form").set_value(form)
    if reveal:
        at.checkbox(key="ws_reveal").check()
    at.button(key="create").click().run()
    assert not at.exception, at.exception
    code = at.session_state["created_workshop"][0]
    key = at.code[0].value
    return at, code, key


def facilitate(code: str, key: str | None = None) -> AppTest:
    query = {"workshop": code} | ({"key": key} if key is not None else {})
    return open_app("app_pages/facilitate.py", **query)


def join(code: str, name: str | None = None) -> AppTest:
    """A participant opens the join link (?join=CODE at the root) and starts."""
    at = open_app(join=code)
    assert not at.exception, at.exception
    if name:
        at.text_input(key="display_name").input(name)
    at.button(key="join_start").click().run()
    assert not at.exception, at.exception
    return at


def question_radios(at: AppTest) -> list:
    return [r for r in at.radio if r.key and r.key.startswith("answer:")]


def leaning(choice: float):
    """Answers at one point between the management end (0) and the leadership end (1)."""

    def pick(item_id: str) -> str:
        table = CORE.item(item_id).contributions(CORE.likert)
        ordered = sorted(table, key=table.__getitem__)
        return ordered[round(choice * (len(ordered) - 1))]

    return pick


def answer_all(at: AppTest, pick, finish: bool = True) -> dict[str, str]:
    """Answer every page of the quiz; click through to the results when finish is set."""
    given: dict[str, str] = {}
    while radios := question_radios(at):
        for radio in radios:
            item_id = radio.key.rsplit(":", 1)[1]
            radio.set_value(pick(item_id))
            given[item_id] = pick(item_id)
        at.run()
        if not finish and "page 4 of 4" in at.get("progress")[0].proto.text:
            return given
        at.button(key="next").click().run()
        assert not at.exception, at.exception
    return given


def token_of(at: AppTest) -> str:
    value = at.query_params["resume"]
    return value[0] if isinstance(value, list) else value


def metrics(at: AppTest) -> dict[str, int]:
    """The live counts the projector shows (ui.presenter.counts_html), by label."""
    found = {}
    for element in at.get("html"):
        found |= {
            label: int(value)
            for label, value in re.findall(
                r'data-label="(\w+)"><span class="count-value">(\d+)<', element.proto.body
            )
        }
    return found


def charts(at: AppTest) -> list:
    return list(at.get("vega_lite_chart"))


def chart_rows(chart) -> list[dict]:
    """Every data row a chart sends to the browser (all its datasets)."""
    rows = []
    for dataset in chart.proto.datasets:
        rows += pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
    if chart.proto.data.data:
        rows += pa.ipc.open_stream(chart.proto.data.data).read_all().to_pylist()
    return rows


def page_text(at: AppTest) -> str:
    """All the text a page shows (markdown, captions, alerts, titles, code, metrics)."""
    parts = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [str(e.value) for e in at.header] + [str(e.value) for e in at.subheader]
    parts += [str(e.value) for e in at.code] + [str(e.value) for e in at.metric]
    return "\n".join(parts)


def export_labels(at: AppTest) -> list[str]:
    return [e.proto.label for e in at.get("download_button")]


# The room, live


def test_live_counts_and_group_results_follow_the_finished_participants(db):
    _, code, key = create_workshop("Regional managers")
    room = facilitate(code, key)
    assert not room.exception
    assert room.title[0].value == "Regional managers"
    assert metrics(room) == {"Joined": 0, "Answering": 0, "Stalled": 0, "Finished": 0}
    assert code in room.code[-1].value, "the join link is on screen"
    assert room.get("image"), "the QR code is on screen"

    people = [join(code, name) for name in ("Ann", None, "Bob", None)]
    rerun_later(room)
    assert metrics(room) == {"Joined": 4, "Answering": 4, "Stalled": 0, "Finished": 0}

    given = []
    for n, person in enumerate(people[:2]):
        given.append(answer_all(person, leaning(n / 3)))
    answer_all(people[2], leaning(2 / 3), finish=False)
    rerun_later(room)
    assert metrics(room) == {"Joined": 4, "Answering": 2, "Stalled": 0, "Finished": 2}
    assert not charts(room), "no group figures under 3"
    assert export_labels(room) == ["Results of everyone who joined (CSV)"], "no group PNG"
    assert "at least 3 participants have finished (2 so far)" in room.info[0].value

    people[2].button(key="next").click().run()
    rerun_later(room)
    assert metrics(room) == {"Joined": 4, "Answering": 1, "Stalled": 0, "Finished": 3}
    workshop_id = db.workshop_by_code(code).id
    assert len(charts(room)) == 1, "one view at a time: the room on each axis"
    assert "3 finished." in text_of(room, "caption")
    assert export_labels(room) == ["Results of everyone who joined (CSV)", "Group chart (PNG)"]
    show(room, "Agree · disagree")
    text = page_text(room)
    assert "The room agrees most on" in text and "The room disagrees most on" in text
    show(room, "Question by question")
    assert room.selectbox(key=f"question:{workshop_id}").options, (
        "the questions with 3 answers or more, to discuss one by one"
    )
    question = chart_rows(charts(room)[0])
    assert not any("respondent" in r for r in question), "counts of answers, not people"
    show(room, "The room on each axis")
    assert not any("respondent" in r for r in chart_rows(charts(room)[0]))

    given.append(answer_all(people[3], leaning(1.0)))
    rerun_later(room)
    assert metrics(room)["Finished"] == 4
    assert "4 finished." in text_of(room, "caption")
    bins = [r for r in chart_rows(charts(room)[0]) if r.get("count") and "range" in r]
    per_axis = (
        pd.DataFrame(bins).drop_duplicates(["title", "range"]).groupby("title")["count"].sum()
    )
    assert set(per_axis) == {4}, "people counted in ranges on every axis, not one row a person"
    expected = score_frame(CORE, db.workshop_answers(db.workshop_by_code(code).id), "quick")
    overall = average_profile(expected, CORE, "quick").overall
    show(room, "Average profile")
    assert f"Overall {overall:+.1f}" in text_of(room, "markdown")


def show(room: AppTest, view: str) -> None:
    """Pick one of the projector's views (ui.presenter.VIEWS)."""
    room.segmented_control[0].set_value(view).run()
    assert not room.exception, room.exception


def rerun_later(at: AppTest) -> AppTest:
    """Run a page again a few seconds on, when what its sessions share for STATE_SECONDS
    (ui.room.room_state, ui.room.people_now) has been read afresh."""
    from ui.room import people_now, room_state

    room_state.clear()
    people_now.clear()
    return at.run()


def text_of(at: AppTest, kind: str) -> str:
    return "\n".join(str(e.value) for e in getattr(at, kind))


def test_the_export_holds_everyone_who_joined_with_progress_formula_safe(db):
    _, code, _ = create_workshop()
    workshop = db.workshop_by_code(code)
    names = ["=cmd|' /C calc'!A0", None, "Cy", None]
    sheets = []
    for n, name in enumerate(names):
        person = db.new_person(name).id if name else None
        sheet, _ = db.start_sheet(
            "core", CORE.version, "quick", workshop_id=workshop.id, person_id=person
        )
        items = CORE.form_items("quick")
        for item in items if n < 3 else items[:5]:
            db.save_answer(sheet.id, item.id, leaning(n / 3)(item.id))
        if n < 3:
            db.finish(sheet.id)
        sheets.append(sheet)

    scores = score_frame(CORE, db.workshop_answers(workshop.id, finished_only=False), "quick")
    csv = room_csv(db.workshop_people(workshop.id), scores, CORE, 24, datetime.now(UTC))
    table = pd.read_csv(io.StringIO(csv))
    assert list(table.columns[:4]) == ["Participant", "Status", "Answered", "Questions"]
    assert "React or act [react_act]" in table.columns and "Overall [overall]" in table.columns
    assert list(table["Participant"]) == ["'=cmd|' /C calc'!A0", "Anonymous 1", "Cy", "Anonymous 2"]
    assert list(table["Status"]) == ["Finished", "Finished", "Finished", "Answering"]
    assert list(table["Answered"]) == [24, 24, 24, 5], "the unfinished participant's progress"
    for row, sheet in zip(table.itertuples(), sheets[:3], strict=False):
        expected = score(CORE, db.answers(sheet.id), "quick")
        assert row[-1] == expected.overall
    assert all(s.id not in csv for s in sheets)

    png = group_chart_png(workshop, group_summary(scores.iloc[:3], CORE))
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000


def test_the_png_export_of_a_large_room_is_drawn_from_its_summary():
    rng = np.random.default_rng(1)
    axes = [a.id for a in CORE.axes]
    scores = pd.DataFrame(rng.uniform(-100, 100, (600, len(axes))).round(1), columns=axes)
    scores.index = pd.Index([f"s{n}" for n in range(600)], name="respondent")
    workshop = Workshop("id", "ABCDEF", "Big room", "core", None, True, None, None)
    png = group_chart_png(workshop, group_summary(scores, CORE))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_each_finished_sheet_is_scored_once_and_the_room_matches_a_full_rescore(db):
    workshop, _ = db.create_workshop("Growing room", "core", "quick")
    book, people = ScoreBook(), []
    for n in range(6):
        person = db.new_person(f"P{n}")
        sheet, _ = db.start_sheet(
            "core", CORE.version, "quick", workshop_id=workshop.id, person_id=person.id
        )
        for item in CORE.form_items("quick"):
            db.save_answer(sheet.id, item.id, leaning(n / 5)(item.id))
        people.append((person, sheet))
    unfinished = db.start_sheet("core", CORE.version, "quick", workshop_id=workshop.id)[0]
    db.save_answer(unfinished.id, CORE.form_items("quick")[0].id, "a")

    def full_rescore() -> pd.DataFrame:
        return score_frame(CORE, db.workshop_answers(workshop.id), "quick")

    assert book.scores(db, workshop.id, CORE, "quick").empty
    for _, sheet in people[:4]:
        db.finish(sheet.id)
        pd.testing.assert_frame_equal(book.scores(db, workshop.id, CORE, "quick"), full_rescore())
    db.delete_person(people[1][0].id)  # erased: drops out of the room at once
    db.finish(people[5][1].id)
    kept = book.scores(db, workshop.id, CORE, "quick")
    pd.testing.assert_frame_equal(kept, full_rescore())
    assert people[1][1].id not in kept.index and len(kept) == 4


# Reveal, privacy and the rule of 3


def test_participants_see_the_group_only_when_revealed_and_never_anyone_else(db):
    _, code, key = create_workshop("Team leads")
    # Full names with a space: a random resume token on the page can never contain one.
    names = ["Ann Lee", "Bob Tanaka", "Cy Ortega"]
    people = [join(code, name) for name in names]
    answer_all(people[0], leaning(0.0))
    answer_all(people[1], leaning(0.5))
    ann = people[0]
    assert ann.title[0].value == "Your profile"
    assert "has not shown the group's results yet" in text_of(ann, "info")
    assert len(charts(ann)) == 1, "only her own profile"

    room = facilitate(code, key)
    room.toggle(key=f"reveal:{db.workshop_by_code(code).id}").set_value(True).run()
    assert db.workshop_by_code(code).reveal
    rerun_later(ann)
    assert "at least 3 participants have finished (2 so far)" in text_of(ann, "info")
    assert len(charts(ann)) == 1, "revealed, but fewer than 3 have finished"

    answer_all(people[2], leaning(1.0))
    rerun_later(ann)
    assert len(charts(ann)) == 2, "her profile, then her place in the group"
    rows = chart_rows(charts(ann)[1])
    sent = json.dumps(rows, default=str) + charts(ann)[1].proto.spec
    sheets = db.workshop_sheets(db.workshop_by_code(code).id)
    assert not any(s.id in sent for s in sheets), "no sheet id reaches a participant"
    assert not any("respondent" in r for r in rows), "no row is a person"
    shown = page_text(ann) + sent
    assert "Bob Tanaka" not in shown and "Cy Ortega" not in shown, "nobody else's name"
    numbers = {round(v, 1) for r in rows for v in r.values() if isinstance(v, float)}
    mine, *others = (score(CORE, db.answers(s.id), "quick") for s in sheets)
    assert {a.score for a in mine.axes if a.score is not None} <= numbers, "her own scores"
    for other in others:  # what Bob and Cy scored cannot be read back from what Ann got
        theirs = [a.score for a in other.axes if a.score is not None]
        assert sum(v in numbers for v in theirs) < len(theirs) / 2

    room.toggle(key=f"reveal:{db.workshop_by_code(code).id}").set_value(False).run()
    rerun_later(ann)
    assert len(charts(ann)) == 1, "hidden again"


def test_a_workshop_created_revealed_shows_the_group_at_once(db):
    _, code, _ = create_workshop(reveal=True)
    assert db.workshop_by_code(code).reveal


def test_a_sheet_outside_any_workshop_shows_no_group_section(db):
    at = open_app()
    at.radio(key="bank").set_value("core")
    at.radio(key="form").set_value("quick")
    at.button(key="start").click().run()
    answer_all(at, leaning(0.5))
    assert "You and the group" not in [h.value for h in at.header]


# Closing


def test_a_closed_workshop_refuses_answers_and_newcomers_but_keeps_what_it_has(db):
    _, code, key = create_workshop()
    early = [join(code) for _ in range(3)]
    for n, person in enumerate(early):
        answer_all(person, leaning(n / 2))
    late = join(code, "Late")
    first_radio = question_radios(late)[0]
    item_id = first_radio.key.rsplit(":", 1)[1]
    first_radio.set_value(leaning(1.0)(item_id)).run()
    sheet = db.sheet_by_token(token_of(late))
    assert db.answers(sheet.id) == {item_id: leaning(1.0)(item_id)}

    room = facilitate(code, key)
    room.button(key="close_confirm").click().run()
    assert db.workshop_by_code(code).closed
    assert "no new participants or answers" in text_of(room, "warning")
    assert not room.get("image"), "the join panel is gone once closed"
    assert metrics(room) == {"Joined": 4, "Answering": 1, "Stalled": 0, "Finished": 3}
    assert len(charts(room)) == 1, "results stay available"

    second = question_radios(late)[1]
    second.set_value(leaning(1.0)(second.key.rsplit(":", 1)[1])).run()
    assert not late.exception
    assert "The workshop was closed at" in text_of(late, "warning")
    assert "The 1 answers you gave are kept" in text_of(late, "warning")
    assert db.answers(sheet.id) == {item_id: leaning(1.0)(item_id)}, "nothing new stored"
    assert not question_radios(late), "no question left to answer in vain"

    resumed = open_app(resume=token_of(late))  # the resume link, later
    assert not resumed.exception
    assert "The workshop was closed at" in text_of(resumed, "warning")
    results = open_app("app_pages/results.py", resume=token_of(late))
    assert results.title[0].value == "Your profile", "a profile from the answers given"
    assert "before the workshop closed" in text_of(results, "caption")

    newcomer = open_app(join=code)
    assert "This workshop is closed" in text_of(newcomer, "warning")
    assert not [b for b in newcomer.button if b.key == "join_start"]


# Keys and codes


def test_the_facilitator_key_is_shown_once_and_stored_only_as_a_hash(db):
    page, code, key = create_workshop()
    assert tokens.looks_like_token(key) and len(key) >= 22
    assert f"facilitate?workshop={code}&key={key}" in page.code[1].value
    with db.engine.connect() as connection:
        row = connection.execute(select(WorkshopRow).where(WorkshopRow.code == code)).one()
    assert row.key_hash == tokens.hash_secret(key)
    assert key not in [str(v) for v in row]
    page.button(key="another").click().run()
    assert key not in page_text(page), "gone from the page once left"


def test_links_and_qr_code_carry_the_public_url_when_it_is_set(db, monkeypatch):
    monkeypatch.setenv("PUBLIC_URL", "https://coach.example.org/assess/")
    page, code, key = create_workshop()
    links = [c.value for c in page.code]
    assert f"https://coach.example.org/assess/?join={code}" in links
    assert f"https://coach.example.org/assess/facilitate?workshop={code}&key={key}" in links
    assert not page.warning, "a public address needs no warning"


def test_a_join_link_only_this_computer_can_open_is_flagged(db):
    page, code, _ = create_workshop()  # AppTest has no browser address: localhost
    assert f"http://localhost:8501/?join={code}" in [c.value for c in page.code]
    assert "phones cannot open" in page.warning[0].value
    assert "PUBLIC_URL" in page.warning[0].value


def test_no_data_without_the_right_key(db):
    _, code, key = create_workshop("Secret room")
    person = join(code, "Ann")
    answer_all(person, leaning(0.2))

    for attempt in (
        facilitate(code),
        facilitate(code, "x" * 32),
        facilitate(code, key[:-1] + ("B" if key.endswith("A") else "A")),
    ):
        assert not attempt.exception
        assert "Secret room" not in page_text(attempt)
        assert not metrics(attempt) and not charts(attempt) and not attempt.get("image")
        assert attempt.text_input(key="fac_key").value == ""
    wrong = facilitate(code, "x" * 32)
    assert "do not open a workshop" in wrong.error[0].value
    assert "key" not in wrong.query_params, "a key never stays in the address bar"
    unknown = facilitate("ZZZZZZ", key)
    assert unknown.error[0].value == wrong.error[0].value, "no telling which codes exist"

    typed = facilitate(code)
    typed.text_input(key="fac_key").input(key)
    _submit(typed)
    assert typed.title[0].value == "Secret room"
    assert metrics(typed)["Joined"] == 1

    linked = facilitate(code, key)
    assert linked.title[0].value == "Secret room"
    assert "key" not in linked.query_params
    linked.run()
    assert linked.title[0].value == "Secret room", "the session keeps the access"


def _submit(at: AppTest) -> None:
    button = next(b for b in at.button if b.proto.is_form_submitter)
    button.click().run()


def test_a_wrong_typed_key_says_so_and_shows_nothing(db):
    _, code, _ = create_workshop("Secret room")
    at = facilitate(code)
    at.text_input(key="fac_key").input("not-the-key-but-long-enough-1234")
    _submit(at)
    assert "do not open a workshop" in at.error[0].value
    assert "Secret room" not in page_text(at)


def test_join_codes_are_forgiving_but_wrong_ones_are_refused_and_slowed_down(db):
    _, code, _ = create_workshop("Open room")
    typed = f"{code[:3].lower()} {code[3:].lower()}"
    at = open_app("app_pages/join.py")
    at.text_input(key="code").input(typed)
    _submit(at)
    assert at.header[0].value == "Open room", "lower case and spaces are fine"

    at = open_app(join="QQQQQQ")
    assert "No workshop has the code QQQQQQ" in at.error[0].value
    assert "join" not in at.query_params
    free = FREE_WRONG["join"]
    for n in range(free - 1):
        guess = open_app(join=f"ABCD{JOIN_CODE_ALPHABET[n]}{JOIN_CODE_ALPHABET[n]}")
    assert "wait 2 seconds" in guess.error[0].value, "every new session counts"
    right = open_app(join=code)
    assert "Please wait" in right.error[0].value, "even a right code waits its turn"
    assert not right.header

    with db.engine.begin() as connection:  # a minute later
        a_minute_ago = datetime.now(UTC) - timedelta(minutes=1)
        connection.execute(update(FailedAttemptRow).values(at=a_minute_ago))
    assert open_app(join=code).header[0].value == "Open room"


def test_the_facilitator_page_is_throttled_across_sessions_and_tells_no_codes(db):
    _, code, key = create_workshop("Guarded")
    for n in range(FREE_WRONG["facilitate"]):
        attempt = facilitate(code if n % 2 else "ZZZZZZ", "x" * 32)
    assert "wait 2 seconds" in attempt.error[0].value
    blocked = facilitate(code, key)
    assert "Guarded" not in page_text(blocked), "the right key waits its turn too"


def test_the_wait_grows_with_each_wrong_try():
    waits = [throttle_wait(n, free=3) for n in range(1, 12)]
    assert waits[:2] == [0, 0] and waits[2] == 2
    assert waits == sorted(waits) and waits[-1] == 60
    assert seconds(1) == "1 second", "not '1 seconds'"


def test_home_offers_workshops_and_forwards_join_links(db):
    home = open_app()
    links = [e.proto.label for e in home.get("page_link")]
    assert "Join a workshop with a code" in links and "Run a workshop for a room" in links
    _, code, _ = create_workshop("Forwarded")
    assert open_app(join=code).header[0].value == "Forwarded"
    assert "does not open" not in page_text(open_app(join="not a code"))


def test_a_workshop_needs_a_title(db):
    at = open_app("app_pages/workshop_new.py")
    at.button(key="create").click().run()
    assert "Give the workshop a title" in at.error[0].value
    with db.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(WorkshopRow)) == 0


def test_several_workshops_run_side_by_side(db):
    _, first, first_key = create_workshop("First")
    _, second, second_key = create_workshop("Second")
    assert first != second
    join(first)
    join(second)
    join(second)
    assert metrics(facilitate(first, first_key))["Joined"] == 1
    assert metrics(facilitate(second, second_key))["Joined"] == 2
    wrong = facilitate(second, first_key)
    assert "do not open a workshop" in wrong.error[0].value


# Fifty people at once, through the workshop path


def test_fifty_participants_answering_the_full_form_at_once_lose_nothing(db):
    workshop, _ = db.create_workshop("Big room", "core", None)
    people, items = 50, CORE.form_items(None)
    assert len(items) == 72
    started = [
        db.start_sheet("core", CORE.version, None, workshop_id=workshop.id)[0]
        for _ in range(people)
    ]
    everyone_ready = threading.Barrier(people)

    def answers_of(person: int) -> dict[str, str]:
        return {item.id: leaning((person % 5) / 4)(item.id) for item in items}

    def take_part(person: int) -> None:
        everyone_ready.wait(timeout=60)
        for item_id, value in answers_of(person).items():
            db.save_answer(started[person].id, item_id, value)
        db.finish(started[person].id)

    with ThreadPoolExecutor(max_workers=people) as pool:
        list(pool.map(take_part, range(people)))

    with db.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(AnswerRow)) == people * 72
    assert db.workshop_progress(workshop.id) == {
        "joined": people,
        "in_progress": 0,
        "finished": people,
    }
    wide = db.workshop_answers(workshop.id)
    assert wide.shape == (people, 72)
    assert list(wide.index) == [s.id for s in started]
    for person, sheet in enumerate(started):
        assert wide.loc[sheet.id].to_dict() == answers_of(person)
    scores = score_frame(CORE, wide)
    assert scores["overall"].notna().all()


# Signed in from the browser: refresh, restart and sign out


@pytest.fixture
def browser(monkeypatch) -> dict[str, str]:
    """One browser's cookie jar, shared by the AppTest sessions of a test: what the app
    asks the browser to keep, and what the browser sends when a session connects."""
    jar: dict[str, str] = {}

    def keep(name: str, value: str, max_age: int) -> None:
        if max_age > 0:
            jar[name] = value
        else:
            jar.pop(name, None)

    monkeypatch.setattr("ui.access.browser_cookies", lambda: dict(jar))
    monkeypatch.setattr("ui.access.write_cookie", keep)
    return jar


def test_a_facilitator_stays_signed_in_across_refreshes_with_no_key_on_screen(db, browser):
    page, code, key = create_workshop("Projector room")
    assert f"facilitator_{code}" in browser, "creating a workshop signs this browser in"
    assert key not in browser.values(), "the browser keeps a sign-in token, not the key"
    page.button(key="open_facilitator").click().run()
    assert "key" not in page.query_params, "no key in the address bar"

    refreshed = facilitate(code)  # a refresh or a restart: a new session, same browser
    assert refreshed.title[0].value == "Projector room"
    assert key not in page_text(refreshed) and browser[f"facilitator_{code}"] not in page_text(
        refreshed
    ), "no secret on screen"

    refreshed.button(key="sign_out").click().run()
    assert f"facilitator_{code}" not in browser
    assert refreshed.text_input(key="fac_key").value == "", "signed out: the key form"
    stolen = db.workshop_by_code(code)
    assert db.signed_in_workshop("x" * 32) is None and stolen is not None
    assert "Projector room" not in page_text(facilitate(code)), "the old token opens nothing"


def test_a_sign_in_token_for_another_workshop_opens_nothing(db, browser):
    _, first, _ = create_workshop("First")
    _, second, _ = create_workshop("Second")
    browser[f"facilitator_{second}"] = browser[f"facilitator_{first}"]
    browser.pop(f"facilitator_{first}")
    assert "Second" not in page_text(facilitate(second))


def test_the_browser_lists_its_workshops_to_reopen_or_run_again(db, browser):
    create_workshop("Monday group")
    listing = open_app("app_pages/workshop_new.py")
    assert "Monday group" in text_of(listing, "markdown")
    monday = db.workshop_by_code(browser["my_workshops"].split(".")[0])
    listing.button(key=f"again:{monday.id}").click().run()
    code = listing.session_state["created_workshop"][0]
    copy = db.workshop_by_code(code)
    assert (copy.title, copy.bank_id, copy.form) == ("Monday group", "core", "quick")
    assert copy.id != monday.id and not copy.closed
    assert facilitate(code).title[0].value == "Monday group", "signed in to the copy too"


# What the facilitator follows, and participants never see


def test_progress_by_person_is_for_the_facilitator_only(db):
    _, code, key = create_workshop("Followed")
    ann = join(code, "Ann Lee")
    bob = join(code, "Bob Tanaka")
    answer_all(ann, leaning(0.3), finish=False)
    room = facilitate(code, key)
    progress = room.dataframe[0].value
    assert list(progress["Participant"]) == ["Bob Tanaka", "Ann Lee"], "who needs a nudge first"
    assert dict(zip(progress["Participant"], progress["Answered"], strict=True)) == {
        "Ann Lee": "24 of 24",
        "Bob Tanaka": "0 of 24",
    }
    assert set(progress["Status"]) <= {"Answering", "Not started"}
    assert "Bob Tanaka" not in page_text(bob) and "Ann Lee" not in page_text(bob)


def test_a_name_too_long_is_refused_with_a_message_not_dropped(db):
    _, code, _ = create_workshop()
    at = open_app(join=code)
    long_name = "Alexandra Catherine Montgomery-Fitzwilliam III"
    at.text_input(key="display_name").input(long_name)
    at.button(key="join_start").click().run()
    assert f"Your name has {len(long_name)} characters" in at.error[0].value
    assert at.text_input(key="display_name").value == long_name, "what was typed is kept"
    assert db.workshop_sheets(db.workshop_by_code(code).id) == [], "nobody joined anonymously"


def test_a_reveal_reaches_phones_within_five_seconds():
    from ui.comparison import PARTICIPANT_SECONDS
    from ui.room import STATE_SECONDS

    assert PARTICIPANT_SECONDS + STATE_SECONDS <= 5


def test_a_participant_s_answer_tapped_as_the_server_restarts_is_stored(db):
    _, code, _ = create_workshop()
    phone = join(code, "Ann Lee")
    first, second = question_radios(phone)[:2]
    first_id, second_id = (r.key.rsplit(":", 1)[1] for r in (first, second))
    first.set_value(leaning(0.0)(first_id))
    phone.run()
    phone.radio(key=second.key).set_value(leaning(1.0)(second_id))
    tap_after_a_server_restart(phone)
    sheet = db.sheet_by_token(token_of(phone))
    assert db.answers(sheet.id) == {
        first_id: leaning(0.0)(first_id),
        second_id: leaning(1.0)(second_id),
    }
    assert phone.get("progress")[0].proto.text.startswith("2 of 24 answered")


def test_a_hostile_join_value_is_echoed_short_and_inert(db):
    hostile = "https://evil.example/login?" + "x" * 20_000
    at = open_app(join=hostile)
    assert not at.exception
    message = at.error[0].value
    assert len(message) < 400, "a 20,000-character value is not echoed in full"
    assert "https://evil.example" not in message, "no live link inside the app's own message"
    assert "…" in message
