"""`make bench-load`: crowds against the real server, with K = 1, 2, 3 app processes.

    python -m tools.load [--processes 1,2,3] [--evaluators 50,100,200] [--viewers 15,30,60]
                         [--ramp 60] [--interval 10] [--db data/dashboard.duckdb] [--work DIR] [--smoke]

For each K the app is started as `make run` starts it (python -m govdash.serve; with K > 1, K of
them behind nginx as `make run-cluster` does), with its own ballot box, accounts, audit log and
key in the work directory. The meeting screen rotates in Chromium throughout. Then, crowd size by
crowd size (stopping at the first whose p95 reaches the target):

- 评议: N evaluators open 测评表 spread over the ramp, each with their own one-time code, enter it,
  fill every score, review and submit; afterwards the round must hold exactly N whole ballots and
  N used codes (the exact-count check: a wrong count is the one thing that makes the exit status 1);
- 看板: M signed-in viewers open 总览, switch to 一网通办 and 好差评 and change the region filter.

Printed per crowd: every step's p50 / p95 / max, errors by kind (error box or exception, lost
connection, timeout, page not as expected), the app processes' CPU (busy share of the machine's
cores) and peak RSS, the client's own CPU, and the meeting screen's slide changes and lateness;
then per K the largest crowd whose every step kept p95 under 3 s without an error. Timing never
fails anything; `--smoke` (5 evaluators, 3 viewers, K = 1, short pauses) is what the test suite runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from govdash.evaluation import rounds
from tools import browser, cluster
from tools.bench.report import Report, fmt_bytes, percentile
from tools.load import crowds
from tools.load.screen import ScreenWatch

P95_TARGET = 3.0
ROOT = browser.ROOT
VIEWER, PASSWORD, ADMIN = "看板查看员", "load-password-1", "大屏管理员"
UNITS = tuple(f"窗口单位{i}" for i in range(1, 7))  # 6 units x 5 criteria: the sheet of a real round


@dataclass
class Level:
    """One crowd at one size, with what the server spent on it."""

    processes: int
    scenario: str  # 评议 or 看板
    sessions: int
    tally: crowds.Tally
    seconds: float = 0.0
    server_cpu: float = 0.0     # CPU seconds of the app processes
    client_cpu: float = 0.0     # CPU seconds of this process (the protocol client)
    peak_rss: int = 0
    ballots: dict | None = None  # the exact-count check
    started: float = 0.0

    @property
    def worst_p95(self) -> float:
        return max((percentile(v, 95) for v in self.tally.steps.values() if v), default=float("inf"))

    @property
    def count_ok(self) -> bool:
        b = self.ballots
        return b is None or (b["ballots_in"] == b["ballots_whole"] == b["codes_used"] == self.sessions
                             and b["stray_scores"] == 0)

    @property
    def holds(self) -> bool:
        """Every step's p95 under the target, every session finished, no error, the count right."""
        return (not self.tally.errors and self.tally.completed == self.sessions and self.count_ok
                and self.worst_p95 < P95_TARGET)


@dataclass
class Results:
    levels: list[Level] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def capacity(self, processes: int, scenario: str) -> str:
        tried = [lv for lv in self.levels if lv.processes == processes and lv.scenario == scenario]
        held = [lv.sessions for lv in tried if lv.holds]
        if not tried:
            return "未测"
        if not held:
            return f"< {min(lv.sessions for lv in tried)}"
        best = max(held)
        above = [lv.sessions for lv in tried if lv.sessions > best]
        return f"{best}" + (f"（{min(above)} 未达标）" if above else "（更大未测）")

    @property
    def counts_ok(self) -> bool:
        return all(lv.count_ok for lv in self.levels)

    @property
    def errors(self) -> list[tuple[str, str]]:
        return [e for lv in self.levels for e in lv.tally.errors]


class ServerMeter:
    """CPU seconds and peak RSS of the app processes (with their children) while a crowd runs."""

    def __init__(self, pids: list[int]):
        self.procs = [psutil.Process(p) for p in pids]

    def cpu(self) -> float:
        total = 0.0
        for proc in self.procs:
            for p in [proc, *proc.children(recursive=True)]:
                with contextlib.suppress(psutil.NoSuchProcess):
                    t = p.cpu_times()
                    total += t.user + t.system
        return total

    def rss(self) -> int:
        from tools.bench.pages import process_tree_rss
        return sum(process_tree_rss(p.pid) for p in self.procs)


async def _sample_rss(meter: ServerMeter, level: Level, stop: asyncio.Event) -> None:
    while not stop.is_set():
        level.peak_rss = max(level.peak_rss, meter.rss())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.25)


def measure(level: Level, meter: ServerMeter, run: Callable) -> Level:
    """Run a crowd (a coroutine factory) with the server's CPU and memory measured around it."""
    me = psutil.Process()
    cpu0, mine0, t0 = meter.cpu(), sum(me.cpu_times()[:2]), time.perf_counter()
    level.started = time.time()

    async def go():
        stop = asyncio.Event()
        sampler = asyncio.create_task(_sample_rss(meter, level, stop))
        try:
            await run()
        finally:
            stop.set()
            await sampler

    asyncio.run(go())
    level.seconds = time.perf_counter() - t0
    level.server_cpu = meter.cpu() - cpu0
    level.client_cpu = sum(me.cpu_times()[:2]) - mine0
    return level


def new_round(env: dict, evaluators: int) -> tuple[str, list[str]]:
    """A round like an organiser's (6 units x 5 criteria, two groups) with one code per evaluator."""
    from govdash.evaluation.ballot_box import BallotStore

    spec = rounds.RoundSpec(title=f"负载测试（{evaluators} 人）", units=UNITS, criteria=rounds.DEFAULT_CRITERIA,
                            groups=rounds.DEFAULT_GROUPS, scale_min=1, scale_max=10,
                            grades=rounds.parse_grades(rounds.DEFAULT_GRADES_TEXT, 1)[0])
    with browser.as_server(env):
        box = BallotStore(Path(env["GOVDASH_BALLOTS"]))
        made = box.create_round(spec, PASSWORD)
        half = evaluators // 2
        codes = box.issue_codes(made.round_id, {spec.groups[0]: evaluators - half, spec.groups[1]: half})
    return made.round_id, [code for _, code in codes]


def integrity(env: dict, round_id: str) -> dict:
    from govdash.evaluation.ballot_box import BallotStore

    with browser.as_server(env):
        return BallotStore(Path(env["GOVDASH_BALLOTS"])).integrity(round_id)


def viewer_cookies(env: dict, sessions: int) -> list[dict[str, str]]:
    """One sign-in session per viewer, as the sign-in form would open them, as the cookie the server sets."""
    from govdash.accounts import sessions as cookie
    from govdash.accounts.store import AccountStore

    with browser.as_server(env):
        store = AccountStore(Path(env["GOVDASH_ACCOUNTS"]))
        return [{cookie.COOKIE: cookie.cookie_value(store.open_session(VIEWER))} for _ in range(sessions)]


def ballot_crowd(c: cluster.Cluster, n: int, ramp: float, think: crowds.Think, seed: int) -> Level:
    level = Level(len(c.servers), "评议", n, crowds.Tally())
    round_id, codes = new_round(c.env, n)
    rng = random.Random(seed)
    bodies = [crowds.evaluator(level.tally, code, len(UNITS) * len(rounds.DEFAULT_CRITERIA), think,
                               random.Random(rng.random())) for code in codes]
    measure(level, ServerMeter(c.pids()), lambda: crowds.crowd(c.url, bodies, ramp, [{}], "/ballot", level.tally))
    level.ballots = integrity(c.env, round_id)
    return level


def desk_crowd(c: cluster.Cluster, m: int, ramp: float, think: crowds.Think, seed: int) -> Level:
    level = Level(len(c.servers), "看板", m, crowds.Tally())
    cookies = viewer_cookies(c.env, m)
    rng = random.Random(seed)
    bodies = [crowds.viewer(level.tally, think, random.Random(rng.random())) for _ in range(m)]
    measure(level, ServerMeter(c.pids()), lambda: crowds.crowd(c.url, bodies, ramp, cookies, "/", level.tally))
    return level


def report_level(out: Report, level: Level, watch: ScreenWatch | None, cores: int) -> None:
    t = level.tally
    steps = crowds.BALLOT_STEPS if level.scenario == "评议" else crowds.DESK_STEPS
    rows = []
    for step in steps:
        v = t.steps.get(step, [])
        rows.append([step, str(len(v))] + ([f"{percentile(v, q):.2f}" for q in (50, 95, 100)] if v else ["—"] * 3))
    out.line(f"K={level.processes}  {level.scenario} {level.sessions} 人（{level.seconds:.0f} s）")
    out.table(["步骤", "次数", "p50 s", "p95 s", "max s"], rows)
    kinds: dict[str, int] = {}
    for kind, _ in t.errors:
        kinds[kind] = kinds.get(kind, 0) + 1
    out.line("错误：" + ("无" if not kinds else "，".join(f"{k} {n}" for k, n in kinds.items())
                        + f"（例：{t.errors[0][1][:120]}）"))
    busy = level.server_cpu / max(level.seconds, 1e-9)
    out.line(f"服务器 CPU：{level.server_cpu:.0f} s，平均 {busy * 100:.0f}% 单核（本机 {cores} 核的 "
             f"{busy / cores * 100:.0f}%）；内存峰值（{level.processes} 个进程合计）：{fmt_bytes(level.peak_rss)}；"
             f"压测客户端 CPU：{level.client_cpu:.0f} s")
    if level.ballots is not None:
        b = level.ballots
        verdict = "正确" if level.count_ok else "错误！"
        out.line(f"票箱核对：{verdict}（发出 {b['codes_issued']} 个码，已用 {b['codes_used']}，收到 {b['ballots_in']} 张，"
                 f"完整 {b['ballots_whole']} 张，孤立打分 {b['stray_scores']} 条；应为 {level.sessions} 张）")
    if watch is not None:
        seen, due = watch.between(level.started, level.started + level.seconds)
        reloads = watch.reloads_between(level.started, level.started + level.seconds)
        late = [c.lateness for c in seen]
        reloaded = f"；看门狗自动重载 {reloads} 次" if reloads else ""
        if late:
            out.line(f"会议大屏：换页 {len(seen)} 次（应约 {due} 次），比应换时刻晚 p50 {percentile(late, 50):.1f} s、"
                     f"p95 {percentile(late, 95):.1f} s、最多 {max(late):.1f} s{reloaded}")
        else:
            out.line(f"会议大屏：未见换页（应约 {due} 次）{reloaded}")
    out.line("")


def run_ladder(out: Report, results: Results, c: cluster.Cluster, sizes: list[int], make: Callable,
               watch: ScreenWatch | None) -> None:
    for size in sizes:
        level = make(c, size)
        results.levels.append(level)
        report_level(out, level, watch, psutil.cpu_count() or 1)
        if not level.holds:
            break


def arguments(argv: list[str] | None) -> argparse.Namespace:
    sizes = lambda text: [int(x) for x in text.split(",") if x.strip()]  # noqa: E731
    parser = argparse.ArgumentParser(prog="python -m tools.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=sizes, default=[1, 2, 3], help="K：应用进程数，逗号分隔（K>1 经 nginx）")
    parser.add_argument("--evaluators", type=sizes, default=[50, 100, 200], help="评议人数，由少到多")
    parser.add_argument("--viewers", type=sizes, default=[15, 30, 60], help="看板查看人数，由少到多")
    parser.add_argument("--ramp", type=float, default=60.0, help="一批人在多少秒内陆续进入")
    parser.add_argument("--interval", type=int, default=10, help="会议大屏每页秒数")
    parser.add_argument("--no-screen", action="store_true", help="不开 Chromium 会议大屏")
    parser.add_argument("--proxy", action="store_true", help="K=1 也经 nginx（默认直连，与 make run 相同）")
    parser.add_argument("--db", type=Path, default=None, help="数据仓库（默认自建于 --work）")
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--smoke", action="store_true", help="冒烟：5 名评议人、3 名查看人、K=1、短停顿")
    args = parser.parse_args(argv)
    args.think = crowds.Think()
    if args.smoke:
        args.processes, args.evaluators, args.viewers, args.ramp = [1], [5], [3], 3.0
        args.think, args.interval = crowds.QUICK, 3
    return args


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> int:
    args = arguments(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="govdash-load-"))
    work.mkdir(parents=True, exist_ok=True)
    db = args.db
    if db is None:
        from govdash.warehouse import build
        db = work / "dashboard.duckdb"
        build.build(ROOT / "data", db)
    report, results = Report(out), Results()
    report.heading("并发：评议人群与看板人群")
    report.line(f"机器：{psutil.cpu_count()} 核，{fmt_bytes(psutil.virtual_memory().total)}；Python {sys.version.split()[0]}；"
                f"每批 {args.ramp:g} 秒内陆续进入；目标：每一步 p95 < {P95_TARGET:g} s")
    for k in args.processes:
        env = browser.private_files(work / f"files-k{k}-{time.monotonic_ns()}")
        browser.add_account(env, VIEWER, "viewer", PASSWORD)
        with cluster.cluster(db, work, k, env=env, proxy=args.proxy or k > 1) as c:
            report.heading(f"K = {k}（{'nginx + ' if c.nginx else ''}{k} 个进程）")
            watch = None
            with contextlib.ExitStack() as stack:
                if not args.no_screen and browser.chromium_available():
                    key = browser.issue_screen_key(env, "负载测试大屏", ADMIN)
                    watch = stack.enter_context(ScreenWatch(c.url, key, args.interval))
                run_ladder(report, results, c, args.evaluators,
                           lambda c, n: ballot_crowd(c, n, args.ramp, args.think, args.seed + n), watch)
                run_ladder(report, results, c, args.viewers,
                           lambda c, m: desk_crowd(c, m, args.ramp, args.think, args.seed + m), watch)
            if watch is not None:
                results.problems += watch.problems
    report.heading("容量：每一步 p95 < 3 s、无错误的最大人数")
    report.table(["K（进程）", "评议人数 N", "看板人数 M"],
                 [[str(k), results.capacity(k, "评议"), results.capacity(k, "看板")] for k in args.processes])
    for problem in results.problems:
        report.line(f"问题：{problem}")
    (work / "load.md").write_text(report.markdown("并发基准"), encoding="utf-8")
    report.line(f"Markdown：{work / 'load.md'}")
    main.results = results  # for the smoke test
    return 0 if results.counts_ok else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
