"""Browser tests: what a person sees in Debian's chromium at 1920x1080, and that nothing leaves
the machine. In CI (CI=true) a missing chromium is a failure, not a skip."""

from __future__ import annotations

import pytest

from govdash.desk import registry
from tests.browser.conftest import SCREENSHOTS, sign_in_as
from tools import browser

pytestmark = pytest.mark.browser

# (url path, title, charts at least). A deep link comes first: on a fresh server the first request
# must not fall into Streamlit's legacy pages/ routing.
PAGES = [(p.url_path if p != registry.OVERVIEW else "", title, n) for p, title, n in (
    (registry.RANKINGS, "排名", 2),
    (registry.OVERVIEW, "总览", 1),
    (registry.ONE_NETWORK, "一网通办", 1),
    (registry.GOOD_BAD_REVIEWS, "好差评", 1),
    (registry.SUPERVISION, "互联网+监管", 1),
    (registry.COMPLAINTS, "投诉与热线", 1),
    (registry.COMPARE, "地区对比", 1),
    (registry.RECTIFICATION, "整改台账", 1),
    (registry.SOURCES, "数据来源", 0),
    (registry.ABOUT, "政务服务效能看板", 1),
)]


def test_every_page_renders_offline(server):
    requests = browser.RequestLog()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with browser.browser_page(requests) as page:
        sign_in_as(page, server, "viewer")
        for path, title, min_charts in PAGES:
            page.goto(f"{server.url}/{path}", wait_until="domcontentloaded")
            browser.wait_until_drawn(page, min_charts=min_charts)
            page.screenshot(path=str(SCREENSHOTS / f"{path or 'overview'}.png"))
            assert page.locator(browser.ERROR_SELECTORS).count() == 0, path
            assert page.get_by_text("Page not found").count() == 0, path
            assert page.locator("h1").first.inner_text().strip() == title, path
            body = page.locator('[data-testid="stMain"]').inner_text()
            assert "Traceback" not in body and "None" not in body.split("数据来源")[0][:2000], path
            # favicon is served by the app itself
            icons = page.eval_on_selector_all("link[rel~='icon']", "els => els.map(e => e.href)")
            assert icons and all(h.startswith(server.url) or h.startswith("data:") for h in icons), icons
        # the first-page counts are numbers
        metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        assert len(metrics) == 4 and all(any(ch.isdigit() for ch in m) for m in metrics), metrics
    assert requests.urls, "the request log recorded nothing"
    assert requests.external() == [], requests.external()
    log = server.log.read_text()
    assert "External URL" not in log and "Traceback" not in log, log


def test_filters_live_in_the_link(server):
    requests = browser.RequestLog()
    with browser.browser_page(requests) as page:
        sign_in_as(page, server, "viewer")
        page.goto(f"{server.url}/{registry.GOOD_BAD_REVIEWS.url_path}?region=长沙市", wait_until="domcontentloaded")
        browser.wait_until_drawn(page, min_charts=1)
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "长沙市" in sidebar
        assert "region=" in page.url
        # switching pages keeps the filter in the URL
        page.get_by_role("link", name="排名").click()
        page.wait_for_url("**/rankings*")
        browser.wait_until_drawn(page)
        assert "region=" in page.url
        assert "长沙市" in page.locator('[data-testid="stMain"]').inner_text()
    assert requests.external() == []


def test_evidence_link_opens_its_sentence(server):
    requests = browser.RequestLog()
    with browser.browser_page(requests) as page:
        sign_in_as(page, server, "viewer")
        page.goto(f"{server.url}/{registry.SOURCES.url_path}?figure=000-0082", wait_until="domcontentloaded")
        browser.wait_until_drawn(page)
        mark = page.locator("mark#fig-000-0082")
        mark.wait_for(timeout=15000)
        assert mark.count() == 1 and "7.25%" in mark.inner_text()
        page.screenshot(path=str(SCREENSHOTS / "sources-figure.png"))
    assert requests.external() == []


def test_chart_table_opens_on_demand_with_evidence_links(server):
    """A chart's table is not sent until its expander is opened; opened, it lists the figures
    with a 「查看原文」 link to their sentence."""
    requests = browser.RequestLog()
    with browser.browser_page(requests) as page:
        sign_in_as(page, server, "viewer")
        page.goto(f"{server.url}/{registry.SUPERVISION.url_path}", wait_until="domcontentloaded")
        browser.wait_until_drawn(page, min_charts=1)
        main = page.locator('[data-testid="stMain"]')
        tables_before = main.locator('[data-testid="stDataFrame"]').count()
        main.get_by_text("查看数据与出处").first.click()
        expander = main.locator('[data-testid="stExpander"]').first
        expander.locator('[data-testid="stDataFrame"]').wait_for(timeout=15000)
        assert main.locator('[data-testid="stDataFrame"]').count() == tables_before + 1
        download = expander.get_by_text("下载表格（CSV，Excel 可直接打开）")
        download.first.wait_for(timeout=15000)  # drawn just after the table
        browser.wait_until_drawn(page)
        assert download.count() == 1
        assert main.locator('[data-testid="stDataFrame"]').count() == tables_before + 1
        page.wait_for_timeout(1000)  # the expander animates open
        page.screenshot(path=str(SCREENSHOTS / "supervision-table-open.png"))
        assert page.locator(browser.ERROR_SELECTORS).count() == 0
    assert requests.external() == []
