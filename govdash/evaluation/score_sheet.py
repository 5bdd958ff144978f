"""测评表's steps (Streamlit): enter a code, score every unit on every criterion, review, submit.
One column, tap-to-score buttons: it works on a phone. The page (pages/evaluation/ballot.py)
calls `run()`; the rules are rounds.py's, storage is ballot_box.py's."""

from __future__ import annotations

import streamlit as st

from govdash.accounts import gate, lockout
from govdash.accounts.store import store as account_store
from govdash.evaluation.ballot_box import Admission, BallotStore
from govdash.evaluation.codes import normalise_code
from govdash.evaluation.rounds import BallotInvalid, BallotRefused, RoundSpec, validate_scores
from govdash.safe import md

CODE, REVIEW, DONE = "ballot_code", "ballot_review", "ballot_done"
ADMISSION = "ballot_admission"  # the code's round and group, read once when the code is entered


def score_key(i: int, j: int) -> str:
    return f"ballot_score_{i}_{j}"


def forget_sheet() -> None:
    state = st.session_state
    for key in [k for k in state if str(k).startswith("ballot_score_")] + [CODE, REVIEW, ADMISSION]:
        state.pop(key, None)


def thanks() -> None:
    st.success("测评表已提交，感谢参与！每个测评码只能用一次；本设备可以交给下一位评议人。")
    if st.button("填写下一张（新的测评码）", type="primary"):
        st.session_state.pop(DONE)
        st.rerun()


def code_form(store: BallotStore) -> None:
    with st.form("ballot_code_form"):
        typed = st.text_input("测评码", placeholder="如 K7QM-3XPA（不区分大小写）", max_chars=24,
                              help="组织者发给您的 8 位测评码，每个只能提交一次")
        start = st.form_submit_button("开始填写", type="primary", width="stretch")
    if not start:
        return
    accounts, client, code = account_store(), gate.client(), normalise_code(typed)
    try:  # refusals count per code and per client: guessing codes is locked out like passwords
        lockout.check(accounts, "code", lockout.secret_subject("code", code), client)
        admission = store.check_code(typed)
    except lockout.LockedOut as exc:
        st.error(md(str(exc)))
    except BallotRefused as exc:
        lockout.failed(accounts, "code", lockout.secret_subject("code", code), client)
        st.error(md(str(exc)))
    else:
        st.session_state[CODE] = code
        st.session_state[ADMISSION] = admission
        st.rerun()


def admitted(store: BallotStore) -> Admission | None:
    """The entered code's round and group, or a message (used or closed since it was entered).

    Read from the ballot box once, when the code is entered, and kept for the session: every rerun
    of the sheet (preview, back, review) asking the file again made a room of evaluators queue on
    its lock. A code used or a round closed meanwhile is refused by the submission itself, which
    checks the code again inside its transaction (ballot_box.submit_ballot), with the same message."""
    kept = st.session_state.get(ADMISSION)
    if kept is not None:
        return kept
    try:
        st.session_state[ADMISSION] = store.check_code(st.session_state[CODE])
        return st.session_state[ADMISSION]
    except BallotRefused as exc:
        st.error(md(str(exc)))
        if st.button("重新输入测评码"):
            forget_sheet()
            st.rerun()
        return None


def sheet_form(spec: RoundSpec) -> None:
    points = spec.scale_max - spec.scale_min + 1
    with st.form("ballot_sheet"):
        for i, unit in enumerate(spec.units):
            st.markdown(f"#### {i + 1}. {md(unit)}")
            for j, criterion in enumerate(spec.criteria):
                if points <= 11:
                    st.segmented_control(md(criterion), list(range(spec.scale_min, spec.scale_max + 1)),
                                         key=score_key(i, j))
                else:
                    st.number_input(md(criterion), min_value=spec.scale_min, max_value=spec.scale_max, step=1, value=None,
                                    key=score_key(i, j), placeholder=f"{spec.scale_text} 分")
        preview = st.form_submit_button("检查并预览", type="primary", width="stretch")
    if not preview:
        return
    state = st.session_state
    scores = {(u, c): state.get(score_key(i, j)) for i, u in enumerate(spec.units) for j, c in enumerate(spec.criteria)}
    errors = validate_scores(spec, scores)
    if errors:
        st.error("还不能提交，请补全或改正：\n\n" + "\n".join(f"- {md(e)}" for e in errors))
    else:
        state[REVIEW] = scores
        st.rerun()


def review(store: BallotStore, spec: RoundSpec) -> None:
    state = st.session_state
    scores = state[REVIEW]
    st.markdown("#### 请核对您的打分")
    for unit in spec.units:  # one line per unit: readable on a phone, unlike a wide table
        marks = [scores[(unit, c)] for c in spec.criteria]
        st.markdown(f"**{md(unit)}**（平均 {sum(marks) / len(marks):.1f}）：" +
                    "，".join(f"{md(c)} **{m}**" for c, m in zip(spec.criteria, marks, strict=True)))
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
        except BallotRefused as exc:  # used or closed since the code was entered
            state.pop(ADMISSION, None)
            st.error(md(str(exc)))
        except BallotInvalid as exc:
            st.error(md(str(exc)))
        else:
            forget_sheet()
            state[DONE] = True
            st.rerun()


def run(store: BallotStore) -> None:
    """The step this session is at: thanks, the code, the sheet, or the review."""
    state = st.session_state
    if state.get(DONE):
        thanks()
        return
    if not state.get(CODE):
        code_form(store)
        return
    admission = admitted(store)
    if admission is None:
        return
    spec = admission.round.spec
    st.subheader(md(spec.title))
    st.markdown(f"评议人分组：**{md(admission.group_name)}**　·　请给 **{len(spec.units)}** 个单位的 **{len(spec.criteria)}** "
                f"个项目逐项打分（{spec.scale_text} 分的整数，{spec.scale_max} 分最好），全部打完才能提交。")
    if state.get(REVIEW) is None:
        sheet_form(spec)
    else:
        review(store, spec)
