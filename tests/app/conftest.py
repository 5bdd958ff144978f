"""AppTest runs app.py in this process, without the HTTP routes that set the sign-in cookie: a test
says who is signed in by replacing the gate's lookup (`signed_in`). By default an admin, who may
open every page; tests/app/test_access.py signs in other roles, or nobody."""

from __future__ import annotations

import pytest

from govdash.accounts import gate
from govdash.accounts.store import Account


@pytest.fixture
def signed_in(monkeypatch):
    def _as(account: Account | None) -> None:
        def current_user():
            import streamlit as st

            st.session_state[gate._USER] = account
            return account

        monkeypatch.setattr(gate, "current_user", current_user)

    return _as


@pytest.fixture(autouse=True)
def admin_by_default(signed_in):
    signed_in(Account("测试管理员", "admin"))
