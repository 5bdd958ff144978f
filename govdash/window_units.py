"""窗口单位评议: the graded window units of one evaluation side by side.

Shaping only (no page layout): the scorecard with its good/bad colouring, the normalised
profile, and their charts. Input is `window_units/unit_figures` with display labels
(views.with_labels); every cell and bar keeps its figure_id so it links to its sentence.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from govdash import charts
from govdash.labels import GRADE_LABELS

GRADE_INDICATOR = "民主评议等次"
# Received, answered (on time / at all), unanswered, overdue: the complaint handling chart.
COMPLAINT_INDICATORS = ("投诉件数", "投诉回复数", "投诉按时回复数", "投诉未回复数", "超期办件数")
COMPLAINT_COLORS = {"投诉件数": "#5c6b73", "投诉回复数": "#56B4E9", "投诉按时回复数": "#2e8b57",
                    "投诉未回复数": "#E69F00", "超期办件数": "#b23a48"}

# Cell colours of the scorecard: better / worse than the units' median by the indicator's direction.
TONE_STYLES = {
    "good": "background:#d9f2e3;color:#14532d",
    "bad": "background:#fbdcd8;color:#7f1d1d",
    "even": "background:#ffffff;color:#1f2933",
    "plain": "background:#f4f5f7;color:#1f2933",
}
GRADE_STYLES = {
    "优秀": "background:#2e8b57;color:#ffffff;font-weight:700",
    "良好": "background:#a7d7b8;color:#14532d;font-weight:700",
    "一般": "background:#f6d58e;color:#6b4a00;font-weight:700",
    "较差": "background:#e8a39b;color:#7f1d1d;font-weight:700",
}
DIRECTION_HINTS = {True: "越多越好", False: "越少越好"}
PROFILE_GOOD, PROFILE_PLAIN = "#1f5fa8", "#9aa5b1"


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
    esc = html.escape
    head = ['<th style="text-align:left">窗口单位</th>']
    for m in measures:
        hint = "等次" if meta.loc[m, "indicator"] == GRADE_INDICATOR else DIRECTION_HINTS.get(
            direction(meta.loc[m, "is_higher_better"]), "无好坏方向")
        head.append(f'<th title="{esc(str(meta.loc[m, "definition"]))}">{esc(m)}<br>'
                    f'<span style="font-weight:400;font-size:0.8em;color:#52606d">{esc(meta.loc[m, "unit"])}｜{hint}</span></th>')
    rows = []
    for unit in units:
        tds = [f'<th scope="row" style="text-align:left;white-space:nowrap">{esc(unit)}</th>']
        for m in measures:
            if (unit, m) not in cells.index:
                tds.append('<td style="background:#f4f5f7;color:#7b8794" title="原文未给出该单位的此项数据">—</td>')
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
    """'投诉按时回复数——市发改委、市城乡规划局' for each measure some units have no figure of."""
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


def profile_grid(prof: pd.DataFrame, units: list[str], measures: list[str], grades: dict[str, str]) -> go.Figure:
    """Small multiples: every unit's profile, three to a row, on the same axes."""
    cols = 3 if len(units) > 4 else max(1, len(units))
    rows = -(-len(units) // cols)
    titles = [f"{u}（{grades[u]}）" if u in grades else u for u in units]
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, shared_yaxes=True,
                        horizontal_spacing=0.06, vertical_spacing=0.5 / max(rows, 1) / 2)
    labels = [charts._short(m, 12) for m in measures]
    for i, unit in enumerate(units):
        g = prof[prof["org_unit"] == unit].set_index("measure").reindex(measures)
        present = g["score_pct"].notna()
        fig.add_trace(go.Bar(
            x=g["score_pct"].fillna(0), y=labels, orientation="h", showlegend=False,
            marker=dict(color=[PROFILE_GOOD if bool(d) else PROFILE_PLAIN for d in g["is_good_direction"].fillna(False)]),
            text=[lbl if ok else "未说明" for lbl, ok in zip(g["label"].fillna(""), present, strict=True)],
            textposition="outside", cliponaxis=False, textfont=dict(size=13),
            customdata=[[unit, m, lbl if ok else "原文未给出", f"{s:.0f}" if ok else "—"] for m, lbl, ok, s in
                        zip(measures, g["label"].fillna(""), present, g["score_pct"].fillna(0), strict=True)],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}：%{customdata[2]}<br>换算分：%{customdata[3]}<extra></extra>",
        ), row=i // cols + 1, col=i % cols + 1)
    fig.update_xaxes(range=[0, 140], tickvals=[0, 50, 100], showgrid=True, gridcolor="#e4e7eb")
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(template=charts.TEMPLATE, title_text="各单位指标画像（换算为 0–100，条越长越好）",
                      height=120 + rows * (60 + 40 * len(measures)), margin=dict(l=10, r=30, t=110, b=30))
    return fig
