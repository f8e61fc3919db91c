"""The self-assessment as a respondent meets it, driven through Streamlit's AppTest."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from datetime import UTC, date, datetime

import pandas as pd
import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.app_test import TESTING_KEY

from questions.bank import load_bank
from questions.catalog import archived_bank
from questions.order import item_order, pages
from scoring.profile import score
from store import Store
from store.schema import SheetRow
from tests.conftest import CORE_BANK, MINI_BANK, QUESTIONS, ROOT

TIMEOUT = 60


@pytest.fixture
def downloads(monkeypatch):
    """Every file the app offers for download, by file name, as bytes."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        if filename is not None and isinstance(path_or_data, bytes | str):
            data = path_or_data.encode() if isinstance(path_or_data, str) else path_or_data
            files[filename] = data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return files


def open_app(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params.update(query)
    return at.run()


def start(form: str = "quick", bank: str = "core") -> AppTest:
    at = open_app()
    at.radio(key="bank").set_value(bank).run()
    at.radio(key="form").set_value(form)
    return at.button(key="start").click().run()


def question_radios(at: AppTest) -> list:
    return [r for r in at.radio if r.key and r.key.startswith("answer:")]


def answer_page(at: AppTest, pick=lambda options: options[0]) -> dict[str, str]:
    """Answer every question on the page; returns item id -> the value given."""
    given = {}
    for radio in question_radios(at):
        item_id = radio.key.rsplit(":", 1)[1]
        value = pick(answer_values(item_id))
        radio.set_value(value)
        given[item_id] = value
    at.run()
    return given


def answer_values(item_id: str) -> list[str]:
    """The values an item accepts, from the management end to the leadership end."""
    table = CORE.item(item_id).contributions(CORE.likert)
    return sorted(table, key=table.__getitem__)


CORE = load_bank(CORE_BANK)


def token_of(at: AppTest) -> str:
    return (
        at.query_params["resume"][0]
        if isinstance(at.query_params["resume"], list)
        else at.query_params["resume"]
    )


def progress_text(at: AppTest) -> str:
    return at.get("progress")[0].proto.text


def finish(at: AppTest, pick=lambda options: options[0]) -> dict[str, str]:
    given = {}
    while question_radios(at):
        given |= answer_page(at, pick)
        at.button(key="next").click().run()
        assert not at.exception, at.exception
    return given


def test_home_explains_and_offers_both_banks_and_forms(data_dir):
    at = open_app()
    assert not at.exception
    assert "Neither style is better" in at.info[0].value
    assert at.radio(key="bank").options == [
        "Sales management or sales leadership",
        "Ready to lead a sales team?",
    ]
    forms = at.radio(key="form").options
    assert forms[0].startswith("Quick: 24 questions, about 5 minutes")
    assert forms[1].startswith("Full: 72 questions")


def test_quick_form_from_home_to_results_and_downloads(data_dir, downloads):
    at = start("quick")
    assert progress_text(at) == "0 of 24 answered · page 1 of 4"
    # Items of one axis are not all next to each other.
    first_page = [r.key.rsplit(":", 1)[1] for r in question_radios(at)]
    assert len({CORE.item(i).axis for i in first_page}) == len(first_page)

    given = finish(at)
    assert len(given) == 24
    assert at.title[0].value == "Your profile"
    expected = score(CORE, given, "quick")
    assert at.metric[0].value == f"{expected.overall:+.1f}"
    assert at.get("vega_lite_chart"), "the profile chart is shown"
    # one card per axis, strongest lean first
    card_titles = [m.value for m in at.markdown if m.value.startswith("#### ")]
    strongest = [a.title for a in expected.strongest_first()]
    assert [t.removeprefix("#### ").replace("\\", "") for t in card_titles] == strongest

    # named by bank and the attempt's date and time (this respondent gave no name)
    stems = {re.sub(r"(-scores|-answers)?\.(pdf|csv|json)$", "", name) for name in downloads}
    assert len(stems) == 1
    stem = stems.pop()
    assert re.fullmatch(rf"core-{date.today():%Y-%m-%d}-\d{{6}}", stem)
    assert set(downloads) == {
        f"{stem}.pdf",
        f"{stem}-scores.csv",
        f"{stem}-answers.csv",
        f"{stem}.json",
    }
    assert all(len(data) > 0 for data in downloads.values())
    assert downloads[f"{stem}.pdf"].startswith(b"%PDF")
    assert json.loads(downloads[f"{stem}.json"])["bank"]["id"] == "core"


def test_back_and_next_keep_answers(data_dir):
    at = start("quick")
    given = answer_page(at, pick=lambda options: options[-1])
    at.button(key="next").click().run()
    assert progress_text(at).endswith("page 2 of 4")
    at.button(key="back").click().run()
    assert progress_text(at) == "6 of 24 answered · page 1 of 4"
    shown = {r.key.rsplit(":", 1)[1]: r.value for r in question_radios(at)}
    assert shown == given


def test_an_answer_changed_in_another_browser_is_not_overwritten_by_the_first(data_dir):
    laptop = start("quick")
    first, second = question_radios(laptop)[:2]
    first_id, second_id = first.key.rsplit(":", 1)[1], second.key.rsplit(":", 1)[1]
    first.set_value(answer_values(first_id)[0])
    laptop.run()
    phone = open_app(resume=token_of(laptop))
    phone.radio(key=first.key).set_value(answer_values(first_id)[-1])
    phone.run()
    laptop.radio(key=second.key).set_value(answer_values(second_id)[0])
    laptop.run()  # the laptop still shows its old answer to the first question
    stored = _store(data_dir).answers(_store(data_dir).sheet_by_token(token_of(laptop)).id)
    assert stored[first_id] == answer_values(first_id)[-1], "the phone's later answer stands"
    assert stored[second_id] == answer_values(second_id)[0]
    assert laptop.radio(key=first.key).value == answer_values(first_id)[-1], (
        "the laptop now shows what is stored, not its stale answer"
    )


def test_a_page_cannot_be_left_unanswered_unless_skipped(data_dir):
    at = start("quick")
    at.button(key="next").click().run()
    assert progress_text(at).endswith("page 1 of 4"), "still on the first page"
    assert "no answer yet" in at.warning[0].value
    at.button(key="skip").click().run()
    assert progress_text(at) == "0 of 24 answered, 6 skipped · page 2 of 4"
    assert at.get("progress")[0].proto.value == 0, "the bar shows answers, not skips"
    sheet = _store(data_dir).sheet_by_token(token_of(at))
    stored = _store(data_dir).answers(sheet.id)
    assert len(stored) == 6 and set(stored.values()) == {None}, "skips are recorded"


def test_the_unanswered_questions_are_named_in_plain_english(data_dir):
    at = start("quick")
    radios = question_radios(at)
    for radio in radios[:4]:
        radio.set_value(answer_values(radio.key.rsplit(":", 1)[1])[0])
    at.run()
    at.button(key="next").click().run()
    assert at.warning[0].value.startswith("Questions 5 and 6 have no answer yet.")
    fifth = question_radios(at)[4]
    fifth.set_value(answer_values(fifth.key.rsplit(":", 1)[1])[0]).run()
    at.button(key="next").click().run()
    assert at.warning[0].value.startswith("Question 6 has no answer yet.")
    at.button(key="skip").click().run()
    assert progress_text(at) == "5 of 24 answered, 1 skipped · page 2 of 4"


def test_skipped_axes_follow_the_coverage_rule(data_dir):
    at = start("quick")
    given = {}
    while question_radios(at):
        given |= answer_page(at)
        # skip nothing on the first three pages, then skip the whole last page
        if progress_text(at).endswith("page 4 of 4"):
            for radio in question_radios(at):
                given.pop(radio.key.rsplit(":", 1)[1])
            sheet = _store(data_dir).sheet_by_token(token_of(at))
            for radio in question_radios(at):
                _store(data_dir).save_answer(sheet.id, radio.key.rsplit(":", 1)[1], None)
            at.button(key="next").click().run()
            break
        at.button(key="next").click().run()
    expected = score(CORE, given, "quick")
    assert at.metric[0].value == ("—" if expected.overall is None else f"{expected.overall:+.1f}")


def test_resume_link_restores_answers_and_page_in_a_fresh_session(data_dir):
    at = start("quick")
    given = answer_page(at)
    at.button(key="next").click().run()
    token = token_of(at)
    assert token in at.code[0].value, "the private link is offered from the first page"

    fresh = open_app(resume=token)  # another browser, after a restart: a new session
    assert not fresh.exception
    assert progress_text(fresh) == "6 of 24 answered · page 2 of 4"
    fresh.button(key="back").click().run()
    assert {r.key.rsplit(":", 1)[1]: r.value for r in question_radios(fresh)} == given


@pytest.mark.parametrize("token", ["nonsense", "A" * 43, "'; drop table sheet; --"])
def test_a_bad_resume_link_gets_a_clear_message(data_dir, token):
    at = open_app(resume=token)
    assert not at.exception
    assert "does not open an assessment" in at.warning[0].value


def test_retake_shows_the_earlier_profile_beside_the_new_one(data_dir, downloads):
    at = start("quick")
    first = finish(at, pick=lambda options: options[0])
    at.button(key="retake").click().run()
    assert progress_text(at) == "0 of 24 answered · page 1 of 4"
    second = finish(at, pick=lambda options: options[-1])
    before, after = score(CORE, first, "quick"), score(CORE, second, "quick")
    assert at.metric[0].value == f"{after.overall:+.1f}"
    captions = [c.value for c in at.caption]
    assert any("earlier attempt" in c for c in captions)
    # The quick form's scores are tentative: a move of +200 is labelled as such, never
    # a bare "+200.0 since last time" (scoring.precision).
    delta = after.overall - before.overall
    assert f"Tentative: {delta:+.1f} since last time, from scores resting on fewer than 3" in (
        " ".join(captions)
    )
    assert not any(c.startswith(f"{delta:+.1f} since last time") for c in captions)
    assert "Strongly" not in " ".join(m.value for m in at.markdown)
    assert "Based on 2 of 2 answers; tentative: take the full form" in " ".join(captions)


def test_results_say_what_the_scores_rest_on_and_compare_with_30_others(data_dir, downloads):
    data_dir.mkdir(parents=True)
    db = Store(f"sqlite:///{data_dir / 'app.db'}")
    for n in range(30):  # thirty earlier respondents of the quick form
        sheet, _ = db.start_sheet("core", CORE.version, "quick")
        for item in CORE.form_items("quick"):
            db.save_answer(sheet.id, item.id, item.options[n % len(item.options)].id)
        db.finish(sheet.id)
    db.close()
    at = start("quick")
    finish(at, pick=lambda options: options[0])
    text = " ".join(m.value for m in at.markdown)
    assert "(tentative)" in text and "Based on 24 of 24 answers" in text
    assert any(h.value == "Compared with others" for h in at.header)
    assert any("30 people (you are not counted)" in c.value for c in at.caption)
    table = at.dataframe[0].value
    assert list(table.columns) == ["Axis", "Percentile", "People"]
    assert len(table) == 12 and set(table["People"]) == {30}
    assert table["Percentile"].between(0, 100).all()


def test_situations_panel_says_which_style_each_calls_for(data_dir, downloads):
    at = start("quick")
    finish(at)
    at.get("button_group")[0].set_value(["large_team", "period_of_change"]).run()
    text = " ".join(m.value for m in at.markdown)
    assert "calls for more **Management**" in text
    assert "calls for more **Leadership**" in text
    record = json.loads(next(data for name, data in downloads.items() if name.endswith(".json")))
    assert [s["id"] for s in record["situations"]] == ["large_team", "period_of_change"]
    assert all(s["title"] for s in record["situations"])
    assert record["respondent"] is None and record["sheet"]


def test_each_attempt_downloads_under_its_own_name_with_the_earlier_scores(data_dir, downloads):
    data_dir.mkdir(parents=True)
    db = Store(f"sqlite:///{data_dir / 'app.db'}")
    person = db.new_person("Ann Lée")
    attempts = []
    for pick, hour in ((0, 9), (-1, 14)):  # two attempts on one day
        sheet, token = db.start_sheet("core", CORE.version, "quick", person_id=person.id)
        for item in CORE.form_items("quick"):
            db.save_answer(sheet.id, item.id, answer_values(item.id)[pick])
        db.finish(sheet.id)
        when = datetime(2026, 11, 23, hour, 5, tzinfo=UTC)
        with Session(db.engine) as session:
            session.execute(
                update(SheetRow)
                .where(SheetRow.id == sheet.id)
                .values(started_at=when, finished_at=when)
            )
            session.commit()
        attempts.append((sheet, token, score(CORE, db.answers(sheet.id), "quick")))
    db.close()
    for _, token, _ in attempts:
        at = open_app(resume=token)
        assert not at.exception, at.exception
    first, second = "core-ann-lee-2026-11-23-090500", "core-ann-lee-2026-11-23-140500"
    assert sorted(name for name in downloads if name.endswith(".pdf")) == [
        f"{first}.pdf",
        f"{second}.pdf",
    ]
    record = json.loads(downloads[f"{second}.json"])
    (_, _, before), (sheet, _, after) = attempts
    assert record["respondent"] == "Ann Lée" and record["sheet"] == sheet.id
    assert record["previous"]["finished_at"].startswith("2026-11-23T09:05:00")
    assert record["previous"]["overall"]["score"] == before.overall
    assert record["previous"]["overall"]["change"] == round(after.overall - before.overall, 1)
    assert json.loads(downloads[f"{first}.json"])["previous"] is None
    table = pd.read_csv(io.BytesIO(downloads[f"{second}-scores.csv"])).set_index("axis")
    assert table.loc["overall", "previous"] == before.overall
    for axis in before.axes:
        assert table.loc[axis.axis_id, "previous"] == axis.score


@pytest.mark.parametrize("finished", [False, True], ids=["quiz", "results"])
def test_a_sheet_on_a_bank_version_no_longer_offered_gets_a_message(data_dir, finished):
    data_dir.mkdir(parents=True)
    db = Store(f"sqlite:///{data_dir / 'app.db'}")
    sheet, token = db.start_sheet("core", CORE.version + 1, "quick")
    if finished:
        db.finish(sheet.id)
    db.close()
    at = open_app(resume=token)
    assert not at.exception
    assert f"version {CORE.version + 1} of the question bank 'core'" in at.error[0].value
    assert "Your answers are kept" in at.error[0].value
    assert not question_radios(at) and not at.get("vega_lite_chart")


@pytest.mark.parametrize(("bank_id", "version"), [("readiness", 1), ("readiness", 2), ("core", 1)])
def test_results_of_an_earlier_version_of_a_shipped_bank_still_open(data_dir, bank_id, version):
    earlier = archived_bank(QUESTIONS, bank_id, version)
    current = load_bank(QUESTIONS / f"{bank_id}.yaml")
    assert earlier is not None and earlier.version < current.version
    data_dir.mkdir(parents=True)
    db = Store(f"sqlite:///{data_dir / 'app.db'}")
    sheet, token = db.start_sheet(bank_id, version, "quick")
    for item in earlier.form_items("quick"):
        db.save_answer(sheet.id, item.id, item.options[0].id if hasattr(item, "options") else "4")
    db.finish(sheet.id)
    expected = score(earlier, db.answers(sheet.id), "quick")
    db.close()
    at = open_app(resume=token)
    assert not at.exception
    assert at.title[0].value == "Your profile", "an old link keeps its results"
    assert not at.error
    shown = "\n".join(str(m.value) for m in at.metric)
    assert f"{expected.overall:+.1f}" in shown


def test_a_broken_bank_is_listed_and_the_app_still_starts(data_dir, tmp_path, monkeypatch):
    folder = tmp_path / "questions"
    shutil.copytree(QUESTIONS, folder)
    (folder / "broken.yaml").write_text("id: broken\ntitle: Broken\naxes: []\n")
    monkeypatch.setenv("QUESTIONS_DIR", str(folder))
    at = open_app()
    assert not at.exception
    assert "Unavailable question banks (1)" in at.expander[0].label
    assert any("broken.yaml" in m.value for m in at.markdown)
    assert any("likert: missing required field" in c.value for c in at.code)
    assert len(at.radio(key="bank").options) == 2


def test_an_unreachable_database_gets_a_message_not_a_traceback(data_dir, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody:secret@127.0.0.1:1/none")
    at = open_app()
    at.button(key="start").click().run()
    assert not at.exception
    assert "cannot be reached" in at.error[0].value
    assert all("secret" not in c.value for c in at.caption), "no password shown"


def _store(data_dir) -> Store:
    return Store(f"sqlite:///{data_dir / 'app.db'}")


def test_order_is_stable_for_the_sheet(data_dir):
    at = start("full")
    sheet = _store(data_dir).sheet_by_token(token_of(at))
    expected = pages(item_order(CORE, None, sheet.seed))[0]
    assert [r.key.rsplit(":", 1)[1] for r in question_radios(at)] == expected


def observer_sheet(data_dir, bank_id: str, version: int, form: str, seed: int = 0) -> str:
    """The resume token of an observer's sheet rating a new candidate (no page starts
    one yet: HR campaigns will)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    db = _store(data_dir)
    candidate = db.new_person("Candidate")
    _, token = db.start_sheet(
        bank_id, version, form, role="observer", rates_person_id=candidate.id, seed=seed
    )
    db.close()
    return token


def test_an_observer_sheet_asks_about_them_in_the_observer_wording(data_dir):
    # a seed whose first page holds an option reworded for observers ("your" -> "their")
    seed = next(
        s
        for s in range(100)
        if any(o.observer for i in pages(item_order(CORE, "quick", s))[0] for o in options_of(i))
    )
    at = open_app(resume=observer_sheet(data_dir, "core", CORE.version, "quick", seed))
    assert not at.exception
    radios = question_radios(at)
    assert len(radios) == 6
    for number, radio in enumerate(radios, start=1):
        item_id = radio.key.rsplit(":", 1)[1]
        item = CORE.item(item_id)
        assert radio.label == f"**{number}.** {item.observer}" != f"**{number}.** {item.text}"
        assert radio.options == [o.observer or o.text for o in options_of(item_id)]
    reworded = [o for r in radios for o in options_of(r.key.rsplit(":", 1)[1]) if o.observer]
    assert reworded and all(o.text not in r.options for r in radios for o in reworded)
    assert not any(
        word in (r.label + " ".join(r.options)).split()
        for r in radios
        for word in ("you", "your", "You", "Your")
    )


def test_a_self_sheet_keeps_the_respondents_own_wording(data_dir):
    at = start("quick")
    for radio in question_radios(at):
        item = CORE.item(radio.key.rsplit(":", 1)[1])
        assert radio.label.endswith(f" {item.text}")
        assert radio.options == [o.text for o in item.options]


def test_an_observer_sheet_on_a_bank_without_observer_wording_gets_a_message(
    data_dir, tmp_path, monkeypatch
):
    folder = tmp_path / "questions"
    shutil.copytree(QUESTIONS, folder)
    shutil.copy(MINI_BANK, folder / "mini.yaml")
    monkeypatch.setenv("QUESTIONS_DIR", str(folder))
    at = open_app(resume=observer_sheet(data_dir, "mini", 3, "quick"))
    assert not at.exception
    message = at.error[0].value
    assert message.startswith("This assessment cannot be shown to an observer")
    assert "bank 'mini': 3 items of form 'quick' have no observer wording (a1, a3, b2)" in message
    assert "Observers can only be invited with a bank that has observer wording" in message
    assert not question_radios(at)


def options_of(item_id: str) -> tuple:
    return getattr(CORE.item(item_id), "options", ())


def tap_after_a_server_restart(at: AppTest) -> AppTest:
    """Run what a server restart leaves: the browser sends every widget's value (the tap
    included) to a server that has forgotten everything about the session."""
    widgets = at._tree.get_widget_states()
    state = at._session_state._state  # SafeSessionState -> SessionState
    testing = state[TESTING_KEY]
    state.clear()
    state[TESTING_KEY] = testing
    return at._run(widgets)


def test_an_answer_given_after_a_server_restart_is_stored(data_dir):
    phone = start("quick")
    first, second = question_radios(phone)[:2]
    first_id, second_id = (r.key.rsplit(":", 1)[1] for r in (first, second))
    first.set_value(answer_values(first_id)[0])
    phone.run()
    phone.radio(key=second.key).set_value(answer_values(second_id)[-1])
    tap_after_a_server_restart(phone)
    stored = _store(data_dir).answers(_store(data_dir).sheet_by_token(token_of(phone)).id)
    assert stored == {first_id: answer_values(first_id)[0], second_id: answer_values(second_id)[-1]}
    assert progress_text(phone).startswith("2 of 24 answered"), "the page shows what is stored"


# All your assessments: one private history link per person (app_pages/history.py)


def history_token_of(at: AppTest) -> str:
    """The token of the history link the page shows ("All your assessments")."""
    urls = [c.value for c in at.code if "/history?me=" in c.value]
    assert urls, "the page shows the history link"
    return urls[0].rsplit("me=", 1)[1]


def open_history(token: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run().switch_page("app_pages/history.py")
    at.query_params.update(me=token)
    return at.run()


def two_attempts() -> tuple[AppTest, dict, dict]:
    """A quick form taken twice by one person (the retake from the results page)."""
    at = start("quick")
    first = finish(at, pick=lambda options: options[0])
    at.button(key="retake").click().run()
    second = finish(at, pick=lambda options: options[-1])
    return at, first, second


def test_the_history_lists_every_attempt_with_dates_scores_and_the_trend(data_dir):
    at, first, second = two_attempts()
    token = history_token_of(at)
    history = open_history(token)
    assert not history.exception, history.exception
    assert history.title[0].value == "Your assessments"
    today = f"{date.today():%d %b %Y}"
    attempts = [m.value for m in history.markdown if m.value.startswith("**Sales management")]
    assert len(attempts) == 2
    moment = rf"{today}, \d\d:\d\d( UTC)?"  # the time tells two attempts of a day apart
    assert all(re.search(rf"started {moment}, finished {moment}", a) for a in attempts)
    captions = " ".join(c.value for c in history.caption)
    assert "Leans Leadership (tentative" in captions, "a quick form's overall is never 'Strongly'"
    for given in (first, second):
        overall = score(CORE, given, "quick").overall
        assert f"Overall {overall:+.1f}" in captions
    assert history.header[1].value == "How your scores moved"
    assert history.get("vega_lite_chart"), "the trend chart is shown"
    assert len(history.dataframe[0].value.columns) == 2

    # Open the older attempt: its results, saying a newer one exists.
    older = _store(data_dir).history_sheets(token)[0]
    history.button(key=f"open:{older.id}").click().run()
    assert not history.exception, history.exception
    assert history.title[0].value == "Your profile"
    assert history.metric[0].value == f"{score(CORE, first, 'quick').overall:+.1f}"
    assert f"You have a newer assessment from {date.today():%d %b}" in history.info[0].value
    assert history_token_of(history) == token, "the same history link, not a new one"


def test_an_old_attempts_own_link_mentions_the_newer_one(data_dir):
    at = start("quick")
    old_token = token_of(at)
    finish(at)
    at.button(key="retake").click().run()
    finish(at, pick=lambda options: options[-1])
    old = open_app(resume=old_token)
    assert not old.exception, old.exception
    assert "You have a newer assessment from" in old.info[0].value
    links = [p for p in old.get("page_link") if "All your assessments" in p.proto.label]
    assert links and "me=" in links[0].proto.query_string
    # The newest attempt's page has no such word.
    assert not any("newer assessment" in i.value for i in at.info)


def test_a_new_attempt_from_the_history_keeps_the_person(data_dir, downloads):
    at = start("quick")
    first = finish(at)
    token = history_token_of(at)
    person_id = _store(data_dir).sheet_by_token(token_of(at)).person_id
    history = open_history(token)
    history.radio(key="new:bank").set_value("core").run()
    history.radio(key="new:form").set_value("quick")
    history.button(key="start").click().run()
    assert not history.exception, history.exception
    assert progress_text(history) == "0 of 24 answered · page 1 of 4"
    assert history_token_of(history) == token, "the quiz's private links name the history"
    new_sheet = _store(data_dir).sheet_by_token(token_of(history))
    assert new_sheet.person_id == person_id
    # AppTest reruns the page it was switched to, so go on from the app's root (which
    # sends a resume link on to its sheet, as a browser's rerun would stay on the quiz).
    quiz = open_app(resume=token_of(history), me=token)
    second = finish(quiz, pick=lambda options: options[-1])
    # Its results compare with the attempt before it, of the same person.
    assert history_token_of(quiz) == token
    captions = " ".join(c.value for c in quiz.caption)
    assert "earlier attempt" in captions
    delta = score(CORE, second, "quick").overall - score(CORE, first, "quick").overall
    assert f"{delta:+.1f} since last time" in captions
    assert len(_store(data_dir).history_sheets(token)) == 2


def test_a_name_given_on_the_history_page_is_printed_on_the_pdf(data_dir, downloads, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed, so the PDF cannot be read back")
    at = start("quick")
    finish(at)
    resume = token_of(at)
    history = open_history(history_token_of(at))
    history.text_input(key="display_name").input("Ann Lee")
    history.button[0].click().run()  # the form's Save name
    assert not history.exception, history.exception
    assert "Saved" in history.success[0].value
    history.text_input(key="display_name").input("x\x00y")
    history.button[0].click().run()
    assert "NUL" in history.error[0].value

    downloads.clear()
    again = open_app(resume=resume)
    assert not again.exception, again.exception
    pdf = next(data for name, data in downloads.items() if name.endswith(".pdf"))
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True)
    assert "Ann Lee" in text.stdout.decode()


@pytest.mark.parametrize("token", ["", "nonsense", "A" * 32])
def test_a_bad_history_link_gets_a_clear_message(data_dir, token):
    at = open_history(token)
    assert not at.exception
    assert "does not open a list of assessments" in at.warning[0].value
