"""The crowds of the load benchmark, as protocol-level sessions (tools/stream.py): each one loads
the page's HTML shell (where nginx sets its route cookie), opens the websocket with the browser's
cookies and drives its page as a person does, timing each step from the message sent to the run's
script_finished (what the server owes before the browser can draw).

Why not 100 Chromium contexts: on this 2-core machine they would measure Chromium, not the server;
a protocol client costs the machine a few percent of one core for a whole crowd (printed as 客户端
CPU). The meeting screen, one per room, is a real Chromium page (tools/load/screen.py)."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlparse

import websockets

from govdash.desk import registry
from tools import stream

STEP_TIMEOUT = 60.0  # seconds a step may take before it counts as 超时


@dataclass(frozen=True)
class Think:
    """Seconds a person spends between steps (uniform between the bounds)."""

    read: tuple[float, float] = (2.0, 5.0)     # reading a page, typing a code
    fill: tuple[float, float] = (10.0, 30.0)   # tapping 30 scores on a phone

    def pause(self, rng: random.Random, which: str) -> float:
        lo, hi = getattr(self, which)
        return rng.uniform(lo, hi)


QUICK = Think(read=(0.2, 0.5), fill=(0.5, 1.0))  # the smoke run


@dataclass
class Tally:
    """One scenario at one crowd size: every step's times, and every error with its kind."""

    steps: dict[str, list[float]] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (kind, detail)
    completed: int = 0  # sessions that did every step

    def record(self, step: str, seconds: float) -> None:
        self.steps.setdefault(step, []).append(seconds)

    def error(self, kind: str, detail: str = "") -> None:
        self.errors.append((kind, detail[:300]))


class StepFailed(RuntimeError):
    """The page showed an error box or an exception, or not what the step expected."""


async def fetch(url: str, path: str, cookies: dict[str, str], local_addr=None) -> dict[str, str]:
    """GET a page's HTML shell as the browser does first; returns the cookies it sets (name -> value)."""
    parsed = urlparse(url)
    reader, writer = await asyncio.open_connection(parsed.hostname, parsed.port, local_addr=local_addr)
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    writer.write((f"GET {path} HTTP/1.1\r\nHost: {parsed.hostname}:{parsed.port}\r\nAccept: text/html\r\n"
                  + (f"Cookie: {cookie}\r\n" if cookie else "") + "Connection: close\r\n\r\n").encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    head, _, _ = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines or " 200 " not in lines[0] + " ":
        raise StepFailed(f"GET {path}: {lines[0] if lines else 'no answer'}")
    found = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "set-cookie":
            key, _, rest = value.strip().partition("=")
            found[key] = rest.split(";", 1)[0]
    return found


def checked(run: stream.Run, step: str) -> stream.Run:
    if not run.finished:
        raise TimeoutError(step)
    if run.errors:
        raise StepFailed(f"{step}: {run.errors[0]}")
    return run


async def timed(tally: Tally, step: str, action) -> stream.Run:
    start = time.perf_counter()
    run = await asyncio.wait_for(action, timeout=STEP_TIMEOUT)
    checked(run, step)
    tally.record(step, time.perf_counter() - start)
    return run


async def session(url: str, tally: Tally, body: Callable, cookies: dict[str, str], path: str,
                  hold: asyncio.Event, local_addr=None) -> None:
    """One person's session: the HTML shell, the websocket, the steps of `body(session)`; the tab then
    stays open (as phones and desk browsers do) until `hold` is set; each failure counted by kind."""
    try:
        start = time.perf_counter()
        cookies = {**cookies, **await asyncio.wait_for(fetch(url, path, cookies, local_addr), STEP_TIMEOUT)}
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        async with stream.connect(url, headers=headers, open_timeout=STEP_TIMEOUT,
                                  **({"local_addr": local_addr} if local_addr else {})) as ws:
            await body(stream.Session(ws, timeout=STEP_TIMEOUT), start)
            tally.completed += 1
            await hold.wait()
    except TimeoutError as exc:
        tally.error("超时", str(exc))
    except (websockets.ConnectionClosed, websockets.InvalidStatus, websockets.InvalidHandshake, OSError) as exc:
        tally.error("连接中断", f"{type(exc).__name__}: {exc}")
    except StepFailed as exc:
        tally.error("错误框", str(exc))
    except stream.WidgetMissing as exc:
        tally.error("页面不符", str(exc))
    except Exception as exc:  # a fault of this client: counted (the run then fails) instead of the crowd waiting forever
        tally.error("压测客户端异常", f"{type(exc).__name__}: {exc}")


# --- 评议: an evaluator on a phone ---------------------------------------------------------------

BALLOT_STEPS = ("打开测评表", "输入测评码", "检查并预览", "确认提交")


def evaluator(tally: Tally, code: str, cells: int, think: Think, rng: random.Random, scale=(1, 10)):
    async def body(s: stream.Session, start: float) -> None:
        run = await asyncio.wait_for(s.open(registry.BALLOT.url_path), STEP_TIMEOUT)
        checked(run, BALLOT_STEPS[0])
        tally.record(BALLOT_STEPS[0], time.perf_counter() - start)  # from the shell's request
        await asyncio.sleep(think.pause(rng, "read"))
        s.set(s.widget("text_input", "测评码"), string_value=code)
        await timed(tally, BALLOT_STEPS[1], s.click("开始填写"))
        groups = s.widgets("button_group")
        if len(groups) != cells:
            raise StepFailed(f"测评表有 {len(groups)} 组打分按钮，应为 {cells}")
        await asyncio.sleep(think.pause(rng, "fill"))
        for group in groups:
            s.set(group, string_array_value=[str(rng.randint(*scale))])
        await timed(tally, BALLOT_STEPS[2], s.click("检查并预览"))
        await asyncio.sleep(think.pause(rng, "read"))
        run = await timed(tally, BALLOT_STEPS[3], s.click("确认提交"))
        if "测评表已提交" not in run.texts():
            raise StepFailed("提交后没有看到「测评表已提交」")
    return body


# --- desk: a signed-in viewer ---------------------------------------------------------------------

DESK_STEPS = ("打开总览", "切换到一网通办", "切换到好差评", "更改筛选（地区）")
FILTER_REGIONS = ("长沙市", "武汉经开区")


def viewer(tally: Tally, think: Think, rng: random.Random):
    async def body(s: stream.Session, start: float) -> None:
        run = await asyncio.wait_for(s.open(""), STEP_TIMEOUT)
        checked(run, DESK_STEPS[0])
        tally.record(DESK_STEPS[0], time.perf_counter() - start)
        expect_title(run, registry.OVERVIEW.title)
        for step, page in zip(DESK_STEPS[1:3], (registry.ONE_NETWORK, registry.GOOD_BAD_REVIEWS), strict=True):
            await asyncio.sleep(think.pause(rng, "read"))
            expect_title(await timed(tally, step, s.switch(page.url_path)), page.title)
        await asyncio.sleep(think.pause(rng, "read"))
        regions = s.widget("multiselect", "地区")
        chosen = [o for o in regions.options if o.split(" · ")[-1] in FILTER_REGIONS]
        s.set(regions, string_array_value=chosen)
        await timed(tally, DESK_STEPS[3], s.rerun())
        if "region=" not in s.query_string:
            raise StepFailed("更改筛选后链接里没有地区")
    return body


def expect_title(run: stream.Run, title: str) -> None:
    headings = [proto.body for kind, proto in run.elements if kind == "heading"]
    if title not in headings:
        raise StepFailed(f"页面标题不是「{title}」：{headings[:3]}")


# --- a crowd, ramped ---------------------------------------------------------------------------

async def crowd(url: str, bodies: list[Callable], ramp: float, cookies: list[dict[str, str]], path: str,
                tally: Tally, local_addrs: list | None = None) -> None:
    """Start one session per body, spread evenly over `ramp` seconds; wait until all are done, then
    close them together."""
    hold = asyncio.Event()
    tasks = []
    for i, body in enumerate(bodies):
        delay = ramp * i / max(1, len(bodies))
        local = local_addrs[i % len(local_addrs)] if local_addrs else None
        cookie = cookies[i % len(cookies)]

        async def one(body=body, delay=delay, cookie=cookie, local=local):
            await asyncio.sleep(delay)
            await session(url, tally, body, cookie, path, hold, local)

        tasks.append(asyncio.create_task(one()))
    # every session has done its steps (or failed) when completed + failed sessions == all
    while tally.completed + len(tally.errors) < len(bodies):
        await asyncio.sleep(0.1)
    hold.set()
    await asyncio.gather(*tasks)
