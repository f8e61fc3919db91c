"""The command line (DESIGN.md, "Command line"): `python -m scoring validate` and `score`.

Most tests call `scoring.cli.main` in-process and read stdout/stderr with capsys; one runs
`python -m scoring` as a subprocess to prove the module entry point works.

Hand-computed scores on tests/banks/mini.yaml, from the "Scoring" contract: 5-point
likert, so m = 3 and h = 2; a left-keyed item gives -(x - 3) / 2, a right-keyed item
(x - 3) / 2. a1, b1 are keyed left; a2, b2, b3 keyed right; a3 x = -1, y = +1; a4 a = -1,
b = -0.5, c = +0.5. alpha has 4 items (needs ceil(4/2) = 2 answered), beta has 3 (needs
ceil(3/2) = 2). Axis = 100 * mean(c); overall = mean of the existing axis scores before
rounding; reported to one decimal.

    ann  a1=1 +1, a2=5 +1, a3=y +1, a4=c +0.5 -> alpha 100 * 3.5/4  =  87.5
         b1=5 -1, b2=1 -1, b3=2 -0.5          -> beta  100 * -2.5/3 = -83.33 -> -83.3
         overall (87.5 - 83.333) / 2 = 2.083 -> 2.1
    bob  a1=4 -0.5, a3=x -1 (2 of 4)          -> alpha 100 * -1.5/2 = -75.0
         b1=3 0 (1 of 3: below coverage)      -> beta blank; overall -75.0
    cat  alpha: nothing answered              -> blank
         b2=4 +0.5, b3=5 +1                   -> beta 100 * 1.5/2 = 75.0; overall 75.0
    dan  a1=3 0, a2=3 0, a4=b -0.5 (3 of 4)   -> alpha 100 * -0.5/3 = -16.67 -> -16.7
         b1=2 +0.5, b2=4 +0.5, b3=5 +1        -> beta 100 * 2/3 = 66.67 -> 66.7
         overall (-16.667 + 66.667) / 2 = 25.0
    eve  nothing answered                     -> all blank

The quick form is a1, a3 | b2: alpha needs 1 of its 2 items, beta 1 of its 1.
    ann  a1 +1, a3 +1 -> 100.0; b2=1 -1 -> -100.0; overall 0.0
    bob  a1 -0.5, a3 -1 -> -75.0; b2 blank -> blank; overall -75.0
    cat  alpha blank; b2=4 +0.5 -> 50.0; overall 50.0
    dan  a1=3 0 -> 0.0; b2=4 -> 50.0; overall 25.0
    eve  all blank
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import CORE_BANK, MINI_BANK, QUESTIONS, ROOT

from questions.bank import load_bank
from scoring.cli import item_columns, main, read_responses
from scoring.reliability import analyse

RESPONSES = """\
respondent,a1,a2,a3,a4,b1,b2,b3
ann,1,5,y,c,5,1,2
bob,4,,x,,3,,
cat,,,,,,4,5
dan,3,3,,b,2,4,5
eve,,,,,,,
"""

# The same answers, with the extra columns a Google Forms export carries.
RESPONSES_GOOGLE_FORMS = """\
Timestamp,respondent,a1,a2,a3,a4,Email Address,b1,b2,b3
2024/05/01 10:00:00,ann,1,5,y,c,ann@example.com,5,1,2
2024/05/01 10:01:00,bob,4,,x,,bob@example.com,3,,
2024/05/01 10:02:00,cat,,,,,cat@example.com,,4,5
2024/05/01 10:03:00,dan,3,3,,b,dan@example.com,2,4,5
2024/05/01 10:04:00,eve,,,,,eve@example.com,,,
"""

EXPECTED_FULL = """\
respondent,alpha,beta,overall
ann,87.5,-83.3,2.1
bob,-75.0,,-75.0
cat,,75.0,75.0
dan,-16.7,66.7,25.0
eve,,,
"""

EXPECTED_QUICK = """\
respondent,alpha,beta,overall
ann,100.0,-100.0,0.0
bob,-75.0,,-75.0
cat,,50.0,50.0
dan,0.0,50.0,25.0
eve,,,
"""

OUTPUT_BEFORE = "respondent,alpha,beta,overall\nold,1.0,2.0,1.5\n"


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """main(args) -> (exit code, stdout, stderr)."""
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(tmp_path: Path, content: str | bytes, name: str = "responses.csv") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def score(capsys, csv_path: Path, *more: object, bank: Path = MINI_BANK):
    return run(capsys, "score", "--bank", bank, *more, csv_path)


def broken_mini_bank(tmp_path: Path, name: str = "broken.yaml") -> Path:
    """mini.yaml with two broken rules: an option lean above 1 and an unknown axis."""
    data = yaml.safe_load(MINI_BANK.read_text(encoding="utf-8"))
    data["items"][1]["axis"] = "gamma"  # a2
    data["items"][2]["options"][1]["lean"] = 2  # a3, option y
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


# --- validate -------------------------------------------------------------------------


def test_validate_passes_every_shipped_question_file(capsys, core):
    files = sorted(QUESTIONS.glob("*.yaml"))
    assert {f.name for f in files} >= {"core.yaml", "readiness.yaml", "situations.yaml"}

    code, out, err = run(capsys, "validate", *files)

    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert all(line.startswith("ok: ") for line in lines), out
    assert sorted(line.split(" ")[1] for line in lines) == [str(f) for f in files]
    core_line = f"ok: {CORE_BANK} (bank 'core': {len(core.axes)} axes, {len(core.items)} items)"
    assert core_line in lines


def test_validate_a_broken_bank_exits_2_naming_the_file_the_ids_and_the_rules(capsys, tmp_path):
    broken = broken_mini_bank(tmp_path)

    code, out, err = run(capsys, "validate", broken)

    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        "broken.yaml: item 'a3': option 'y' lean: must be at most 1.0 (got 2)",
        "broken.yaml: item 'a2': unknown axis 'gamma'",
    ]


def test_validate_a_mix_of_good_and_broken_banks_reports_both(capsys, tmp_path, core):
    broken = broken_mini_bank(tmp_path)

    code, out, err = run(capsys, "validate", MINI_BANK, broken, CORE_BANK)

    assert code == 2
    assert out.splitlines() == [
        f"ok: {MINI_BANK} (bank 'mini': 2 axes, 7 items)",
        f"ok: {CORE_BANK} (bank 'core': {len(core.axes)} axes, {len(core.items)} items)",
    ]
    assert err.splitlines() == [
        "broken.yaml: item 'a3': option 'y' lean: must be at most 1.0 (got 2)",
        "broken.yaml: item 'a2': unknown axis 'gamma'",
    ]


# --- score: success ---------------------------------------------------------------------


def test_score_prints_hand_computed_scores_rounded_to_one_decimal(capsys, tmp_path):
    code, out, err = score(capsys, write(tmp_path, RESPONSES))

    assert (code, err) == (0, "")
    assert out == EXPECTED_FULL


def test_score_columns_are_respondent_then_axes_in_bank_order_then_overall(capsys, tmp_path, core):
    # answer every core item (likert 5, choice: first option) so every axis has a score
    answers = {item.id: "5" if item.type == "likert" else item.options[0].id for item in core.items}
    text = "respondent," + ",".join(answers) + "\nann," + ",".join(answers.values()) + "\n"

    code, out, err = score(capsys, write(tmp_path, text), bank=CORE_BANK)

    assert (code, err) == (0, "")
    header, row = list(csv.reader(io.StringIO(out)))
    assert header == ["respondent", *[axis.id for axis in core.axes], "overall"]
    assert row[0] == "ann"
    assert all(cell and cell == f"{float(cell):.1f}" for cell in row[1:]), row


def test_score_leaves_an_axis_blank_below_half_its_items_answered(capsys, tmp_path):
    # alpha 2 of 4 answered (ceil(4/2) = 2: scored); beta 1 of 3 (needs 2: blank)
    text = "respondent,a1,a3,b1\nbob,4,x,3\n"

    code, out, err = score(capsys, write(tmp_path, text))

    assert (code, err) == (0, "")
    assert out == "respondent,alpha,beta,overall\nbob,-75.0,,-75.0\n"


def test_score_with_output_option_writes_the_file_not_stdout(capsys, tmp_path):
    out_path = tmp_path / "scores.csv"

    code, out, err = score(capsys, write(tmp_path, RESPONSES), "-o", out_path)

    assert code == 0
    assert out == ""
    assert err == f"wrote 5 respondents to {out_path}\n"
    assert out_path.read_text(encoding="utf-8") == EXPECTED_FULL


def test_score_with_output_option_replaces_an_existing_file(capsys, tmp_path):
    out_path = write(tmp_path, OUTPUT_BEFORE, "scores.csv")

    code, _, _ = score(capsys, write(tmp_path, RESPONSES), "--output", out_path)

    assert code == 0
    assert out_path.read_text(encoding="utf-8") == EXPECTED_FULL


def test_score_the_quick_form_counts_only_its_items(capsys, tmp_path):
    code, out, err = score(capsys, write(tmp_path, RESPONSES), "--form", "quick")

    assert (code, err) == (0, "")
    assert out == EXPECTED_QUICK


def test_score_form_full_is_the_default(capsys, tmp_path):
    code, out, err = score(capsys, write(tmp_path, RESPONSES), "--form", "full")

    assert (code, err) == (0, "")
    assert out == EXPECTED_FULL


def test_score_an_unknown_form_exits_2_naming_the_forms(capsys, tmp_path):
    code, out, err = score(capsys, write(tmp_path, RESPONSES), "--form", "long")

    assert code == 2
    assert out == ""
    assert err == "error: bank 'mini' has no form 'long'; forms: full, quick\n"


def test_score_warns_about_extra_columns_and_still_scores_the_same(capsys, tmp_path):
    code, out, err = score(capsys, write(tmp_path, RESPONSES_GOOGLE_FORMS))

    assert code == 0
    assert err == (
        "warning: ignoring 2 columns that are not item ids of bank 'mini': "
        "Timestamp, Email Address\n"
    )
    assert out == EXPECTED_FULL


def test_score_names_a_single_extra_column_in_the_singular(capsys, tmp_path):
    with_one_extra = RESPONSES.replace("respondent,", "respondent,Timestamp,", 1)
    lines = with_one_extra.splitlines()
    with_one_extra = "\n".join([lines[0]] + [line.replace(",", ",x,", 1) for line in lines[1:]])

    code, out, err = score(capsys, write(tmp_path, with_one_extra + "\n"))

    assert code == 0
    assert err == "warning: ignoring 1 column that is not an item id of bank 'mini': Timestamp\n"
    assert out == EXPECTED_FULL


def test_score_reads_a_csv_with_a_utf8_byte_order_mark(capsys, tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf" + RESPONSES.encode("utf-8"))

    code, out, err = score(capsys, path)

    # no warning: the mark is not read as part of the `respondent` header
    assert (code, err) == (0, "")
    assert out == EXPECTED_FULL


@pytest.mark.parametrize(
    "respondent",
    ['=HYPERLINK("http://evil.example","click")', "+31 6 1234", "-ann", "@ann"],
    ids=["equals", "plus", "minus", "at"],
)
def test_score_escapes_a_respondent_id_a_spreadsheet_would_run(capsys, tmp_path, respondent):
    quoted = '"' + respondent.replace('"', '""') + '"'
    code, out, err = score(capsys, write(tmp_path, f"respondent,a1,a3\n{quoted},1,y\n"))

    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [
        ["respondent", "alpha", "beta", "overall"],
        ["'" + respondent, "100.0", "", "100.0"],
    ]


# --- score: bad cells -------------------------------------------------------------------

INVALID_HEADER = "error: responses.csv: invalid answers, nothing written"


def test_score_refuses_a_likert_answer_out_of_range_naming_respondent_and_column(capsys, tmp_path):
    text = "respondent,a1,a3\nann,1,y\nbob,6,x\n"

    code, out, err = score(capsys, write(tmp_path, text))

    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        INVALID_HEADER,
        "respondent 'bob', column 'a1': '6' is not an answer (expected 1, 2, 3, 4, 5)",
    ]


def test_score_refuses_an_unknown_option_id_naming_respondent_and_column(capsys, tmp_path):
    text = "respondent,a1,a4\nann,1,d\nbob,2,a\n"

    code, out, err = score(capsys, write(tmp_path, text))

    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        INVALID_HEADER,
        "respondent 'ann', column 'a4': 'd' is not an answer (expected a, b, c)",
    ]


# --- score: bad files -------------------------------------------------------------------

BAD_FILES = {
    "empty-0-bytes": (b"", "error: responses.csv: the file is empty"),
    "whitespace-only": (b" \n\n  \t\n", "error: responses.csv: the file is empty"),
    "no-respondent-column": (
        b"who,a1\nann,1\n",
        "error: responses.csv: no 'respondent' column (columns: who, a1)",
    ),
    "latin-1-not-utf8": (
        "respondent,a1\nRené,1\n".encode("latin-1"),
        # "respondent,a1\n" is 14 bytes, "Ren" 3 more: the é is byte 17
        "error: responses.csv: not UTF-8 text (byte 17); save the CSV as UTF-8",
    ),
    "duplicate-respondent": (
        b"respondent,a1\nann,1\nbob,2\nann,3\n",
        "error: responses.csv: respondent 'ann' appears more than once",
    ),
    "repeated-item-column": (
        # pandas would rename the second a1 to a1.1 and drop it with a puzzling warning
        b"respondent,a1,a2,a1\nann,1,2,5\n",
        "error: responses.csv: column 'a1' appears more than once",
    ),
    "empty-respondent": (
        # row numbers count the header as row 1, as a spreadsheet shows them
        b"respondent,a1\nann,1\n ,2\n",
        "error: responses.csv: row 3 has an empty respondent",
    ),
}


@pytest.mark.parametrize(("content", "message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_score_refuses_an_unusable_file_with_a_message_naming_it(
    capsys, tmp_path, content, message
):
    code, out, err = score(capsys, write(tmp_path, content))

    assert code == 2
    assert out == ""
    assert err == message + "\n"


# --- score: a failure writes nothing -----------------------------------------------------

FAILING_RUNS = {
    "likert-out-of-range": ("respondent,a1\nann,0\n", []),
    "unknown-option": ("respondent,a3\nann,z\n", []),
    "unknown-form": (RESPONSES, ["--form", "long"]),
    **{name: (content, []) for name, (content, _) in BAD_FILES.items()},
}


@pytest.mark.parametrize(("content", "options"), FAILING_RUNS.values(), ids=FAILING_RUNS.keys())
def test_score_failure_creates_no_output_file(capsys, tmp_path, content, options):
    out_path = tmp_path / "scores.csv"

    code, out, err = score(capsys, write(tmp_path, content), *options, "-o", out_path)

    assert code == 2
    assert out == ""
    assert err.startswith("error: ")
    assert not out_path.exists()


@pytest.mark.parametrize(("content", "options"), FAILING_RUNS.values(), ids=FAILING_RUNS.keys())
def test_score_failure_leaves_an_existing_output_file_untouched(capsys, tmp_path, content, options):
    out_path = write(tmp_path, OUTPUT_BEFORE, "scores.csv")

    code, _, err = score(capsys, write(tmp_path, content), *options, "-o", out_path)

    assert code == 2
    assert err.startswith("error: ")
    assert out_path.read_text(encoding="utf-8") == OUTPUT_BEFORE


def test_score_an_output_path_that_cannot_be_written_exits_2_without_a_traceback(capsys, tmp_path):
    out_path = tmp_path / "no-such-folder" / "scores.csv"

    code, out, err = score(capsys, write(tmp_path, RESPONSES), "-o", out_path)

    assert code == 2
    assert out == ""
    assert err == f"error: cannot write {out_path} (No such file or directory)\n"
    assert not out_path.parent.exists()


# --- the module entry point -------------------------------------------------------------


def python_m_scoring(*args: object) -> subprocess.CompletedProcess[str]:
    """`python -m scoring ARGS` in a subprocess, with a timeout (a FIFO once blocked it)."""
    return subprocess.run(
        [sys.executable, "-m", "scoring", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_python_dash_m_scoring_runs_and_passes_on_the_exit_code(tmp_path):
    scored = python_m_scoring("score", "--bank", MINI_BANK, write(tmp_path, RESPONSES))
    assert (scored.returncode, scored.stderr, scored.stdout) == (0, "", EXPECTED_FULL)

    refused = python_m_scoring("validate", broken_mini_bank(tmp_path))
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert "broken.yaml: item 'a2': unknown axis 'gamma'" in refused.stderr.splitlines()


# --- analyse ------------------------------------------------------------------------------

# Twelve respondents on mini.yaml, every item answered: on alpha, a1 (keyed left) runs
# against a2 (keyed right), so their contributions agree; a4 is noise. On beta, b1 to b3
# follow one another. dan skips a4, so alpha rests on 11 complete rows, beta on 12.
ANALYSE_ROWS = [
    # respondent, a1, a2, a3, a4, b1, b2, b3
    ("ann", 1, 5, "y", "c", 5, 1, 2),
    ("bob", 2, 4, "y", "a", 4, 2, 1),
    ("cat", 5, 1, "x", "c", 1, 5, 5),
    ("dan", 4, 2, "x", "", 2, 4, 4),
    ("eve", 3, 3, "y", "b", 3, 3, 3),
    ("fay", 1, 4, "y", "a", 5, 2, 1),
    ("gus", 5, 2, "x", "b", 1, 4, 5),
    ("hal", 2, 5, "y", "c", 4, 1, 2),
    ("ida", 4, 1, "x", "a", 2, 5, 4),
    ("jon", 3, 4, "y", "b", 3, 2, 3),
    ("kim", 2, 3, "x", "c", 2, 4, 4),
    ("lou", 4, 3, "y", "a", 4, 2, 2),
]
ANALYSE_CSV = "respondent,a1,a2,a3,a4,b1,b2,b3\n" + "".join(
    ",".join(map(str, row)) + "\n" for row in ANALYSE_ROWS
)


def analyse_cli(capsys, csv_path: Path, *more: object, bank: Path = MINI_BANK):
    return run(capsys, "analyse", "--bank", bank, *more, csv_path)


def test_analyse_prints_each_axis_with_alpha_ci_rows_verdict_and_items(capsys, tmp_path):
    code, out, err = analyse_cli(capsys, write(tmp_path, ANALYSE_CSV))

    assert (code, err) == (0, "")
    analysis = analyse_bank_csv(tmp_path)
    alpha_axis, beta_axis = analysis.axes
    assert alpha_axis.complete == 11 and beta_axis.complete == 12
    lines = out.splitlines()
    assert lines[0] == "Item analysis of bank 'mini', full form: 12 rows"
    low, high = alpha_axis.ci
    assert (
        f"Alpha [alpha]: alpha {alpha_axis.alpha:.2f} (95% CI {low:.2f} to {high:.2f}), "
        "11 complete rows of 12"
    ) in lines
    assert "on 12 complete answer sheets" in " ".join(out.split())
    item_lines = [line.split() for line in lines if re.match(r"  [ab]\d ", line)]
    assert [words[0] for words in item_lines] == ["a1", "a2", "a3", "a4", "b1", "b2", "b3"]
    a1 = alpha_axis.items[0]
    assert item_lines[0][1:3] == [f"{a1.r:.2f}", f"{a1.alpha_if_deleted:.2f}"]
    # a1 is keyed left: its answers are counted from 5 (Rules) to 1 (Values)
    assert item_lines[0][3:8] == [str(c.count) for c in a1.counts] == ["2", "3", "2", "3", "2"]
    assert "(1 blank)" in next(line for line in lines if line.startswith("  a4 "))
    for item in alpha_axis.items + beta_axis.items:
        for flag in item.flags:
            assert f"! {flag}" in out


def analyse_bank_csv(tmp_path: Path, form: str | None = None):
    """What analyse gives for ANALYSE_CSV, called directly."""
    bank = load_bank(MINI_BANK)
    responses = read_responses(write(tmp_path, ANALYSE_CSV, "direct.csv"))
    return analyse(bank, responses.frame(item_columns(responses.columns, bank)), form)


def test_analyse_output_option_writes_a_formula_safe_report_and_still_prints(capsys, tmp_path):
    data = yaml.safe_load(MINI_BANK.read_text(encoding="utf-8"))
    data["axes"][0]["title"] = "=HYPERLINK(1)"
    bank = tmp_path / "formula.yaml"
    bank.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    report = tmp_path / "report.csv"

    code, out, err = analyse_cli(capsys, write(tmp_path, ANALYSE_CSV), "-o", report, bank=bank)

    assert code == 0
    assert err == f"wrote 7 items to {report}\n"
    assert out.startswith("Item analysis of bank 'mini'")
    rows = list(csv.DictReader(io.StringIO(report.read_text(encoding="utf-8"))))
    assert [r["item"] for r in rows] == ["a1", "a2", "a3", "a4", "b1", "b2", "b3"]
    assert rows[0]["axis_title"] == "'=HYPERLINK(1)"
    assert rows[0]["complete_rows"] == "11" and rows[4]["complete_rows"] == "12"
    assert rows[0]["answers_left_to_right"] == "5:2 4:3 3:2 2:3 1:2"
    assert rows[3]["unanswered"] == "1"


def test_analyse_refuses_too_few_rows_per_axis_without_a_figure(capsys, tmp_path):
    code, out, err = analyse_cli(capsys, write(tmp_path, RESPONSES))

    assert (code, err) == (0, "")
    assert "Not enough data: 1 answer sheets answer every item of this axis" in " ".join(
        out.split()
    )
    assert "alpha 0." not in out and "95% CI" not in out


def test_analyse_the_quick_form_refuses_beta_for_its_single_item(capsys, tmp_path):
    code, out, _ = analyse_cli(capsys, write(tmp_path, ANALYSE_CSV), "--form", "quick")

    assert code == 0
    assert "quick form: 12 rows" in out.splitlines()[0]
    assert "Not enough items: this axis has 1 answered item(s)" in " ".join(out.split())


def test_analyse_refuses_a_bad_cell_naming_respondent_and_column(capsys, tmp_path):
    bad = ANALYSE_CSV.replace("kim,2,3,x", "kim,2,9,x")

    code, out, err = analyse_cli(capsys, write(tmp_path, bad), "-o", tmp_path / "r.csv")

    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "error: responses.csv: invalid answers, nothing written",
        "respondent 'kim', column 'a2': '9' is not an answer (expected 1, 2, 3, 4, 5)",
    ]
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.parametrize(("content", "message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_analyse_refuses_an_unusable_file_as_score_does(capsys, tmp_path, content, message):
    code, out, err = analyse_cli(capsys, write(tmp_path, content))

    assert (code, out, err) == (2, "", message + "\n")


def test_analyse_a_ragged_row_is_named_by_its_row(capsys, tmp_path):
    code, out, err = analyse_cli(capsys, write(tmp_path, ANALYSE_CSV + "zed,1,2,x,a,1,2,3,4\n"))

    assert (code, out) == (2, "")
    assert (
        err == "error: responses.csv: row 14 has 9 cells, more than the 8 columns of the header\n"
    )


def test_analyse_refuses_to_write_over_its_input(capsys, tmp_path):
    responses = write(tmp_path, ANALYSE_CSV)

    code, _, err = analyse_cli(capsys, responses, "-o", responses)

    assert code == 2
    assert (
        err
        == f"error: {responses}: is the responses file; write the item analysis to another file\n"
    )
    assert responses.read_text(encoding="utf-8") == ANALYSE_CSV


def test_analyse_with_no_item_column_says_there_is_nothing_to_analyse(capsys, tmp_path):
    code, _, err = analyse_cli(capsys, write(tmp_path, "respondent,x\nann,1\n"))

    assert code == 2
    assert err.splitlines()[-1] == (
        "error: responses.csv: no column is an item of bank 'mini', so there is nothing to analyse"
    )


def test_python_dash_m_scoring_analyse_prints_no_traceback(tmp_path):
    def analyse_m(csv_text: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "scoring",
                "analyse",
                "--bank",
                MINI_BANK,
                write(tmp_path, csv_text),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )

    good = analyse_m(ANALYSE_CSV)
    assert (good.returncode, good.stderr) == (0, "")
    assert "Alpha [alpha]: alpha" in good.stdout
    for bad in ("respondent,a1\nann,1\n ,2\n", "respondent,a1\nann,7\n", '"open,quote\n'):
        refused = analyse_m(bad)
        assert refused.returncode == 2, bad
        assert refused.stdout == ""
        assert refused.stderr.startswith("error: ") and "Traceback" not in refused.stderr
