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
    for field in ("id:", "title:", "version:", "likert:", "axes:", "items:", "forms:", "keyed:"):
        assert field in text
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
