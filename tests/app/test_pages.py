"""Page tests with Streamlit's AppTest: the app runs and shows what the warehouse holds."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from govdash.desk import registry
from tests.support import ROOT, rendered

APP = str(ROOT / "app.py")


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    return at


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_home_page_shows_warehouse_counts(fixture_db, use_db):
    use_db(fixture_db)
    at = open_page(registry.ABOUT)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "政务服务效能看板"
    assert metric_values(at) == {"来源文件": "1 份", "涉及地区": "2 个", "指标": "7 项", "数据": "9 条"}
    assert not at.error


def test_home_page_on_real_data_matches_the_warehouse(real_db, use_db):
    use_db(real_db)
    con = duckdb.connect(str(real_db), read_only=True)
    n_figures, n_indicators = con.execute("SELECT count(*), count(DISTINCT indicator) FROM facts").fetchone()
    con.close()
    at = open_page(registry.ABOUT)
    assert not at.exception, [e.value for e in at.exception]
    values = metric_values(at)
    assert values["来源文件"] == "5 份"
    assert values["数据"] == f"{n_figures} 条"
    assert values["指标"] == f"{n_indicators} 项"
    # the sample table shows qualified values as bounds, never bare
    sample = at.dataframe[1].value
    assert {"数值", "原文引文"} <= set(sample.columns) or {"数值", "evidence"} <= set(sample.columns)


def test_missing_warehouse_shows_chinese_message(tmp_path, use_db):
    use_db(tmp_path / "absent.duckdb")
    at = run_app()
    assert not at.exception
    assert "数据仓库" in at.error[0].value and "make data" in at.error[0].value


def test_a_warehouse_built_by_an_older_program_shows_what_to_run(fixture_data, tmp_path, use_db):
    """After an upgrade run without `make data` (a service restarted by hand): 总览's queries ask for a
    macro the old file lacks. The leader sees what to run, in Chinese, not an exception."""
    from govdash.warehouse import build
    from tests.data.test_gateway import make_outdated

    path = tmp_path / "dashboard.duckdb"
    build.build(fixture_data, path)
    make_outdated(path)
    use_db(path)
    at = run_app()
    assert not at.exception, [e.value for e in at.exception]
    assert any("较早版本的程序构建" in e.value and "make data" in e.value for e in at.error), [e.value for e in at.error]


PAGES = [p for p in registry.PAGES if p != registry.MEETING]  # the meeting screen has its own tests


def open_page(page: registry.Page, query: dict | None = None, opened: tuple[str, ...] = ()) -> AppTest:
    """The page as a new visitor sees it; `opened` names expanders (components.on_open keys) to open."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key in opened:
        at.session_state[f"{key}_open"] = True
    at.run()
    if not page.is_default:
        at.switch_page(page.script)
        at.run()
    return at


def table_regions(at: AppTest) -> set[str]:
    regions = set()
    for df in at.dataframe:
        frame = df.value
        if "region" in frame.columns:
            regions |= set(frame["region"])
    return regions


@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_runs(real_db, use_db, page):
    use_db(real_db)
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title, "page has no title"


def test_region_filter_changes_the_theme_page(real_db, use_db):
    use_db(real_db)
    assert not table_regions(open_page(registry.GOOD_BAD_REVIEWS)), "the figures table is built only when opened"
    at = open_page(registry.GOOD_BAD_REVIEWS, opened=("好差评_all",))
    assert {"武汉经开区", "长沙市"} <= table_regions(at)
    at.sidebar.multiselect(key="f_regions").set_value(["长沙市"]).run()
    assert not at.exception
    assert table_regions(at) == {"长沙市"}
    assert at.query_params["region"] in ("长沙市", ["长沙市"])


def test_link_with_filters_opens_the_same_view(real_db, use_db):
    use_db(real_db)
    at = open_page(registry.GOOD_BAD_REVIEWS, {"region": "长沙市", "year": "2020-2021"}, opened=("好差评_all",))
    assert at.sidebar.multiselect(key="f_regions").value == ["长沙市"]
    assert at.sidebar.slider(key="f_years").value == (2020, 2021)
    assert table_regions(at) == {"长沙市"}


def test_unknown_region_in_link_is_explained(real_db, use_db):
    use_db(real_db)
    at = open_page(registry.OVERVIEW, {"region": "火星市"})
    assert not at.exception
    assert any("火星市" in w.value for w in at.sidebar.warning)


def test_empty_selection_explains_itself(real_db, use_db):
    use_db(real_db)
    at = open_page(registry.RANKINGS, {"region": "兰州市"})
    assert not at.exception
    assert any("没有排名数据" in i.value and "兰州市" in i.value for i in at.info)


def test_rank_sentences_are_generated(real_db, use_db):
    use_db(real_db)
    at = open_page(registry.RANKINGS)
    text = "\n".join(m.value for m in at.markdown)
    assert "四办改革月度排名｜武汉经开区" in text
    assert "较上期下降1位" in text and "连续两期排名后三位" in text  # ranks …, 14, 15 of 15
    assert "由第10名降至第80名" not in text  # 10 -> 80 is a before/after pair, shown as a trajectory
    # 濮阳县 was 10th of 103 in 2020; the text gives no total for 2021's 80th (issue 12): no change computed
    assert "较上期下降70位" not in text and "上期为第10名（参评总数原文未说明，名次变化不可直接比较）" in text


def test_evidence_link_opens_the_sentence(real_db, use_db):
    use_db(real_db)
    at = open_page(registry.SOURCES, {"figure": "000-0082"})
    assert not at.exception
    assert any("覆盖率仅有7.25%" in rendered(s.value) for s in at.success), [s.value for s in at.success]


def table_labels(at: AppTest) -> list[str]:
    return [label for df in at.dataframe if "label" in df.value.columns for label in df.value["label"]]


def test_hiding_doubtful_figures_is_one_switch_in_the_url(real_db, use_db):
    use_db(real_db)
    at = open_page(registry.GOOD_BAD_REVIEWS, opened=("好差评_all",))
    assert any("（存疑）" in label for label in table_labels(at))
    at.sidebar.toggle(key="f_hide_doubtful").set_value(True).run()
    assert not at.exception
    assert table_labels(at) and not any("存疑" in label for label in table_labels(at))
    assert at.query_params["doubtful"] in ("hide", ["hide"])
    # the link opens the same view
    linked = open_page(registry.GOOD_BAD_REVIEWS, {"doubtful": "hide"}, opened=("好差评_all",))
    assert linked.sidebar.toggle(key="f_hide_doubtful").value is True
    assert not any("存疑" in label for label in table_labels(linked))


def test_overview_opens_with_the_key_indicators_of_each_theme(real_db, use_db):
    use_db(real_db)
    at = open_page(registry.OVERVIEW)
    assert not at.exception and not at.error
    cards = next(h.proto.body for h in at.get("html") if "kc-grid" in h.proto.body)
    # every card names its indicator and region, its value, period and source; the four themes in order
    assert "好差评主动评价率 · 武汉经开区" in cards and "双随机一公开抽查覆盖率 · 武汉经开区" in cards
    rate = cards[cards.index("好差评主动评价率 · 武汉经开区"):]
    rate = rate[:rate.index("</div></div>")]
    assert "92.99%" in rate and "-1.08 个百分点" in rate and "2021年第2季度（94.07%）" in rate and "来源 000" in rate
    assert cards.index(">一网通办") < cards.index(">好差评") < cards.index(">互联网+监管") < cards.index(">营商环境")
    assert "存疑</span>" in cards  # 99.6%以上 of 兰州's windows is doubtful
    text = "\n".join(m.value for m in at.markdown)
    assert "四办改革月度排名｜武汉经开区" in text and "下降 1 位" in text  # where the region is behind


def test_theme_page_cards_name_their_region(real_db, use_db):
    use_db(real_db)
    at = open_page(registry.GOOD_BAD_REVIEWS)
    assert "好差评主动评价率｜武汉经开区" in [m.label for m in at.metric]
