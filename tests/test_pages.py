"""Page tests with Streamlit's AppTest: the app runs and shows what the warehouse holds."""

from __future__ import annotations

import duckdb
from streamlit.testing.v1 import AppTest

from .conftest import ROOT

APP = str(ROOT / "app.py")


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    return at


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_home_page_shows_warehouse_counts(fixture_db, use_db):
    use_db(fixture_db)
    at = run_app()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "政务服务效能看板"
    assert metric_values(at) == {"来源文件": "1 份", "涉及地区": "2 个", "指标": "7 项", "数据": "9 条"}
    assert not at.error


def test_home_page_on_real_data_matches_the_warehouse(real_db, use_db):
    use_db(real_db)
    con = duckdb.connect(str(real_db), read_only=True)
    n_figures, n_indicators = con.execute("SELECT count(*), count(DISTINCT indicator) FROM facts").fetchone()
    con.close()
    at = run_app()
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
