"""Run the app in a real Streamlit server and drive Debian's chromium with Playwright.

Used by the browser tests and by the benchmark (govdash/bench.py). Chromium is started with flags that
keep it from contacting anything by itself, so any request to a non-local host that a test
sees comes from the app.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("GOVDASH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic", "--disable-default-apps", "--mute-audio",
]
VIEWPORT = {"width": 1920, "height": 1080}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path


@contextlib.contextmanager
def streamlit_server(db: Path, log_dir: Path, env: dict | None = None, script: Path | None = None,
                     port: int | None = None) -> Iterator[Server]:
    """Start the app (or another `script`, e.g. a benchmark baseline) on a local port (a free one
    unless given: a restart test reuses the port) against `db`."""
    port = port or free_port()
    log = log_dir / f"streamlit-{port}-{time.monotonic_ns()}.log"
    environment = {**os.environ, "GOVDASH_DB": str(db), **(env or {})}
    with log.open("w") as out:
        proc = subprocess.Popen(
            ([sys.executable, "-m", "govdash.serve"] if script is None else
             [sys.executable, "-m", "streamlit", "run", str(script)])
            + ["--server.port", str(port), "--server.address", "127.0.0.1"],
            cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; log:\n{log.read_text()}")
            time.sleep(0.3)
        yield Server(url, proc, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@dataclass
class RequestLog:
    urls: list[str] = field(default_factory=list)

    def external(self) -> list[str]:
        out = []
        for url in self.urls:
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
                continue
            if parsed.hostname not in LOCAL_HOSTS:
                out.append(url)
        return out


@contextlib.contextmanager
def browser_page(requests: RequestLog) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", timezone_id="Asia/Shanghai")
        context.on("request", lambda req: requests.urls.append(req.url))
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()


ERROR_SELECTORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def wait_until_drawn(page, min_charts: int = 0, timeout_ms: int = 30000) -> None:
    """Wait until the script finished running and at least `min_charts` Plotly charts are drawn.

    The app root carries the script state (`data-test-script-state`: initial, running, notRunning);
    it says "initial" until the first run starts, so waiting for "notRunning" cannot stop before the
    page ran. (The status widget is no guide: it shows up only half a second into a run.) A chart
    whose code is still loading is a skeleton after the run has finished: waited for too."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_function(
        """(n) => {
            const app = document.querySelector('[data-testid="stApp"]');
            const done = app && app.getAttribute('data-test-script-state') === 'notRunning';
            const drawn = document.querySelectorAll('.js-plotly-plot .main-svg').length;
            const main = document.querySelector('[data-testid="stMain"]');
            // a chart whose code is still loading is a skeleton, not yet a .js-plotly-plot
            const loading = document.querySelector('[data-testid="stSkeleton"]');
            const undrawn = [...document.querySelectorAll('.js-plotly-plot')].some(p => !p.querySelector('.main-svg'));
            return done && !loading && !undrawn && drawn >= n && main && main.innerText.length > 0;
        }""",
        arg=min_charts,
        timeout=timeout_ms,
    )


# --- meeting screen (/meeting) -------------------------------------------------------------

def wait_for_meeting(page, timeout_ms: int = 30000) -> None:
    """Wait until the meeting screen shows a header and its slide has finished drawing."""
    page.wait_for_selector(".mtg-header .mtg-page b", timeout=timeout_ms)
    page.wait_for_function(
        """() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))
                 && document.querySelector('.mtg-footer')""",
        timeout=timeout_ms,
    )


def meeting_slide(page) -> int:
    """The slide number the header shows (1-based), or 0 while no header is drawn."""
    text = page.evaluate("() => document.querySelector('.mtg-header .mtg-page b')?.textContent || '0'")
    return int(text)


# Every visible element's box, scrollable areas that overflow, and measured type and contrast.
MEETING_LAYOUT_JS = """
() => {
  const W = innerWidth, H = innerHeight;
  const visible = el => {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || parseFloat(cs.opacity) === 0) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const outside = [];
  for (const el of document.querySelectorAll('body *')) {
    // Plotly measures text in an off-screen <svg id="js-plotly-tester"> at -10000 px: not on screen
    if (!visible(el) || el.closest('#js-plotly-tester')) continue;
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.top < -1 || r.right > W + 1 || r.bottom > H + 1) {
      outside.push(`${el.tagName}.${String(el.className.baseVal ?? el.className).slice(0, 40)} `
                   + `[${Math.round(r.left)},${Math.round(r.top)},${Math.round(r.right)},${Math.round(r.bottom)}]`);
    }
  }
  const scrolling = [];
  const areas = [document.documentElement, document.body,
                 ...document.querySelectorAll('[data-testid="stApp"], [data-testid="stAppViewContainer"], '
                   + '[data-testid="stMain"], [data-testid="stMainBlockContainer"], .mtg-body')];
  for (const el of areas) {
    if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) {
      const cs = getComputedStyle(el);
      // overflow hidden clips instead of scrolling; any other value would show a scrollbar
      if (!(cs.overflowY === 'hidden' && cs.overflowX === 'hidden') || el === document.documentElement) {
        scrolling.push(`${el.tagName}#${el.dataset.testid || ''} ${el.scrollWidth}x${el.scrollHeight} > ${el.clientWidth}x${el.clientHeight}`);
      }
    }
  }
  const ownText = el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const px = sel => [...document.querySelectorAll(sel)].filter(el => visible(el) && ownText(el))
      .map(el => parseFloat(getComputedStyle(el).fontSize));
  const lum = rgb => {
    const c = rgb.match(/[\\d.]+/g).slice(0, 3).map(v => { v = v / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const bg = getComputedStyle(e).backgroundColor;
      const alpha = bg.startsWith('rgba') ? parseFloat(bg.split(',')[3]) : 1;
      if (alpha > 0.5) return bg;
    }
    return 'rgb(255, 255, 255)';
  };
  let worst = {ratio: 99, text: ''};
  for (const el of document.querySelectorAll('.mtg-header *, .mtg-footer *, .mtg-slide-head *, .mtg-body *')) {
    if (!visible(el) || !ownText(el)) continue;
    const a = lum(getComputedStyle(el).color), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < worst.ratio) worst = {ratio, text: el.textContent.trim().slice(0, 30)};
  }
  const plotText = [...document.querySelectorAll('.js-plotly-plot text')]
      .filter(t => t.textContent.trim()).map(t => parseFloat(t.style.fontSize || getComputedStyle(t).fontSize));
  const min = xs => xs.length ? Math.min(...xs) : null;
  return {
    outside, scrolling,
    number_px: min(px('.mtg-num')),
    title_px: min(px('.mtg-slide-head h2')),
    header_title_px: min(px('.mtg-title')),
    label_px: min(px('.mtg-label')),
    smallest_text_px: min(px('.mtg-header *, .mtg-footer *, .mtg-slide-head *, .mtg-body *')),
    chart_text_px: min(plotText),
    worst_contrast: worst,
  };
}
"""
