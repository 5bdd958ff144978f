"""Soak benchmark for the meeting screen (`make soak`): prints figures, asserts nothing.

Starts the app, opens /meeting in headless chromium at 1920x1080 with a short interval, and lets
it rotate for --minutes. Prints, at the start, every --every seconds and at the end: the server's
resident memory (psutil, server process and its children), the page's JS heap and DOM node count
(Chrome DevTools Protocol Performance.getMetrics), and how many slide changes were seen. Then,
unless --no-restart, kills the server, starts it again on the same port with the page still open,
and prints how long the screen took to carry on with the agenda.

    python -m tools.soak [--minutes 10] [--interval 3] [--every 60] [--db PATH]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import psutil

from govdash import config
from govdash.desk import registry
from govdash.meeting import agenda
from govdash.warehouse import build
from tools import browser


def _rss_mb(pid: int) -> float:
    proc = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 2**20


def _page_metrics(cdp) -> dict[str, float]:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {"heap_mb": metrics["JSHeapUsedSize"] / 2**20, "nodes": metrics["Nodes"],
            "listeners": metrics["JSEventListeners"]}


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="会议大屏长时间轮播测试：打印内存，不做断言")
    parser.add_argument("--minutes", type=float, default=10, help="轮播时长（分钟）")
    parser.add_argument("--interval", type=int, default=3, help="每页秒数（?interval=）")
    parser.add_argument("--every", type=float, default=60, help="每隔多少秒打印一次")
    parser.add_argument("--db", type=Path, default=None, help="数据仓库，默认从 data/ 临时生成")
    parser.add_argument("--no-restart", action="store_true", help="不做服务重启恢复检查")
    return parser.parse_args(argv)


def rotate(page, cdp, srv, url_path: str, args: argparse.Namespace) -> None:
    """Let the screen rotate for --minutes, printing a sample every --every seconds, then a summary."""
    page.goto(srv.url + url_path, wait_until="domcontentloaded")
    browser.wait_for_meeting(page)
    start = time.monotonic()
    last_slide, changes, next_print = browser.meeting_slide(page), 0, 0.0
    samples = []
    while True:
        elapsed = time.monotonic() - start
        slide = browser.meeting_slide(page)
        if slide and slide != last_slide:
            changes += 1
            last_slide = slide
        if elapsed >= next_print or elapsed >= args.minutes * 60:
            cdp.send("HeapProfiler.collectGarbage")  # report live memory, not garbage awaiting collection
            m = _page_metrics(cdp)
            rss = _rss_mb(srv.process.pid)
            samples.append((elapsed, rss, m["heap_mb"], m["nodes"]))
            print(f"{elapsed:9.0f} {slide:5d} {changes:7d} {rss:13.1f} {m['heap_mb']:10.2f} {m['nodes']:9.0f} "
                  f"{m['listeners']:9.0f}", flush=True)
            next_print += args.every
            if elapsed >= args.minutes * 60:
                break
        page.wait_for_timeout(500)
    first, last = samples[0], samples[-1]
    print(f"轮播 {changes} 次（期望约 {int(last[0] // args.interval)} 次）。"
          f"服务器内存 {first[1]:.1f} → {last[1]:.1f} MB（{last[1] - first[1]:+.1f}），"
          f"页面 JS 堆 {first[2]:.2f} → {last[2]:.2f} MB（{last[2] - first[2]:+.2f}），"
          f"DOM 节点 {first[3]:.0f} → {last[3]:.0f}。")


def restart_under_the_page(page, cdp, db: Path, work: Path, env: dict, port: int, interval: int) -> None:
    """The server is gone; start it again on the same port and time how long the screen takes to carry on."""
    print("服务重启检查：服务已停止，页面保持打开……")
    page.wait_for_timeout(5000)
    stuck = browser.meeting_slide(page)
    with browser.streamlit_server(db, work, env=env, port=port):
        restarted = time.monotonic()
        page.wait_for_function(
            f"() => document.querySelector('.mtg-page b')?.textContent !== '{stuck}'", timeout=120000)
        seconds = time.monotonic() - restarted
        expected = int(time.time() // interval) % len(agenda.default_agenda()) + 1
        print(f"服务重启后 {seconds:.1f} 秒页面恢复轮播；当前第 {browser.meeting_slide(page)} 页"
              f"（默认议程按时钟应为第 {expected} 页左右）")
        print(f"重启后 JS 堆 {_page_metrics(cdp)['heap_mb']:.2f} MB")


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    work = Path(tempfile.mkdtemp(prefix="govdash-soak-"))
    db = args.db
    if db is None:
        db = work / "soak.duckdb"
        build.build(config.DATA_DIR, db)
    port = browser.free_port()
    env = browser.private_files(work / "files")
    key = browser.issue_screen_key(env, "轮播测试", "soak")  # the wall screen opens with a key, as in a room
    url_path = f"/{registry.MEETING.url_path}?key={key}&interval={args.interval}"
    print(f"会议大屏轮播测试：{url_path}，{args.minutes:g} 分钟，数据 {db}")
    print(f"{'elapsed_s':>9} {'slide':>5} {'changes':>7} {'server_rss_mb':>13} {'js_heap_mb':>10} {'dom_nodes':>9} "
          f"{'listeners':>9}")
    requests = browser.RequestLog()
    with browser.browser_page(requests) as page:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        with browser.streamlit_server(db, work, env=env, port=port) as srv:
            rotate(page, cdp, srv, url_path, args)
        if not args.no_restart:
            restart_under_the_page(page, cdp, db, work, env, port, args.interval)
    external = requests.external()
    print("非本机请求：" + ("无" if not external else "、".join(external[:5])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
