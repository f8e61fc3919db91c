"""A corpus of responses CSVs that cannot be scored: `score` refuses each with exit 2 and
a message naming the file and, where there is one, the row's respondent and the column;
it writes nothing and never shows a traceback. Then the CLI's other hardening: headers
matched trimmed and case-insensitively, -o onto the input, a very wide file.

tests/corpus/csv/*.csv are scored against tests/banks/mini.yaml (see tests/test_cli.py
for its items: a1, a2, b1-b3 likert 1-5; a3 options x, y; a4 options a, b, c).
"""

from __future__ import annotations

import csv
import io
import os
import shutil

import pytest
from conftest import CORE_BANK, MINI_BANK, ROOT

from questions.bank import load_bank
from scoring.cli import main

CORPUS = ROOT / "tests" / "corpus" / "csv"
LIKERT = "(expected 1, 2, 3, 4, 5)"
NOTHING_TO_SCORE = "no column is an item of bank 'mini', so there is nothing to score"

# file stem -> the lines of stderr after any warning (the file name is filled in)
REFUSALS = {
    "empty": ["{f}: the file is empty"],
    "whitespace-only": ["{f}: the file is empty"],
    "no-respondent-column": ["{f}: no 'respondent' column (columns: who, a1)"],
    "semicolons": [
        "{f}: no 'respondent' column (columns: respondent;a1;a2); "
        "the file looks separated by ';': save it with commas"
    ],
    "tabs": [
        "{f}: no 'respondent' column (columns: respondent\ta1\ta2); "
        "the file looks separated by '\\t': save it with commas"
    ],
    "latin-1": ["{f}: not UTF-8 text (byte 17); save the CSV as UTF-8"],
    "utf-16": ["{f}: not UTF-8 text (byte 0); save the CSV as UTF-8"],
    "binary": ["{f}: not UTF-8 text (byte 0); save the CSV as UTF-8"],
    "duplicate-respondent": ["{f}: respondent 'ann' appears more than once"],
    "repeated-item-column": ["{f}: column 'a1' appears more than once"],
    "repeated-column-case": ["{f}: column 'a1' appears more than once (also as 'A1 ')"],
    "repeated-respondent-column": [
        "{f}: column 'respondent' appears more than once (also as 'Respondent')"
    ],
    "empty-respondent": ["{f}: row 3 has an empty respondent"],
    "ragged-row": ["{f}: row 2 has 5 cells, more than the 3 columns of the header"],
    "unclosed-quote": ["{f}: not a readable CSV (line 3: unexpected end of data)"],
    "no-item-columns": [f"{{f}}: {NOTHING_TO_SCORE}"],
    "only-respondent": [f"{{f}}: {NOTHING_TO_SCORE}"],
    "cyrillic-header": [f"{{f}}: {NOTHING_TO_SCORE}"],
    "zero-width-header": [f"{{f}}: {NOTHING_TO_SCORE}"],
    "quick-form-items-missing": [
        "{f}: no column is an item of bank 'mini' form 'quick', so there is nothing to score"
    ],
    "likert-six": ["respondent 'bob', column 'a1': '6' is not an answer " + LIKERT],
    "likert-zero": ["respondent 'ann', column 'a1': '0' is not an answer " + LIKERT],
    "likert-negative": ["respondent 'ann', column 'b1': '-1' is not an answer " + LIKERT],
    "likert-decimal": ["respondent 'ann', column 'a2': '2.5' is not an answer " + LIKERT],
    "likert-word": ["respondent 'ann', column 'a2': 'Agree' is not an answer " + LIKERT],
    "likert-fullwidth-digit": [
        "respondent 'ann', column 'a2': '\uff14' is not an answer " + LIKERT
    ],
    "likert-nan": ["respondent 'ann', column 'a2': 'nan' is not an answer " + LIKERT],
    "nul-bytes": ["respondent 'ann', column 'a1': '\\x00' is not an answer " + LIKERT],
    "formula-cell": ["respondent 'ann', column 'a1': '=1+1' is not an answer " + LIKERT],
    "option-unknown": ["respondent 'ann', column 'a4': 'd' is not an answer (expected a, b, c)"],
    "option-for-likert": ["respondent 'ann', column 'a1': 'x' is not an answer " + LIKERT],
    "number-for-choice": ["respondent 'ann', column 'a3': '1' is not an answer (expected x, y)"],
    "many-bad-cells": [
        *(f"respondent 'r{n}', column 'a1': '9' is not an answer {LIKERT}" for n in range(20)),
        "... and 10 more invalid cells",
    ],
}
OPTIONS = {"quick-form-items-missing": ["--form", "quick"]}
INVALID_CELLS = {name for name, lines in REFUSALS.items() if lines[0].startswith("respondent")}


def run(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_corpus_holds_30_files_and_each_has_its_expected_message():
    names = sorted(p.stem for p in CORPUS.glob("*.csv"))
    assert len(names) >= 30
    assert names == sorted(REFUSALS)


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_score_refuses_it_with_exit_2_naming_the_problem_and_writes_nothing(capsys, tmp_path, name):
    path = CORPUS / f"{name}.csv"
    out_path = tmp_path / "scores.csv"

    code, out, err = run(
        capsys, "score", "--bank", MINI_BANK, *OPTIONS.get(name, []), path, "-o", out_path
    )

    assert code == 2
    assert out == ""
    assert not out_path.exists()
    assert "Traceback" not in err
    errors = err[err.index("error: ") :].splitlines()
    head = (
        [f"error: {path.name}: invalid answers, nothing written"] if name in INVALID_CELLS else []
    )
    expected = [line.format(f=path.name) for line in REFUSALS[name]]
    if not head:
        expected[0] = "error: " + expected[0]
    assert errors == head + expected


# --- not files ---------------------------------------------------------------------


def test_score_refuses_a_directory_as_the_bank(capsys, tmp_path):
    responses = CORPUS.parent / "csv" / "likert-six.csv"

    code, out, err = run(capsys, "score", "--bank", tmp_path, responses)

    assert (code, out) == (2, "")
    assert err == f"error: {tmp_path.name}: cannot read the file: it is a directory, not a file\n"


def test_score_refuses_a_directory_and_a_fifo_as_the_responses(capsys, tmp_path):
    os.mkfifo(tmp_path / "pipe.csv")

    for path, kind in [(tmp_path, "a directory"), (tmp_path / "pipe.csv", "a FIFO (named pipe)")]:
        code, out, err = run(capsys, "score", "--bank", MINI_BANK, path)
        assert (code, out) == (2, "")
        assert err == f"error: {path.name}: cannot read the file: it is {kind}, not a file\n"


# --- headers -------------------------------------------------------------------------


def test_score_matches_item_headers_trimmed_and_case_insensitively(capsys, tmp_path):
    path = tmp_path / "responses.csv"
    path.write_text("Respondent ,A1 , a2,A3,a4 ,B1,b2,b3\nann,1,5,y,c,5,1,2\n", encoding="utf-8")

    code, out, err = run(capsys, "score", "--bank", MINI_BANK, path)

    # the same answers as ann's in tests/test_cli.py, so the same scores
    assert (code, err) == (0, "")
    assert out == "respondent,alpha,beta,overall\nann,87.5,-83.3,2.1\n"


def test_score_ignores_rows_of_bare_commas_a_spreadsheet_leaves_at_the_end(capsys, tmp_path):
    path = tmp_path / "responses.csv"
    path.write_text("respondent,a1,a3\nann,1,y\n,,\n , , \n", encoding="utf-8")

    code, out, err = run(capsys, "score", "--bank", MINI_BANK, path)

    assert (code, err) == (0, "")
    assert out == "respondent,alpha,beta,overall\nann,100.0,,100.0\n"


def test_score_warns_about_invisible_characters_in_a_header_escaped(capsys, tmp_path):
    path = tmp_path / "responses.csv"
    path.write_text("respondent,a1,a3\u200b,a3\nann,1,x,y\n", encoding="utf-8")

    code, out, err = run(capsys, "score", "--bank", MINI_BANK, path)

    assert code == 0
    assert err == (
        "warning: ignoring 1 column that is not an item id of bank 'mini': 'a3\\u200b'\n"
    )
    assert out == "respondent,alpha,beta,overall\nann,100.0,,100.0\n"


# --- -o onto the input -------------------------------------------------------------------


@pytest.mark.parametrize("how", ["same-path", "other-spelling", "symlink"])
def test_score_refuses_to_write_over_the_responses_file(capsys, tmp_path, how):
    path = tmp_path / "responses.csv"
    shutil.copy(CORPUS / "likert-six.csv", path)
    original = path.read_bytes()
    output = {
        "same-path": path,
        "other-spelling": tmp_path / "." / "responses.csv",
        "symlink": tmp_path / "link.csv",
    }[how]
    if how == "symlink":
        output.symlink_to(path)

    code, out, err = run(capsys, "score", "--bank", MINI_BANK, path, "-o", output)

    assert (code, out) == (2, "")
    assert err == f"error: {output}: is the responses file; write the scores to another file\n"
    assert path.read_bytes() == original


# --- a very wide file ----------------------------------------------------------------------


def test_score_a_file_of_100000_columns_scores_the_items_and_warns_about_the_rest(capsys, tmp_path):
    core = load_bank(CORE_BANK)
    answers = {i.id: "5" if i.type == "likert" else i.options[0].id for i in core.items}
    filler = [f"extra_{n}" for n in range(100_000 - 1 - len(answers))]
    # the items last, so that finding them means looking past every filler column
    header = ["respondent", *filler, *answers]
    rows = [[name, *["x"] * len(filler), *answers.values()] for name in ("ann", "bob")]
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    narrow = tmp_path / "narrow.csv"
    narrow.write_text(
        "\n".join(",".join([r[0], *r[-len(answers) :]]) for r in [header, *rows]) + "\n",
        encoding="utf-8",
    )

    code, out, err = run(capsys, "score", "--bank", CORE_BANK, path)
    narrow_code, narrow_out, _ = run(capsys, "score", "--bank", CORE_BANK, narrow)

    assert code == narrow_code == 0
    assert out == narrow_out, "the filler changes nothing"
    assert err == (
        f"warning: ignoring {len(filler)} columns that are not item ids of bank 'core': "
        f"{', '.join(filler[:20])} and {len(filler) - 20} more\n"
    )
    table = list(csv.reader(io.StringIO(out)))
    assert [row[0] for row in table[1:]] == ["ann", "bob"]
    assert all(cell not in ("", "nan") for row in table[1:] for cell in row[1:])
