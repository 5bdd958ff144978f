"""Every page of the app in one place: its file, URL path, title, navigation section, whether the
shared sidebar filters apply, and who may open it (`needs`). app.py builds st.navigation from it,
listing only what the signed-in user may open; links, the benchmark and the tests read URL paths
from here, so no other file spells a page's URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govdash.config import ROOT

PAGES_DIR = ROOT / "pages"


@dataclass(frozen=True)
class Page:
    file: str           # under pages/
    url_path: str       # the path after the host ("" is never used: the default page has its own)
    title: str
    section: str        # the navigation heading it is listed under
    uses_filters: bool = True   # the shared sidebar filters (region, year, theme) apply
    is_default: bool = False    # opened at "/"
    is_listed: bool = True      # shown in the navigation (the meeting screen is opened by its URL)
    # Who may open it: "public" (anyone, no sign-in: 测评表, 登录), "desk" (a signed-in user of any
    # role, or anyone when config.desk_needs_sign_in() is off), "screen" (a signed-in user or a
    # screen key in the link), or the role it needs: "curator", "organiser", "admin".
    needs: str = "desk"

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.file

    @property
    def script(self) -> str:
        """The page file as st.switch_page and AppTest.switch_page name it: pages/desk/overview.py."""
        return f"pages/{self.file}"

    @property
    def link(self) -> str:
        """Relative link to the page, as written in Markdown and HTML on another page."""
        return f"./{self.url_path}"


OVERVIEW = Page("desk/overview.py", "overview", "总览", "看板", is_default=True)
ONE_NETWORK = Page("desk/one_network.py", "one-network", "一网通办", "专题")
GOOD_BAD_REVIEWS = Page("desk/good_bad_reviews.py", "good-bad-reviews", "好差评", "专题")
SUPERVISION = Page("desk/supervision.py", "supervision", "互联网+监管", "专题")
COMPLAINTS = Page("desk/complaints.py", "complaints", "投诉与热线", "专题")
RANKINGS = Page("desk/rankings.py", "rankings", "排名", "分析")
COMPARE = Page("desk/compare.py", "compare", "地区对比", "分析")
RECTIFICATION = Page("desk/rectification.py", "rectification", "整改台账", "分析")
# The 测评表 and 评议组织 pages read only the ballot box: the shared filters would mean nothing
# there (and confuse an evaluator on a phone), and they work before the warehouse exists.
WINDOW_UNITS = Page("evaluation/window_units.py", "window-units", "窗口单位评议", "评议")
BALLOT = Page("evaluation/ballot.py", "ballot", "测评表", "评议", uses_filters=False, needs="public")
ROUNDS = Page("evaluation/rounds.py", "rounds", "评议组织", "评议", uses_filters=False, needs="organiser")
SOURCES = Page("desk/sources.py", "sources", "数据来源", "数据")
ABOUT = Page("desk/about.py", "about", "数据概况", "数据")
# 数据导入: curators bring new reports in (review queue, publish).
INTAKE = Page("curator/intake.py", "intake", "数据导入", "数据", uses_filters=False, needs="curator")
# A screen for a room: no sidebar, no shared filters, not in the desk navigation.
MEETING = Page("meeting/screen.py", "meeting", "会议大屏", "数据", uses_filters=False, is_listed=False, needs="screen")
# Accounts: signing in (listed only to those not signed in), and the admin's pages.
SIGN_IN = Page("account/sign_in.py", "sign-in", "登录", "账户", uses_filters=False, needs="public")
ADMIN_ACCOUNTS = Page("admin/accounts.py", "admin-accounts", "账户与大屏密钥", "管理", uses_filters=False, needs="admin")
ADMIN_AUDIT = Page("admin/audit.py", "admin-audit", "审计日志", "管理", uses_filters=False, needs="admin")

PAGES: tuple[Page, ...] = (OVERVIEW, ONE_NETWORK, GOOD_BAD_REVIEWS, SUPERVISION, COMPLAINTS, RANKINGS, COMPARE,
                           RECTIFICATION, WINDOW_UNITS, BALLOT, ROUNDS, SOURCES, ABOUT, INTAKE, MEETING, SIGN_IN,
                           ADMIN_ACCOUNTS, ADMIN_AUDIT)


def sections() -> dict[str, list[Page]]:
    """Pages by navigation section, in registry order."""
    out: dict[str, list[Page]] = {}
    for page in PAGES:
        out.setdefault(page.section, []).append(page)
    return out


def by_url_path(url_path: str) -> Page | None:
    return next((p for p in PAGES if p.url_path == url_path), None)


def evidence_link(figure_id: str) -> str:
    """The link that opens a figure's sentence in 数据来源."""
    return f"{SOURCES.link}?figure={figure_id}"
