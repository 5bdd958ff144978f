"""Access in Debian's chromium: what each role sees in the navigation, a forbidden URL, sign-in
surviving a reload, sign-out, lockout and its message, the meeting screen with and without a key,
the OIDC sign-in against a local provider (oidc-provider-mock, started here), every URL parameter
of every page walked with injection payloads, the HTTP headers and the allowed hosts, and the audit
page listing what happened."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from govdash import config
from govdash.accounts.roles import may
from govdash.desk import registry
from govdash.safe import WORD_JOINER
from tests.app.test_access import PAYLOADS, url_parameters
from tests.browser.conftest import PASSWORD, PEOPLE, SCREENSHOTS, screen_key, server_with_people, sign_in_as
from tests.support import ROOT, require_chromium
from tools import browser, stream

pytestmark = pytest.mark.browser


def nav_titles(page) -> list[str]:
    return [t.strip() for t in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]


def expected_titles(role: str) -> list[str]:
    return [p.title for p in registry.PAGES if p.is_listed and p != registry.SIGN_IN
            and (p.needs in ("public", "desk", "screen") or may(role, p.needs))]


@pytest.mark.parametrize("role", list(PEOPLE))
def test_each_role_sees_its_pages_and_no_others(server, role):
    requests = browser.RequestLog()
    with browser.browser_page(requests) as page:
        sign_in_as(page, server, role)
        assert sorted(nav_titles(page)) == sorted(expected_titles(role)), nav_titles(page)
        assert f"已登录：{PEOPLE[role]}" in page.locator('[data-testid="stSidebar"]').inner_text()
        # a page the role may not open, by URL: a message, nothing of the page
        forbidden = next((p for p in (registry.ADMIN_AUDIT, registry.ROUNDS) if not may(role, p.needs)), None)
        if forbidden is not None:
            page.goto(f"{server.url}/{forbidden.url_path}", wait_until="domcontentloaded")
            browser.wait_until_drawn(page)
            text = page.locator('[data-testid="stMain"]').inner_text()
            assert "没有打开" in text and forbidden.title in text
            assert page.locator('[data-testid="stMain"] input, [data-testid="stMain"] button').count() == 0
            page.screenshot(path=str(SCREENSHOTS / f"access-forbidden-{role}.png"))
        # the sign-in survives a reload
        page.goto(f"{server.url}/{registry.RANKINGS.url_path}", wait_until="domcontentloaded")
        browser.wait_until_drawn(page, min_charts=1)
        page.reload(wait_until="domcontentloaded")
        browser.wait_until_drawn(page, min_charts=1)
        assert f"已登录：{PEOPLE[role]}" in page.locator('[data-testid="stSidebar"]').inner_text()
        # sign-out: back at the sign-in page, and the desk asks for a sign-in again
        page.get_by_role("button", name="退出登录").click()
        page.wait_for_url(f"**/{registry.SIGN_IN.url_path}*", timeout=30000)
        browser.wait_until_drawn(page)
        page.goto(f"{server.url}/{registry.RANKINGS.url_path}", wait_until="domcontentloaded")
        browser.wait_until_drawn(page)
        assert "请先登录" in page.locator('[data-testid="stMain"]').inner_text()
        assert page.locator(".js-plotly-plot").count() == 0
    assert requests.external() == [], requests.external()


def test_repeated_failures_lock_out_with_a_message_saying_when(real_db, tmp_path):
    require_chromium()
    requests = browser.RequestLog()
    with server_with_people(real_db, tmp_path) as srv, browser.browser_page(requests) as page:
        page.goto(f"{srv.url}/{registry.SIGN_IN.url_path}", wait_until="domcontentloaded")
        browser.wait_until_drawn(page)
        alert = page.locator('[data-testid="stAlertContentError"]')
        audit_log = Path(srv.env["GOVDASH_AUDIT"])

        def refusals() -> int:  # every refused attempt is audited: the sign of this click's run
            text = audit_log.read_text(encoding="utf-8") if audit_log.exists() else ""
            return text.count('"sign_in_failed"') + text.count('"locked_out"')

        for k in range(config.LOCKOUT_FAILURES + 1):
            page.get_by_label("账户名").fill(PEOPLE["viewer"])
            page.get_by_label("密码").fill(f"wrong-password-{k}")
            page.get_by_role("button", name="登录").click()
            deadline = time.monotonic() + 30
            while refusals() < k + 1 and time.monotonic() < deadline:
                time.sleep(0.1)
            browser.wait_until_drawn(page)
        expect(alert).to_contain_text("已暂时锁定", timeout=30000)
        message = alert.inner_text()
        assert "尝试次数过多，已暂时锁定" in message and "以后再试" in message, message
        page.screenshot(path=str(SCREENSHOTS / "access-locked-out.png"))
        # now even the right password is refused until the time given
        page.get_by_label("账户名").fill(PEOPLE["viewer"])
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_timeout(1000)  # the right password's run: it must change nothing
        browser.wait_until_drawn(page)
        assert "已暂时锁定" in alert.inner_text()
        assert "sign-in" in page.url
    assert requests.external() == []


def test_meeting_screen_opens_with_a_key_and_not_without(server):
    requests = browser.RequestLog()
    key = screen_key(server.env, "一楼大厅")
    with browser.browser_page(requests) as page:
        page.goto(f"{server.url}/{registry.MEETING.url_path}?pause=1", wait_until="domcontentloaded")
        browser.wait_until_drawn(page)
        assert "请先登录" in page.locator('[data-testid="stMain"]').inner_text()
        assert page.locator(".mtg-body").count() == 0
        page.goto(f"{server.url}/{registry.MEETING.url_path}?pause=1&key={key}x", wait_until="domcontentloaded")
        browser.wait_until_drawn(page)
        assert page.locator(".mtg-body").count() == 0
        page.goto(f"{server.url}/{registry.MEETING.url_path}?pause=1&key={key}", wait_until="domcontentloaded")
        browser.wait_for_meeting(page)
        assert page.locator(".mtg-body").count() == 1
    assert requests.external() == []


def test_every_url_parameter_of_every_page_stays_text_in_the_browser(server):
    """Every parameter the product reads, with each payload, on every page (as an admin, who may
    open all): no request leaves the machine and no link points outside it."""
    params = sorted(url_parameters())
    requests = browser.RequestLog()
    with browser.browser_page(requests) as page:
        sign_in_as(page, server, "admin")
        for target in registry.PAGES:
            for payload in PAYLOADS:
                query = "&".join(f"{name}={urllib.request.quote(payload)}" for name in params)
                page.goto(f"{server.url}/{target.url_path}?{query}", wait_until="domcontentloaded")
                browser.wait_until_drawn(page)
                page.wait_for_timeout(200)
                outside = page.eval_on_selector_all(
                    "a[href], img[src]", """els => els.map(e => e.getAttribute('href') || e.getAttribute('src'))
                        .filter(u => /^(https?:)?\\/\\//i.test(u) && !u.startsWith(location.origin))""")
                assert outside == [], (target.url_path, payload, outside)
                assert page.locator('[data-testid="stException"]').count() == 0, (target.url_path, payload)
        page.screenshot(path=str(SCREENSHOTS / "access-injection-walk-last.png"))
    assert requests.external() == [], requests.external()[:5]


def test_security_headers_and_allowed_hosts(server):
    with urllib.request.urlopen(f"{server.url}/{registry.RANKINGS.url_path}") as response:
        headers = {k.lower(): v for k, v in response.headers.items()}
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    with urllib.request.urlopen(f"{server.url}/{registry.OVERVIEW.url_path}") as response:
        assert response.url.rstrip("/") == server.url  # /overview: the home page, not "Page not found"

    assert asyncio.run(stream.may_connect(server.url))
    assert asyncio.run(stream.may_connect(server.url, host="localhost"))
    assert not asyncio.run(stream.may_connect(server.url, host="evil.example"))  # DNS rebinding: another name


@contextlib.contextmanager
def oidc_provider(log_dir: Path):
    """oidc-provider-mock on a free local port: a real OpenID Connect provider, any client accepted."""
    port = browser.free_port()
    log = (log_dir / "oidc.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "-p", str(port)], stdout=log,
                            stderr=subprocess.STDOUT, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((log_dir / "oidc.log").read_text()) from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def test_oidc_sign_in_sees_the_desk_and_signs_out(real_db, tmp_path):
    """统一身份认证: st.login against a local OIDC provider; the user gets the default role (viewer)."""
    require_chromium()
    port = browser.free_port()
    with oidc_provider(tmp_path) as provider:
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(f'''[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "test-cookie-secret-{time.monotonic_ns()}"
client_id = "govdash"
client_secret = "govdash-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"
''', encoding="utf-8")
        files = browser.private_files(tmp_path / "files")
        requests = browser.RequestLog()
        with browser.streamlit_server(real_db, tmp_path, env=files, port=port, options=("--secrets.files", str(secrets))) \
                as srv, browser.browser_page(requests) as page:
            page.goto(f"{srv.url}/{registry.SIGN_IN.url_path}", wait_until="domcontentloaded")
            browser.wait_until_drawn(page)
            page.get_by_role("button", name="统一身份认证登录").click()
            page.wait_for_url(f"{provider}/**", timeout=30000)
            page.screenshot(path=str(SCREENSHOTS / "access-oidc-provider.png"))
            page.locator('input[name="sub"]').fill("wangwu@example.gov")
            page.get_by_role("button", name="Authorize").click()
            page.wait_for_url(f"{srv.url}/**", timeout=30000)
            browser.wait_until_drawn(page)
            page.goto(f"{srv.url}/{registry.RANKINGS.url_path}", wait_until="domcontentloaded")
            browser.wait_until_drawn(page, min_charts=1)
            sidebar = page.locator('[data-testid="stSidebar"]').inner_text().replace(WORD_JOINER, "")
            assert "已登录：wangwu@example.gov" in sidebar
            assert sorted(nav_titles(page)) == sorted(expected_titles(config.OIDC_DEFAULT_ROLE))
            page.screenshot(path=str(SCREENSHOTS / "access-oidc-desk.png"))
            page.get_by_role("button", name="退出登录").click()
            # st.logout clears the app's cookie and ends the session at the provider too
            page.wait_for_url(lambda url: "end_session" in url or url.rstrip("/") == srv.url, timeout=30000)
            page.goto(f"{srv.url}/{registry.RANKINGS.url_path}", wait_until="domcontentloaded")
            browser.wait_until_drawn(page)
            assert "请先登录" in page.locator('[data-testid="stMain"]').inner_text()
        audit = (tmp_path / "files" / "audit.jsonl").read_text(encoding="utf-8")
        assert '"who": "wangwu@example.gov"' in audit and '"action": "sign_in"' in audit
        assert requests.external(ignore_pages_of=provider) == [], requests.external(ignore_pages_of=provider)


def test_the_audit_page_lists_what_happened(server):
    """After the tests above ran on this server, and an admin issued and revoked a screen key on the
    admin page: the audit page lists those actions, filters by action and downloads them."""
    requests = browser.RequestLog()
    with browser.browser_page(requests) as page:
        sign_in_as(page, server, "admin", f"/{registry.ADMIN_ACCOUNTS.url_path}")
        page.get_by_label("用途（如：三楼大会议室）").fill("五楼报告厅")
        page.get_by_role("button", name="发放新密钥").click()
        page.get_by_text("「五楼报告厅」的大屏链接（只显示这一次）").wait_for(timeout=30000)
        shown_link = page.locator('[data-testid="stCode"]').inner_text().strip()
        assert shown_link.startswith(f"/{registry.MEETING.url_path}?key=")
        page.get_by_label("收回密钥").click()
        page.get_by_role("option", name="五楼报告厅").click()
        page.get_by_role("button", name="收回", exact=True).click()
        # revoked: the key leaves the list, nothing is selected, the button is disabled again
        expect(page.get_by_role("button", name="收回", exact=True)).to_be_disabled(timeout=30000)
        browser.wait_until_drawn(page)
        page.goto(f"{server.url}/{registry.ADMIN_AUDIT.url_path}", wait_until="domcontentloaded")
        browser.wait_until_drawn(page)
        page.screenshot(path=str(SCREENSHOTS / "access-audit.png"))
        with page.expect_download() as download:
            page.get_by_role("button", name="下载审计日志（CSV）").click()
        raw = download.value.path().read_text(encoding="utf-8-sig")
        # the revoked key no longer opens the screen (in a browser where nobody is signed in)
        wall = page.context.browser.new_context(viewport=browser.VIEWPORT)
        wall.on("request", requests.add)
        screen = wall.new_page()
        screen.goto(f"{server.url}{shown_link}", wait_until="domcontentloaded")
        browser.wait_until_drawn(screen)
        assert "请先登录" in screen.locator('[data-testid="stMain"]').inner_text()
        assert screen.locator(".mtg-body").count() == 0
        wall.close()
    for action in ("登录成功", "退出登录", "发放大屏密钥", "收回大屏密钥"):
        assert action in raw, action
    assert "五楼报告厅" in raw and PASSWORD not in raw
    assert requests.external() == []
