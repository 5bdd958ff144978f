"""From an upload to the review queue: read the file (documents.read_document), propose its
metadata and figures (metadata.propose_metadata, extract.extract) against the catalogue of the
curated data, and store all of it with the original (review.ReviewStore.add_document). Also the
catalogue the review checks against: the build's own records of data/curated, read once per
change of the files."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path, PurePath

import pandas as pd

from govdash import config
from govdash.intake import template
from govdash.intake.documents import Document, pasted_document, read_document
from govdash.intake.extract import Catalogue, extract
from govdash.intake.metadata import propose_metadata
from govdash.intake.review import ReviewStore, candidate_row
from govdash.warehouse import rules
from govdash.warehouse.curated import Curated, load_curated


def _stamp(data_dir: Path) -> tuple:
    """Changes whenever a curated or source file does (a publish, an edit by hand)."""
    files = [*(data_dir / "curated").rglob("*.csv"), *(data_dir / "sources").glob("*.txt")]
    return tuple(sorted((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files))


@functools.lru_cache(maxsize=4)
def _curated(data_dir: str, stamp: tuple) -> Curated:
    return load_curated(Path(data_dir))


def curated(data_dir: Path | None = None) -> Curated:
    data_dir = Path(data_dir or config.data_dir())
    return _curated(str(data_dir), _stamp(data_dir))


def rules_catalogue(data_dir: Path | None = None) -> rules.Catalogue:
    """What a figure may refer to, as the build sees data/curated today."""
    cur = curated(data_dir)
    return rules.Catalogue(regions={r["region"]: r for r in cur.regions},
                           indicators={i["indicator"]: i for i in cur.indicators},
                           problems={(p["problem_id"][:3], p["problem_no"]): p for p in cur.problems},
                           figures={rules.same_figure_key(f): (f["figure_id"], f["source_file"])
                                    for f in cur.figures if not f["is_derived"]})


def known_sources(data_dir: Path | None = None) -> pd.DataFrame:
    cur = curated(data_dir)
    return pd.DataFrame([{"source_file": s["source_file"], "title": s["title"], "sha256": s["sha256"]} for s in cur.sources],
                        columns=["source_file", "title", "sha256"])


def propose(document: Document, data_dir: Path | None = None) -> tuple[dict, list[dict]]:
    """(metadata, candidate rows) the system proposes for a document."""
    catalogue = Catalogue.from_curated(curated(data_dir))
    meta = propose_metadata(document.text, catalogue.region_names)
    candidates = extract(document.text, catalogue, meta)
    return meta, [candidate_row(c, k) for k, c in enumerate(candidates, start=1)]


def propose_table(data: bytes, file_name: str, data_dir: Path | None = None) -> tuple[Document, dict, list[dict]]:
    """A filled Excel template (template.py): its document, the metadata to confirm (the region most
    rows name, today's date, the file's name as title) and one candidate per row."""
    from collections import Counter

    table = template.read_filled(data, file_name, Catalogue.from_curated(curated(data_dir)))
    regions = Counter(c.region for c in table.candidates if c.region)
    meta = {"title": PurePath(file_name).stem, "issuer": None, "doc_type": None,
            "region": regions.most_common(1)[0][0] if regions else None, "published_on": dt.date.today().isoformat()}
    return table.document, meta, [candidate_row(c, k, "template") for k, c in enumerate(table.candidates, start=1)]


def ingest(store: ReviewStore, data: bytes | None, file_name: str, by: str, text: str | None = None,
           data_dir: Path | None = None) -> str:
    """Read an upload (a report, a filled Excel template, or pasted text), propose, and put it in
    the review queue; its doc_id. DocumentRejected (unreadable, or a template with problems) and
    IntakeError (already here) store nothing."""
    if data is not None and PurePath(file_name).suffix.lower() == ".xlsx":
        document, meta, rows = propose_table(data, file_name, data_dir)
    else:
        document = pasted_document(text or "") if data is None else read_document(data, file_name)
        meta, rows = propose(document, data_dir)
    return store.add_document(document, meta, rows, by, known_sources(data_dir))


def add_missed(store: ReviewStore, doc: dict, evidence: str, by: str, data_dir: Path | None = None) -> int:
    """A figure the extractor did not propose, added from the words a curator copied out of the
    text: the extractor's reading of those words when it finds a number there, else a row with
    the evidence alone for the curator to complete. IntakeError when the words are not in the text."""
    from govdash.intake.review import IntakeError

    start = doc["body"].find(evidence)
    if start < 0:
        raise IntakeError("这段文字在原文中找不到：请从原文中逐字复制（含标点）。")
    catalogue = Catalogue.from_curated(curated(data_dir))
    meta = {k: doc.get(k) for k in ("title", "issuer", "doc_type", "region", "published_on")}
    found = [c for c in extract(doc["body"], catalogue, meta)
             if c.evidence_start < start + len(evidence) and c.evidence_end > start]
    if found:
        row = candidate_row(found[0], 0, "curator")
        row["evidence"] = evidence if found[0].evidence in evidence else row["evidence"]
    else:
        row = {k: None for k in ("indicator", "region", "org_unit", "period_label", "period_grain", "period_start",
                                 "period_end", "value", "unit", "rank_total", "qualifier", "bound", "stage", "note",
                                 "theme", "kind")} | {"evidence": evidence, "region": doc.get("region"),
                                                      "confidence": 0.0, "proposed_by": "curator", "bound": "exact"}
    return store.add_candidate(doc["doc_id"], row, by)
