"""A running server shows a rebuilt warehouse at the very next page load: the warehouse file it
serves is rebuilt by the build command (what `make data` and a publish run) with one more figure
and one changed figure, while the server holds the old build open; no restart, no waiting."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from govdash.desk import registry
from tests.browser.conftest import SCREENSHOTS, server_with_people, sign_in_as
from tests.support import FIXTURE_DATA, ROOT, require_chromium
from tools import browser

pytestmark = pytest.mark.browser

# One more figure the fixture's source text gives (the 整改前 side of 7889% → 9506%) …
EXTRA_FIGURE = ("900-0010,好差评主动评价率,测试区,,2021年,year,2021-01-01,2021-12-31,78.89,%,,,exact,整改前,"
                "好差评主动评价率由7889%提升至9506%,原文7889%脱小数点，读作78.89%,2,,\n")
# … and a changed one.
CHANGED = (",95.06,%,", ",96.5,%,")
VERSION = re.compile(r"当前数据版本：(\S+ \S+) 生成，收录 (\d+) 份文件、(\d+) 条整理数据（输入指纹 (\w+)）")


def build_with_command(data, db) -> None:
    done = subprocess.run([sys.executable, "-m", "govdash.warehouse.build", "--data", str(data), "--db", str(db)],
                          cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def about_version(page, url: str) -> tuple[str, int, int, str]:
    page.goto(f"{url}/{registry.ABOUT.url_path}", wait_until="domcontentloaded")
    browser.wait_until_drawn(page, min_charts=1)
    found = VERSION.search(page.locator('[data-testid="stMain"]').inner_text())
    assert found, page.locator('[data-testid="stMain"]').inner_text()[:500]
    return found.group(1), int(found.group(2)), int(found.group(3)), found.group(4)


def meeting_body(page, url: str) -> str:
    page.goto(f"{url}/{registry.MEETING.url_path}?slides=好差评&pause=1", wait_until="domcontentloaded")
    browser.wait_for_meeting(page)
    return page.locator(".mtg-body").inner_text()


def test_the_next_page_load_after_a_rebuild_shows_the_new_build(tmp_path):
    require_chromium()
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    live = tmp_path / "live.duckdb"
    build_with_command(data, live)
    requests = browser.RequestLog()
    with server_with_people(live, tmp_path / "server") as srv, browser.browser_page(requests) as page:
        sign_in_as(page, srv, "viewer", f"/{registry.ABOUT.url_path}")
        built, documents, figures, fingerprint = about_version(page, srv.url)
        assert (documents, figures) == (1, 9)
        assert "95.06" in meeting_body(page, srv.url)  # the server now holds the first build open

        figures_csv = data / "curated" / "figures" / "900.csv"
        text = figures_csv.read_text(encoding="utf-8")
        figures_csv.write_text(text.replace(*CHANGED) + EXTRA_FIGURE, encoding="utf-8")
        build_with_command(data, live)

        # the very next page loads, without a pause: the new build
        new_built, documents, figures, new_fingerprint = about_version(page, srv.url)
        assert (documents, figures) == (1, 10) and new_fingerprint != fingerprint and new_built >= built
        page.screenshot(path=str(SCREENSHOTS / "about-after-rebuild.png"))
        body = meeting_body(page, srv.url)
        assert "96.5" in body and "95.06" not in body
        assert page.locator(browser.ERROR_SELECTORS).count() == 0
    assert requests.external() == []
