"""The benchmark's exports (`section_exports`): each export of govdash/exports run as the command a
person types, timed wall-clock and its peak memory sampled (the process tree: chromium included
for the PDF), on the real warehouse and on the largest one measured."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from govdash.exports.pdf_pack import chromium_available
from tools.bench.pages import MemorySampler

ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class Export:
    name: str
    args: tuple[str, ...]
    suffix: str


EXPORTS = (
    Export("Excel 工作簿（全部数据）", ("workbook",), ".xlsx"),
    Export("简报 Word（全部数据）", ("briefing",), ".docx"),
    Export("会议材料 PPTX（默认议程）", ("meeting-pack",), ".pptx"),
    Export("会议材料 PDF（默认议程）", ("meeting-pack",), ".pdf"),
)


@dataclass
class ExportRun:
    seconds: list[float]
    peak_rss: int
    size: int
    error: str = ""


def run_export(export: Export, warehouse: Path, work: Path, runs: int) -> ExportRun:
    """`python -m govdash.exports …` on `warehouse`, `runs` times; the largest peak memory of the runs."""
    out = work / f"export{export.suffix}"
    env = {**os.environ, "GOVDASH_SNAPSHOTS": str(work / "snapshots")}
    seconds, peak = [], 0
    for _ in range(runs):
        out.unlink(missing_ok=True)
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "govdash.exports", *export.args, "--out", str(out), "--db", str(warehouse)],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with MemorySampler(proc.pid, interval=0.05) as mem:
            _, err = proc.communicate(timeout=1800)
        seconds.append(time.perf_counter() - start)
        peak = max(peak, mem.peak)
        if proc.returncode != 0:
            return ExportRun(seconds, peak, 0, err.strip().splitlines()[-1] if err.strip() else f"exit {proc.returncode}")
    return ExportRun(seconds, peak, out.stat().st_size)


def bench_exports(warehouses: dict[int, Path], work: Path, runs: int, largest_runs: int) -> dict[tuple[int, str], ExportRun]:
    """Every export on the real warehouse (1) and the largest size; the PDF only where chromium is."""
    results = {}
    folder = work / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    largest = max(warehouses)
    for factor in sorted({1, largest}):
        for export in EXPORTS:
            if export.suffix == ".pdf" and not chromium_available():
                continue
            results[(factor, export.name)] = run_export(export, warehouses[factor], folder,
                                                        runs if factor == 1 else largest_runs)
    return results
