"""How figures are written for people: values with units, bounds and ranks in Chinese, the
region·unit a figure speaks for, and the line naming the documents behind a chart or slide."""

from __future__ import annotations

import re

import pandas as pd

from govdash.desk.registry import evidence_link
from govdash.vocabulary import GRADE_LABELS, GRADE_UNIT, QUALIFIERS_AFTER_NUMBER

BOUND_LABELS = {
    "exact": "确数",
    "lower": "下限（实际不少于此）",
    "upper": "上限（实际不多于此）",
    "approx": "约数",
}


def missing(value) -> bool:
    """None, NaN and pandas' NA (nullable integer columns) all mean 'not given'."""
    return value is None or bool(pd.isna(value))


def number_text(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def chinese_number(n: int, counting: bool = False) -> str:
    """1…99 in Chinese characters (一, 十, 十二, 二十三), as headings and ranking sentences write them;
    counting=True writes 2 as 两 (连续两期). Other numbers stay in Arabic digits."""
    if not 1 <= n <= 99:
        return str(n)
    if n == 2 and counting:
        return "两"
    digits = "一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if not tens:
        return digits[ones - 1]
    return ("" if tens == 1 else digits[tens - 1]) + "十" + (digits[ones - 1] if ones else "")


_LABEL_PARTS = re.compile(r"^(\D*?)(\d[\d,]*(?:\.\d+)?)(.*)$")


def label_parts(label: str) -> tuple[str, str, str, str] | None:
    """A figure's label in the parts a big number is drawn in (the meeting screen, the PowerPoint pack):
    '超过 410 万条' → ('超过', '410', '万条', ''), '第3名（总数未说明）' → ('第', '3', '名', '（总数未说明）').
    None when the label has no number. The qualifier is always one of the parts: it is never dropped."""
    m = _LABEL_PARTS.match(label or "")
    if not m:
        return None
    before, number, after = m.groups()
    unit, paren, remark = after.strip().partition("（")
    return before.strip(), number, unit.strip(), paren + remark


def chinese_date(d) -> str:
    """A date (date, datetime or Timestamp) as people write it: 2024年12月31日."""
    return f"{d.year}年{d.month}月{d.day}日"


def as_of_text(figures: pd.DataFrame, column: str = "period_end_on") -> str:
    """数据截至: the newest period end among the figures, as 2024年12月31日; 「—」 without figures."""
    if figures.empty or column not in figures or figures[column].isna().all():
        return "—"
    return chinese_date(pd.Timestamp(figures[column].max()))


def format_value(value: float, unit: str, qualifier: str | None = None, bound: str = "exact",
                 rank_total: float | None = None) -> str:
    """'第8名/15', '超过 1,000 件', '99.6%'; bounds keep their qualifier so they never read as exact."""
    if missing(value):
        return "—"
    if unit == "名":
        total = "（总数未说明）" if missing(rank_total) else f"/{int(rank_total)}"
        if bound == "upper":  # 「前三」: somewhere in the top N, not exactly N-th
            return f"前{int(value)}名{total}"
        return f"第{int(value)}名{total}"
    if unit == GRADE_UNIT:
        return GRADE_LABELS.get(int(value), f"等次{number_text(value)}")
    if bound != "exact" and qualifier in ("余", "多"):  # between number and unit, as written: 70余篇, 20多次
        return f"{number_text(value)}{qualifier}{unit}"
    if unit == "%":
        text = f"{number_text(value)}%"
    else:
        text = f"{number_text(value)} {unit}"
    if bound != "exact" and qualifier:  # 超过 95%, 近 20 件; after the unit: 1,000 件以上, 3 天左右
        text = f"{text}{qualifier}" if qualifier in QUALIFIERS_AFTER_NUMBER else f"{qualifier} {text}"
    return text


DOUBT_MARK = "（存疑）"      # the curator recorded doubt about the reading (facts.is_doubtful)
DERIVED_MARK = "（推算）"    # worked out from another figure, not stated by the document (facts.is_derived)
GRADE_CODE_NOTE = "等次为文字，本项目编码为优秀=4、良好=3、一般=2、较差=1（用于排序和作图，不是原文数值）"


def display_label(value: float, unit: str, qualifier: str | None = None, bound: str = "exact",
                  rank_total: float | None = None, is_doubtful: bool = False, is_derived: bool = False) -> str:
    """format_value with the figure's marks: 「37.1%（推算）」, 「第3名/15（存疑）」. Made once at build
    (facts.label), so every page, the meeting screen and the downloads show the same words."""
    text = format_value(value, unit, qualifier, bound, rank_total)
    return text + (DERIVED_MARK if is_derived else "") + (DOUBT_MARK if is_doubtful else "")


def shorten(text, n: int = 60) -> str:
    """At most n characters, an ellipsis where it was cut."""
    text = "" if missing(text) else str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def region_unit(region: str, org_unit=None, sep: str = "·") -> str:
    """'濮阳县·政数局': the region a figure speaks for and its sub-unit, when it has one."""
    return f"{region}{sep}{org_unit}" if isinstance(org_unit, str) and org_unit else str(region)


def source_line(figures: pd.DataFrame, limit: int | None = None, title_chars: int | None = None) -> str:
    """'数据来源：000《…》（2022-02-18）；001《…》（2021-02-02）': the documents of the figures shown,
    in document order; past `limit` documents, '等 N 份文件（全部见表格）'. Empty without figures."""
    if figures.empty:
        return ""
    # three columns only: dropping duplicates of the whole frame would copy every column
    docs = figures[["doc_no", "source_title", "published_on"]].drop_duplicates("doc_no").sort_values("doc_no")
    shown = docs if limit is None else docs.head(limit)
    parts = [f"{r.doc_no}《{r.source_title if title_chars is None else shorten(r.source_title, title_chars)}》"
             f"（{pd.Timestamp(r.published_on):%Y-%m-%d}）" for r in shown.itertuples()]
    more = f"等 {len(docs):,} 份文件（全部见表格）" if len(docs) > len(shown) else ""
    return "数据来源：" + "；".join(parts) + more


def with_labels(df: pd.DataFrame) -> pd.DataFrame:
    """Add `label` (value as people read it, bounds and marks kept), `bound_label` (how to read it:
    确数, 下限, a coded grade), `is_bound` and `link` (its sentence in 数据来源)."""
    out = df.copy()
    if out.empty:
        for col in ("label", "bound_label", "link", "is_bound"):
            out[col] = pd.Series(dtype=object)
        return out
    out["org_unit"] = out["org_unit"].fillna("")
    if "label" not in out.columns:  # facts carries the label made at build; other frames get it here
        out["label"] = [format_value(r.value, r.unit, r.qualifier, r.bound, r.rank_total) for r in out.itertuples()]
    out["bound_label"] = [GRADE_CODE_NOTE if u == GRADE_UNIT else BOUND_LABELS.get(b)
                          for u, b in zip(out["unit"], out["bound"], strict=True)]
    out["is_bound"] = out["bound"] != "exact"
    out["link"] = [evidence_link(fid) for fid in out["figure_id"]]
    return out
