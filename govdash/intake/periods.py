"""Dates and periods in report text, including text whose 年/月/日 were dropped.

`date_phrases(text, doc_year, published_on)` finds every date phrase (2021年4月12日, 2021412日,
第一季度, 1-9月, 截至10月底, 今年以来 …) with its span and the period it names. The extractor uses
the spans twice: numbers inside them are not figures, and a figure takes the period of the
nearest phrase before it. `damaged_dates` gives every reading of a run of digits that lost its
年/月/日 (2021412 → 2021-04-12; 124 → 1月24日 or 12月4日).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from govdash.intake.numerals import cn_value

YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_Q = r"[一二三四1-4]"


@dataclass(frozen=True)
class Period:
    label: str
    grain: str  # year | half | quarter | month | day | range | asof
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class DatePhrase:
    start: int
    end: int
    periods: tuple[Period, ...]  # one, or several for a list (第一、二、三季度, 6-11月份 → months)
    ambiguous: bool = False


def valid_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def month_day_splits(digits: str) -> list[tuple[int, int]]:
    """Every (month, day) a run such as 412 or 1231 can be read as."""
    out = []
    for cut in (1, 2):
        m, d = digits[:cut], digits[cut:]
        if 1 <= len(d) <= 2 and not m.startswith("0") and 1 <= int(m) <= 12 and 1 <= int(d) <= 31:
            out.append((int(m), int(d)))
    return out


def damaged_dates(digits: str, default_year: int | None = None) -> list[dt.date]:
    """Every real date a digit run that lost 年/月 can be (the run ends where 日 stood):
    '2021412' → [2021-04-12]; '124' with default_year → [Jan 24, Dec 4]."""
    out: list[dt.date] = []
    if len(digits) >= 6 and re.match(YEAR, digits):
        out += [d for m, day in month_day_splits(digits[4:]) if (d := valid_date(int(digits[:4]), m, day))]
    elif default_year and len(digits) <= 4:
        out += [d for m, day in month_day_splits(digits) if (d := valid_date(default_year, m, day))]
    return out


def month_runs(digits: str) -> list[tuple[int, int]]:
    """A run that stood before 月 without its separator: '9' → (9, 9); '16' → (1, 6), i.e. 1-6月."""
    if digits.isdigit() and 1 <= int(digits) <= 12 and not digits.startswith("0"):
        return [(int(digits), int(digits))]
    if len(digits) in (2, 3):
        return [(int(digits[:c]), int(digits[c:])) for c in (1, 2)
                if len(digits) > c and 1 <= int(digits[:c]) < int(digits[c:]) <= 12 and not digits[c:].startswith("0")]
    return []


def year_period(y: int) -> Period:
    return Period(f"{y}年", "year", dt.date(y, 1, 1), dt.date(y, 12, 31))


def month_period(y: int, m1: int, m2: int | None = None) -> Period:
    if m2 is None or m2 == m1:
        return Period(f"{y}年{m1}月", "month", dt.date(y, m1, 1), month_end(y, m1))
    return Period(f"{y}年{m1}-{m2}月", "range", dt.date(y, m1, 1), month_end(y, m2))


def quarter_period(y: int, q: int) -> Period:
    return Period(f"{y}年第{q}季度", "quarter", dt.date(y, 3 * q - 2, 1), month_end(y, 3 * q))


def day_period(d: dt.date) -> Period:
    return Period(f"{d.year}年{d.month}月{d.day}日", "day", d, d)


def asof_period(d: dt.date, label: str | None = None) -> Period:
    return Period(label or f"截至{d.year}年{d.month}月{d.day}日", "asof", d, d)


# --- phrases ------------------------------------------------------------------------------------------
# Each pattern turns a match into periods; (year) groups may be empty and default to doc_year.

def _year(m: re.Match, doc_year: int, group: str = "y") -> int:
    return int(m.group(group)) if m.group(group) else doc_year


def _full_dates(m: re.Match, doc_year: int, published: dt.date) -> list[Period]:
    d = valid_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return [day_period(d)] if d else []


def _cn_date(m: re.Match, doc_year: int, published: dt.date) -> list[Period]:
    y = _year(m, doc_year)
    m1 = int(m.group("m"))
    if m.group("d"):
        d = valid_date(y, m1, int(m.group("d")))
        return [day_period(d)] if d else []
    if not 1 <= m1 <= 12:
        return []
    m2 = int(m.group("m2")) if m.group("m2") else None
    if m2 is not None and not m1 < m2 <= 12:
        return []
    return [month_period(y, m1, m2)]


def _damaged_day(m: re.Match, doc_year: int, published: dt.date) -> list[Period]:
    return [day_period(d) for d in damaged_dates(m.group("run"), doc_year)]


def _damaged_month(m: re.Match, doc_year: int, published: dt.date) -> list[Period]:
    run = m.group("run")
    y, rest = (int(run[:4]), run[4:]) if len(run) >= 5 and re.match(YEAR, run) else (doc_year, run)
    if m.group("m2"):
        return [month_period(y, int(rest), int(m.group("m2")))] if rest.isdigit() and 1 <= int(rest) < int(m.group("m2")) <= 12 else []
    return [month_period(y, a, b) for a, b in month_runs(rest)]


def _years(m: re.Match, doc_year: int, published: dt.date) -> list[Period]:
    y1 = int(m.group("y"))
    if m.group("y2") or m.group("y3"):
        y2 = int(m.group("y2") or m.group("y3"))
        return [Period(f"{y1}-{y2}年", "range", dt.date(y1, 1, 1), dt.date(y2, 12, 31))] if y1 < y2 else []
    if m.group("since"):
        end = published
        return [Period(f"{y1}年以来（截至{end.year}年{end.month}月{end.day}日）", "range", dt.date(y1, 1, 1), end)] if y1 <= end.year else []
    return [year_period(y1)]


def _quarters(m: re.Match, doc_year: int, published: dt.date) -> list[Period]:
    y = _year(m, doc_year)
    qs = [int(q) if q.isdigit() else int(cn_value(q)) for q in re.findall(_Q, m.group("qs"))]
    if m.group("dash") and len(qs) == 2:
        qs = list(range(qs[0], qs[1] + 1))
    return [quarter_period(y, q) for q in qs if q and 1 <= q <= 4]


def _half(m: re.Match, doc_year: int, published: dt.date) -> list[Period]:
    y = _year(m, doc_year)
    first = m.group("h") == "上"
    return [Period(f"{y}年{m.group('h')}半年", "half", dt.date(y, 1 if first else 7, 1), dt.date(y, 6, 30) if first else dt.date(y, 12, 31))]


def _relative(m: re.Match, doc_year: int, published: dt.date) -> list[Period]:
    word = m.group(0)
    if word.startswith(("上年", "去年")):
        return [year_period(doc_year - 1)]
    if "以来" in word or "截至目前" in word or "截止目前" in word:
        end = min(published, dt.date(doc_year, 12, 31))
        return [Period(f"{doc_year}年（截至成文时）", "range", dt.date(doc_year, 1, 1), end)]
    return [year_period(doc_year)]


PATTERNS: list[tuple[re.Pattern, object]] = [
    (re.compile(rf"(?P<y>{YEAR})[-./](?P<m>\d{{1,2}})[-./](?P<d>\d{{1,2}})"), _full_dates),
    (re.compile(rf"(?:(?P<y>{YEAR})\s?年)?(?<![\d.])(?P<m>\d{{1,2}})(?:\s?[-—~至到]\s?(?P<m2>\d{{1,2}}))?\s?月份?"
                rf"(?:(?P<d>\d{{1,2}})\s?[日号])?"), _cn_date),
    (re.compile(rf"(?P<run>{YEAR}\d{{1,4}}|(?<![\d.])\d{{2,4}})日"), _damaged_day),
    (re.compile(rf"(?P<run>{YEAR}\d{{1,3}})(?:[-—~至到](?P<m2>\d{{1,2}}))?(?:月份?|份(?=[^\d]))"), _damaged_month),
    (re.compile(rf"(?P<y>{YEAR})(?:(?P<y2>{YEAR})|\s?年?\s?[-—~至到]\s?(?P<y3>{YEAR}))?\s?年度?(?P<since>以来)?"), _years),
    (re.compile(rf"(?:(?P<y>{YEAR})\s?年?度?)?(?P<qs>第?{_Q}(?:(?P<dash>[-—~至到])第?{_Q}|(?:[、,，]第?{_Q})*))\s?季度"), _quarters),
    (re.compile(rf"(?:(?P<y>{YEAR})\s?年?度?)?(?P<h>[上下])半年"), _half),
    (re.compile(r"今年以来|本年以来|年初以来|截至目前|截止目前|上年同期|去年同期|上年度|去年|上年|今年|本年度|全年"), _relative),
]


_ASOF_BEFORE = re.compile(r"(?:截至|截止到|截止|截)\s?$")
_ASOF_AFTER = re.compile(r"^\s?(?:月?底|年底|末)")


def _asof(phrase: DatePhrase, text: str) -> DatePhrase:
    """截至 X / X底: a stock at the end of X rather than the period X."""
    before = _ASOF_BEFORE.search(text, max(0, phrase.start - 4), phrase.start)
    after = _ASOF_AFTER.match(text[phrase.end:phrase.end + 3])
    if not (before or after) or len(phrase.periods) != 1:
        return phrase
    period = phrase.periods[0]
    label = period.label + ("底" if after and period.grain in ("year", "month") else "")
    period = asof_period(period.end, "截至" + label)
    return DatePhrase(before.start() if before else phrase.start, phrase.end + (after.end() if after else 0), (period,))


def date_phrases(text: str, doc_year: int, published_on: dt.date) -> list[DatePhrase]:
    """Every date phrase of the text, longest first where two overlap, in text order; 截至 X and
    X底 become a moment (asof) at the end of X."""
    found: list[DatePhrase] = []
    for pattern, build in PATTERNS:
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            if re.search(r"[较比]$", text[max(0, m.start() - 1):m.start()]):
                continue  # 较上年同期提高2.3个百分点, 较一季度提高: the base of a comparison, not a figure's period
            periods = build(m, doc_year, published_on)
            if periods:
                found.append(DatePhrase(m.start(), m.end(), tuple(periods), ambiguous=len(periods) > 1 and build is _damaged_day))
    found.sort(key=lambda p: (p.start, -(p.end - p.start)))
    kept: list[DatePhrase] = []
    for phrase in found:
        if kept and phrase.start < kept[-1].end:
            continue
        kept.append(phrase)
    return [_asof(p, text) for p in kept]
