"""审计日志 (admin): who did what, when and from where; filters and a CSV download."""

import streamlit as st

from govdash.accounts import gate, panels

st.title("审计日志")
st.caption("登录、账户变更、评议的新建／发码／结束／重新开放／查看结果、数据发布、大屏密钥的发放与收回。"
           "日志只追加、不修改，单独保存；不记录任何评议人的打分，也不记录测评码。")
panels.audit_panel(gate.user())
