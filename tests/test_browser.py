"""Browser tests: what a person sees in Debian's chromium at 1920x1080, and that nothing leaves
the machine. In CI (CI=true) a missing chromium is a failure, not a skip."""

from __future__ import annotations

import pytest

from . import browser
from .conftest import ROOT, in_ci

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def server(real_db, tmp_path_factory):
    if not browser.chromium_available():
        if in_ci():
            pytest.fail("CI 环境缺少 chromium：.ci/run 应先用 apt-get 安装 chromium")
        pytest.skip("chromium not installed (CI installs it via .ci/run)")
    with browser.streamlit_server(real_db, tmp_path_factory.mktemp("server")) as srv:
        yield srv


def test_home_page_renders_offline(server):
    requests = browser.RequestLog()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with browser.browser_page(requests) as page:
        page.goto(server.url + "/", wait_until="domcontentloaded")
        browser.wait_until_drawn(page, min_charts=1)
        page.screenshot(path=str(SCREENSHOTS / "home.png"), full_page=True)
        assert page.locator(browser.ERROR_SELECTORS).count() == 0
        body = page.locator('[data-testid="stMain"]').inner_text()
        assert "政务服务效能看板" in body and "来源文件" in body
        # every metric card shows a number
        metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        assert len(metrics) == 4 and all(any(ch.isdigit() for ch in m) for m in metrics), metrics
        # favicon is served by the app itself
        icons = page.eval_on_selector_all("link[rel~='icon']", "els => els.map(e => e.href)")
        assert icons and all(h.startswith(server.url) or h.startswith("data:") for h in icons), icons
    assert requests.urls, "the request log recorded nothing"
    assert requests.external() == [], requests.external()
    log = server.log.read_text()
    assert "External URL" not in log and "Traceback" not in log, log
