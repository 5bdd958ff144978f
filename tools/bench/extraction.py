"""Leave-one-out benchmark of figure extraction (govdash/intake) on the curated source documents.

For each document of data/sources: read it (govdash.intake.documents.read_document), build the
catalogue from the curated data with that document's figures hidden from the examples, and
extract with the document's own metadata (sources.csv: date, region, type, title, issuer — what a
curator confirms before extraction). Then

- recall: share of the document's curated figures (data/curated/figures/NNN.csv) for which some
  candidate has the same value (within 1e-6, or any of its readings) and an evidence span that
  overlaps the figure's evidence (any place the evidence occurs in the text);
- precision: share of the candidates that match some curated figure that way;
- seconds: reading plus extraction, per document.

    python -m tools.bench.extraction      # prints the table
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from govdash import config
from govdash.intake.documents import read_document
from govdash.intake.extract import Candidate, Catalogue, extract
from govdash.warehouse.curated import load_curated

TOLERANCE = 1e-6
HEADERS = ["文件", "整理数据", "候选", "召回", "精确率", "秒"]


@dataclass
class DocumentScore:
    source_file: str
    figures: int
    candidates: int
    found: int  # curated figures matched by a candidate
    correct: int  # candidates matching a curated figure
    seconds: float
    missed: list[dict]

    @property
    def recall(self) -> float:
        return self.found / self.figures if self.figures else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.candidates if self.candidates else 0.0


def spans_of(text: str, evidence: str) -> list[tuple[int, int]]:
    """Every place the evidence occurs in the text."""
    out, start = [], text.find(evidence)
    while start >= 0 and evidence:
        out.append((start, start + len(evidence)))
        start = text.find(evidence, start + 1)
    return out


def matches(candidate: Candidate, figure: dict, spans: list[tuple[int, int]]) -> bool:
    values = [candidate.value, *candidate.readings]
    if not any(abs(v - figure["value"]) <= TOLERANCE for v in values):
        return False
    return any(candidate.evidence_start < end and start < candidate.evidence_end for start, end in spans)


def score_document(curated, source: dict, data: bytes) -> DocumentScore:
    name = source["source_file"]
    catalogue = Catalogue.from_curated(curated, exclude_doc=name)
    meta = {k: source[k] for k in ("published_on", "region", "doc_type", "title", "issuer")}
    started = time.perf_counter()
    document = read_document(data, name)
    candidates = extract(document.text, catalogue, meta)
    seconds = time.perf_counter() - started
    figures = [f for f in curated.figures if f["source_file"] == name]
    spans = {f["figure_id"]: spans_of(document.text, f["evidence"]) for f in figures}
    found = [f for f in figures if any(matches(c, f, spans[f["figure_id"]]) for c in candidates)]
    correct = sum(1 for c in candidates if any(matches(c, f, spans[f["figure_id"]]) for f in figures))
    missed = [f for f in figures if f not in found]
    return DocumentScore(name, len(figures), len(candidates), len(found), correct, seconds, missed)


def bench_extraction(data_dir: Path | None = None) -> list[DocumentScore]:
    """One score per source document, leave-one-out."""
    data_dir = Path(data_dir or config.DATA_DIR)
    curated = load_curated(data_dir)
    return [score_document(curated, s, (data_dir / "sources" / s["source_file"]).read_bytes())
            for s in sorted(curated.sources, key=lambda s: s["source_file"])]


def table_rows(scores: list[DocumentScore]) -> list[list[str]]:
    rows = [[s.source_file, str(s.figures), str(s.candidates), f"{s.recall:.1%}", f"{s.precision:.1%}", f"{s.seconds:.2f}"]
            for s in scores]
    figures, candidates = sum(s.figures for s in scores), sum(s.candidates for s in scores)
    found, correct = sum(s.found for s in scores), sum(s.correct for s in scores)
    worst = max((s.seconds for s in scores), default=0.0)
    rows.append(["合计", str(figures), str(candidates), f"{found / figures:.1%}" if figures else "—",
                 f"{correct / candidates:.1%}" if candidates else "—", f"最长 {worst:.2f}"])
    return rows


RECALL_GOAL, PRECISION_GOAL, SECONDS_GOAL = 0.90, 0.60, 2.0


def goals(scores: list[DocumentScore]) -> list[str]:
    """达标/未达标 for the extraction goals, over all documents (seconds: the slowest)."""
    figures, candidates = sum(s.figures for s in scores), sum(s.candidates for s in scores)
    recall = sum(s.found for s in scores) / figures if figures else 0.0
    precision = sum(s.correct for s in scores) / candidates if candidates else 0.0
    slowest = max((s.seconds for s in scores), default=0.0)
    verdict = lambda ok: "达标" if ok else "未达标"  # noqa: E731
    return [f"{verdict(recall >= RECALL_GOAL)}  召回 ≥ {RECALL_GOAL:.0%}：{recall:.1%}",
            f"{verdict(precision >= PRECISION_GOAL)}  精确率 ≥ {PRECISION_GOAL:.0%}：{precision:.1%}",
            f"{verdict(slowest < SECONDS_GOAL)}  每份文件 < {SECONDS_GOAL:g} s：最长 {slowest:.2f} s"]


def report_extraction(report, data_dir: Path | None = None) -> list[DocumentScore]:
    """The section as the benchmark prints it: the table, then the goals."""
    scores = bench_extraction(data_dir)
    report.line("每份文件：读取 + 抽取；指标目录去掉该文件自己的示例；召回 = 整理数据中有候选值相同（含其他读法）且引文位置重叠的比例；"
                "精确率 = 候选中与某条整理数据相符的比例")
    report.table(HEADERS, table_rows(scores))
    for line in goals(scores):
        report.line(line)
    return scores


def main() -> int:
    from tools.bench.report import Report

    report = Report(lambda s: print(s, flush=True))
    report.heading("数据导入：抽取（留一法：每份文件的整理数据不作为示例）")
    report_extraction(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
