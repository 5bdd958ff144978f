"""Footnotes and Chinese fonts for python-docx, which has no footnote API.

A footnotes part (/word/footnotes.xml, related to the document part as RT.FOOTNOTES) holds the two
separator notes Word expects (ids -1 and 0) and one <w:footnote w:id="n"> per note; the body cites a
note with a superscript run holding <w:footnoteReference w:id="n"/>."""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

NOTE_SIZE = Pt(9)
_EMPTY = (f"<w:footnotes {nsdecls('w', 'r')}>"
          '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
          '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
          "</w:footnote></w:footnotes>")


def footnotes_part(document: Document) -> XmlPart:
    """The document's footnotes part, added (with its two separators) the first time."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            return rel.target_part
    part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_EMPTY), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    return part


def _superscript_run(inner: str) -> str:
    return f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>{inner}</w:r>'


def add_footnote(document: Document, paragraph: Paragraph, note: str, east_asian: str) -> int:
    """Cite a new footnote holding `note` at the end of `paragraph`; returns its number."""
    part = footnotes_part(document)
    number = 1 + max((int(n.get(qn("w:id"))) for n in part.element.findall(qn("w:footnote"))), default=0)
    footnote = parse_xml(
        f'<w:footnote {nsdecls("w")} w:id="{number}"><w:p>'
        f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>')
    run = footnote.find(qn("w:p")).findall(qn("w:r"))[-1]
    run.find(qn("w:t")).text = " " + note
    for r in footnote.iter(qn("w:r")):
        set_run_fonts(r, east_asian, NOTE_SIZE.pt)
    part.element.append(footnote)
    reference = parse_xml(_superscript_run(f'<w:footnoteReference w:id="{number}"/>'))
    set_run_fonts(reference, east_asian)
    paragraph._p.append(reference)
    return number


def set_run_fonts(run_element, east_asian: str, size_pt: float | None = None) -> None:
    """<w:rFonts w:ascii/hAnsi/eastAsia> (and a size) on one <w:r>: Word picks the East Asian font
    for Chinese characters only from w:eastAsia."""
    rpr = run_element.get_or_add_rPr() if hasattr(run_element, "get_or_add_rPr") else run_element.find(qn("w:rPr"))
    if rpr is None:
        rpr = parse_xml(f"<w:rPr {nsdecls('w')}/>")
        run_element.insert(0, rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), east_asian)
    if size_pt is not None:
        later = rpr.find(qn("w:vertAlign"))  # the schema puts sizes before vertAlign
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = parse_xml(f'<{tag} {nsdecls("w")}/>')
                rpr.insert(list(rpr).index(later), el) if later is not None else rpr.append(el)
            el.set(qn("w:val"), str(int(size_pt * 2)))


def footnote_texts(document: Document) -> dict[int, str]:
    """Number -> text of every footnote (the separators left out): what a reader (or a test) sees."""
    part = footnotes_part(document)
    root = part.element if isinstance(part, XmlPart) else parse_xml(part.blob)  # a document read back: a plain Part
    out = {}
    for note in root.findall(qn("w:footnote")):
        number = int(note.get(qn("w:id")))
        if number > 0:
            out[number] = "".join(t.text or "" for t in note.iter(qn("w:t"))).strip()
    return out
