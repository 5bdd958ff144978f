"""账户与大屏密钥 (admin): accounts and their roles, and the meeting screens' keys."""

import streamlit as st

from govdash.accounts import gate, panels

st.title("账户与大屏密钥")
admin = gate.user()
panels.accounts_panel(admin)
st.divider()
panels.screen_keys_panel(admin)
