"""数据导入 end to end without a browser: an upload into the review state (original kept byte for
byte), bad inputs refused with nothing stored, the build's rules on each candidate, two curators
on one row, and publishing all or nothing into a copy of data/ and its warehouse."""

from __future__ import annotations

import hashlib
import shutil
import threading
from pathlib import Path

import duckdb
import pytest

from govdash.config import DATA_DIR
from govdash.intake import documents, ingest, publish, review
from govdash.intake.documents import DocumentRejected
from govdash.intake.review import IntakeError, ReviewConflict, ReviewStore
from govdash.warehouse import build
from tests.support import ROOT

pytestmark = pytest.mark.data

SEED = "004_ed5f483c207d0f93.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "intake"


def data_without(target: Path, source_file: str = SEED) -> Path:
    """A copy of data/ (sources and curated) in which one document was never curated."""
    shutil.copytree(DATA_DIR / "curated", target / "curated")
    shutil.copytree(DATA_DIR / "sources", target / "sources")
    prefix = source_file[:3]
    (target / "sources" / source_file).unlink()
    for folder in ("figures", "problems"):
        (target / "curated" / folder / f"{prefix}.csv").unlink(missing_ok=True)
    sources = target / "curated" / "sources.csv"
    sources.write_text("".join(line for line in sources.read_text(encoding="utf-8").splitlines(keepends=True)
                               if not line.startswith(source_file)), encoding="utf-8")
    return target


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def site(tmp_path):
    data = data_without(tmp_path / "data")
    db = tmp_path / "dashboard.duckdb"
    build.build(data, db)
    return data, db, ReviewStore(tmp_path / "intake")


def seed_bytes() -> bytes:
    return (DATA_DIR / "sources" / SEED).read_bytes()


def review_everything(store: ReviewStore, doc_id: str, data: Path) -> None:
    """As a curator: confirm the metadata, accept what checks clean, reject the rest."""
    doc = store.document(doc_id)
    store.confirm_metadata(doc_id, int(doc["version"]), doc)
    doc = store.document(doc_id)
    candidates = store.candidates(doc_id)
    problems = review.check(doc, candidates, ingest.rules_catalogue(data), store.new_indicators(doc_id),
                            store.new_regions(doc_id))
    troubled = {p.cand_no for p in problems}
    for row in candidates.to_dict("records"):
        decision = "rejected" if row["cand_no"] in troubled else "accepted"
        store.update_candidate(doc_id, row["cand_no"], row["version"], {**row, "decision": decision}, "整理员")


def test_an_upload_keeps_its_original_and_proposes_metadata_and_figures(site):
    data, _, store = site
    raw = seed_bytes()
    doc_id = ingest.ingest(store, raw, "濮阳县整改通报.txt", "整理员", data_dir=data)
    doc = store.document(doc_id)
    assert store.original_path(doc).read_bytes() == raw
    assert doc["body"] == raw.decode("utf-8")
    assert (doc["doc_type"], doc["region"], doc["published_on"]) == ("巡察整改通报", "濮阳县", "2023-07-03")
    candidates = store.candidates(doc_id)
    assert len(candidates) >= 30 and set(candidates["decision"]) == {"pending"}
    # every candidate's evidence is verbatim text of the document
    assert all(e in doc["body"] for e in candidates["evidence"])
    # the state survives a restart: another store on the same folder sees the same
    assert len(ReviewStore(store.folder).candidates(doc_id)) == len(candidates)


def test_a_gbk_file_is_read_and_the_same_text_is_not_imported_twice(site):
    data, _, store = site
    text = seed_bytes().decode("utf-8")
    doc_id = ingest.ingest(store, text.encode("gb18030"), "濮阳县.txt", "整理员", data_dir=data)
    assert store.document(doc_id)["body"] == text
    with pytest.raises(IntakeError, match="已经导入过：「濮阳县"):
        ingest.ingest(store, text.encode("utf-8"), "同一份.txt", "李四", data_dir=data)
    assert len(store.documents()) == 1


def test_a_document_already_in_the_warehouse_is_named(site):
    data, _, store = site
    existing = "003_9b73bc0f229ccc8d.txt"
    with pytest.raises(IntakeError, match=f"与数据仓库中已有的文件相同：{existing}"):
        ingest.ingest(store, (DATA_DIR / "sources" / existing).read_bytes(), "评议报告.txt", "整理员", data_dir=data)
    assert store.documents().empty


@pytest.mark.parametrize("name, payload, message", [
    ("空.txt", b"", "文件为空"),
    ("旧格式.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".doc"),
    ("扫描件.pdf", None, "未能从该PDF提取文字，请提供文字版或 .docx"),
    ("乱码.txt", bytes(range(128, 256)) * 40, "无法"),
])
def test_bad_files_are_refused_and_nothing_is_stored(site, name, payload, message):
    data, _, store = site
    if payload is None:
        payload = (FIXTURES / "image_only.pdf").read_bytes()
    before = tree_digest(store.folder) if store.folder.exists() else {}
    with pytest.raises(DocumentRejected) as refused:
        ingest.ingest(store, payload, name, "整理员", data_dir=data)
    assert name in str(refused.value) and message in str(refused.value), str(refused.value)
    assert store.documents().empty
    assert not (store.folder / "originals").exists() or not any((store.folder / "originals").iterdir())
    assert set(tree_digest(store.folder)) - set(before) <= {"review.duckdb", "review.duckdb.lock"}


def test_a_file_over_the_limit_is_refused(site, monkeypatch):
    data, _, store = site
    monkeypatch.setattr(documents, "MAX_BYTES", 1000)
    with pytest.raises(DocumentRejected, match="超过上限"):
        ingest.ingest(store, seed_bytes(), "大文件.txt", "整理员", data_dir=data)
    assert store.documents().empty


def test_each_candidate_gets_the_builds_messages(site):
    data, _, store = site
    doc_id = ingest.ingest(store, seed_bytes(), "濮阳县.txt", "整理员", data_dir=data)
    doc = store.document(doc_id)
    row = store.candidates(doc_id).iloc[0].to_dict()
    # the evidence edited so that it is no longer in the text
    store.update_candidate(doc_id, row["cand_no"], row["version"], {**row, "evidence": row["evidence"] + "（改）",
                                                                    "decision": "accepted"}, "整理员")
    problems = review.check(doc, store.candidates(doc_id), ingest.rules_catalogue(data), store.new_indicators(doc_id),
                            store.new_regions(doc_id))
    mine = [p for p in problems if p.cand_no == row["cand_no"]]
    assert any(p.field == "evidence" and "找不到原文" in p.message for p in mine), mine
    assert any(p.cand_no is None and "尚未确认" in p.message for p in problems)


def test_two_curators_on_one_row_never_overwrite_silently(site):
    data, _, store = site
    doc_id = ingest.ingest(store, seed_bytes(), "濮阳县.txt", "整理员", data_dir=data)
    row = store.candidates(doc_id).iloc[0].to_dict()
    # both read version 1; 张三 saves first
    store.update_candidate(doc_id, row["cand_no"], row["version"], {**row, "org_unit": "张三改的", "decision": "accepted"}, "张三")
    with pytest.raises(ReviewConflict, match="已被「张三」于"):
        store.update_candidate(doc_id, row["cand_no"], row["version"], {**row, "org_unit": "李四改的", "decision": "rejected"}, "李四")
    now = store.candidates(doc_id).iloc[0]
    assert (now["org_unit"], now["decision"], now["updated_by"]) == ("张三改的", "accepted", "张三")


def test_publish_puts_the_document_on_the_warehouse(site):
    data, db, store = site
    doc_id = ingest.ingest(store, seed_bytes(), "濮阳县.txt", "整理员", data_dir=data)
    review_everything(store, doc_id, data)
    accepted = int((store.candidates(doc_id)["decision"] == "accepted").sum())
    done = publish.publish(store, doc_id, "审核人", data_dir=data, db_path=db)
    assert done.figures == accepted > 20
    assert (data / "sources" / done.source_file).read_text(encoding="utf-8") == seed_bytes().decode("utf-8")
    con = duckdb.connect(str(db), read_only=True)
    try:
        n, = con.execute("SELECT count(*) FROM figures WHERE source_file = ?", [done.source_file]).fetchone()
        who = con.execute("SELECT added_by, published_by, published_at IS NOT NULL FROM sources WHERE source_file = ?",
                          [done.source_file]).fetchone()
    finally:
        con.close()
    assert n == accepted and who == ("整理员", "审核人", True)
    doc = store.document(doc_id)
    assert (doc["status"], doc["source_file"], doc["published_by"]) == ("published", done.source_file, "审核人")
    with pytest.raises(IntakeError, match="已发布"):
        publish.publish(store, doc_id, "审核人", data_dir=data, db_path=db)
    # the published files build the same warehouse from scratch
    build.build(data, db.with_name("again.duckdb"))


def test_a_figure_already_published_by_another_document_is_named_before_publishing(site):
    """A later report restates figures an earlier one gave (上月, 上年同期): the build refuses the same
    figure twice, so the review names each such row, with the published figure it repeats."""
    data, db, store = site
    first = ingest.ingest(store, seed_bytes(), "濮阳县.txt", "整理员", data_dir=data)
    review_everything(store, first, data)
    published = publish.publish(store, first, "审核人", data_dir=data, db_path=db)
    restated = seed_bytes() + "\n（转载时附注：以上数据与原文一致。）\n".encode()
    second = ingest.ingest(store, restated, "濮阳县（转载）.txt", "整理员", data_dir=data)
    doc = store.document(second)
    store.confirm_metadata(second, int(doc["version"]), doc)
    problems = review.check(store.document(second), store.candidates(second), ingest.rules_catalogue(data),
                            store.new_indicators(second), store.new_regions(second))
    repeats = [p for p in problems if "与已发布的数据" in p.message]
    # the same text gives the same candidates: every one the first review accepted is named (and so
    # are rows the first review rejected only as a repeat within the document, or for another problem)
    accepted = set(store.candidates(first).query("decision == 'accepted'")["cand_no"])
    assert len(accepted) == published.figures and accepted <= {p.cand_no for p in repeats}, problems
    assert all(f"（{published.source_file}）" in p.message and "请拒绝这一条" in p.message for p in repeats)
    # rejecting them (as review_everything does with every troubled row) lets the rest publish
    review_everything(store, second, data)
    publish.publish(store, second, "审核人", data_dir=data, db_path=db)


def test_a_refused_publish_changes_nothing_and_names_the_row(site):
    data, db, store = site
    doc_id = ingest.ingest(store, seed_bytes(), "濮阳县.txt", "整理员", data_dir=data)
    review_everything(store, doc_id, data)
    row = store.candidates(doc_id).query("decision == 'accepted'").iloc[0].to_dict()
    store.update_candidate(doc_id, row["cand_no"], row["version"], {**row, "value": "不是数字", "decision": "accepted"},
                           "整理员")
    before_data, before_db, before_state = tree_digest(data), db.read_bytes(), store.document(doc_id)
    with pytest.raises(publish.PublishRefused) as refused:
        publish.publish(store, doc_id, "审核人", data_dir=data, db_path=db)
    assert any(p.cand_no == row["cand_no"] and p.field == "value" for p in refused.value.problems), refused.value.problems
    assert "数据仓库和整理数据均未改动" in str(refused.value)
    assert tree_digest(data) == before_data and db.read_bytes() == before_db
    assert store.document(doc_id)["status"] == before_state["status"] == "reviewing"


def test_publish_refuses_pending_rows_and_a_second_publish_at_once(site):
    data, db, store = site
    doc_id = ingest.ingest(store, seed_bytes(), "濮阳县.txt", "整理员", data_dir=data)
    with pytest.raises(IntakeError, match="待审"):
        publish.publish(store, doc_id, "审核人", data_dir=data, db_path=db)
    review_everything(store, doc_id, data)
    before = tree_digest(data)
    holding, release = threading.Event(), threading.Event()

    def other_publish():
        with publish.publish_lock(store.folder):
            holding.set()
            release.wait(10)

    other = threading.Thread(target=other_publish)
    other.start()
    holding.wait(10)
    try:
        with pytest.raises(publish.PublishBusy, match="另一次发布正在进行"):
            publish.publish(store, doc_id, "审核人", data_dir=data, db_path=db)
    finally:
        release.set()
        other.join()
    assert tree_digest(data) == before and store.document(doc_id)["status"] == "reviewing"
    publish.publish(store, doc_id, "审核人", data_dir=data, db_path=db)  # once the other is done


def test_a_new_indicator_is_published_after_confirmation(site):
    data, db, store = site
    doc_id = ingest.ingest(store, seed_bytes(), "濮阳县.txt", "整理员", data_dir=data)
    review_everything(store, doc_id, data)
    row = store.candidates(doc_id).query("decision == 'rejected'").iloc[0].to_dict()
    new = {**row, "indicator": "测试新增指标数", "unit": "次", "decision": "accepted", "qualifier": None, "bound": "exact"}
    store.update_candidate(doc_id, row["cand_no"], row["version"], new, "整理员")
    problems = review.check(store.document(doc_id), store.candidates(doc_id), ingest.rules_catalogue(data),
                            store.new_indicators(doc_id), store.new_regions(doc_id))
    assert any("新指标「测试新增指标数」" in p.message for p in problems)
    store.confirm_new_indicator(doc_id, {"indicator": "测试新增指标数", "theme": "营商环境", "kind": "count", "unit": "次",
                                         "higher_is_better": "", "definition": "测试用的新指标"})
    problems = review.check(store.document(doc_id), store.candidates(doc_id), ingest.rules_catalogue(data),
                            store.new_indicators(doc_id), store.new_regions(doc_id))
    assert not [p for p in problems if p.cand_no == row["cand_no"] and p.field == "indicator"], problems
    publish.publish(store, doc_id, "审核人", data_dir=data, db_path=db)
    assert "测试新增指标数,营商环境,count,次" in (data / "curated" / "indicators.csv").read_text(encoding="utf-8")


def test_make_data_never_touches_the_review_state(site):
    data, db, store = site
    ingest.ingest(store, seed_bytes(), "濮阳县.txt", "整理员", data_dir=data)
    before = tree_digest(store.folder)
    build.build(data, db)
    assert tree_digest(store.folder) == before


def test_a_filled_excel_template_goes_through_the_same_queue(site):
    """Tables, too: the template downloaded from 数据导入, filled as an office would, uploaded,
    reviewed and published; its evidence is the row as written."""
    import io

    from openpyxl import load_workbook

    from govdash.intake import template

    data, db, store = site
    wb = load_workbook(io.BytesIO(template.template_bytes(template.template_catalogue(data))))
    ws = wb[template.DATA_SHEET]
    ws.append(["好差评主动评价率", "长沙市", "", "2023年第三季度", 97.5, "%", None, None, "现状", "", "取自系统月报"])
    ws.append(["=HYPERLINK(\"http://evil.example\")", "长沙市", "", "2023年第三季度", 12, "件", None, None, "现状", "", ""])
    out = io.BytesIO()
    wb.save(out)
    doc_id = ingest.ingest(store, out.getvalue(), "三季度数据.xlsx", "整理员", data_dir=data)
    doc = store.document(doc_id)
    assert store.original_path(doc).read_bytes() == out.getvalue() and doc["region"] == "长沙市"
    rows = store.candidates(doc_id)
    assert list(rows["proposed_by"]) == ["template", "template"] and rows["note"].iloc[0] == "取自系统月报"
    assert rows["indicator"].iloc[1].startswith("=HYPERLINK")  # text, never a formula; the review refuses it
    assert all(e in doc["body"] for e in rows["evidence"])
    store.confirm_metadata(doc_id, int(doc["version"]), {**doc, "doc_type": "工作总结", "issuer": "长沙市行政审批服务局",
                                                         "published_on": "2023-10-20"})
    first, second = rows.to_dict("records")
    store.update_candidate(doc_id, 1, first["version"], {**first, "decision": "accepted"}, "整理员")
    store.update_candidate(doc_id, 2, second["version"], {**second, "decision": "rejected"}, "整理员")
    done = publish.publish(store, doc_id, "审核人", data_dir=data, db_path=db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        value, evidence = con.execute("SELECT value, evidence FROM figures WHERE source_file = ?", [done.source_file]).fetchone()
    finally:
        con.close()
    assert value == 97.5 and "好差评主动评价率" in evidence


def test_a_grid_edit_saves_only_for_a_curator_still_signed_in(monkeypatch):
    """The grid's on_change callback runs before app.py's gate: it checks the sign-in itself, so a
    tab left open after signing out (or a viewer's) saves nothing; a curator's edit is saved."""
    import pandas as pd
    import streamlit as st

    from govdash.accounts.store import Account
    from govdash.intake import panels

    saved = []

    class Store:
        def update_candidate(self, doc_id, cand_no, version, row, who):
            saved.append((doc_id, cand_no, version, row["decision"], who))

    frame = pd.DataFrame([{"cand_no": 1, "accept": False, "reject": False}])
    for who, expected in [(None, []), (Account("查看员", "viewer"), []),
                          (Account("整理员", "curator"), [("d1", 1, 3, "accepted", "整理员")])]:
        saved.clear()
        st.session_state.clear()
        st.session_state["intake_snapshot"] = ("d1", pd.DataFrame([{"cand_no": 1, "version": 3}]), frame)
        st.session_state["grid"] = {"edited_rows": {0: {"accept": True}}}
        monkeypatch.setattr(panels.gate, "current_user", lambda who=who: who)
        monkeypatch.setattr(panels, "user_name", lambda who=who: who.name if who else "（未登录）")
        monkeypatch.setattr(panels.st, "toast", lambda *_a, **_k: None)
        panels._apply_edits(Store(), "grid")
        assert saved == expected, who
        if not expected:
            assert "修改未保存" in st.session_state["intake_messages"][0]
