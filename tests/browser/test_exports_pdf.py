"""The meeting pack as PDF: printed by headless chromium from the screen's own slide HTML, one 16:9
page per slide after the title page, charts drawn by the installed plotly.js, and no request leaving
the machine. Skipped without chromium on a development machine, required in CI. Pages are kept as
artifacts/meeting-pack.pdf to look at."""

from __future__ import annotations

import re
import shutil

from govdash.exports import __main__ as cli
from govdash.exports import meeting_pack, pdf_pack
from tests.support import ROOT, require_chromium


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_pdf_pack_pages_and_no_outside_request(real_db):
    require_chromium()
    pack = meeting_pack.build_pack(meeting_pack.pack_params(slides="总览,好差评,排名,整改前后,窗口单位对比"), real_db)
    page = pdf_pack.pack_html(pack)
    own = page.replace(pdf_pack.plotly_js(), "")  # plotly.js names hosts it would use only when asked (mathjax …)
    assert pdf_pack.plotly_js() in page and all(u.startswith("http://www.w3.org/") for u in re.findall(r"https?://[^\s'\"<>]+", own))
    blocked: list[str] = []
    pdf = pdf_pack.print_pdf(page, blocked)
    assert pdf.startswith(b"%PDF") and blocked == []
    assert page_count(pdf) == len(pack.slides) + 1 == 6
    assert re.search(rb"/MediaBox\s*\[\s*0\s+0\s+1440\s+810\s*\]", pdf)  # 1920 x 1080 px = 16:9
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "meeting-pack.pdf").write_bytes(pdf)


def test_cli_writes_the_pdf(real_db, tmp_path, capsys):
    require_chromium()
    out = tmp_path / "pack.pdf"
    assert cli.main(["meeting-pack", "--slides", "总览", "--out", str(out), "--db", str(real_db)]) == 0
    assert page_count(out.read_bytes()) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]


def test_pdf_without_chromium_is_a_chinese_message(real_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pdf_pack, "CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setattr(shutil, "which", lambda name: None)
    code = cli.main(["meeting-pack", "--slides", "总览", "--out", str(tmp_path / "pack.pdf"), "--db", str(real_db)])
    assert code == 1 and "chromium" in capsys.readouterr().err
    assert not (tmp_path / "pack.pdf").exists()


def test_a_pack_that_fails_is_a_one_page_pdf_saying_why(real_db):
    require_chromium()
    from govdash.exports import ui

    pdf = ui._pack(meeting_pack.pack_params("不存在的议程", None, None, None), ".pdf")()
    assert pdf.startswith(b"%PDF") and page_count(pdf) == 1
    import io
    import unicodedata

    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        # NFKC: the CJK font's ToUnicode map gives some characters as Kangxi radicals (⽣ for 生)
        text = unicodedata.normalize("NFKC", doc.pages[0].extract_text())
    assert "会议材料未能生成" in text and "议程「不存在的议程」不存在" in text.replace("\n", "")
