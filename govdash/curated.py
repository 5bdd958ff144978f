"""Read and validate the hand-curated CSV files under data/curated/ (see docs/curation.md).

Everything that can be wrong in a file people edit is checked here, before the build touches
the warehouse. Each problem is reported in Chinese with the file, the line and the field, and
all problems are collected so an editor can fix them in one pass.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

THEMES = (
    "一网通办", "好差评", "互联网+监管", "投诉与热线", "营商环境", "窗口服务", "企业开办",
    "工程建设审批", "公共资源交易", "政务数据", "队伍与作风", "其他",
)
KINDS = ("rate", "count", "rank", "score", "money", "duration", "ratio")
GRAINS = ("year", "half", "quarter", "month", "day", "range", "asof")
BOUNDS = ("exact", "lower", "upper", "approx")
STAGES = ("现状", "整改前", "整改后", "改革前", "改革后", "目标", "对标")
DOC_TYPES = ("巡察整改通报", "工作总结", "民主评议报告")
LEVELS = ("国家", "省", "市", "区县")
PROBLEM_STATUSES = ("已完成", "基本完成", "持续推进", "未说明")
RANK_UNIT = "名"

# Sentence ends used to cut the evidence sentence out of the source text. The damaged text
# lost some of its punctuation, so a line break also ends a sentence.
_SENTENCE_END = "。！？；\n"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = True


SCHEMAS: dict[str, tuple[Column, ...]] = {
    "sources": (
        Column("source_file"), Column("title"), Column("issuer"), Column("doc_type"),
        Column("region"), Column("published_on"), Column("url_note", required=False),
    ),
    "regions": (
        Column("region"), Column("full_name"), Column("level"), Column("parent", required=False),
    ),
    "indicators": (
        Column("indicator"), Column("theme"), Column("kind"), Column("unit"),
        Column("higher_is_better", required=False), Column("definition"),
        Column("framework", required=False),
    ),
    "figures": (
        Column("figure_id"), Column("indicator"), Column("region"),
        Column("org_unit", required=False), Column("period_label"), Column("period_grain"),
        Column("period_start"), Column("period_end"), Column("value"), Column("unit"),
        Column("rank_total", required=False), Column("qualifier", required=False),
        Column("bound"), Column("stage"), Column("evidence"), Column("note", required=False),
        Column("problem_no", required=False), Column("numerator_id", required=False),
        Column("denominator_id", required=False),
    ),
    "problems": (
        Column("problem_no"), Column("category"), Column("title"), Column("status"),
        Column("evidence"), Column("note", required=False),
    ),
}


@dataclass(frozen=True)
class CurationError:
    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" 第{self.row}行"
        if self.field:
            where += f" 字段「{self.field}」"
        return f"{where}：{self.message}"


class CurationFailed(Exception):
    """The curated files have problems; nothing was built."""

    def __init__(self, errors: list[CurationError]):
        self.errors = errors
        super().__init__(self.report())

    def report(self, limit: int = 60) -> str:
        lines = [f"整理数据校验未通过，共 {len(self.errors)} 处问题，数据仓库未改动："]
        lines += [f"  - {e}" for e in self.errors[:limit]]
        if len(self.errors) > limit:
            lines.append(f"  …… 另有 {len(self.errors) - limit} 处未列出")
        return "\n".join(lines)


@dataclass
class Row:
    """One CSV record: its values and the line it ends on (what an editor sees)."""

    file: str
    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")


@dataclass
class Curated:
    sources: list[dict] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    regions: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    input_digest: str = ""


class _Checker:
    def __init__(self, root: Path):
        self.root = root
        self.errors: list[CurationError] = []

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def error(self, row: Row | str, field_name: str | None, message: str) -> None:
        if isinstance(row, Row):
            self.errors.append(CurationError(row.file, row.line, field_name, message))
        else:
            self.errors.append(CurationError(row, None, field_name, message))

    # -- reading -------------------------------------------------------------------------
    def read_csv(self, path: Path, schema: str) -> list[Row]:
        name = self.rel(path)
        if not path.exists():
            self.error(name, None, "文件不存在")
            return []
        raw = path.read_bytes()
        if raw.startswith(b"\xef\xbb\xbf"):
            self.errors.append(CurationError(name, 1, None, "文件带有 BOM，请另存为不带 BOM 的 UTF-8"))
            return []
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.errors.append(CurationError(name, line, None, "不是合法的 UTF-8 编码"))
            return []
        reader = csv.reader(text.splitlines(keepends=True), strict=True)
        try:
            header = next(reader)
        except StopIteration:
            self.error(name, None, "文件为空，缺少表头")
            return []
        except csv.Error as exc:
            self.errors.append(CurationError(name, 1, None, f"表头无法解析（{exc}）"))
            return []
        columns = SCHEMAS[schema]
        expected = [c.name for c in columns]
        missing = [c for c in expected if c not in header]
        unknown = [c for c in header if c not in expected]
        if missing or unknown:
            parts = []
            if missing:
                parts.append("缺少列 " + "、".join(missing))
            if unknown:
                parts.append("多出未知列 " + "、".join(unknown))
            self.errors.append(CurationError(name, 1, None, "；".join(parts)))
            return []
        rows: list[Row] = []
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                self.errors.append(CurationError(name, reader.line_num, None, f"CSV 格式错误（{exc}）"))
                return []
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                self.errors.append(CurationError(
                    name, reader.line_num, None,
                    f"列数为 {len(record)}，与表头的 {len(header)} 列不一致（多半是逗号未加引号）",
                ))
                continue
            values = {h: v.strip() for h, v in zip(header, record, strict=True)}
            row = Row(name, reader.line_num, values)
            for col in columns:
                if col.required and not values[col.name]:
                    self.error(row, col.name, "必填字段为空")
            rows.append(row)
        return rows

    # -- field parsers: return None and record an error when the value is bad ------------
    def date(self, row: Row, name: str) -> dt.date | None:
        text = row[name]
        if not text:
            return None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            self.error(row, name, f"日期「{text}」格式错误，应为 YYYY-MM-DD")
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.error(row, name, f"日期「{text}」不存在")
            return None

    def number(self, row: Row, name: str) -> float | None:
        text = row[name]
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            self.error(row, name, f"「{text}」不是数字（不要带 %、千分位或汉字）")
            return None
        if not math.isfinite(value):
            self.error(row, name, f"「{text}」不是有限的数字")
            return None
        return value

    def integer(self, row: Row, name: str) -> int | None:
        value = self.number(row, name)
        if value is None:
            return None
        if value != int(value):
            self.error(row, name, f"「{row[name]}」应为整数")
            return None
        return int(value)

    def choice(self, row: Row, name: str, allowed: tuple[str, ...]) -> str | None:
        text = row[name]
        if text and text not in allowed:
            self.error(row, name, f"「{text}」不是允许的取值（{'、'.join(allowed)}）")
            return None
        return text or None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def evidence_sentence(text: str, start: int, end: int) -> str:
    """The whole sentence (or clause run) of the source that holds text[start:end]."""
    left = max(text.rfind(ch, 0, start) for ch in _SENTENCE_END) + 1
    rights = [i for i in (text.find(ch, end) for ch in _SENTENCE_END) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def load_curated(data_dir: Path) -> Curated:
    """Read and validate everything under data_dir (which holds sources/ and curated/).

    Raises CurationFailed listing every problem; returns clean, typed records otherwise.
    """
    data_dir = Path(data_dir)
    chk = _Checker(data_dir.parent)
    curated_dir = data_dir / "curated"
    sources_dir = data_dir / "sources"
    out = Curated()
    digest = hashlib.sha256()

    def read(path: Path, schema: str) -> list[Row]:
        if path.exists():
            digest.update(path.name.encode() + path.read_bytes())
        return chk.read_csv(path, schema)

    # regions ------------------------------------------------------------------------------
    region_rows = read(curated_dir / "regions.csv", "regions")
    regions: dict[str, dict] = {}
    for row in region_rows:
        name = row["region"]
        if name in regions:
            chk.error(row, "region", f"地区「{name}」重复")
            continue
        level = chk.choice(row, "level", LEVELS)
        regions[name] = {
            "region": name, "full_name": row["full_name"], "level": level,
            "parent": row["parent"] or None, "_row": row,
        }
    for name, reg in regions.items():
        row = reg["_row"]
        seen = {name}
        parent = reg["parent"]
        if parent and parent not in regions:
            chk.error(row, "parent", f"上级地区「{parent}」不在 regions.csv 中")
            continue
        while parent:
            if parent in seen:
                chk.error(row, "parent", "上级地区形成循环")
                break
            seen.add(parent)
            parent = regions.get(parent, {}).get("parent")
    for reg in regions.values():
        chain, cur = [], reg
        while cur is not None and len(chain) < 10:
            chain.append(cur)
            cur = regions.get(cur["parent"]) if cur["parent"] else None
        reg["province"] = next((r["region"] for r in chain if r["level"] == "省"), None)
        reg["city"] = next((r["region"] for r in chain if r["level"] == "市"), None)
        reg["depth"] = len(chain)

    # indicators ---------------------------------------------------------------------------
    indicators: dict[str, dict] = {}
    for row in read(curated_dir / "indicators.csv", "indicators"):
        name = row["indicator"]
        if name in indicators:
            chk.error(row, "indicator", f"指标「{name}」重复")
            continue
        chk.choice(row, "theme", THEMES)
        kind = chk.choice(row, "kind", KINDS)
        hib_text = row["higher_is_better"].lower()
        if hib_text not in ("", "true", "false"):
            chk.error(row, "higher_is_better", f"「{row['higher_is_better']}」应为 true、false 或留空")
        if kind == "rank" and row["unit"] != RANK_UNIT:
            chk.error(row, "unit", f"排名类指标的单位应为「{RANK_UNIT}」")
        indicators[name] = {
            "indicator": name, "theme": row["theme"], "kind": kind, "unit": row["unit"],
            "higher_is_better": {"true": True, "false": False}.get(hib_text),
            "definition": row["definition"], "framework": row["framework"] or None,
        }

    # sources ------------------------------------------------------------------------------
    sources: dict[str, dict] = {}
    for row in read(curated_dir / "sources.csv", "sources"):
        name = row["source_file"]
        if name in sources:
            chk.error(row, "source_file", f"来源文件「{name}」重复")
            continue
        path = sources_dir / name
        if not re.fullmatch(r"\d{3}_[0-9a-f]+\.txt", name) or not path.is_file():
            chk.error(row, "source_file", f"data/sources/ 下没有文件「{name}」")
            continue
        raw = path.read_bytes()
        digest.update(name.encode() + raw)
        try:
            out.texts[name] = raw.decode("utf-8")
        except UnicodeDecodeError:
            chk.error(row, "source_file", f"来源文件「{name}」不是 UTF-8 编码")
            continue
        chk.choice(row, "doc_type", DOC_TYPES)
        if row["region"] and row["region"] not in regions:
            chk.error(row, "region", f"地区「{row['region']}」不在 regions.csv 中")
        published = chk.date(row, "published_on")
        sources[name] = {
            "source_file": name, "doc_no": name[:3], "title": row["title"],
            "issuer": row["issuer"], "doc_type": row["doc_type"], "region": row["region"],
            "published_on": published, "url_note": row["url_note"] or None,
            "sha256": _sha256(raw), "char_count": len(out.texts[name]),
        }
    by_prefix = {s["doc_no"]: s for s in sources.values()}

    # problems -----------------------------------------------------------------------------
    problems: dict[tuple[str, int], dict] = {}
    for path in sorted((curated_dir / "problems").glob("*.csv")):
        doc = by_prefix.get(path.stem)
        if doc is None:
            chk.error(chk.rel(path), None, f"文件名应为来源编号（如 000.csv），找不到编号「{path.stem}」的来源")
            continue
        text = out.texts[doc["source_file"]]
        for row in read(path, "problems"):
            no = chk.integer(row, "problem_no")
            status = chk.choice(row, "status", PROBLEM_STATUSES)
            start = text.find(row["evidence"]) if row["evidence"] else -1
            if row["evidence"] and start < 0:
                chk.error(row, "evidence", f"引文在来源文件 {doc['source_file']} 中找不到原文")
            if no is None:
                continue
            if no < 1:
                chk.error(row, "problem_no", "问题编号应从 1 开始")
            key = (doc["doc_no"], no)
            if key in problems:
                chk.error(row, "problem_no", f"问题编号 {no} 重复")
                continue
            problems[key] = {
                "problem_id": f"{doc['doc_no']}-P{no:02d}", "source_file": doc["source_file"],
                "problem_no": no, "category": row["category"], "title": row["title"],
                "status": status, "evidence": row["evidence"],
                "evidence_start": start if start >= 0 else None, "note": row["note"] or None,
            }

    # figures ------------------------------------------------------------------------------
    figures: dict[str, dict] = {}
    keys: dict[tuple, Row] = {}
    pending_refs: list[tuple[Row, str, str, str]] = []
    figure_files = sorted((curated_dir / "figures").glob("*.csv"))
    if not figure_files:
        chk.error("data/curated/figures/", None, "没有任何指标数据文件")
    for path in figure_files:
        doc = by_prefix.get(path.stem)
        if doc is None:
            chk.error(chk.rel(path), None, f"文件名应为来源编号（如 000.csv），找不到编号「{path.stem}」的来源")
            continue
        text = out.texts[doc["source_file"]]
        for row in read(path, "figures"):
            fid = row["figure_id"]
            if fid and not re.fullmatch(rf"{doc['doc_no']}-\d{{4}}", fid):
                chk.error(row, "figure_id", f"「{fid}」格式应为 {doc['doc_no']}-0001")
            if fid in figures:
                chk.error(row, "figure_id", f"编号「{fid}」重复")
                continue
            ind = indicators.get(row["indicator"])
            if row["indicator"] and ind is None:
                chk.error(row, "indicator", f"指标「{row['indicator']}」不在 indicators.csv 中")
            if row["region"] and row["region"] not in regions:
                chk.error(row, "region", f"地区「{row['region']}」不在 regions.csv 中")
            grain = chk.choice(row, "period_grain", GRAINS)
            start_on = chk.date(row, "period_start")
            end_on = chk.date(row, "period_end")
            if start_on and end_on and start_on > end_on:
                chk.error(row, "period_end", "结束日期早于开始日期")
            stage = chk.choice(row, "stage", STAGES)
            if (end_on and doc["published_on"] and stage != "目标"
                    and end_on > doc["published_on"]):
                chk.error(row, "period_end",
                          f"日期 {end_on} 晚于文件发布日期 {doc['published_on']}（只有「目标」可以在发布日之后）")
            bound = chk.choice(row, "bound", BOUNDS)
            if bound and bound != "exact" and not row["qualifier"]:
                chk.error(row, "qualifier", f"取值为界限值（{bound}）时须写明原文限定词（超过、近、以上……）")
            if bound == "exact" and row["qualifier"] in ("超过", "以上", "近", "约", "不到", "以内", "逾", "前三", "左右"):
                chk.error(row, "bound", f"原文限定词「{row['qualifier']}」表示界限，bound 不能是 exact")
            value = chk.number(row, "value")
            rank_total = chk.integer(row, "rank_total") if row["rank_total"] else None
            if ind is not None:
                if row["unit"] and row["unit"] != ind["unit"]:
                    chk.error(row, "unit", f"单位「{row['unit']}」与指标「{ind['indicator']}」的单位「{ind['unit']}」不一致")
                if value is not None and ind["unit"] == "%" and ind["kind"] == "rate" and not 0 <= value <= 100:
                    chk.error(row, "value", f"比率 {value:g}% 超出 0–100 的范围")
                if ind["unit"] == RANK_UNIT:
                    if rank_total is None:
                        # Some texts give a rank (「居全市首位」) without saying how many were
                        # ranked; an inferred total would be an invented figure, so it stays
                        # empty, and the note must say why.
                        if not row["note"]:
                            chk.error(row, "rank_total", "排名未写明参与排名总数时，须在 note 中说明原文未给出总数")
                        elif value is not None and not (value >= 1 and value == int(value)):
                            chk.error(row, "value", f"名次 {value:g} 应为正整数")
                    elif rank_total < 1:
                        chk.error(row, "rank_total", "参与排名的总数应为正整数")
                    elif value is not None and not (1 <= value <= rank_total and value == int(value)):
                        chk.error(row, "value", f"名次 {value:g} 不在 1–{rank_total} 之内")
                elif rank_total is not None:
                    chk.error(row, "rank_total", "只有排名类指标才填写参与排名总数")
            evidence = row["evidence"]
            ev_start = text.find(evidence) if evidence else -1
            if evidence and ev_start < 0:
                chk.error(row, "evidence", f"引文在来源文件 {doc['source_file']} 中找不到原文（须逐字照录，含脱字后的样子）")
            # A quote must show its number; the one exception is a zero stated in words
            # (「未收到投诉」「未出现办件超时」).
            states_zero = value == 0 and re.search(r"未|无|没有|零", evidence)
            if evidence and not states_zero and not re.search(r"[0-9０-９〇一二三四五六七八九十百千万两]", evidence):
                chk.error(row, "evidence", "引文中没有任何数字，无法作为数值的出处（数值为 0 时引文须写明「未/无/没有」）")
            problem_no = chk.integer(row, "problem_no") if row["problem_no"] else None
            problem_id = None
            if problem_no is not None:
                if (doc["doc_no"], problem_no) not in problems:
                    chk.error(row, "problem_no", f"问题 {problem_no} 不在 problems/{doc['doc_no']}.csv 中")
                else:
                    problem_id = problems[(doc["doc_no"], problem_no)]["problem_id"]
            key = (row["indicator"], row["region"], row["org_unit"], row["period_label"], row["stage"], row["qualifier"])
            if key in keys:
                chk.error(row, "indicator",
                          f"与第{keys[key].line}行是同一项数据（指标、地区、单位、期间、阶段、限定词都相同）")
            else:
                keys[key] = row
            for ref in ("numerator_id", "denominator_id"):
                if row[ref]:
                    pending_refs.append((row, ref, row[ref], doc["doc_no"]))
            figures[fid] = {
                "figure_id": fid, "source_file": doc["source_file"], "indicator": row["indicator"],
                "region": row["region"], "org_unit": row["org_unit"] or None,
                "period_label": row["period_label"], "period_grain": grain,
                "period_start": start_on, "period_end": end_on, "value": value,
                "unit": row["unit"], "rank_total": rank_total, "qualifier": row["qualifier"] or None,
                "bound": bound, "stage": stage, "evidence": evidence,
                "evidence_start": ev_start if ev_start >= 0 else None,
                "evidence_end": ev_start + len(evidence) if ev_start >= 0 else None,
                "sentence": evidence_sentence(text, ev_start, ev_start + len(evidence)) if ev_start >= 0 else None,
                "note": row["note"] or None, "problem_id": problem_id,
                "numerator_id": row["numerator_id"] or None,
                "denominator_id": row["denominator_id"] or None,
            }
    for row, ref, target, doc_no in pending_refs:
        if target not in figures:
            chk.error(row, ref, f"引用的编号「{target}」不存在")
        elif not target.startswith(doc_no + "-"):
            chk.error(row, ref, f"引用的编号「{target}」来自另一份文件")

    if chk.errors:
        raise CurationFailed(chk.errors)

    out.sources = list(sources.values())
    out.regions = [{k: v for k, v in r.items() if k != "_row"} for r in regions.values()]
    out.indicators = list(indicators.values())
    out.figures = list(figures.values())
    out.problems = list(problems.values())
    out.input_digest = digest.hexdigest()
    return out
