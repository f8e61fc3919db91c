"""The export builders: CSV and JSON read back, the PDF report read back as text."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import shutil
import subprocess

import pandas as pd
import pytest
from conftest import QUESTIONS, SITUATIONS

from questions.bank import load_bank
from questions.situations import load_situations
from reports import document
from reports.earlier import Earlier, compare
from reports.layout import MARGIN_X, POLE_GAP, WIDTH, Report
from reports.results import (
    answers_csv,
    answers_table,
    results_json,
    results_pdf,
    scores_csv,
    scores_table,
)
from reports.words import change_words, signed
from scoring.fit import situation_fit
from scoring.precision import axis_change, axis_spreads
from scoring.profile import contribution, score

NAME = "Zoë Ångström"
# tests/banks/mini.yaml: a1 (left-keyed) strongly agreed, a2 (right-keyed) agreed, a3 the
# right option, b1 skipped; a4, b2 and b3 never reached.
MINI_ANSWERS = {"a1": "5", "a2": 4, "a3": "y", "b1": None}


def leaning_answers(bank, form=None):
    """Answers that lean right on the first axes, left on the next, balanced on the rest."""
    answers = {}
    axes = [a.id for a in bank.axes]
    for item in bank.form_items(form):
        lean = (1, -1, 0)[axes.index(item.axis) % 3]
        if item.type == "likert":
            agree = lean * (1 if item.keyed == "right" else -1)
            answers[item.id] = {1: 5, -1: 1, 0: 3}[agree]
        else:
            answers[item.id] = min(item.options, key=lambda o: abs(o.lean - lean)).id
    return answers


@pytest.fixture(scope="module")
def situations(core):
    return load_situations(SITUATIONS, {"core": core})


@pytest.fixture(scope="module")
def core_answers(core):
    return leaning_answers(core)


@pytest.fixture(scope="module")
def core_profile(core, core_answers):
    return score(core, core_answers)


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8", keep_default_na=False, na_values=[""])


def pdf_text(data: bytes, tmp_path) -> str:
    """The PDF's text with whitespace runs collapsed (lines may wrap anywhere)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed, so the PDF cannot be read back")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return " ".join(out.stdout.decode("utf-8").split())


# --- tables and CSV ----------------------------------------------------------------------


def test_answers_table_shows_each_answer_as_given_with_its_contribution(mini):
    table = answers_table(mini, MINI_ANSWERS).set_index("item")
    assert list(table.index) == [i.id for i in mini.items]
    assert table.loc["a1", "answer"] == 5
    assert table.loc["a1", "answer_text"] == "Strongly agree"
    assert table.loc["a1", "contribution"] == -1.0
    assert (table.loc["a2", "answer"], table.loc["a2", "answer_text"]) == (4, "Agree")
    assert (table.loc["a3", "answer"], table.loc["a3", "answer_text"]) == ("y", "Right option")
    assert table.loc["a3", "axis_title"] == "Alpha"
    assert table.loc["b1", "answer_text"] == "skipped"
    assert pd.isna(table.loc["a4", "answer_text"])  # never reached: blank
    assert math.isnan(table.loc["b1", "contribution"])


def test_answers_csv_has_one_row_per_item_of_the_form(core, core_answers):
    for form in core.form_names:
        frame = read_csv(answers_csv(core, core_answers, form))
        items = core.form_items(form)
        assert list(frame["item"]) == [i.id for i in items]
        expected = [contribution(i, core_answers[i.id], core) for i in items]
        assert frame["contribution"].tolist() == pytest.approx(expected)


def test_answers_csv_blank_cells_for_unanswered_items(mini):
    frame = read_csv(answers_csv(mini, MINI_ANSWERS, "quick")).set_index("item")
    assert list(frame.index) == ["a1", "a3", "b2"]
    assert pd.isna(frame.loc["b2", "answer"]) and pd.isna(frame.loc["b2", "contribution"])


def test_scores_csv_has_a_row_per_axis_and_overall(core, core_profile):
    frame = read_csv(scores_csv(core_profile))
    assert list(frame["axis"]) == [a.id for a in core.axes] + ["overall"]
    for axis in core_profile.axes:
        row = frame.set_index("axis").loc[axis.axis_id]
        assert row["score"] == axis.score
        assert row["band_label"] == axis.band_label
        assert (row["answered"], row["items"]) == (axis.answered, axis.items)
    overall = frame.set_index("axis").loc["overall"]
    assert overall["score"] == core_profile.overall
    assert overall["items"] == len(core.items)


def test_scores_table_leaves_missing_scores_blank(mini):
    profile = score(mini, MINI_ANSWERS)
    table = scores_table(profile).set_index("axis")
    assert table.loc["alpha", "score"] == 16.7
    assert table.loc["alpha", "band"] == "leans_right"
    assert table.loc["alpha", "band_label"] == "Leans Values"
    assert math.isnan(table.loc["beta", "score"])
    assert table.loc["beta", "band_label"] == "Not enough answers"
    frame = read_csv(scores_csv(profile))
    assert pd.isna(frame.set_index("axis").loc["beta", "score"])


def test_csv_respondent_text_is_formula_safe(mini):
    profile = score(mini, MINI_ANSWERS)
    for data in (
        scores_csv(profile, respondent="=cmd()"),
        answers_csv(mini, MINI_ANSWERS, respondent="=cmd()"),
    ):
        frame = read_csv(data)
        assert frame.columns[0] == "respondent"
        assert set(frame["respondent"]) == {"'=cmd()"}
    frame = read_csv(scores_csv(profile, respondent=NAME))
    assert set(frame["respondent"]) == {NAME}
    # numbers stay numbers: a negative score is not escaped
    assert read_csv(answers_csv(mini, MINI_ANSWERS))["contribution"].min() == -1.0


# --- JSON --------------------------------------------------------------------------------


def test_results_json_round_trips_with_the_profile_scores(core, core_profile, core_answers):
    started = dt.datetime(2025, 3, 4, 9, 30, tzinfo=dt.UTC)
    meta = {"started_at": started, "finished_at": "2025-03-04T09:41:00+00:00", "x": 1}
    data = results_json(core, core_profile, core_answers, meta)
    record = json.loads(data)
    assert record["bank"] == {"id": "core", "version": core.version, "title": core.title}
    assert record["form"] == "full"
    assert record["started_at"] == "2025-03-04T09:30:00+00:00"
    assert record["finished_at"] == "2025-03-04T09:41:00+00:00"
    assert "x" not in record
    assert list(record["scores"]) == [a.id for a in core.axes]
    for axis in core_profile.axes:
        entry = record["scores"][axis.axis_id]
        assert entry["score"] == axis.score
        assert entry["band_label"] == axis.band_label
        assert (entry["answered"], entry["items"]) == (axis.answered, axis.items)
    assert record["overall"]["score"] == core_profile.overall
    assert record["overall"]["band_label"] == core_profile.overall_band_label
    assert list(record["answers"]) == [i.id for i in core.items]
    likert = next(i for i in core.items if i.type == "likert")
    assert record["answers"][likert.id] == core_answers[likert.id]


def test_results_json_nulls_numbers_and_unicode(mini):
    profile = score(mini, MINI_ANSWERS, "quick")
    data = results_json(mini, profile, MINI_ANSWERS, {"respondent": NAME})
    assert NAME.encode("utf-8") in data  # ensure_ascii=False
    record = json.loads(data)
    assert record["form"] == "quick"
    assert record["respondent"] == NAME
    assert record["started_at"] is None and record["finished_at"] is None
    assert record["answers"] == {"a1": 5, "a3": "y", "b2": None}
    assert record["scores"]["beta"]["score"] is None
    assert record["scores"]["beta"]["band"] is None
    assert record["scores"]["alpha"]["score"] == 0.0


# --- PDF ---------------------------------------------------------------------------------


def test_pdf_report_carries_the_profile(core, core_profile, situations, tmp_path):
    ticked = ["large_team", "period_of_change"]
    fits = situation_fit(situations, core_profile, ticked)
    previous = score(core, leaning_answers(core, "quick"), "quick")
    data = results_pdf(
        core,
        core_profile,
        situations_fit=fits,
        previous=previous,
        respondent_name=NAME,
        taken_at=dt.datetime(2025, 3, 4, 9, 41),
    )
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert core.title in text
    assert NAME in text
    assert "4 March 2025" in text
    assert "Full form, 72 questions" in text
    assert core_profile.overall_band_label in text
    assert "Neither style is better" in text
    for axis in core_profile.axes:
        assert axis.title in text
        assert axis.band_label in text  # the full form: every scored axis is firm
        assert f"based on {axis.answered} of {axis.items} answers" in text
    for fit in fits:
        assert fit.situation.label in text
        assert f"Calls for more {fit.style}" in text
    assert "Page 1 of" in text
    # balanced axes show both poles' summaries; leaning ones the summary of their pole
    for axis_score in core_profile.axes:
        axis = core.axis(axis_score.axis_id)
        side = axis_score.band.side
        shown = [axis.left, axis.right] if side is None else [axis.pole(side)]
        for pole in shown:
            assert " ".join(pole.summary.split()) in text


def strongly_everywhere(bank, form=None):
    """Answers at the right pole on every item: 'Strongly' on every axis by the contract."""
    answers = {}
    for item in bank.form_items(form):
        if item.type == "likert":
            answers[item.id] = 5 if item.keyed == "right" else 1
        else:
            answers[item.id] = max(item.options, key=lambda o: o.lean).id
    return answers


def test_exports_say_what_each_score_rests_on_and_whether_it_is_firm(core):
    quick = score(core, strongly_everywhere(core, "quick"), "quick")
    table = read_csv(scores_csv(quick)).set_index("axis")
    react = table.loc["react_act"]
    assert react["band_label"] == "Strongly Act"  # the contract's band, unchanged
    assert (react["answered"], bool(react["firm"])) == (2, False)
    assert react["reported_band_label"] == "Leans Act (tentative: based on 2 answers)"
    overall = table.loc["overall"]
    assert (overall["answered"], bool(overall["firm"])) == (24, False)
    assert overall["reported_band_label"].startswith("Leans Leadership (tentative: 0 of 12")
    full = score(core, strongly_everywhere(core))
    record = json.loads(results_json(core, full, strongly_everywhere(core)))
    entry = record["scores"]["react_act"]
    assert (entry["answered"], entry["firm"], entry["reported_band_label"]) == (
        6,
        True,
        "Strongly Act",
    )
    assert record["overall"]["firm"] is True
    tentative = json.loads(results_json(core, quick, strongly_everywhere(core, "quick")))
    assert tentative["scores"]["react_act"]["firm"] is False


def test_pdf_of_a_quick_form_is_tentative_and_never_strongly(core, tmp_path):
    quick = score(core, strongly_everywhere(core, "quick"), "quick")
    text = pdf_text(results_pdf(core, quick), tmp_path)
    assert "Strongly" not in text.replace("Strongly one pole", "")
    assert "Leans Leadership (tentative)" in text
    assert "based on 24 of 24 answers" in text
    assert "0 of 12 axes rest on 3 or more answers" in text
    assert "take the full form for a firmer reading" in text
    assert text.count("based on 2 of 2 answers, tentative") == 12


def test_pdf_without_answers_says_there_are_not_enough(core, tmp_path):
    data = results_pdf(core, score(core, {}), respondent_name="=cmd() <b>x</b>")
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "Not enough answers" in text
    assert "=cmd() <b>x</b>" in text  # plain text, as typed
    assert all(axis.title in text for axis in core.axes)


def test_pdf_on_a_partly_answered_small_bank(mini, tmp_path):
    data = results_pdf(mini, score(mini, MINI_ANSWERS), taken_at="2025-01-02")
    text = pdf_text(data, tmp_path)
    assert "Mini bank" in text and "2 January 2025" in text
    assert "Leans Values" in text
    assert "Not scored yet" in text and "Beta: 0 of 3 answered, 2 needed" in text


def test_pdf_prints_characters_the_font_lacks_as_question_marks(mini, tmp_path):
    data = results_pdf(mini, score(mini, MINI_ANSWERS), respondent_name="Li\x00 王\tWei")
    text = pdf_text(data, tmp_path)
    assert "Li? ? Wei" in text


def test_pdf_chart_is_rendered_with_external_urls_refused(mini, monkeypatch):
    calls = []
    real = document.vl_convert.vegalite_to_png

    def spy(spec, **kwargs):
        calls.append(kwargs)
        return real(spec, **kwargs)

    monkeypatch.setattr(document.vl_convert, "vegalite_to_png", spy)
    results_pdf(mini, score(mini, MINI_ANSWERS))
    assert calls and all(call["allowed_base_urls"] == [] for call in calls)


def test_fit_summary_wording(core, situations):
    profile = score(core, leaning_answers(core))
    fits = situation_fit(situations, profile, [s.id for s in situations.situations])
    for fit in fits:
        sentence = document.fit_summary(fit)
        assert sentence.startswith(f"Of the {len(fit.axes)} axes this situation weighs")
        assert sentence.endswith(".")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12.5, "+12.5"), (-3.0, "\u22123.0"), (0.0, "0.0")],
)
def test_signed_scores_use_a_true_minus(value, expected):
    assert document.signed(value) == expected


# --- the earlier attempt, the person and the situations (issue 10, item 3) ---------------

EARLIER_AT = dt.datetime(2026, 10, 1, 9, 30)


@pytest.fixture(scope="module")
def comparison(core, core_profile):
    """An earlier full-form attempt at the right pole everywhere: the axes that lean
    right now have not moved (within the error), those that lean left have (a change)."""
    before = score(core, strongly_everywhere(core))
    return compare(core, Earlier(before, EARLIER_AT), core_profile)


def test_comparison_judges_moves_as_the_results_page_does(core, core_profile, comparison):
    spreads = axis_spreads(core)
    for axis in core_profile.axes:
        earlier = comparison.earlier.profile.axis(axis.axis_id)
        expected = axis_change(earlier, axis, spreads[axis.axis_id], spreads[axis.axis_id])
        assert comparison.axes[axis.axis_id] == expected
    moves = [c for c in comparison.axes.values() if c is not None]
    assert any(c.clear for c in moves) and any(not c.clear for c in moves)


def test_pdf_gives_the_earlier_attempts_date_score_and_changes(
    core, core_profile, comparison, tmp_path
):
    text = pdf_text(results_pdf(core, core_profile, comparison=comparison), tmp_path)
    before = comparison.earlier.profile
    assert "Since your earlier attempt" in text
    assert f"Your earlier attempt, of 1 October 2026, scored {signed(before.overall)} overall." in (
        text
    )
    assert f"Overall change since then: {change_words(comparison.overall)}." in text
    assert "a change (beyond the measurement's error of" in text
    assert "within the measurement's error (\u00b1" in text
    for axis in core_profile.axes:
        assert signed(comparison.axes[axis.axis_id].delta) in text
    plain = pdf_text(results_pdf(core, core_profile), tmp_path)
    assert "Since your earlier attempt" not in plain


def test_scores_csv_adds_the_earlier_scores_and_changes_at_the_end(core, core_profile, comparison):
    old = [
        "axis", "title", "left", "right", "score", "band", "band_label", "answered",
        "items", "firm", "reported_band_label",
    ]  # fmt: skip
    frame = read_csv(scores_csv(core_profile, comparison=comparison))
    assert list(frame.columns[: len(old)]) == old
    assert list(frame.columns[len(old) :]) == [
        "previous",
        "change",
        "change_margin",
        "clear_change",
        "previous_at",
    ]
    table = frame.set_index("axis")
    before = comparison.earlier.profile
    for axis in core_profile.axes:
        row, moved = table.loc[axis.axis_id], comparison.axes[axis.axis_id]
        assert row["previous"] == before.axis(axis.axis_id).score
        assert row["change"] == moved.delta
        assert bool(row["clear_change"]) == moved.clear
        assert row["previous_at"] == "2026-10-01T09:30:00"
    overall = table.loc["overall"]
    assert overall["previous"] == before.overall
    assert overall["change"] == comparison.overall.delta
    alone = read_csv(scores_csv(core_profile))
    assert list(alone.columns) == list(frame.columns)
    assert alone["previous"].isna().all() and alone["change"].isna().all()


def test_json_has_the_person_sheet_situations_and_earlier_attempt(
    core, core_profile, core_answers, situations, comparison
):
    fits = situation_fit(situations, core_profile, ["large_team", "period_of_change"])
    meta = {"respondent": "Ann Lee", "sheet": "sheet-1"}
    record = json.loads(results_json(core, core_profile, core_answers, meta, fits, comparison))
    assert record["respondent"] == "Ann Lee" and record["sheet"] == "sheet-1"
    assert record["situations"] == [
        {"id": f.situation.id, "title": f.situation.label} for f in fits
    ]
    assert [s["id"] for s in record["situations"]] == ["large_team", "period_of_change"]
    previous = record["previous"]
    before = comparison.earlier.profile
    assert previous["finished_at"] == "2026-10-01T09:30:00"
    assert previous["form"] == "full"
    assert list(previous["scores"]) == [a.id for a in core.axes]
    for axis in core_profile.axes:
        entry, moved = previous["scores"][axis.axis_id], comparison.axes[axis.axis_id]
        assert entry["score"] == before.axis(axis.axis_id).score
        assert (entry["change"], entry["clear_change"]) == (moved.delta, moved.clear)
    assert previous["overall"]["score"] == before.overall
    assert previous["overall"]["change"] == comparison.overall.delta
    anonymous = json.loads(results_json(core, core_profile, core_answers, {"sheet": "s2"}))
    assert anonymous["respondent"] is None and anonymous["sheet"] == "s2"
    assert anonymous["previous"] is None and anonymous["situations"] == []


def word_boxes(data: bytes, tmp_path) -> list[tuple[str, float, float]]:
    """(word, xMin, xMax) in mm of every word on page 1."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "boxes.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    found = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', out)
    mm = 25.4 / 72
    return [(word, float(x0) * mm, float(x1) * mm) for x0, x1, word in found]


def test_long_pole_names_never_run_into_the_scale_line(tmp_path):
    readiness = load_bank(QUESTIONS / "readiness.yaml")
    assert readiness.poles.left == "Individual contributor"
    profile = score(readiness, leaning_answers(readiness))
    boxes = word_boxes(results_pdf(readiness, profile), tmp_path)
    # the overall gauge: pole names in 36 mm at each end of the text width
    line_starts, line_ends = MARGIN_X + 36, MARGIN_X + WIDTH - 36
    label = next(b for b in boxes if b[0] == "contributor")  # the gauge's, before the text
    assert label[2] <= line_starts - 0.5
    right = next(b for b in boxes if b[0] == "Team" and b[1] > line_ends - 5)
    assert right[1] >= line_ends + 0.5
    report = Report("x")
    for text in ("Individual contributor", "Team manager", "A very long pole name indeed"):
        lines = report.pole_label(text, 33 - POLE_GAP)
        report.style(lines.size, bold=True)
        assert all(report.get_string_width(line) <= 33 - POLE_GAP for line in lines.lines)
