"""The words of the PDF report that are plain functions of data: signed scores, dates,
the form's name."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from questions.bank import FULL_FORM, Bank

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
