"""Lockout after repeated failures, the same rule for sign-in, round passwords and one-time codes:
LOCKOUT_FAILURES refusals (CODE_LOCKOUT_FAILURES for one-time codes) within LOCKOUT_MINUTES lock
the account (or round, or code) and the client for the rest of that window, with a Chinese message that says when to try
again. Kept in the accounts file, so a restart does not reset it."""

from __future__ import annotations

import datetime as dt

from govdash import config
from govdash.accounts.store import AccountStore, now
from govdash.secret import keyed_hash


class LockedOut(RuntimeError):
    """Too many failures; the message says until when (Chinese)."""


def subjects(subject: str | None, client: str | None) -> list[str]:
    """The account/round (a secret such as a code is keyed-hashed, never stored) and the client."""
    out = [f"client:{client or '本机'}"]
    if subject:
        out.insert(0, subject)
    return out


def limit(scope: str) -> int:
    """Refusals within the window that lock: one-time codes (scope "code") allow more than passwords."""
    return config.CODE_LOCKOUT_FAILURES if scope == "code" else config.LOCKOUT_FAILURES


def check(store: AccountStore, scope: str, subject: str | None, client: str | None) -> None:
    """LockedOut when the subject or the client has failed too often lately."""
    window = dt.timedelta(minutes=config.LOCKOUT_MINUTES)
    rows = store.failures_since(scope, subjects(subject, client), now() - window)
    locked = rows[rows["failures"] >= limit(scope)]
    if locked.empty:
        return
    until = locked["first_at"].max().to_pydatetime() + window
    minutes = max(1, int((until - now()).total_seconds() // 60) + 1)
    raise LockedOut(f"尝试次数过多，已暂时锁定。请于 {until:%H:%M} 以后再试（约 {minutes} 分钟后）。")


def failed(store: AccountStore, scope: str, subject: str | None, client: str | None) -> None:
    store.record_failure(scope, subjects(subject, client))


def secret_subject(scope: str, secret: str) -> str:
    """A subject that is itself a secret (a one-time code) is stored only as its keyed hash."""
    return keyed_hash(f"lockout-{scope}", secret)
