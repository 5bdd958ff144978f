"""How figures are written for people: values with units, bounds and ranks in Chinese."""

from __future__ import annotations

import pandas as pd

BOUND_LABELS = {
    "exact": "确数",
    "lower": "下限（实际不少于此）",
    "upper": "上限（实际不多于此）",
    "approx": "约数",
}

# 民主评议等次 is stored as a number so it can be sorted and charted; people read it as a word.
# The coding is the catalogue's (data/curated/indicators.csv): 优秀=4，良好=3，一般=2，较差=1.
GRADE_UNIT = "等次"
GRADE_LABELS = {4: "优秀", 3: "良好", 2: "一般", 1: "较差"}


def missing(value) -> bool:
    """None, NaN and pandas' NA (nullable integer columns) all mean 'not given'."""
    return value is None or bool(pd.isna(value))


def number_text(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


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
    if unit == "%":
        text = f"{number_text(value)}%"
    else:
        text = f"{number_text(value)} {unit}"
    if bound != "exact" and qualifier:
        text = f"{qualifier} {text}" if qualifier not in ("以上", "以内", "左右") else f"{text}{qualifier}"
    return text
