"""What a ballot costs: submissions into a throw-away ballot box, one after another and all at
once (threads, as Streamlit runs sessions). Prints figures only.

    python -m tools.ballot_box_bench [--evaluators 40]
"""

from __future__ import annotations

import random
import tempfile
import threading
import time
from pathlib import Path

from govdash.evaluation.ballot_box import BallotStore
from govdash.evaluation.rounds import DEFAULT_CRITERIA, DEFAULT_GRADES_TEXT, RoundSpec, parse_grades


def main(evaluators: int = 40) -> None:
    """Print how long submissions take in a throw-away ballot box: one after another, and all
    `evaluators` released at the same instant (threads, as Streamlit runs sessions)."""
    grades, _ = parse_grades(DEFAULT_GRADES_TEXT, 1)
    spec = RoundSpec("性能测试", tuple(f"单位{i}" for i in range(6)), DEFAULT_CRITERIA, ("企业代表",), 1, 10, grades)
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp:
        box = BallotStore(Path(tmp) / "ballots.duckdb")
        round_id = box.create_round(spec, "bench-password").round_id
        codes = [c for _, c in box.issue_codes(round_id, {"企业代表": 10 + evaluators})]
        started = time.perf_counter()
        for code in codes[:10]:
            box.submit_ballot(code, {(u, c): rng.randint(1, 10) for u in spec.units for c in spec.criteria})
        print(f"逐张提交：平均每张 {(time.perf_counter() - started) / 10 * 1000:.0f} ms（6 个单位 × 5 项）")
        barrier, done = threading.Barrier(evaluators), []

        def one(code: str) -> None:
            sheet = {(u, c): rng.randint(1, 10) for u in spec.units for c in spec.criteria}
            barrier.wait()
            box.submit_ballot(code, sheet)
            done.append(time.perf_counter())

        threads = [threading.Thread(target=one, args=(code,)) for code in codes[10:]]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        waits = sorted(t - started for t in done)
        print(f"{evaluators} 人同时提交：全部记录 {len(done)} 张，最后一张用时 {waits[-1]:.2f} s，"
              f"中位 {waits[len(waits) // 2]:.2f} s")
        turnout, _ = box.report(round_id)
        print(f"已收测评表 {int(turnout['ballots_in'].sum())} 张（应为 {10 + evaluators}）")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="测评数据库（data/ballots.duckdb）的提交性能：只打印数字")
    parser.add_argument("--evaluators", type=int, default=40, help="同时提交的人数")
    main(parser.parse_args().evaluators)
