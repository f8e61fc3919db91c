"""CSV that is safe to open in a spreadsheet.

A text cell that begins with = + - @ (or a tab or carriage return) is read as a formula
by Excel, LibreOffice and Google Sheets; prefixing it with an apostrophe shows the text
as typed and runs nothing. Numbers are left alone, so -12.5 stays a number.
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: object) -> object:
    """Escape a text cell that a spreadsheet would run; leave everything else as it is.

    >>> formula_safe("=HYPERLINK(1)"), formula_safe("-12.5"), formula_safe(-12.5)
    ("'=HYPERLINK(1)", "'-12.5", -12.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame, index: bool = False) -> str:
    """The frame as CSV text with every text cell (and index label) formula-safe."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(formula_safe)
    if index:
        safe.index = safe.index.map(formula_safe)
    safe.columns = [formula_safe(str(c)) for c in safe.columns]
    buffer = io.StringIO()
    safe.to_csv(buffer, index=index, lineterminator="\n")
    return buffer.getvalue()
