"""下载 Excel: the figures under the current filters as one .xlsx workbook.

Sheets: 说明 (the filters, 数据截至, when it was made, how to read bounds and marks), one sheet per
theme (Chinese headers, real numbers with number formats, the bound word and its meaning kept in
their own columns beside the number, frozen header, column widths, autofilter), and 出处 (one row
per figure: document, title, issuer, date, evidence quote and sentence), to which each figure row
links by its 编号.

Written with openpyxl's write-only mode, row by row, so a workbook of the largest benchmark
warehouse (hundreds of thousands of figures) needs little memory. Every text cell goes through
govdash.safe.spreadsheet_cell (no text from a document is ever read as a formula)."""

from __future__ import annotations

import datetime as dt
import numbers
from collections import namedtuple
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from govdash.exports import data
from govdash.labels import BOUND_LABELS, DERIVED_MARK, DOUBT_MARK, GRADE_CODE_NOTE, as_of_text, missing
from govdash.safe import spreadsheet_cell as safe_cell
from govdash.vocabulary import GRADE_UNIT, RANK_UNIT
from govdash.warehouse.atomic import replacing
from govdash.warehouse.sql import load_sql

MAX_ROWS = 1_048_575  # Excel's rows per sheet, less the header
MAX_LINKS = 65_530  # Excel's limit of hyperlinks per worksheet (XlsxWriter refuses to write more)
SOURCES_SHEET = "出处"
HEADER_FILL = PatternFill("solid", fgColor="DBE9F6")  # charts.style.BLUE_PALE, as Excel wants it (no #)
HEADER_FONT = Font(bold=True)
LINK_FONT = Font(color="1F5FA8", underline="single")  # charts.style.BLUE
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
READING_NOTES = [
    ("数值", "「数值」列是可计算的数字，单位见「计量单位」，单元格格式只改变显示（如 99.6 显示为 99.6%）。"
             "百分比按原文的百分数记（99.6 即 99.6%），不是 0.996。"),
    ("限定词与取值性质", "原文带「超过、近、以上、不到、约、前三」等字样的是界限值或约数，不是确数："
                      "「限定词」列照录原文字样，「取值性质」列说明如何读（下限：实际不少于此；上限：实际不多于此；约数）。"
                      "「显示值」列是看板上的写法（如「超过 410 万条」），汇报时请照此引用。"),
    ("名次", "名次的「数值」为第几名，「参评总数」为原文所说的参评个数（原文未说明则空）；「前3名」是上限，表示至多第3名。"),
    ("存疑", f"整理时对原文释读存疑的数据在「显示值」后标「{DOUBT_MARK}」，理由见「存疑理由」列；引用前请核对原文。"),
    ("推算", f"标「{DERIVED_MARK}」的数据不是文件原文给出的，而是由看板按其他数据推算（如 100% − 62.9%），算式见「推算说明」列。"),
    ("等次", GRADE_CODE_NOTE + "。"),
    ("出处", f"每行的「出处」列链接到「{SOURCES_SHEET}」表中同一编号的行：文件、标题、发布机关、日期、原文引文及所在句子。"),
]


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    get: object  # row -> value (a function)
    kind: str = "text"  # text, number, date, link


def decimals(value: float, most: int = 4) -> int:
    """How many decimals the figure has (at most `most`): 99.6 -> 1, 24.82 -> 2, 410 -> 0."""
    text = f"{float(value):.{most}f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def number_format(value: float, unit: str) -> str:
    """The Excel number format of a figure: as many decimals as it has, its unit shown, never a
    different number: 99.6 with '%' -> 0.0"%", 410 万条 -> #,##0" 万条", a rank -> "第"0"名"."""
    d = decimals(value) if not missing(value) else 0
    frac = ("." + "0" * d) if d else ""
    if unit == "%":
        return f'0{frac}"%"'
    if unit == RANK_UNIT:
        return '"第"0"名"'
    if unit == GRADE_UNIT:
        return '0"（等次编码）"'
    return f'#,##0{frac}" {unit}"' if unit else f"#,##0{frac}"


def bound_meaning(row) -> str:
    return GRADE_CODE_NOTE if row.unit == GRADE_UNIT else BOUND_LABELS.get(row.bound, "")


def _text(value) -> str | None:
    return None if missing(value) or value == "" else str(value)


THEME_COLUMNS = [
    Column("编号", 11, lambda r: r.figure_id),
    Column("指标", 28, lambda r: r.indicator),
    Column("地区", 12, lambda r: r.region),
    Column("单位或部门", 18, lambda r: _text(r.org_unit)),
    Column("期间", 24, lambda r: r.period_label),
    Column("期间起", 12, lambda r: r.period_start_on, "date"),
    Column("期间止", 12, lambda r: r.period_end_on, "date"),
    Column("阶段", 8, lambda r: r.stage),
    Column("数值", 16, lambda r: float(r.value), "number"),
    Column("计量单位", 9, lambda r: r.unit),
    Column("限定词", 8, lambda r: _text(r.qualifier)),
    Column("取值性质", 20, bound_meaning),
    Column("参评总数", 9, lambda r: None if missing(r.rank_total) else int(r.rank_total), "count"),
    Column("显示值", 22, lambda r: r.label),
    Column("存疑", 6, lambda r: "存疑" if r.is_doubtful else None),
    Column("存疑理由", 30, lambda r: _text(r.doubt_reason)),
    Column("推算说明", 30, lambda r: _text(r.derivation)),
    Column("文件", 8, lambda r: r.doc_no),
    Column("出处", 11, lambda r: r.figure_id, "link"),
]
SOURCE_COLUMNS = [
    Column("编号", 11, lambda r: r.figure_id),
    Column("文件编号", 8, lambda r: r.doc_no),
    Column("标题", 40, lambda r: r.source_title),
    Column("发布机关", 28, lambda r: r.source_issuer),
    Column("文件类型", 12, lambda r: r.doc_type),
    Column("发布日期", 12, lambda r: r.published_on, "date"),
    Column("原文引文", 40, lambda r: r.evidence, "wrap"),
    Column("所在句子", 60, lambda r: _text(r.sentence), "wrap"),
    Column("释读说明", 40, lambda r: _text(r.note), "wrap"),
    Column("文件名", 28, lambda r: r.source_file),
]


def _date(value):
    return None if missing(value) else pd.Timestamp(value).date()


def make_cell(ws, column: Column, row, link_row: int | None, coordinate: str):
    """One cell of a figure row: text through safe_cell (a plain value: no cell object, which keeps a
    large workbook fast), numbers with their format, dates as dates, the 出处 link to the figure's row
    of the 出处 sheet."""
    value = column.get(row)
    if column.kind == "text":
        return safe_cell(value)
    if column.kind == "number":
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = number_format(value, row.unit)
    elif column.kind == "count":
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "0"
    elif column.kind == "date":
        cell = WriteOnlyCell(ws, value=_date(value))
        cell.number_format = DATE_FORMAT
    else:
        cell = WriteOnlyCell(ws, value=safe_cell(value))
        if column.kind == "wrap":
            cell.alignment = WRAP
    if column.kind == "link" and link_row:
        # set on the cell directly: a write-only cell has no coordinate of its own until written
        cell._hyperlink = Hyperlink(ref=coordinate, location=f"'{SOURCES_SHEET}'!A{link_row}", tooltip="查看文件与原文")
        cell.font = LINK_FONT
    return cell


def start_sheet(wb: Workbook, title: str, columns: list[Column], n_rows: int):
    """A sheet with its header (bold, filled), frozen below the header, widths and an autofilter."""
    ws = wb.create_sheet(title)
    ws.freeze_panes = "B2"
    for i, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n_rows + 1}"
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=safe_cell(column.header))  # a round's headers are its organiser's criterion names
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    ws.append(header)
    return ws


def write_rows(ws, columns: list[Column], rows: Iterable, first_link: int | None = None) -> None:
    """Append the figure rows; the n-th row's 出处 link points at row first_link + n of the 出处 sheet."""
    links = {i: get_column_letter(i + 1) for i, c in enumerate(columns) if c.kind == "link"}
    for n, row in enumerate(rows):
        # past Excel's limit the 出处 cell keeps the 编号 as text (说明 says to look it up in 出处)
        link_row = None if first_link is None or n >= MAX_LINKS else first_link + n
        ws.append([make_cell(ws, c, row, link_row, f"{links.get(i, 'A')}{n + 2}") for i, c in enumerate(columns)])


@dataclass(frozen=True)
class Summary:
    """What the 说明 sheet says: figures per theme (in the house order), documents, 数据截至."""
    counts: tuple[tuple[str, int], ...]
    doc_count: int
    as_of: str

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


class FrameSource:
    """Figures given as a DataFrame of exports/workbook_figures rows (small exports and tests)."""

    def __init__(self, figures: pd.DataFrame, f: data.ExportFilters):
        self.figures, self.f = figures, f

    def summary(self) -> Summary:
        counts = tuple((t, int((self.figures["theme"] == t).sum())) for t in self.f.theme_list())
        achieved = self.figures[self.figures["stage"] != "目标"]  # a target's period is a plan, not data
        return Summary(tuple(c for c in counts if c[1]), self.figures["doc_no"].nunique(), as_of_text(achieved))

    def rows(self, theme: str) -> Iterable:
        return self.figures[self.figures["theme"] == theme].itertuples(index=False)


class QuerySource:
    """Figures streamed from the warehouse theme by theme, a batch at a time, as light tuples: a
    workbook of hundreds of thousands of figures never sits in memory as one DataFrame."""

    BATCH = 20_000

    def __init__(self, con, f: data.ExportFilters):
        self.con, self.f = con, f

    def summary(self) -> Summary:
        s = data.query(self.con, "exports/workbook_summary", **self.f.params())
        by_theme = dict(zip(s["theme"], s["figure_count"], strict=True))
        counts = tuple((t, int(by_theme[t])) for t in self.f.theme_list() if by_theme.get(t))
        docs = {d for ds in s["doc_nos"] for d in ds}
        return Summary(counts, len(docs), as_of_text(s.rename(columns={"newest_end": "period_end_on"})))

    def rows(self, theme: str) -> Iterable:
        with data.cursor(self.con) as cursor:
            cursor.execute(load_sql("exports/workbook_figures"), {**self.f.params(), "themes": [theme]})
            row = namedtuple("Figure", [d[0] for d in cursor.description])
            while batch := cursor.fetchmany(self.BATCH):
                yield from map(row._make, batch)


def notes_sheet(wb: Workbook, f: data.ExportFilters, summary: Summary, now: dt.datetime) -> None:
    ws = wb.create_sheet("说明")
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 110
    title = WriteOnlyCell(ws, value="政务服务效能看板：数据导出")
    title.font = Font(bold=True, size=14)
    ws.append([title])
    ws.append([])
    lines = [("筛选：" + what, value) for what, value in f.describe()]
    lines += [("数据截至", summary.as_of + "（所列数据中最新一期的期末，目标值除外）"),
              ("生成时间", data.generated_at(now)),
              ("数据条数", f"{summary.total:,} 条，来自 {summary.doc_count} 份文件")]
    lines += [(f"「{sheet}」表", f"{n:,} 条") for sheet, n in [*summary.counts, (SOURCES_SHEET, summary.total)]]
    crowded = [sheet for sheet, n in summary.counts if n > MAX_LINKS]
    if crowded:
        lines += [("出处链接", f"{'、'.join(f'「{t}」' for t in crowded)}表超过 Excel 每表 {MAX_LINKS:,} 个链接的上限："
                               f"第 {MAX_LINKS:,} 条以后的「出处」列只写编号，不是链接，请在「{SOURCES_SHEET}」表中按编号查找。")]
    lines += [("", ""), ("如何阅读", "")] + READING_NOTES
    for what, text in lines:
        head = WriteOnlyCell(ws, value=safe_cell(what))
        head.font = HEADER_FONT
        body = WriteOnlyCell(ws, value=safe_cell(text))
        body.alignment = WRAP
        ws.append([head, body])


def build_workbook(source, f: data.ExportFilters, path: Path, now: dt.datetime | None = None,
                   summary: Summary | None = None) -> None:
    """Write the workbook to `path`: 说明, one sheet per theme, 出处. `source` is a QuerySource (the
    warehouse, streamed) or a DataFrame of exports/workbook_figures rows."""
    source = FrameSource(source, f) if isinstance(source, pd.DataFrame) else source
    summary = summary or source.summary()  # the caller may have read it already
    if summary.total > MAX_ROWS:
        raise data.ExportError(f"筛选后有 {summary.total:,} 条数据，超过 Excel 单表上限 {MAX_ROWS:,} 行：请缩小地区或年份范围。")
    wb = Workbook(write_only=True)
    notes_sheet(wb, f, summary, now or dt.datetime.now())
    first = 2  # the 出处 row of each theme's first figure: 出处 lists the themes' figures in the same order
    for theme, n in summary.counts:
        write_rows(start_sheet(wb, theme, THEME_COLUMNS, n), THEME_COLUMNS, source.rows(theme), first)
        first += n
    ws = start_sheet(wb, SOURCES_SHEET, SOURCE_COLUMNS, summary.total)
    for theme, _ in summary.counts:
        write_rows(ws, SOURCE_COLUMNS, source.rows(theme))
    wb.save(path)


def write_workbook(f: data.ExportFilters, out: Path, warehouse: Path | None = None) -> Path:
    """The workbook of the figures under `f`, written to `out` atomically (no half-written file); a
    Chinese error when there are none."""
    with data.connect(warehouse) as con:
        f = data.checked(con, f)
        source = QuerySource(con, f)
        summary = source.summary()
        if not summary.total:
            raise data.ExportError(f"当前筛选（{'；'.join(f'{a}：{b}' for a, b in f.describe())}）下没有数据，未生成文件。")
        with replacing(Path(out)) as tmp:
            build_workbook(source, f, tmp, summary=summary)
    return Path(out)


def workbook_bytes(f: data.ExportFilters, warehouse: Path | None = None) -> bytes:
    """The same workbook as bytes (the app's download button)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return write_workbook(f, Path(folder) / "figures.xlsx", warehouse).read_bytes()


def notice_bytes(message: str) -> bytes:
    """A workbook holding only a 说明 sheet with `message` (the app's button when nothing matches)."""
    import io

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("说明")
    ws.column_dimensions["A"].width = 100
    ws.append([WriteOnlyCell(ws, value=safe_cell(message))])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def frame_sheet(wb: Workbook, title: str, frame: pd.DataFrame, widths: dict[str, float] | None = None) -> None:
    """A sheet of a plain table (Chinese headers as given): text through safe_cell, numbers as numbers
    with two decimals where they have them, frozen header, autofilter."""
    columns = [Column(str(c), (widths or {}).get(str(c), max(10, min(40, 2 * len(str(c)) + 4))), None) for c in frame.columns]
    ws = start_sheet(wb, title, columns, len(frame))
    for values in frame.itertuples(index=False):
        row = []
        for value in values:
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or missing(value):
                row.append(WriteOnlyCell(ws, value=safe_cell(None if missing(value) else str(value))))
                continue
            cell = WriteOnlyCell(ws, value=float(value) if value != int(value) else int(value))
            cell.number_format = "0.00" if value != int(value) else "0"
            row.append(cell)
        ws.append(row)


def round_workbook_bytes(title: str, facts: list[tuple[str, str]], table: pd.DataFrame, detail: pd.DataFrame) -> bytes:
    """评议组织: a closed round's results as a workbook: 说明 (the round's rules), 结果 (one row per
    unit: rank, mean, spread, grade, group and criterion means) and 明细 (mean ± spread per criterion)."""
    import io

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("说明")
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 18, 90
    head = WriteOnlyCell(ws, value=safe_cell(title))
    head.font = Font(bold=True, size=14)
    ws.append([head])
    for what, value in [*facts, ("生成时间", data.generated_at())]:
        label = WriteOnlyCell(ws, value=safe_cell(what))
        label.font = HEADER_FONT
        ws.append([label, WriteOnlyCell(ws, value=safe_cell(value))])
    frame_sheet(wb, "结果", table, {"单位": 30})
    frame_sheet(wb, "明细", detail, {"单位": 30, "测评项目": 18})
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
