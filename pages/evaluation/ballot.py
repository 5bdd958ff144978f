"""测评表: an evaluator enters a one-time code, scores every unit on every criterion, reviews, submits.

Works on a phone: one column, tap-to-score buttons, no shared filters (the page registry says so).
"""

import streamlit as st

from govdash.evaluation import score_sheet
from govdash.evaluation.ballot_box import store

st.title("民主评议测评表")
st.caption("无记名测评：测评码只用来保证每人只提交一次，提交的分数与测评码互不关联，谁也查不到某张测评表是谁填的。")
score_sheet.run(store())
