"""Reading uploaded reports: the encodings Chinese offices produce, .docx with tables, text PDFs
(a two-column one) and every refusal with its Chinese message naming file and reason."""

from __future__ import annotations

import hashlib
import io

import pytest

from govdash.intake import documents
from govdash.intake.documents import MAX_BYTES, DocumentRejected, pasted_document, read_document
from tests.support import TESTS_DIR

FIXTURES = TESTS_DIR / "fixtures" / "intake"
TEXT = "关于2023年第三季度政务服务“好差评”情况的通报\r\n全市主动评价率为95.2%，差评整改率100%。\r\n某市政务服务管理局\r\n"
EXPECTED = TEXT.replace("\r\n", "\n")


SHORT = "关于好差评的通报"
NO_ASCII = "主动评价率为百分之九十五"


@pytest.mark.parametrize(
    ("encoded", "expected"),
    [
        (TEXT.encode("utf-8"), EXPECTED),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), EXPECTED),
        (TEXT.encode("gb18030"), EXPECTED),
        (TEXT.encode("gbk"), EXPECTED),
        (SHORT.encode("gbk"), SHORT),  # short GBK, which charset detectors take for something else
        (TEXT.encode("utf-16"), EXPECTED),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), EXPECTED),
        (TEXT.encode("utf-16-le"), EXPECTED),
        (TEXT.encode("utf-16-be"), EXPECTED),
        (NO_ASCII.encode("utf-16-le"), NO_ASCII),  # no NUL byte at all
    ],
    ids=["utf-8", "utf-8 BOM", "gb18030", "gbk", "short gbk", "utf-16 BOM", "utf-16 BE BOM", "utf-16 LE", "utf-16 BE",
         "utf-16 LE without ASCII"],
)
def test_text_encodings(encoded, expected):
    doc = read_document(encoded, "通报.txt")
    assert (doc.kind, doc.text) == ("txt", expected)
    assert doc.original == encoded and doc.sha256 == hashlib.sha256(encoded).hexdigest()


def test_big5_is_refused_not_read_as_garbage():
    big5 = "關於政務服務好差評情況的通報，群眾滿意度為百分之九十九點六。全年辦件量約一百二十萬件。".encode("big5")
    with pytest.raises(DocumentRejected, match=r"文件「繁体\.txt」无法读取：无法识别文字编码"):
        read_document(big5, "繁体.txt")


def test_docx_paragraphs_and_tables_in_order():
    import docx

    document = docx.Document()
    document.add_paragraph("某区行政审批局2023年工作总结")
    document.add_paragraph("全年办理政务服务事项86万件。")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([("指标", "2022年", "2023年"), ("主动评价率", "91.2%", "95.6%"), ("差评整改率", "98%", "100%")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    merged = table.cell(0, 1).merge(table.cell(0, 2))
    merged.text = "年度"
    document.add_paragraph("下一步，力争主动评价率达到98%。")
    buffer = io.BytesIO()
    document.save(buffer)
    doc = read_document(buffer.getvalue(), "总结.docx")
    assert doc.kind == "docx"
    assert doc.text.split("\n") == [
        "某区行政审批局2023年工作总结", "全年办理政务服务事项86万件。",
        "指标｜年度", "主动评价率｜91.2%｜95.6%", "差评整改率｜98%｜100%", "下一步，力争主动评价率达到98%。"]


def test_two_column_pdf_reads_left_column_first():
    doc = read_document((FIXTURES / "two_column.pdf").read_bytes(), "two_column.pdf")
    lines = doc.text.split("\n")
    assert doc.kind == "pdf"
    assert lines[0] == "某市12345政务服务便民热线2023年第三季度运行分析"  # radicals folded (民, 运行)
    starts = [next(i for i, ln in enumerate(lines) if ln.startswith(h)) for h in ("一、", "二、", "三、", "四、", "五、", "六、")]
    assert starts == sorted(starts)
    assert "热线共受理群众诉求12.6万件，同比增长8.5%，其中咨询类占比61.2%。" in doc.text  # a wrapped line rejoined


def test_page_text_without_columns_keeps_lines():
    chars = [{"text": ch, "x0": 10.0 * i, "x1": 10.0 * i + 9, "top": 10.0, "size": 9} for i, ch in enumerate("第一行。")]
    chars += [{"text": ch, "x0": 10.0 * i, "x1": 10.0 * i + 9, "top": 30.0, "size": 9} for i, ch in enumerate("第二行")]
    assert documents.page_text(chars, 600) == "第一行。\n第二行"


def test_pasted_text():
    doc = pasted_document("全年受理投诉35件。\r\n已全部办结。")
    assert (doc.kind, doc.text) == ("pasted", "全年受理投诉35件。\n已全部办结。")
    with pytest.raises(DocumentRejected, match="粘贴的内容为空"):
        pasted_document("  \n ")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "空.txt", r"文件「空\.txt」无法读取：文件为空"),
        (b"x" * (MAX_BYTES + 1), "大.txt", r"文件「大\.txt」无法读取：文件大小 20\.0 MiB，超过上限 20 MiB"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧.doc", r"文件「旧\.doc」无法读取：这是旧版 Word（\.doc）.*另存为」\.docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "改名.docx", r"旧版 Word（\.doc）"),
        ("表格".encode(), "数据.xlsx", r"文件「数据\.xlsx」无法读取：不支持的文件类型「\.xlsx」"),
        (b"\x00\x01\x02\x03\xff\xfe\xfd" * 50, "二进制.txt", r"文件「二进制\.txt」无法读取："),
        (b"\xef\xbb\xbf\xff\xfe\xfa", "坏.txt", r"BOM"),
        (b"not a zip", "坏.docx", r"文件「坏\.docx」无法读取：无法打开该 \.docx 文件"),
        (b"%PDF-1.4 broken", "坏.pdf", r"文件「坏\.pdf」无法读取：无法打开该 PDF 文件"),
    ],
)
def test_rejections_name_file_and_reason(data, name, message):
    with pytest.raises(DocumentRejected, match=message) as caught:
        read_document(data, name)
    assert caught.value.filename == name and caught.value.reason


def test_image_only_pdf_is_refused():
    with pytest.raises(DocumentRejected) as caught:
        read_document((FIXTURES / "image_only.pdf").read_bytes(), "扫描件.pdf")
    assert str(caught.value) == "文件「扫描件.pdf」无法读取：未能从该PDF提取文字，请提供文字版或 .docx"


def test_whitespace_only_text_is_refused():
    with pytest.raises(DocumentRejected, match="文件中没有文字"):
        read_document(b" \r\n\t ", "空白.txt")
