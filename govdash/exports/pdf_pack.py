"""The meeting pack as PDF: each slide as the meeting screen draws it (the screen's own slide HTML,
header and footer from meeting/slides.py, and its stylesheet meeting/meeting.css), one 1920 x 1080
page per slide, printed by headless Debian chromium through Playwright.

Needs Debian's chromium on the server (`apt-get install chromium fonts-noto-cjk`; GOVDASH_CHROMIUM
names another binary). Nothing leaves the machine: the page is one HTML string with plotly.js
from the installed plotly package inline (never a CDN), chromium runs with the flags below, and
every request the page makes other than data: and about: is refused."""

from __future__ import annotations

import json
import os
import shutil
from functools import lru_cache
from pathlib import Path

from plotly.offline import get_plotlyjs

from govdash.charts.style import FONT_FAMILY
from govdash.exports import data
from govdash.exports.meeting_pack import Pack, PackSlide
from govdash.meeting import agenda as agendas
from govdash.meeting.slides import esc, footer_html, header_html

CHROMIUM = os.environ.get("GOVDASH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps", "--mute-audio"]
MEETING_CSS = Path(__file__).resolve().parent.parent / "meeting" / "meeting.css"
LOCAL_SCHEMES = ("data:", "about:", "blob:")
TIMEOUT_MS = 60_000
# The screen's CSS expects Streamlit's page around the slide; a printed page has none. Each slide is
# a 1920 x 1080 box, its header and footer placed inside it (not fixed to the window), no animation.
PACK_CSS = f"""
@page {{ size: 1920px 1080px; margin: 0; }}
html, body {{ margin: 0; padding: 0; height: auto; overflow: visible !important; background: var(--mtg-bg) !important; }}
body {{ font-family: {FONT_FAMILY}; color: var(--mtg-text); -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
.pack-page {{ position: relative; width: 1920px; height: 1080px; overflow: hidden; box-sizing: border-box;
             padding: calc(var(--mtg-head) + 16px) 48px calc(var(--mtg-foot) + 8px) 48px; break-after: page; }}
.pack-page:last-of-type {{ break-after: auto; }}
.pack-page .mtg-header, .pack-page .mtg-footer {{ position: absolute; }}
.pack-page .mtg-footer {{ padding-right: 48px; }}
.mtg-progress {{ display: none; }}
.mtg-body {{ animation: none; }}
.pack-charts {{ display: flex; gap: 48px; height: 816px; }}
.pack-chart {{ flex: 1 1 0; min-width: 0; height: 780px; }}
.pack-title {{ display: flex; flex-direction: column; justify-content: center; height: 100%; padding: 0 112px; gap: 28px; }}
.pack-title h1 {{ font-size: 72px; margin: 0; line-height: 1.2; }}
.pack-title .pack-kind {{ font-size: 40px; color: var(--mtg-muted); }}
.pack-title .pack-date {{ font-size: 36px; font-weight: 700; }}
.pack-title .pack-asof {{ font-size: 32px; color: var(--mtg-muted); }}
.pack-title .pack-asof b {{ color: var(--mtg-text); }}
.pack-title .pack-badge {{ font-size: 30px; font-weight: 700; }}
.pack-title .pack-badge.mtg-snapshot {{ color: var(--mtg-amber); }}
.pack-title .pack-agenda, .pack-title .pack-read {{ font-size: 24px; color: var(--mtg-muted); line-height: 1.5; }}
.pack-title .pack-read {{ font-size: 20px; }}
"""
READING = ("各页页脚列出所据文件；每个数字的原文出处可在看板「数据来源」页查看。带「超过、近、前」等字样的是界限值或约数；"
           "标「（存疑）」的数据释读存疑，标「（推算）」的由其他数据推算。")


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """plotly.js of the installed plotly package (no CDN), made safe inside a <script> element."""
    return get_plotlyjs().replace("</script", "<\\/script")


def title_page(pack: Pack) -> str:
    agenda = "　".join(f"{i}. {esc(s.view.title)}" for i, s in enumerate(pack.slides, start=2))
    badge = "pack-badge mtg-snapshot" if pack.source.snapshot_name else "pack-badge"
    return (f"<section class='pack-page'><div class='pack-title'><h1>{esc(pack.agenda.title)}</h1>"
            f"<div class='pack-kind'>会议材料</div><div class='pack-date'>{esc(pack.date_text())}</div>"
            f"<div class='pack-asof'>数据截至 <b>{esc(pack.as_of)}</b></div><div class='{badge}'>{esc(pack.source.badge())}</div>"
            f"<div class='pack-agenda'>共 {len(pack.slides) + 1} 页：{agenda}</div>"
            f"<div class='pack-read'>{esc(READING)}</div></div></section>")


def slide_page(pack: Pack, index: int, s: PackSlide, charts: list) -> str:
    """One slide as the screen draws it; its charts become placeholders filled by plotly.js."""
    view = s.view
    paged = agendas.Agenda(pack.agenda.name, pack.agenda.title, (pack.agenda.slides[0],) * (len(pack.slides) + 1))
    head = header_html(paged, agendas.Position(index - 1, 0.0, 1.0), s.as_of, pack.source, pack.generated.timestamp(), None)
    note = f"<span class='mtg-note'>{esc(view.note)}</span>" if view.note else ""
    body = f"<section class='mtg-body'>{view.body}</section>"
    if view.charts:
        cells = []
        for fig in view.charts:
            charts.append(json.loads(fig.to_json()))
            cells.append(f"<div class='pack-chart' id='pack-chart-{len(charts) - 1}'></div>")
        body = f"<section class='pack-charts'>{''.join(cells)}</section>"
    return (f"<section class='pack-page'>{head}<section class='mtg-slide-head'><h2>{esc(view.title)}</h2>"
            f"<p>{esc(view.subtitle)}</p>{note}</section>{body}{footer_html(view, [])}</section>")


def pack_html(pack: Pack) -> str:
    """The whole pack as one self-contained HTML page (the screen's CSS, plotly.js inline)."""
    charts: list = []
    pages = [title_page(pack)] + [slide_page(pack, i, s, charts) for i, s in enumerate(pack.slides, start=2)]
    css = MEETING_CSS.read_text(encoding="utf-8")
    draw = ("const figs = " + json.dumps(charts, ensure_ascii=False).replace("</", "<\\/") + ";"
            "Promise.all(figs.map((f, i) => Plotly.newPlot('pack-chart-' + i, f.data, f.layout,"
            " {staticPlot: true, displayModeBar: false}))).then(() => { window.packReady = true; },"
            " (e) => { window.packError = String(e); });")
    return (f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>{esc(pack.agenda.title)}</title>"
            f"<style>{css}\n{PACK_CSS}</style><script>{plotly_js()}</script></head>"
            f"<body>{''.join(pages)}<script>{draw}</script></body></html>")


def print_pdf(page_html: str, blocked: list[str] | None = None) -> bytes:
    """Print the HTML with headless chromium at 1920 x 1080 px per page. Any request that would leave
    the page (not data:/about:/blob:) is refused and noted in `blocked`."""
    if not chromium_available():
        raise data.ExportError(f"导出 PDF 需要服务器安装 Debian 的 chromium（{CHROMIUM}）：apt-get install chromium fonts-noto-cjk；"
                               "或改为导出 PPTX。")
    from playwright.sync_api import sync_playwright

    blocked = [] if blocked is None else blocked

    def guard(route) -> None:
        if route.request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
            page.route("**/*", guard)
            page.set_content(page_html, wait_until="load", timeout=TIMEOUT_MS)
            page.wait_for_function("window.packReady === true || window.packError !== undefined", timeout=TIMEOUT_MS)
            error = page.evaluate("window.packError")
            if error:
                raise data.ExportError(f"PDF 中的图表未能绘制：{error}")
            page.evaluate("document.fonts.ready")
            return page.pdf(width="1920px", height="1080px", print_background=True, prefer_css_page_size=True)
        finally:
            browser.close()


def pdf_bytes(pack: Pack) -> bytes:
    return print_pdf(pack_html(pack))


def notice_bytes(message: str) -> bytes:
    """A one-page PDF saying why there is no pack (the app's button when it could not be made)."""
    page = (f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><style>"
            f"body {{ margin: 0; padding: 160px; font-family: {FONT_FAMILY}; font-size: 40px; line-height: 1.6; }}"
            f"h1 {{ font-size: 64px; }}</style></head><body><h1>会议材料未能生成</h1><p>{esc(message)}</p>"
            f"<script>window.packReady = true;</script></body></html>")
    return print_pdf(page)
