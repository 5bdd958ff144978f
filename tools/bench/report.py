"""The benchmark's figures and verdicts: statistics, formatting, the printed and Markdown report,
the measured results and the targets they are held against. Pure: no warehouse, no browser."""

from __future__ import annotations

import statistics
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

MS = 1000.0
GIB = 2**30
QUERY_P95_TARGET = 0.100
LARGEST_PAGE_TARGET = 2.0
REAL_PAGE_TARGET = 1.5
FILTER_CHANGE_TARGET = 0.5
MEMORY_TARGET = GIB
OVER = "超标"


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def half_range(values: list[float]) -> float:
    return (max(values) - min(values)) / 2 if values else 0.0


def fmt_ms(seconds: float | None) -> str:
    """Milliseconds: one decimal below 10 ms, whole above."""
    if seconds is None:
        return "—"
    ms = seconds * MS
    return f"{ms:.1f}" if ms < 10 else f"{ms:.0f}"


def fmt_stat(values: list[float]) -> str:
    """Median ± half the range, in ms ("123 ±4"); a single value alone."""
    if not values:
        return "—"
    if len(values) == 1:
        return fmt_ms(values[0])
    return f"{fmt_ms(statistics.median(values))} ±{fmt_ms(half_range(values))}"


def fmt_seconds(values: list[float]) -> str:
    if not values:
        return "—"
    if len(values) == 1:
        return f"{values[0]:.2f} s"
    return f"{statistics.median(values):.2f} s ±{half_range(values):.2f}"


def fmt_bytes(n: float | None) -> str:
    if n is None:
        return "—"
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n:.0f} B"


def fmt_query_cell(p50: float, p95: float, rows: int) -> str:
    flag = f" {OVER}" if p95 > QUERY_P95_TARGET else ""
    return f"{fmt_ms(p50)} / {fmt_ms(p95)}{flag} ({rows})"


def size_label(factor: int) -> str:
    return "真实 1×" if factor == 1 else f"{factor}×"


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


class Report:
    """Prints each section as it comes and keeps it as Markdown for <work>/benchmarks.md."""

    def __init__(self, out: Callable[[str], None] = print):
        self.md: list[str] = []
        self.out = out

    def heading(self, text: str) -> None:
        self.out(f"\n== {text} ==")
        self.md += ["", f"## {text}", ""]

    def line(self, text: str = "") -> None:
        self.out(text)
        self.md.append(text + "  " if text else "")

    def table(self, headers: list[str], rows: list[list[str]]) -> None:
        widths = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
        self.out("  ".join(pad(h, w, i > 0) for i, (h, w) in enumerate(zip(headers, widths, strict=True))))
        for r in rows:
            self.out("  ".join(pad(c, w, i > 0) for i, (c, w) in enumerate(zip(r, widths, strict=True))))
        self.md += ["", "| " + " | ".join(headers) + " |", "|" + "|".join(["---"] + ["---:"] * (len(headers) - 1)) + "|"]
        self.md += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
        self.md.append("")

    def markdown(self, title: str) -> str:
        return "\n".join([f"# {title}", *self.md]).rstrip() + "\n"


# --- targets (pure) ---------------------------------------------------------------------------

@dataclass
class Results:
    sizes: list[int] = field(default_factory=list)
    query: dict[tuple[int, str, str], tuple[float, float, int]] = field(default_factory=dict)  # p50, p95, rows
    page_warm: dict[tuple[int, str], list[float]] = field(default_factory=dict)   # (size, page title)
    page_cold: dict[tuple[int, str], float] = field(default_factory=dict)
    page_switch: dict[tuple[int, str], list[float]] = field(default_factory=dict)  # in-app, from the sidebar
    filter_change: dict[int, list[float]] = field(default_factory=dict)
    server_peak: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    page_failed: set[tuple[int, str]] = field(default_factory=set)  # (size, page title) not measured
    retries: list[str] = field(default_factory=list)  # measurements started over once (see switch_to)


@dataclass
class Target:
    name: str
    status: str                  # 达标 / 未达标 / 未测
    offenders: list[str] = field(default_factory=list)


def _check(name: str, measured: dict[str, float], limit: float, fmt: Callable[[float], str],
           missing: list[str] | tuple = ()) -> Target:
    """达标 only if everything was measured and under the limit; what could not be measured is
    named (未全测), never counted as met."""
    if not measured and not missing:
        return Target(name, "未测")
    over = [f"{k} {fmt(v)}" for k, v in sorted(measured.items(), key=lambda kv: -kv[1]) if v >= limit]
    status = "未达标" if over else "未全测" if missing else "达标"
    return Target(name, status, over + [f"{m} 未测得" for m in missing])


def evaluate_targets(r: Results) -> list[Target]:
    """The issue's targets on the largest size measured and on the real warehouse."""
    largest = max(r.sizes) if r.sizes else 1
    lab = size_label(largest)
    sec = lambda v: f"{v:.2f} s"  # noqa: E731
    ms = lambda v: f"{fmt_ms(v)} ms"  # noqa: E731
    failed = lambda size: sorted(p for s, p in r.page_failed if s == size)  # noqa: E731
    return [
        _check(f"{lab}：每页热加载 < {LARGEST_PAGE_TARGET:g} s",
               {p: statistics.median(v) for (s, p), v in r.page_warm.items() if s == largest and v},
               LARGEST_PAGE_TARGET, sec, failed(largest)),
        # A page's queries answer a click; the exports' queries (every figure at once) are part of
        # writing a file, and their time is in the export table (section 6a).
        _check(f"{lab}：每个页面查询 p95 < {QUERY_P95_TARGET * MS:g} ms（exports/ 的查询计入 6a 导出用时）",
               {f"{q}［{var}］": p95 for (s, q, var), (_, p95, _) in r.query.items()
                if s == largest and not q.startswith("exports/")},
               QUERY_P95_TARGET, ms),
        _check(f"{lab}：服务器内存峰值 < {fmt_bytes(MEMORY_TARGET)}",
               {"服务器": float(r.server_peak[largest])} if largest in r.server_peak else {},
               MEMORY_TARGET, fmt_bytes),
        _check(f"{lab}：每页站内切换 < {LARGEST_PAGE_TARGET:g} s",
               {p: statistics.median(v) for (s, p), v in r.page_switch.items() if s == largest and v},
               LARGEST_PAGE_TARGET, sec, failed(largest)),
        _check(f"真实 1×：每页热加载 < {REAL_PAGE_TARGET:g} s",
               {p: statistics.median(v) for (s, p), v in r.page_warm.items() if s == 1 and v},
               REAL_PAGE_TARGET, sec, failed(1)),
        _check(f"真实 1×：每页站内切换 < {REAL_PAGE_TARGET:g} s",
               {p: statistics.median(v) for (s, p), v in r.page_switch.items() if s == 1 and v},
               REAL_PAGE_TARGET, sec, failed(1)),
        _check(f"真实 1×：筛选变更 < {FILTER_CHANGE_TARGET:g} s",
               {"筛选变更": statistics.median(r.filter_change[1])} if r.filter_change.get(1) else {},
               FILTER_CHANGE_TARGET, sec),
    ]
