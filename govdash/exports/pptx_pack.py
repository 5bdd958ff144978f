"""The meeting pack as PowerPoint (python-pptx): 16:9, the screen's dark theme and layout, a title
slide, then each agenda slide with the same tiles, cards and rows (meeting/slides.SlideItem),
values with their bound words and 存疑/推算 marks, 数据截至 in the header and the source line in the
footer. Charts are PowerPoint's own (editable): the window units and the before/after changes as
bar charts, rank trajectories as small line charts. Each slide's notes list its figures with their
evidence quotes, so every number can be traced to its sentence.

Fonts: every text run gets the Latin and the East Asian typeface (python-pptx writes only
<a:latin>; PowerPoint takes Chinese glyphs from <a:ea>), charts included. The typeface is 微软雅黑
(Microsoft YaHei), on every Windows PC; elsewhere PowerPoint and LibreOffice substitute an
installed CJK font (on Debian, fonts-noto-cjk's Noto Sans CJK SC)."""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_PATTERN
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Pt

from govdash.charts.style import (
    COLORWAY,
    DARK_AMBER,
    DARK_BAND,
    DARK_BG,
    DARK_CARD,
    DARK_DOWN,
    DARK_GRID,
    DARK_MUTED,
    DARK_RULE,
    DARK_TEXT,
    DARK_UP,
    SKY,
    THEME_COLORS,
)
from govdash.exports.meeting_pack import Pack, PackSlide
from govdash.labels import label_parts, region_unit, shorten, source_line
from govdash.meeting.slides import SOURCE_TITLE_CHARS, SlideItem

FONT = "Microsoft YaHei"  # 微软雅黑: Latin and East Asian typeface of every run
LANG = "zh-CN"
EMU_PER_PX = 6350  # the screen's 1920 x 1080 px on a 13.333 x 7.5 in slide; 1 px = 0.5 pt
WIDTH, HEIGHT = 1920, 1080
LEFT, BODY_TOP, BODY_W, BODY_H = 48, 184, 1824, 816
TREND_COLORS = {"up": DARK_UP, "down": DARK_DOWN, "flat": DARK_MUTED, "": DARK_TEXT}


def px(value: float) -> Emu:
    return Emu(round(value * EMU_PER_PX))


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


@dataclass(frozen=True)
class Span:
    text: str
    size: float  # px, as on the screen
    color: str = DARK_TEXT
    bold: bool = False


# --- fonts ---------------------------------------------------------------------------------------

def east_asian(rpr) -> None:
    """<a:latin> and, right after it, <a:ea> naming FONT on one run's (or default) properties."""
    latin = rpr.get_or_add_latin()
    latin.set("typeface", FONT)
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = OxmlElement("a:ea")
        latin.addnext(ea)
    ea.set("typeface", FONT)
    if rpr.tag == qn("a:rPr"):
        rpr.set("lang", LANG)


def fonts_everywhere(element) -> None:
    """Every run (and default run properties) below `element`: a slide, notes, or a chart."""
    for run in element.iter(qn("a:r")):
        east_asian(run.get_or_add_rPr())
    for tag in ("a:defRPr", "a:endParaRPr"):
        for rpr in element.iter(qn(tag)):
            east_asian(rpr)


# --- shapes --------------------------------------------------------------------------------------

def text_box(slide, x, y, w, h, paragraphs: list[list[Span]], align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.MIDDLE,
             wrap: bool = True, spacing: float = 1.0):
    """A text box at screen pixels, one paragraph per list of spans, no margins, never resized."""
    box = slide.shapes.add_textbox(px(x), px(y), px(w), px(h))
    tf = box.text_frame
    tf.word_wrap, tf.auto_size, tf.vertical_anchor = wrap, MSO_AUTO_SIZE.NONE, anchor
    tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = 0
    for i, spans in enumerate(paragraphs):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment, p.line_spacing = align, spacing
        for span in spans:
            if not span.text:
                continue
            run = p.add_run()
            run.text = span.text
            run.font.size, run.font.bold = Pt(span.size / 2), span.bold
            run.font.color.rgb = rgb(span.color)
    return box


def rect(slide, x, y, w, h, fill: str, line: str | None = None, radius: float = 0):
    shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE if radius else MSO_SHAPE.RECTANGLE,
                                   px(x), px(y), px(w), px(h))
    if radius:
        shape.adjustments[0] = min(0.5, radius / min(w, h))
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(fill)
    if line:
        shape.line.color.rgb = rgb(line)
        shape.line.width = px(1.5)
    else:
        shape.line.fill.background()
    shape.shadow.inherit = False
    return shape


def value_spans(label: str, number: float, small: float, aside: float = 22, color: str = DARK_TEXT) -> list[Span]:
    """'超过 410 万条' -> 超过 (small) 410 (large, bold) 万条 (small): the qualifier is always kept."""
    parts = label_parts(label)
    if parts is None:
        return [Span(label, number * 0.6, color, True)]
    before, digits, unit, remark = parts
    spans = [Span(before + (" " if before else ""), small, color, True), Span(digits, number, color, True),
             Span((" " if unit else "") + unit, small, color, True)]
    return spans + ([Span(remark, aside, DARK_MUTED)] if remark else [])


def fit(text: str, width: float, size: float, lines: int = 1) -> str:
    """Cut to what fits `lines` lines of `width` px at `size` px (a CJK character is about `size` wide)."""
    return shorten(text, max(4, int(width / size * lines)))


# --- header, slide head, footer, notes -----------------------------------------------------------

def header(slide, pack: Pack, index: int, as_of: str) -> None:
    """The screen's header band: title, page i / N, 数据截至 and live/snapshot, when it was made."""
    rect(slide, 0, 0, WIDTH, 96, DARK_BAND)
    rect(slide, 0, 95, WIDTH, 1.5, DARK_RULE)
    text_box(slide, LEFT, 0, 900, 96, [[Span(fit(pack.agenda.title, 900, 36), 36, bold=True)]], wrap=False)
    text_box(slide, 960, 0, 200, 96, [[Span(str(index), 36, bold=True), Span(f" / {len(pack.slides) + 1}", 30, DARK_MUTED)]],
             align=PP_ALIGN.CENTER, wrap=False)
    badge = DARK_AMBER if pack.source.snapshot_name else DARK_MUTED
    text_box(slide, 1180, 8, 420, 80, [[Span("数据截至 ", 26, DARK_MUTED), Span(as_of, 26, bold=True)],
                                       [Span(pack.source.badge(), 20, badge, bool(pack.source.snapshot_name))]],
             align=PP_ALIGN.RIGHT, wrap=False)
    text_box(slide, 1620, 8, 252, 80, [[Span(pack.date_text(), 24, bold=True)],
                                       [Span(f"生成于 {pack.generated:%H:%M}", 20, DARK_MUTED)]],
             align=PP_ALIGN.RIGHT, wrap=False)


def slide_head(slide, s: PackSlide) -> None:
    view = s.view
    note_w = min(900, 22 * len(view.note) + 24) if view.note else 0
    text_box(slide, LEFT, 108, BODY_W - note_w, 72,
             [[Span(view.title, 44, bold=True), Span("　" + fit(view.subtitle, BODY_W - note_w - 44 * len(view.title), 24), 24,
                                                   DARK_MUTED)]], wrap=False)
    if view.note:
        text_box(slide, WIDTH - LEFT - note_w, 108, note_w, 72, [[Span(view.note, 22, DARK_AMBER)]], align=PP_ALIGN.RIGHT)


def footer(slide, s: PackSlide) -> None:
    """The documents of the slide's figures (the screen's footer line)."""
    rect(slide, 0, HEIGHT - 64, WIDTH, 64, DARK_BAND)
    rect(slide, 0, HEIGHT - 64, WIDTH, 1.5, DARK_RULE)
    line = source_line(s.view.figures, title_chars=SOURCE_TITLE_CHARS) or "本页没有数据"
    text_box(slide, LEFT, HEIGHT - 64, BODY_W, 64, [[Span(fit(line, BODY_W, 20, 2), 20, DARK_MUTED)]], spacing=0.95)


def notes(slide, figures: pd.DataFrame) -> None:
    """The slide's figures with their evidence quotes, for the presenter (and every number's source)."""
    lines = ["本页数据及原文出处（编号可在看板「数据来源」页查看）："]
    for r in figures.drop_duplicates("figure_id").itertuples():
        lines.append(f"{r.figure_id}｜{region_unit(r.region, r.org_unit)}｜{r.indicator}｜{r.period_label}｜{r.label}｜"
                     f"{r.doc_no}：「{r.evidence}」")
    tf = slide.notes_slide.notes_text_frame
    tf.text = "\n".join(lines)


# --- slide bodies --------------------------------------------------------------------------------

def grid(n: int, cols: int, gap: float = 24) -> list[tuple[float, float, float, float]]:
    rows = max(1, math.ceil(n / cols))
    w, h = (BODY_W - gap * (cols - 1)) / cols, (BODY_H - gap * (rows - 1)) / rows
    return [(LEFT + (i % cols) * (w + gap), BODY_TOP + (i // cols) * (h + gap), w, h) for i in range(n)]


def overview_body(slide, items: list[SlideItem]) -> None:
    for item, (x, y, w, h) in zip(items, grid(len(items), 4), strict=False):
        rect(slide, x, y, w, h, DARK_CARD, DARK_RULE, 16)
        top = y + (h - 214) / 2
        rect(slide, x + 24, top + 4, 10, 36, THEME_COLORS.get(item.title, DARK_MUTED))
        text_box(slide, x + 44, top, w - 68, 44, [[Span(item.title, 30, bold=True)]], wrap=False)
        text_box(slide, x + 44, top, w - 68, 44, [[Span(item.remark, 22, DARK_MUTED)]], align=PP_ALIGN.RIGHT, wrap=False)
        text_box(slide, x + 24, top + 50, w - 48, 90, [value_spans(item.value, 68, 32)], wrap=False)
        text_box(slide, x + 24, top + 142, w - 48, 38, [[Span(fit(item.caption, w - 48, 28), 28, bold=True)]], wrap=False)
        text_box(slide, x + 24, top + 180, w - 48, 34, [[Span(fit(item.sub, w - 48, 22), 22, DARK_MUTED)]], wrap=False)


def headline_body(slide, items: list[SlideItem]) -> None:
    cols = 3 if len(items) > 4 else 2 if len(items) > 1 else 1
    for item, (x, y, w, h) in zip(items, grid(len(items), cols), strict=False):
        rect(slide, x, y, w, h, DARK_CARD, DARK_RULE, 16)
        top = y + (h - 250) / 2
        text_box(slide, x + 32, top, w - 64, 50, [[Span(fit(item.title, w - 64, 36), 36, bold=True)]], wrap=False)
        text_box(slide, x + 32, top + 52, w - 64, 110, [value_spans(item.value, 88, 40)], wrap=False)
        text_box(slide, x + 32, top + 164, w - 64, 36, [[Span(fit(item.sub, w - 64, 24), 24, DARK_MUTED)]], wrap=False)
        if item.remark:
            text_box(slide, x + 32, top + 202, w - 64, 48, [[Span(fit(item.remark, w - 64, 28, 2), 28,
                                                                  TREND_COLORS[item.trend], True)]], anchor=MSO_ANCHOR.TOP)


def rows(n: int, gap: float = 12) -> list[tuple[float, float]]:
    h = (BODY_H - gap * (n - 1)) / max(n, 1)
    return [(BODY_TOP + i * (h + gap), h) for i in range(n)]


def ranking_body(slide, items: list[SlideItem]) -> None:
    """name | rank sentence | trajectory (a line chart, 1st place at the top) | latest rank."""
    for item, (y, h) in zip(items, rows(len(items)), strict=True):
        rect(slide, LEFT, y, BODY_W, h, DARK_CARD, DARK_RULE, 14)
        text_box(slide, LEFT + 28, y, 470, h, [[Span(fit(item.title, 470, 32), 32, bold=True)],
                                              [Span(fit(item.sub, 470, 22), 22, DARK_MUTED)]], wrap=False)
        text_box(slide, LEFT + 522, y, 610, h, [[Span(fit(item.remark, 610, 24, 2), 24, DARK_MUTED)]], spacing=0.95)
        if len(item.ranks) >= 2:
            sparkline(slide, item, LEFT + 1156, y + (h - min(h, 84)) / 2, 240, min(h, 84))
        text_box(slide, LEFT + BODY_W - 28 - 400, y, 400, h, [value_spans(item.value, 64, 30)], align=PP_ALIGN.RIGHT,
                 wrap=False)


def before_after_body(slide, items: list[SlideItem], figures: pd.DataFrame) -> None:
    """name | before | the two as bars (a bar chart of the row's own scale: units differ by row) | after |
    change, as the screen's rows (the bars stand where the screen has its arrow)."""
    values = figures.drop_duplicates("figure_id").set_index("figure_id")
    for item, (y, h) in zip(items, rows(len(items)), strict=True):
        rect(slide, LEFT, y, BODY_W, h, DARK_CARD, DARK_RULE, 14)
        colour = TREND_COLORS[item.trend]
        text_box(slide, LEFT + 28, y, 450, h, [[Span(fit(item.title, 450, 32), 32, bold=True)],
                                              [Span(fit(item.sub, 450, 22, 2), 22, DARK_MUTED)]], spacing=0.95)
        stage, label, before_id = item.before or ("", "", "")
        text_box(slide, LEFT + 494, y, 330, h, [[Span(stage, 20, DARK_MUTED)], value_spans(label, 64, 28, color=DARK_MUTED)],
                 wrap=False)
        if before_id in values.index and item.figure_id in values.index:
            pair_chart(slide, item, values.loc[before_id], values.loc[item.figure_id], LEFT + 836, y + 8, 240, h - 16)
        text_box(slide, LEFT + 1090, y, 360, h, [[Span(item.stage, 20, DARK_MUTED)], value_spans(item.value, 72, 28, color=colour)],
                 wrap=False)
        text_box(slide, LEFT + 1466, y, BODY_W - 1466 - 28, h,
                 [[Span(fit(item.remark, BODY_W - 1494, 26, 3), 26, colour, True)]], spacing=0.95)


def window_units_body(slide, s: PackSlide) -> None:
    charts = s.view.charts
    if not charts:
        text_box(slide, LEFT, BODY_TOP, BODY_W, BODY_H, [[Span("暂无窗口单位数据", 40, DARK_MUTED)]], align=PP_ALIGN.CENTER)
        return
    gap = 48
    w = (BODY_W - gap * (len(charts) - 1)) / len(charts)
    for i, fig in enumerate(charts):
        unit_chart(slide, fig, LEFT + i * (w + gap), BODY_TOP, w, BODY_H)


def empty_body(slide, s: PackSlide) -> None:
    text = re.sub(r"<[^>]+>", "", s.view.body) or "暂无数据"
    text_box(slide, LEFT, BODY_TOP, BODY_W, BODY_H, [[Span(text, 40, DARK_MUTED)]], align=PP_ALIGN.CENTER)


# --- charts (PowerPoint's own) -------------------------------------------------------------------

def _no_fill(parent, before_tags: tuple[str, ...] = ()) -> None:
    """<c:spPr> with no fill and no line on a chart space or plot area (the slide's dark shows through)."""
    sp = parent.find(qn("c:spPr"))
    if sp is None:
        sp = OxmlElement("c:spPr")
        successor = next((parent.find(qn(t)) for t in before_tags if parent.find(qn(t)) is not None), None)
        successor.addprevious(sp) if successor is not None else parent.append(sp)
    for child in list(sp):
        sp.remove(child)
    sp.append(OxmlElement("a:noFill"))
    ln = OxmlElement("a:ln")
    ln.append(OxmlElement("a:noFill"))
    sp.append(ln)


def chart_frame(slide, kind, chart_data, x, y, w, h, size: float = 22):
    """A chart at screen pixels: transparent, text in the house font and colour."""
    chart = slide.shapes.add_chart(kind, px(x), px(y), px(w), px(h), chart_data).chart
    chart.font.size, chart.font.color.rgb = Pt(size / 2), rgb(DARK_TEXT)
    space = chart._chartSpace
    _no_fill(space, ("c:txPr", "c:externalData", "c:printSettings", "c:userShapes", "c:extLst"))
    _no_fill(space.find(qn("c:chart")).find(qn("c:plotArea")), ("c:extLst",))
    return chart


def _label(point, text: str, size: float, color: str = DARK_TEXT) -> None:
    dl = point.data_label
    dl.has_text_frame = True
    dl.text_frame.text = text
    dl.position = XL_LABEL_POSITION.OUTSIDE_END
    for run in dl.text_frame.paragraphs[0].runs:
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size / 2), True, rgb(color)


def _fill(point_or_series, color: str, hatched: bool = False) -> None:
    """Solid, or hatched for a bound (超过, 近 …) so it never looks exact, as on the screen."""
    fill = point_or_series.format.fill
    if hatched:
        fill.patterned()
        fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
        fill.fore_color.rgb, fill.back_color.rgb = rgb(color), rgb(DARK_CARD)
    else:
        fill.solid()
        fill.fore_color.rgb = rgb(color)
    point_or_series.format.line.color.rgb = rgb(DARK_TEXT)
    point_or_series.format.line.width = px(1.5)


def _quiet_value_axis(chart, maximum: float | None = None) -> None:
    axis = chart.value_axis
    axis.visible, axis.has_major_gridlines, axis.has_minor_gridlines = False, False, False
    axis.minimum_scale = 0
    if maximum:
        axis.maximum_scale = maximum


def pair_chart(slide, item: SlideItem, before: pd.Series, after: pd.Series, x, y, w, h) -> None:
    """Before (grey, top) and after (coloured by direction) as two bars on one scale from zero; a
    bound (超过, 近 …) hatched. The values are written beside it, with their words."""
    data = CategoryChartData()
    data.categories = [item.stage, item.before[0]]  # a bar chart lists categories from the bottom up
    data.add_series("前后对比", [float(after["value"]), float(before["value"])])
    chart = chart_frame(slide, XL_CHART_TYPE.BAR_CLUSTERED, data, x, y, w, h, 20)
    chart.has_legend, chart.has_title = False, False
    chart.plots[0].gap_width = 40
    _quiet_value_axis(chart, max(float(after["value"]), float(before["value"]), 1) * 1.05)
    chart.category_axis.visible = False
    series = chart.plots[0].series[0]
    for point, fig, colour in ((series.points[0], after, TREND_COLORS[item.trend]), (series.points[1], before, DARK_MUTED)):
        _fill(point, colour, fig["bound"] != "exact")


def sparkline(slide, item: SlideItem, x, y, w, h) -> None:
    """A rank trajectory, oldest first, 1st place at the top (the value axis reversed)."""
    data = CategoryChartData()
    data.categories = [str(i + 1) for i in range(len(item.ranks))]
    data.add_series("名次", list(item.ranks))
    chart = chart_frame(slide, XL_CHART_TYPE.LINE_MARKERS, data, x, y, w, h)
    chart.has_legend, chart.has_title = False, False
    axis = chart.value_axis
    total = item.rank_total if item.rank_total and not pd.isna(item.rank_total) else max(item.ranks)
    axis.minimum_scale, axis.maximum_scale = 1, max(float(total), max(item.ranks), 2)
    axis.reverse_order, axis.visible, axis.has_major_gridlines = True, False, False
    chart.category_axis.visible = False
    series = chart.plots[0].series[0]
    series.smooth = False
    series.format.line.color.rgb, series.format.line.width = rgb(SKY), px(4)
    series.marker.style, series.marker.size = XL_MARKER_STYLE.CIRCLE, 7
    series.marker.format.fill.solid()
    series.marker.format.fill.fore_color.rgb = rgb(SKY)


def unit_chart(slide, fig, x, y, w, h) -> None:
    """A window-unit Plotly figure (charts/meeting.window_unit_bars) drawn as PowerPoint's bar chart:
    units as categories in the screen's order, one series per indicator, each bar labelled with its label."""
    order = list(fig.layout.yaxis.categoryarray or [])  # bottom first, as PowerPoint lists them
    data = CategoryChartData(number_format="#,##0.##")
    data.categories = order
    traces = list(fig.data)
    for trace in traces:
        by_unit = dict(zip(trace.y, trace.x, strict=True))
        data.add_series(trace.name, [None if u not in by_unit else float(by_unit[u]) for u in order])
    chart = chart_frame(slide, XL_CHART_TYPE.BAR_CLUSTERED, data, x, y, w, h)
    chart.has_title = True
    chart.chart_title.text_frame.text = str(fig.layout.title.text or "")
    chart.has_legend = True
    chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.TOP, False
    chart.plots[0].gap_width, chart.plots[0].overlap = 40, 0
    values = [v for t in traces for v in t.x if v is not None]
    _quiet_value_axis(chart, max(values + [1]) * 1.3)
    chart.category_axis.format.line.color.rgb = rgb(DARK_GRID)
    for i, (trace, series) in enumerate(zip(traces, chart.plots[0].series, strict=True)):
        colour = COLORWAY[i % len(COLORWAY)]
        _fill(series, colour)
        patterns = list(trace.marker.pattern.shape or []) if trace.marker.pattern else []
        positions = {u: k for k, u in enumerate(order)}
        for j, (unit, label) in enumerate(zip(trace.y, trace.text, strict=True)):
            point = series.points[positions[unit]]
            if j < len(patterns) and patterns[j]:
                _fill(point, colour, hatched=True)
            _label(point, str(label), 22)


# --- slides --------------------------------------------------------------------------------------

def title_slide(prs, pack: Pack) -> None:
    slide = new_slide(prs)
    rect(slide, 0, 0, WIDTH, 12, DARK_AMBER if pack.source.snapshot_name else SKY)
    agenda = "　".join(f"{i}. {s.view.title}" for i, s in enumerate(pack.slides, start=2))
    text_box(slide, 160, 200, 1600, 160, [[Span(fit(pack.agenda.title, 1600, 72), 72, bold=True)],
                                          [Span("会议材料", 40, DARK_MUTED)]], anchor=MSO_ANCHOR.BOTTOM)
    badge = DARK_AMBER if pack.source.snapshot_name else DARK_TEXT
    text_box(slide, 160, 420, 1600, 200, [[Span(pack.date_text(), 36, bold=True)],
                                          [Span("数据截至 ", 32, DARK_MUTED), Span(pack.as_of, 32, bold=True)],
                                          [Span(pack.source.badge(), 30, badge, True)]], anchor=MSO_ANCHOR.TOP, spacing=1.2)
    text_box(slide, 160, 660, 1600, 220, [[Span(f"共 {len(pack.slides) + 1} 页：", 24, DARK_MUTED),
                                           Span(fit(agenda, 1600, 24, 5), 24, DARK_MUTED)]], anchor=MSO_ANCHOR.TOP)
    text_box(slide, 160, 930, 1600, 90, [[Span("各页页脚列出所据文件；每个数字的原文出处见各页备注（编号可在看板「数据来源」页查看）。"
                                               "带「超过、近、前」等字样的是界限值或约数；标「（存疑）」的数据释读存疑，标「（推算）」的由其他数据推算。",
                                               20, DARK_MUTED)]], anchor=MSO_ANCHOR.TOP)
    slide.notes_slide.notes_text_frame.text = f"{pack.agenda.title}；{pack.source.badge()}；数据截至 {pack.as_of}"


def new_slide(prs):
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    slide.background.fill.solid()
    slide.background.fill.fore_color.rgb = rgb(DARK_BG)
    return slide


def agenda_slide(prs, pack: Pack, index: int, s: PackSlide) -> None:
    slide = new_slide(prs)
    header(slide, pack, index, s.as_of)
    slide_head(slide, s)
    items = s.view.items
    if s.slide.kind == "window_units":
        window_units_body(slide, s)
    elif not items:
        empty_body(slide, s)
    elif s.slide.kind == "overview":
        overview_body(slide, items)
    elif s.slide.kind == "headline":
        headline_body(slide, items)
    elif s.slide.kind == "ranking":
        ranking_body(slide, items)
    else:
        before_after_body(slide, items, s.view.figures)
    footer(slide, s)
    notes(slide, s.view.figures)


def build_presentation(pack: Pack):
    prs = Presentation()
    prs.slide_width, prs.slide_height = px(WIDTH), px(HEIGHT)
    prs.core_properties.title = pack.agenda.title
    title_slide(prs, pack)
    for index, s in enumerate(pack.slides, start=2):
        agenda_slide(prs, pack, index, s)
    for slide in prs.slides:
        fonts_everywhere(slide._element)
        fonts_everywhere(slide.notes_slide._element)
        for shape in slide.shapes:
            if shape.has_chart:
                fonts_everywhere(shape.chart._chartSpace)
    return prs


def pptx_bytes(pack: Pack) -> bytes:
    buffer = io.BytesIO()
    build_presentation(pack).save(buffer)
    return buffer.getvalue()


def notice_bytes(message: str) -> bytes:
    """A one-slide presentation saying why there is no pack (the app's button when it could not be made)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = px(WIDTH), px(HEIGHT)
    slide = new_slide(prs)
    text_box(slide, 160, 200, 1600, 680, [[Span("会议材料未能生成", 64, bold=True)], [Span(message, 36, DARK_MUTED)]],
             anchor=MSO_ANCHOR.TOP, spacing=1.3)
    fonts_everywhere(slide._element)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
