"""The accounts file, sessions, screen keys, lockout, the audit log and the accounts command, each on
a file of its own in tmp_path (never the project's data/)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import duckdb
import pytest

from govdash import config
from govdash.accounts import audit, lockout, sessions
from govdash.accounts import store as store_module
from govdash.accounts.store import AccountError, AccountStore
from tests.support import ROOT

pytestmark = pytest.mark.data

PASSWORD = "correct-horse-9"


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVDASH_ACCOUNTS", str(tmp_path / "accounts.duckdb"))
    monkeypatch.setenv("GOVDASH_AUDIT", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("GOVDASH_SECRET_KEY_FILE", str(tmp_path / "secret.key"))
    return tmp_path


@pytest.fixture
def accounts(files):
    return AccountStore(files / "accounts.duckdb")


def test_passwords_are_stored_as_argon2_hashes_only(accounts, files):
    accounts.add("张三", "curator", PASSWORD)
    con = duckdb.connect(str(files / "accounts.duckdb"), read_only=True)
    stored = con.execute("SELECT password_hash FROM accounts WHERE name = '张三'").fetchone()[0]
    con.close()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert PASSWORD.encode() not in (files / "accounts.duckdb").read_bytes()
    assert accounts.verify("张三", PASSWORD).role == "curator"
    assert accounts.verify("张三", "wrong-password") is None
    assert accounts.verify("没有的人", PASSWORD) is None


@pytest.mark.parametrize("name, role, password, message", [
    ("x", "viewer", PASSWORD, "账户名应为"),
    ("<img src=x>", "viewer", PASSWORD, "账户名应为"),
    ("李四", "superuser", PASSWORD, "角色「superuser」不存在"),
    ("李四", "viewer", "short", "密码至少 8 位"),
])
def test_bad_accounts_are_refused_in_chinese(accounts, name, role, password, message):
    with pytest.raises(AccountError, match=message):
        accounts.add(name, role, password)
    assert accounts.accounts().empty


def test_duplicate_names_are_refused(accounts):
    accounts.add("张三", "viewer", PASSWORD)
    with pytest.raises(AccountError, match="已存在"):
        accounts.add("张三", "admin", PASSWORD)
    assert accounts.account("张三").role == "viewer"


def test_a_session_lives_until_idle_sign_out_disable_or_reset(accounts, monkeypatch):
    accounts.add("张三", "viewer", PASSWORD)
    token = accounts.open_session("张三")
    assert accounts.session_account(token).name == "张三"
    assert accounts.session_account("forged-token") is None
    # idle longer than SESSION_IDLE_MINUTES: over (once this process asks the file again)
    later = store_module.now() + dt.timedelta(minutes=config.SESSION_IDLE_MINUTES + 1)
    monkeypatch.setattr(store_module, "now", lambda: later)
    monkeypatch.setattr(store_module, "SESSION_RECHECK_SECONDS", 0)
    assert accounts.session_account(token) is None
    monkeypatch.undo()
    # sign-out
    token = accounts.open_session("张三")
    accounts.close_session(token)
    assert accounts.session_account(token) is None
    # a reset password or a disabled account ends every session of that account
    token = accounts.open_session("张三")
    accounts.update("张三", password="another-pass-1")
    assert accounts.session_account(token) is None
    token = accounts.open_session("张三")
    accounts.update("张三", disabled=True)
    assert accounts.session_account(token) is None
    assert accounts.verify("张三", "another-pass-1") is None


def test_a_session_revoked_by_another_process_ends_within_the_recheck_time(accounts, files, monkeypatch):
    accounts.add("张三", "viewer", PASSWORD)
    token = accounts.open_session("张三")
    assert accounts.session_account(token) is not None
    con = duckdb.connect(str(files / "accounts.duckdb"))  # another server process signs the session out
    con.execute("UPDATE sessions SET is_revoked = true")
    con.close()
    assert accounts.session_account(token) is not None  # trusted for a few seconds in this process
    clock = store_module.time.monotonic() + store_module.SESSION_RECHECK_SECONDS + 1
    monkeypatch.setattr(store_module.time, "monotonic", lambda: clock)
    assert accounts.session_account(token) is None


def test_a_new_role_counts_at_the_next_page_run(accounts):
    accounts.add("张三", "viewer", PASSWORD)
    token = accounts.open_session("张三")
    assert accounts.session_account(token).role == "viewer"
    accounts.update("张三", role="curator")
    assert accounts.session_account(token).role == "curator"


def test_an_oidc_users_account_is_read_once_per_recheck_time(accounts, files, monkeypatch):
    """Every page run asks for an OIDC user's account: this process trusts the answer for a few
    seconds, except for what it changes itself (an account added, a role changed, disabled)."""
    assert accounts.account_for_oidc("li@example.gov.cn") is None  # no account: the default OIDC role applies
    accounts.add("li@example.gov.cn", "organiser", None)
    assert accounts.account_for_oidc("li@example.gov.cn").role == "organiser"
    accounts.update("li@example.gov.cn", disabled=True)
    assert accounts.account_for_oidc("li@example.gov.cn").is_disabled
    accounts.update("li@example.gov.cn", disabled=False)
    assert not accounts.account_for_oidc("li@example.gov.cn").is_disabled  # read now, trusted from here on
    con = duckdb.connect(str(files / "accounts.duckdb"))  # another server process changes the role
    con.execute("UPDATE accounts SET role = 'viewer'")
    con.close()
    assert accounts.account_for_oidc("li@example.gov.cn").role == "organiser"  # trusted for a few seconds
    clock = store_module.time.monotonic() + store_module.SESSION_RECHECK_SECONDS + 1
    monkeypatch.setattr(store_module.time, "monotonic", lambda: clock)
    assert accounts.account_for_oidc("li@example.gov.cn").role == "viewer"


def test_session_cookie_is_signed_and_handoff_works_once(files):
    value = sessions.cookie_value("token-1")
    assert sessions.session_id_of(value) == "token-1"
    assert sessions.session_id_of(value[:-2] + "xx") is None
    link = sessions.handoff("token-1")
    assert sessions.redeem(link) == "token-1"
    assert sessions.redeem(link) is None


def test_a_handoff_link_works_once_across_server_processes(accounts, monkeypatch):
    """Another process (K servers behind nginx) has not seen the link, but the accounts file has."""
    link = sessions.handoff("token-2")
    assert sessions.redeem(link, claim=accounts.claim_handoff) == "token-2"
    monkeypatch.setattr(sessions, "_used_handoffs", set())  # what a second process remembers: nothing
    assert sessions.redeem(link, claim=accounts.claim_handoff) is None


@pytest.mark.parametrize("target, expected", [
    ("/rounds", "/rounds"), ("//evil.example/x", "/"), ("http://evil.example", "/"), ("/\\evil.example", "/"),
    (None, "/"),
])
def test_after_sign_in_only_local_paths(target, expected):
    assert sessions.local_path(target) == expected


def test_screen_keys_are_hashed_and_revocable(accounts, files):
    key = accounts.issue_screen_key("三楼会议室", "管理员")
    assert len(key) >= 32 and accounts.screen_key_valid(key)
    assert not accounts.screen_key_valid(key[:-1]) and not accounts.screen_key_valid("")
    assert key.encode() not in (files / "accounts.duckdb").read_bytes()
    listed = accounts.screen_keys()
    accounts.revoke_screen_key(listed["key_hash"].iloc[0])
    assert not accounts.screen_key_valid(key)


def test_lockout_per_account_and_per_client_says_when(accounts):
    for _ in range(config.LOCKOUT_FAILURES):
        lockout.check(accounts, "sign-in", "张三", "10.0.0.7")
        lockout.failed(accounts, "sign-in", "张三", "10.0.0.7")
    with pytest.raises(lockout.LockedOut, match=r"请于 \d\d:\d\d 以后再试（约 1[56] 分钟后）"):
        lockout.check(accounts, "sign-in", "张三", "10.0.0.8")  # the account, from another client
    with pytest.raises(lockout.LockedOut):
        lockout.check(accounts, "sign-in", "李四", "10.0.0.7")  # another account, from that client
    lockout.check(accounts, "sign-in", "李四", "10.0.0.8")  # neither: allowed
    lockout.check(accounts, "round", "张三", "10.0.0.8")  # another scope: allowed


def test_codes_allow_more_refusals_than_passwords(accounts):
    for k in range(config.CODE_LOCKOUT_FAILURES - 1):
        lockout.failed(accounts, "code", lockout.secret_subject("code", f"CODE{k}"), "10.0.0.9")
    lockout.check(accounts, "code", lockout.secret_subject("code", "NEXT"), "10.0.0.9")
    lockout.failed(accounts, "code", lockout.secret_subject("code", "NEXT"), "10.0.0.9")
    with pytest.raises(lockout.LockedOut):
        lockout.check(accounts, "code", lockout.secret_subject("code", "OTHER"), "10.0.0.9")
    assert config.CODE_LOCKOUT_FAILURES > config.LOCKOUT_FAILURES


def test_lockout_ends_after_the_window(accounts, monkeypatch):
    for _ in range(config.LOCKOUT_FAILURES):
        lockout.failed(accounts, "round", "r1", None)
    with pytest.raises(lockout.LockedOut):
        lockout.check(accounts, "round", "r1", None)
    later = store_module.now() + dt.timedelta(minutes=config.LOCKOUT_MINUTES + 1)
    monkeypatch.setattr(lockout, "now", lambda: later)
    lockout.check(accounts, "round", "r1", None)


def test_audit_log_appends_lines_and_refuses_unknown_actions(files):
    audit.record("张三", "admin", "account_added", "李四", "角色 viewer", client="10.0.0.7")
    audit.record(None, None, "sign_in_failed", client=None)
    with pytest.raises(ValueError):
        audit.record("张三", "admin", "ballot_scores")
    lines = [json.loads(x) for x in (files / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["action"] for x in lines] == ["account_added", "sign_in_failed"]
    assert lines[1]["who"] == "（未登录）" and lines[1]["client"] == "本机"
    frame = audit.entries()
    assert list(frame["action_name"]) == ["登录失败", "新建账户"]  # newest first


def run_accounts(files, *args, stdin: str = ""):
    return subprocess.run([sys.executable, "-m", "govdash.accounts", *args], cwd=ROOT, input=stdin, text=True,
                          capture_output=True)


def test_accounts_command_for_the_first_admin(files):
    done = run_accounts(files, "add", "管理员", "--role", "admin", stdin=PASSWORD + "\n")
    assert done.returncode == 0 and "已新建账户「管理员」" in done.stdout, done.stderr
    assert AccountStore(files / "accounts.duckdb").verify("管理员", PASSWORD).role == "admin"
    listed = run_accounts(files, "list")
    assert "管理员" in listed.stdout and PASSWORD not in listed.stdout
    refused = run_accounts(files, "add", "管理员", "--role", "viewer", stdin=PASSWORD + "\n")
    assert refused.returncode == 1 and "已存在" in refused.stderr
    assert run_accounts(files, "disable", "管理员").returncode == 0
    assert AccountStore(files / "accounts.duckdb").verify("管理员", PASSWORD) is None
    assert run_accounts(files, "enable", "管理员").returncode == 0
    assert run_accounts(files, "reset", "管理员", stdin="new-password-2\n").returncode == 0
    assert AccountStore(files / "accounts.duckdb").verify("管理员", "new-password-2") is not None
    actions = [json.loads(x)["action"] for x in (files / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert actions == ["account_added", "account_disabled", "account_changed", "password_reset"]


def test_account_files_are_ignored_by_git():
    for name in ("data/accounts.duckdb", "data/audit.jsonl", "data/secret.key"):
        done = subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT)
        assert done.returncode == 0, f"{name} is not ignored by git"
