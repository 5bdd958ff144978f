"""Publishing a reviewed document into the warehouse, all or nothing.

The accepted rows (and the new indicators and regions the curator confirmed) are written in the
curated files' own format into a staging copy of data/ (sources/ and curated/), and the warehouse
is built from that copy with the build's own rules. If the build refuses anything, nothing in
data/ or the warehouse changed, and the curator sees which candidate and why. If it passes, the
new and changed files are put in place one rename each (warehouse/atomic.replacing), the
warehouse last, and the review state marks the document published with who and when (which
数据来源 shows, from the new columns of sources.csv).

One publish at a time: a second one, from another curator or another server process, is refused
with a message rather than queued behind a build."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from govdash import config
from govdash.intake import review
from govdash.intake.review import IntakeError, Problem, ReviewStore
from govdash.warehouse import build
from govdash.warehouse.atomic import replacing
from govdash.warehouse.curated_files import SCHEMAS, CurationFailed

try:
    import fcntl
except ImportError:  # Windows: one server process, guarded by the threading lock below
    fcntl = None

_publishing = threading.Lock()
DOC_NO = re.compile(r"^(\d{3})_")


class PublishBusy(IntakeError):
    """Another publish is running."""


class PublishRefused(IntakeError):
    """The build refused the document; `problems` say which candidate and why. Nothing changed."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("发布未完成，数据仓库和整理数据均未改动：\n" + "\n".join(f"- {p}" for p in problems[:30]))


@dataclass(frozen=True)
class Published:
    source_file: str
    figures: int
    new_indicators: int
    new_regions: int
    summary: dict


@dataclass(frozen=True)
class Plan:
    source_file: str
    files: dict[str, str]  # path under data/ -> new content
    lines: dict[int, int]  # line of figures/<NNN>.csv -> candidate number
    new_indicators: int
    new_regions: int


@contextlib.contextmanager
def publish_lock(folder: Path):
    """Held for the whole publish; PublishBusy at once when another holds it (this process or another)."""
    if not _publishing.acquire(blocking=False):
        raise PublishBusy("另一次发布正在进行，请稍候片刻再发布（不会丢失你的审核结果）。")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "publish.lock", "a+") as handle:
            if fcntl is not None:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise PublishBusy("另一次发布正在进行，请稍候片刻再发布（不会丢失你的审核结果）。") from None
            yield
    finally:
        _publishing.release()


def next_doc_no(sources_csv: Path) -> str:
    numbers = [int(m.group(1)) for line in sources_csv.read_text(encoding="utf-8").splitlines()[1:]
               if (m := DOC_NO.match(line))]
    number = max(numbers, default=-1) + 1
    if number > 999:
        raise IntakeError("来源文件编号已用完（最多 1000 份），请联系管理员。")
    return f"{number:03d}"


def csv_text(schema: str, rows: list[dict], header: bool = True) -> str:
    columns = [c.name for c in SCHEMAS[schema]]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="ignore")
    if header:
        writer.writeheader()
    writer.writerows([{c: "" if r.get(c) is None else r.get(c) for c in columns} for r in rows])
    return out.getvalue()


def appended(path: Path, schema: str, rows: list[dict]) -> str:
    """The file's text with `rows` appended (a final newline ensured first)."""
    text = path.read_text(encoding="utf-8")
    if text and not text.endswith("\n"):
        text += "\n"
    return text + csv_text(schema, rows, header=False)


def _bool_text(value) -> str:
    text = str(value or "").strip().lower()
    return text if text in ("true", "false") else ""


def planned_files(doc: dict, candidates: pd.DataFrame, new_indicators: pd.DataFrame, new_regions: pd.DataFrame,
                  data_dir: Path, by: str, at: dt.datetime) -> Plan:
    """The files a publish writes (relative path: new content) and which candidate each figures line is."""
    curated = data_dir / "curated"
    doc_no = next_doc_no(curated / "sources.csv")
    source_file = f"{doc_no}_{hashlib.sha256(doc['body'].encode('utf-8')).hexdigest()[:16]}.txt"
    accepted = candidates[candidates["decision"] == "accepted"].sort_values("cand_no")
    used_indicators, used_regions = set(accepted["indicator"]), set(accepted["region"]) | {doc["region"]}
    figures, lines = [], {}
    for k, row in enumerate(accepted.to_dict("records"), start=1):
        figures.append(review.figure_values(row, f"{doc_no}-{k:04d}"))
        lines[k + 1] = int(row["cand_no"])  # line 1 is the header
    files = {
        f"sources/{source_file}": doc["body"],
        f"curated/figures/{doc_no}.csv": csv_text("figures", figures),
        "curated/sources.csv": appended(curated / "sources.csv", "sources", [{
            "source_file": source_file, "title": doc["title"], "issuer": doc["issuer"], "doc_type": doc["doc_type"],
            "region": doc["region"], "published_on": doc["published_on"], "url_note": doc.get("url_note"),
            "added_by": doc["added_by"], "added_at": f"{doc['added_at']:%Y-%m-%d %H:%M}",
            "published_by": by, "published_at": f"{at:%Y-%m-%d %H:%M}"}]),
    }
    regions = [r for r in new_regions.to_dict("records") if r["region"] in used_regions]
    if regions:
        files["curated/regions.csv"] = appended(curated / "regions.csv", "regions", regions)
    indicators = [{**r, "higher_is_better": _bool_text(r.get("higher_is_better"))}
                  for r in new_indicators.to_dict("records") if r["indicator"] in used_indicators]
    if indicators:
        files["curated/indicators.csv"] = appended(curated / "indicators.csv", "indicators", indicators)
    return Plan(source_file, files, lines, len(indicators), len(regions))


def problems_of(failed: CurationFailed, doc_no_file: str, lines: dict[int, int]) -> list[Problem]:
    out = []
    for e in failed.errors:
        if e.file.endswith(doc_no_file) and e.row in lines:
            out.append(Problem(lines[e.row], e.field, e.message))
        else:
            out.append(Problem(None, e.field, f"{e.file}{f' 第{e.row}行' if e.row else ''}：{e.message}"))
    return out


def publish(store: ReviewStore, doc_id: str, by: str, data_dir: Path | None = None,
            db_path: Path | None = None) -> Published:
    """Publish one reviewed document (see the module's docstring). IntakeError (PublishBusy,
    PublishRefused) leaves data/, the warehouse and the review state as they were."""
    data_dir = Path(data_dir or config.data_dir())
    db_path = Path(db_path or config.warehouse_path())
    with publish_lock(store.folder):
        doc = store.document(doc_id)
        if doc["status"] != "reviewing":
            raise IntakeError(f"这份文件{review.STATUSES.get(doc['status'], doc['status'])}，不能再发布。")
        candidates = store.candidates(doc_id)
        pending = int((candidates["decision"] == "pending").sum())
        if pending:
            raise IntakeError(f"还有 {pending} 条候选数据待审：请逐条接受或拒绝后再发布。")
        if not (candidates["decision"] == "accepted").any():
            raise IntakeError("没有接受任何数据：至少接受一条才能发布（不需要这份文件可选择放弃）。")
        if not doc["meta_confirmed"]:
            raise IntakeError("请先确认文件信息（标题、发布单位、类型、地区、发布日期）。")
        at = review.now()
        plan = planned_files(doc, candidates, store.new_indicators(doc_id), store.new_regions(doc_id), data_dir, by, at)
        with tempfile.TemporaryDirectory(prefix="publish-", dir=store.folder) as tmp:
            staging = Path(tmp) / "data"
            shutil.copytree(data_dir / "curated", staging / "curated")
            shutil.copytree(data_dir / "sources", staging / "sources")
            for rel, content in plan.files.items():
                (staging / rel).parent.mkdir(parents=True, exist_ok=True)
                (staging / rel).write_text(content, encoding="utf-8")
            staged_db = Path(tmp) / "warehouse.duckdb"
            try:
                summary = build.build(staging, staged_db)
            except CurationFailed as failed:
                raise PublishRefused(problems_of(failed, f"figures/{plan.source_file[:3]}.csv", plan.lines)) from None
            # the build passed on exactly these files: put them in place, the warehouse last
            for rel, content in plan.files.items():
                with replacing(data_dir / rel) as new:
                    new.write_text(content, encoding="utf-8")
            with replacing(db_path) as new:
                shutil.copyfile(staged_db, new)
        store.mark_published(doc_id, plan.source_file, by)
    return Published(plan.source_file, len(plan.lines), plan.new_indicators, plan.new_regions, summary)
