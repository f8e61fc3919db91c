"""The export builders of one attempt, in one place: data in, bytes out, no Streamlit.

- `scores_csv(profile)` and `answers_csv(bank, answers, form)`: two tidy CSV files
  (reports.tables), formula-safe for spreadsheets;
- `results_json(bank, profile, answers, meta)`: a stable JSON document (reports.record);
- `results_pdf(bank, profile, ...)`: the A4 report (reports.document).
"""

from reports.document import results_pdf
from reports.record import results_json, results_record
from reports.tables import answers_csv, answers_table, scores_csv, scores_table

__all__ = [
    "answers_csv",
    "answers_table",
    "results_json",
    "results_pdf",
    "results_record",
    "scores_csv",
    "scores_table",
]
