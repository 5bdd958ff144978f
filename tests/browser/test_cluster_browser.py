"""`make run-cluster` in chromium: two app processes behind nginx. A viewer signs in and opens the
desk, an evaluator submits a ballot, all through the proxy; the browser keeps its route cookie and
asks nothing of another host. Screenshot: artifacts/screenshots/cluster-overview.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from govdash.desk import registry
from tests.browser.conftest import PASSWORD, PEOPLE, SCREENSHOTS
from tests.support import require_chromium, require_nginx
from tools import browser, cluster
from tools.load import __main__ as load

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def proxied(real_db, tmp_path_factory):
    require_chromium()
    require_nginx()
    work = tmp_path_factory.mktemp("cluster")
    env = browser.private_files(work / "files")
    for role, name in PEOPLE.items():
        browser.add_account(env, name, role, PASSWORD)
    with cluster.cluster(real_db, work, 2, env=env, access_log=True) as c:
        yield c


def test_desk_and_ballot_through_the_proxy(proxied):
    c = proxied
    round_id, codes = load.new_round(c.env, 2)
    requests = browser.RequestLog()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with browser.browser_page(requests) as page:
        browser.sign_in(page, c.url, PEOPLE["viewer"], PASSWORD)
        browser.wait_until_drawn(page, min_charts=1)
        page.screenshot(path=str(SCREENSHOTS / "cluster-overview.png"))
        assert page.locator(browser.ERROR_SELECTORS).count() == 0
        assert page.locator("h1").first.inner_text().strip() == registry.OVERVIEW.title
        page.get_by_role("link", name=registry.GOOD_BAD_REVIEWS.title).first.click()
        page.wait_for_url(f"**/{registry.GOOD_BAD_REVIEWS.url_path}**")
        browser.wait_until_drawn(page, min_charts=1)
        assert page.locator(browser.ERROR_SELECTORS).count() == 0
        route = [k["value"] for k in page.context.cookies() if k["name"] == cluster.ROUTE_COOKIE]
        assert len(route) == 1

        page.goto(f"{c.url}/{registry.BALLOT.url_path}", wait_until="domcontentloaded")
        browser.wait_until_drawn(page)
        page.get_by_label("测评码", exact=True).fill(codes[0])
        page.get_by_role("button", name="开始填写").click()
        page.locator('[data-testid="stButtonGroup"]').nth(29).wait_for(timeout=30000)
        groups = page.locator('[data-testid="stButtonGroup"]')
        for k in range(groups.count()):
            groups.nth(k).get_by_role("radio", name="8", exact=True).click()
        page.get_by_role("button", name="检查并预览").click()
        page.get_by_role("button", name="确认提交").click()
        page.get_by_text("测评表已提交").wait_for(timeout=30000)
        assert page.locator(browser.ERROR_SELECTORS).count() == 0
    assert load.integrity(c.env, round_id)["ballots_whole"] == 1
    assert requests.external() == [], requests.external()
    # every request of this browser, its websockets included, went to one process
    ports = {port for request, port, r in c.served_by() if r == route[0]}
    assert len(ports) == 1, c.served_by()
    assert Path(c.env["GOVDASH_AUDIT"]).read_text(encoding="utf-8").count('"sign_in"') == 1
