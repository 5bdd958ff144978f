"""Figure extraction on synthetic sentences written in the style of other reports of the genre
(12345热线运行分析, 好差评情况通报, 放管服整改通报, 行政审批局年度报告), never copied from
data/sources: the patterns must hold for reports the project has not seen."""

from __future__ import annotations

import datetime as dt

import pytest

from govdash.intake.catalogue import Catalogue, bigrams, unit_fit
from govdash.intake.extract import Candidate, extract
from govdash.intake.numbers import BOUND_BEFORE, kind_of_unit, percent_readings, rank_splits, year_prefix
from govdash.intake.numerals import cn_value
from govdash.intake.periods import damaged_dates, date_phrases
from govdash.vocabulary import QUALIFIER_BOUNDS, QUALIFIERS_AFTER_NUMBER

INDICATORS = [
    {"indicator": "12345热线接通率", "theme": "投诉与热线", "kind": "rate", "unit": "%",
     "definition": "12345热线人工接通的来电占呼入来电的比例"},
    {"indicator": "12345热线受理量", "theme": "投诉与热线", "kind": "count", "unit": "万件",
     "definition": "12345热线受理的群众诉求件数"},
    {"indicator": "好差评主动评价率", "theme": "好差评", "kind": "rate", "unit": "%",
     "definition": "办事群众主动评价数占评价总数的比例"},
    {"indicator": "差评整改率", "theme": "好差评", "kind": "rate", "unit": "%", "definition": "已整改差评占差评总数的比例"},
    {"indicator": "承办单位满意度排名", "theme": "投诉与热线", "kind": "rank", "unit": "名",
     "definition": "承办单位群众满意度在全市的排名"},
    {"indicator": "审批时限", "theme": "工程建设审批", "kind": "duration", "unit": "个工作日", "definition": "项目审批的时限"},
    {"indicator": "投诉件数", "theme": "投诉与热线", "kind": "count", "unit": "件", "definition": "收到的投诉件数"},
]
REGIONS = [{"region": "某市", "level": "市"}, {"region": "杭州市", "level": "市"}, {"region": "全国", "level": "国家"}]
META = {"published_on": dt.date(2023, 10, 20), "region": "某市", "doc_type": "工作总结"}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    examples = [{"indicator": "投诉件数", "evidence": "共收到群众投诉35件"}]
    return Catalogue(INDICATORS, REGIONS, examples)


def run(text: str, catalogue: Catalogue, **meta) -> list[Candidate]:
    return extract(text, catalogue, {**META, **meta})


def one(cands: list[Candidate], value: float) -> Candidate:
    found = [c for c in cands if c.value == value]
    assert len(found) == 1, [(c.value, c.evidence) for c in cands]
    return found[0]


def test_evidence_is_verbatim_with_offsets(catalogue):
    text = "一、总体情况\n第三季度，热线共受理群众诉求12.6万件，同比增长8.5%，人工接通率为93.4%。"
    cands = run(text, catalogue)
    assert [c.value for c in cands] == [12.6, 8.5, 93.4]
    for c in cands:
        assert text[c.evidence_start:c.evidence_end] == c.evidence
        assert c.evidence in c.sentence and c.sentence in text
    volume = one(cands, 12.6)
    assert (volume.unit, volume.kind, volume.indicator) == ("万件", "count", "12345热线受理量")
    assert (volume.period_label, volume.period_grain) == ("2023年第3季度", "quarter")
    assert one(cands, 93.4).indicator == "12345热线接通率"


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "kind"),
    [
        ("全年办理政务服务事项共计86万件。", 86, "万件", "count"),
        ("减免企业开办成本2.35亿元。", 2.35, "亿元", "money"),
        ("退回多收费用4800元。", 4800, "元", "money"),
        ("企业开办时间压缩至1个工作日。", 1, "个工作日", "duration"),
        ("平均等待时长为12分钟。", 12, "分钟", "duration"),
        ("工单平均办理用时36小时。", 36, "小时", "duration"),
        ("办件平均用时5天。", 5, "天", "duration"),
        ("新增自助终端40台。", 40, "台", "count"),
        ("组织业务培训12场次。", 12, "场次", "count"),
        ("走访企业85家。", 85, "家", "count"),
        ("服务群众2.3万人次。", 2.3, "万人次", "count"),
        ("新增经营主体1.2万户。", 1.2, "万户", "count"),
        ("满意度测评得分为92.5分，较上年提高1.5分。", 92.5, "分", "score"),
        ("接通率提高了2.6个百分点。", 2.6, "个百分点", "ratio"),
        ("清理证明材料六大类。", 6, "类", "count"),
        ("精简两项审批环节。", 2, "项", "count"),
    ],
)
def test_units_of_the_genre(catalogue, sentence, value, unit, kind):
    cand = one(run(sentence, catalogue), value)
    assert (cand.unit, cand.kind) == (unit, kind)


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier", "bound"),
    [
        ("评价总数超过120万条。", 120, "超过", "lower"),
        ("收到表扬信近百封。", 100, "近", "upper"),
        ("惠及企业约3500家。", 3500, "约", "approx"),
        ("累计注册用户逾80万人。", 80, "逾", "lower"),
        ("超时工单不足30件。", 30, "不足", "upper"),
        ("办结时限不到2个工作日。", 2, "不到", "upper"),
        ("受理量达42万件。", 42, "达", "exact"),
        ("满意率保持在98%以上。", 98, "以上", "lower"),
        ("每件平均用时3天左右。", 3, "左右", "approx"),
        ("办理时间控制在5个工作日以内。", 5, "以内", "upper"),
        ("发放宣传资料600余份。", 600, "余", "lower"),
        ("召开专题会议10多次。", 10, "多", "lower"),
        ("收到锦旗百余面。", 100, "余", "lower"),
    ],
)
def test_bound_words(catalogue, sentence, value, qualifier, bound):
    cand = one(run(sentence, catalogue), value)
    assert (cand.qualifier, cand.bound) == (qualifier, bound)


@pytest.mark.parametrize("word", sorted(BOUND_BEFORE))
def test_every_bound_word_of_the_vocabulary_is_read_before_a_number(catalogue, word):
    """Extraction reads the vocabulary's words (the ones the template offers and the build checks)."""
    cand = one(run(f"全年受理量{word}42万件。", catalogue), 42)
    assert (cand.qualifier, cand.bound) == (word, QUALIFIER_BOUNDS[word])


@pytest.mark.parametrize("word", [w for w in QUALIFIERS_AFTER_NUMBER if len(w) > 1])
def test_every_bound_word_of_the_vocabulary_is_read_after_a_number(catalogue, word):
    cand = one(run(f"接通率保持在95%{word}。", catalogue), 95)
    assert (cand.qualifier, cand.bound) == (word, QUALIFIER_BOUNDS[word])


@pytest.mark.parametrize(("unit", "kind"), [
    ("%", "rate"), ("名", "rank"), ("分", "score"), ("亿元", "money"), ("个工作日", "duration"), ("周", "duration"),
    ("个百分点", "ratio"), ("倍", "ratio"), ("万件", "count"), ("人次", "count"), ("座席", "count"),
])
def test_a_table_rows_unit_names_the_kind_of_a_new_indicator(unit, kind):
    assert kind_of_unit(unit) == kind


def test_ranks_take_their_total(catalogue):
    text = "在全市32个承办单位中，市市场监管局排名第1名，市住建局居第5位，区交通局排名全市第四。"
    cands = run(text, catalogue)
    assert [(c.value, c.kind, c.rank_total) for c in cands] == [(1, "rank", 32), (5, "rank", 32), (4, "rank", 32)]
    assert [c.org_unit for c in cands] == ["市市场监管局", "市住建局", "区交通局"]
    assert all(c.indicator == "承办单位满意度排名" for c in cands)
    assert 32 not in [c.value for c in cands]  # the total belongs to the ranks, it is not a figure


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier", "total"),
    [
        ("好差评工作考核位居全省首位。", 1, None, None),
        ("营商环境评价排名进入全省前五。", 5, "前五", None),
        ("网上政务服务能力跻身全国十强。", 10, "十强", None),
        ("在纳入评估的86个县（市）中排名第12位。", 12, None, 86),
        ("热线考核全市排名第3名（全市13个区）。", 3, None, 13),
    ],
)
def test_rank_forms(catalogue, sentence, value, qualifier, total):
    cand = one(run(sentence, catalogue), value)
    assert (cand.kind, cand.unit, cand.qualifier, cand.rank_total) == ("rank", "名", qualifier, total)
    assert cand.bound == ("upper" if qualifier else "exact")


def test_an_order_or_a_tier_is_not_a_rank(catalogue):
    assert run("为全省第一家上线“秒批”服务的单位，改革进度处于全市第一梯队。", catalogue) == []


def test_before_after_pairs(catalogue):
    text = "审批时限由20个工作日压缩至5个工作日。好差评主动评价率从78.5%提升到95.2%。"
    cands = run(text, catalogue)
    assert [(c.value, c.stage) for c in cands] == [(20, "改革前"), (5, "改革后"), (78.5, "改革前"), (95.2, "改革后")]
    assert cands[0].evidence == cands[1].evidence == "由20个工作日压缩至5个工作日"
    assert cands[0].indicator == "审批时限" and cands[2].indicator == "好差评主动评价率"
    rect = run("问题1.办理时限过长。办件时限由15个工作日缩短为3个工作日。", catalogue, doc_type="巡察整改通报")
    assert [c.stage for c in rect if c.value in (15, 3)] == ["整改前", "整改前"]  # said inside the problem
    rect = run("整改成效：审批时限由15个工作日缩短为3个工作日。", catalogue, doc_type="巡察整改通报")
    assert [c.stage for c in rect] == ["整改前", "整改后"]


def test_a_list_gives_one_candidate_per_period(catalogue):
    text = "今年第一、二、三季度，主动评价率分别为95.1%、94.6%、96.2%。"
    cands = run(text, catalogue)
    assert [(c.value, c.period_label) for c in cands] == [
        (95.1, "2023年第1季度"), (94.6, "2023年第2季度"), (96.2, "2023年第3季度")]
    assert all(c.indicator == "好差评主动评价率" for c in cands)
    each = run("1-3季度，热线考核全市排名均在前五。", catalogue)
    assert [(c.value, c.qualifier, c.period_label) for c in each] == [
        (5, "前五", "2023年第1季度"), (5, "前五", "2023年第2季度"), (5, "前五", "2023年第3季度")]


def test_periods_from_the_nearest_date_phrase(catalogue):
    text = ("2022年受理投诉120件。1-9月接通率为93%。截至9月底，差评整改率100%。今年以来受理诉求8.6万件。"
            "上半年主动评价率95%。2023年3月满意率99%。目前热线座席共40个。")
    got = {c.value: (c.period_label, c.period_grain, c.period_start, c.period_end) for c in run(text, catalogue)}
    assert got[120] == ("2022年", "year", "2022-01-01", "2022-12-31")
    assert got[93] == ("2023年1-9月", "range", "2023-01-01", "2023-09-30")
    assert got[100][1:] == ("asof", "2023-09-30", "2023-09-30")
    assert got[8.6][1:] == ("range", "2023-01-01", "2023-10-20")
    assert got[95][:2] == ("2023年上半年", "half")
    assert got[99][:2] == ("2023年3月", "month")
    assert got[40][1:] == ("asof", "2023-10-20", "2023-10-20")


def test_stage_cues(catalogue):
    text = "下一步，力争接通率提高到95%以上。对标全国最优水平98%。已超全国最优杭州91%。"
    got = {c.value: c for c in run(text, catalogue)}
    assert got[95].stage == "目标" and got[95].qualifier == "以上"
    assert got[98].stage == "对标"
    assert got[91].stage == "对标" and got[91].region == "杭州市"
    rect = ("一、存在问题：巡察发现，全区好差评主动评价率仅62%。\n整改成效：主动评价率提升至96%。\n"
            "三、下一步工作计划：拟新增评价终端30台。")
    got = {c.value: c.stage for c in run(rect, catalogue, doc_type="巡察整改通报")}
    assert got == {62: "整改前", 96: "整改后", 30: "目标"}


def test_zero_stated_in_words(catalogue):
    cands = run("本季度未收到关于审批窗口的群众投诉。", catalogue)
    assert [(c.value, c.unit) for c in cands] == [(0, "件")]
    assert "未收到" in cands[0].evidence


def test_not_figures(catalogue):
    text = ("根据《某市政务服务“好差评”实施办法》（某政办发〔2021〕15号）第十二条规定，2022年3月15日起执行。"
            "一是完善机制。（1）建立台账。2.落实责任。\n3压实责任\n联系电话：0571-87654321，邮编310012。"
            "地址：某市人民路108号。咨询请拨打12345政务服务便民热线，或发送邮件至zwfw2023@example.cn。"
            "发布时间：2023-10-20 09:30")
    assert run(text, catalogue) == []


def test_damaged_text_readings(catalogue):
    rate = one(run("群众满意度始终保持在995%以上。", catalogue), 99.5)
    assert rate.is_doubtful and rate.readings[:2] == [99.5, 9.95] and "995%" in rate.doubt_reason
    count = one(run("抽查2020202136个项目合同。", catalogue), 36)
    assert count.is_doubtful and "年份" in count.doubt_reason
    assert run("工委第二巡察组2022516日进驻。", catalogue) == []  # a date that lost 年/月, not a figure


def test_a_run_of_ranks_is_cut_the_only_way_the_total_allows(catalogue):
    text = "20223-8月份热线考核在全市12个区排名分别是第35271112名。"
    cands = run(text, catalogue)
    assert [c.value for c in cands] == [3, 5, 2, 7, 11, 12]
    assert [c.period_label for c in cands] == [f"2022年{m}月" for m in range(3, 9)]
    assert all(c.rank_total == 12 and c.is_doubtful and "唯一拆法" in c.doubt_reason for c in cands)


def test_unit_dropped_by_the_conversion_is_kept_but_doubtful(catalogue):
    cand = one(run("差评回访办结数1408,回访满意率99%。", catalogue), 1408)
    assert cand.is_doubtful and cand.unit in ("", "件") and cand.confidence < 0.6


def test_slogans_and_formulas_are_not_counts(catalogue):
    text = "严格落实中央八项规定精神，增强“四个意识”，开展“六项整治”，杜绝二次录入。"
    assert run(text, catalogue) == []


def test_the_same_figure_said_again_is_proposed_once(catalogue):
    text = "本次评议6家窗口单位。6家窗口单位均设立了帮办岗。6家窗口单位要加强学习。"
    assert [c.value for c in run(text, catalogue)] == [6]


def test_new_indicator_when_nothing_fits(catalogue):
    cand = one(run("全年为中小企业发放纾困贷款126笔。", catalogue), 126)
    assert cand.indicator is None and cand.new_indicator and "贷款" in cand.new_indicator
    assert cand.theme


# --- the helpers ------------------------------------------------------------------------------------

def test_helpers():
    assert cn_value("两") == 2 and cn_value("十二") == 12 and cn_value("一百零五") == 105 and cn_value("三万") == 30000
    assert percent_readings("996") == [99.6, 9.96]
    assert year_prefix("2017201924") == "24" and year_prefix("1234") is None
    assert rank_splits("8118111415", 15) == [[8, 11, 8, 11, 14, 15]]
    assert rank_splits("8118111415", 15, parts=6) == [[8, 11, 8, 11, 14, 15]]
    assert damaged_dates("2021412") == [dt.date(2021, 4, 12)]
    assert damaged_dates("124", 2021) == [dt.date(2021, 1, 24), dt.date(2021, 12, 4)]
    phrases = date_phrases("截20214月底", 2021, dt.date(2022, 1, 1))
    assert phrases[0].periods[0].grain == "asof" and phrases[0].periods[0].end == dt.date(2021, 4, 30)


def test_catalogue_matches_only_fitting_units():
    cat = Catalogue(INDICATORS, REGIONS)
    assert cat.propose("人工接通率为", "rate", "%").indicator == "12345热线接通率"
    assert cat.propose("人工接通率为", "count", "件").indicator != "12345热线接通率"
    entry = cat.entries["12345热线受理量"]
    assert unit_fit("count", "件", entry) == 1.0 and unit_fit("rate", "%", entry) == 0.0
    assert bigrams("接通率93%") == frozenset({"接通", "通率"})


def test_intake_never_imports_streamlit():
    """govdash/intake is pure Python: the review queue's page may import it, never the reverse."""
    import subprocess
    import sys

    from tests.support import ROOT

    code = ("import sys, govdash.intake.documents, govdash.intake.metadata, govdash.intake.extract, "
            "govdash.intake.__main__; print('streamlit' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


def test_hotline_numbers(catalogue):
    assert run("拨打12345热线咨询。", catalogue) == []
    assert one(run("全年受理诉求12580件。", catalogue), 12580).is_doubtful is False  # a count, not a hotline
    merged = one(run("另有123196条热线于年底前完成整合。", catalogue), 6)  # 12319 and 6条 run together
    assert merged.is_doubtful and 123196 in merged.readings


def test_places_moved_are_not_people(catalogue):
    assert one(run("全省排名下降了12位。", catalogue), 12).unit == "位"


def test_units_listed_before_their_values(catalogue):
    text = "参评的28个部门中，县市场监管局、县人社局、县医保局主动评价率分别为99.1%、98.6%、97.9%，位列前三。"
    cands = run(text, catalogue)
    assert [(c.value, c.org_unit) for c in cands if c.kind == "rate"] == [
        (99.1, "县市场监管局"), (98.6, "县人社局"), (97.9, "县医保局")]
    top = one(cands, 3)
    assert (top.kind, top.qualifier, top.rank_total) == ("rank", "前三", 28)


def test_a_comparison_base_is_not_the_period(catalogue):
    text = "第二季度主动评价率93.2%，较第一季度提高4.6个百分点，差评整改率100%。"
    cands = run(text, catalogue)
    assert {c.period_label for c in cands} == {"2023年第2季度"}


def test_the_title_names_the_default_period(catalogue):
    text = "二、各单位情况\n城关镇便民服务中心主动评价率96.5%。"
    cand = one(run(text, catalogue, title="关于2023年第二季度政务服务“好差评”情况的通报"), 96.5)
    assert cand.period_label == "2023年第2季度" and cand.org_unit == "城关镇便民服务中心"


def test_a_table_cell_takes_its_column_period(catalogue):
    text = "主要指标\n指标｜2022年｜2023年\n好差评主动评价率｜91.2%｜95.6%\n差评整改率｜98%｜100%\n"
    got = {c.value: (c.period_label, c.indicator) for c in run(text, catalogue)}
    # the report is of 2023-10-20: its 2023 column is the year so far, as of that day
    assert got == {91.2: ("2022年", "好差评主动评价率"), 95.6: ("截至2023年10月20日", "好差评主动评价率"),
                   98: ("2022年", "差评整改率"), 100: ("截至2023年10月20日", "差评整改率")}


def test_a_period_past_the_report_date_ends_at_it_unless_a_target(catalogue):
    text = "2023年全县办件量达到12000件。下一步，力争2023年全程网办率达到95%。"
    got = {c.value: (c.period_label, c.period_end, c.stage) for c in run(text, catalogue)}
    assert got[12000][:2] == ("截至2023年10月20日", "2023-10-20")
    assert got[95][1] == "2023-12-31" and got[95][2] == "目标"
