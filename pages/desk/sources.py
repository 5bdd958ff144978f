"""数据来源: every source document — metadata, the full text with every evidence quote marked, and a
searchable table of its figures. ?figure=<id> opens the document at that figure's sentence."""

import streamlit as st

from govdash.desk.components import figure_table
from govdash.desk.highlight import highlighted_html
from govdash.labels import shorten, with_labels
from govdash.safe import md
from govdash.warehouse.db import run_query

st.title("数据来源")
docs = run_query("sources/documents")
focus = st.query_params.get("figure")
focus_file = None
if focus:
    found = run_query("sources/figure_source", figure_id=focus)
    if found.empty:
        st.warning(f"链接中的数据编号「{md(shorten(focus, 30))}」不存在，可能已在数据更新中删除。")
        focus = None
    else:
        focus_file = found["source_file"].iloc[0]

files = list(docs["source_file"])
labels = {r.source_file: f"{r.doc_no}｜{r.region}｜{r.title}" for r in docs.itertuples()}
index = files.index(focus_file) if focus_file in files else 0
chosen = st.selectbox("文件", files, index=index, format_func=lambda s: labels[s], key=f"src_doc_{focus or ''}")
doc = docs[docs["source_file"] == chosen].iloc[0]

cols = st.columns([3, 2, 2, 2])
cols[0].markdown(f"**发布单位**　{md(doc.issuer)}")
cols[1].markdown(f"**类型**　{md(doc.doc_type)}")
cols[2].markdown(f"**地区**　{md(doc.region)}")
cols[3].markdown(f"**发布日期**　{doc.published_on:%Y-%m-%d}")
note = doc.url_note if isinstance(doc.url_note, str) else ""
st.caption(md(f"{note}　文件 data/sources/{doc.source_file}，{doc.char_count} 字，SHA-256 {doc.sha256[:16]}…"))
if isinstance(doc.added_by, str):  # came in through 数据导入: who added and who published it, and when
    st.caption(md(f"数据导入：{doc.added_by} 于 {doc.added_at:%Y-%m-%d %H:%M} 导入，"
                  f"{doc.published_by} 于 {doc.published_at:%Y-%m-%d %H:%M} 审核发布"))

figures = with_labels(run_query("sources/document_figures", source_file=chosen))
if focus and focus_file == chosen:
    row = figures[figures["figure_id"] == focus].iloc[0]
    st.success(f"数据 {md(focus)}：{md(row['indicator'])}｜{md(row['region'])}｜{md(row['period_label'])}｜"
               f"**{md(row['label'])}**（{md(row['stage'])}）\n\n原文：「{md(row['evidence'])}」"
               + (f"\n\n释读说明：{md(row['note'])}" if isinstance(row["note"], str) else ""))

left, right = st.columns([3, 2])
with left:
    st.subheader("原文（蓝色为已采集数据的引文，黄色为当前数据）")
    text = run_query("sources/document_text", source_file=chosen)["body"].iloc[0]
    spans = list(zip(figures["evidence_start"], figures["evidence_end"], figures["figure_id"], strict=True))
    with st.container(height=760):
        st.html(highlighted_html(text, spans, focus))
with right:
    st.subheader(f"本文件数据（{len(figures)} 条）")
    query = st.text_input("搜索指标、引文或说明", key="src_search", placeholder="例如：主动评价率、排名、超过")
    shown = figures
    if query:
        hay = figures["indicator"] + " " + figures["evidence"] + " " + figures["note"].fillna("") + " " + figures["region"]
        shown = figures[hay.str.contains(query, regex=False)]
        st.caption(f"找到 {len(shown)} 条")
    figure_table(shown, key=f"src_{doc.doc_no}", height=640)
