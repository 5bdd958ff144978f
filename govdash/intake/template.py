"""The Excel template for tables, and the reader of a filled copy.

Offices send tables as well as reports. `write_template(target)` writes the template: a sheet 数据
with the columns COLUMNS (dropdowns for 限定词 and 阶段 from govdash/vocabulary.py, hints for 指标,
地区 and 计量单位 from the catalogue), a sheet 说明 explaining each column in Chinese with its
allowed values, and the catalogue's indicators with their 口径 (指标目录). `read_filled(data,
file_name)` turns a filled copy into the same `Candidate`s the extractor proposes for a report, so
it goes through the same review queue: each row is one candidate whose evidence is the row as
written (its cells joined by 「｜」, as a .docx table row is read), found verbatim in the document
text returned with it (the header line, then one line per row). The source file is the uploaded
workbook itself, which the caller keeps byte for byte.

All or nothing: any problem (not an .xlsx, the headers changed, a value that is not a number, a
限定词 or 阶段 not in the vocabulary, a period that cannot be read, a required cell left empty)
raises `TemplateRejected`, a Chinese message naming the file and, for each problem, the sheet, row
and column; no candidate is produced. Cells are read as stored, never calculated: a text starting
with = stays that text, and a formula where a number belongs is refused. Every text the template
writes goes through govdash.safe.spreadsheet_cell.

    python -m govdash.intake template 数据导入模板.xlsx
    python -m govdash.intake extract 已填模板.xlsx --format json
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from govdash import config
from govdash.intake.catalogue import Catalogue
from govdash.intake.documents import CELL_SEPARATOR, MAX_BYTES, MAX_LABEL, OLE_HEADER, Document, DocumentRejected
from govdash.intake.extract import Candidate, theme_for
from govdash.intake.numbers import kind_of_unit, normalise
from govdash.intake.periods import YEAR, Period, date_phrases
from govdash.safe import spreadsheet_cell
from govdash.vocabulary import QUALIFIER_BOUNDS, STAGES
from govdash.warehouse.atomic import replacing
from govdash.warehouse.rules import doubt_reason

COLUMNS = ("指标", "地区", "单位", "期间", "数值", "计量单位", "参评总数", "限定词", "阶段", "原文引文", "说明")
REQUIRED = ("指标", "地区", "期间", "数值", "计量单位")
DATA_SHEET, NOTES_SHEET, INDICATOR_SHEET, CHOICES_SHEET = "数据", "说明", "指标目录", "可选值"
DEFAULT_STAGE = "现状"
MAX_ROWS = 5000  # data rows in one table
MAX_UNZIPPED = 200 * 2**20  # what the workbook's parts may add up to, unpacked
MAX_SHOWN = 20  # problems listed in one message
PERIOD_EXAMPLES = "2023年、2023年上半年、2023年第3季度、2023年9月、2023年1-9月、2023年9月30日、截至2023年9月底"
PERIOD_JOINERS = ("至", "到", "-", "—", "~", "－")
# An XML document type declaration is how entity bombs and external entities get in; a workbook
# saved by Excel, WPS or LibreOffice never has one.
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


@dataclass(frozen=True)
class ColumnHelp:
    name: str
    meaning: str
    values: str
    example: str


def _column_help() -> tuple[ColumnHelp, ...]:
    qualifiers = "、".join(QUALIFIER_BOUNDS)
    return (
        ColumnHelp("指标", "数据的指标名称。尽量从「指标目录」中选用已有名称（口径相同才选用）；目录中没有的，写一个简明的新名称，审核时确认。",
                   "下拉提示取自指标目录，也可填写新名称", "好差评主动评价率"),
        ColumnHelp("地区", "数据所说的地区（不是发文单位所在地时，以数据所指为准）。", "下拉提示取自地区目录，也可填写新地区", "长沙市"),
        ColumnHelp("单位", "数据所指的下属单位：窗口、部门、街道、大厅等；说的是本地区整体或发文单位自身时留空。", "选填", "市政务服务中心"),
        ColumnHelp("期间", "数据所属的期间，须写明年份。一行只填一个期间；时点数据写「截至……」。", PERIOD_EXAMPLES, "2023年第3季度"),
        ColumnHelp("数值", "数字本身：不带单位、不带千分位逗号。百分数填 95.06（计量单位填 %），名次填 3（计量单位填 名）。",
                   "数字；不要填公式", "95.06"),
        ColumnHelp("计量单位", "数值的单位，与指标目录中该指标的单位一致；万、亿写在单位里（万元、万件）。", "如 %、件、项、个、名、万元、个工作日",
                   "%"),
        ColumnHelp("参评总数", "名次数据必填：参加排名的总数（如全市 15 个区县填 15）；原文没有写明时留空并在「说明」中写明。其他数据留空。",
                   "正整数", ""),
        ColumnHelp("限定词", "原文中表示界限的词，照原文填写；数值是确数时留空。", f"留空，或：{qualifiers}", ""),
        ColumnHelp("阶段", "数据的阶段。整改前：巡察发现的问题；整改后：整改后的状况；改革前/改革后：非整改文件中的改革前后；"
                   "目标：计划目标；对标：其他地区或平均水平等比较对象。", f"{'、'.join(STAGES)}（留空按「{DEFAULT_STAGE}」）", "整改后"),
        ColumnHelp("原文引文", "若数据摘自某份报告，照抄原文中含这个数字的句子，便于核对；没有时留空。", "选填", "主动评价率提升至95.06%"),
        ColumnHelp("说明", "需要说明的情况：口径、推算方法、数据来源的系统等。对读数有疑问时写「存疑：理由」，看板会标「（存疑）」。",
                   "选填", "取自好差评系统月报"),
    )


# --- the catalogue ----------------------------------------------------------------------------------

def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def template_catalogue(data_dir: Path | None = None) -> Catalogue:
    """The indicators and regions of data/curated (no examples: a table names its indicator)."""
    curated = Path(data_dir or config.DATA_DIR) / "curated"
    return Catalogue(_rows(curated / "indicators.csv"), _rows(curated / "regions.csv"))


# --- writing the template ---------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
WIDTHS = {"指标": 28, "地区": 14, "单位": 18, "期间": 18, "数值": 12, "计量单位": 10, "参评总数": 10, "限定词": 10,
          "阶段": 10, "原文引文": 48, "说明": 36}


def write_template(target: Path | str | BinaryIO, catalogue: Catalogue | None = None) -> None:
    """The template as an .xlsx: to a path (written beside it, then renamed into place) or a buffer."""
    workbook = build_template(catalogue or template_catalogue())
    if isinstance(target, str | Path):
        with replacing(Path(target)) as tmp:
            workbook.save(tmp)
    else:
        workbook.save(target)


def template_bytes(catalogue: Catalogue | None = None) -> bytes:
    buffer = io.BytesIO()
    write_template(buffer, catalogue)
    return buffer.getvalue()


def _cell(value):
    return spreadsheet_cell(value)


def build_template(catalogue: Catalogue) -> Workbook:
    wb = Workbook()
    data = wb.active
    data.title = DATA_SHEET
    helps = {h.name: h for h in _column_help()}
    for col, name in enumerate(COLUMNS, start=1):
        cell = data.cell(row=1, column=col, value=_cell(name))
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if name in REQUIRED else HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        data.column_dimensions[get_column_letter(col)].width = WIDTHS[name]
    data.freeze_panes = "A2"
    _notes_sheet(wb, helps)
    _indicator_sheet(wb, catalogue)
    _choices_sheet(wb, catalogue)
    _validations(data, catalogue, helps)
    wb.active = 0
    return wb


def _letter(name: str) -> str:
    return get_column_letter(COLUMNS.index(name) + 1)


def _units(catalogue: Catalogue) -> list[str]:
    return sorted({e.unit for e in catalogue.entries.values() if e.unit})


def _choices_sheet(wb: Workbook, catalogue: Catalogue) -> None:
    """The lists the dropdowns offer, one column each (a list longer than 255 characters must live in
    cells): 地区, 计量单位, 限定词, 阶段."""
    ws = wb.create_sheet(CHOICES_SHEET)
    lists = _choice_lists(catalogue)
    for col, (title, values) in enumerate(lists.items(), start=1):
        ws.cell(row=1, column=col, value=_cell(title)).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            ws.cell(row=row, column=col, value=_cell(value))
        ws.column_dimensions[get_column_letter(col)].width = 16


def _choice_lists(catalogue: Catalogue) -> dict[str, list[str]]:
    return {"地区": [r["region"] for r in catalogue.regions], "计量单位": _units(catalogue),
            "限定词": list(QUALIFIER_BOUNDS), "阶段": list(STAGES)}


def _range(sheet: str, col: int, count: int) -> str:
    letter = get_column_letter(col)
    return f"'{sheet}'!${letter}$2:${letter}${max(2, count + 1)}"


def _validations(ws, catalogue: Catalogue, helps: dict[str, ColumnHelp]) -> None:
    """Dropdowns: strict for 限定词 and 阶段 (the vocabulary), hints for 指标, 地区 and 计量单位 (a new name
    may be typed), a whole number for 参评总数; every column shows what it wants when selected."""
    lists = _choice_lists(catalogue)
    last = MAX_ROWS + 1
    sources = {name: _range(CHOICES_SHEET, i, len(values)) for i, (name, values) in enumerate(lists.items(), start=1)}
    sources["指标"] = _range(INDICATOR_SHEET, 1, len(catalogue.entries))
    for name in COLUMNS:
        letter = _letter(name)
        strict = name in ("限定词", "阶段")
        if name in sources:
            rule = DataValidation(type="list", formula1=sources[name], allow_blank=True, showErrorMessage=strict,
                                  errorTitle="不是可选的值", error=f"「{name}」只能从下拉列表中选择，或留空。",
                                  errorStyle="stop")
        elif name == "参评总数":
            rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="1", allow_blank=True,
                                  showErrorMessage=True, errorTitle="不是正整数", error="参评总数须为正整数，或留空。")
        else:
            rule = DataValidation(allow_blank=True)
        help_ = helps[name]
        rule.promptTitle = name[:32]
        rule.prompt = f"{help_.meaning} 可填：{help_.values}"[:250]
        rule.showInputMessage = True
        rule.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(rule)


def _notes_sheet(wb: Workbook, helps: dict[str, ColumnHelp]) -> None:
    ws = wb.create_sheet(NOTES_SHEET)
    for letter, width in zip("ABCDE", (12, 8, 70, 48, 24), strict=True):
        ws.column_dimensions[letter].width = width
    lines = [
        "政务服务效能看板 · 数据导入模板（表格）",
        f"在「{DATA_SHEET}」工作表中每行填写一条数据，从第2行开始；不要增删、改名或移动列，不要合并单元格，不要改工作表名。",
        "填好后在「数据导入」页上传本文件（.xlsx）：每一行成为一条候选数据，经审核后发布；"
        "任何一处有误，整个文件都不导入，提示会指出工作表、行和列。",
        f"带底色（橙）的列必填：{'、'.join(REQUIRED)}。「{INDICATOR_SHEET}」列出已有指标及其口径，「{CHOICES_SHEET}」列出下拉选项。",
        "",
    ]
    for row, text in enumerate(lines, start=1):
        ws.cell(row=row, column=1, value=_cell(text)).font = Font(bold=row == 1, size=14 if row == 1 else 11)
    start = len(lines) + 1
    for col, title in enumerate(("列", "必填", "含义与填写要求", "可填的值", "示例"), start=1):
        cell = ws.cell(row=start, column=col, value=_cell(title))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    widths = tuple(ws.column_dimensions[letter].width for letter in "ABCDE")
    for row, h in enumerate(helps.values(), start=start + 1):
        values = (h.name, "是" if h.name in REQUIRED else "否", h.meaning, h.values, h.example)
        for col, value in enumerate(values, start=1):
            ws.cell(row=row, column=col, value=_cell(value)).alignment = Alignment(wrap_text=True, vertical="top")
        # Spreadsheets do not grow a row for wrapped text they did not lay out themselves: about two
        # width units per Chinese character, 16 points a line.
        lines = max(-(-len(str(v)) * 2 // w) for v, w in zip(values, widths, strict=True))
        ws.row_dimensions[row].height = 16 * max(1, lines)
    row = start + len(helps) + 2
    ws.cell(row=row, column=1, value=_cell("限定词的含义")).font = Font(bold=True)
    meaning = {"lower": "数值是下限（实际不少于此数）", "upper": "数值是上限（实际不超过此数）", "approx": "约数",
               "exact": "确数（原文强调「达到」）"}
    for bound, words in _words_by_bound().items():
        row += 1
        ws.cell(row=row, column=1, value=_cell(f"{meaning[bound]}：{'、'.join(words)}"))


def _words_by_bound() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for word, bound in QUALIFIER_BOUNDS.items():
        out.setdefault(bound, []).append(word)
    return out


def _indicator_sheet(wb: Workbook, catalogue: Catalogue) -> None:
    ws = wb.create_sheet(INDICATOR_SHEET)
    for col, (title, width) in enumerate((("指标", 32), ("主题", 12), ("计量单位", 10), ("口径", 80)), start=1):
        cell = ws.cell(row=1, column=col, value=_cell(title))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(col)].width = width
    for row, entry in enumerate(catalogue.entries.values(), start=2):
        for col, value in enumerate((entry.name, entry.theme, entry.unit, entry.definition), start=1):
            ws.cell(row=row, column=col, value=_cell(value))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:D{len(catalogue.entries) + 1}"


# --- reading a filled copy --------------------------------------------------------------------------

class TemplateRejected(DocumentRejected):
    """A filled template that cannot be imported; `problems` say where (sheet, row, column) and why."""

    def __init__(self, filename: str, problems: list[str]):
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:MAX_SHOWN])
        more = f"\n  （另有 {len(self.problems) - MAX_SHOWN} 处问题未列出）" if len(self.problems) > MAX_SHOWN else ""
        reason = f"共 {len(self.problems)} 处问题，未导入任何数据：\n{shown}{more}" if len(self.problems) > 1 else \
            f"{self.problems[0]}；未导入任何数据"
        super().__init__(filename, reason)


@dataclass
class FilledTable:
    """What a filled template gives: the document (the workbook byte for byte, and its text: the header
    line, then one line per row) and one candidate per row, in row order."""
    document: Document
    candidates: list[Candidate]

    @property
    def text(self) -> str:
        return self.document.text


def read_filled(data: bytes, file_name: str, catalogue: Catalogue | None = None,
                today: dt.date | None = None) -> FilledTable:
    """The candidates of a filled template, or TemplateRejected (Chinese: file, sheet, row, column)."""
    name = PurePath(file_name or "未命名文件").name
    _check_file(data, name)
    catalogue = catalogue or template_catalogue()
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise TemplateRejected(name, ["无法打开该 .xlsx 文件（已损坏，或不是 Excel 工作簿）"]) from exc
    try:
        if DATA_SHEET not in wb.sheetnames:
            raise TemplateRejected(name, [f"找不到工作表「{DATA_SHEET}」（本文件的工作表：{'、'.join(wb.sheetnames)}）；"
                                          "请用数据导入模板填写，不要改工作表名"])
        lines, candidates = _read_sheet(wb[DATA_SHEET], name, catalogue, today or dt.date.today())
    finally:
        wb.close()
    text = "\n".join(lines)
    document = Document(name, "xlsx", data, text, hashlib.sha256(data).hexdigest())
    return FilledTable(document, candidates)


def _check_file(data: bytes, name: str) -> None:
    def refuse(reason: str):
        raise TemplateRejected(name, [reason])

    suffix = PurePath(name).suffix.lower()
    if not data:
        refuse("文件为空（0 字节）")
    if len(data) > MAX_BYTES:
        refuse(f"文件大小 {len(data) / 2**20:.1f} MiB，超过上限 {MAX_LABEL}，请拆分后再上传")
    if data.startswith(OLE_HEADER) or suffix == ".xls":
        refuse("这是旧版 Excel（.xls）格式或设有打开密码，请在 Excel 中取消密码并「另存为」.xlsx 后再上传")
    if suffix != ".xlsx":
        refuse(f"不是 Excel 表格（.xlsx），而是「{suffix or '无扩展名'}」：请下载数据导入模板，填好后按 .xlsx 上传")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = zf.infolist()
            if sum(m.file_size for m in members) > MAX_UNZIPPED:
                refuse(f"解压后超过 {MAX_UNZIPPED // 2**20} MiB，不像是一张数据表，请拆分后再上传")
            for member in members:
                if member.filename.endswith((".xml", ".rels", ".vml")) and _DTD.search(zf.read(member)):
                    refuse("文件内含 XML 文档类型声明（DOCTYPE/ENTITY），为安全起见不予读取；请在 Excel 中「另存为」.xlsx 后再上传")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise TemplateRejected(name, ["不是有效的 .xlsx 文件（已损坏，或只是改了扩展名）"]) from exc


def _where(row: int, column: str | None = None, col_no: int | None = None) -> str:
    if column is None:
        return f"工作表「{DATA_SHEET}」第{row}行"
    letter = get_column_letter(col_no if col_no is not None else COLUMNS.index(column) + 1)
    return f"工作表「{DATA_SHEET}」第{row}行 {letter}列（{column}）"


def _read_sheet(ws, name: str, catalogue: Catalogue, today: dt.date) -> tuple[list[str], list[Candidate]]:
    rows = ws.iter_rows()
    header = next(rows, None)
    if header is None:
        raise TemplateRejected(name, [f"工作表「{DATA_SHEET}」是空的：第1行应是表头 {'、'.join(COLUMNS)}"])
    problems = _header_problems([_written(c) for c in header])
    if problems:
        raise TemplateRejected(name, problems)
    lines = [CELL_SEPARATOR.join(COLUMNS)]
    offset = len(lines[0]) + 1
    parsed: list[tuple[dict, int, int, str]] = []
    count = 0
    for row_no, cells in enumerate(rows, start=2):
        written = [_written(c) for c in cells]
        if not any(written):
            continue
        count += 1
        if count > MAX_ROWS:
            raise TemplateRejected(name, [f"工作表「{DATA_SHEET}」超过 {MAX_ROWS} 行数据，请拆分为几个文件"])
        for col_no in range(len(COLUMNS) + 1, len(written) + 1):
            if written[col_no - 1]:
                problems.append(f"{_where(row_no)} {get_column_letter(col_no)}列：模板只有 {len(COLUMNS)} 列，"
                                f"此处不应有内容（「{_short(written[col_no - 1])}」）")
        cells = list(cells[:len(COLUMNS)]) + [None] * (len(COLUMNS) - len(cells))
        written = (written + [""] * len(COLUMNS))[:len(COLUMNS)]
        fields = _row_fields(cells, written, row_no, catalogue, today, problems)
        line = CELL_SEPARATOR.join(written)
        parsed.append((fields, offset, offset + len(line), line))
        lines.append(line)
        offset += len(line) + 1
    if not parsed and not problems:
        problems.append(f"工作表「{DATA_SHEET}」没有数据：请从第2行起每行填写一条数据")
    if problems:
        raise TemplateRejected(name, problems)
    return lines, [_candidate(fields, start, end, line, catalogue) for fields, start, end, line in parsed]


def _header_problems(header: list[str]) -> list[str]:
    problems = []
    for i, expected in enumerate(COLUMNS):
        got = header[i] if i < len(header) else ""
        if got != expected:
            problems.append(f"工作表「{DATA_SHEET}」第1行 {get_column_letter(i + 1)}列：表头应为「{expected}」，"
                            f"实际为「{_short(got) or '（空）'}」")
    for i in range(len(COLUMNS), len(header)):
        if header[i]:
            problems.append(f"工作表「{DATA_SHEET}」第1行 {get_column_letter(i + 1)}列：模板只有 {len(COLUMNS)} 列，"
                            f"多出表头「{_short(header[i])}」")
    if problems:
        problems.append(f"表头应依次为：{'、'.join(COLUMNS)}。请使用数据导入模板，不要增删、改名或移动列")
    return problems


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _plain_number(value: float) -> str:
    value = round(value, 10)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _is_percent(cell) -> bool:
    return "%" in (getattr(cell, "number_format", None) or "")


def _written(cell) -> str:
    """A cell as the sender wrote it, on one line: text as stored (a formula as its text, never
    calculated), a number as shown (a percent-formatted cell as 95.06%), a date as YYYY-MM-DD."""
    value = None if cell is None else cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _plain_number(value * 100) + "%" if _is_percent(cell) else _plain_number(float(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    text = value.text if hasattr(value, "text") and isinstance(value.text, str) else str(value)  # ArrayFormula
    return " ".join(text.split("\n")).replace("\r", " ").strip()


def _row_fields(cells: list, written: list[str], row_no: int, catalogue: Catalogue, today: dt.date,
                problems: list[str]) -> dict:
    """The row's values by column; each problem appended with sheet, row and column."""
    by_name = dict(zip(COLUMNS, written, strict=True))
    cell_of = dict(zip(COLUMNS, cells, strict=True))
    for column in REQUIRED:
        if not by_name[column]:
            problems.append(f"{_where(row_no, column)}：必填，未填写")
    fields = {name: (by_name[name] or None) for name in COLUMNS}
    if by_name["数值"]:
        value = _number(cell_of["数值"], by_name["数值"], by_name["计量单位"])
        if isinstance(value, str):
            problems.append(f"{_where(row_no, '数值')}：{value}")
        fields["数值"] = value
    if by_name["参评总数"]:
        total = _whole(cell_of["参评总数"], by_name["参评总数"])
        if total is None:
            problems.append(f"{_where(row_no, '参评总数')}：「{_short(by_name['参评总数'])}」不是正整数（名次的参评总数，如 15）")
        fields["参评总数"] = total
    if by_name["限定词"] and by_name["限定词"] not in QUALIFIER_BOUNDS:
        problems.append(f"{_where(row_no, '限定词')}：「{_short(by_name['限定词'])}」不是可选的限定词；"
                        f"可选：{'、'.join(QUALIFIER_BOUNDS)}，数值是确数时留空")
    if by_name["阶段"] and by_name["阶段"] not in STAGES:
        problems.append(f"{_where(row_no, '阶段')}：「{_short(by_name['阶段'])}」不是可选的阶段；可选：{'、'.join(STAGES)}"
                        f"（留空按「{DEFAULT_STAGE}」）")
    if by_name["期间"]:
        period = parse_period(by_name["期间"], today)
        if isinstance(period, str):
            problems.append(f"{_where(row_no, '期间')}：{period}")
        fields["期间"] = period
    return fields


def _number(cell, written: str, unit: str) -> float | str:
    """The value of a 数值 cell, or the Chinese reason it is not a number."""
    value = cell.value if cell is not None else None
    if getattr(cell, "data_type", None) == "f":
        return f"「{_short(written)}」是公式，请填数字本身（在 Excel 中可「选择性粘贴 → 数值」）"
    if isinstance(value, bool) or isinstance(value, dt.date | dt.time | dt.timedelta):
        return f"「{_short(written)}」不是数字"
    if isinstance(value, int | float):
        return round(value * 100, 10) if _is_percent(cell) else float(value)
    text = unicodedata.normalize("NFKC", written).replace(" ", "")
    if text.endswith("%") and unit == "%":
        text = text[:-1]
    if re.fullmatch(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        text = text.replace(",", "")
    if not _NUMBER.fullmatch(text):
        return f"「{_short(written)}」不是数字；只填数字（百分数填 95.06，计量单位填 %；不带单位、不带文字）"
    return float(text)


def _whole(cell, written: str) -> int | None:
    value = cell.value if cell is not None else None
    if getattr(cell, "data_type", None) == "f" or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() and value >= 1 else None
    text = unicodedata.normalize("NFKC", written).strip()
    return int(text) if text.isdigit() and int(text) >= 1 else None


def parse_period(text: str, today: dt.date | None = None) -> Period | str:
    """The one period a 期间 cell names (govdash/intake/periods.py), or the Chinese reason it cannot
    be read: a year is required; X至Y is the range from X's start to Y's end."""
    today = today or dt.date.today()
    norm = normalise(unicodedata.normalize("NFKC", text)).strip()
    year = re.search(YEAR, norm)
    hint = f"请写成如 {PERIOD_EXAMPLES} 之一"
    if not year:
        return f"期间「{_short(text)}」未写明年份；{hint}"
    phrases = date_phrases(norm, int(year.group(0)), today)
    gaps = _gaps(norm, phrases)
    if len(phrases) == 1 and not any(gaps):
        periods = phrases[0].periods
        if len(periods) != 1:
            return f"期间「{_short(text)}」含 {len(periods)} 个期间；一行只填一个期间（如 {periods[0].label}），每个期间各占一行"
        return periods[0]
    if len(phrases) == 2 and not gaps[0] and not gaps[2] and gaps[1] in PERIOD_JOINERS \
            and len(phrases[0].periods) == len(phrases[1].periods) == 1:
        first, last = phrases[0].periods[0], phrases[1].periods[0]
        if first.start <= last.end:
            return Period(f"{first.label}至{last.label}", "range", first.start, last.end)
    return f"期间「{_short(text)}」无法识别；{hint}"


def _gaps(text: str, phrases) -> list[str]:
    """The text before, between and after the phrases (stripped)."""
    out, pos = [], 0
    for p in phrases:
        out.append(text[pos:p.start].strip())
        pos = p.end
    out.append(text[pos:].strip())
    return out


def _candidate(fields: dict, start: int, end: int, line: str, catalogue: Catalogue) -> Candidate:
    name, unit = fields["指标"], fields["计量单位"]
    entry = catalogue.entries.get(name)
    period: Period = fields["期间"]
    qualifier = fields["限定词"]
    note = fields["说明"]
    doubt = doubt_reason(note)  # the build's reading of a note's 存疑
    return Candidate(
        value=fields["数值"], unit=unit, qualifier=qualifier, bound=QUALIFIER_BOUNDS.get(qualifier or "", "exact"),
        evidence=line, evidence_start=start, evidence_end=end, sentence=line,
        indicator=entry.name if entry else None, new_indicator=None if entry else name,
        theme=entry.theme if entry else theme_for(name), kind=entry.kind if entry else kind_of_unit(unit),
        region=fields["地区"], org_unit=fields["单位"], period_label=period.label, period_grain=period.grain,
        period_start=period.start.isoformat(), period_end=period.end.isoformat(),
        stage=fields["阶段"] or DEFAULT_STAGE, rank_total=fields["参评总数"],
        is_doubtful=doubt is not None, doubt_reason=doubt,
        confidence=1.0, indicator_confidence=1.0 if entry else 0.0, note=note,
    )
