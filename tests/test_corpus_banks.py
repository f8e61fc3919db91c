"""A corpus of broken bank and situations files: each is refused, naming the file, the id
and the rule, by every way in (the app's library, `validate`, `score --bank`), never with
a traceback, and never at the cost of the good banks beside it.

tests/corpus/banks/*.yaml each begin with `# expect: <text>` lines: text that the error
must contain. The cases git cannot keep (a directory, a dangling symbolic link, a FIFO
named x.yaml, a missing situations.yaml) are made in tmp_path.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

import pytest
from conftest import CORE_BANK, MINI_BANK, QUESTIONS, ROOT
from streamlit.testing.v1 import AppTest

import questions.catalog
from questions.catalog import load_catalog, load_folder
from scoring.cli import main
from tests.test_cli import python_m_scoring
from ui.resources import library

CORPUS = ROOT / "tests" / "corpus" / "banks"
BROKEN = sorted(CORPUS.glob("*.yaml"))
EXPECT = "# expect: "


def expected(path: Path) -> list[str]:
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    return [line.removeprefix(EXPECT) for line in lines if line.startswith(EXPECT)]


def assert_refused(message: str, path: Path) -> None:
    """The message names the file, says each expected thing, and is no traceback."""
    assert f"{path.name}: " in message, message
    for fragment in expected(path):
        assert fragment in message, (fragment, message)
    assert "Traceback" not in message
    assert str(ROOT) not in message, "no server paths"


def run(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def questions_dir(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped questions folder that the app reads (QUESTIONS_DIR)."""
    folder = tmp_path / "questions"
    shutil.copytree(QUESTIONS, folder)
    monkeypatch.setenv("QUESTIONS_DIR", str(folder))
    return folder


def test_the_corpus_covers_every_kind_of_breakage_with_expectations():
    assert len(BROKEN) >= 30
    assert all(expected(path) for path in BROKEN), "every file says what it expects"


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_validate_refuses_it_with_exit_2_and_still_passes_the_good_bank(capsys, path):
    code, out, err = run(capsys, "validate", CORE_BANK, path)

    assert code == 2
    assert out.startswith(f"ok: {CORE_BANK} (bank 'core'")
    assert_refused(err, path)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_score_refuses_it_as_a_bank_with_exit_2(capsys, tmp_path, path):
    responses = tmp_path / "responses.csv"
    responses.write_text("respondent,a1\nann,1\n", encoding="utf-8")

    code, out, err = run(capsys, "score", "--bank", path, responses)

    assert code == 2
    assert out == ""
    assert err.startswith(f"error: {path.name}: ")
    if not path.stem.startswith("situations-"):
        assert_refused(err, path)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_the_app_lists_it_as_unavailable_and_keeps_the_shipped_banks(questions_dir, path):
    shutil.copy(path, questions_dir / path.name)

    lib = library()

    assert {"core", "readiness"} <= set(lib.banks)
    assert list(lib.broken) == [path.name]
    assert_refused(lib.broken[path.name], path)


# --- what git cannot keep: made in tmp_path ------------------------------------------


def dangling_symlink(folder: Path) -> Path:
    (folder / "x.yaml").symlink_to(folder / "gone.yaml")
    return folder / "x.yaml"


def directory(folder: Path) -> Path:
    (folder / "x.yaml").mkdir()
    return folder / "x.yaml"


def fifo(folder: Path) -> Path:
    os.mkfifo(folder / "x.yaml")
    return folder / "x.yaml"


NOT_FILES = {
    "directory": (directory, "x.yaml: cannot read the file: it is a directory, not a file"),
    "dangling-symlink": (
        dangling_symlink,
        "x.yaml: cannot read the file: a symbolic link to a file that does not exist",
    ),
    "fifo": (fifo, "x.yaml: cannot read the file: it is a FIFO (named pipe), not a file"),
}


@pytest.mark.parametrize(("make", "message"), NOT_FILES.values(), ids=NOT_FILES.keys())
def test_the_app_lists_a_name_that_is_not_a_file(questions_dir, make, message):
    make(questions_dir)

    lib = library()

    assert {"core", "readiness"} <= set(lib.banks)
    assert lib.broken == {"x.yaml": message}


@pytest.mark.parametrize(("make", "message"), NOT_FILES.values(), ids=NOT_FILES.keys())
def test_validate_and_score_refuse_a_name_that_is_not_a_file_without_hanging(
    tmp_path, make, message
):
    path = make(tmp_path)
    responses = tmp_path / "responses.csv"
    responses.write_text("respondent,a1\nann,1\n", encoding="utf-8")

    checked = python_m_scoring("validate", path)
    assert (checked.returncode, checked.stdout, checked.stderr) == (2, "", message + "\n")
    scored = python_m_scoring("score", "--bank", path, responses)
    assert (scored.returncode, scored.stdout, scored.stderr) == (2, "", f"error: {message}\n")


def test_the_app_starts_without_situations_yaml_and_shows_no_situations(questions_dir):
    (questions_dir / "situations.yaml").unlink()

    lib = library()

    assert {"core", "readiness"} <= set(lib.banks)
    assert lib.broken == {}
    assert lib.situations is None


def test_an_invalid_situations_yaml_is_listed_and_the_banks_still_load(questions_dir):
    (questions_dir / "situations.yaml").write_text("situations: [[[\n", encoding="utf-8")

    lib = library()

    assert {"core", "readiness"} <= set(lib.banks)
    assert lib.situations is None
    assert lib.broken["situations.yaml"].startswith("situations.yaml: not valid YAML")


def test_validate_refuses_both_banks_of_one_id_naming_each_other(capsys, tmp_path):
    twin = tmp_path / "twin.yaml"
    shutil.copy(MINI_BANK, twin)

    code, out, err = run(capsys, "validate", MINI_BANK, twin, CORE_BANK)

    assert code == 2
    assert out.splitlines() == [f"ok: {CORE_BANK} (bank 'core': 12 axes, 72 items)"]
    assert err.splitlines() == [
        "mini.yaml: bank id 'mini': also the id of twin.yaml; every file with this id is "
        "refused until each bank has an id of its own",
        "twin.yaml: bank id 'mini': also the id of mini.yaml; every file with this id is "
        "refused until each bank has an id of its own",
    ]


def test_the_app_never_takes_a_dropped_in_bank_for_the_shipped_one(questions_dir):
    text = CORE_BANK.read_text(encoding="utf-8").replace(
        "title: Sales management or sales leadership", "title: Impostor", 1
    )
    (questions_dir / "a-core.yaml").write_text(text, encoding="utf-8")

    lib = library()

    assert "core" not in lib.banks
    assert "also the id of core.yaml" in lib.broken["a-core.yaml"]
    assert "also the id of a-core.yaml" in lib.broken["core.yaml"]
    # the core bank's situations wait for it too
    assert "bank 'core': unknown bank" in lib.broken["situations.yaml"]
    assert set(lib.broken) == {"a-core.yaml", "core.yaml", "situations.yaml"}


def test_a_failure_nobody_foresaw_refuses_that_file_only(capsys, monkeypatch, tmp_path):
    def parse_bank(data, source):
        raise RuntimeError("boom")

    monkeypatch.setattr(questions.catalog, "parse_bank", parse_bank)

    catalog = load_catalog([MINI_BANK, QUESTIONS / "situations.yaml"])

    assert str(catalog.errors[MINI_BANK]) == (
        "mini.yaml: could not be checked (RuntimeError: boom); please report this"
    )
    code, _, err = run(capsys, "validate", MINI_BANK)
    assert code == 2
    assert "Traceback" not in err


# --- reloading -----------------------------------------------------------------------


def test_an_added_bank_is_offered_without_a_restart(questions_dir):
    assert "mini" not in library().banks

    shutil.copy(MINI_BANK, questions_dir / "mini.yaml")

    assert library().banks["mini"].title == "Mini bank"


def test_an_edited_bank_is_read_again_without_a_restart(questions_dir):
    shutil.copy(MINI_BANK, questions_dir / "mini.yaml")
    assert library().banks["mini"].version == 3

    edited = MINI_BANK.read_text(encoding="utf-8").replace("version: 3", "version: 40")
    (questions_dir / "mini.yaml").write_text(edited, encoding="utf-8")

    assert library().banks["mini"].version == 40


def test_a_bank_broken_by_an_edit_is_listed_and_mended_by_the_next(questions_dir):
    path = questions_dir / "mini.yaml"
    good = MINI_BANK.read_text(encoding="utf-8")
    path.write_text(good.replace("keyed: left", "keyed: up", 1), encoding="utf-8")
    assert "keyed" in library().broken["mini.yaml"]

    path.write_text(good, encoding="utf-8")

    assert library().broken == {}
    assert "mini" in library().banks


def test_a_folder_read_twice_unchanged_gives_the_same_banks():
    assert load_folder(QUESTIONS).banks == load_folder(QUESTIONS).banks


# --- the app itself ------------------------------------------------------------------


def test_the_home_page_lists_every_unusable_file_and_still_starts(
    questions_dir, tmp_path, monkeypatch
):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    directory(questions_dir).rename(questions_dir / "folder.yaml")
    dangling_symlink(questions_dir)
    for name in ("nested-500-brackets", "item-id-list", "duplicate-key-id"):
        shutil.copy(CORPUS / f"{name}.yaml", questions_dir)
    (questions_dir / "situations.yaml").unlink()

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()

    assert not at.exception
    assert "Unavailable question banks (5)" in at.expander[0].label
    shown = " ".join(c.value for c in at.code)
    assert "nested more than 20 levels deep" in shown
    assert "must be text (got a list)" in shown
    assert "duplicate key 'id'" in shown
    assert "a symbolic link to a file that does not exist" in shown
    assert len(at.radio(key="bank").options) == 2, "core and readiness are offered"


def test_an_error_nobody_caught_shows_the_browser_no_traceback():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    # "none": a generic message in the page; type, message and traceback go to the log
    assert config["client"]["showErrorDetails"] == "none"
