"""Reading an uploaded report into text, the way Chinese offices really produce them.

Plain text in UTF-8 (with or without BOM), GB18030/GBK or UTF-16 (with or without BOM); .docx
with its tables (each table row one line, cells joined by 「｜」 so a figure keeps its row); text
PDFs, two-column pages read left column first. Everything else is refused with a Chinese message
naming the file and the reason (DocumentRejected). The text is kept as extracted, only line
endings become \\n: evidence offsets of the extracted figures refer to it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

MAX_BYTES = 20 * 1024 * 1024
MAX_LABEL = "20 MiB"
TEXT_SUFFIXES = (".txt", ".text")
CELL_SEPARATOR = "｜"
OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PASTED_NAME = "粘贴的文本"
# Share of characters that must look like Chinese prose for a guessed encoding to be believed.
PLAUSIBLE_SHARE = 0.9
_PUNCT = set("、。，；：？！“”‘’（）《》【】〔〕〈〉「」『』—…·％～　￥")
# PDF fonts often map common characters to radical code points (⼀ for 一, ⻓ for 长): the Kangxi
# radicals fold back by NFKC, the simplified forms of the supplement block by this table.
_RADICAL_SUPPLEMENT = str.maketrans(
    "⺟⺠⻄⻅⻆⻉⻋⻓⻔⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
    "母民西见角贝车长门青韦页风飞食马骨鬼鱼鸟卤麦黄黾齐齿龙龟",
)


class DocumentRejected(ValueError):
    """The file cannot be read; the message (Chinese) names the file and the reason."""

    def __init__(self, filename: str, reason: str):
        self.filename = filename
        self.reason = reason
        super().__init__(f"文件「{filename}」无法读取：{reason}")


@dataclass
class Document:
    filename: str
    kind: str  # txt | docx | pdf | pasted
    original: bytes
    text: str
    sha256: str  # of original


def read_document(data: bytes, filename: str) -> Document:
    """The document's text, or DocumentRejected saying why it cannot be read."""
    name = PurePath(filename or "未命名文件").name
    if not data:
        raise DocumentRejected(name, "文件为空（0 字节）")
    if len(data) > MAX_BYTES:
        raise DocumentRejected(name, f"文件大小 {len(data) / 2**20:.1f} MiB，超过上限 {MAX_LABEL}，请拆分后再上传")
    suffix = PurePath(name).suffix.lower()
    if data.startswith(OLE_HEADER) and suffix == ".docx":
        raise DocumentRejected(name, "该文件实为旧版 Word（.doc）二进制格式或设有打开密码，请在 Word 中取消密码并「另存为」.docx 后再上传")
    if data.startswith(OLE_HEADER) or suffix == ".doc":
        raise DocumentRejected(name, "这是旧版 Word（.doc）二进制格式，请在 Word 中「另存为」.docx 后再上传")
    if suffix in TEXT_SUFFIXES:
        kind, text = "txt", decode_text(data, name)
    elif suffix == ".docx":
        kind, text = "docx", docx_text(data, name)
    elif suffix == ".pdf":
        kind, text = "pdf", pdf_text(data, name)
    else:
        shown = suffix or "（无扩展名）"
        raise DocumentRejected(name, f"不支持的文件类型「{shown}」，请上传 .txt、.docx 或文字版 .pdf")
    text = normalise_newlines(text)
    if not text.strip():
        raise DocumentRejected(name, "文件中没有文字")
    return Document(name, kind, data, text, hashlib.sha256(data).hexdigest())


def pasted_document(text: str) -> Document:
    """Text pasted into the page, kept as typed (line endings made \\n)."""
    if not text or not text.strip():
        raise DocumentRejected(PASTED_NAME, "粘贴的内容为空")
    original = text.encode("utf-8")
    return Document(PASTED_NAME, "pasted", original, normalise_newlines(text), hashlib.sha256(original).hexdigest())


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- plain text ------------------------------------------------------------------------------------

def decode_text(data: bytes, name: str) -> str:
    """Strict UTF-8 (BOM or not), then UTF-16 (BOM, or many NULs), then GB18030, then BOM-less
    UTF-16 of pure Chinese text. A guess is believed only when the result reads as Chinese prose:
    Big5 or other encodings decode as GB18030 garbage full of rare characters and are refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", name)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _strict(data, "utf-16", name)
    try:
        return _checked_controls(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    guesses = (["utf-16-le", "utf-16-be"] if data.count(0) > len(data) // 10 else []) + ["gb18030", "utf-16-le", "utf-16-be"]
    best = 0.0
    for encoding in guesses:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = plausible_share(text)
        if share >= PLAUSIBLE_SHARE:
            return _checked_controls(text, name)
        best = max(best, share)
    detail = f"（按 GB18030/UTF-16 解码后只有 {best:.0%} 的字符像正常中文）" if best else ""
    raise DocumentRejected(name, f"无法识别文字编码，可能是繁体 Big5 或其他编码{detail}；请另存为 UTF-8 文本或 .docx 后再上传")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return _checked_controls(data.decode(encoding), name)
    except UnicodeDecodeError as exc:
        raise DocumentRejected(name, f"文件标明为 {encoding.upper()} 编码（BOM），但第 {exc.start} 字节起不是合法的 {encoding.upper()}") from exc


def _checked_controls(text: str, name: str) -> str:
    controls = sum(1 for ch in text[:50000] if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    if controls > max(2, len(text[:50000]) // 100):
        raise DocumentRejected(name, "内容含大量控制字符，不是文字文件（可能是改了扩展名的二进制文件）")
    return text


def _is_common(ch: str) -> bool:
    code = ord(ch)
    if code < 0x80:
        return ch.isprintable() or ch in "\t\n\r\f"
    if ch in _PUNCT or 0xFF01 <= code <= 0xFF5E or 0x2000 <= code <= 0x206F:
        return True
    if 0x4E00 <= code <= 0x9FFF:
        try:
            ch.encode("gb2312")  # the 6763 common characters of simplified Chinese
            return True
        except UnicodeEncodeError:
            return False
    return False


def plausible_share(text: str, sample: int = 50000) -> float:
    """Share of characters that ordinary simplified-Chinese prose uses (ASCII, common punctuation,
    the GB2312 characters). Genuine text scores near 1; Big5 read as GB18030 far lower."""
    part = text[:sample]
    if not part:
        return 0.0
    return sum(1 for ch in part if _is_common(ch)) / len(part)


# --- .docx -------------------------------------------------------------------------------------------

def docx_text(data: bytes, name: str) -> str:
    """Paragraphs and tables in document order; a table row is one line, its cells joined by 「｜」
    (a cell merged across columns counted once)."""
    import docx  # python-docx: imported here, so reading plain text never needs it
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentRejected(name, "无法打开该 .docx 文件（已损坏，或不是 Word 文档）") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += [_row_line(row) for row in block.rows]
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _row_line(row) -> str:
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(" ".join(cell.text.split("\n")).strip())
    return CELL_SEPARATOR.join(cells)


# --- PDF ---------------------------------------------------------------------------------------------

def pdf_text(data: bytes, name: str) -> str:
    """The text of a text PDF, page by page; a two-column page left column first."""
    import pdfplumber  # imported here: only PDFs need it
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings are not the reader's business
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [page_text(page.chars, float(page.width)) for page in pdf.pages]
    except (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise DocumentRejected(name, "无法打开该 PDF 文件（已损坏或已加密）") from exc
    text = fold_radicals("\n".join(p for p in pages if p))
    visible = "".join(text.split())
    if not visible or visible.count("(cid:") * 6 > len(visible) // 2:
        raise DocumentRejected(name, "未能从该PDF提取文字，请提供文字版或 .docx")
    return text


def fold_radicals(text: str) -> str:
    """Radical code points a PDF font produced for ordinary characters, back to those characters."""
    text = text.translate(_RADICAL_SUPPLEMENT)
    return "".join(unicodedata.normalize("NFKC", ch) if 0x2F00 <= ord(ch) <= 0x2FDF else ch for ch in text)


def page_text(chars: list[dict], width: float) -> str:
    """One page's lines; where a column gap runs down the page, the lines above and below it that
    span the page (titles) stay in place and the two columns between them are read in turn."""
    lines = _lines(chars)
    if not lines:
        return ""
    gap = column_gap(lines, width)
    if gap is None:
        return _join_column(lines)
    lo, hi = gap
    out: list[str] = []
    left: list[list[dict]] = []
    right: list[list[dict]] = []
    for line in lines:
        if any(c["x0"] < hi and c["x1"] > lo for c in line if c["text"].strip()):
            out += [_join_column(left), _join_column(right), _line_text(line)]
            left, right = [], []
            continue
        left_part = [c for c in line if c["x1"] <= hi]
        right_part = [c for c in line if c["x1"] > hi]
        if left_part:
            left.append(left_part)
        if right_part:
            right.append(right_part)
    out += [_join_column(left), _join_column(right)]
    return "\n".join(p for p in out if p)


def _lines(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into visual lines (same baseline within 2 pt), top to bottom."""
    lines: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if lines and abs(lines[-1][0]["top"] - c["top"]) <= 2:
            lines[-1].append(c)
        else:
            lines.append([c])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines if any(c["text"].strip() for c in line)]


def column_gap(lines: list[list[dict]], width: float, min_gap: float = 8.0) -> tuple[float, float] | None:
    """The x-interval in the middle half of the page that (almost) no line covers while lines have
    text on both sides of it: the gap between two columns; None on a one-column page."""
    bins = [0] * (int(width) + 2)
    for line in lines:
        covered = set()
        for c in line:
            if c["text"].strip():
                covered.update(range(max(0, int(c["x0"])), min(len(bins), int(c["x1"]) + 1)))
        for b in covered:
            bins[b] += 1
    allowed = max(1, len(lines) // 10)
    runs, start = [], None
    for x in range(int(width * 0.25), int(width * 0.75) + 1):
        if bins[x] <= allowed and start is None:
            start = x
        elif bins[x] > allowed and start is not None:
            runs.append((start, x))
            start = None
    if start is not None:
        runs.append((start, int(width * 0.75) + 1))
    runs = [r for r in runs if r[1] - r[0] >= min_gap]
    if not runs:
        return None
    lo, hi = max(runs, key=lambda r: r[1] - r[0])
    both = sum(1 for line in lines if any(c["x1"] <= lo for c in line) and any(c["x0"] >= hi for c in line))
    return (float(lo), float(hi)) if both >= max(2, len(lines) // 4) else None


def _line_text(line: list[dict]) -> str:
    out, prev = [], None
    for c in line:
        if prev is not None and c["x0"] - prev["x1"] > 0.5 * max(c.get("size", 10), 1) and c["text"] != " " and out[-1] != " ":
            out.append(" ")
        out.append(c["text"])
        prev = c
    return "".join(out).strip()


def _join_column(lines: list[list[dict]]) -> str:
    """A column's lines; a line that ends short of the column's right edge by less than the next
    line's first word continues on the next line (wrapped prose) unless it ends a sentence, so a
    figure is never cut by a line break."""
    if not lines:
        return ""
    right = max(line[-1]["x1"] for line in lines)
    out = ""
    for i, line in enumerate(lines):
        text = _line_text(line)
        out += text
        if i == len(lines) - 1:
            break
        size = max(line[-1].get("size", 10), 1)
        room = right - line[-1]["x1"]
        wrapped = room < _first_word_width(lines[i + 1]) + size * 0.6 and text and text[-1] not in "。！？；：:"
        out += "" if wrapped else "\n"
    return out


def _first_word_width(line: list[dict]) -> float:
    """Width of the line's first word: its leading run of digits and Latin letters, or one character."""
    end = 0
    while end < len(line) and line[end]["text"].isascii() and line[end]["text"].strip():
        end += 1
    last = line[max(end, 1) - 1]
    return last["x1"] - line[0]["x0"]
