"""The meeting screen during the load benchmark: one real headless Chromium page on /meeting with a
screen key and a short interval, watched in a thread. With ?interval=N every slide shows N seconds
and the rotation is aligned to the clock (slide k begins at a multiple of N seconds since the epoch),
so each change seen can be held against the moment it was due: its lateness."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field

from playwright.sync_api import Error as PlaywrightError

from govdash.desk import registry
from tools import browser


@dataclass
class Change:
    at: float        # wall-clock time the header showed the new slide
    slide: int
    lateness: float  # seconds after the slide was due


@dataclass
class ScreenWatch:
    url: str
    key: str
    interval: int = 10
    changes: list[Change] = field(default_factory=list)
    reloads: list[float] = field(default_factory=list)  # wall-clock times the page reloaded itself (its watchdog)
    problems: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _ready: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> ScreenWatch:
        self._thread = threading.Thread(target=self._watch, name="meeting-screen", daemon=True)
        self._thread.start()
        self._ready.wait(timeout=90)
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=60)

    def _watch(self) -> None:
        requests = browser.RequestLog()
        try:
            with browser.browser_page(requests) as page:
                page.goto(f"{self.url}/{registry.MEETING.url_path}?key={self.key}&interval={self.interval}",
                          wait_until="domcontentloaded")
                browser.wait_for_meeting(page, timeout_ms=60000)
                page.on("framenavigated", lambda frame: frame == page.main_frame and self.reloads.append(time.time()))
                last = browser.meeting_slide(page)
                self._ready.set()
                while not self._stop.is_set():
                    try:
                        slide = browser.meeting_slide(page)
                    except PlaywrightError:  # the page is reloading (its watchdog): look again shortly
                        slide = 0
                    if slide and slide != last:
                        now = time.time()
                        due = math.floor(now / self.interval) * self.interval
                        self.changes.append(Change(now, slide, now - due))
                        last = slide
                    if page.locator(browser.ERROR_SELECTORS).count():
                        self.problems.append("会议大屏出现错误框")
                        break
                    self._stop.wait(0.1)
                external = requests.external()
                if external:
                    self.problems.append(f"会议大屏请求了外部地址：{external[:3]}")
        except Exception as exc:  # reported with the figures, never raised into the benchmark
            self.problems.append(f"会议大屏：{type(exc).__name__}: {str(exc)[:200]}")
        finally:
            self._ready.set()

    def between(self, start: float, end: float) -> tuple[list[Change], int]:
        """Changes seen in [start, end) and how many were due then (one per interval boundary)."""
        seen = [c for c in self.changes if start <= c.at < end]
        due = max(0, math.floor(end / self.interval) - math.ceil(start / self.interval) + 1)
        return seen, due

    def reloads_between(self, start: float, end: float) -> int:
        return sum(start <= at < end for at in self.reloads)
