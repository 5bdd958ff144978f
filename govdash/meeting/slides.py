"""The meeting screen's slides as plain data: SlideView (title, body HTML or charts, the figures
shown) built from figures with pandas, and the header and footer HTML. No Streamlit: the slides
are unit-tested on the fixture warehouse, and the meeting pack can be made from them.

Every figure on a slide links to its evidence sentence (in a new tab, so the screen keeps
rotating); bounds keep their qualifier; a change involving a bound gets no computed percentage.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import plotly.graph_objects as go

from govdash import analysis
from govdash.charts.meeting import window_unit_bars
from govdash.charts.style import DARK_RULE, DARK_TEXT, SKY, THEME_COLORS
from govdash.desk.registry import evidence_link
from govdash.labels import label_parts, region_unit, source_line, with_labels
from govdash.meeting import agenda as agendas
from govdash.safe import html
from govdash.vocabulary import GRADE_UNIT, THEMES

BOUND_NOTE = "带「超过、近、前、余、以上」等字样的是界限值或约数，不是确数"
# What a slide shows at most: headline cards per theme, rows of the ranking board, before/after rows.
HEADLINE_LIMIT, RANK_LIMIT, PAIR_LIMIT = 6, 8, 6
SOURCE_TITLE_CHARS = 26  # a document's title in the footer


@dataclass(frozen=True)
class SlideItem:
    """One tile, card or row of a slide as plain data, in the order shown: what the body HTML draws,
    for the meeting pack (govdash/exports) to draw natively. Texts are plain (not HTML-escaped)."""
    figure_id: str
    title: str               # the indicator (overview: the theme)
    value: str               # the figure's label: bound words and 存疑/推算 marks kept
    sub: str = ""            # who｜period
    remark: str = ""         # change phrase, rank sentence, or the theme's figure count (overview)
    trend: str = ""          # up, down, flat: the direction of a change; empty without one
    caption: str = ""        # overview: the indicator under the theme's name
    before: tuple[str, str, str] | None = None  # before/after: (stage, label, figure_id) of the before figure
    stage: str = ""          # before/after: the after figure's stage
    ranks: tuple[float, ...] = ()  # ranking: the trajectory, oldest first
    rank_total: float | None = None


@dataclass
class SlideView:
    title: str
    subtitle: str = ""
    body: str = ""  # HTML of the slide body
    figures: pd.DataFrame = field(default_factory=pd.DataFrame)  # every figure shown (date, sources)
    charts: list[go.Figure] = field(default_factory=list)
    note: str = ""
    items: list[SlideItem] = field(default_factory=list)  # the body's cards as plain data (meeting pack)


@dataclass(frozen=True)
class DataSource:
    """The live warehouse, or a frozen snapshot (?snapshot=<name>)."""
    path: Path | None = None
    snapshot_name: str | None = None
    frozen_at: dt.datetime | None = None

    def badge(self) -> str:
        if not self.snapshot_name:
            return "实时数据"
        when = f" · 冻结于 {self.frozen_at:%Y-%m-%d %H:%M}" if self.frozen_at else ""
        return f"快照「{self.snapshot_name}」{when}"


# --- formatting --------------------------------------------------------------------------

def esc(text) -> str:
    return html("" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text))


def big_value(label: str, css: str = "mtg-value") -> str:
    """'超过 410 万条' -> the number large, qualifier and unit smaller; the qualifier is always kept."""
    parts = label_parts(label)
    if parts is None:
        return f"<span class='{css}'><span class='mtg-num'>{esc(label)}</span></span>"
    before, number, unit, remark = parts
    aside = f"<span class='mtg-aside'>{esc(remark)}</span>" if remark else ""  # 「（总数未说明）」 on its own line
    return (f"<span class='{css}'><span class='mtg-qual'>{esc(before)}</span>"
            f"<span class='mtg-num'>{esc(number)}</span><span class='mtg-unit'>{esc(unit)}</span>{aside}</span>")


def who(r) -> str:
    return esc(who_text(r))


def who_text(r) -> str:
    return region_unit(r.region, getattr(r, "org_unit", None), " · ")


def card_link(figure_id: str, inner: str, css: str) -> str:
    """A card that opens its evidence sentence (in a new tab, so the screen keeps rotating)."""
    return f"<a class='{css}' href='{esc(evidence_link(figure_id))}' target='_blank'>{inner}</a>"


# --- slide builders (pure) ---------------------------------------------------------------

def headline_figures(df: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The theme's headline: the newest figure of the series with most figures, then newest, then
    first by name (series_id numbers the series in name order), as the desk's cards and
    meeting/slide_figures choose them."""
    latest = analysis.latest_per_series(df)
    if latest.empty:
        return latest
    sizes = analysis.with_series_key(df).groupby("series")["figure_id"].count()
    tiebreak = "series_id" if "series_id" in latest else "series"
    return (latest.assign(n=latest["series"].map(sizes))
            .sort_values(["n", "period_end_on", tiebreak], ascending=[False, False, True]).head(limit))


def change_phrases(df: pd.DataFrame) -> dict[str, tuple[str, float | None]]:
    """after figure id -> (change phrase, improvement) for the series with a comparable before/after pair."""
    pairs = analysis.before_after_pairs(df)
    if pairs.empty:
        return {}
    return {r.after_id: (analysis.pair_phrase(r), r.improvement) for r in pairs.itertuples() if r.is_comparable}


def _trend_class(improvement) -> str:
    if improvement is None or pd.isna(improvement) or improvement == 0:
        return "mtg-flat"
    return "mtg-up" if improvement > 0 else "mtg-down"


def _theme_count(df: pd.DataFrame, totals: pd.DataFrame | None, theme: str, column: str) -> int:
    """Figures (or indicators) of a theme: from the totals query when the slide was given only the
    figures it can show, else counted in df."""
    if totals is not None:
        row = totals[totals["theme"] == theme]
        return int(row[column].iloc[0]) if len(row) else 0
    tdf = df[df["theme"] == theme]
    return len(tdf) if column == "figure_count" else tdf["indicator"].nunique()


def overview_slide(df: pd.DataFrame, totals: pd.DataFrame | None = None) -> SlideView:
    tiles, shown, items = [], [], []
    for theme in THEMES:
        top = headline_figures(df[df["theme"] == theme], 1)
        if top.empty:
            continue
        r = next(top.itertuples())
        shown.append(top)
        n = _theme_count(df, totals, theme, "figure_count")
        inner = (f"<div class='mtg-tile-theme' style='border-color:{THEME_COLORS[theme]}'>{esc(theme)}"
                 f"<span class='mtg-count'>{n} 条数据</span></div>{big_value(r.label)}"
                 f"<div class='mtg-label'>{esc(r.indicator)}</div><div class='mtg-sub'>{who(r)}｜{esc(r.period_label)}</div>")
        tiles.append(card_link(r.figure_id, inner, "mtg-card mtg-tile"))
        items.append(SlideItem(r.figure_id, theme, r.label, f"{who_text(r)}｜{r.period_label}", f"{n} 条数据",
                               caption=r.indicator))
    figures = pd.concat(shown) if shown else df.iloc[0:0]
    return SlideView("各主题要点", "每个主题数据最多的指标的最新值", f"<div class='mtg-grid mtg-grid-4'>{''.join(tiles)}</div>",
                     figures, note=_bound_note(figures), items=items)


def headline_slide(df: pd.DataFrame, theme: str, limit: int = HEADLINE_LIMIT,
                   totals: pd.DataFrame | None = None) -> SlideView:
    tdf = df[df["theme"] == theme]
    top = headline_figures(tdf, limit)
    if top.empty:
        return SlideView(theme, body=_empty(f"「{theme}」暂无数据"), figures=top)
    changes = change_phrases(tdf)
    cards, items = [], []
    for r in top.itertuples():
        phrase, improvement = changes.get(r.figure_id, ("", None))
        delta = f"<div class='mtg-delta {_trend_class(improvement)}'>{esc(phrase)}</div>" if phrase else ""
        inner = (f"<div class='mtg-label'>{esc(r.indicator)}</div>{big_value(r.label)}"
                 f"<div class='mtg-sub'>{who(r)}｜{esc(r.period_label)}</div>{delta}")
        cards.append(card_link(r.figure_id, inner, "mtg-card mtg-headline"))
        items.append(SlideItem(r.figure_id, r.indicator, r.label, f"{who_text(r)}｜{r.period_label}", phrase,
                               _trend_class(improvement).removeprefix("mtg-") if phrase else ""))
    cols = 3 if len(cards) > 4 else 2 if len(cards) > 1 else 1
    n, indicators = (_theme_count(df, totals, theme, c) for c in ("figure_count", "indicator_count"))
    return SlideView(theme, f"{n} 条数据、{indicators} 项指标中最常报告的 {len(top)} 项的最新值",
                     f"<div class='mtg-grid mtg-grid-{cols}'>{''.join(cards)}</div>", top, note=_bound_note(top),
                     items=items)


def sparkline(ranks: list[float], total: float | None, width: int = 220, height: int = 72) -> str:
    """A rank trajectory as an inline SVG image, 1st place at the top (st.html strips <svg>
    elements, so it travels as a data: URL, which never leaves the page)."""
    if len(ranks) < 2:
        return ""
    bottom = max(max(ranks), int(total) if total and not pd.isna(total) else max(ranks))
    span = max(bottom - 1, 1)
    pad = 8
    xs = [pad + i * (width - 2 * pad) / (len(ranks) - 1) for i in range(len(ranks))]
    ys = [pad + (r - 1) / span * (height - 2 * pad) for r in ranks]
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    dots = "".join(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='6' fill='{SKY}' stroke='{DARK_TEXT}' stroke-width='1.5'/>"
                   for x, y in zip(xs, ys, strict=True))
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='{width}' height='{height}'>"
           f"<line x1='0' y1='{pad}' x2='{width}' y2='{pad}' stroke='{DARK_RULE}' stroke-width='2' stroke-dasharray='6 6'/>"
           f"<polyline points='{points}' fill='none' stroke='{SKY}' stroke-width='4'/>{dots}</svg>")
    data = base64.b64encode(svg.encode()).decode()
    return f"<img class='mtg-spark' width='{width}' height='{height}' alt='排名走势' src='data:image/svg+xml;base64,{data}'/>"


def ranking_slide(df: pd.DataFrame, limit: int = RANK_LIMIT) -> SlideView:
    ranks = analysis.with_series_key(df[df["unit"] == "名"])
    if ranks.empty:
        return SlideView("排名", body=_empty("暂无排名数据"), figures=ranks)
    order = (ranks.groupby("series").agg(n=("figure_id", "count"), last=("period_end_on", "max")).reset_index()
             .sort_values(["n", "last", "series"], ascending=[False, False, True]).head(limit)["series"])
    cards, shown, items = [], [], []
    for series in order:
        s = ranks[ranks["series"] == series].sort_values(["period_end_on", "figure_id"])
        last = s.iloc[-1]
        total = s["rank_total"].dropna()
        total_value = total.iloc[-1] if len(total) else None
        sentence = analysis.rank_sentence(list(s["value"]), total_value, list(s["bound"]), list(s["rank_total"]))
        shown.append(s)
        inner = (f"<div class='mtg-rank-name'><div class='mtg-label'>{esc(last['indicator'])}</div>"
                 f"<div class='mtg-sub'>{esc(last['region'])}｜{esc(last['period_label'])}</div></div>"
                 f"<div class='mtg-sentence'>{esc(sentence)}</div>"
                 f"<div class='mtg-spark-cell'>{sparkline(list(s['value']), total_value)}</div>"
                 f"{big_value(last['label'], 'mtg-value mtg-rank')}")
        cards.append(card_link(last["figure_id"], inner, "mtg-rankrow"))
        items.append(SlideItem(last["figure_id"], last["indicator"], last["label"],
                               f"{last['region']}｜{last['period_label']}", sentence,
                               ranks=tuple(float(v) for v in s["value"]), rank_total=total_value))
    figures = pd.concat(shown)
    return SlideView("排名", "名次越小越好；折线为各期名次（自左向右，上端为第1名）",
                     f"<div class='mtg-board'>{''.join(cards)}</div>", figures, note=_bound_note(figures), items=items)


def before_after_slide(df: pd.DataFrame, limit: int = PAIR_LIMIT) -> SlideView:
    pairs = analysis.before_after_pairs(df)
    if not pairs.empty:
        pairs = pairs[pairs["is_comparable"]].dropna(subset=["improvement"])
        pairs = pairs[pairs["improvement"] != 0]
    if pairs.empty:
        return SlideView("整改（改革）前后", body=_empty("暂无可对比的整改前后数据"), figures=df.iloc[0:0])
    # the most important first (analysis.largest_changes: minor changes of small counts after the rest)
    pairs = pairs.assign(size=pairs["improvement"].abs()).sort_values(["is_minor", "size"], ascending=[True, False],
                                                                       kind="stable").head(limit)
    pairs = pairs.sort_values("improvement", ascending=False)
    rows, items = [], []
    for r in pairs.itertuples():
        trend = _trend_class(r.improvement)
        items.append(SlideItem(r.after_id, r.indicator, r.after_label, f"{who_text(r)}｜{r.before_period} → {r.after_period}",
                               analysis.pair_phrase(r), trend.removeprefix("mtg-"),
                               before=(r.before_stage, r.before_label, r.before_id), stage=r.after_stage))
        rows.append(
            f"<div class='mtg-barow'><div class='mtg-ba-name'><div class='mtg-label'>{esc(r.indicator)}</div>"
            f"<div class='mtg-sub'>{who(r)}｜{esc(r.before_period)} → {esc(r.after_period)}</div></div>"
            f"<a class='mtg-ba-before' href='{esc(evidence_link(r.before_id))}' target='_blank'>"
            f"<span class='mtg-stage'>{esc(r.before_stage)}</span>{big_value(r.before_label, 'mtg-value mtg-before')}</a>"
            f"<div class='mtg-arrow {trend}'>{'▲' if r.improvement > 0 else '▼'}</div>"
            f"<a class='mtg-ba-after' href='{esc(evidence_link(r.after_id))}' target='_blank'>"
            f"<span class='mtg-stage'>{esc(r.after_stage)}</span>{big_value(r.after_label, f'mtg-value {trend}')}</a>"
            f"<div class='mtg-delta {trend}'>{esc(analysis.pair_phrase(r))}</div>"
            "</div>")
    ids = set(pairs["before_id"]) | set(pairs["after_id"])
    figures = df[df["figure_id"].isin(ids)]
    return SlideView("整改（改革）前后", f"可比变化中最重要的 {len(pairs)} 项：▲ 向好，▼ 变差",
                     f"<div class='mtg-board'>{''.join(rows)}</div>", figures, note=_bound_note(figures), items=items)


def window_unit_slide(wdf: pd.DataFrame, max_charts: int = 2) -> SlideView:
    """Window units of one evaluation side by side: one bar chart per unit of measure (件, 项 …),
    coded grades (等次) written next to each unit's name."""
    title = "窗口单位对比"
    if wdf.empty:
        return SlideView(title, body=_empty("暂无窗口单位数据"), figures=wdf)
    wdf = with_labels(wdf)
    doc = wdf["doc_no"].value_counts().index[0]
    d = wdf[wdf["doc_no"] == doc]
    grades = d[d["unit"] == GRADE_UNIT]
    grade_of = dict(zip(grades["org_unit"], grades["label"], strict=True))
    units = sorted(d["org_unit"].unique(), key=lambda u: (-d[(d["org_unit"] == u)]["value"].sum(), u))
    names = {u: f"{u}（{grade_of[u]}）" if u in grade_of else u for u in units}
    measured = d[d["unit"] != GRADE_UNIT]
    groups = measured.groupby("unit")["indicator"].nunique().sort_values(ascending=False).head(max_charts).index
    shown = [grades] + [measured[measured["unit"] == unit] for unit in groups]
    figs = [window_unit_bars(g, unit, [names[u] for u in units], names) for unit, g in zip(groups, shown[1:], strict=True)]
    figures = pd.concat(shown)
    r = d.iloc[0]
    grade_text = "，括号内为评议等次" if grade_of else ""
    return SlideView(title, f"{r['region']}{r['doc_type']}中的各单位{grade_text}；缺柱表示原文未报告",
                     figures=figures, charts=figs, note=_bound_note(figures))


def _bound_note(figures: pd.DataFrame) -> str:
    return BOUND_NOTE if "bound" in figures and (figures["bound"] != "exact").any() else ""


def _empty(text: str) -> str:
    return f"<div class='mtg-empty'>{esc(text)}</div>"


def build_slide(slide: agendas.Slide, df: pd.DataFrame, window_units: pd.DataFrame,
                totals: pd.DataFrame | None = None) -> SlideView:
    if slide.kind == "overview":
        return overview_slide(df, totals)
    if slide.kind == "headline":
        return headline_slide(df, slide.theme, totals=totals)
    if slide.kind == "ranking":
        return ranking_slide(df)
    if slide.kind == "before_after":
        return before_after_slide(df)
    return window_unit_slide(window_units)


# --- header and footer -------------------------------------------------------------------

def clock(now: float, timezone: str | None) -> tuple[str, str]:
    try:  # a browser may report anything: an unknown or odd zone ("America") falls back to the server's
        tz = ZoneInfo(timezone) if timezone else None
    except (KeyError, ValueError, OSError):
        tz = None
    t = dt.datetime.fromtimestamp(now, tz)
    return f"{t:%H:%M:%S}", f"{t.month}月{t.day}日 星期{'一二三四五六日'[t.weekday()]}"


def header_html(agenda: agendas.Agenda, pos: agendas.Position, as_of: str, source: DataSource, now: float,
                timezone: str | None) -> str:
    hms, day = clock(now, timezone)
    slide = agenda.slides[pos.index]
    if pos.remaining is None:
        progress = "<div class='mtg-progress mtg-paused-bar'></div>"
        state = "<span class='mtg-paused'>已暂停</span>"
    else:
        progress = (f"<div class='mtg-progress'><div class='mtg-progress-fill' style='animation-duration:{slide.seconds}s;"
                    f"animation-delay:-{pos.elapsed:.1f}s'></div></div>")
        state = ""
    badge_class = "mtg-badge mtg-snapshot" if source.snapshot_name else "mtg-badge"
    return (f"<header class='mtg-header'><div class='mtg-title'>{esc(agenda.title)}</div>"
            f"<div class='mtg-page'>{state}<b>{pos.index + 1}</b> / {len(agenda)}</div>"
            f"<div class='mtg-meta'><span class='mtg-asof'>数据截至 <b>{esc(as_of)}</b></span>"
            f"<span class='{badge_class}'>{esc(source.badge())}</span></div>"
            f"<div class='mtg-clock'><span class='mtg-time'>{hms}</span><span class='mtg-day'>{day}</span></div>"
            f"{progress}</header>")


def footer_html(view: SlideView, warnings: list[str]) -> str:
    warn = f"<div class='mtg-warn'>{esc('；'.join(warnings))}</div>" if warnings else ""
    sources = source_line(view.figures, title_chars=SOURCE_TITLE_CHARS) or "本页没有数据"
    return f"<footer class='mtg-footer'>{warn}<div class='mtg-sources'>{esc(sources)}</div></footer>"


def choose_agenda(params) -> tuple[agendas.Agenda, list[str]]:
    """The agenda named by ?agenda= (or written in ?slides=), with ?interval= applied."""
    if params.get("slides"):
        agenda = agendas.inline_agenda(params["slides"], params.get("title"))
    else:
        agenda = agendas.load_agenda(params.get("agenda"))
        if params.get("title"):
            agenda = replace(agenda, title=params["title"][:agendas.MAX_TITLE])
    interval, warnings = agendas.read_interval(params.get("interval"))
    return (agenda.with_interval(interval) if interval else agenda), warnings


