"""窗口单位评议: the graded window units of one published 民主评议 report side by side.

A *graded report* is one document's 民主评议 of one region and year (queries/window_units/
graded_reports.sql names it `report_id`, document-region-year); not to be confused with a scoring
round (evaluation/rounds.py). Shaping only (no page layout, no charts): the scorecard with its
good/bad colouring, the normalised profile, the grade lines. Input is
`window_units/report_figures` with display labels (desk.components.with_labels); every cell
keeps its figure_id so it links to its sentence.
"""

from __future__ import annotations

import pandas as pd

from govdash.charts.style import GRADE_STYLES, INK_SOFT, MISSING_CELL_STYLE, TONE_STYLES
from govdash.safe import html
from govdash.vocabulary import GRADE_LABELS

GRADE_INDICATOR = "民主评议等次"
# Received, answered (on time / at all), unanswered, overdue: the complaint handling chart.
COMPLAINT_INDICATORS = ("网民投诉件数", "网民投诉回复数", "网民投诉按时回复数", "网民投诉未回复数", "超期办件数")
DIRECTION_HINTS = {True: "越多越好", False: "越少越好"}


def with_measures(df: pd.DataFrame) -> pd.DataFrame:
    """Add `measure`, the scorecard column: the indicator, plus period and stage when one unit
    has several figures of it (so two figures never share a cell)."""
    out = df.copy()
    repeated = out.duplicated(["org_unit", "indicator"], keep=False)
    many = set(out.loc[repeated, "indicator"])
    out["measure"] = [
        f"{r.indicator}（{r.period_label}{'' if r.stage == '现状' else '·' + r.stage}）" if r.indicator in many
        else r.indicator
        for r in out.itertuples()
    ]
    return out


def direction(value) -> bool | None:
    """is_higher_better as True / False / None (NULL and pandas NA mean 'no direction')."""
    return None if value is None or pd.isna(value) else bool(value)


def tone(value: float, values: list[float], higher_is_better: bool | None) -> str:
    """good / bad when the value is better / worse than the median of all units' values for the
    indicator (by its direction); even when equal; plain when the indicator has no direction."""
    if higher_is_better is None or len(values) < 2:
        return "plain"
    median = float(pd.Series(values).median())
    if value == median:
        return "even"
    return "good" if (value > median) == higher_is_better else "bad"


def unit_order(df: pd.DataFrame) -> list[str]:
    """Units best grade first, then by name, so the table and every chart list them alike."""
    grades = df[df["indicator"] == GRADE_INDICATOR].set_index("org_unit")["value"]
    units = sorted(df["org_unit"].unique())
    return sorted(units, key=lambda u: (-grades.get(u, 0), u))


def measure_order(df: pd.DataFrame) -> list[str]:
    """Scorecard columns: by theme and indicator, complaints together, the grade last."""
    first = df.sort_values(["theme", "indicator", "period_end_on"]).drop_duplicates("measure")
    first = first.assign(
        rank=first["indicator"].map(lambda i: 2 if i == GRADE_INDICATOR else 1 if i in COMPLAINT_INDICATORS else 0),
        pos=first["indicator"].map(lambda i: COMPLAINT_INDICATORS.index(i) if i in COMPLAINT_INDICATORS else 0),
    )
    return list(first.sort_values(["rank", "theme", "pos", "indicator"], kind="stable")["measure"])


def scorecard(df: pd.DataFrame) -> pd.DataFrame:
    """One row per unit × measure that the document gives, with `tone` for its colour."""
    df = with_measures(df)
    tones = []
    for r in df.itertuples():
        values = list(df.loc[df["measure"] == r.measure, "value"])
        tones.append(tone(r.value, values, direction(r.is_higher_better)) if r.indicator != GRADE_INDICATOR else "grade")
    return df.assign(tone=tones)


def scorecard_html(card: pd.DataFrame, link_for) -> str:
    """The scorecard as an HTML table: units in rows, measures in columns, each cell a link to
    its evidence sentence (`link_for(figure_id)`); '—' where the document gives no figure."""
    units, measures = unit_order(card), measure_order(card)
    meta = card.drop_duplicates("measure").set_index("measure")
    cells = card.set_index(["org_unit", "measure"])
    esc = html
    head = ['<th style="text-align:left">窗口单位</th>']
    for m in measures:
        hint = "等次" if meta.loc[m, "indicator"] == GRADE_INDICATOR else DIRECTION_HINTS.get(
            direction(meta.loc[m, "is_higher_better"]), "无好坏方向")
        head.append(f'<th title="{esc(str(meta.loc[m, "definition"]))}">{esc(m)}<br>'
                    f'<span style="font-weight:400;font-size:0.8em;color:{INK_SOFT}">{esc(meta.loc[m, "unit"])}｜{hint}</span></th>')
    rows = []
    for unit in units:
        tds = [f'<th scope="row" style="text-align:left;white-space:nowrap">{esc(unit)}</th>']
        for m in measures:
            if (unit, m) not in cells.index:
                tds.append(f'<td style="{MISSING_CELL_STYLE}" title="原文未给出该单位的此项数据">—</td>')
                continue
            c = cells.loc[(unit, m)]
            style = GRADE_STYLES.get(c["label"], "") if c["tone"] == "grade" else TONE_STYLES[c["tone"]]
            tip = f'{c["period_label"]}｜原文：{c["evidence"]}'
            tds.append(f'<td style="{style}"><a href="{esc(link_for(c["figure_id"]))}" target="_blank" '
                       f'title="{esc(tip)}" style="color:inherit">{esc(c["label"])}</a></td>')
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return ('<div style="overflow-x:auto"><table class="govdash-scorecard" style="width:100%;font-size:1.05rem;'
            'text-align:center;border-collapse:collapse">'
            f'<thead><tr>{"".join(head)}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def missing_cells(df: pd.DataFrame, units: list[str]) -> list[str]:
    """'网民投诉按时回复数——市发改委、市城乡规划局' for each measure some units have no figure of."""
    out = []
    for m, g in df.groupby("measure", sort=False):
        absent = [u for u in units if u not in set(g["org_unit"])]
        if absent:
            out.append(f"{m}——{'、'.join(absent)}")
    return out


def grade_lines(df: pd.DataFrame) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(grade, [(unit, figure_id), ...]), ...] best grade first."""
    grades = df[df["indicator"] == GRADE_INDICATOR].sort_values(["value", "org_unit"], ascending=[False, True])
    out = []
    for value, g in grades.groupby("value", sort=False):
        out.append((GRADE_LABELS.get(int(value), str(value)), list(zip(g["org_unit"], g["figure_id"], strict=True))))
    return out


def profile(df: pd.DataFrame) -> pd.DataFrame:
    """Each unit's figures on one 0–100 scale, so units of very different size can be read side by side.

    score = value ÷ (largest value among the units) × 100; for indicators where fewer is better
    the scale is turned round, score = (1 − value ÷ largest) × 100, so a longer bar is always
    better (when every unit has 0 of a bad thing, all score 100). Indicators without a direction
    are scaled the same way and only show size. Only indicators given for at least two units."""
    df = with_measures(df[df["indicator"] != GRADE_INDICATOR])
    counts = df.groupby("measure")["org_unit"].transform("nunique")
    df = df[counts >= 2].copy()
    if df.empty:
        return df.assign(score_pct=pd.Series(dtype=float), is_good_direction=pd.Series(dtype=bool))
    largest = df.groupby("measure")["value"].transform("max")
    dirs = df["is_higher_better"].map(direction)
    share = (df["value"].clip(lower=0) / largest.where(largest > 0)).fillna(0.0)
    lower_better = dirs.map(lambda d: d is False)
    score = share.where(~lower_better, 1 - share)
    score = score.where(~(lower_better & (largest <= 0)), 1.0)
    return df.assign(score_pct=(score * 100).round(1), is_good_direction=dirs.notna())



def indicator_bars(df: pd.DataFrame, units: list[str]) -> pd.DataFrame:
    """The figures of the indicator-by-indicator bars: everything but the grade and complaints,
    units in `units` order, one measure per bar group."""
    bars = with_measures(df[~df["indicator"].isin((GRADE_INDICATOR, *COMPLAINT_INDICATORS))])
    return bars.assign(order=bars["org_unit"].map(units.index)).sort_values(["order", "measure"])


def complaint_measures(df: pd.DataFrame) -> pd.DataFrame:
    """Complaints received, answered, unanswered and overdue, in that order, unit by unit."""
    complaints = with_measures(df[df["indicator"].isin(COMPLAINT_INDICATORS)])
    complaints = complaints.assign(order=complaints["indicator"].map(COMPLAINT_INDICATORS.index))
    return complaints.sort_values(["order", "org_unit"])
