"""Custom banks: a bank given as bytes (an upload) goes through the one loader
(questions.catalog.load_text) and each problem comes back with its line numbers; the
template loads; the library offers stored banks and finds the old versions sheets were
started on; the page reviews, saves and lists banks (AppTest cannot upload a file, so
the review is driven through ui.banks.review with bytes)."""

from __future__ import annotations

import copy

import pytest
import yaml
from conftest import CORE_BANK, MINI_BANK, QUESTIONS, ROOT
from streamlit.testing.v1 import AppTest

from questions.catalog import (
    MAX_UPLOAD_BYTES,
    TEMPLATE_FILE,
    Problem,
    TextBankError,
    bank_files,
    load_catalog,
    load_folder,
    load_text,
)

CORPUS = ROOT / "tests" / "corpus" / "banks"
BROKEN_BANKS = sorted(p for p in CORPUS.glob("*.yaml") if not p.name.startswith("situations-"))
EXPECT = "# expect: "
TIMEOUT = 60


def refusal(data: bytes, name: str = "upload.yaml", **kwargs) -> TextBankError:
    with pytest.raises(TextBankError) as caught:
        load_text(data, name, **kwargs)
    return caught.value


def line_of(text: str, fragment: str, after: int = 0) -> int:
    """The 1-based number of the first line at or after line `after` holding fragment."""
    lines = text.splitlines()
    return next(n for n in range(max(after, 1), len(lines) + 1) if fragment in lines[n - 1])


# --- the template ----------------------------------------------------------------------


def test_the_template_is_a_valid_bank_with_every_field_explained():
    bank = load_text(TEMPLATE_FILE.read_bytes(), TEMPLATE_FILE.name)
    text = TEMPLATE_FILE.read_text(encoding="utf-8")
    assert bank.id not in load_folder(QUESTIONS).ids_in_use
    assert {item.type for item in bank.items} == {"likert", "choice"}
    assert {len(i.options) for i in bank.items if i.type == "choice"} >= {2, 3}
    assert bank.forms and bank.description and bank.poles.left != "Left poles"
    fields = ("id:", "title:", "version:", "likert:", "axes:", "items:", "forms:", "keyed:")
    for field in (*fields, "observer:"):
        assert field in text
    assert bank.observer_problems() == [], "an example of observer wording, complete"
    assert any(o.observer for i in bank.items for o in getattr(i, "options", ()))
    assert text.count("#") > 30, "the fields are explained in comments"


def test_the_template_is_not_offered_as_a_bank_of_the_folder():
    assert TEMPLATE_FILE.parent == QUESTIONS
    assert TEMPLATE_FILE not in bank_files(QUESTIONS)
    assert load_folder(QUESTIONS).errors == {}


# --- refusals, with line numbers ---------------------------------------------------------


@pytest.mark.parametrize("path", BROKEN_BANKS, ids=lambda p: p.stem)
def test_every_broken_corpus_bank_is_refused_as_a_file_is_each_problem_with_a_line(path):
    data = path.read_bytes()
    error = refusal(data, path.name)
    file_error = load_catalog([path]).errors[path]

    # the same rules, the same words: every problem of the file loader, each located
    assert [p.message for p in error.located] == file_error.problems
    message = str(error)
    for line in data.decode("utf-8", errors="replace").splitlines():
        if line.startswith(EXPECT):
            assert line.removeprefix(EXPECT) in message, (line, message)
    assert "Traceback" not in message and str(ROOT) not in message
    line_count = data.count(b"\n") + 1
    for problem in error.located:
        assert problem.lines or problem.message == "file is empty", problem
        assert all(1 <= n <= line_count for n in problem.lines), problem


def test_each_problem_points_at_its_own_line():
    text = MINI_BANK.read_text(encoding="utf-8")
    broken = (
        text.replace("keyed: left}", "keyed: up}", 1)  # a1
        .replace("lean: 0.5}", "lean: 1.5}")  # a4, option c
        .replace(
            'axis: beta, type: likert, text: "Another', 'axis: gamma, type: likert, text: "Another'
        )
        .replace("quick: [a1, a3, b2]", "quick: [a1, a3, zz9]")
        .replace("version: 3", "version: three")
    )
    error = refusal(broken.encode(), "mine.yaml")

    where = {p.message: p.lines for p in error.located}
    assert where == {
        "version: must be a whole number (got 'three')": (line_of(broken, "version:"),),
        "item 'a1': keyed: must be 'left' or 'right' (got 'up')": (line_of(broken, "id: a1"),),
        "item 'a4': option 'c' lean: must be at most 1.0 (got 1.5)": (
            line_of(broken, "lean: 1.5"),
        ),
        "item 'b3': unknown axis 'gamma'": (line_of(broken, "id: b3"),),
        "form 'quick': unknown item 'zz9'": (line_of(broken, "zz9"),),
    }
    assert str(error).startswith("mine.yaml: line ")
    assert all(str(p).startswith(f"{p.where}: ") for p in error.located)


def test_block_style_problems_point_at_the_field_not_the_item():
    data = yaml.safe_load(MINI_BANK.read_text(encoding="utf-8"))
    data["items"][3]["options"][1]["lean"] = "-0.5"  # a4, option b
    data["items"][0]["colour"] = "red"  # a1
    data["axes"][1]["right"]["label"] = ""  # beta
    text = yaml.safe_dump(data, sort_keys=False, default_flow_style=False)

    error = refusal(text.encode())

    where = {p.message.split(" (got")[0]: p.lines for p in error.located}
    a1 = line_of(text, "id: a1")
    assert where["item 'a1': colour: unknown field"] == (line_of(text, "colour:", a1),)
    a4 = line_of(text, "id: a4")
    option_b = line_of(text, "id: b", a4)
    assert where["item 'a4': option 'b' lean: must be a number"] == (
        line_of(text, "lean:", option_b),
    )
    beta = line_of(text, "id: beta")
    assert where["axis 'beta': right label: may not be empty"] == (
        line_of(text, "label:", line_of(text, "right:", beta)),
    )


def test_duplicates_name_every_line_they_are_on():
    text = MINI_BANK.read_text(encoding="utf-8").replace("{id: b2,", "{id: a1,")
    error = refusal(text.encode())
    (problem,) = [p for p in error.located if "duplicate id" in p.message]
    assert problem.message == "item 'a1': duplicate id"
    assert problem.lines == (line_of(text, "{id: a1,"), line_of(text, "{id: a1,", 22))
    assert problem.where == f"lines {problem.lines[0]}, {problem.lines[1]}"


def test_a_shipped_bank_id_is_refused_at_the_line_of_the_id():
    ids = load_folder(QUESTIONS).ids_in_use
    text = CORE_BANK.read_text(encoding="utf-8")
    error = refusal(text.encode(), "core-copy.yaml", ids_in_use=ids)
    (problem,) = error.located
    assert problem.lines == (line_of(text, "id: core"),)
    assert problem.message.startswith("bank id 'core': the id of core.yaml, a bank this server")
    mini = MINI_BANK.read_text(encoding="utf-8").replace("id: mini", "id: readiness")
    assert "the id of readiness.yaml" in str(refusal(mini.encode(), ids_in_use=ids))


def test_too_large_not_utf8_empty_and_situations_are_refused_with_a_reason():
    big = MINI_BANK.read_bytes() + b"#" * MAX_UPLOAD_BYTES
    (problem,) = refusal(big).located
    assert problem == Problem((), f"file is {len(big):,} bytes; the limit is {MAX_UPLOAD_BYTES:,}")
    assert str(problem).startswith("whole file: file is ")

    (problem,) = refusal(b"id: mini\ntitle: caf\xe9\n").located
    assert problem == Problem((2,), "not UTF-8 text (byte 19)")

    assert refusal(b"# nothing\n").located == (Problem((), "file is empty"),)
    situations = (QUESTIONS / "situations.yaml").read_bytes()
    assert "not a question bank" in str(refusal(situations))


def test_unsafe_yaml_is_refused_never_run(tmp_path):
    marker = tmp_path / "ran"
    text = f"!!python/object/apply:os.system ['touch {marker}']\n"
    (problem,) = refusal(text.encode()).located
    assert problem.lines == (1,)
    assert "python/object/apply" in problem.message
    assert not marker.exists()


def test_a_failure_nobody_foresaw_is_reported_not_raised(monkeypatch):
    import questions.catalog

    def broken(*args, **kwargs):
        raise RuntimeError("surprise")

    monkeypatch.setattr(questions.catalog, "parse_bank", broken)
    (problem,) = refusal(MINI_BANK.read_bytes()).located
    assert problem.lines == ()
    assert "could not be checked (RuntimeError: surprise)" in problem.message


def test_a_valid_upload_is_the_same_bank_as_the_file():
    from questions.bank import load_bank

    assert load_text(MINI_BANK.read_bytes(), "mini.yaml") == load_bank(MINI_BANK)
    data = copy.deepcopy(yaml.safe_load(MINI_BANK.read_text(encoding="utf-8")))
    data["version"] = 4
    assert load_text(yaml.safe_dump(data).encode(), "x.yaml").version == 4


# --- the page, the library and the pickers ------------------------------------------


def app_store(data_dir):
    from store import Store

    return Store(f"sqlite:///{data_dir / 'app.db'}")


def page_with(data: bytes | None, name: str = "upload.yaml") -> AppTest:
    """The banks page, the file uploader replaced by these bytes (None: no file yet)."""

    def script(data, name):
        from ui.banks import bank_page

        bank_page(lambda: None if data is None else (data, name))

    return AppTest.from_function(script, args=(data, name), default_timeout=TIMEOUT).run()


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "error", "success", "warning", "info", "caption")
        for e in getattr(at, kind)
    ]
    return (
        "\n".join(str(p) for p in parts).replace("\\", "").replace("\u2060", "").replace("**", "")
    )


def template_version(version: int, title: str | None = None) -> bytes:
    text = TEMPLATE_FILE.read_text(encoding="utf-8").replace("version: 1", f"version: {version}")
    if title:
        text = text.replace('title: "How do you coach your team?"', f'title: "{title}"')
    return text.encode()


def test_a_broken_upload_lists_every_problem_with_its_line_and_id_and_offers_no_save(data_dir):
    path = CORPUS / "unknown-item-field.yaml"
    at = page_with(path.read_bytes(), path.name)

    assert not at.exception
    shown = texts(at)
    assert "unknown-item-field.yaml cannot be used as it is: 2 problems to fix" in shown
    assert "line 23 · item 'a2': keyd: unknown field (got 'right')" in shown
    assert "line 23 · item 'a2': keyed: missing required field" in shown
    assert not [b for b in at.button if b.key == "bank_save"]


def test_markup_in_a_bank_is_shown_as_text(data_dir):
    title = "<b>Bold</b> [link](https://evil.example) **x**"
    text = TEMPLATE_FILE.read_text(encoding="utf-8").replace(
        'title: "How do you coach your team?"', f"title: '{title}'"
    )
    at = page_with(text.encode())
    heading = next(m.value for m in at.markdown if m.value.startswith("####"))
    assert "\\<b\\>" in heading and "\\[link\\]" in heading and "\\*\\*x\\*\\*" in heading


def test_a_valid_upload_shows_a_preview_and_saves_with_an_owner_key_shown_once(data_dir):
    at = page_with(TEMPLATE_FILE.read_bytes(), "template.yaml")

    shown = texts(at)
    assert "How do you coach your team? keeps every rule" in shown
    assert "id coaching-style · version 1" in shown
    assert "5 questions: 3 statements, 1 forced choice, 1 scenario" in shown
    assert "Tell or ask: Tell ↔ Ask (3 questions)" in shown
    assert "Fix or develop: Fix ↔ Develop (2 questions)" in shown
    assert "Quick: 2 questions" in shown and "Full: 5 questions" in shown
    assert "Custom banks on this server" in [h.value for h in at.subheader]
    assert "None yet." in shown

    at.text_input(key="bank_by").set_value("Ann, sales academy")
    at.button(key="bank_save").click().run()

    assert not at.exception
    key = at.code[0].value
    assert "Version 1 of coaching-style is saved" in texts(at)
    store = app_store(data_dir)
    assert store.bank_owner_key_matches("coaching-style", key)
    (stored,) = store.stored_banks()
    assert (stored.version, stored.uploaded_by) == (1, "Ann, sales academy")
    assert store.bank_source("coaching-style", 1) == TEMPLATE_FILE.read_text(encoding="utf-8")
    assert "How do you coach your team? · id coaching-style, version 1" in texts(at)
    assert "by Ann, sales academy" in texts(at)

    at.button(key="bank_another").click().run()
    assert not at.code, "the key is shown once"


def test_a_new_version_needs_the_owner_key_and_the_old_version_is_kept(data_dir):
    store = app_store(data_dir)
    _, key = store.save_bank(TEMPLATE_FILE.read_text(), "coaching-style", 1, "Coaching")

    at = page_with(template_version(1))
    assert "Version 1 of the custom bank 'coaching-style' is stored already" in texts(at)
    assert not [b for b in at.button if b.key == "bank_save"]

    at = page_with(template_version(2, "Coaching, second edition"))
    assert "new version of the custom bank 'coaching-style' (stored: version 1)" in texts(at)
    at.text_input(key="bank_owner_key").set_value("wrong" * 8)
    at.button(key="bank_save").click().run()
    assert "give the owner key shown when its first version was saved" in texts(at)
    assert store.banks_stamp()[0] == 1

    at.text_input(key="bank_owner_key").set_value(key)
    at.button(key="bank_save").click().run()
    assert "Version 2 of coaching-style is saved" in texts(at)
    assert not at.code, "no new key for a new version"
    shown = texts(at)
    assert "Coaching, second edition · id coaching-style, version 2" in shown
    assert "older versions kept for the answers given on them: 1" in shown


def test_a_shipped_bank_id_is_refused_on_the_page(data_dir):
    at = page_with(CORE_BANK.read_bytes(), "core.yaml")
    shown = texts(at)
    assert "bank id 'core': the id of core.yaml, a bank this server ships" in shown
    assert not [b for b in at.button if b.key == "bank_save"]


def links(at: AppTest) -> list[str]:
    return [link.proto.label for link in at.get("page_link")]


def test_the_page_offers_the_template_and_is_linked_from_home_and_workshop(data_dir):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert "Use your own question bank" in links(at)
    at.switch_page("app_pages/workshop_new.py").run()
    assert "Use your own question bank in a workshop" in links(at)

    at.switch_page("app_pages/banks.py").run()

    assert not at.exception
    assert at.title[0].value == "Your own question bank"
    (download,) = at.get("download_button")
    assert download.proto.label == "Download the template"
    assert "None yet." in texts(at)
    assert {"Take an assessment", "Run a workshop"} <= set(links(at))


def test_custom_banks_are_offered_marked_in_both_pickers_and_refreshed_on_upload(data_dir):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert len(at.radio(key="bank").options) == 2

    store = app_store(data_dir)
    _, key = store.save_bank(TEMPLATE_FILE.read_text(), "coaching-style", 1, "Coaching")
    at.run()

    home = at.radio(key="bank")
    assert home.options[-1] == "How do you coach your team? · custom bank"
    at.radio(key="bank").set_value("coaching-style").run()
    assert [o.split(":")[0] for o in at.radio(key="form").options] == ["Quick", "Full"]
    at.switch_page("app_pages/workshop_new.py").run()
    assert at.radio(key="ws_bank").options[-1] == "How do you coach your team? · custom bank"

    store.save_bank(
        template_version(2, "Coaching 2").decode(), "coaching-style", 2, "C", owner_key=key
    )
    at.switch_page("app_pages/home.py").run()
    assert at.radio(key="bank").options[-1] == "Coaching 2 · custom bank"


def test_a_sheet_started_on_an_older_version_still_opens_on_it(data_dir):
    from ui.links import RESUME

    store = app_store(data_dir)
    _, key = store.save_bank(TEMPLATE_FILE.read_text(), "coaching-style", 1, "Coaching")
    _, token = store.start_sheet("coaching-style", 1, None)
    newer = template_version(2).decode().replace("I ask reps what", "I invite reps to say what")
    store.save_bank(newer, "coaching-style", 2, "Coaching", owner_key=key)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params[RESUME] = token
    at.run()

    assert not at.exception
    shown = "\n".join(str(e.value) for e in [*at.markdown, *at.radio]) + str(
        [r.label for r in at.radio]
    )
    assert "I ask reps what they would do" in shown, "version 1's wording"
    assert "I invite reps" not in shown
    assert "does not offer now" not in texts(at)


def test_a_stored_bank_whose_id_a_file_now_takes_is_listed_as_unavailable(
    data_dir, tmp_path, monkeypatch
):
    import shutil

    folder = tmp_path / "questions"
    shutil.copytree(QUESTIONS, folder)
    monkeypatch.setenv("QUESTIONS_DIR", str(folder))
    app_store(data_dir).save_bank(TEMPLATE_FILE.read_text(), "coaching-style", 1, "Coaching")
    shutil.copy(TEMPLATE_FILE, folder / "coaching.yaml")

    from ui.resources import library

    lib = library()
    assert "coaching-style" in lib.banks and "coaching-style" not in lib.custom
    (message,) = lib.broken.values()
    assert "the id of coaching.yaml, a bank this server ships" in message


def test_a_workshop_keeps_the_version_its_first_participant_answered(data_dir):
    store = app_store(data_dir)
    _, key = store.save_bank(TEMPLATE_FILE.read_text(), "coaching-style", 1, "Coaching")
    workshop, _ = store.create_workshop("Coaching room", "coaching-style", None)
    store.start_sheet("coaching-style", 1, None, workshop_id=workshop.id)
    store.save_bank(template_version(2).decode(), "coaching-style", 2, "C", owner_key=key)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["join"] = workshop.code
    at.run()
    at.button(key="join_start").click().run()
    assert not at.exception
    versions = {s.bank_version for s in store.workshop_sheets(workshop.id)}
    assert versions == {1}, "a latecomer answers the room's version, not the newest"
