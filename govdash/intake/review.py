"""The review queue's state: uploaded documents (the original kept byte for byte under
`originals/`, the extracted text in the state file), their candidate figures with each curator's
decision and edits, and the new indicators and regions a document brings. One DuckDB file of its
own (config.intake_dir()/review.duckdb, through govdash/filestore.py), never touched by `make
data`, so the review survives a server restart and a rebuild.

Every change names the version it was made on: a curator whose candidate was changed by someone
else in the meantime gets `ReviewConflict` (who and when) and the latest row, never a silent
overwrite. `check()` runs the build's own per-row rules (warehouse/rules.check_figure) on each
candidate, so the review shows the messages the build would give."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path, PurePath

import pandas as pd

from govdash import config
from govdash.filestore import LockedFile
from govdash.intake.documents import Document
from govdash.intake.extract import Candidate
from govdash.warehouse import rules
from govdash.warehouse.atomic import replacing
from govdash.warehouse.curated_files import Row
from govdash.warehouse.sql import load_sql

# The curated figure columns a candidate carries (the build's figures/<NNN>.csv, without the id and
# the cross references a curator adds by hand).
FIELDS = ("indicator", "region", "org_unit", "period_label", "period_grain", "period_start", "period_end", "value",
          "unit", "rank_total", "qualifier", "bound", "stage", "evidence", "note")
FIELD_NAMES = {"indicator": "指标", "region": "地区", "org_unit": "单位", "period_label": "期间", "period_grain": "期间粒度",
               "period_start": "开始日期", "period_end": "结束日期", "value": "数值", "unit": "计量单位",
               "rank_total": "参评总数", "qualifier": "限定词", "bound": "界限", "stage": "阶段", "evidence": "原文引文",
               "note": "说明", "figure_id": "编号", "problem_no": "问题编号"}
DECISIONS = {"pending": "待审", "accepted": "接受", "rejected": "拒绝"}
STATUSES = {"reviewing": "审核中", "published": "已发布", "discarded": "已放弃"}


class IntakeError(ValueError):
    """A refused intake action; the message is Chinese and says what to do."""


class ReviewConflict(IntakeError):
    """Someone else changed the row since it was read: nothing was saved."""


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def number_text(value: float | None) -> str:
    """A value as a curated file writes it: 58 not 58.0, 95.06 as 95.06."""
    if value is None:
        return ""
    return f"{value:.10g}"


def candidate_row(c: Candidate, cand_no: int, proposed_by: str = "extractor") -> dict:
    """A candidate as a review row: the curated columns as text, plus theme, kind and confidence."""
    note = c.note  # a filled table's 说明 (the extractor writes none)
    if c.is_doubtful and not (note and "存疑" in note):
        readings = "、".join(number_text(r) for r in c.readings) if c.readings else ""
        doubt = f"存疑：{c.doubt_reason or '原文数字可能缺字'}" + (f"（可能的读法：{readings}）" if readings else "")
        note = f"{note}；{doubt}" if note else doubt
    return {
        "cand_no": cand_no, "indicator": c.indicator or c.new_indicator, "region": c.region, "org_unit": c.org_unit,
        "period_label": c.period_label, "period_grain": c.period_grain, "period_start": c.period_start,
        "period_end": c.period_end, "value": number_text(c.value), "unit": c.unit,
        "rank_total": str(c.rank_total) if c.rank_total is not None else None, "qualifier": c.qualifier,
        "bound": c.bound, "stage": c.stage, "evidence": c.evidence, "note": note, "theme": c.theme, "kind": c.kind,
        "confidence": float(c.confidence), "proposed_by": proposed_by,
    }


class ReviewStore:
    def __init__(self, folder: Path | str | None = None):
        self.folder = Path(folder) if folder else config.intake_dir()
        self.file = LockedFile(self.folder / "review.duckdb", load_sql("intake/create_tables"), "审核状态文件")

    @staticmethod
    def _run(con, query: str, **params) -> pd.DataFrame:
        return con.execute(load_sql(query), params).df()

    # --- documents -----------------------------------------------------------------------------
    def add_document(self, document: Document, meta: dict, candidates: list[dict], by: str,
                     known_sources: pd.DataFrame | None = None) -> str:
        """Keep the original, store its text, metadata and candidate rows (candidate_row dicts);
        IntakeError naming the existing document when the same file (or the same text) is here
        already, under review or in the warehouse (`known_sources`: source_file, title, sha256)."""
        text_sha = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
        self._refuse_duplicate(document, text_sha, known_sources)
        suffix = PurePath(document.filename).suffix.lower()[:8] if document.kind != "pasted" else ".txt"
        original = Path("originals") / f"{document.sha256}{suffix}"
        target = self.folder / original
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            with replacing(target) as tmp:
                tmp.write_bytes(document.original)
        doc_id = secrets.token_hex(6)
        with self.file.transaction() as con:
            self._run(con, "intake/insert_document", doc_id=doc_id, sha256=document.sha256, text_sha256=text_sha,
                      file_name=document.filename, original=original.as_posix(), body=document.text,
                      title=meta.get("title"), issuer=meta.get("issuer"), doc_type=meta.get("doc_type"),
                      region=meta.get("region"), published_on=meta.get("published_on"), added_by=by, added_at=now())
            if candidates:
                self._run(con, "intake/insert_candidates", doc_id=doc_id, rows=candidates, by=by, at=now())
        return doc_id

    def _refuse_duplicate(self, document: Document, text_sha: str, known_sources: pd.DataFrame | None) -> None:
        docs = self.documents()
        same = docs[(docs["sha256"] == document.sha256) | (docs["text_sha256"] == text_sha)]
        if len(same):
            hit = same.iloc[0]
            raise IntakeError(
                f"文件「{document.filename}」已经导入过：「{hit['title'] or hit['file_name']}」"
                f"（{STATUSES.get(hit['status'], hit['status'])}，{hit['added_by']} 于 {hit['added_at']:%Y-%m-%d %H:%M} 导入"
                + (f"，数据来源文件 {hit['source_file']}" if hit["source_file"] else "") + "）。")
        if known_sources is not None and len(known_sources):
            hit = known_sources[known_sources["sha256"].isin([document.sha256, text_sha])]
            if len(hit):
                row = hit.iloc[0]
                raise IntakeError(f"文件「{document.filename}」与数据仓库中已有的文件相同：{row['source_file']}"
                                  f"「{row['title']}」，无需再导入。")

    def documents(self) -> pd.DataFrame:
        with self.file.session() as con:
            return self._run(con, "intake/documents")

    def document(self, doc_id: str) -> dict:
        with self.file.session() as con:
            rows = self._run(con, "intake/document", doc_id=doc_id)
        if rows.empty:
            raise IntakeError("没有这份待审文件（可能已被删除），请在列表中重新选择。")
        return rows.iloc[0].to_dict()

    def original_path(self, doc: dict) -> Path:
        return self.folder / doc["original"]

    def confirm_metadata(self, doc_id: str, version: int, meta: dict) -> None:
        with self.file.transaction() as con:
            done = self._run(con, "intake/update_metadata", doc_id=doc_id, version=version,
                             **{k: (meta.get(k) or None) for k in ("title", "issuer", "doc_type", "region",
                                                                   "published_on", "url_note")})
        if done.empty:
            raise ReviewConflict("文件信息已被其他人修改或文件已发布，你的修改未保存；页面已显示最新内容，请核对后再确认。")

    def mark_published(self, doc_id: str, source_file: str, by: str) -> None:
        with self.file.transaction() as con:
            self._run(con, "intake/set_status", doc_id=doc_id, status="published", source_file=source_file, by=by,
                      at=now())

    def discard(self, doc_id: str, by: str) -> None:
        with self.file.transaction() as con:
            self._run(con, "intake/set_status", doc_id=doc_id, status="discarded", source_file=None, by=by, at=now())

    # --- candidates ----------------------------------------------------------------------------
    def candidates(self, doc_id: str) -> pd.DataFrame:
        with self.file.session() as con:
            return self._run(con, "intake/candidates", doc_id=doc_id)

    def update_candidate(self, doc_id: str, cand_no: int, version: int, values: dict, by: str) -> int:
        """Save one candidate's decision and fields as of `version`; ReviewConflict when someone
        changed it since. Returns the new version."""
        fields = {name: _clean(values.get(name)) for name in FIELDS}
        decision = values.get("decision", "pending")
        if decision not in DECISIONS:
            raise IntakeError(f"审核结果「{decision}」无效")
        with self.file.transaction() as con:
            done = self._run(con, "intake/update_candidate", doc_id=doc_id, cand_no=int(cand_no), version=int(version),
                             decision=decision, by=by, at=now(), **fields)
            if done.empty:
                current = self._run(con, "intake/candidate", doc_id=doc_id, cand_no=int(cand_no))
        if done.empty:
            if current.empty:
                raise ReviewConflict(f"第 {cand_no} 条已不存在。")
            who, when = current["updated_by"].iloc[0], current["updated_at"].iloc[0]
            raise ReviewConflict(f"第 {cand_no} 条已被「{who}」于 {when:%H:%M:%S} 修改，你的修改未保存；"
                                 "已显示最新内容，请核对后再改。")
        return int(done["version"].iloc[0])

    def add_candidate(self, doc_id: str, row: dict, by: str) -> int:
        """A figure the extractor missed, added by a curator (row: candidate_row's keys)."""
        with self.file.transaction() as con:
            no = int(self._run(con, "intake/next_cand_no", doc_id=doc_id)["next_no"].iloc[0])
            self._run(con, "intake/insert_candidates", doc_id=doc_id, rows=[{**row, "cand_no": no}], by=by, at=now())
        return no

    # --- what a document brings ------------------------------------------------------------------
    def confirm_new_indicator(self, doc_id: str, record: dict) -> None:
        with self.file.transaction() as con:
            self._run(con, "intake/upsert_new_indicator", doc_id=doc_id,
                      **{k: _clean(record.get(k)) or "" for k in ("indicator", "theme", "kind", "unit", "definition")},
                      higher_is_better=_clean(record.get("higher_is_better")))

    def confirm_new_region(self, doc_id: str, record: dict) -> None:
        with self.file.transaction() as con:
            self._run(con, "intake/upsert_new_region", doc_id=doc_id,
                      **{k: _clean(record.get(k)) or "" for k in ("region", "full_name", "level")},
                      parent=_clean(record.get("parent")))

    def new_indicators(self, doc_id: str) -> pd.DataFrame:
        with self.file.session() as con:
            return self._run(con, "intake/new_indicators", doc_id=doc_id)

    def new_regions(self, doc_id: str) -> pd.DataFrame:
        with self.file.session() as con:
            return self._run(con, "intake/new_regions", doc_id=doc_id)


def _clean(value) -> str | None:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    text = str(value).strip()
    return text or None


# --- checks with the build's rules -----------------------------------------------------------------

@dataclass
class Problem:
    cand_no: int | None  # None: the document or its new indicators/regions
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"第 {self.cand_no} 条" if self.cand_no is not None else "文件"
        if self.field:
            where += f" 「{FIELD_NAMES.get(self.field, self.field)}」"
        return f"{where}：{self.message}"


def catalogue_with(base: rules.Catalogue, new_indicators: pd.DataFrame, new_regions: pd.DataFrame
                   ) -> tuple[rules.Catalogue, list[Problem]]:
    """The warehouse's catalogue plus what the document brings, each new row checked by the build's rules."""
    problems: list[Problem] = []
    regions, indicators = dict(base.regions), dict(base.indicators)
    for rec in new_regions.to_dict("records"):
        check = rules.RowCheck(Row("regions.csv", 0, {k: rec.get(k) or "" for k in ("region", "full_name", "level", "parent")}))
        record = rules.region_record(check)
        if rec["parent"] and rec["parent"] not in regions:
            check.error("parent", f"上级地区「{rec['parent']}」不在地区目录中")
        problems += [Problem(None, e.field, f"新地区「{rec['region']}」：{e.message}") for e in check.errors]
        regions.setdefault(rec["region"], record)
    for rec in new_indicators.to_dict("records"):
        values = {k: rec.get(k) or "" for k in ("indicator", "theme", "kind", "unit", "higher_is_better", "definition")}
        check = rules.RowCheck(Row("indicators.csv", 0, {**values, "framework": "", "key_order": "", "complement_of": ""}))
        record = rules.indicator_record(check)
        problems += [Problem(None, e.field, f"新指标「{rec['indicator']}」：{e.message}") for e in check.errors]
        indicators.setdefault(rec["indicator"], record)
    catalogue = rules.Catalogue(regions=regions, indicators=indicators, problems=dict(base.problems), figures=base.figures)
    return catalogue, problems


def figure_values(row: dict, figure_id: str) -> dict[str, str]:
    """A review row as the values of a curated figures/<NNN>.csv row."""
    values = {name: "" if _clean(row.get(name)) is None else str(_clean(row.get(name))) for name in FIELDS}
    return {"figure_id": figure_id, **values, "problem_no": "", "numerator_id": "", "denominator_id": ""}


def check(doc: dict, candidates: pd.DataFrame, base: rules.Catalogue, new_indicators: pd.DataFrame,
          new_regions: pd.DataFrame, doc_no: str = "999") -> list[Problem]:
    """Every problem the build would find in the document's accepted and pending candidates (the
    per-row rules of warehouse/rules.py, and two rows being the same figure)."""
    catalogue, problems = catalogue_with(base, new_indicators, new_regions)
    published = rules.RowCheck(Row("", 0, {"published_on": doc.get("published_on") or ""})).date("published_on")
    source = {"source_file": doc.get("source_file") or "（待发布）", "doc_no": doc_no, "published_on": published}
    if published is None:
        problems.append(Problem(None, "published_on", "请先确认文件的发布日期（YYYY-MM-DD）"))
    if not doc.get("meta_confirmed"):
        problems.append(Problem(None, None, "文件信息（标题、发布单位、类型、地区、发布日期）尚未确认"))
    if doc.get("region") and doc["region"] not in catalogue.regions:
        problems.append(Problem(None, "region", f"文件所属地区「{doc['region']}」不在地区目录中：请确认为新地区或改选"))
    seen: dict[tuple, int] = {}
    ordered = candidates.assign(_first=candidates["decision"] != "accepted").sort_values(["_first", "cand_no"])
    for row in ordered.to_dict("records"):
        if row["decision"] == "rejected":
            continue
        no = int(row["cand_no"])
        _, errors = rules.check_figure(Row(f"候选 {no}", no, figure_values(row, f"{doc_no}-{no:04d}")), catalogue,
                                       source, doc["body"])
        for e in errors:
            message = e.message
            if e.field == "indicator" and "不在 indicators.csv" in message:
                message = f"新指标「{row['indicator']}」：请在「新指标」中确认其主题、类型、单位和定义，或改选已有指标"
            elif e.field == "region" and "不在 regions.csv" in message:
                message = f"新地区「{row['region']}」：请在「新地区」中确认，或改选已有地区"
            problems.append(Problem(no, e.field, message))
        key = rules.same_figure_key(row)
        if key in catalogue.figures:  # said before, by a published document: the build would refuse it
            figure_id, source_file = catalogue.figures[key]
            problems.append(Problem(no, "indicator", f"与已发布的数据 {figure_id}（{source_file}）{rules.SAME_FIGURE}："
                                                     "已在数据仓库中，请拒绝这一条，或改正其字段"))
        elif key in seen:  # the later of two rows not rejected (accepted ones first: they are the kept ones)
            problems.append(Problem(no, "indicator", f"与第 {seen[key]} 条{rules.SAME_FIGURE}"))
        else:
            seen[key] = no
    return problems
