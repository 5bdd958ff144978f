"""Reading the hand-curated CSV files: their columns, one `Row` per record with the line an
editor sees, and the Chinese problem report (file, line, field). What a row must satisfy is in
rules.py; how the files fit together is in curated.py."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = True


SCHEMAS: dict[str, tuple[Column, ...]] = {
    "sources": (
        Column("source_file"), Column("title"), Column("issuer"), Column("doc_type"),
        Column("region"), Column("published_on"), Column("url_note", required=False),
        # who brought the document in through 数据导入 and who published it (empty for hand-curated files)
        Column("added_by", required=False), Column("added_at", required=False),
        Column("published_by", required=False), Column("published_at", required=False),
    ),
    "regions": (
        Column("region"), Column("full_name"), Column("level"), Column("parent", required=False),
    ),
    "indicators": (
        Column("indicator"), Column("theme"), Column("kind"), Column("unit"),
        Column("higher_is_better", required=False), Column("definition"),
        Column("framework", required=False), Column("key_order", required=False),
        Column("complement_of", required=False),
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


def header_problem(header: list[str], columns: tuple[Column, ...]) -> str | None:
    """'缺少列 …；多出未知列 …' when the header is not the schema's, else None."""
    expected = [c.name for c in columns]
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected]
    parts = (["缺少列 " + "、".join(missing)] if missing else []) + (["多出未知列 " + "、".join(unknown)] if unknown else [])
    return "；".join(parts) or None


def read_csv(path: Path, name: str, schema: str, errors: list[CurationError]) -> list[Row]:
    """The records of one curated file, named `name` in messages. Problems of the file as a
    whole (missing, BOM, encoding, header, CSV syntax, column count, empty required fields) are
    appended to `errors`; a file that cannot be read at all gives no rows."""
    if not path.exists():
        errors.append(CurationError(name, None, None, "文件不存在"))
        return []
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.append(CurationError(name, 1, None, "文件带有 BOM，请另存为不带 BOM 的 UTF-8"))
        return []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        errors.append(CurationError(name, line, None, "不是合法的 UTF-8 编码"))
        return []
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        errors.append(CurationError(name, None, None, "文件为空，缺少表头"))
        return []
    except csv.Error as exc:
        errors.append(CurationError(name, 1, None, f"表头无法解析（{exc}）"))
        return []
    columns = SCHEMAS[schema]
    problem = header_problem(header, columns)
    if problem:
        errors.append(CurationError(name, 1, None, problem))
        return []
    rows: list[Row] = []
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(CurationError(name, reader.line_num, None, f"CSV 格式错误（{exc}）"))
            return []
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            errors.append(CurationError(
                name, reader.line_num, None,
                f"列数为 {len(record)}，与表头的 {len(header)} 列不一致（多半是逗号未加引号）",
            ))
            continue
        values = {h: v.strip() for h, v in zip(header, record, strict=True)}
        row = Row(name, reader.line_num, values)
        for col in columns:
            if col.required and not values[col.name]:
                errors.append(CurationError(name, row.line, col.name, "必填字段为空"))
        rows.append(row)
    return rows
