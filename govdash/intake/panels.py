"""数据导入's panels (Streamlit; the page pages/curator/intake.py lays them out): upload, the
document's metadata, the review table, the document with every candidate marked, new indicators
and regions, and publish. Everything the table shows comes from the review state; every change
goes back through review.ReviewStore with the version it was made on."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from govdash import config
from govdash.accounts import audit, gate, roles
from govdash.charts.style import GOOD_PALE, GRID
from govdash.desk import registry
from govdash.desk.highlight import highlighted_html
from govdash.desk.url import write_query_params
from govdash.intake import ingest, publish, review, template
from govdash.intake.documents import MAX_LABEL, DocumentRejected
from govdash.intake.review import STATUSES, IntakeError, ReviewConflict, ReviewStore
from govdash.safe import md
from govdash.vocabulary import BOUNDS, DOC_TYPES, GRAINS, KINDS, LEVELS, STAGES, THEMES

KIND_NAMES = {"rate": "比率", "count": "计数", "rank": "排名", "score": "得分", "money": "金额", "duration": "时长", "ratio": "差值"}
EDITOR_COLUMNS = {"cand_no": "编号", "accept": "接受", "reject": "拒绝", "problems": "问题", "indicator": "指标",
                  "region": "地区", "org_unit": "单位", "period_label": "期间", "period_grain": "期间粒度",
                  "period_start": "开始", "period_end": "结束", "value": "数值", "unit": "计量单位",
                  "rank_total": "参评总数", "qualifier": "限定词", "bound": "界限", "stage": "阶段",
                  "evidence": "原文引文", "note": "说明", "confidence": "置信度"}
UPLOAD_TYPES = ["txt", "docx", "pdf", "xlsx"]


def user_name() -> str:
    user = gate.user()
    return user.name if user else "（未登录）"


def _audit(action: str, target: str, detail: str = "") -> None:
    user = gate.user()
    audit.record(user.name if user else None, user.role if user else None, action, target, detail, gate.client())


# --- upload ------------------------------------------------------------------------------------------

def upload_panel(store: ReviewStore, expanded: bool) -> None:
    with st.expander("导入新文件", expanded=expanded):
        st.caption(f"支持 .txt（UTF-8、GBK/GB18030、UTF-16）、.docx（含表格）、文字版 .pdf，以及填好的 Excel 模板（.xlsx），"
                   f"单个文件不超过 {MAX_LABEL}。原文件按原样保存；系统从中提出文件信息和每一个数字，供你逐条审核。")
        st.download_button("下载 Excel 数据模板", data=lambda: template.template_bytes(template.template_catalogue(config.data_dir())),
                           file_name="数据导入模板.xlsx", on_click="ignore", key="intake_template",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           help="各单位报来的表格：按模板的列（指标、地区、单位、期间、数值……）填写后在此上传，进入同一个审核流程")
        with st.form("intake_upload", clear_on_submit=True):
            uploaded = st.file_uploader("选择文件", type=UPLOAD_TYPES, key="intake_file")
            pasted = st.text_area("或粘贴文字", height=120, key="intake_paste",
                                  placeholder="从网页或文档中复制的报告全文")
            go = st.form_submit_button("导入并提取数据", type="primary")
        if go:
            _ingest(store, uploaded, pasted)


def _ingest(store: ReviewStore, uploaded, pasted: str) -> None:
    if uploaded is None and not (pasted or "").strip():
        st.warning("请先选择文件或粘贴文字。")
        return
    try:
        with st.spinner("正在读取并提取数据……"):
            if uploaded is not None:
                doc_id = ingest.ingest(store, uploaded.getvalue(), uploaded.name, user_name())
            else:
                doc_id = ingest.ingest(store, None, "粘贴的文字", user_name(), text=pasted)
    except (DocumentRejected, IntakeError) as exc:
        st.error(md(str(exc)))
        return
    doc = store.document(doc_id)
    _audit("document_added", doc["file_name"], doc["title"] or "")
    write_query_params({"doc": doc_id})
    st.session_state["intake_doc"] = doc_id
    st.rerun()


# --- choosing a document -------------------------------------------------------------------------------

def document_picker(docs: pd.DataFrame) -> str | None:
    if docs.empty:
        st.info("还没有导入任何文件。请在上方导入一份报告。")
        return None
    order = docs.sort_values(["status", "added_at"], key=lambda c: c.map({"reviewing": 0, "published": 1, "discarded": 2})
                             if c.name == "status" else c, ascending=[True, False])
    labels = {r.doc_id: f"{STATUSES.get(r.status, r.status)}｜{r.title or r.file_name}｜已审 {r.reviewed}/{r.candidates}"
              for r in order.itertuples()}
    wanted = st.session_state.get("intake_doc") or st.query_params.get("doc")
    ids = list(labels)
    index = ids.index(wanted) if wanted in ids else 0
    chosen = st.selectbox("文件", ids, index=index, format_func=labels.get, key=f"intake_pick_{len(ids)}")
    if chosen != st.query_params.get("doc"):
        write_query_params({"doc": chosen})
    st.session_state["intake_doc"] = chosen
    return chosen


# --- one document ----------------------------------------------------------------------------------

def progress(doc_row, candidates: pd.DataFrame) -> None:
    total = len(candidates)
    reviewed = int((candidates["decision"] != "pending").sum())
    accepted = int((candidates["decision"] == "accepted").sum())
    st.progress(reviewed / total if total else 1.0,
                text=f"已审 {reviewed} / {total}（接受 {accepted}，拒绝 {reviewed - accepted}）")


def metadata_panel(store: ReviewStore, doc: dict, regions: list[str], readonly: bool) -> None:
    done = "（已确认）" if doc["meta_confirmed"] else "（请核对后确认）"
    with st.expander(f"① 文件信息{done}", expanded=not doc["meta_confirmed"] and not readonly):
        with st.form(f"intake_meta_{doc['doc_id']}_{doc['version']}"):
            title = st.text_input("标题", value=doc["title"] or "", max_chars=120)
            issuer = st.text_input("发布单位", value=doc["issuer"] or "", max_chars=80)
            left, mid, right = st.columns(3)
            doc_type = left.selectbox("类型", DOC_TYPES, index=DOC_TYPES.index(doc["doc_type"]) if doc["doc_type"] in DOC_TYPES else 0)
            region_options = sorted(set(regions) | ({doc["region"]} if doc["region"] else set()))
            region = mid.selectbox("地区", region_options, index=region_options.index(doc["region"]) if doc["region"] in region_options else None,
                                   placeholder="选择地区", help="不在列表中的地区，先在下方「新地区」中确认")
            published = right.date_input("发布日期", value=_date(doc["published_on"]), format="YYYY-MM-DD",
                                         min_value=dt.date(1990, 1, 1), max_value=dt.date.today())
            url_note = st.text_input("来源说明（网站栏目、文号等，可空）", value=doc["url_note"] or "", max_chars=200)
            st.caption(f"原文件：{md(doc['file_name'])}，{md(doc['added_by'])} 于 {doc['added_at']:%Y-%m-%d %H:%M} 导入；"
                       f"SHA-256 {doc['sha256'][:16]}…")
            if st.form_submit_button("确认文件信息", disabled=readonly):
                try:
                    store.confirm_metadata(doc["doc_id"], int(doc["version"]), {
                        "title": title, "issuer": issuer, "doc_type": doc_type, "region": region,
                        "published_on": published.isoformat() if published else None, "url_note": url_note})
                except ReviewConflict as exc:
                    st.error(md(str(exc)))
                else:
                    st.rerun()


def _date(text) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def editor_frame(candidates: pd.DataFrame, problems: list[review.Problem]) -> pd.DataFrame:
    by_no: dict[int, list[str]] = {}
    for p in problems:
        if p.cand_no is not None:
            by_no.setdefault(p.cand_no, []).append(str(p).split("：", 1)[1] if "：" in str(p) else str(p))
    frame = candidates.assign(
        accept=candidates["decision"] == "accepted", reject=candidates["decision"] == "rejected",
        problems=[("；".join(by_no.get(int(n), [])) or "") for n in candidates["cand_no"]])
    text_columns = [c for c in EDITOR_COLUMNS if c not in ("cand_no", "accept", "reject", "confidence")]
    frame[text_columns] = frame[text_columns].astype(object).where(frame[text_columns].notna(), "")
    return frame[list(EDITOR_COLUMNS)]


def review_table(store: ReviewStore, doc: dict, candidates: pd.DataFrame, problems: list[review.Problem],
                 indicators: list[str], regions: list[str], readonly: bool) -> None:
    frame = editor_frame(candidates, problems)
    nonce = st.session_state.get("intake_editor_nonce", 0)
    key = f"intake_editor_{doc['doc_id']}_{nonce}"
    snapshot = candidates[["cand_no", "version"]].reset_index(drop=True)
    st.session_state["intake_snapshot"] = (doc["doc_id"], snapshot, frame.reset_index(drop=True))
    config = {
        "cand_no": st.column_config.NumberColumn("编号", disabled=True, width="small"),
        "accept": st.column_config.CheckboxColumn("接受", help="勾选即接受（立即保存）", width="small"),
        "reject": st.column_config.CheckboxColumn("拒绝", help="不是要采集的数据", width="small"),
        "problems": st.column_config.TextColumn("问题", disabled=True, width="medium",
                                                help="数据仓库的校验规则对这一条的意见；有问题的不能发布"),
        "indicator": st.column_config.SelectboxColumn("指标", options=indicators, width="medium"),
        "region": st.column_config.SelectboxColumn("地区", options=regions),
        "period_grain": st.column_config.SelectboxColumn("期间粒度", options=list(GRAINS)),
        "bound": st.column_config.SelectboxColumn("界限", options=list(BOUNDS)),
        "stage": st.column_config.SelectboxColumn("阶段", options=list(STAGES)),
        "evidence": st.column_config.TextColumn("原文引文", width="large", help="须与原文逐字一致"),
        "confidence": st.column_config.ProgressColumn("置信度", min_value=0.0, max_value=1.0, format="%.2f", width="small"),
    }
    config |= {name: st.column_config.TextColumn(label) for name, label in EDITOR_COLUMNS.items() if name not in config}
    st.data_editor(frame, column_config=config, hide_index=True, key=key, disabled=readonly, num_rows="fixed",
                   height=min(36 * (len(frame) + 1) + 4, 640), on_change=_apply_edits, args=(store, key),
                   width="stretch")


def _apply_edits(store: ReviewStore, key: str) -> None:
    """The editor's changes, saved row by row with the version each row was read at. A callback runs
    before app.py's gate, so it checks the sign-in itself: a tab left open after signing out, or by
    an account since disabled or downgraded, saves nothing."""
    who = gate.current_user()
    if who is None or not roles.may(who.role, registry.INTAKE.needs):
        st.session_state["intake_messages"] = ["登录已失效或权限已变更，修改未保存：请重新登录后再改。"]
        return
    doc_id, snapshot, frame = st.session_state["intake_snapshot"]
    edited = st.session_state.get(key, {}).get("edited_rows", {})
    messages, saved = [], 0
    for index, change in edited.items():
        row = frame.iloc[int(index)].to_dict() | change
        if change.get("accept"):
            row["reject"] = False
        elif change.get("reject"):
            row["accept"] = False
        decision = "accepted" if row["accept"] else "rejected" if row["reject"] else "pending"
        try:
            store.update_candidate(doc_id, int(snapshot.loc[int(index), "cand_no"]), int(snapshot.loc[int(index), "version"]),
                                   {**row, "decision": decision}, user_name())
            saved += 1
        except ReviewConflict as exc:
            messages.append(str(exc))
    st.session_state["intake_editor_nonce"] = st.session_state.get("intake_editor_nonce", 0) + 1
    st.session_state["intake_messages"] = messages
    if saved:
        st.toast(f"已保存 {saved} 条")


def accept_clean_button(store: ReviewStore, doc: dict, candidates: pd.DataFrame, problems: list[review.Problem],
                        readonly: bool) -> None:
    troubled = {p.cand_no for p in problems if p.cand_no is not None}
    clean = candidates[(candidates["decision"] == "pending") & ~candidates["cand_no"].isin(troubled)]
    rest = candidates[(candidates["decision"] == "pending") & candidates["cand_no"].isin(troubled)]
    left, right = st.columns([1, 1])
    if left.button(f"接受全部无问题的待审数据（{len(clean)} 条）", disabled=readonly or clean.empty, key="intake_accept_clean",
                   help="只接受校验无问题的条目；有问题的留待逐条处理", width="stretch"):
        _decide_all(store, doc, clean, "accepted")
    with right.popover(f"拒绝其余有问题的待审数据（{len(rest)} 条）…", disabled=readonly or rest.empty, width="stretch"):
        st.markdown("这些条目校验有问题，尚未处理。确定全部拒绝？（拒绝的数据不会发布；之后仍可在表中改回）")
        if st.button("全部拒绝", key="intake_reject_rest", type="primary"):
            _decide_all(store, doc, rest, "rejected")


def _decide_all(store: ReviewStore, doc: dict, rows: pd.DataFrame, decision: str) -> None:
    conflicts = []
    for row in rows.to_dict("records"):
        try:
            store.update_candidate(doc["doc_id"], int(row["cand_no"]), int(row["version"]), {**row, "decision": decision},
                                   user_name())
        except ReviewConflict as exc:
            conflicts.append(str(exc))
    st.session_state["intake_messages"] = conflicts
    st.session_state["intake_editor_nonce"] = st.session_state.get("intake_editor_nonce", 0) + 1
    st.rerun()


def text_panel(doc: dict, candidates: pd.DataFrame) -> None:
    with st.expander("原文（蓝色：待审，绿色：已接受，灰色：已拒绝；黄色：当前查看的一条）"):
        numbers = [int(n) for n in candidates["cand_no"]]
        focus = st.selectbox("查看第几条", numbers, index=None, placeholder="选择编号，在原文中标出", key="intake_focus")
        body, spans, colours = doc["body"], [], {}
        for row in candidates.to_dict("records"):
            start = body.find(row["evidence"] or "\0")
            if start >= 0:
                spans.append((start, start + len(row["evidence"]), str(row["cand_no"])))
                colours[str(row["cand_no"])] = row["decision"]
        marked = highlighted_html(body, spans, str(focus) if focus else None,
                                  {no: {"accepted": GOOD_PALE, "rejected": GRID}[d] for no, d in colours.items() if d != "pending"})
        with st.container(height=520):
            st.html(marked)


def add_missed_panel(store: ReviewStore, doc: dict, readonly: bool) -> None:
    with st.expander("补充遗漏的数据"):
        st.caption("从原文中复制含有这个数字的一段文字（逐字一致）粘贴到这里；系统据此提出各项，再在表中核对。")
        with st.form(f"intake_add_{doc['doc_id']}", clear_on_submit=True):
            evidence = st.text_input("原文引文", max_chars=300)
            if st.form_submit_button("添加", disabled=readonly) and evidence.strip():
                try:
                    no = ingest.add_missed(store, doc, evidence.strip(), user_name())
                except IntakeError as exc:
                    st.error(md(str(exc)))
                else:
                    st.success(f"已添加第 {no} 条，请在表中核对。")
                    st.session_state["intake_editor_nonce"] = st.session_state.get("intake_editor_nonce", 0) + 1


def new_things_panel(store: ReviewStore, doc: dict, candidates: pd.DataFrame, known_indicators: set[str],
                     known_regions: set[str], confirmed_inds: pd.DataFrame, confirmed_regs: pd.DataFrame,
                     readonly: bool) -> None:
    """confirmed_inds / confirmed_regs: store.new_indicators / new_regions of this document, as the page read them."""
    used = candidates[candidates["decision"] != "rejected"]
    new_inds = sorted({i for i in used["indicator"].dropna() if i not in known_indicators})
    new_regs = sorted({r for r in [*used["region"].dropna(), doc["region"]] if r and r not in known_regions})
    if not new_inds and not new_regs:
        return
    with st.expander(f"③ 新指标、新地区（{len(new_inds)} 个指标、{len(new_regs)} 个地区，发布时写入目录）", expanded=True):
        for name in new_inds:
            have = confirmed_inds[confirmed_inds["indicator"] == name]
            first = used[used["indicator"] == name].iloc[0]
            mark = "✓ 已确认" if len(have) else "待确认"
            with st.form(f"intake_ind_{doc['doc_id']}_{name}"):
                st.markdown(f"**新指标「{md(name)}」**　{mark}")
                a, b, c, d = st.columns(4)
                rec = have.iloc[0].to_dict() if len(have) else {}
                theme = a.selectbox("主题", THEMES, index=THEMES.index(rec.get("theme") or first["theme"])
                                    if (rec.get("theme") or first["theme"]) in THEMES else 0)
                kind_now = rec.get("kind") or first["kind"]
                kind = b.selectbox("类型", KINDS, index=KINDS.index(kind_now) if kind_now in KINDS else 0,
                                   format_func=lambda k: KIND_NAMES.get(k, k))
                unit = c.text_input("计量单位", value=rec.get("unit") or first["unit"] or "")
                hib = d.selectbox("方向", ["true", "false", ""], index=["true", "false", ""].index(rec.get("higher_is_better") or ""),
                                  format_func={"true": "越大越好", "false": "越小越好", "": "不判断"}.get)
                definition = st.text_input("定义（口径）", value=rec.get("definition") or "")
                if st.form_submit_button("确认新指标", disabled=readonly):
                    store.confirm_new_indicator(doc["doc_id"], {"indicator": name, "theme": theme, "kind": kind, "unit": unit,
                                                                "higher_is_better": hib, "definition": definition})
                    st.rerun()
        for name in new_regs:
            have = confirmed_regs[confirmed_regs["region"] == name]
            rec = have.iloc[0].to_dict() if len(have) else {}
            with st.form(f"intake_reg_{doc['doc_id']}_{name}"):
                st.markdown(f"**新地区「{md(name)}」**　{'✓ 已确认' if len(have) else '待确认'}")
                a, b, c = st.columns(3)
                full = a.text_input("全称", value=rec.get("full_name") or name)
                level = b.selectbox("级别", LEVELS, index=LEVELS.index(rec["level"]) if rec.get("level") in LEVELS else 3)
                parent = c.selectbox("上级地区", sorted(known_regions), index=sorted(known_regions).index(rec["parent"])
                                     if rec.get("parent") in known_regions else None, placeholder="选择上级")
                if st.form_submit_button("确认新地区", disabled=readonly):
                    store.confirm_new_region(doc["doc_id"], {"region": name, "full_name": full, "level": level, "parent": parent})
                    st.rerun()


def publish_panel(store: ReviewStore, doc: dict, candidates: pd.DataFrame, problems: list[review.Problem]) -> None:
    st.subheader("④ 发布")
    pending = int((candidates["decision"] == "pending").sum())
    blocking = [p for p in problems if p.cand_no is None or
                candidates.loc[candidates["cand_no"] == p.cand_no, "decision"].eq("accepted").any()]
    if pending:
        st.info(f"还有 {pending} 条待审。逐条接受或拒绝后才能发布。")
    if blocking:
        st.warning("发布前须解决：\n\n" + "\n".join(f"- {md(str(p))}" for p in blocking[:20])
                   + (f"\n- …… 另有 {len(blocking) - 20} 处" if len(blocking) > 20 else ""))
    accepted = int((candidates["decision"] == "accepted").sum())
    left, right = st.columns([3, 1])
    if left.button(f"发布 {accepted} 条数据到数据仓库", type="primary", disabled=bool(pending or blocking or not accepted),
                   key="intake_publish"):
        try:
            with st.spinner("正在校验并重建数据仓库……"):
                done = publish.publish(store, doc["doc_id"], user_name())
        except publish.PublishRefused as exc:
            st.error(md("发布未完成，数据仓库和整理数据均未改动。") + "\n\n"
                     + "\n".join(f"- {md(str(p))}" for p in exc.problems[:30]))
            return
        except IntakeError as exc:
            st.error(md(str(exc)))
            return
        _audit("document_published", done.source_file, f"{doc['title']}；{done.figures} 条数据")
        st.session_state["intake_published"] = (done.source_file, done.figures, done.new_indicators, done.new_regions)
        st.rerun()
    if right.button("放弃这份文件", key="intake_discard", help="不发布；原文件和审核记录保留"):
        store.discard(doc["doc_id"], user_name())
        st.rerun()


def published_notice(doc: dict) -> None:
    done = st.session_state.get("intake_published")
    if done and done[0] == doc["source_file"]:
        st.success(f"已发布：{done[1]} 条数据进入数据仓库（来源文件 {md(done[0])}"
                   + (f"，新增 {done[2]} 个指标" if done[2] else "") + (f"，{done[3]} 个地区" if done[3] else "") + "）。"
                   f"[在「数据来源」中查看](/{registry.SOURCES.url_path}?figure={done[0][:3]}-0001)")
    elif doc["status"] == "published":
        st.success(f"这份文件已由 {md(doc['published_by'])} 于 {doc['published_at']:%Y-%m-%d %H:%M} 发布为 {md(doc['source_file'])}。")


def messages() -> None:
    for message in st.session_state.pop("intake_messages", []) or []:
        st.error(md(message))
