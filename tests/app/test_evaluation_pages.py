"""AppTest for the 评议 pages: the window-unit comparison, and a whole 民主评议 round: create it,
issue codes, fill in score sheets (incomplete, then complete), reuse a code, read the results."""

from __future__ import annotations

import random

import duckdb
import pandas as pd
from streamlit.testing.v1 import AppTest

from govdash.desk import registry
from govdash.evaluation import ballot_box as ballots
from govdash.evaluation import codes, rounds
from govdash.evaluation import organiser as organiser_ui
from govdash.vocabulary import GRADE_LABELS
from tests.app.test_pages import APP, open_page
from tests.support import rendered

PASSWORD = "pingyi2017"


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click()
    return at.run()


def graded_units(db_path) -> dict[str, str]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute("SELECT org_unit, value FROM facts WHERE indicator = '民主评议等次' AND doc_no = '003'").fetchall()
    finally:
        con.close()
    return {unit: GRADE_LABELS[int(value)] for unit, value in rows}


def test_window_units_page_shows_every_unit_and_its_grade(real_db, use_db):
    use_db(real_db)
    expected = graded_units(real_db)
    assert len(expected) == 6
    at = open_page(registry.WINDOW_UNITS)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert at.title[0].value == "窗口单位评议"
    scorecard = next(m.value for m in at.markdown if "govdash-scorecard" in m.value)
    for unit, grade in expected.items():
        row = scorecard.split(f">{unit}</th>")[1].split("</tr>")[0]
        assert f">{grade}</a>" in row, unit
    assert "4 等次" not in scorecard and ">4</a>" not in scorecard  # grades read as words
    con = duckdb.connect(str(real_db), read_only=True)
    ids = {r[0] for r in con.execute(
        "SELECT figure_id FROM facts WHERE doc_no = '003' AND org_unit IN (SELECT unnest($u))", {"u": list(expected)}
    ).fetchall()}
    con.close()
    assert {registry.evidence_link(i) for i in ids} <= set(scorecard.split('href="')[i].split('"')[0]
                                                        for i in range(1, scorecard.count('href="') + 1))
    grades_text = "\n".join(m.value for m in at.markdown if m.value.startswith("**"))
    for grade in set(expected.values()):
        members = sorted(u for u, g in expected.items() if g == grade)
        assert f"**{grade}**（{len(members)} 家）" in grades_text
    assert at.query_params["evaluation"] in ("003-兰州市-2017", ["003-兰州市-2017"])
    assert len(at.get("plotly_chart")) >= 3


def test_window_units_page_explains_an_empty_selection(fixture_db, use_db):
    use_db(fixture_db)
    at = open_page(registry.WINDOW_UNITS)
    assert not at.exception
    assert any("没有窗口单位评议" in i.value for i in at.info)


def create_round(at: AppTest) -> AppTest:
    """On 评议组织: fill the 新建评议 form (units come from the warehouse) and create the round."""
    form = {t.label: t for t in at.text_input}
    form["评议名称"].set_value("2017年度窗口单位民主评议（测试）")
    form["组织者密码"].set_value(PASSWORD)
    form["再次输入密码"].set_value(PASSWORD)
    return click(at, "创建评议")


def fill_sheet(at: AppTest, spec: rounds.RoundSpec, scores: dict) -> AppTest:
    for i, unit in enumerate(spec.units):
        for j, criterion in enumerate(spec.criteria):
            value = scores.get((unit, criterion))
            if value is not None:
                at.segmented_control(key=f"ballot_score_{i}_{j}").set_value(value)
    return click(at, "检查并预览")


def enter_code(at: AppTest, code: str) -> AppTest:
    at.text_input[0].set_value(code)
    return click(at, "开始填写")


def test_round_codes_ballots_results(real_db, use_db, ballots_file):
    use_db(real_db)
    units = sorted(graded_units(real_db))
    at = open_page(registry.ROUNDS)
    assert not at.exception, [e.value for e in at.exception]
    assert sorted(rounds.parse_names(at.text_area[0].value)) == units  # units taken from the warehouse

    # a bad form is explained and nothing is stored
    at.text_area[3].set_value("优秀 9\n良好 9.5\n较差")
    at = create_round(at)
    assert "「良好」的最低平均分 9.5 应低于「优秀」的 9" in rendered(at.error[0].value)
    assert ballots.store().rounds().empty
    at.text_area[3].set_value(rounds.DEFAULT_GRADES_TEXT)
    at = create_round(at)
    assert not at.exception and not at.error, [e.value for e in at.error]
    store = ballots.store()
    (round_id,) = store.rounds()["round_id"]
    spec = store.round(round_id).spec
    assert sorted(spec.units) == units and spec.criteria == rounds.DEFAULT_CRITERIA

    # issue codes: shown once, with a CSV download
    at.number_input(key=f"rounds_count_{round_id}_0").set_value(3)
    at.number_input(key=f"rounds_count_{round_id}_1").set_value(4)
    at = click(at, "生成测评码")
    codes_frame = next(d.value for d in at.dataframe if "测评码" in d.value.columns)
    assert list(codes_frame["分组"]) == ["企业代表"] * 3 + ["政协委员"] * 4
    issued = list(codes_frame["测评码"])
    assert all(codes.looks_like_code(c) for c in issued)
    assert any("只在这里显示这一次" in w.value for w in at.warning)

    # an evaluator: incomplete sheet -> message naming unit and criterion, code still unused
    at.switch_page(registry.BALLOT.script)
    at.run()
    at = enter_code(at, issued[0].lower())
    assert not at.error, [e.value for e in at.error]
    rng = random.Random(4)
    sheet = {(u, c): rng.randint(6, 10) for u in spec.units for c in spec.criteria}
    partial = dict(sheet)
    partial[(spec.units[1], "廉洁自律")] = None
    at = fill_sheet(at, spec, partial)
    assert f"「{spec.units[1]}」还有 1 项未打分：廉洁自律" in at.error[0].value
    assert store.rounds().iloc[0]["codes_used"] == 0

    # complete it, review, submit
    at = fill_sheet(at, spec, sheet)
    review = next(m.value for m in at.markdown if m.value.startswith(f"**{spec.units[0]}**"))
    assert f"服务态度 **{sheet[(spec.units[0], '服务态度')]}**" in review
    at = click(at, "确认提交")
    assert "测评表已提交" in at.success[0].value
    assert store.rounds().iloc[0][["codes_used", "ballots_in"]].tolist() == [1, 1]

    # the same code again is refused
    at = click(at, "填写下一张（新的测评码）")
    at = enter_code(at, issued[0])
    assert at.error[0].value == ballots.REFUSED
    assert store.rounds().iloc[0]["ballots_in"] == 1

    # the other evaluators (straight into the store), then the organiser reads the results
    sheets = [sheet]
    for code in issued[1:6]:  # issued[6] stays unused
        sheets.append({(u, c): rng.randint(5, 10) for u in spec.units for c in spec.criteria})
        store.submit_ballot(code, sheets[-1])
    organiser = AppTest.from_file(APP, default_timeout=60)
    organiser.run()
    organiser.switch_page(registry.ROUNDS.script)
    organiser.run()
    assert not any("测评码" in d.value.columns for d in organiser.dataframe)  # locked: nothing shown
    organiser.text_input[0].set_value("wrong-password")
    organiser = click(organiser, "进入管理")
    assert organiser.error[0].value == "组织者密码不正确。"
    organiser.text_input[0].set_value(PASSWORD)
    organiser = click(organiser, "进入管理")
    # while the round is open, no results: watching them change would reveal each new sheet
    assert not any("综合平均分" in d.value.columns for d in organiser.dataframe)
    assert any(organiser_ui.RESULTS_AFTER_CLOSE in i.value for i in list(organiser.info) + list(organiser.caption)), \
        [i.value for i in organiser.info]
    organiser = click(organiser, "结束测评")
    assert not organiser.exception, [e.value for e in organiser.exception]
    metrics = {m.label: m.value for m in organiser.metric}
    assert metrics["已收测评表"] == "6 张" and metrics["状态"] == "已结束"
    summary = next(d.value for d in organiser.dataframe if "综合平均分" in d.value.columns).set_index("单位")
    per_ballot = pd.DataFrame([{"unit": u, "mean": sum(s[(u, c)] for c in spec.criteria) / len(spec.criteria)}
                               for s in sheets for u in spec.units]).groupby("unit")["mean"].mean()
    for unit in spec.units:
        assert summary.loc[unit, "综合平均分"] == round(per_ballot[unit], 2)
        assert summary.loc[unit, "等次"] == rounds.grade_for(round(per_ballot[unit], 2), spec.grades)
        assert summary.loc[unit, "测评表（张）"] == 6
    assert len(organiser.get("plotly_chart")) == 2

    # the round is closed: an unused code is refused too
    at.text_input[0].set_value(issued[6])
    at = click(at, "开始填写")
    assert at.error[0].value == ballots.REFUSED
    assert store.rounds().iloc[0]["ballots_in"] == 6


def test_score_sheet_pages_work_before_the_warehouse_is_built(tmp_path, use_db):
    use_db(tmp_path / "absent.duckdb")
    for page in (registry.BALLOT, registry.ROUNDS):
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        at.switch_page(page.script)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert not at.error, [e.value for e in at.error]
        assert not at.sidebar.multiselect  # no shared filters on these pages
    assert at.text_area[0].value == ""  # no warehouse: no units to start from

