"""评议组织's panels (Streamlit): unlock a round, issue codes, close or reopen it, show its
results, and the form for a new round. The page (pages/evaluation/rounds.py, organisers only)
lays them out; the rules are rounds.py's, storage is ballot_box.py's.

A round's unlock (its organiser password) lasts while the session stays on 评议组织 and is active:
it ends on 退出管理, when the session opens another page (the device may be handed to an
evaluator), and after UNLOCK_IDLE_MINUTES without activity. Results are shown only once the round
is closed: while it is open each new ballot would change them, and watching them would reveal it."""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd
import streamlit as st

from govdash import config
from govdash.accounts import audit, gate, lockout
from govdash.accounts.store import store as account_store
from govdash.charts import evaluation as charts
from govdash.charts.render import show
from govdash.desk.components import to_csv_bytes
from govdash.evaluation import codes, reports, rounds
from govdash.evaluation.ballot_box import BallotStore, Round
from govdash.evaluation.rounds import RoundInvalid
from govdash.exports.ui import round_results_workbook
from govdash.safe import md

UNLOCKED, ISSUED, SELECTED, PENDING = "rounds_unlocked", "rounds_issued", "rounds_selected", "rounds_pending"


def init_state() -> None:
    """Session state for this page, with unlocks idle for longer than UNLOCK_IDLE_MINUTES dropped."""
    unlocked = st.session_state.setdefault(UNLOCKED, {})
    for round_id, at in list(unlocked.items()):
        if time.time() - at > config.UNLOCK_IDLE_MINUTES * 60:
            del unlocked[round_id]
            st.session_state.get(ISSUED, {}).pop(round_id, None)
    st.session_state.setdefault(ISSUED, {})


def forget_unlocks() -> None:
    """End every unlock and forget the codes shown (the session left the page, or 退出管理)."""
    st.session_state.pop(UNLOCKED, None)
    st.session_state.pop(ISSUED, None)


def _audit(action: str, round_id: str, detail: str = "") -> None:
    user = gate.user()
    audit.record(user.name if user else None, user.role if user else None, action, round_id, detail, gate.client())


def show_errors(errors: list[str]) -> None:
    st.error("未能保存，请改正：\n\n" + "\n".join(f"- {md(e)}" for e in errors))


def unlock_form(store: BallotStore, round_id: str) -> bool:
    """True while this session has the round unlocked with its organiser password (each run on the
    page counts as activity); refusals count towards the lockout, per round and per client."""
    if round_id in st.session_state[UNLOCKED]:
        st.session_state[UNLOCKED][round_id] = time.time()
        return True
    with st.form("rounds_unlock"):
        password = st.text_input("组织者密码", type="password", help="创建这轮评议时设定的密码")
        submitted = st.form_submit_button("进入管理", type="primary")
    if not submitted:
        return False
    accounts = account_store()
    try:
        lockout.check(accounts, "round", round_id, gate.client())
    except lockout.LockedOut as exc:
        st.error(md(str(exc)))
        return False
    if store.organiser_may_open(round_id, password):
        st.session_state[UNLOCKED][round_id] = time.time()
        _audit("round_unlocked", round_id)
        st.rerun()
    lockout.failed(accounts, "round", round_id, gate.client())
    _audit("round_unlock_failed", round_id)
    st.error("组织者密码不正确。")
    return False


RESULTS_AFTER_CLOSE = "结果在结束测评后公布：测评进行中，每收到一张测评表结果都会变，旁观变化就能推知这一张的打分。"


def results_withheld(current: Round, stats: pd.DataFrame) -> str | None:
    """Why results cannot be shown now, or None when they can."""
    if not current.is_closed:
        return RESULTS_AFTER_CLOSE
    if stats.empty:
        return "没有收到测评表。"
    if not rounds.is_publishable(stats):
        return f"收到的测评表少于 {rounds.MIN_GROUP_BALLOTS} 张，为防推知个人打分，不公布结果。"
    return None


def room_view(current: Round, turnout: pd.DataFrame, stats: pd.DataFrame) -> None:
    """For the room: ballots in and, once the round is closed, the results charts; nothing else."""
    spec = current.spec
    st.metric("已收测评表", f"{int(turnout['ballots_in'].sum())} 张")
    if (reason := results_withheld(current, stats)) is not None:
        st.info(reason)
        return
    summary = rounds.summarise(stats, spec)
    show(charts.results_chart(summary, spec), key="rounds_room_chart")
    show(charts.criteria_heatmap(summary, spec), key="rounds_room_criteria")


def status_metrics(current: Round, turnout: pd.DataFrame) -> None:
    spec = current.spec
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("状态", "已结束" if current.is_closed else "进行中", border=True)
    c2.metric("已发测评码", f"{int(turnout['codes_issued'].sum())} 个", border=True)
    c3.metric("已收测评表", f"{int(turnout['ballots_in'].sum())} 张", border=True)
    c4.metric("被评议单位 × 测评项目", f"{len(spec.units)} × {len(spec.criteria)}", border=True)
    st.caption(md(f"分值 {spec.scale_text} 分；等次门槛（综合平均分）：" +
                  "，".join(f"{g.name} ≥ {g.min_score:g}" for g in spec.grades[:-1]) + f"，其余为{spec.grades[-1].name}。"))


def issue_codes_panel(store: BallotStore, current: Round) -> None:
    round_id, spec = current.round_id, current.spec
    st.subheader("发放测评码")
    with st.form("rounds_issue"):
        cols = st.columns(len(spec.groups))
        counts = {g: cols[i].number_input(md(f"{g}（个）"), min_value=0, max_value=rounds.MAX_CODES_PER_ISSUE, step=1,
                                          value=0, key=f"rounds_count_{round_id}_{i}")
                  for i, g in enumerate(spec.groups)}
        issue = st.form_submit_button("生成测评码", disabled=current.is_closed)
    if issue:
        try:
            st.session_state[ISSUED].setdefault(round_id, []).extend(store.issue_codes(round_id, counts))
        except RoundInvalid as exc:
            show_errors(exc.errors)
        else:
            _audit("codes_issued", round_id, "，".join(f"{g} {n} 个" for g, n in counts.items() if n))
            st.rerun()
    issued = st.session_state[ISSUED].get(round_id, [])
    if not issued:
        return
    table = pd.DataFrame(issued, columns=["分组", "测评码"])
    st.warning(f"本次共生成 {len(issued)} 个测评码，只在这里显示这一次（系统只保存加密摘要）："
               "请立即下载或打印，每位评议人发一个，发放时不要登记姓名。投屏前请收起下面的列表。")
    st.download_button("下载测评码（CSV，Excel 可直接打开）", to_csv_bytes(table),
                       file_name=f"测评码-{round_id}.csv", mime="text/csv", key="rounds_codes_csv")
    with st.expander(f"本次生成的测评码（{len(issued)} 个）", expanded=True):
        st.dataframe(table, hide_index=True, height=min(36 * len(table) + 40, 600), key="rounds_codes")


def open_close_panel(store: BallotStore, current: Round) -> None:
    st.subheader("测评状态")
    if current.is_closed:
        st.info("本轮已结束：测评码不再被接受，结束时未使用的测评码已经作废。")
        st.caption("重新开放后，作废的测评码仍不能使用（评议人已被告知作废）；需要时请重新发放测评码。")
        if st.button("重新开放"):
            store.set_closed(current.round_id, False)
            _audit("round_reopened", current.round_id)
            st.rerun()
        return
    st.caption("结束后，未使用的测评码一律作废（重新开放也不恢复），结果随即公布，不再变化。")
    if st.button("结束测评", type="primary"):
        store.set_closed(current.round_id, True)
        _audit("round_closed", current.round_id)
        st.session_state[ISSUED].pop(current.round_id, None)  # unused codes are void now: stop showing them
        st.rerun()


def results_panel(current: Round, turnout: pd.DataFrame, stats: pd.DataFrame) -> None:
    round_id, spec = current.round_id, current.spec
    st.subheader("结果")
    st.dataframe(turnout.rename(columns={"group_name": "评议人分组", "codes_issued": "已发测评码",
                                         "codes_used": "已用测评码", "ballots_in": "已收测评表"}),
                 hide_index=True, key="rounds_turnout")
    if (reason := results_withheld(current, stats)) is not None:
        st.info(reason)
        return
    viewed = st.session_state.setdefault("rounds_viewed", set())
    if round_id not in viewed:  # once per session and round
        viewed.add(round_id)
        _audit("results_viewed", round_id)
    summary = rounds.summarise(stats, spec)
    show(charts.results_chart(summary, spec), key="rounds_results_chart")
    st.caption("条长为全体评议人的综合平均分（每张测评表对该单位各项打分的平均，再对各张平均），"
               "细线为评议人之间的标准差（±1），虚线为等次门槛；等次按保留两位小数的平均分确定。")
    table = rounds.summary_table(summary, spec)
    st.dataframe(table, hide_index=True, key="rounds_summary", column_config={"名次": st.column_config.NumberColumn(format="%d")})
    small = sorted(rounds.withheld_groups(stats, spec))
    if small:
        st.caption(md(f"不单列平均分的分组：{'、'.join(small)}。少于 {rounds.MIN_GROUP_BALLOTS} 张测评表的分组不单列，"
                      "只隐藏一组时再隐藏一个最小的分组，以免用全体平均减去其余分组推算出个人打分；这些测评表都计入全体结果。"))
    show(charts.criteria_heatmap(summary, spec), key="rounds_criteria_chart")
    detail = rounds.detail(stats, spec)
    with st.expander("各单位各项目：平均分 ± 标准差（张数），分组与全体"):
        st.dataframe(detail, hide_index=True, key="rounds_detail")
    st.download_button("下载结果（CSV）", to_csv_bytes(table.merge(detail, left_on="单位", right_on="单位")),
                       file_name=f"测评结果-{round_id}.csv", mime="text/csv", key="rounds_results_csv",
                       on_click=lambda: _audit("results_exported", round_id, "CSV"))
    round_results_workbook(round_id, spec, table, detail, current.is_closed,
                           on_download=lambda: _audit("results_exported", round_id, "Excel"))


def manage(store: BallotStore, round_id: str) -> None:
    """One round: unlock with its password, issue codes, close or reopen, results, delete."""
    current = store.round(round_id)
    if not unlock_form(store, round_id):
        return
    if st.button("退出管理", help="结束本轮的管理权限（离开本页或闲置一段时间也会自动结束）"):
        forget_unlocks()
        st.rerun()
    turnout, stats = store.report(round_id)
    if st.toggle("投屏模式：只显示结果", key=f"rounds_room_{round_id}",
                 help="给会场看：隐藏测评码和管理操作，只留已收张数和结果图"):
        room_view(current, turnout, stats)
        return
    status_metrics(current, turnout)
    issue_codes_panel(store, current)
    open_close_panel(store, current)
    results_panel(current, turnout, stats)
    delete_panel(store, current)


def delete_panel(store: BallotStore, current: Round) -> None:
    with st.expander("删除本轮评议"):
        st.warning("删除后，本轮的测评码、测评表和结果全部清除，无法恢复。")
        sure = st.checkbox(f"我确认删除「{md(current.spec.title)}」", key=f"rounds_delete_{current.round_id}")
        if st.button("删除", disabled=not sure, type="primary"):
            store.delete_round(current.round_id)
            _audit("round_deleted", current.round_id, current.spec.title)
            forget_unlocks()
            st.rerun()


def new_round_form(store: BallotStore, expanded: bool) -> None:
    """The organiser's form for a new round, prefilled with the newest graded report's units."""
    with st.expander("新建评议", expanded=expanded), st.form("rounds_new"):
        title = st.text_input("评议名称", value=f"{dt.date.today():%Y}年度政务服务中心窗口单位民主评议")
        units = st.text_area("被评议单位（每行一个）", value="\n".join(reports.latest_report_units()), height=170,
                             help="默认带入数据仓库中最近一次民主评议的窗口单位")
        criteria = st.text_area("测评项目（每行一个）", value="\n".join(rounds.DEFAULT_CRITERIA), height=150)
        groups = st.text_area("评议人分组（每行一个）", value="\n".join(rounds.DEFAULT_GROUPS), height=80)
        lo_col, hi_col = st.columns(2)
        scale_min = lo_col.number_input("最低分", value=rounds.DEFAULT_SCALE[0], step=1)
        scale_max = hi_col.number_input("最高分", value=rounds.DEFAULT_SCALE[1], step=1)
        grades = st.text_area("等次与门槛（每行「等次 最低平均分」，从高到低；最后一个等次不填分数）",
                              value=rounds.DEFAULT_GRADES_TEXT, height=120)
        pw_col, pw2_col = st.columns(2)
        password = pw_col.text_input("组织者密码", type="password",
                                     help=f"至少 {codes.MIN_PASSWORD_LENGTH} 位；发放测评码和查看结果时需要")
        password2 = pw2_col.text_input("再次输入密码", type="password")
        create = st.form_submit_button("创建评议", type="primary")
    if not create:
        return
    spec, errors = rounds.round_from_form(title, units, criteria, groups, scale_min, scale_max, grades)
    errors += codes.validate_password(password)
    if password != password2:
        errors.append("两次输入的组织者密码不一致")
    if errors:
        show_errors(errors)
        return
    created = store.create_round(spec, password)
    _audit("round_created", created.round_id, spec.title)
    st.session_state[UNLOCKED][created.round_id] = time.time()
    st.session_state[PENDING] = created.round_id
    st.rerun()
