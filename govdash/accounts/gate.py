"""The Streamlit side of access: who is signed in (st.login's OIDC user, or the server-set session
cookie), whether they may open a page, the client address for lockout and audit, and sending the
browser to the hand-off link after a local sign-in."""

from __future__ import annotations

import streamlit as st

from govdash import config
from govdash.accounts import audit, sessions
from govdash.accounts.roles import may
from govdash.accounts.store import Account, store
from govdash.desk.registry import Page

# Mounted with {"url": …}: the one piece of script the app runs, to follow the sign-in hand-off link.
_GO = st.components.v2.component(
    "govdash_go", js="export default function(c) { const url = c.data && c.data.url; if (url) window.location.assign(url); }")


def oidc_configured() -> bool:
    """Whether .streamlit/secrets.toml has an [auth] section (统一身份认证 through st.login)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


_OIDC_AUDITED = "_govdash_oidc_audited"
_USER = "_govdash_user"  # this run's user, set by app.py (never carried over: checked again every run)


def current_user() -> Account | None:
    """The signed-in user, checked on every run (an idle or revoked session ends at once); app.py
    calls it once per run and pages read `user()`."""
    if oidc_configured() and st.user.is_logged_in:
        found = oidc_account()
        if found is not None and st.session_state.get(_OIDC_AUDITED) != found.name:  # once per session
            st.session_state[_OIDC_AUDITED] = found.name
            audit.record(found.name, found.role, "sign_in", detail="统一身份认证", client=client())
    else:
        session_id = sessions.session_id_of(st.context.cookies.get(sessions.COOKIE))
        found = store().session_account(session_id) if session_id else None
    st.session_state[_USER] = found
    return found


def user() -> Account | None:
    """This run's signed-in user (see current_user)."""
    return st.session_state.get(_USER)


def oidc_account() -> Account | None:
    """An OIDC user: their account's role when one is kept under their e-mail or subject, else the
    default role for OIDC users (config.OIDC_DEFAULT_ROLE; "none" refuses them)."""
    name = str(st.user.get("email") or st.user.get("sub") or "")
    account = store().account_for_oidc(name) if name else None
    if account is not None:
        return None if account.is_disabled else Account(account.name, account.role, via="oidc")
    if not name or config.OIDC_DEFAULT_ROLE == "none":
        return None
    return Account(name, config.OIDC_DEFAULT_ROLE, via="oidc")


def client() -> str | None:
    """The client's address for lockout and audit (None on this machine)."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else None


def may_open(page: Page, user: Account | None, screen_key: bool = False) -> bool:
    if page.needs == "public":
        return True
    if page.needs == "desk":
        return user is not None or not config.desk_needs_sign_in()
    if page.needs == "screen":
        return user is not None or screen_key or not config.desk_needs_sign_in()
    return user is not None and may(user.role, page.needs)


def go(url: str) -> None:
    """Send the browser to `url` (a path on this server)."""
    _GO(data={"url": url}, key="govdash_go")
