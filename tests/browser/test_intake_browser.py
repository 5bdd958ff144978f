"""数据导入 in Debian's chromium, as a new curator does it: one of the seed documents uploaded as if
it were new (on a warehouse built without it), reviewed, published, and then seen on the desk
pages and the meeting screen of the same running server, without a restart."""

from __future__ import annotations

import time

import duckdb
import pytest

from govdash.desk import registry
from govdash.intake.panels import EDITOR_COLUMNS
from govdash.warehouse import build
from tests.browser.conftest import PASSWORD, PEOPLE, SCREENSHOTS, sign_in_as
from tests.data.test_intake_review import SEED, data_without
from tests.support import ROOT, require_chromium
from tools import browser

pytestmark = pytest.mark.browser


# Streamlit's data grid draws on a canvas: cells are reached by position. Columns declared
# width="small" are 75 px wide, header and rows 35 px high (the intake grid's first four columns,
# 编号 接受 拒绝 问题, are all small).
SMALL_COLUMN_PX, ROW_PX = 75, 35


def grid_point(box: dict, column: int, row: int) -> tuple[float, float]:
    """The middle of a cell among the grid's leading small columns (column 0 = 编号, row 1 = first row)."""
    return box["x"] + SMALL_COLUMN_PX * column + SMALL_COLUMN_PX / 2, box["y"] + ROW_PX * row + ROW_PX / 2


def review_grid(page, saves: int):
    """The review grid as drawn after `saves` saves. Each save draws a new grid (its widget key, and
    so its container's `st-key-…` class, ends in the count), and a click that lands on the old one
    while it is being replaced selects nothing: wait for this one, drawn, before touching it."""
    css = f'[class*="st-key-intake_editor_"][class*="_{saves} "] [data-testid="stDataFrame"]'
    grid = page.locator(css)
    grid.locator("canvas").first.wait_for(timeout=30000)
    browser.wait_until_drawn(page)
    grid.scroll_into_view_if_needed()
    return grid


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def test_a_curator_uploads_reviews_and_publishes_and_every_page_shows_it(tmp_path):
    require_chromium()
    data = data_without(tmp_path / "data")
    db = tmp_path / "dashboard.duckdb"
    build.build(data, db)
    env = browser.private_files(tmp_path / "files", GOVDASH_DATA=str(data), GOVDASH_INTAKE=str(tmp_path / "intake"))
    browser.add_account(env, PEOPLE["curator"], "curator", PASSWORD)
    requests = browser.RequestLog()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with browser.streamlit_server(db, tmp_path, env=env) as srv, browser.browser_page(requests) as page:
        sign_in_as(page, srv, "curator", f"/{registry.ABOUT.url_path}")
        assert "4 份" in main_text(page)
        page.goto(f"{srv.url}/", wait_until="domcontentloaded")
        browser.wait_until_drawn(page, min_charts=1)
        assert "濮阳县" not in main_text(page)

        page.goto(f"{srv.url}/{registry.INTAKE.url_path}", wait_until="domcontentloaded")
        browser.wait_until_drawn(page)
        started = time.monotonic()
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(ROOT / "data" / "sources" / SEED))
        page.get_by_role("button", name="导入并提取数据").click()
        page.get_by_text("候选数据（").wait_for(timeout=60000)
        browser.wait_until_drawn(page)
        page.screenshot(path=str(SCREENSHOTS / "intake-review.png"))
        assert "已审 0 / " in main_text(page)
        page.get_by_role("button", name="确认文件信息").click()
        page.get_by_text("（已确认）").wait_for(timeout=30000)
        browser.wait_until_drawn(page)

        # in the grid itself: tick 接受 on row 1, then fix row 3's unit (条 → 人, the build's rule names it)
        # by keyboard; each saves at once and is checked again with the build's rules
        box = review_grid(page, saves=0).bounding_box()
        assert "接受全部无问题的待审数据（29 条）" in main_text(page)  # the grid itself is a canvas: no text to read
        page.mouse.click(*grid_point(box, column=1, row=1))  # 接受 of row 1
        page.get_by_text("已保存 1 条").wait_for(timeout=15000)
        browser.wait_until_drawn(page)
        assert "已审 1 / 43" in main_text(page) and "接受全部无问题的待审数据（28 条）" in main_text(page)
        box = review_grid(page, saves=1).bounding_box()
        page.mouse.click(*grid_point(box, column=3, row=3))  # 问题 of row 3 (read-only: selects, changes nothing)
        for _ in range(list(EDITOR_COLUMNS).index("unit") - list(EDITOR_COLUMNS).index("problems")):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")  # opens the cell's editor, a textarea over the canvas
        # the grid's own cell editor (the page has another textarea, 或粘贴文字, that must not be typed into)
        editor = page.locator("textarea.gdg-input")
        editor.wait_for(timeout=5000)
        editor.fill("人")
        editor.press("Enter")
        # row 3 passes the build's rules now: one more clean row, one fewer with a problem
        page.get_by_role("button", name="接受全部无问题的待审数据（29 条）").wait_for(timeout=15000)
        browser.wait_until_drawn(page)
        assert "拒绝其余有问题的待审数据（13 条）" in main_text(page)
        page.get_by_role("button", name="接受全部无问题的待审数据").click()
        page.get_by_role("button", name="接受全部无问题的待审数据（0 条）").wait_for(timeout=30000)
        browser.wait_until_drawn(page)
        page.get_by_role("button", name="拒绝其余有问题的待审数据").click()
        page.get_by_role("button", name="全部拒绝").click()
        publish = page.get_by_role("button", name="发布")
        publish.wait_for(timeout=30000)
        browser.wait_until_drawn(page)
        page.locator('[data-testid="stMain"]').evaluate("el => el.scrollTo(0, el.scrollHeight)")
        page.screenshot(path=str(SCREENSHOTS / "intake-ready.png"))
        publish.click()
        page.get_by_text("已发布：").wait_for(timeout=90000)
        seconds = time.monotonic() - started
        browser.wait_until_drawn(page)
        page.screenshot(path=str(SCREENSHOTS / "intake-published.png"))
        assert page.locator(browser.ERROR_SELECTORS).count() == 0
        print(f"upload to published: {seconds:.1f} s")
        with duckdb.connect(str(db), read_only=True) as con:  # the grid's edit is what was published
            units = con.execute("SELECT unit FROM facts WHERE indicator = '营商环境工作人员数' AND region = '濮阳县' "
                                "AND year = 2021 AND value = 2").fetchall()
        assert units == [("人",)]

        # the same server, the next page loads: the new document everywhere
        page.goto(f"{srv.url}/{registry.ABOUT.url_path}", wait_until="domcontentloaded")
        browser.wait_until_drawn(page)
        assert "5 份" in main_text(page)
        page.goto(f"{srv.url}/", wait_until="domcontentloaded")
        browser.wait_until_drawn(page, min_charts=1)
        assert "濮阳县" in main_text(page)
        page.goto(f"{srv.url}/{registry.SOURCES.url_path}?figure=004-0001", wait_until="domcontentloaded")
        browser.wait_until_drawn(page)
        text = main_text(page)
        assert "濮阳县政务服务和大数据管理局" in text and f"{PEOPLE['curator']} 于" in text and "审核发布" in text
        page.screenshot(path=str(SCREENSHOTS / "intake-sources.png"))
        page.goto(f"{srv.url}/{registry.MEETING.url_path}?pause=1&slides=营商环境", wait_until="domcontentloaded")
        browser.wait_for_meeting(page)
        assert "濮阳县" in page.locator(".mtg-body").inner_text()
    assert requests.external() == [], requests.external()
    log = (tmp_path / "files" / "audit.jsonl").read_text(encoding="utf-8")
    assert '"action": "document_added"' in log and '"action": "document_published"' in log
