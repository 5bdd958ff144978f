"""The browser layer's server: the app on the real warehouse, one per test module, with its own
ballot box, accounts, audit log and secret key, and one account per role (PEOPLE). Started only
where chromium is there to drive it (and required in CI). Screenshots go to artifacts/screenshots."""

from __future__ import annotations

import pytest

from tests.support import ROOT, require_chromium
from tools import browser

SCREENSHOTS = ROOT / "artifacts" / "screenshots"
PASSWORD = "correct-horse-9"
PEOPLE = {"viewer": "查看员", "curator": "整理员", "organiser": "组织者", "admin": "管理员"}


def server_with_people(db, directory, **env):
    files = browser.private_files(directory, **env)
    for role, name in PEOPLE.items():
        browser.add_account(files, name, role, PASSWORD)
    return browser.streamlit_server(db, directory, env=files)


def screen_key(env: dict, label: str = "会议室大屏") -> str:
    """A screen key issued in the accounts file of a server started with `env`, as an admin does."""
    return browser.issue_screen_key(env, label, PEOPLE["admin"])


def sign_in_as(page, server, role: str, next_path: str = "/") -> None:
    browser.sign_in(page, server.url, PEOPLE[role], PASSWORD, next_path)


@pytest.fixture(scope="module")
def server(real_db, tmp_path_factory):
    require_chromium()
    with server_with_people(real_db, tmp_path_factory.mktemp("server")) as srv:
        yield srv


def audit_page_csv(browser_context_owner, server) -> str:
    """The audit log as an admin downloads it from the audit page, in a browser context of its own
    (the caller's sign-in stays as it is)."""
    context = browser_context_owner.context.browser.new_context(viewport=browser.VIEWPORT, locale="zh-CN")
    try:
        page = context.new_page()
        sign_in_as(page, server, "admin", "/admin-audit")
        with page.expect_download() as download:
            page.get_by_role("button", name="下载审计日志（CSV）").click()
        return download.value.path().read_text(encoding="utf-8-sig")
    finally:
        context.close()
