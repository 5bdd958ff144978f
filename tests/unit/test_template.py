"""The Excel template for tables (govdash/intake/template.py): what it offers, and a filled copy read
into candidates, all or nothing, every refusal in Chinese naming file, sheet, row and column.
Workbooks are made in memory with openpyxl, as an office's Excel would save them."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from govdash.intake import template
from govdash.intake.catalogue import Catalogue
from govdash.intake.documents import DocumentRejected
from govdash.intake.extract import Candidate
from govdash.vocabulary import QUALIFIER_BOUNDS, STAGES

INDICATORS = [
    {"indicator": "好差评主动评价率", "theme": "好差评", "kind": "rate", "unit": "%", "definition": "主动评价数占评价总数的比例"},
    {"indicator": "营商环境评价排名", "theme": "营商环境", "kind": "rank", "unit": "名", "definition": "营商环境评价中的名次"},
    {"indicator": "=危险指标", "theme": "其他", "kind": "count", "unit": "件", "definition": "-以减号开头的口径"},
]
REGIONS = [{"region": "长沙市", "full_name": "长沙市", "level": "市", "parent": "湖南省"},
           {"region": "湖南省", "full_name": "湖南省", "level": "省", "parent": ""}]
TODAY = dt.date(2024, 3, 1)
GOOD = ["好差评主动评价率", "长沙市", "", "2023年第三季度", 95.06, "%", None, None, "整改后", "主动评价率提升至95.06%", "取自系统月报"]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue(INDICATORS, REGIONS)


@pytest.fixture(scope="module")
def blank(catalogue) -> bytes:
    return template.template_bytes(catalogue)


def filled(blank: bytes, *rows, edit=None) -> bytes:
    """The template with `rows` from row 2, as a person fills it; `edit(sheet)` changes it further."""
    wb = load_workbook(io.BytesIO(blank))
    ws = wb[template.DATA_SHEET]
    for row in rows:
        ws.append(list(row))
    if edit:
        edit(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read(data: bytes, catalogue, name: str = "三季度数据.xlsx") -> template.FilledTable:
    return template.read_filled(data, name, catalogue, today=TODAY)


def refusal(data: bytes, catalogue, name: str = "三季度数据.xlsx") -> str:
    with pytest.raises(template.TemplateRejected) as caught:
        read(data, catalogue, name)
    message = str(caught.value)
    assert message.startswith(f"文件「{name}」无法读取：") and "未导入任何数据" in message
    return message


# --- the template ------------------------------------------------------------------------------------

def test_template_has_the_columns_notes_and_dropdowns(blank):
    wb = load_workbook(io.BytesIO(blank))
    assert wb.sheetnames[:2] == [template.DATA_SHEET, template.NOTES_SHEET]
    header = [c.value for c in wb[template.DATA_SHEET][1]]
    assert header == ["指标", "地区", "单位", "期间", "数值", "计量单位", "参评总数", "限定词", "阶段", "原文引文", "说明"]
    notes = "\n".join(str(c.value) for row in wb[template.NOTES_SHEET].iter_rows() for c in row if c.value)
    for column in template.COLUMNS:
        assert column in notes
    assert all(stage in notes for stage in STAGES) and all(word in notes for word in QUALIFIER_BOUNDS)
    rules = {str(v.sqref).split(":")[0][0]: v for v in wb[template.DATA_SHEET].data_validations.dataValidation}
    choices = wb[template.CHOICES_SHEET]

    def listed(rule) -> list[str]:
        sheet, cells = rule.formula1.split("!")
        column = cells.split(":")[0].strip("$")[0]
        ws = wb[sheet.strip("'")]
        return [c.value for c in ws[column][1:] if c.value is not None]

    # 限定词 (H) and 阶段 (I): strict dropdowns of the vocabulary; 指标 (A), 地区 (B), 计量单位 (F): hints
    assert listed(rules["H"]) == list(QUALIFIER_BOUNDS) and rules["H"].showErrorMessage
    assert listed(rules["I"]) == list(STAGES) and rules["I"].showErrorMessage
    assert listed(rules["A"])[:2] == ["好差评主动评价率", "营商环境评价排名"] and not rules["A"].showErrorMessage
    assert listed(rules["B"]) == ["长沙市", "湖南省"] and not rules["B"].showErrorMessage
    assert set(listed(rules["F"])) == {"%", "名", "件"}
    assert rules["G"].type == "whole"
    assert choices.title == template.CHOICES_SHEET
    assert all(rule.prompt for rule in rules.values())


def test_template_text_goes_through_the_spreadsheet_guard(blank):
    """Catalogue text that a spreadsheet would run as a formula is written as text (')."""
    wb = load_workbook(io.BytesIO(blank))
    cells = [c for row in wb[template.INDICATOR_SHEET].iter_rows() for c in row if c.value is not None]
    assert "'=危险指标" in [c.value for c in cells] and "'-以减号开头的口径" in [c.value for c in cells]
    assert not [c for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_write_template_to_a_path_is_atomic(tmp_path, catalogue):
    target = tmp_path / "模板.xlsx"
    template.write_template(target, catalogue)
    assert load_workbook(target).sheetnames[0] == template.DATA_SHEET
    assert [p.name for p in tmp_path.iterdir()] == ["模板.xlsx"]  # nothing left beside it


def test_the_blank_template_reads_as_empty(blank, catalogue):
    assert "没有数据" in refusal(blank, catalogue)


# --- a filled copy -----------------------------------------------------------------------------------

def test_a_filled_row_becomes_a_candidate_with_the_row_as_evidence(blank, catalogue):
    table = read(filled(blank, GOOD), catalogue)
    assert table.text.splitlines()[0] == "指标｜地区｜单位｜期间｜数值｜计量单位｜参评总数｜限定词｜阶段｜原文引文｜说明"
    [c] = table.candidates
    assert isinstance(c, Candidate)
    assert c.evidence == "好差评主动评价率｜长沙市｜｜2023年第三季度｜95.06｜%｜｜｜整改后｜主动评价率提升至95.06%｜取自系统月报"
    assert table.text[c.evidence_start:c.evidence_end] == c.evidence and c.sentence == c.evidence
    assert (c.value, c.unit, c.qualifier, c.bound) == (95.06, "%", None, "exact")
    assert (c.indicator, c.new_indicator, c.theme, c.kind) == ("好差评主动评价率", None, "好差评", "rate")
    assert (c.region, c.org_unit, c.stage, c.note) == ("长沙市", None, "整改后", "取自系统月报")
    assert (c.period_label, c.period_grain, c.period_start, c.period_end) == ("2023年第3季度", "quarter", "2023-07-01", "2023-09-30")
    assert c.confidence == 1.0 and not c.is_doubtful
    assert table.document.kind == "xlsx" and table.document.filename == "三季度数据.xlsx"


def test_the_workbook_is_kept_byte_for_byte(blank, catalogue):
    data = filled(blank, GOOD)
    table = read(data, catalogue)
    assert table.document.original == data
    import hashlib
    assert table.document.sha256 == hashlib.sha256(data).hexdigest()


def test_every_row_and_every_field(blank, catalogue):
    rows = [
        GOOD,
        ["营商环境评价排名", "长沙市", None, "2023年", 3, "名", 15, "前三", None, None, None],
        ["窗口办件量", "长沙市", "市政务服务中心", "2023年1-9月", "1,234", "件", None, "超过", "现状", None, "存疑：原文数字模糊"],
        ["好差评主动评价率", "长沙市", None, "截至2023年9月底", "９５．２", "%", None, "近", "目标", None, None],
        ["好差评主动评价率", "长沙市", None, "2023年1月至2023年6月", "96%", "%", None, None, "对标", None, None],
        ["办理时限", "湖南省", None, "2023年上半年", 2.5, "个工作日", None, "以内", None, None, None],
    ]
    table = read(filled(blank, *rows, [None] * 11), catalogue)  # a trailing empty row is no row
    assert len(table.candidates) == 6
    rank, count, target, joined, duration = table.candidates[1:]
    assert (rank.value, rank.rank_total, rank.qualifier, rank.bound, rank.stage, rank.kind) == (3, 15, "前三", "upper", "现状", "rank")
    assert (count.value, count.bound, count.org_unit, count.new_indicator, count.indicator) == (1234, "lower", "市政务服务中心", "窗口办件量", None)
    assert count.kind == "count" and count.is_doubtful and count.doubt_reason == "原文数字模糊"
    assert count.period_grain == "range" and count.period_end == "2023-09-30"
    assert (target.value, target.bound, target.stage, target.period_grain, target.period_label) == (95.2, "upper", "目标", "asof", "截至2023年9月底")
    assert (joined.value, joined.period_label, joined.period_start, joined.period_end) == (96, "2023年1月至2023年6月", "2023-01-01", "2023-06-30")
    assert (duration.kind, duration.bound, duration.region, duration.period_grain) == ("duration", "upper", "湖南省", "half")
    for c in table.candidates:
        assert table.text[c.evidence_start:c.evidence_end] == c.evidence
        assert table.text.count(c.evidence) >= 1


def test_a_percent_formatted_cell_is_read_as_the_percent_shown(blank, catalogue):
    """Typing 95.06% in Excel stores 0.9506 with a percent format: the figure is 95.06."""
    row = list(GOOD)
    row[4] = 0.9506

    def as_percent(ws):
        ws["E2"].number_format = "0.00%"

    [c] = read(filled(blank, row, edit=as_percent), catalogue).candidates
    assert c.value == 95.06 and "｜95.06%｜" in c.evidence


def test_a_date_typed_as_a_date_is_a_day(blank, catalogue):
    row = list(GOOD)
    row[3] = dt.datetime(2023, 9, 30)
    [c] = read(filled(blank, row), catalogue).candidates
    assert (c.period_grain, c.period_start, c.period_end) == ("day", "2023-09-30", "2023-09-30")
    assert "｜2023-09-30｜" in c.evidence


# --- formula injection -------------------------------------------------------------------------------

def test_text_starting_with_equals_stays_text(blank, catalogue):
    """A formula in a text column is read as the text it is (never calculated, nothing fetched), and
    a text cell starting with = likewise; both reach the candidate verbatim."""
    row = list(GOOD)
    row[0] = '=HYPERLINK("http://evil.example/x","点我")'  # openpyxl stores this as a formula
    row[9] = "=1+1"

    def as_text(ws):
        ws["J2"].data_type = "s"  # typed as text ('=1+1 in Excel)

    data = filled(blank, row, edit=as_text)
    [c] = read(data, catalogue).candidates
    assert c.new_indicator == '=HYPERLINK("http://evil.example/x","点我")' and c.indicator is None
    assert c.evidence.startswith('=HYPERLINK("http://evil.example/x","点我")｜') and "｜=1+1｜" in c.evidence
    assert isinstance(c.value, float) and c.value == 95.06


def test_a_formula_where_a_number_belongs_is_refused(blank, catalogue):
    row = list(GOOD)
    row[4] = "=94+1.06"
    message = refusal(filled(blank, row), catalogue)
    assert "工作表「数据」第2行 E列（数值）：「=94+1.06」是公式" in message


# --- refusals: all or nothing -------------------------------------------------------------------------

def test_not_an_xlsx(catalogue, blank):
    assert "不是 Excel 表格（.xlsx）" in refusal(b"hello", catalogue, "数据.csv")
    assert "旧版 Excel（.xls）" in refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, catalogue, "数据.xls")
    assert "旧版 Excel（.xls）" in refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, catalogue, "数据.xlsx")
    assert "不是有效的 .xlsx 文件" in refusal("指标,地区\n".encode(), catalogue, "改了扩展名.xlsx")
    assert "文件为空" in refusal(b"", catalogue)
    assert "超过上限" in refusal(b"PK" + b"\0" * (20 * 2**20 + 1), catalogue)
    # an .xlsx that is a zip, but not a workbook
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("hello.txt", "你好")
    assert "无法打开该 .xlsx 文件" in refusal(buffer.getvalue(), catalogue)


def test_xml_with_a_doctype_is_refused_before_parsing(blank, catalogue):
    """Entity bombs and external entities come in through a DTD; no saved workbook has one."""
    source = zipfile.ZipFile(io.BytesIO(filled(blank, GOOD)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + body
            out.writestr(item, body)
    assert "XML 文档类型声明" in refusal(buffer.getvalue(), catalogue)


def test_wrong_headers_name_the_column(blank, catalogue):
    def rename(ws):
        ws["C1"] = "部门"

    message = refusal(filled(blank, GOOD, edit=rename), catalogue)
    assert "工作表「数据」第1行 C列：表头应为「单位」，实际为「部门」" in message

    def extra(ws):
        ws["L1"] = "备注"

    assert "第1行 L列：模板只有 11 列，多出表头「备注」" in refusal(filled(blank, GOOD, edit=extra), catalogue)
    wb = Workbook()
    wb.active.title = "Sheet1"
    out = io.BytesIO()
    wb.save(out)
    assert "找不到工作表「数据」（本文件的工作表：Sheet1）" in refusal(out.getvalue(), catalogue)


def test_bad_cells_are_each_named_and_nothing_is_produced(blank, catalogue):
    rows = [
        GOOD,  # a good row: still nothing is produced, as the file has problems
        ["好差评主动评价率", "长沙市", None, "2023年第三季度", "九十五", "%", None, None, None, None, None],
        ["好差评主动评价率", "长沙市", None, "2023年第三季度", 95, "%", None, "可能", "整改中", None, None],
        ["营商环境评价排名", "长沙市", None, "第三季度", 3, "名", "十五", None, None, None, None],
        ["", "长沙市", None, "2023年第一、二季度", 3, "", None, None, None, None, None, "多余"],
        ["好差评主动评价率", "长沙市", None, "2023年第三季度", True, "%", None, None, None, None, None],
    ]
    with pytest.raises(template.TemplateRejected) as caught:
        read(filled(blank, *rows), catalogue)
    problems = caught.value.problems
    expected = [
        "工作表「数据」第3行 E列（数值）：「九十五」不是数字",
        "工作表「数据」第4行 H列（限定词）：「可能」不是可选的限定词",
        "工作表「数据」第4行 I列（阶段）：「整改中」不是可选的阶段",
        "工作表「数据」第5行 G列（参评总数）：「十五」不是正整数",
        "工作表「数据」第5行 D列（期间）：期间「第三季度」未写明年份",
        "工作表「数据」第6行 A列（指标）：必填，未填写",
        "工作表「数据」第6行 F列（计量单位）：必填，未填写",
        "工作表「数据」第6行 D列（期间）：期间「2023年第一、二季度」含 2 个期间",
        "工作表「数据」第6行 L列：模板只有 11 列",
        "工作表「数据」第7行 E列（数值）：「TRUE」不是数字",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, problems)
    assert not any("第2行" in p for p in problems)
    message = str(caught.value)
    assert message.startswith("文件「三季度数据.xlsx」无法读取：共 10 处问题，未导入任何数据：")
    assert isinstance(caught.value, DocumentRejected)  # callers catch one kind of refusal


@pytest.mark.parametrize("text", ["2023年度", "2023年12月", "2023年4月12日", "2023-04-12", "2023年下半年", "截至2023年底",
                                  "2023年第1季度至第2季度", "2023年1-6月"])
def test_periods_that_read(text):
    assert isinstance(template.parse_period(text, TODAY), template.Period)


@pytest.mark.parametrize("text", ["三季度", "2023年第一、二季度", "去年", "2023年左右", "最近", "2023年9月至2023年1月"])
def test_periods_that_do_not(text):
    assert isinstance(template.parse_period(text, TODAY), str)


def test_rows_are_counted_as_the_sheet_numbers_them(blank, catalogue):
    """Empty rows between data are skipped, and a problem names the row Excel shows."""
    def with_gap(ws):
        for row in (2, 6):
            for col, value in enumerate(GOOD, start=1):
                ws.cell(row=row, column=col, value=value)
        ws.cell(row=6, column=5, value="abc")

    message = refusal(filled(blank, edit=with_gap), catalogue)
    assert "工作表「数据」第6行 E列（数值）：「abc」不是数字" in message and "共" not in message
