"""One attempt as a JSON document that other programs can read.

The layout is stable; a change that breaks readers bumps `format_version`:

```json
{
  "format": "sales-style-results",
  "format_version": 1,
  "bank": {"id": "core", "version": 1, "title": "Sales management or sales leadership"},
  "form": "quick",
  "respondent": "Zoë" | null,
  "sheet": "<the sheet's id>" | null,
  "started_at": "2025-03-01T10:02:00+00:00" | null,
  "finished_at": "2025-03-01T10:14:31+00:00" | null,
  "scores": {
    "<axis id>": {"title": "...", "left": "React", "right": "Act", "score": 62.5 | null,
                  "band": "strong_right" | null, "band_label": "Strongly Act",
                  "answered": 6, "items": 6, "firm": true,
                  "reported_band_label": "Strongly Act"},
    ...
  },
  "overall": {"left": "Management", "right": "Leadership", "score": 12.1 | null,
              "band": "balanced" | null, "band_label": "Balanced",
              "answered": 70, "items": 72, "firm": true,
              "reported_band_label": "Balanced"},
  "answers": {"<item id>": 4 | "b" | null, ...},
  "situations": [{"id": "large_team", "title": "A large team"}, ...],
  "previous": null | {
    "finished_at": "2025-02-01T09:00:00+00:00" | null, "form": "quick",
    "scores": {"<axis id>": {"score": 10.0 | null, "change": 52.5 | null,
                             "change_margin": 40.1 | null, "clear_change": true | null},
               ...},
    "overall": {"score": 4.0 | null, "change": 8.1 | null, "change_margin": 20.3 | null,
                "clear_change": false | null}
  }
}
```

- `form` is "full" when every item was asked.
- Axes and answers keep the bank's order; `answers` lists every item of the form, null
  when unanswered; a likert answer is a number, a choice answer the option id.
- Scores are the reported ones (one decimal); `band` is a stable id, `band_label` the
  contract's band in words ("Not enough answers" when `score` is null).
- `answered` is how many answers a score rests on; `firm` whether that is enough for a
  firm reading (scoring.precision: 3 answers on an axis, half of the axes firm for the
  overall); `reported_band_label` is the band as people are shown it: "Strongly" only
  when firm, else softened, "Leans Act (tentative: based on 2 answers)". These two
  fields were added within format_version 1: readers that ignore them are unaffected.
- Times come from `meta` (keys `respondent`, `started_at`, `finished_at`; `taken_at` is
  read as another name for `finished_at`): datetimes and dates in ISO 8601, text as it
  is, null when absent. Other keys of `meta` are not exported.
- `respondent` is the person's display name (null when they gave none); `sheet` is the
  attempt's own id, so records can be matched without a name.
- `situations` are the situations the person ticked on the results page, in the order
  shown; `previous` is their earlier attempt on the bank (null without one): its scores
  and, per score, the `change` (now minus then), the reliable-change `change_margin`
  and `clear_change`, true only beyond the margin, as the results page calls a change
  (scoring.precision). `sheet`, `situations` and `previous` were added within
  format_version 1.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from questions.bank import FULL_FORM, Bank
from reports.earlier import Comparison
from reports.tables import answer_value, axis_fields, change_fields, overall_fields, when_text
from scoring.fit import SituationFit
from scoring.precision import Change
from scoring.profile import Answer, Profile

FORMAT = "sales-style-results"
FORMAT_VERSION = 1


_when = when_text


def _moved(earlier: float | None, change: Change | None) -> dict:
    """An earlier score and its change, `previous` named `score` in its own record."""
    fields = change_fields(earlier, change)
    return {"score": fields.pop("previous"), **fields}


def previous_record(comparison: Comparison | None) -> dict | None:
    """The earlier attempt's scores and each one's change, or None without one."""
    if comparison is None:
        return None
    before = comparison.earlier.profile
    return {
        "finished_at": _when(comparison.earlier.taken_at),
        "form": before.form or FULL_FORM,
        "scores": {a.axis_id: _moved(a.score, comparison.axes.get(a.axis_id)) for a in before.axes},
        "overall": _moved(before.overall, comparison.overall),
    }


def results_record(
    bank: Bank,
    profile: Profile,
    answers: Mapping[str, Answer],
    meta: Mapping[str, object] | None = None,
    situations_fit: Sequence[SituationFit] = (),
    comparison: Comparison | None = None,
) -> dict:
    """The JSON document of `results_json` as Python data; `meta` may also hold `sheet`
    (the attempt's id)."""
    meta = meta or {}
    respondent = meta.get("respondent")
    finished = meta.get("finished_at", meta.get("taken_at"))
    scores = {a.axis_id: axis_fields(a) for a in profile.axes}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "bank": {"id": bank.id, "version": bank.version, "title": bank.title},
        "form": profile.form or FULL_FORM,
        "respondent": None if respondent is None else str(respondent),
        "sheet": None if meta.get("sheet") is None else str(meta["sheet"]),
        "started_at": _when(meta.get("started_at")),
        "finished_at": _when(finished),
        "scores": scores,
        "overall": overall_fields(profile),
        "answers": {
            item.id: answer_value(item, answers.get(item.id), bank)
            for item in bank.form_items(profile.form)
        },
        "situations": [
            {"id": fit.situation.id, "title": fit.situation.label} for fit in situations_fit
        ],
        "previous": previous_record(comparison),
    }


def results_json(
    bank: Bank,
    profile: Profile,
    answers: Mapping[str, Answer],
    meta: Mapping[str, object] | None = None,
    situations_fit: Sequence[SituationFit] = (),
    comparison: Comparison | None = None,
) -> bytes:
    """The attempt as UTF-8 JSON (layout in this module's docstring), indented, keys
    in bank order, non-ASCII text kept as it is."""
    record = results_record(bank, profile, answers, meta, situations_fit, comparison)
    text = json.dumps(record, ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")
