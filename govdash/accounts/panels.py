"""The account pages' panels (Streamlit): the sign-in form, the admin's accounts and screen keys,
and the audit log. Pages under pages/account/ and pages/admin/ lay them out."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st

from govdash.accounts import audit, gate, lockout, sessions
from govdash.accounts.roles import ROLE_NAMES, ROLES
from govdash.accounts.store import Account, AccountError, store
from govdash.desk import registry
from govdash.safe import md, spreadsheet_csv

SIGN_IN_REFUSED = "账户名或密码不正确，或账户已停用。"


def sign_in_form() -> None:
    """Local sign-in: the account name and password; on success the browser follows the one-time
    hand-off link that sets the cookie, then returns to the page it came from (?next=)."""
    target = sessions.local_path(st.query_params.get("next"))
    with st.form("sign_in"):
        name = st.text_input("账户名", max_chars=64)
        password = st.text_input("密码", type="password", max_chars=256)
        submitted = st.form_submit_button("登录", type="primary", width="stretch")
    if not submitted:
        return
    accounts, client = store(), gate.client()
    try:
        lockout.check(accounts, "sign-in", name.strip(), client)
    except lockout.LockedOut as exc:
        audit.record(name.strip(), None, "locked_out", "登录", client=client)
        st.error(md(str(exc)))
        return
    account = accounts.verify(name.strip(), password)
    if account is None:
        lockout.failed(accounts, "sign-in", name.strip(), client)
        audit.record(name.strip(), None, "sign_in_failed", client=client)
        st.error(SIGN_IN_REFUSED)
        return
    session_id = accounts.open_session(account.name)
    audit.record(account.name, account.role, "sign_in", client=client)
    st.info("正在登录……")
    gate.go(f"/account/session?t={quote(sessions.handoff(session_id))}&next={quote(target)}")


def signed_in_notice(user: Account) -> None:
    st.success(f"已登录：{md(user.name)}（{ROLE_NAMES.get(user.role, user.role)}）")
    sign_out_button(user, key="sign_out_here")


def sign_out_button(user: Account, key: str = "sign_out") -> None:
    """退出登录: an OIDC user through st.logout (audited here); a local user through /account/logout,
    which ends the session on the server and clears the HttpOnly cookie no script can reach."""
    if user.via == "oidc":
        if st.button("退出登录", key=key):
            audit.record(user.name, user.role, "sign_out", client=gate.client())
            st.logout()
    elif st.button("退出登录", key=key):
        gate.go("/account/logout")


_SAVED = "admin_saved"  # the message of a change just made, shown after the rerun that redraws the list


def accounts_panel(admin: Account) -> None:
    """The accounts, read once per run; a change reruns the page, so the list above the forms shows it."""
    accounts = store()
    listed = accounts.accounts()
    st.subheader("账户")
    if saved := st.session_state.pop(_SAVED, None):
        st.success(f"已保存：{md(saved)}")
    st.dataframe(listed.rename(columns={
        "name": "账户名", "role": "角色", "has_password": "本地密码", "is_disabled": "已停用", "created_at": "创建时间",
        "updated_at": "修改时间", "open_sessions": "登录中", "last_seen": "最近活动"}), hide_index=True, key="admin_accounts")
    with st.form("admin_add_account", clear_on_submit=True):
        st.markdown("**新建账户**（使用统一身份认证的用户：账户名填其邮箱或标识，密码留空）")
        name_col, role_col, pw_col = st.columns(3)
        name = name_col.text_input("账户名", max_chars=64)
        role = role_col.selectbox("角色", ROLES, format_func=lambda r: f"{ROLE_NAMES[r]}（{r}）")
        password = pw_col.text_input("初始密码（至少 8 位）", type="password")
        if st.form_submit_button("新建", type="primary"):
            _change(admin, lambda: accounts.add(name.strip(), role, password or None), "account_added", name.strip(),
                    f"角色 {role}")
    with st.form("admin_change_account"):
        st.markdown("**修改账户**")
        name_col, role_col, pw_col, state_col = st.columns(4)
        names = list(listed["name"])
        name = name_col.selectbox("账户", names, index=None, placeholder="选择账户")
        role = role_col.selectbox("新角色", [None, *ROLES], format_func=lambda r: "（不改）" if r is None else ROLE_NAMES[r])
        password = pw_col.text_input("新密码（留空不改）", type="password")
        state = state_col.selectbox("状态", [None, "disable", "enable"],
                                    format_func={None: "（不改）", "disable": "停用", "enable": "启用"}.get)
        if st.form_submit_button("保存修改") and name:
            _change(admin, lambda: accounts.update(name, role=role, password=password or None,
                                                   disabled=None if state is None else state == "disable"),
                    "account_disabled" if state == "disable" else "password_reset" if password else "account_changed",
                    name, "；".join(x for x in (f"角色 {role}" if role else "", "重置密码" if password else "",
                                                {"disable": "停用", "enable": "启用"}.get(state, "")) if x))


def _change(admin: Account, action, what: str, target: str, detail: str) -> None:
    try:
        action()
    except AccountError as exc:
        st.error(md(f"未完成：{exc}"))
        return
    audit.record(admin.name, admin.role, what, target, detail, client=gate.client())
    st.session_state[_SAVED] = target
    st.rerun()


def screen_keys_panel(admin: Account) -> None:
    accounts = store()
    st.subheader("会议大屏密钥")
    st.caption("挂在会议室墙上、没有键盘的大屏用密钥打开：/meeting?key=…。密钥只在发放时显示一次，可随时收回。")
    with st.form("admin_screen_key", clear_on_submit=True):
        label = st.text_input("用途（如：三楼大会议室）", max_chars=40)
        if st.form_submit_button("发放新密钥") and label.strip():
            key = accounts.issue_screen_key(label, admin.name)
            audit.record(admin.name, admin.role, "screen_key_issued", label.strip(), client=gate.client())
            st.session_state["admin_new_key"] = (label.strip(), key)
    if "admin_new_key" in st.session_state:
        label, key = st.session_state["admin_new_key"]
        st.warning(f"「{md(label)}」的大屏链接（只显示这一次）：")
        st.code(f"/{registry.MEETING.url_path}?key={key}", language=None)
    keys = accounts.screen_keys()
    st.dataframe(keys.drop(columns="key_hash").rename(columns={"label": "用途", "created_by": "发放人", "created_at": "发放时间",
                                                               "revoked_at": "收回时间"}), hide_index=True, key="admin_keys")
    live = keys[keys["revoked_at"].isna()]
    choice = st.selectbox("收回密钥", list(live["key_hash"]), index=None, placeholder="选择要收回的密钥",
                          format_func=dict(zip(live["key_hash"], live["label"], strict=True)).get)
    if st.button("收回", disabled=choice is None):
        accounts.revoke_screen_key(choice)
        audit.record(admin.name, admin.role, "screen_key_revoked", str(live.set_index("key_hash").loc[choice, "label"]),
                     client=gate.client())
        st.rerun()


def audit_panel(admin: Account) -> None:
    log = audit.entries()
    who_col, action_col = st.columns(2)
    who = who_col.multiselect("操作人", sorted(log["who"].unique()), placeholder="全部")
    actions = action_col.multiselect("操作", list(audit.ACTIONS.values()), placeholder="全部")
    keep = pd.Series(True, index=log.index)
    if who:
        keep &= log["who"].isin(who)
    if actions:
        keep &= log["action_name"].isin(actions)
    shown = log[keep]
    table = shown.assign(action=shown["action_name"], at=shown["at"].str.replace("T", " ", regex=False),
                         role=shown["role"].map(lambda r: ROLE_NAMES.get(r, r))
                         ).drop(columns="action_name").rename(columns=audit.COLUMNS)
    st.caption(f"共 {len(log)} 条，筛选后 {len(shown)} 条，最新在前。")
    st.dataframe(table, hide_index=True, key="admin_audit")
    st.download_button("下载审计日志（CSV）", spreadsheet_csv(table), file_name="审计日志.csv", mime="text/csv",
                       on_click=lambda: audit.record(admin.name, admin.role, "audit_exported", client=gate.client()))
