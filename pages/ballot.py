"""测评表: an evaluator enters a one-time code, scores every unit on every criterion, reviews, submits.

Works on a phone: one column, tap-to-score buttons, no shared filters (app.py draws none here).
"""

import streamlit as st

from govdash import ballots
from govdash.evaluation import BallotInvalid, BallotRefused, normalise_code, validate_scores

CODE, REVIEW, DONE = "ballot_code", "ballot_review", "ballot_done"
state = st.session_state


def score_key(i: int, j: int) -> str:
    return f"ballot_score_{i}_{j}"


def forget_sheet() -> None:
    for key in [k for k in state if str(k).startswith("ballot_score_")] + [CODE, REVIEW]:
        state.pop(key, None)


st.title("民主评议测评表")
st.caption("无记名测评：测评码只用来保证每人只提交一次，提交的分数与测评码互不关联，谁也查不到某张测评表是谁填的。")
store = ballots.store()

if state.get(DONE):
    st.success("测评表已提交，感谢参与！每个测评码只能用一次；本设备可以交给下一位评议人。")
    if st.button("填写下一张（新的测评码）", type="primary"):
        state.pop(DONE)
        st.rerun()
    st.stop()

if not state.get(CODE):
    with st.form("ballot_code_form"):
        typed = st.text_input("测评码", placeholder="如 K7QM-3XPA（不区分大小写）", max_chars=24,
                              help="组织者发给您的 8 位测评码，每个只能提交一次")
        start = st.form_submit_button("开始填写", type="primary", width="stretch")
    if start:
        try:
            store.check_code(typed)
        except BallotRefused as exc:
            st.error(str(exc))
        else:
            state[CODE] = normalise_code(typed)
            st.rerun()
    st.stop()

try:
    admission = store.check_code(state[CODE])
except BallotRefused as exc:  # used or closed since the code was entered
    st.error(str(exc))
    if st.button("重新输入测评码"):
        forget_sheet()
        st.rerun()
    st.stop()

spec = admission.round.spec
points = spec.scale_max - spec.scale_min + 1
st.subheader(spec.title)
st.markdown(f"评议人分组：**{admission.group_name}**　·　请给 **{len(spec.units)}** 个单位的 **{len(spec.criteria)}** "
            f"个项目逐项打分（{spec.scale_text} 分的整数，{spec.scale_max} 分最好），全部打完才能提交。")

if state.get(REVIEW) is None:
    with st.form("ballot_sheet"):
        for i, unit in enumerate(spec.units):
            st.markdown(f"#### {i + 1}. {unit}")
            for j, criterion in enumerate(spec.criteria):
                if points <= 11:
                    st.segmented_control(criterion, list(range(spec.scale_min, spec.scale_max + 1)), key=score_key(i, j))
                else:
                    st.number_input(criterion, min_value=spec.scale_min, max_value=spec.scale_max, step=1, value=None,
                                    key=score_key(i, j), placeholder=f"{spec.scale_text} 分")
        preview = st.form_submit_button("检查并预览", type="primary", width="stretch")
    if preview:
        scores = {(u, c): state.get(score_key(i, j)) for i, u in enumerate(spec.units) for j, c in enumerate(spec.criteria)}
        errors = validate_scores(spec, scores)
        if errors:
            st.error("还不能提交，请补全或改正：\n\n" + "\n".join(f"- {e}" for e in errors))
        else:
            state[REVIEW] = scores
            st.rerun()
    st.stop()

scores = state[REVIEW]
st.markdown("#### 请核对您的打分")
for unit in spec.units:  # one line per unit: readable on a phone, unlike a wide table
    marks = [scores[(unit, c)] for c in spec.criteria]
    st.markdown(f"**{unit}**（平均 {sum(marks) / len(marks):.1f}）：" +
                "，".join(f"{c} **{m}**" for c, m in zip(spec.criteria, marks, strict=True)))
st.warning("提交后不能修改，测评码随即作废。")
back, send = st.columns(2)
if back.button("返回修改", width="stretch"):
    for i, u in enumerate(spec.units):
        for j, c in enumerate(spec.criteria):
            state[score_key(i, j)] = scores[(u, c)]
    state[REVIEW] = None
    st.rerun()
if send.button("确认提交", type="primary", width="stretch"):
    try:
        store.submit_ballot(state[CODE], scores)
    except (BallotRefused, BallotInvalid) as exc:
        st.error(str(exc))
    else:
        forget_sheet()
        state[DONE] = True
        st.rerun()
