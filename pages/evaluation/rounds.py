"""评议组织: the organiser creates a 民主评议 round, issues one-time codes, closes it, shows the results.

Each round has its own organiser password (kept hashed); codes and results need it, so an
evaluator who opens this page sees neither.
"""

import streamlit as st

from govdash.evaluation import organiser
from govdash.evaluation.ballot_box import store as ballot_store

organiser.init_state()
state = st.session_state

st.title("评议组织")
st.caption("组织者在这里新建一轮民主评议、发放一次性测评码、结束测评并查看结果。评议人在「测评表」页用测评码填写。"
           "测评数据单独保存（data/ballots.duckdb），重新生成数据仓库不会影响它。")
store = ballot_store()
rounds = store.rounds()

if organiser.PENDING in state:
    state[organiser.SELECTED] = state.pop(organiser.PENDING)

if rounds.empty:
    st.info("还没有评议。请在下方「新建评议」中创建第一轮。")
else:
    # The label holds nothing that changes (a keyed selectbox may keep showing its first labels).
    names = {r.round_id: f"{r.title}（创建于 {r.created_at:%Y-%m-%d %H:%M}，编号 {r.round_id}）" for r in rounds.itertuples()}
    if state.get(organiser.SELECTED) not in names:
        state.pop(organiser.SELECTED, None)
    organiser.manage(store, st.selectbox("评议", list(names), format_func=names.get, key=organiser.SELECTED))

st.divider()
organiser.new_round_form(store, expanded=rounds.empty)
