"""会议大屏 in Debian's chromium at 1920x1080: every slide fits the screen with no scrollbar, type
is room-sized with enough contrast, the rotation moves on and pauses, a snapshot's numbers stay
fixed when the warehouse is rebuilt, the screen recovers from a server restart, and nothing leaves
the machine. Screenshots of every slide go to artifacts/screenshots/meeting-*.png."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govdash.desk import registry
from govdash.meeting import agenda as agendas
from govdash.warehouse import build
from tests.browser.conftest import SCREENSHOTS, screen_key
from tests.support import FIXTURE_DATA, ROOT, require_chromium
from tools import browser

# Every visible element's box, scrollable areas, measured type and contrast (evaluated in the page).
MEETING_LAYOUT_JS = (Path(__file__).parent / "meeting_layout.js").read_text(encoding="utf-8")

pytestmark = pytest.mark.browser

DEFAULT = agendas.default_agenda()


def test_every_slide_fits_the_screen(server):
    """Each slide of the default agenda, paused on it: nothing outside 1920x1080, no scrollbar,
    no text cut off by its card, numbers >= 64 px, titles >= 36 px, text contrast >= 4.5:1 (WCAG AA), no chrome, no errors."""
    requests = browser.RequestLog()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    report = {}
    key = screen_key(server.env)
    with browser.browser_page(requests) as page:
        for k, slide in enumerate(DEFAULT.slides, start=1):
            page.goto(f"{server.url}/{registry.MEETING.url_path}?key={key}&pause=1&slide={k}", wait_until="domcontentloaded")
            browser.wait_for_meeting(page)
            assert browser.meeting_slide(page) == k
            page.wait_for_timeout(700)  # let the slide's fade-in finish before measuring
            name = slide.name.replace(":", "-")
            page.screenshot(path=str(SCREENSHOTS / f"meeting-{k:02d}-{name}.png"))
            m = page.evaluate(MEETING_LAYOUT_JS)
            report[slide.name] = {key: v for key, v in m.items() if key not in ("outside", "scrolling", "clipped")}
            assert m["outside"] == [], (slide.name, m["outside"][:5])
            assert m["scrolling"] == [], (slide.name, m["scrolling"])
            assert m["clipped"] == [], (slide.name, m["clipped"][:5])
            assert m["title_px"] >= 36 and m["header_title_px"] >= 36, (slide.name, m)
            if slide.kind == "window_units":
                assert m["chart_text_px"] >= 20, (slide.name, m)
            else:
                assert m["number_px"] >= 64, (slide.name, m)
            assert m["worst_contrast"]["ratio"] >= 4.5, (slide.name, m["worst_contrast"])
            assert page.locator(browser.ERROR_SELECTORS).count() == 0, slide.name
            for chrome in ("stSidebar", "stHeader", "stToolbar", "stStatusWidget"):
                assert not page.locator(f'[data-testid="{chrome}"]').is_visible(), (slide.name, chrome)
            assert page.get_by_text("Page not found").count() == 0
    (ROOT / "artifacts" / "meeting-layout.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    assert requests.urls and requests.external() == [], requests.external()


def test_rotation_moves_on_and_pause_stops_it(server):
    requests = browser.RequestLog()
    with browser.browser_page(requests) as page:
        page.goto(f"{server.url}/{registry.MEETING.url_path}?key={screen_key(server.env)}&interval=2",
                  wait_until="domcontentloaded")
        browser.wait_for_meeting(page)
        first = browser.meeting_slide(page)
        page.wait_for_function(f"() => document.querySelector('.mtg-page b')?.textContent !== '{first}'", timeout=15000)
        second = browser.meeting_slide(page)
        assert second == first % len(DEFAULT) + 1
        page.get_by_role("button", name=re.compile("暂停")).click()
        page.wait_for_selector(".mtg-paused", timeout=15000)
        paused_on = browser.meeting_slide(page)
        assert "pause=1" in page.url and f"slide={paused_on}" in page.url
        page.wait_for_timeout(6000)  # three intervals
        assert browser.meeting_slide(page) == paused_on
        page.get_by_role("button", name=re.compile("^▶(?! 继续)")).click()  # next, not resume
        page.wait_for_function(f"() => document.querySelector('.mtg-page b')?.textContent === '{paused_on % len(DEFAULT) + 1}'",
                               timeout=15000)
        page.keyboard.press("Space")  # resume with the keyboard shortcut: rotates again
        page.wait_for_selector(".mtg-paused", state="detached", timeout=15000)
        resumed = browser.meeting_slide(page)
        page.wait_for_function(f"() => document.querySelector('.mtg-page b')?.textContent !== '{resumed}'", timeout=15000)
        assert page.locator(browser.ERROR_SELECTORS).count() == 0
    assert requests.external() == []


def test_snapshot_numbers_stay_fixed_after_a_rebuild(tmp_path):
    require_chromium()
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    live = tmp_path / "live.duckdb"
    snaps = tmp_path / "snapshots"
    build.build(data, live)
    env = browser.private_files(tmp_path / "files", GOVDASH_SNAPSHOTS=str(snaps))
    key = screen_key(env)
    # the snapshot is taken the way an organiser does it, with the command
    done = subprocess.run([sys.executable, "-m", "govdash.warehouse.snapshot", "create", "季度例会", "--db", str(live)],
                          cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True)
    assert done.returncode == 0 and "季度例会" in done.stdout, done.stderr
    requests = browser.RequestLog()
    screen = f"/{registry.MEETING.url_path}?key={key}"
    frozen_url, live_url = f"{screen}&snapshot=季度例会&slides=好差评&pause=1", f"{screen}&slides=好差评&pause=1"
    with browser.streamlit_server(live, tmp_path, env=env) as srv, browser.browser_page(requests) as page:
        page.goto(srv.url + frozen_url, wait_until="domcontentloaded")
        browser.wait_for_meeting(page)
        assert "95.06" in page.locator(".mtg-body").inner_text()
        assert "快照「季度例会」" in page.locator(".mtg-header").inner_text()
        # new figures are imported: the live warehouse is rebuilt with a changed value
        figures = data / "curated" / "figures" / "900.csv"
        figures.write_text(figures.read_text(encoding="utf-8").replace(",95.06,%,", ",96.5,%,"), encoding="utf-8")
        build.build(data, live)
        page.goto(srv.url + live_url, wait_until="domcontentloaded")
        browser.wait_for_meeting(page)
        assert "96.5" in page.locator(".mtg-body").inner_text()
        assert "实时数据" in page.locator(".mtg-header").inner_text()
        page.goto(srv.url + frozen_url, wait_until="domcontentloaded")
        browser.wait_for_meeting(page)
        body = page.locator(".mtg-body").inner_text()
        assert "95.06" in body and "96.5" not in body
        page.screenshot(path=str(SCREENSHOTS / "meeting-snapshot.png"))
        page.goto(srv.url + f"{screen}&snapshot=没有的快照", wait_until="domcontentloaded")
        page.wait_for_selector('[data-testid="stAlert"]', timeout=30000)
        assert "快照「没有的快照」不存在" in page.locator('[data-testid="stAlert"]').inner_text()
    assert requests.external() == []


def test_screen_recovers_after_a_server_restart(real_db, tmp_path):
    require_chromium()
    port = browser.free_port()
    env = browser.private_files(tmp_path / "files")
    key = screen_key(env)
    requests = browser.RequestLog()
    with browser.browser_page(requests) as page:
        with browser.streamlit_server(real_db, tmp_path, env=env, port=port) as srv:
            page.goto(f"{srv.url}/{registry.MEETING.url_path}?key={key}&interval=3", wait_until="domcontentloaded")
            browser.wait_for_meeting(page)
        # the server is gone; the page stays open
        page.wait_for_timeout(4000)
        with browser.streamlit_server(real_db, tmp_path, env=env, port=port):
            before = browser.meeting_slide(page)
            page.wait_for_function(f"() => document.querySelector('.mtg-page b')?.textContent !== '{before}'",
                                   timeout=60000)
            browser.wait_for_meeting(page)
            # carries on with the agenda where the clock says it is (start = epoch, 3 s per slide)
            expected = {int(time.time() // 3 + d) % len(DEFAULT) + 1 for d in (-1, 0, 1)}
            assert browser.meeting_slide(page) in expected
            assert page.locator(browser.ERROR_SELECTORS).count() == 0
            assert not page.get_by_text("Connection error").is_visible()
    assert requests.external() == []


def test_a_frozen_screen_reloads_itself(server):
    """The page stops hearing from the server (its messages dropped, as when an overloaded session
    stops rotating) while the server answers: after ?watchdog= seconds of a still clock the page
    reloads itself and the rotation carries on, with nobody touching it."""
    requests = browser.RequestLog()
    with browser.browser_page(requests) as page:
        page.goto(f"{server.url}/{registry.MEETING.url_path}?key={screen_key(server.env)}&interval=3&watchdog=8",
                  wait_until="domcontentloaded")
        browser.wait_for_meeting(page)
        page.wait_for_timeout(2500)  # the watchdog is mounted with the first full run
        with page.expect_navigation(timeout=40000):  # the reload, with nobody touching the page
            page.evaluate("WebSocket.prototype.send = function () {}")  # nothing reaches the server any more
            page.wait_for_timeout(2000)  # an answer already on its way may still tick the clock once
            frozen = page.locator(".mtg-time").inner_text()
            page.wait_for_timeout(3000)
            assert page.locator(".mtg-time").inner_text() == frozen  # the clock really stands still
        browser.wait_for_meeting(page)
        before = browser.meeting_slide(page)
        page.wait_for_function(f"() => document.querySelector('.mtg-page b')?.textContent !== '{before}'", timeout=15000)
        assert page.locator(browser.ERROR_SELECTORS).count() == 0
    assert requests.external() == []
