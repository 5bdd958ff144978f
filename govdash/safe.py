"""Untrusted text stays text: the one escape for Markdown, the one for HTML, and the one guard for
spreadsheet cells (CSV and Excel) against formula injection.

Anything that comes from a URL, a form, an upload or a document (and every value read from the
warehouse, which holds what documents said) goes through `md()` before it reaches st.markdown,
st.caption, st.info and the other Markdown elements, and through `html()` before it reaches
st.html or an unsafe_allow_html string. Neither can then open a link, load an image, or add markup.
"""

from __future__ import annotations

import html as _html
import io
import re

import pandas as pd

# CommonMark's ASCII punctuation that starts or ends syntax: emphasis, links and images ([ ] ( ) !),
# code, headings, lists, tables, HTML (< >), maths ($), and ':' '.' '/' '@' (autolinks are broken
# below, as escapes alone do not stop them).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:@/=&\"'])")


# GFM's autolink literals (http://…, www.…, a@b.c) are found in the *text* after escapes are
# resolved, so escaping cannot stop them: an invisible WORD JOINER after the scheme, "www" or "@"
# leaves no host for the pattern to take (the browser walk caught "http\:\/\/evil…" made a link).
_AUTOLINK = re.compile(r"(https?://|www(?=\.)|@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def md(text) -> str:
    """`text` as literal Markdown text: every special character escaped, autolinks broken, line
    breaks kept as spaces."""
    if text is None:
        return ""
    text = _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, str(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\r", " ").replace("\n", " ")


def html(text) -> str:
    """`text` as literal HTML text (quotes too, so it is safe inside an attribute)."""
    if text is None:
        return ""
    return _html.escape(str(text), quote=True)


# A cell a spreadsheet would read as a formula (=HYPERLINK(…), +cmd, -1+1, @SUM) or a control.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """Text that Excel, LibreOffice or WPS would run as a formula is prefixed with ' (shown as
    typed; openpyxl itself would write a string starting with = as a formula); a missing value
    (None, NaN, NA, NaT) becomes None, an empty cell, never the text 「nan」; other values pass
    unchanged. Every CSV and Excel writer of the project goes through here."""
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_START) else value
    try:
        if value is None or pd.isna(value):
            return None
    except (TypeError, ValueError):  # a list or array: not a missing scalar
        pass
    return value


def spreadsheet_frame(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with every text cell (and column name) through spreadsheet_cell."""
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(spreadsheet_cell)
    out.columns = [spreadsheet_cell(str(c)) for c in out.columns]
    return out


def spreadsheet_csv(df: pd.DataFrame) -> bytes:
    """CSV with a BOM so Excel opens the Chinese text correctly, formula-safe."""
    buffer = io.StringIO()
    spreadsheet_frame(df).to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8-sig")
