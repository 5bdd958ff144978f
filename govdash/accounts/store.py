"""The accounts file (data/accounts.duckdb): accounts with their role and argon2 password hash,
sign-in sessions (only a hash of each token), screen keys for the meeting screen (only their hash),
and failed attempts for lockout. Every operation goes through govdash/filestore.py."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from govdash import config
from govdash.accounts.roles import role_error
from govdash.filestore import LockedFile
from govdash.secret import keyed_hash
from govdash.warehouse.sql import load_sql

MIN_PASSWORD_LENGTH = 8
NAME = re.compile(r"^[\w.@\-]{2,64}$")  # letters (中文 too), digits, . @ - _
_hasher = PasswordHasher()


class AccountError(ValueError):
    """A refused account change; the message is Chinese."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    is_disabled: bool = False
    via: str = "local"  # local, oidc, screen (a meeting screen's key)


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def password_problem(password: str) -> str | None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return f"密码至少 {MIN_PASSWORD_LENGTH} 位"
    return None


class AccountStore:
    def __init__(self, path: Path | str | None = None):
        self.file = LockedFile(Path(path) if path else config.accounts_path(), load_sql("accounts/create_tables"),
                               "账户文件")

    @staticmethod
    def _run(con, query: str, **params) -> pd.DataFrame:
        return con.execute(load_sql(query), params).df()

    # --- accounts ------------------------------------------------------------------------------
    def add(self, name: str, role: str, password: str | None) -> Account:
        """A new account; password None for one that signs in through OIDC only."""
        problems = [p for p in (None if NAME.match(name or "") else
                                "账户名应为 2–64 个字母、汉字、数字或 . @ - _", role_error(role),
                                password_problem(password) if password is not None else None) if p]
        if problems:
            raise AccountError("；".join(problems))
        with self.file.transaction() as con:
            if len(self._run(con, "accounts/account_by_name", name=name)):
                raise AccountError(f"账户「{name}」已存在")
            self._run(con, "accounts/insert_account", name=name, role=role, at=now(),
                      password_hash=_hasher.hash(password) if password is not None else None)
        _forget_sessions_of(name)  # an OIDC user given an account gets its role at the next page run
        return Account(name, role)

    def account(self, name: str) -> Account | None:
        with self.file.session() as con:
            rows = self._run(con, "accounts/account_by_name", name=name)
        return None if rows.empty else Account(name, rows["role"].iloc[0], bool(rows["is_disabled"].iloc[0]))

    def account_for_oidc(self, name: str) -> Account | None:
        """`account(name)` for an OIDC user, asked on every page run: trusted for
        SESSION_RECHECK_SECONDS in this process, as a local session is (a role change or a disabled
        account made in this process counts at once; made in another server process, within that time)."""
        cached = _oidc_accounts.get((self.file.path, name))
        if cached is not None and time.monotonic() - cached[1] < SESSION_RECHECK_SECONDS:
            return cached[0]
        account = self.account(name)
        _oidc_accounts[(self.file.path, name)] = (account, time.monotonic())
        return account

    def accounts(self) -> pd.DataFrame:
        with self.file.session() as con:
            return self._run(con, "accounts/accounts")

    def update(self, name: str, *, role: str | None = None, password: str | None = None,
               disabled: bool | None = None) -> None:
        if role is not None and (problem := role_error(role)):
            raise AccountError(problem)
        if password is not None and (problem := password_problem(password)):
            raise AccountError(problem)
        with self.file.transaction() as con:
            if self._run(con, "accounts/account_by_name", name=name).empty:
                raise AccountError(f"账户「{name}」不存在")
            self._run(con, "accounts/update_account", name=name, role=role, at=now(), is_disabled=disabled,
                      password_hash=_hasher.hash(password) if password is not None else None)
            if disabled or password is not None:  # a disabled account or a new password ends its sessions
                self._run(con, "accounts/revoke_sessions_of", name=name)
        _forget_sessions_of(name)  # and a new role counts at the next page run (in this process)

    def verify(self, name: str, password: str) -> Account | None:
        """The account when name and password match an enabled account, else None (same time either way)."""
        with self.file.session() as con:
            rows = self._run(con, "accounts/account_by_name", name=name)
        stored = rows["password_hash"].iloc[0] if len(rows) else None
        try:
            _hasher.verify(stored or _DUMMY_HASH, password or "")
        except (VerificationError, InvalidHashError):
            return None
        if stored is None or bool(rows["is_disabled"].iloc[0]):
            return None
        return Account(name, rows["role"].iloc[0])

    # --- sessions ------------------------------------------------------------------------------
    def open_session(self, name: str) -> str:
        """A new session token for the cookie; only its keyed hash is stored."""
        token = secrets.token_urlsafe(32)
        with self.file.transaction() as con:
            self._run(con, "accounts/insert_session", session_hash=keyed_hash("session", token), name=name, at=now())
        return token

    def session_account(self, token: str) -> Account | None:
        """The account of a live session (not revoked, not idle past SESSION_IDLE_MINUTES, younger
        than SESSION_MAX_HOURS, account enabled); seeing it counts as activity.

        Every page run asks, so a confirmed session is trusted for SESSION_RECHECK_SECONDS in this
        process before the file is asked (and written) again: a click does not queue on the
        accounts file's lock. Sign-out, a reset password or a disabled account made in this
        process ends the session at once (a new role counts at the next run); made in another server
        process, within that time."""
        if not token:
            return None
        cached = _confirmed.get((self.file.path, token))
        if cached is not None and time.monotonic() - cached[1] < SESSION_RECHECK_SECONDS:
            return cached[0]
        account = self._session_account(token)
        if account is None:
            _confirmed.pop((self.file.path, token), None)
        else:
            _confirmed[(self.file.path, token)] = (account, time.monotonic())
        return account

    def _session_account(self, token: str) -> Account | None:
        idle_since = now() - dt.timedelta(minutes=config.SESSION_IDLE_MINUTES)
        born_after = now() - dt.timedelta(hours=config.SESSION_MAX_HOURS)
        with self.file.transaction() as con:
            rows = self._run(con, "accounts/touch_session", session_hash=keyed_hash("session", token), at=now(),
                             idle_since=idle_since, born_after=born_after)
            account = None if rows.empty else self._run(con, "accounts/account_by_name", name=rows["name"].iloc[0])
        if account is None or account.empty:
            return None
        return Account(account["name"].iloc[0], account["role"].iloc[0])

    def close_session(self, token: str) -> None:
        _confirmed.pop((self.file.path, token), None)
        with self.file.transaction() as con:
            self._run(con, "accounts/revoke_session", session_hash=keyed_hash("session", token or ""))

    def claim_handoff(self, token: str) -> bool:
        """True the first time a sign-in hand-off link is followed, on any server process sharing
        this file; False after (a copied link cannot sign anyone in again)."""
        with self.file.transaction() as con:
            return not self._run(con, "accounts/claim_handoff", handoff_hash=keyed_hash("handoff", token), at=now()).empty

    # --- screen keys ---------------------------------------------------------------------------
    def issue_screen_key(self, label: str, created_by: str) -> str:
        key = secrets.token_urlsafe(24)
        with self.file.transaction() as con:
            self._run(con, "accounts/insert_screen_key", key_hash=keyed_hash("screen", key), label=label.strip()[:40],
                      created_by=created_by, at=now())
        return key

    def screen_key_valid(self, key: str) -> bool:
        if not key:
            return False
        with self.file.session() as con:
            return not self._run(con, "accounts/screen_key", key_hash=keyed_hash("screen", key)).empty

    def screen_keys(self) -> pd.DataFrame:
        with self.file.session() as con:
            return self._run(con, "accounts/screen_keys")

    def revoke_screen_key(self, key_hash: str) -> None:
        with self.file.transaction() as con:
            self._run(con, "accounts/revoke_screen_key", key_hash=key_hash, at=now())

    # --- failures (lockout) --------------------------------------------------------------------
    def failures_since(self, scope: str, subjects: list[str], since: dt.datetime) -> pd.DataFrame:
        with self.file.session() as con:
            return self._run(con, "accounts/failures", scope=scope, subjects=subjects, since=since)

    def record_failure(self, scope: str, subjects: list[str]) -> None:
        with self.file.transaction() as con:
            self._run(con, "accounts/insert_failures", scope=scope, subjects=subjects, at=now())


_DUMMY_HASH = _hasher.hash(secrets.token_hex(8))  # verified against when there is no such account

SESSION_RECHECK_SECONDS = 20
_confirmed: dict[tuple[Path, str], tuple[Account, float]] = {}  # (file, token) -> (account, when confirmed)
_oidc_accounts: dict[tuple[Path, str], tuple[Account | None, float]] = {}  # (file, name) -> (account, when read)


def _forget_sessions_of(name: str) -> None:
    """What this process trusts about `name` (confirmed sessions, an OIDC user's account), dropped."""
    for key, (account, _) in list(_confirmed.items()):
        if account.name == name:
            _confirmed.pop(key, None)
    for key in [key for key in _oidc_accounts if key[1] == name]:
        _oidc_accounts.pop(key, None)


def store() -> AccountStore:
    return AccountStore(config.accounts_path())
