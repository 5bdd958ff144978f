"""下载简报（Word）: a Chinese 简报 for the current filters, as .docx.

Per theme, the sentences a leader reads out: the latest value per region with its change since the
comparable previous figure (only comparable pairs, 可比规则), rankings in the established sentences
(analysis.rank_sentence), the largest comparable before/after changes, and the figures the curators
doubt, named as such; then the rectification status of the inspection reports (问题 N 个，已整改 M 个).
Every sentence has a footnote naming the document and quoting it. The sentences come from the rules
of sentences.py; the footnotes part from docx_notes.py."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from govdash.exports import data
from govdash.exports import sentences as say
from govdash.exports.docx_notes import add_footnote, set_run_fonts
from govdash.labels import as_of_text, chinese_number, missing
from govdash.warehouse.atomic import replacing

LATEST_PER_THEME = 6     # series named per theme (key indicators first)
RANK_SERIES = 2          # rank series per indicator (rankings/rank_figures: those that fell most, then newest)
PAIRS_PER_THEME = 3      # before/after changes per theme
DOUBTFUL_PER_THEME = 3   # doubtful figures named per theme
BODY_FONT = "SimSun"     # 宋体; on a machine without it Word and LibreOffice substitute a CJK font
HEAD_FONT = "SimHei"     # 黑体
BODY_SIZE, HEAD_SIZE, TITLE_SIZE = 12, 14, 20
INTRO = ("本简报由政务服务效能看板按下列筛选条件自动生成。每句所据的文件与原文引文见脚注。"
         "带「超过、近、以上、前三」等字样的是界限值或约数，不是确数；标「（存疑）」的数据整理时释读存疑，"
         "标「（推算）」的由其他数据推算；变化只在口径可比的两期数据之间计算。")


@dataclass
class Line:
    text: str
    note: str


@dataclass
class Section:
    title: str
    lines: list[Line] = field(default_factory=list)


def doc_of(figure_id) -> str:
    """A figure's document number: its id starts with it (NNN-0001, facts contract)."""
    return str(figure_id).split("-")[0]


def cite(docs: dict, quotes: list[tuple[str, str]], extra: list[str] = ()) -> str:
    """The footnote of a sentence: each document once with its quotes (doc_no, quote) in order."""
    by_doc: dict[str, list[str]] = {}
    for doc_no, quote in quotes:
        if not missing(doc_no) and doc_no in docs:
            by_doc.setdefault(doc_no, []).append(quote)
    notes = [say.document_note(docs[d], q, extra if i == len(by_doc) - 1 else ()) for i, (d, q) in enumerate(by_doc.items())]
    return "另见".join(notes)


def marks(*pairs: tuple[object, str]) -> list[str]:
    """Footnote remarks: 「存疑：理由」 and the 推算 arithmetic, for the values given."""
    out = []
    for value, word in pairs:
        if not missing(value) and str(value):
            out.append(str(value) if str(value).startswith(word) else f"{word}：{value}")
    return out


def latest_lines(latest: pd.DataFrame, docs: dict) -> list[Line]:
    lines = [Line(say.latest_sentence(r), cite(docs, [(r.doc_no, r.evidence), (r.previous_doc_no, r.previous_evidence)],
                                               marks((r.doubt_reason, "存疑"), (r.derivation, "推算"))))
             for r in latest.itertuples()]
    if len(latest) and (more := say.more_sentence(len(latest), int(latest["series_total"].iloc[0]), "最新数据")):
        lines.append(Line(more, ""))  # a pointer to the workbook, not a figure: no footnote
    return lines


def rank_lines(ranks: pd.DataFrame, docs: dict) -> list[Line]:
    lines = []
    for _, s in ranks.sort_values(["period_end_on", "figure_id"], kind="stable").groupby("series", sort=False):
        last = s.iloc[-1]
        text = say.rank_sentence(last["region"], last["org_unit"], last["indicator"], last["period_label"], s)
        doubtful = s[s["is_doubtful"].astype(bool)]
        if len(doubtful):
            text = say.finished(text + f"其中{'、'.join(doubtful['period_label'])}的名次整理时释读存疑。")
        quotes = [(r.doc_no, r.evidence) for r in s.tail(2).itertuples()]
        lines.append(Line(text, cite(docs, quotes, marks(*((d, "存疑") for d in doubtful["doubt_reason"])))))
    return lines


def pair_lines(pairs: pd.DataFrame, docs: dict, named: set[str]) -> list[Line]:
    """The theme's largest comparable before/after changes, except those whose after figure the latest
    values already named with its change."""
    if pairs.empty:
        return []
    comparable = pairs[pairs["is_comparable"].astype(bool) & ~pairs["after_id"].isin(named)].head(PAIRS_PER_THEME)
    return [Line(say.pair_sentence(r),
                 cite(docs, [(doc_of(r.before_id), r.before_evidence), (doc_of(r.after_id), r.after_evidence)],
                      marks((r.before_doubt, "存疑"), (r.after_doubt, "存疑"), (r.before_derivation, "推算"),
                            (r.after_derivation, "推算"))))
            for r in comparable.itertuples()]


def doubt_lines(doubtful: pd.DataFrame, docs: dict) -> list[Line]:
    lines = [Line(say.doubtful_sentence(r), cite(docs, [(r.doc_no, r.evidence)], marks((r.doubt_reason, "存疑"))))
             for r in doubtful.itertuples()]
    if len(doubtful) and (more := say.more_sentence(len(doubtful), int(doubtful["doubtful_total"].iloc[0]), "存疑数据")):
        lines.append(Line(more, ""))
    return lines


def rectification_section(status: pd.DataFrame, docs: dict) -> Section:
    return Section("巡察整改", [Line(say.rectification_sentence(r),
                                     cite(docs, [(r.doc_no, r.first_evidence), (r.doc_no, r.last_evidence)]))
                                for r in status.itertuples()])


def read_sections(con, f: data.ExportFilters, use_precomputed: bool) -> tuple[list[Section], str]:
    """Every section of the briefing under the (checked) filters, themes in the house order, and
    数据截至: the newest period end among the latest values and ranks it names."""
    themes = f.theme_list()
    params = {**f.params(), "themes": themes}
    docs = {r.doc_no: r for r in data.query(con, "exports/documents").itertuples()}
    latest = data.query(con, "exports/briefing_latest", **params, limit=LATEST_PER_THEME)
    ranks = data.query(con, "rankings/rank_figures", **params, limit=RANK_SERIES)
    pairs = data.query(con, "facts/before_after_pairs", **params, limit=PAIRS_PER_THEME, use_precomputed=use_precomputed)
    doubtful = data.query(con, "exports/doubtful_figures", **params, limit=DOUBTFUL_PER_THEME)
    sections = []
    named = set(latest.loc[latest["previous_id"].notna(), "figure_id"])  # named with their change already
    for theme in themes:
        lines = (latest_lines(latest[latest["theme"] == theme], docs) + rank_lines(ranks[ranks["theme"] == theme], docs)
                 + pair_lines(pairs[pairs["theme"] == theme] if len(pairs) else pairs, docs, named)
                 + doubt_lines(doubtful[doubtful["theme"] == theme], docs))
        if lines:
            sections.append(Section(theme, lines))
    status = data.query(con, "exports/rectification_status", regions=list(f.regions))
    if sections and len(status):
        sections.append(rectification_section(status, docs))
    return sections, as_of_text(pd.concat([latest[["period_end_on"]], ranks[["period_end_on"]]]))


def gather(f: data.ExportFilters, warehouse: Path | None = None) -> tuple[data.ExportFilters, list[Section], str]:
    """The checked filters, the sections and 数据截至 (newest period end among the figures named)."""
    with data.connect(warehouse) as con:
        _, first, last = data.year_span(con)
        f = data.checked(con, f)
        use_precomputed = f.year_from <= first and f.year_to >= last and not f.hide_doubtful
        sections, as_of = read_sections(con, f, use_precomputed)
    if not sections:
        raise data.ExportError(f"当前筛选（{'；'.join(f'{a}：{b}' for a, b in f.describe())}）下没有数据，未生成简报。")
    return f, sections, as_of


def _paragraph(document, text: str, font: str = BODY_FONT, size: float = BODY_SIZE, bold: bool = False,
               center: bool = False, indent: bool = False):
    p = document.add_paragraph()
    run = p.add_run(text)
    run.bold = bold
    set_run_fonts(run._r, font, size)
    fmt = p.paragraph_format
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.4
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    return p


def base_fonts(document) -> None:
    """Normal style in the body font, East Asian font included (python-docx sets only the Latin one)."""
    style = document.styles["Normal"]
    style.font.size = Pt(BODY_SIZE)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), BODY_FONT)


def build_docx(f: data.ExportFilters, sections: list[Section], as_of: str, out, now: dt.datetime | None = None) -> None:
    """Write the briefing to `out` (a path or a file object)."""
    document = Document()
    base_fonts(document)
    document.core_properties.title = "政务服务效能简报"
    _paragraph(document, "政务服务效能简报", HEAD_FONT, TITLE_SIZE, bold=True, center=True)
    _paragraph(document, f"数据截至 {as_of}　生成于 {data.generated_at(now)}", size=10.5, center=True)
    _paragraph(document, "筛选：" + "；".join(f"{a}：{b}" for a, b in f.describe()), size=10.5, center=True)
    _paragraph(document, INTRO, indent=True)
    for i, section in enumerate(sections, start=1):
        _paragraph(document, f"{chinese_number(i)}、{section.title}", HEAD_FONT, HEAD_SIZE, bold=True)
        for line in section.lines:
            p = _paragraph(document, line.text, indent=True)
            if line.note:
                add_footnote(document, p, line.note, BODY_FONT)
    document.save(out)


def write_briefing(f: data.ExportFilters, out: Path, warehouse: Path | None = None) -> Path:
    """The briefing under `f`, written to `out` atomically (no half-written file)."""
    f, sections, as_of = gather(f, warehouse)
    with replacing(Path(out)) as tmp:
        build_docx(f, sections, as_of, tmp)
    return Path(out)


def briefing_bytes(f: data.ExportFilters, warehouse: Path | None = None) -> bytes:
    """The same briefing as bytes (the app's download button)."""
    f, sections, as_of = gather(f, warehouse)
    buffer = io.BytesIO()
    build_docx(f, sections, as_of, buffer)
    return buffer.getvalue()


def notice_bytes(message: str) -> bytes:
    """A one-paragraph document saying why there is no briefing (the app's button when nothing matches)."""
    document = Document()
    base_fonts(document)
    _paragraph(document, "政务服务效能简报", HEAD_FONT, TITLE_SIZE, bold=True, center=True)
    _paragraph(document, message)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
