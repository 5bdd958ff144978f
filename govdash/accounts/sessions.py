"""The sign-in cookie: the server sets it (HttpOnly, SameSite=Strict) from a one-time hand-off link
that the sign-in form sends the browser to, so no script can read it. The cookie carries the
session id signed with the server's secret key (itsdangerous); the accounts file keeps only a keyed
hash of the id, with its last activity, so a session ends after SESSION_IDLE_MINUTES idle, at
sign-out, and when the account is disabled or its password reset."""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

from govdash.secret import secret_key

COOKIE = "govdash_session"
HANDOFF_SECONDS = 30
_used_handoffs: set[str] = set()  # a hand-off link works once (per server process)


def cookie_value(session_id: str) -> str:
    return URLSafeSerializer(secret_key(), salt="session-cookie").dumps(session_id)


def session_id_of(cookie: str | None) -> str | None:
    if not cookie:
        return None
    try:
        return URLSafeSerializer(secret_key(), salt="session-cookie").loads(cookie)
    except BadSignature:
        return None


def handoff(session_id: str) -> str:
    """A signed, short-lived token for the link that makes the server set the cookie."""
    return URLSafeTimedSerializer(secret_key(), salt="session-handoff").dumps(session_id)


def redeem(token: str, claim=None) -> str | None:
    """The session id of a hand-off token, once, within HANDOFF_SECONDS; None otherwise. `claim`
    (AccountStore.claim_handoff) makes "once" hold across server processes (the K processes
    behind nginx); this process also remembers the links it has seen."""
    if not token or token in _used_handoffs:
        return None
    try:
        session_id = URLSafeTimedSerializer(secret_key(), salt="session-handoff").loads(token, max_age=HANDOFF_SECONDS)
    except (BadSignature, SignatureExpired):
        return None
    _used_handoffs.add(token)
    if claim is not None and not claim(token):
        return None
    return session_id


def local_path(target: str | None) -> str:
    """Where to go after sign-in: a path on this server only (never another host)."""
    target = target or "/"
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"
