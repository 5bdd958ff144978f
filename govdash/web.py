"""The ASGI app `make run` serves (python -m govdash.serve runs `streamlit run` on this file):
Streamlit's app (app.py) with the sign-in routes and the hardening middleware of
govdash/accounts/routes.py."""

import streamlit as st
from starlette.middleware import Middleware

from govdash.accounts.routes import ROUTES, Hardening
from govdash.config import ROOT

app = st.App(str(ROOT / "app.py"), routes=ROUTES, middleware=[Middleware(Hardening)])
