"""The item analysis page (/analysis) through AppTest, and its upload function.

AppTest cannot upload a file, so the upload path is tested through the function the page
hands the uploaded bytes to (ui.analysis.analyse_upload), and the page itself through its
refusals and its workshop path: a facilitator signed in from their browser (the `browser`
fixture of tests/test_workshop.py), a workshop created through its page, and finished
sheets written to the store directly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from questions.bank import load_bank
from scoring.cli import item_columns, read_responses
from scoring.reliability import MIN_ROWS, analyse
from tests import test_workshop
from tests.conftest import MINI_BANK
from tests.test_cli import ANALYSE_CSV
from tests.test_workshop import CORE, chart_rows, create_workshop, open_app, page_text
from ui.analysis import MAX_UPLOAD_BYTES, analyse_upload
from ui.text import plain

MINI = load_bank(MINI_BANK)
db = test_workshop.db  # a fresh database per test, SQLite and PostgreSQL
browser = test_workshop.browser  # one browser's cookie jar


# The upload, as bytes


def test_an_upload_is_read_and_analysed_exactly_as_the_command_line_does(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(ANALYSE_CSV, encoding="utf-8")
    responses = read_responses(path)
    expected = analyse(MINI, responses.frame(item_columns(responses.columns, MINI)))

    result = analyse_upload(ANALYSE_CSV.encode(), "answers.csv", MINI, None)

    assert result.problems == [] and result.warnings == []
    assert result.analysis == expected


def test_an_upload_warns_about_columns_that_are_not_items():
    with_extra = ANALYSE_CSV.replace("respondent,", "Timestamp,respondent,", 1)
    with_extra = "\n".join(
        line if i == 0 else f"2024-05-01,{line}" for i, line in enumerate(with_extra.splitlines())
    )
    result = analyse_upload(with_extra.encode(), "a.csv", MINI, None)
    assert result.warnings == ["ignoring 1 column that is not an item id of bank 'mini': Timestamp"]
    assert result.analysis is not None


def test_every_invalid_cell_of_an_upload_is_listed():
    bad = ANALYSE_CSV.replace("kim,2,3,x", "kim,2,9,x").replace("lou,4,3,y,a", "lou,4,3,q,a")
    result = analyse_upload(bad.encode(), "a.csv", MINI, None)
    assert result.analysis is None
    assert result.problems == [
        "a.csv: 2 invalid answers",
        "respondent 'kim', column 'a2': '9' is not an answer (expected 1, 2, 3, 4, 5)",
        "respondent 'lou', column 'a3': 'q' is not an answer (expected x, y)",
    ]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"", "a.csv: the file is empty"),
        ("respondent,a1\nRené,1\n".encode("latin-1"), "a.csv: not UTF-8 text (byte 17)"),
        (b"respondent,a1\nann,1\n ,2\n", "a.csv: row 3 has an empty respondent"),
        (b"respondent,zz\nann,1\n", "a.csv: no column is an item of bank 'mini'"),
        (b"x" * (MAX_UPLOAD_BYTES + 1), "a.csv: larger than 5 MB"),
    ],
)
def test_an_unusable_upload_is_refused_saying_why(raw, problem):
    result = analyse_upload(raw, "a.csv", MINI, None)
    assert result.analysis is None
    assert result.problems[0].startswith(problem)


# The page


def open_analysis(source: str | None = None):
    at = open_app("app_pages/analysis.py")
    assert not at.exception, at.exception
    if source:
        at.radio(key="an_source").set_value(source).run()
        assert not at.exception, at.exception
    return at


def test_the_page_asks_for_a_file_first(db):
    at = open_analysis()
    assert at.title[0].value == "Item analysis"
    assert "Upload a CSV of answers" in page_text(at)
    assert not at.metric and not at.dataframe


def test_a_browser_signed_in_to_no_workshop_sees_no_workshop(db, browser):
    create_workshop("Someone else's")  # signs this browser in...
    browser.clear()  # ...and a browser without its cookies is another browser

    at = open_analysis("workshop")

    assert "not signed in to facilitate any workshop" in page_text(at)
    assert not at.selectbox and not at.metric and not at.dataframe


def finished_sheets(db, workshop_id: str, count: int, seed: int = 3) -> list[str]:
    """`count` finished quick-form sheets, whose answers follow one trait per person."""
    rng = np.random.default_rng(seed)
    ids = []
    items = CORE.form_items("quick")
    for _ in range(count):
        trait = rng.uniform(0, 1)
        sheet, _ = db.start_sheet(CORE.id, CORE.version, "quick", workshop_id=workshop_id)
        for item in items:
            table = item.contributions(CORE.likert)
            ordered = sorted(table, key=table.__getitem__)
            at = np.clip(trait + rng.normal(scale=0.25), 0, 1)
            db.save_answer(sheet.id, item.id, ordered[round(at * (len(ordered) - 1))])
        db.finish(sheet.id)
        ids.append(sheet.id)
    return ids


def test_a_workshop_shows_nothing_before_ten_sheets_are_finished(db, browser):
    _, code, _ = create_workshop("Small room")
    workshop = db.workshop_by_code(code)
    finished_sheets(db, workshop.id, MIN_ROWS - 1)
    db.start_sheet(CORE.id, CORE.version, "quick", workshop_id=workshop.id)

    at = open_analysis("workshop")

    assert at.selectbox(key="an_workshop").value == workshop.id
    assert "needs at least 10 finished answer sheets; this workshop has 9" in page_text(at)
    assert not at.metric and not at.dataframe and not at.get("download_button")


def test_a_workshop_with_enough_sheets_shows_each_axis_from_aggregates_only(db, browser):
    _, code, _ = create_workshop("Full room")
    workshop = db.workshop_by_code(code)
    sheet_ids = finished_sheets(db, workshop.id, 12)
    expected = analyse(CORE, db.sheet_answers_frame(sheet_ids), "quick")

    at = open_analysis("workshop")

    assert not at.exception, at.exception
    overview, *tables = [frame.value for frame in at.dataframe]
    assert overview["Axis"].tolist() == [axis.title for axis in CORE.axes]
    assert overview["Complete sheets"].tolist() == ["12 of 12"] * len(CORE.axes)
    assert len(tables) == len(CORE.axes)
    first = expected.axes[0]
    alphas = [m.value for m in at.metric if m.label == "Alpha"]
    assert alphas[0] == f"{first.alpha:.2f}"
    assert next(m.value for m in at.metric if m.label == "Complete sheets") == "12 of 12"
    assert [i.split()[0] for i in tables[0]["Item"]] == [item.item_id for item in first.items]
    assert tables[0]["r"].tolist() == [f"{i.r:.2f}" for i in first.items]
    counts = [[c.count for c in item.counts] for item in first.items]
    assert [list(a) for a in tables[0]["Answers"]] == counts
    assert sum(counts[0]) == 12
    verdicts = [e.value for kind in ("success", "info", "warning") for e in getattr(at, kind)]
    assert plain(first.verdict) in verdicts
    # Only aggregates reach the browser: no sheet id, no per-person row anywhere.
    shown = page_text(at) + "".join(frame.to_csv() for frame in [overview, *tables])
    shown += str({key: at.session_state[key] for key in at.session_state})
    assert not any(sheet_id in shown for sheet_id in sheet_ids)
    assert all(len(frame) <= len(CORE.form_items("quick")) for frame in tables)
    assert at.get("download_button"), "the per-item report can be downloaded"


def test_only_the_workshops_this_browser_facilitates_are_offered(db, browser):
    _, mine, _ = create_workshop("Mine")
    jar = dict(browser)
    _, theirs, _ = create_workshop("Theirs")
    browser.clear()
    browser.update(jar)  # this browser never signed in to "Theirs"
    for code in (mine, theirs):
        finished_sheets(db, db.workshop_by_code(code).id, MIN_ROWS)

    at = open_analysis("workshop")

    offered = at.selectbox(key="an_workshop").options
    assert len(offered) == 1 and mine in offered[0] and "Mine" in offered[0]


def test_a_workshop_whose_sheets_answered_another_bank_version_leaves_them_out(db, browser):
    _, code, _ = create_workshop("Old and new")
    workshop = db.workshop_by_code(code)
    finished_sheets(db, workshop.id, MIN_ROWS)
    old, _ = db.start_sheet(CORE.id, CORE.version - 1, "quick", workshop_id=workshop.id)
    db.finish(old.id)

    at = open_analysis("workshop")

    assert "1 finished sheets answered another version" in page_text(at)
    assert at.dataframe[0].value["Complete sheets"].tolist()[0] == f"{MIN_ROWS} of {MIN_ROWS}"


def test_no_chart_carries_rows(db, browser):
    """The page draws no Vega chart at all: its answer bars are table cells of counts."""
    _, code, _ = create_workshop("Charts")
    finished_sheets(db, db.workshop_by_code(code).id, MIN_ROWS)
    at = open_analysis("workshop")
    assert not [row for chart in at.get("vega_lite_chart") for row in chart_rows(chart)]
    assert isinstance(at.dataframe[1].value, pd.DataFrame)
