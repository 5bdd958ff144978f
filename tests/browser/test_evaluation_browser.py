"""Browser tests for the 评议 pages in Debian's chromium: the window-unit comparison at 1920x1080,
and a whole round: the organiser creates it and downloads the codes, an evaluator fills in the
sheet on a phone-width screen (incomplete first, then complete), a reused code is refused, and
the organiser closes the round and shows the results. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest

from govdash.desk import registry
from govdash.evaluation import ballot_box as ballots
from govdash.vocabulary import GRADE_LABELS
from tests.app.test_evaluation_pages import PASSWORD, graded_units
from tests.browser.conftest import SCREENSHOTS, audit_page_csv, server_with_people, sign_in_as
from tests.support import require_chromium
from tools import browser

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(real_db, tmp_path_factory):
    require_chromium()
    with server_with_people(real_db, tmp_path_factory.mktemp("server")) as srv:
        yield srv, Path(srv.env["GOVDASH_BALLOTS"])


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def assert_clean(page, where: str) -> None:
    assert page.locator(browser.ERROR_SELECTORS).count() == 0, where
    assert "Traceback" not in main_text(page), where


def test_window_units_side_by_side(server, real_db):
    srv, _ = server
    requests = browser.RequestLog()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    expected = graded_units(real_db)
    with browser.browser_page(requests) as page:
        sign_in_as(page, srv, "viewer")
        page.goto(f"{srv.url}/{registry.WINDOW_UNITS.url_path}", wait_until="domcontentloaded")
        browser.wait_until_drawn(page, min_charts=3)
        page.screenshot(path=str(SCREENSHOTS / "window-units.png"))
        assert_clean(page, registry.WINDOW_UNITS.url_path)
        assert page.locator("h1").first.inner_text().strip() == "窗口单位评议"
        rows = page.locator("table.govdash-scorecard tbody tr")
        assert rows.count() == len(expected) == 6
        for i in range(rows.count()):
            unit = rows.nth(i).locator("th").inner_text().strip()
            assert rows.nth(i).locator("td").last.inner_text().strip() == expected[unit]
        hrefs = page.eval_on_selector_all("table.govdash-scorecard a", "els => els.map(e => e.getAttribute('href'))")
        assert hrefs and all(h.startswith(registry.evidence_link("003-")) for h in hrefs)
        assert set(GRADE_LABELS.values()) & set(main_text(page).split()) or "优秀" in main_text(page)
        page.locator('[data-testid="stMain"]').evaluate("el => el.scrollTo(0, el.scrollHeight)")
        page.get_by_text("各单位指标画像", exact=True).scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        page.screenshot(path=str(SCREENSHOTS / "window-units-profile.png"))
    assert requests.external() == [], requests.external()


def score_sheet(page, score: int, skip: int | None = None) -> None:
    """Tap one score in every unit × criterion button group (all but number `skip`)."""
    groups = page.locator('[data-testid="stButtonGroup"]')
    for k in range(groups.count()):
        if k != skip:
            groups.nth(k).get_by_role("radio", name=str(score), exact=True).click()


def test_round_from_codes_to_results(server, monkeypatch):
    srv, box = server
    # this process submits ballots too: it hashes codes with the server's key
    monkeypatch.setenv("GOVDASH_SECRET_KEY_FILE", srv.env["GOVDASH_SECRET_KEY_FILE"])
    requests = browser.RequestLog()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with browser.browser_page(requests) as organiser:
        # the organiser signs in, creates a round (units come from the warehouse) and issues codes
        sign_in_as(organiser, srv, "organiser", f"/{registry.ROUNDS.url_path}")
        browser.wait_until_drawn(organiser)
        organiser.get_by_label("组织者密码", exact=True).fill(PASSWORD)
        organiser.get_by_label("再次输入密码", exact=True).fill(PASSWORD)
        organiser.get_by_role("button", name="创建评议").click()
        organiser.get_by_text("发放测评码", exact=True).wait_for(timeout=30000)
        organiser.get_by_label("企业代表（个）", exact=True).fill("3")
        organiser.get_by_label("政协委员（个）", exact=True).fill("4")
        organiser.get_by_role("button", name="生成测评码").click()
        download_button = organiser.get_by_role("button", name="下载测评码（CSV，Excel 可直接打开）")
        download_button.wait_for(timeout=30000)
        browser.wait_until_drawn(organiser)
        organiser.screenshot(path=str(SCREENSHOTS / "rounds-codes.png"))
        assert_clean(organiser, registry.ROUNDS.url_path)
        with organiser.expect_download() as download:
            download_button.click()
        raw = download.value.path().read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the Chinese text
        codes = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert [c["分组"] for c in codes] == ["企业代表"] * 3 + ["政协委员"] * 4
        codes = [c["测评码"] for c in codes]

        # an evaluator on a phone-width screen, in a browser with no account signed in
        evaluators = organiser.context.browser.new_context(viewport=PHONE, locale="zh-CN")
        evaluators.on("request", requests.add)
        phone = evaluators.new_page()
        phone.goto(f"{srv.url}/{registry.BALLOT.url_path}", wait_until="domcontentloaded")
        browser.wait_until_drawn(phone)
        assert phone.locator('[data-testid="stSidebar"] input').count() == 0  # no shared filters here
        phone.get_by_label("测评码", exact=True).fill(codes[0].lower())
        phone.get_by_role("button", name="开始填写").click()
        phone.get_by_role("button", name="检查并预览").wait_for(timeout=30000)
        browser.wait_until_drawn(phone)
        phone.locator('[data-testid="stButtonGroup"]').nth(29).wait_for(timeout=30000)  # loaded lazily
        units_criteria = phone.locator('[data-testid="stButtonGroup"]').count()
        assert units_criteria == 6 * 5
        score_sheet(phone, 9, skip=7)  # the 8th: second unit, third criterion
        phone.get_by_role("button", name="检查并预览").click()
        phone.locator('[data-testid="stAlertContentError"]').wait_for(timeout=30000)
        message = phone.locator('[data-testid="stAlertContentError"]').inner_text()
        assert "还有 1 项未打分：业务水平" in message
        phone.locator('[data-testid="stAlertContentError"]').scroll_into_view_if_needed()
        phone.screenshot(path=str(SCREENSHOTS / "ballot-phone-missing.png"))
        phone.locator('[data-testid="stButtonGroup"]').nth(7).get_by_role("radio", name="8", exact=True).click()
        phone.get_by_role("button", name="检查并预览").click()
        phone.get_by_role("button", name="确认提交").wait_for(timeout=30000)
        browser.wait_until_drawn(phone)
        phone.screenshot(path=str(SCREENSHOTS / "ballot-phone-review.png"))
        phone.get_by_role("button", name="确认提交").click()
        phone.get_by_text("测评表已提交").wait_for(timeout=30000)
        assert_clean(phone, registry.BALLOT.url_path)
        # the same code again
        phone.get_by_role("button", name="填写下一张（新的测评码）").click()
        phone.get_by_label("测评码", exact=True).fill(codes[0])
        phone.get_by_role("button", name="开始填写").click()
        phone.get_by_text(ballots.REFUSED).wait_for(timeout=30000)
        phone.screenshot(path=str(SCREENSHOTS / "ballot-phone-reused.png"))

        # the evaluator page at 1920x1080, with a fresh code
        desk = evaluators.new_page()
        desk.set_viewport_size(browser.VIEWPORT)
        desk.goto(f"{srv.url}/{registry.BALLOT.url_path}", wait_until="domcontentloaded")
        browser.wait_until_drawn(desk)
        desk.get_by_label("测评码", exact=True).fill(codes[1])
        desk.get_by_role("button", name="开始填写").click()
        desk.get_by_role("button", name="检查并预览").wait_for(timeout=30000)
        browser.wait_until_drawn(desk)
        desk.locator('[data-testid="stButtonGroup"]').nth(29).wait_for(timeout=30000)
        desk.screenshot(path=str(SCREENSHOTS / "ballot.png"))
        score_sheet(desk, 7)
        desk.get_by_role("button", name="检查并预览").click()
        desk.get_by_role("button", name="确认提交").click()
        desk.get_by_text("测评表已提交").wait_for(timeout=30000)

        # four more evaluators submit from another process at the same time as the server runs
        store = ballots.BallotStore(box)
        rng = random.Random(1)
        spec = store.check_code(codes[2]).round.spec
        for code in codes[2:6]:
            store.submit_ballot(code, {(u, c): rng.randint(6, 10) for u in spec.units for c in spec.criteria})

        # the organiser closes the round and shows the room the results
        organiser.get_by_role("button", name="结束测评").click()
        organiser.get_by_text("本轮已结束：测评码不再被接受").wait_for(timeout=30000)
        browser.wait_until_drawn(organiser, min_charts=2)
        assert "6 张" in main_text(organiser)
        organiser.get_by_text("结果", exact=True).scroll_into_view_if_needed()
        organiser.wait_for_timeout(500)
        organiser.screenshot(path=str(SCREENSHOTS / "rounds-results.png"))
        assert_clean(organiser, "rounds results")
        # room mode: only the results, nothing to manage and no codes on the projector
        organiser.get_by_text("投屏模式：只显示结果").click()
        organiser.get_by_text("生成测评码").wait_for(state="detached", timeout=30000)
        browser.wait_until_drawn(organiser, min_charts=2)
        organiser.wait_for_timeout(500)
        organiser.screenshot(path=str(SCREENSHOTS / "rounds-room.png"))
        assert organiser.get_by_role("button", name="重新开放").count() == 0
        # a closed round refuses an unused code
        phone.get_by_label("测评码", exact=True).fill(codes[6])
        phone.get_by_role("button", name="开始填写").click()
        phone.get_by_text(ballots.REFUSED).wait_for(timeout=30000)
        # the admin's audit page lists what the organiser did, and nothing of what evaluators scored
        log = audit_page_csv(organiser, srv)
    for action in ("新建评议", "发放测评码", "结束测评", "查看评议结果"):
        assert action in log, action
    assert "组织者" in log and not any(code in log for code in codes)
    assert store.rounds().iloc[0]["ballots_in"] == 6
    assert requests.external() == [], requests.external()


def test_score_sheet_has_no_filters_and_keeps_them_for_later(server):
    """(In AppTest a second page switch runs the page file alone, so this is checked here.)"""
    srv, _ = server
    requests = browser.RequestLog()
    with browser.browser_page(requests) as page:
        sign_in_as(page, srv, "viewer")
        page.goto(f"{srv.url}/{registry.GOOD_BAD_REVIEWS.url_path}?region=长沙市", wait_until="domcontentloaded")
        browser.wait_until_drawn(page, min_charts=1)
        page.get_by_role("link", name="测评表").click()
        page.wait_for_url(f"**/{registry.BALLOT.url_path}*")
        browser.wait_until_drawn(page)
        # the previous page's widgets may linger a moment as stale elements before they go
        page.locator('[data-testid="stSidebar"]').get_by_text("清除筛选").wait_for(state="detached", timeout=15000)
        assert "筛选" not in page.locator('[data-testid="stSidebar"]').inner_text()
        page.get_by_role("link", name="好差评").click()
        page.wait_for_url(f"**/{registry.GOOD_BAD_REVIEWS.url_path}*")
        browser.wait_until_drawn(page, min_charts=1)
        assert "长沙市" in page.locator('[data-testid="stSidebar"]').inner_text()
        assert "region=" in page.url
    assert requests.external() == []
