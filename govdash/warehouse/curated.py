"""Load and validate everything under data/ (curated/ and sources/), see docs/curation.md.

Everything that can be wrong in a file people edit is checked before the build touches the
warehouse: each file is read (curated_files.py), each row goes through its record's rules
(rules.py), and the rules across rows are checked here (duplicates, parent regions, references
between figures). Every problem is collected, in Chinese with file, line and field, so an
editor can fix them in one pass.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from govdash.warehouse import rules
from govdash.warehouse.curated_files import CurationError, CurationFailed, Row, read_csv
from govdash.warehouse.rules import Catalogue, RowCheck

__all__ = ["Curated", "CurationError", "CurationFailed", "load_curated"]


@dataclass
class Curated:
    sources: list[dict] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    regions: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    input_digest: str = ""


class _Loader:
    """One pass over data/: the files in dependency order, the problems of all of them."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.root = self.data_dir.parent
        self.curated_dir = self.data_dir / "curated"
        self.errors: list[CurationError] = []
        self.digest = hashlib.sha256()
        self.catalogue = Catalogue()
        self.sources: dict[str, dict] = {}
        self.texts: dict[str, str] = {}
        self.figures: dict[str, dict] = {}

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def file_error(self, name: str, message: str) -> None:
        self.errors.append(CurationError(name, None, None, message))

    def read(self, path: Path, schema: str) -> list[Row]:
        if path.exists():
            self.digest.update(path.name.encode() + path.read_bytes())
        return read_csv(path, self.rel(path), schema, self.errors)

    def is_new(self, row: Row, key, seen, field_name: str, message: str) -> bool:
        """False, with the message, when `key` is already in `seen` (a duplicate row)."""
        if key in seen:
            self.errors.append(CurationError(row.file, row.line, field_name, message))
            return False
        return True

    def checked(self, row: Row, rule, *args):
        """Run one record's rule on one row; its problems join the others."""
        check = RowCheck(row)
        record = rule(check, *args)
        self.errors += check.errors
        return record

    def document_files(self, folder: str) -> list[tuple[Path, dict]]:
        """problems/<NNN>.csv or figures/<NNN>.csv with the source document NNN they belong to."""
        by_prefix = {s["doc_no"]: s for s in self.sources.values()}
        out = []
        for path in sorted((self.curated_dir / folder).glob("*.csv")):
            doc = by_prefix.get(path.stem)
            if doc is None:
                self.file_error(self.rel(path), f"文件名应为来源编号（如 000.csv），找不到编号「{path.stem}」的来源")
                continue
            out.append((path, doc))
        return out

    # -- the files, in the order they refer to each other ----------------------------------------
    def load_regions(self) -> None:
        regions = self.catalogue.regions
        rows: dict[str, Row] = {}
        for row in self.read(self.curated_dir / "regions.csv", "regions"):
            name = row["region"]
            if not self.is_new(row, name, regions, "region", f"地区「{name}」重复"):
                continue
            regions[name] = self.checked(row, rules.region_record)
            rows[name] = row
        for name, reg in regions.items():
            self._check_parents(name, reg, rows[name])
        for reg in regions.values():
            chain, cur = [], reg
            while cur is not None and len(chain) < 10:
                chain.append(cur)
                cur = regions.get(cur["parent"]) if cur["parent"] else None
            reg["province"] = next((r["region"] for r in chain if r["level"] == "省"), None)
            reg["city"] = next((r["region"] for r in chain if r["level"] == "市"), None)
            reg["depth"] = len(chain)

    def _check_parents(self, name: str, reg: dict, row: Row) -> None:
        regions = self.catalogue.regions
        seen, parent = {name}, reg["parent"]
        if parent and parent not in regions:
            self.errors.append(CurationError(row.file, row.line, "parent", f"上级地区「{parent}」不在 regions.csv 中"))
            return
        while parent:
            if parent in seen:
                self.errors.append(CurationError(row.file, row.line, "parent", "上级地区形成循环"))
                return
            seen.add(parent)
            parent = regions.get(parent, {}).get("parent")

    def load_indicators(self) -> None:
        indicators = self.catalogue.indicators
        rows: dict[str, Row] = {}
        for row in self.read(self.curated_dir / "indicators.csv", "indicators"):
            name = row["indicator"]
            if not self.is_new(row, name, indicators, "indicator", f"指标「{name}」重复"):
                continue
            indicators[name] = self.checked(row, rules.indicator_record)
            rows[name] = row
        for name, indicator in indicators.items():
            self.checked(rows[name], rules.complement_rule, indicator, indicators)

    def load_sources(self) -> None:
        sources_dir = self.data_dir / "sources"
        for row in self.read(self.curated_dir / "sources.csv", "sources"):
            name = row["source_file"]
            if not self.is_new(row, name, self.sources, "source_file", f"来源文件「{name}」重复"):
                continue
            found = self.checked(row, rules.source_record, sources_dir, self.catalogue.regions)
            if found is None:
                continue
            record, text, raw = found
            self.digest.update(name.encode() + raw)
            self.sources[name], self.texts[name] = record, text

    def load_problems(self) -> None:
        problems = self.catalogue.problems
        for path, doc in self.document_files("problems"):
            text = self.texts[doc["source_file"]]
            for row in self.read(path, "problems"):
                record = self.checked(row, rules.problem_record, doc, text)
                if record is None:
                    continue
                key = (doc["doc_no"], record["problem_no"])
                if not self.is_new(row, key, problems, "problem_no", f"问题编号 {record['problem_no']} 重复"):
                    continue
                problems[key] = record

    def load_figures(self) -> None:
        keys: dict[tuple, Row] = {}
        pending_refs: list[tuple[Row, str, str, str]] = []
        if not any((self.curated_dir / "figures").glob("*.csv")):
            self.file_error("data/curated/figures/", "没有任何指标数据文件")
        for path, doc in self.document_files("figures"):
            text = self.texts[doc["source_file"]]
            for row in self.read(path, "figures"):
                check = RowCheck(row)
                rules.figure_id_rule(check, doc)
                fid = row["figure_id"]
                if fid in self.figures:
                    check.error("figure_id", f"编号「{fid}」重复")
                    self.errors += check.errors
                    continue
                record = rules.figure_record(check, self.catalogue, doc, text)
                key = rules.same_figure_key(row)
                if key in keys:
                    other = keys[key]
                    where = f"第{other.line}行" if other.file == row.file else f" {other.file} 第{other.line}行"
                    check.error("indicator", f"与{where}（{other['figure_id']}）{rules.SAME_FIGURE}")
                else:
                    keys[key] = row
                self.errors += check.errors
                pending_refs += [(row, ref, row[ref], doc["doc_no"]) for ref in ("numerator_id", "denominator_id") if row[ref]]
                self.figures[fid] = record
        for row, ref, target, doc_no in pending_refs:
            if target not in self.figures:
                self.errors.append(CurationError(row.file, row.line, ref, f"引用的编号「{target}」不存在"))
            elif not target.startswith(doc_no + "-"):
                self.errors.append(CurationError(row.file, row.line, ref, f"引用的编号「{target}」来自另一份文件"))


def load_curated(data_dir: Path) -> Curated:
    """Read and validate everything under data_dir (which holds sources/ and curated/).

    Raises CurationFailed listing every problem; returns clean, typed records otherwise.
    """
    loader = _Loader(data_dir)
    loader.load_regions()
    loader.load_indicators()
    loader.load_sources()
    loader.load_problems()
    loader.load_figures()
    if loader.errors:
        raise CurationFailed(loader.errors)
    return Curated(
        sources=list(loader.sources.values()),
        texts=loader.texts,
        regions=list(loader.catalogue.regions.values()),
        indicators=list(loader.catalogue.indicators.values()),
        figures=list(loader.figures.values()),
        problems=list(loader.catalogue.problems.values()),
        input_digest=loader.digest.hexdigest(),
    )
