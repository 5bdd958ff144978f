"""数据导入 (curator): a new report in, its figures reviewed, published into the warehouse."""

import streamlit as st

from govdash.intake import ingest, panels, review
from govdash.intake.review import ReviewStore

st.title("数据导入")
st.caption("导入新的报告 → 核对系统提出的文件信息和每个数字 → 发布进数据仓库。"
           "每条数据都须有原文引文，并通过与生成数据仓库相同的校验。")
store = ReviewStore()
docs = store.documents()
panels.upload_panel(store, expanded=docs.empty or not (docs["status"] == "reviewing").any())
doc_id = panels.document_picker(docs)
if doc_id is None:
    st.stop()
doc = store.document(doc_id)
candidates = store.candidates(doc_id)
catalogue = ingest.rules_catalogue()
readonly = doc["status"] != "reviewing"
new_indicators, new_regions = store.new_indicators(doc_id), store.new_regions(doc_id)  # read once per run
problems = review.check(doc, candidates, catalogue, new_indicators, new_regions)
panels.published_notice(doc)
panels.progress(doc, candidates)
panels.messages()
panels.metadata_panel(store, doc, sorted(catalogue.regions), readonly)
st.subheader(f"② 候选数据（{len(candidates)} 条）")
st.caption("勾选「接受」即保存；改动任一格也立即保存，并按数据仓库的规则重新校验（见「问题」列）。"
           "两人同时审核同一条时，后保存的一方会看到提示，不会互相覆盖。")
panels.accept_clean_button(store, doc, candidates, problems, readonly)
indicators = sorted(set(catalogue.indicators) | set(candidates["indicator"].dropna()))
regions = sorted(set(catalogue.regions) | set(candidates["region"].dropna()))
panels.review_table(store, doc, candidates, problems, indicators, regions, readonly)
panels.text_panel(doc, candidates)
panels.add_missed_panel(store, doc, readonly)
panels.new_things_panel(store, doc, candidates, set(catalogue.indicators), set(catalogue.regions), new_indicators, new_regions,
                        readonly)
if not readonly:
    panels.publish_panel(store, doc, candidates, problems)
