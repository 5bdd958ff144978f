"""登录: a local account (name and password), or 统一身份认证 (OIDC, st.login) where configured."""

import streamlit as st

from govdash.accounts import gate, panels

st.title("登录")
if st.query_params.get("expired"):
    st.warning("登录链接已失效（超过 30 秒或已经用过），请重新登录。")
user = gate.user()
if user is not None:
    panels.signed_in_notice(user)
    st.stop()
if gate.oidc_configured():
    st.button("统一身份认证登录", type="primary", on_click=st.login)
    st.caption("或使用本地账户：")
panels.sign_in_form()
st.caption("还没有账户？请联系管理员。第一个管理员账户在服务器的项目目录中创建：make account NAME=名称 ROLE=admin（按提示输入密码）")
