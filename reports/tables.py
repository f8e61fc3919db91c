"""One respondent's answers and scores as tables, and as spreadsheet-safe CSV files.

Two tidy tables rather than one file with two sections, so each opens as it is in a
spreadsheet, pandas or R:

- answers: one row per item of the form, in bank order: `item`, `axis`, `axis_title`,
  `type`, `text`, `answer` (the answer as the scoring CLI reads it: the likert value or
  the option id; blank when unanswered), `answer_text` (the likert label or the option
  text; "skipped" when the item was passed over, blank when it was never reached) and
  `contribution` (in [-1, 1]; negative leans to the left pole; blank when unanswered).
- scores: one row per axis in bank order, then an `overall` row: `axis`, `title`,
  `left`, `right`, `score` (blank when there are not enough answers), `band` (a stable
  id such as `leans_right`), `band_label` (the band named with the axis's poles),
  `answered` (the answers the score rests on) and `items` (the overall row counts every
  item of the form), `firm` (true when the score rests on enough answers to be firm,
  scoring.precision: 3 on an axis; half of the axes firm for the overall) and
  `reported_band_label` (the band as the page and the PDF show it: "Strongly" only when
  firm, else softened to "Leans ... (tentative: based on 2 answers)"). Then, from an
  earlier attempt on the bank (blank without one): `previous` (its score), `change`
  (now minus then), `change_margin` (the reliable-change margin, scoring.precision),
  `clear_change` (true only beyond the margin, as the results page calls a change) and
  `previous_at` (when the earlier attempt was taken, ISO 8601).

With `respondent`, both CSV files start with a `respondent` column. Every text cell goes
through `reports.spreadsheet.safe_csv`, so a name such as "=cmd()" cannot run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from questions.bank import Bank, ChoiceItem, LikertItem
from reports.earlier import Comparison
from reports.spreadsheet import safe_csv
from scoring.precision import Change, axis_reading, overall_reading
from scoring.profile import Answer, AxisScore, Profile, contribution

ANSWER_COLUMNS = [
    "item",
    "axis",
    "axis_title",
    "type",
    "text",
    "answer",
    "answer_text",
    "contribution",
]
SCORE_COLUMNS = [
    "axis",
    "title",
    "left",
    "right",
    "score",
    "band",
    "band_label",
    "answered",
    "items",
    "firm",
    "reported_band_label",
    "previous",
    "change",
    "change_margin",
    "clear_change",
    "previous_at",
]
OVERALL = "overall"
SKIPPED = "skipped"


def answer_value(item: LikertItem | ChoiceItem, value: Answer, bank: Bank) -> int | str | None:
    """An answer as it is exported: the likert value as an int, the option id as text,
    None when unanswered. Raises scoring.profile.AnswerError for an answer no item takes.

    >>> from questions.bank import load_bank
    >>> mini = load_bank("tests/banks/mini.yaml")
    >>> answer_value(mini.item("a1"), " 4", mini), answer_value(mini.item("a3"), "y", mini)
    (4, 'y')
    """
    if contribution(item, value, bank) is None:
        return None
    text = str(value).strip()
    return int(text) if isinstance(item, LikertItem) else text


def answer_text(item: LikertItem | ChoiceItem, value: int | str, bank: Bank) -> str:
    """The words of a (valid, normalised) answer: the likert label or the option text."""
    if isinstance(item, LikertItem):
        return bank.likert.labels[int(value) - 1]
    return next(o.text for o in item.options if o.id == value)


def answers_table(
    bank: Bank, answers: Mapping[str, Answer], form: str | None = None
) -> pd.DataFrame:
    """One row per item of `form` in bank order, with its answer and contribution."""
    rows = []
    for item in bank.form_items(form):
        value = answer_value(item, answers.get(item.id), bank)
        if value is not None:
            words = answer_text(item, value, bank)
        else:
            words = SKIPPED if item.id in answers else None
        rows.append(
            {
                "item": item.id,
                "axis": item.axis,
                "axis_title": bank.axis(item.axis).title,
                "type": item.type,
                "text": item.text,
                "answer": value,
                "answer_text": words,
                "contribution": contribution(item, value, bank),
            }
        )
    frame = pd.DataFrame(rows, columns=ANSWER_COLUMNS)
    frame["answer"] = frame["answer"].astype(object)
    frame["contribution"] = frame["contribution"].astype(float)
    return frame


def axis_fields(axis: AxisScore) -> dict:
    """One axis's result as the CSV row and the JSON record both report it."""
    reading = axis_reading(axis)
    return {
        "title": axis.title,
        "left": axis.left_label,
        "right": axis.right_label,
        "score": axis.score,
        "band": axis.band.value if axis.band else None,
        "band_label": axis.band_label,
        "answered": axis.answered,
        "items": axis.items,
        "firm": reading.firm,
        "reported_band_label": reading.label,
    }


def overall_fields(profile: Profile) -> dict:
    """The overall result as the CSV row and the JSON record both report it."""
    reading = overall_reading(profile)
    return {
        "left": profile.overall_left,
        "right": profile.overall_right,
        "score": profile.overall,
        "band": profile.overall_band.value if profile.overall_band else None,
        "band_label": profile.overall_band_label,
        "answered": reading.answered,
        "items": reading.items,
        "firm": reading.firm,
        "reported_band_label": reading.label,
    }


def when_text(value: object) -> str | None:
    """A date or datetime in ISO 8601, other text as it is, None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()
    return str(value)


def change_fields(earlier: float | None, change: Change | None) -> dict:
    """A score's move from the earlier attempt, as the CSV row and the JSON record say it."""
    return {
        "previous": earlier,
        "change": None if change is None else change.delta,
        "change_margin": None if change is None else round(change.margin, 1),
        "clear_change": None if change is None else change.clear,
    }


def scores_table(profile: Profile, comparison: Comparison | None = None) -> pd.DataFrame:
    """One row per axis in bank order, then the overall row; with `comparison`, the
    earlier attempt's scores and the change on each row."""
    rows = [{"axis": a.axis_id, **axis_fields(a)} for a in profile.axes]
    rows.append({"axis": OVERALL, "title": "Overall", **overall_fields(profile)})
    if comparison is not None:
        before = comparison.earlier.profile
        at = when_text(comparison.earlier.taken_at)
        for row in rows[:-1]:
            earlier = before.axis(row["axis"]).score
            row |= change_fields(earlier, comparison.axes.get(row["axis"]))
            row["previous_at"] = at
        rows[-1] |= change_fields(before.overall, comparison.overall)
        rows[-1]["previous_at"] = at
    frame = pd.DataFrame(rows, columns=SCORE_COLUMNS)
    for column in ("score", "previous", "change", "change_margin"):
        frame[column] = frame[column].astype(float)
    return frame


def _with_respondent(frame: pd.DataFrame, respondent: str | None) -> pd.DataFrame:
    if respondent is None:
        return frame
    return frame.assign(respondent=str(respondent))[["respondent", *frame.columns]]


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    return safe_csv(frame).encode("utf-8")


def answers_csv(
    bank: Bank,
    answers: Mapping[str, Answer],
    form: str | None = None,
    respondent: str | None = None,
) -> bytes:
    """`answers_table` as UTF-8 CSV with formula-safe cells."""
    return _csv_bytes(_with_respondent(answers_table(bank, answers, form), respondent))


def scores_csv(
    profile: Profile, respondent: str | None = None, comparison: Comparison | None = None
) -> bytes:
    """`scores_table` as UTF-8 CSV with formula-safe cells."""
    return _csv_bytes(_with_respondent(scores_table(profile, comparison), respondent))
