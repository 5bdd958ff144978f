"""Access under AppTest: what each role may open, what a refused visitor sees, the anonymous score
sheet, the meeting screen's key; and the tester's findings on links (injection through every URL
parameter, 20,000 names in one link, odd agenda and snapshot names, no server paths in messages)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from govdash.accounts import gate
from govdash.accounts.store import Account, AccountStore
from govdash.config import ROOT
from govdash.desk import filters, registry
from tests.app.test_pages import APP, open_page

pytestmark = pytest.mark.app

# Markup from a payload that was not escaped: an image, a link to anything but a path on this
# server (the app's own links are "/sign-in…", "./sources…" or "sources?…": no scheme, no "//"),
# a tag, a plain host or URL.
_NOT_LOCAL = r"(?=[a-z][a-z0-9+.\-]*:|//)"
RAW_MARKUP = re.compile(rf"(?<!\\)(?:!\[|\]\({_NOT_LOCAL}|<img|<a\s[^>]*href=[\"']?{_NOT_LOCAL}|http:/|evil\.ex)",
                        re.IGNORECASE)
PAYLOADS = ["![](http://evil.example/track.png)", "[点这里](http://evil.example/x)", "<img src=http://evil.example/y.png>"]


def url_parameters() -> set[str]:
    """Every URL parameter the product reads, found in its source, so a new one cannot escape the walk."""
    found = set()
    for path in [ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "govdash").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"(?:query_params|params|qp)\.get\(\"([a-z_]+)\"", text))
        found |= set(re.findall(r"query_params\[\"([a-z_]+)\"\]", text))
    return found


def shown_text(at: AppTest) -> tuple[list[str], list[str]]:
    """(Markdown sources, HTML bodies) of everything the run drew, sidebar included."""
    markdown = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "header",
                                     "subheader", "toast")
                for e in at.get(kind) + at.sidebar.get(kind) if isinstance(getattr(e, "value", None), str)]
    markdown += [e.label for e in at.get("expander") if isinstance(getattr(e, "label", None), str)]
    html = [h.proto.body for h in at.get("html") + at.sidebar.get("html")]
    return markdown, html


def assert_nothing_leaks(at: AppTest, where: str) -> None:
    assert not at.exception, (where, [e.value for e in at.exception])
    markdown, html = shown_text(at)
    for text in markdown:  # md() escapes all of these: any one unescaped went through raw (or cut short)
        assert not RAW_MARKUP.search(text), (where, text)
    for body in html:
        lowered = body.lower()
        assert "<img src=http" not in lowered and "href=\"http://evil" not in lowered and "src=\"http://evil" not in lowered, \
            (where, body[:300])


def test_no_page_file_sits_directly_in_pages():
    """Streamlit's legacy routing (and AppTest) would run a file in pages/ on its own, past app.py's
    access gate; every page lives in a section folder and is reached only through st.navigation."""
    assert sorted(p.name for p in (ROOT / "pages").glob("*.py")) == []


def test_the_walk_knows_every_parameter():
    assert {"region", "year", "theme", "doubtful", "figure", "indicator", "evaluation", "agenda", "snapshot", "slides",
            "title", "slide", "pause", "interval", "start", "key", "next", "expired", "watchdog"} <= url_parameters()


@pytest.mark.parametrize("page", registry.PAGES, ids=[p.url_path for p in registry.PAGES])
def test_every_url_parameter_of_every_page_stays_text(real_db, use_db, page):
    """Each payload in every parameter the product reads, on every page: no markup, link or image
    from the link reaches the page (the browser walk checks the same with real requests)."""
    use_db(real_db)
    for payload in PAYLOADS:
        query = {name: payload for name in url_parameters()}
        at = open_page(page, query)
        assert_nothing_leaks(at, f"{page.url_path} {payload}")


def test_a_link_with_twenty_thousand_names_draws_one_message(real_db, use_db):
    use_db(real_db)
    names = ",".join(f"r{k}" for k in range(20_000))
    at = open_page(registry.OVERVIEW, {"region": names})
    assert not at.exception
    warnings = [w.value for w in at.sidebar.warning]
    assert len(warnings) == 1, len(warnings)
    assert f"等 {filters.MAX_LINK_VALUES} 项" in warnings[0]
    assert at.sidebar.multiselect(key="f_regions").value == []


@pytest.mark.parametrize("param, value, message", [
    ("agenda", "America", "议程「America」不存在"),
    ("agenda", "长" * 20, "不存在"),
    ("agenda", "../../etc/passwd", "不存在"),
    ("snapshot", "America", "快照「America」不存在"),
    ("snapshot", "长" * 20, "不存在"),
])
def test_odd_agenda_and_snapshot_names_are_explained(real_db, use_db, tmp_path, monkeypatch, param, value, message):
    use_db(real_db)
    monkeypatch.setenv("GOVDASH_AGENDAS", str(tmp_path / "agendas"))
    monkeypatch.setenv("GOVDASH_SNAPSHOTS", str(tmp_path / "snapshots"))
    (tmp_path / "agendas" / "America").mkdir(parents=True)  # a directory where a file is looked for
    (tmp_path / "snapshots" / "America").mkdir(parents=True)
    at = open_page(registry.MEETING, {param: value})
    assert not at.exception, [e.value for e in at.exception]
    errors = " ".join(e.value for e in at.error)
    assert message in errors.replace("\\", ""), errors
    assert str(tmp_path) not in errors and str(ROOT) not in errors


def test_messages_name_no_server_paths(tmp_path, use_db):
    use_db(tmp_path / "deep" / "absent.duckdb")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    text = " ".join(e.value for e in at.error)
    assert "make data" in text and str(tmp_path) not in text and "/deep/" not in text.replace("\\", "")


def roles_pages(role: str | None) -> set[registry.Page]:
    user = Account("某人", role) if role else None
    return {p for p in registry.PAGES if gate.may_open(p, user)}


def test_roles_open_what_the_registry_grants():
    everyone = {registry.BALLOT, registry.SIGN_IN}
    desk = {p for p in registry.PAGES if p.needs == "desk"} | {registry.MEETING}
    assert roles_pages(None) == everyone
    assert roles_pages("viewer") == everyone | desk
    assert roles_pages("curator") == everyone | desk | {p for p in registry.PAGES if p.needs == "curator"}
    assert roles_pages("organiser") == everyone | desk | {registry.ROUNDS}
    assert roles_pages("admin") == set(registry.PAGES)


@pytest.mark.parametrize("role, page", [("viewer", registry.ROUNDS), ("viewer", registry.ADMIN_ACCOUNTS),
                                        ("organiser", registry.ADMIN_AUDIT), ("curator", registry.ROUNDS)])
def test_a_forbidden_page_shows_a_message_and_nothing_of_the_page(real_db, use_db, signed_in, role, page):
    use_db(real_db)
    signed_in(Account("某人", role))
    at = open_page(page)
    assert not at.exception
    assert len(at.error) == 1 and "没有打开" in at.error[0].value and page.title in at.error[0].value, \
        [e.value for e in at.error]
    assert not at.text_input and not at.button and not at.dataframe  # nothing of the page itself


def test_signed_out_visitors_are_sent_to_sign_in(real_db, use_db, signed_in):
    use_db(real_db)
    signed_in(None)
    at = open_page(registry.RANKINGS)
    assert not at.exception
    assert "请先登录" in at.info[0].value and "/sign-in?next=/rankings" in at.info[0].value
    assert not at.get("plotly_chart") and not at.dataframe


def test_desk_may_be_opened_without_sign_in_when_configured(real_db, use_db, signed_in, monkeypatch):
    use_db(real_db)
    signed_in(None)
    monkeypatch.setenv("GOVDASH_SIGN_IN", "optional")
    at = open_page(registry.RANKINGS)
    assert not at.exception and not any("请先登录" in i.value for i in at.info)
    assert at.get("plotly_chart")
    assert "请先登录" in open_page(registry.ROUNDS).info[0].value  # roles still apply


def test_the_score_sheet_needs_no_account(real_db, use_db, signed_in):
    use_db(real_db)
    signed_in(None)
    at = open_page(registry.BALLOT)
    assert not at.exception and not at.error
    assert [t.label for t in at.text_input] == ["测评码"]


def test_meeting_screen_needs_a_key_or_a_sign_in(real_db, use_db, signed_in):
    use_db(real_db)
    signed_in(None)
    key = AccountStore().issue_screen_key("三楼会议室", "管理员")

    def meeting(query):  # through app.py, as the server does (open_page runs it first)
        return open_page(registry.MEETING, query)

    refused = meeting({"key": key[:-1] + ("x" if key[-1] != "x" else "y")})
    assert "请先登录" in refused.info[0].value and not refused.get("html")
    shown = meeting({"key": key, "pause": "1"})
    assert not shown.exception and not shown.error
    assert "已暂停" in "\n".join(h.proto.body for h in shown.get("html"))
    AccountStore().revoke_screen_key(AccountStore().screen_keys()["key_hash"].iloc[0])
    assert "请先登录" in meeting({"key": key}).info[0].value


def test_an_account_the_admin_adds_is_in_the_list_at_once(fixture_db, use_db, ballots_file):
    """The list above the forms was drawn before the form's change was made: a new account showed
    only at the next click. A change now reruns the page, with the message kept for that run."""
    use_db(fixture_db)
    at = open_page(registry.ADMIN_ACCOUNTS)
    assert not at.exception, [e.value for e in at.exception]
    next(t for t in at.text_input if t.label == "账户名").set_value("新同事")
    next(t for t in at.text_input if t.label.startswith("初始密码")).set_value("long-enough-1")
    next(b for b in at.button if b.label == "新建").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    listed = next(d.value for d in at.dataframe if "账户名" in d.value.columns)
    assert "新同事" in list(listed["账户名"])
    assert any("已保存：新同事" in s.value for s in at.success), [s.value for s in at.success]
    assert AccountStore(ballots_file.with_name("accounts.duckdb")).account("新同事").role == "viewer"
