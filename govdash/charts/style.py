"""The house style, in one place: fonts, every colour the product draws with, and the Plotly
templates (desk and the dark meeting screen). No Streamlit: exports and tests use it too.

`import streamlit` resets plotly.io.templates.default, so every figure names TEMPLATE (or
TEMPLATE_DARK) explicitly instead of relying on the default.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

# Windows (微软雅黑, 黑体), macOS (苹方), Linux (Noto Sans CJK / 思源黑体, 文泉驿): the first
# one installed wins, so Chinese labels never fall back to boxes.
FONT_FAMILY = (
    "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'Source Han Sans SC', "
    "'WenQuanYi Micro Hei', SimHei, sans-serif"
)

# --- neutrals and meanings -------------------------------------------------------------------
INK = "#1f2933"          # body text on white
INK_SOFT = "#52606d"     # secondary text, threshold lines
MUTED = "#5c6b73"        # captions inside a chart or a line of text
FAINT = "#7b8794"        # "not given" cells
GREY = "#9aa5b1"         # 整改前 / no direction / axis lines
CONNECTOR = "#c3cad2"    # dumbbell connectors
GRID = "#e4e7eb"
BORDER = "#d8dde3"     # card borders
PANEL = "#f4f5f7"        # background of cells without a direction
WHITE = "#ffffff"
GOOD = "#2e8b57"         # better, 整改后, 已完成
BAD = "#b23a48"          # worse
ACCENT = "#d9822b"       # 对标, the focused evidence's outline
BLUE = "#1f5fa8"
BLUE_PALE = "#dbe9f6"
HIGHLIGHT = "#ffd54f"    # the evidence quote a link opened
GOOD_PALE = "#d3ecdc"    # 数据导入: a candidate accepted

# Colour-blind-safe qualitative palette (Okabe–Ito order, then muted extras).
COLORWAY = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
    "#000000", "#7F7F7F", "#8C564B",
]
SKY = "#56B4E9"  # the colourway's sky blue

# One fixed colour per theme, the same on every page (12 distinct hues).
THEME_COLORS = {
    "一网通办": "#0072B2",
    "好差评": "#E69F00",
    "互联网+监管": "#009E73",
    "投诉与热线": "#D55E00",
    "营商环境": "#CC79A7",
    "窗口服务": "#56B4E9",
    "企业开办": "#B8A800",
    "工程建设审批": "#7B3F9E",
    "公共资源交易": "#8C564B",
    "政务数据": "#17BECF",
    "队伍与作风": "#5C6B73",
    "其他": "#B0B0B0",
}
REGION_PALETTE = [
    "#1f5fa8", "#d9822b", "#2e8b57", "#b23a48", "#7b5ea7", "#3aa6b9", "#8c6d31", "#c75d9a",
    "#4d4d4d", "#6b8e23",
]
STAGE_COLORS = {
    "整改前": GREY, "改革前": GREY, "现状": BLUE, "整改后": GOOD, "改革后": GOOD,
    "对标": ACCENT, "目标": "#7b5ea7",
}
PROBLEM_STATUS_COLORS = {"已完成": GOOD, "基本完成": "#8fbc8f", "持续推进": ACCENT, "未说明": GREY}
# 民主评议 grades, best → worst (a round may define up to five)
GRADE_COLORS = [GOOD, "#7fbf8f", "#e6b34d", "#c8553d", "#8c2d2d"]
SCORE_SCALE = [[0, "#c8553d"], [0.5, "#f6e7b0"], [1, GOOD]]  # low → high mean score
COVERAGE_SCALE = [[0, BLUE_PALE], [1, BLUE]]                  # few → many figures
# Complaints received, answered, answered on time, unanswered, overdue.
COMPLAINT_COLORS = {"网民投诉件数": MUTED, "网民投诉回复数": SKY, "网民投诉按时回复数": GOOD,
                    "网民投诉未回复数": "#E69F00", "超期办件数": BAD}

# Bounds are drawn as open markers so a 「超过 95%」 never looks like an exact 95%.
BOUND_SYMBOLS = {"exact": "circle", "lower": "triangle-up-open", "upper": "triangle-down-open", "approx": "diamond-open"}
BOUND_PATTERN = "/"  # bars of bounded values are hatched

# The window-unit scorecard (an HTML table): cells better / worse than the median, and grades.
TONE_STYLES = {
    "good": "background:#d9f2e3;color:#14532d",
    "bad": "background:#fbdcd8;color:#7f1d1d",
    "even": f"background:{WHITE};color:{INK}",
    "plain": f"background:{PANEL};color:{INK}",
}
GRADE_STYLES = {
    "优秀": f"background:{GOOD};color:{WHITE};font-weight:700",
    "良好": "background:#a7d7b8;color:#14532d;font-weight:700",
    "一般": "background:#f6d58e;color:#6b4a00;font-weight:700",
    "较差": "background:#e8a39b;color:#7f1d1d;font-weight:700",
}
MISSING_CELL_STYLE = f"background:{PANEL};color:{FAINT}"

# --- templates -------------------------------------------------------------------------------
TEMPLATE = "govdash"

pio.templates[TEMPLATE] = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT_FAMILY, size=15, color=INK),
        # Title at the top of the container, legend in its own band just above the plot area,
        # so a long legend never runs into the title.
        title=dict(font=dict(size=20), x=0, xanchor="left", y=0.98, yanchor="top", yref="container"),
        colorway=COLORWAY,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=60, r=24, t=96, b=48),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=14), bgcolor="white"),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left", title_text=""),
        xaxis=dict(showgrid=False, linecolor=GREY, ticks="outside", automargin=True),
        yaxis=dict(gridcolor=GRID, zeroline=False, automargin=True),
        separators=".,",
    )
)

# The meeting screen (/meeting): a dark projector variant with room-sized type. The data colours
# are the desk's (same colourway, region, stage and theme colours); only the colourway's black,
# invisible on a dark background, becomes light grey. Marks get a light outline there, so even
# the darker data colours stand out against the background.
TEMPLATE_DARK = "govdash_dark"
DARK_BG = "#0f1623"
DARK_TEXT = "#f1f5f9"
DARK_MUTED = "#b8c4d3"
DARK_GRID = "#334155"
DARK_RULE = "#2c3a52"  # the dashed first-place line of a rank sparkline
# The rest of govdash/meeting/meeting.css's palette, for the meeting pack (govdash/exports) that draws
# the same slides in PowerPoint: cards, header and footer bands, better / worse, the amber notes.
DARK_CARD = "#182235"
DARK_BAND = "#0b111c"
DARK_UP = "#4ade80"
DARK_DOWN = "#f87171"
DARK_AMBER = "#fbbf24"

pio.templates[TEMPLATE_DARK] = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT_FAMILY, size=24, color=DARK_TEXT),
        title=dict(font=dict(size=32), x=0, xanchor="left", y=0.98, yanchor="top", yref="container"),
        colorway=[DARK_TEXT if c == "#000000" else c for c in COLORWAY],
        paper_bgcolor=DARK_BG,
        plot_bgcolor=DARK_BG,
        margin=dict(l=24, r=48, t=110, b=64),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=20), bgcolor="#1e293b"),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left", title_text="",
                    font=dict(size=24)),
        xaxis=dict(showgrid=True, gridcolor=DARK_GRID, linecolor=DARK_MUTED, ticks="outside", automargin=True,
                   tickfont=dict(size=22, color=DARK_MUTED), title=dict(font=dict(size=22, color=DARK_MUTED)),
                   zeroline=False),
        yaxis=dict(showgrid=False, linecolor=DARK_MUTED, automargin=True, tickfont=dict(size=24, color=DARK_TEXT),
                   title=dict(font=dict(size=22, color=DARK_MUTED)), zeroline=False),
        separators=".,",
    )
)

# Plotly's modebar: no logo, no "edit in Chart Studio" link, nothing that reaches the internet.
# topojsonURL points at the app's own static folder so a geo chart never fetches from a CDN.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "showLink": False,
    "showEditInChartStudio": False,
    "showSendToCloud": False,
    "topojsonURL": "app/static/topojson/",
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "toggleSpikelines"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def region_colors(regions: list[str]) -> dict[str, str]:
    """A fixed colour per region: the position in the warehouse's full region list decides it,
    so a region keeps its colour on every page whatever the filter."""
    return {r: REGION_PALETTE[i % len(REGION_PALETTE)] for i, r in enumerate(regions)}
