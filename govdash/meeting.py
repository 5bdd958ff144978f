"""会议大屏 (/meeting): large-type slides for a 1920x1080 screen read from across the room.

The page (pages/meeting.py) only calls `main()`. Here:

- slide builders: pure pandas -> `SlideView` (title, body HTML or charts, the figures shown),
  unit-tested on the fixture warehouse;
- rendering: the page's own dark CSS (meeting.css), a header fragment that ticks every second
  (clock; it triggers a full rerun when the wall clock reaches the next slide), the slide body,
  a footer naming the slide's documents, and small pause/step controls.

Nothing is kept on the server between reruns except Streamlit's bounded query cache: the slide
is a function of the agenda, the query string and the clock (govdash/agenda.py), so a screen
that reconnects after a server restart carries on where the agenda stands, and each rotation
replaces the same fixed set of elements (no accumulation in server or browser).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from govdash import agenda as agendas
from govdash import analysis, charts, snapshot
from govdash.curated import THEMES
from govdash.db import WarehouseMissing, run_query
from govdash.views import evidence_link, with_labels

CSS = Path(__file__).with_name("meeting.css")
CHART_HEIGHT = 780
BOUND_NOTE = "带「超过、近、前、余、以上」等字样的是界限值或约数，不是确数"
_NUMBER = re.compile(r"^(\D*?)(\d[\d,]*(?:\.\d+)?)(.*)$")
SPARK = "#56B4E9"  # the colourway's sky blue
_GRADE = re.compile(r"([\u4e00-\u9fff]+)\s*=\s*(\d+)")
# What a slide shows at most: headline cards per theme, rows of the ranking board, before/after rows.
HEADLINE_LIMIT, RANK_LIMIT, PAIR_LIMIT = 6, 8, 6


@dataclass
class SlideView:
    title: str
    subtitle: str = ""
    body: str = ""  # HTML of the slide body
    figures: pd.DataFrame = field(default_factory=pd.DataFrame)  # every figure shown (date, sources)
    charts: list[go.Figure] = field(default_factory=list)
    note: str = ""


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


def open_source(name: str | None) -> DataSource:
    if not name:
        return DataSource()
    path = snapshot.existing(name)
    info = run_query("meeting/snapshot_info", warehouse=path)
    frozen = pd.Timestamp(info["created_at"].iloc[0]).to_pydatetime() if len(info) else None
    return DataSource(path, name, frozen)


# --- formatting --------------------------------------------------------------------------

def esc(text) -> str:
    return html.escape("" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text))


def big_value(label: str, css: str = "mtg-value") -> str:
    """'超过 410 万条' -> the number large, qualifier and unit smaller; the qualifier is always kept."""
    m = _NUMBER.match(label or "")
    if not m:
        return f"<span class='{css}'><span class='mtg-num'>{esc(label)}</span></span>"
    before, number, after = m.groups()
    after, paren, aside = after.strip().partition("（")  # 「第3名（总数未说明）」: the remark on its own line
    aside = f"<span class='mtg-aside'>{paren}{esc(aside)}</span>" if paren else ""
    return (f"<span class='{css}'><span class='mtg-qual'>{esc(before.strip())}</span>"
            f"<span class='mtg-num'>{esc(number)}</span><span class='mtg-unit'>{esc(after)}</span>{aside}</span>")


def who(r) -> str:
    unit = getattr(r, "org_unit", "")
    return esc(r.region) + (f" · {esc(unit)}" if isinstance(unit, str) and unit else "")


def data_date(figures: pd.DataFrame) -> str:
    if figures.empty or "period_end_on" not in figures:
        return "—"
    d = pd.Timestamp(figures["period_end_on"].max())
    return f"{d.year}年{d.month}月{d.day}日"


def short_title(title: str, n: int = 26) -> str:
    return title if len(title) <= n else title[: n - 1] + "…"


def sources_line(figures: pd.DataFrame) -> str:
    if figures.empty:
        return "本页没有数据"
    docs = figures.drop_duplicates("doc_no").sort_values("doc_no")
    return "来源：" + "；".join(
        f"{r.doc_no}《{short_title(r.source_title)}》{pd.Timestamp(r.published_on):%Y-%m-%d}" for r in docs.itertuples())


def card_link(figure_id: str, inner: str, css: str) -> str:
    """A card that opens its evidence sentence (in a new tab, so the screen keeps rotating)."""
    return f"<a class='{css}' href='{esc(evidence_link(figure_id))}' target='_blank'>{inner}</a>"


def grade_labels(definition: str | None) -> dict[int, str]:
    """'…优秀=4，良好=3，一般=2，较差=1' -> {4: '优秀', 3: '良好', …}: coded grades shown as words."""
    return {int(v): k for k, v in _GRADE.findall(definition or "")}


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
    """after figure id -> (change phrase, improvement) for the series with a before/after pair."""
    pairs = analysis.before_after_pairs(df)
    if pairs.empty:
        return {}
    return {r.after_id: (analysis.pair_phrase(r), r.improvement) for r in pairs.itertuples()}


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
    tiles, shown = [], []
    for theme in THEMES:
        top = headline_figures(df[df["theme"] == theme], 1)
        if top.empty:
            continue
        r = next(top.itertuples())
        shown.append(top)
        n = _theme_count(df, totals, theme, "figure_count")
        inner = (f"<div class='mtg-tile-theme' style='border-color:{charts.THEME_COLORS[theme]}'>{esc(theme)}"
                 f"<span class='mtg-count'>{n} 条数据</span></div>{big_value(r.label)}"
                 f"<div class='mtg-label'>{esc(r.indicator)}</div><div class='mtg-sub'>{who(r)}｜{esc(r.period_label)}</div>")
        tiles.append(card_link(r.figure_id, inner, "mtg-card mtg-tile"))
    figures = pd.concat(shown) if shown else df.iloc[0:0]
    return SlideView("各主题要点", "每个主题数据最多的指标的最新值", f"<div class='mtg-grid mtg-grid-4'>{''.join(tiles)}</div>",
                     figures, note=_bound_note(figures))


def headline_slide(df: pd.DataFrame, theme: str, limit: int = HEADLINE_LIMIT,
                   totals: pd.DataFrame | None = None) -> SlideView:
    tdf = df[df["theme"] == theme]
    top = headline_figures(tdf, limit)
    if top.empty:
        return SlideView(theme, body=_empty(f"「{theme}」暂无数据"), figures=top)
    changes = change_phrases(tdf)
    cards = []
    for r in top.itertuples():
        phrase, improvement = changes.get(r.figure_id, ("", None))
        delta = f"<div class='mtg-delta {_trend_class(improvement)}'>{esc(phrase)}</div>" if phrase else ""
        inner = (f"<div class='mtg-label'>{esc(r.indicator)}</div>{big_value(r.label)}"
                 f"<div class='mtg-sub'>{who(r)}｜{esc(r.period_label)}</div>{delta}")
        cards.append(card_link(r.figure_id, inner, "mtg-card mtg-headline"))
    cols = 3 if len(cards) > 4 else 2 if len(cards) > 1 else 1
    n, indicators = (_theme_count(df, totals, theme, c) for c in ("figure_count", "indicator_count"))
    return SlideView(theme, f"{n} 条数据、{indicators} 项指标中最常报告的 {len(top)} 项的最新值",
                     f"<div class='mtg-grid mtg-grid-{cols}'>{''.join(cards)}</div>", top, note=_bound_note(top))


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
    dots = "".join(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='6' fill='{SPARK}' stroke='{charts.DARK_TEXT}' stroke-width='1.5'/>"
                   for x, y in zip(xs, ys, strict=True))
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='{width}' height='{height}'>"
           f"<line x1='0' y1='{pad}' x2='{width}' y2='{pad}' stroke='#2c3a52' stroke-width='2' stroke-dasharray='6 6'/>"
           f"<polyline points='{points}' fill='none' stroke='{SPARK}' stroke-width='4'/>{dots}</svg>")
    data = base64.b64encode(svg.encode()).decode()
    return f"<img class='mtg-spark' width='{width}' height='{height}' alt='排名走势' src='data:image/svg+xml;base64,{data}'/>"


def ranking_slide(df: pd.DataFrame, limit: int = RANK_LIMIT) -> SlideView:
    ranks = analysis.with_series_key(df[df["unit"] == "名"])
    if ranks.empty:
        return SlideView("排名", body=_empty("暂无排名数据"), figures=ranks)
    order = (ranks.groupby("series").agg(n=("figure_id", "count"), last=("period_end_on", "max")).reset_index()
             .sort_values(["n", "last", "series"], ascending=[False, False, True]).head(limit)["series"])
    cards, shown = [], []
    for series in order:
        s = ranks[ranks["series"] == series].sort_values(["period_end_on", "figure_id"])
        last = s.iloc[-1]
        total = s["rank_total"].dropna()
        total_value = total.iloc[-1] if len(total) else None
        sentence = analysis.rank_sentence(list(s["value"]), total_value, list(s["bound"]))
        shown.append(s)
        inner = (f"<div class='mtg-rank-name'><div class='mtg-label'>{esc(last['indicator'])}</div>"
                 f"<div class='mtg-sub'>{esc(last['region'])}｜{esc(last['period_label'])}</div></div>"
                 f"<div class='mtg-sentence'>{esc(sentence)}</div>"
                 f"<div class='mtg-spark-cell'>{sparkline(list(s['value']), total_value)}</div>"
                 f"{big_value(last['label'], 'mtg-value mtg-rank')}")
        cards.append(card_link(last["figure_id"], inner, "mtg-rankrow"))
    figures = pd.concat(shown)
    return SlideView("排名", "名次越小越好；折线为各期名次（自左向右，上端为第1名）",
                     f"<div class='mtg-board'>{''.join(cards)}</div>", figures, note=_bound_note(figures))


def before_after_slide(df: pd.DataFrame, limit: int = PAIR_LIMIT) -> SlideView:
    pairs = analysis.before_after_pairs(df)
    if not pairs.empty:
        pairs = pairs.dropna(subset=["improvement"])
        pairs = pairs[pairs["improvement"] != 0]
    if pairs.empty:
        return SlideView("整改（改革）前后", body=_empty("暂无可对比的整改前后数据"), figures=df.iloc[0:0])
    pairs = pairs.sort_values("improvement", ascending=False, key=lambda s: s.abs()).head(limit)
    pairs = pairs.sort_values("improvement", ascending=False)
    rows = []
    for r in pairs.itertuples():
        trend = _trend_class(r.improvement)
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
    return SlideView("整改（改革）前后", f"变化最大的 {len(pairs)} 项：▲ 向好，▼ 变差",
                     f"<div class='mtg-board'>{''.join(rows)}</div>", figures, note=_bound_note(figures))


def window_unit_slide(wdf: pd.DataFrame, max_charts: int = 2) -> SlideView:
    """Window units of one evaluation side by side: one bar chart per unit of measure (件, 项 …),
    coded grades (等次) written next to each unit's name."""
    title = "窗口单位对比"
    if wdf.empty:
        return SlideView(title, body=_empty("暂无窗口单位数据"), figures=wdf)
    wdf = with_labels(wdf)
    doc = wdf["doc_no"].value_counts().index[0]
    d = wdf[wdf["doc_no"] == doc]
    grades = d[d["unit"] == "等次"]
    grade_of: dict[str, str] = {}
    for r in grades.itertuples():
        grade_of[r.org_unit] = grade_labels(r.definition).get(int(r.value), r.label)
    units = sorted(d["org_unit"].unique(), key=lambda u: (-d[(d["org_unit"] == u)]["value"].sum(), u))
    names = {u: f"{u}（{grade_of[u]}）" if u in grade_of else u for u in units}
    measured = d[d["unit"] != "等次"]
    groups = measured.groupby("unit")["indicator"].nunique().sort_values(ascending=False).head(max_charts).index
    figs, shown = [], [grades]
    for unit in groups:
        g = measured[measured["unit"] == unit]
        shown.append(g)
        fig = go.Figure()
        for indicator, gi in g.groupby("indicator", sort=False):
            gi = gi.set_index("org_unit").reindex(units).dropna(subset=["value"]).reset_index()
            fig.add_trace(go.Bar(
                y=[names[u] for u in gi["org_unit"]], x=gi["value"], name=f"{indicator}（{gi['period_label'].iloc[0]}）",
                orientation="h", text=gi["label"], textposition="outside", cliponaxis=False, textfont=dict(size=24), constraintext="none",
                marker=dict(line=dict(color=charts.DARK_TEXT, width=1.5),
                            pattern=dict(shape=["/" if b != "exact" else "" for b in gi["bound"]])),
                hovertemplate="%{y}：%{text}<extra>%{fullData.name}</extra>",
            ))
        fig.update_layout(template=charts.TEMPLATE_DARK, barmode="group", height=CHART_HEIGHT, bargap=0.12,
                          title_text=f"单位：{unit}",
                          legend=dict(orientation="v", y=1.0, yanchor="bottom", x=0, traceorder="reversed"))
        fig.update_yaxes(categoryorder="array", categoryarray=[names[u] for u in units][::-1])
        fig.update_xaxes(title_text=unit, rangemode="tozero")
        figs.append(fig)
    figures = pd.concat(shown)
    r = d.iloc[0]
    grade_text = "，括号内为评议等次"
    grade_text = grade_text if grade_of else ""
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


# --- rendering ---------------------------------------------------------------------------

def clock(now: float, timezone: str | None) -> tuple[str, str]:
    try:
        tz = ZoneInfo(timezone) if timezone else None
    except (KeyError, ValueError):
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


@st.fragment(run_every=1)
def header(agenda: agendas.Agenda, playback: agendas.Playback, shown: int, as_of: str, source: DataSource) -> None:
    """Ticks every second: the clock and the progress bar; when the wall clock has moved on to
    another slide, reruns the page (which draws that slide)."""
    now = time.time()
    pos = agendas.position(agenda, playback, now)
    if pos.index != shown:
        st.rerun()
    st.html(header_html(agenda, pos, as_of, source, now, st.context.timezone))


def _set_params(update: dict[str, str | None]) -> None:
    for key, value in update.items():
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value


def _control(action: str, agenda: agendas.Agenda, playback: agendas.Playback) -> None:
    now = time.time()
    if action == "pause":
        _set_params(agendas.pause_params(agenda, playback, now))
    elif action == "resume":
        _set_params(agendas.resume_params(agenda, playback, now))
    else:
        _set_params(agendas.step_params(agenda, playback, now, -1 if action == "prev" else 1))


def controls(agenda: agendas.Agenda, playback: agendas.Playback) -> None:
    """Three small buttons in the bottom-right corner, faint until the pointer is near.
    Keyboard: ← previous, space pause/resume, → next."""
    with st.container(key="mtg-controls", horizontal=True, gap="small", width="content"):
        st.button("◀", key="mtg-prev", help="上一页（←）", on_click=_control, args=("prev", agenda, playback),
                  shortcut="Left", type="tertiary")
        if playback.paused:
            st.button("▶ 继续", key="mtg-toggle", help="继续轮播（空格）", on_click=_control,
                      args=("resume", agenda, playback), shortcut="Space", type="tertiary")
        else:
            st.button("❚❚ 暂停", key="mtg-toggle", help="暂停在本页（空格）", on_click=_control,
                      args=("pause", agenda, playback), shortcut="Space", type="tertiary")
        st.button("▶", key="mtg-next", help="下一页（→）", on_click=_control, args=("next", agenda, playback),
                  shortcut="Right", type="tertiary")


def footer_html(view: SlideView, warnings: list[str]) -> str:
    warn = f"<div class='mtg-warn'>{esc('；'.join(warnings))}</div>" if warnings else ""
    return f"<footer class='mtg-footer'>{warn}<div class='mtg-sources'>{esc(sources_line(view.figures))}</div></footer>"


def choose_agenda(params) -> tuple[agendas.Agenda, list[str]]:
    """The agenda named by ?agenda= (or written in ?slides=), with ?interval= applied."""
    if params.get("slides"):
        agenda = agendas.inline_agenda(params["slides"], params.get("title"))
    else:
        agenda = agendas.load_agenda(params.get("agenda"))
        if params.get("title"):
            agenda = replace(agenda, title=params["title"])
    interval, warnings = agendas.read_interval(params.get("interval"))
    return (agenda.with_interval(interval) if interval else agenda), warnings


def slide_data(source: DataSource, agenda: agendas.Agenda, slide: agendas.Slide
               ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The figures a slide can show (bounded whatever the warehouse holds), the window-unit figures
    when it is that slide, and the per-theme totals."""
    regions = list(agenda.regions)
    df = with_labels(run_query("meeting/slide_figures", warehouse=source.path, regions=regions,
                               series_limit=HEADLINE_LIMIT, rank_limit=RANK_LIMIT, pair_limit=PAIR_LIMIT))
    units = (run_query("meeting/window_unit_figures", warehouse=source.path, regions=regions)
             if slide.kind == "window_units" else df.iloc[0:0])
    totals = run_query("meeting/theme_totals", warehouse=source.path, regions=regions)
    return df, units, totals


def main() -> None:
    st.html(CSS)
    params = st.query_params.to_dict()
    try:
        agenda, warnings = choose_agenda(params)
        source = open_source(params.get("snapshot"))
        known = set(run_query("filters/options", warehouse=source.path)["region"])
        unknown = [r for r in agenda.regions if r not in known]
        if unknown:
            raise agendas.AgendaError(f"议程 {agenda.origin} 字段「regions」：「{'、'.join(unknown)}」不是数据仓库中的地区。"
                                      f"可用：{'、'.join(sorted(known))}")
    except (agendas.AgendaError, snapshot.SnapshotError, WarehouseMissing) as exc:
        st.error(str(exc))
        return
    playback, more = agendas.read_playback(params, len(agenda))
    warnings += more
    now = time.time()
    if not playback.paused and playback.slide is not None:  # ?slide=3: the rotation starts there, now
        _set_params({"slide": None, "start": str(agenda.start_for(playback.slide, now))})
        playback = agendas.Playback(start=agenda.start_for(playback.slide, now))
    pos = agendas.position(agenda, playback, now)
    slide = agenda.slides[pos.index]

    df, units, totals = slide_data(source, agenda, slide)
    view = build_slide(slide, df, units, totals)

    header(agenda, playback, pos.index, data_date(view.figures), source)
    note = f"<span class='mtg-note'>{esc(view.note)}</span>" if view.note else ""
    st.html(f"<section class='mtg-slide-head'><h2>{esc(view.title)}</h2><p>{esc(view.subtitle)}</p>{note}</section>")
    if view.charts:
        for col, fig in zip(st.columns(len(view.charts), gap="large"), view.charts, strict=True):
            with col:
                charts.show(fig, template=charts.TEMPLATE_DARK, config={"displayModeBar": False})
    else:
        st.html(f"<section class='mtg-body'>{view.body}</section>")
    st.html(footer_html(view, warnings))
    controls(agenda, playback)

