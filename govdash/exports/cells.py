"""The one guard for text that goes into a spreadsheet cell (or a CSV field): text taken from the
documents or typed by people (names, titles, evidence quotes) must never be read as a formula.

Excel, LibreOffice and WPS treat a cell whose text starts with = + - @ (or a tab or carriage return
before one) as a formula; openpyxl itself writes a string starting with = as a formula. A leading
apostrophe makes such text literal (the OWASP advice for CSV/formula injection)."""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text made literal when it could be read as a formula; numbers, dates and None pass unchanged.
    NaN becomes None (an empty cell), never the text 「nan」."""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if value is None or pd.isna(value):  # None, NaN, pandas' NA and NaT: an empty cell
        return None
    return value
