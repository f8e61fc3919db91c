"""The words of the reports that are plain functions of data (signed scores, dates, the
form's name, a change judged against the measurement's error, a download's file name),
and the prose of the PDF's section on the earlier attempt."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from questions.bank import FULL_FORM, Bank
from scoring.precision import FIRM_ANSWERS, Change

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def signed(score: float) -> str:
    """+62.0, 0.0, and -23.4 written with a true minus sign (U+2212)."""
    if score > 0:
        return f"+{score:.1f}"
    if score < 0:
        return f"\u2212{-score:.1f}"
    return "0.0"


def date_text(value: object) -> str | None:
    """A date as '3 March 2025' (no locale involved); text that is not ISO is kept."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return value
    if isinstance(value, dt.date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return str(value)


def form_text(bank: Bank, form: str | None) -> str:
    name = form or FULL_FORM
    count = len(bank.form_items(form))
    return f"{name[:1].upper()}{name[1:]} form, {count} question{'s' * (count != 1)}"


def file_stem(text: str, fallback: str = "report") -> str:
    """A safe piece of a download's file name from someone's text: ASCII letters and
    digits joined by hyphens, at most 40 characters.

    >>> file_stem("Ann Lée / Promotions 2027!")
    'ann-lee-promotions-2027'
    >>> file_stem("===")
    'report'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].rstrip("-")
    return stem or fallback


# --- the earlier attempt -----------------------------------------------------------------

EARLIER_HEADING = "Since your earlier attempt"
EARLIER_INTRO = (
    "Each change is now minus then. A score measured from a few dozen answers has an "
    "error, and so does the earlier one: a difference counts as a change only when it is "
    "larger than 1.96 times their combined standard error, the same rule as on the "
    "results page. A smaller difference is within the measurement's error."
)
EARLIER_COLUMNS = ("Axis", "Then", "Now", "Change")
NO_SCORE = "no score"


def earlier_summary(taken_at: object, overall: float | None, change: Change | None) -> str:
    """'Your earlier attempt, of 3 March 2025, scored +12.0 overall. Overall change
    since then: ...' (the change only when both attempts have an overall score)."""
    when = date_text(taken_at)
    of = f", of {when}," if when else ""
    score = "no overall score" if overall is None else f"{signed(overall)} overall"
    text = f"Your earlier attempt{of} scored {score}."
    if change is not None:
        text += f" Overall change since then: {change_words(change)}."
    return text


def change_words(change: Change | None) -> str:
    """A move judged as the results page judges it: 'a change' only beyond the margin.

    >>> print(change_words(Change(10.0, 90.0, 69.3, False)))
    +80.0: a change (beyond the measurement's error of ±69.3)
    >>> print(change_words(Change(10.0, 40.0, 69.3, False)))
    +30.0: within the measurement's error (±69.3)
    >>> print(change_words(Change(-100.0, 100.0, 169.7, True)))
    +200.0: a change, tentative (scores resting on fewer than 3 answers)
    >>> print(change_words(None))
    no comparison: a score is missing
    """
    if change is None:
        return "no comparison: a score is missing"
    delta = signed(change.delta)
    if not change.clear:
        return f"{delta}: within the measurement's error (\u00b1{change.margin:.1f})"
    if change.tentative:
        return f"{delta}: a change, tentative (scores resting on fewer than {FIRM_ANSWERS} answers)"
    return f"{delta}: a change (beyond the measurement's error of \u00b1{change.margin:.1f})"


def attempt_stem(bank_id: str, name: str | None, when: dt.datetime | dt.date | None) -> str:
    """A download's file name without its extension: bank, person and the attempt's date
    and time, so two attempts on one day differ.

    >>> attempt_stem("core", "Ann Lée", dt.datetime(2026, 11, 23, 14, 5, 9))
    'core-ann-lee-2026-11-23-140509'
    >>> attempt_stem("core", None, dt.date(2026, 11, 23))
    'core-2026-11-23'
    """
    parts = [file_stem(bank_id, "results")]
    if name and name.strip():
        parts.append(file_stem(name))
    if isinstance(when, dt.datetime):
        parts.append(f"{when:%Y-%m-%d-%H%M%S}")
    elif isinstance(when, dt.date):
        parts.append(f"{when:%Y-%m-%d}")
    return "-".join(parts)
