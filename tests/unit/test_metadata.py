"""Metadata proposed from a report's text, on synthetic reports of the genre."""

from __future__ import annotations

from govdash.intake.metadata import guess_doc_type, propose_metadata

REGIONS = ["某省", "某市", "某区", "长宁区", "杭州市"]

NOTICE = """某市政务服务网>政务公开>通知公告
中共某市数据资源局党组关于巡察整改进展情况的通报
发布时间：2023-06-18 10:20  来源：本站
根据市委统一部署，市委第三巡察组于2022年11月3日至2023年1月5日对我局党组开展了巡察。
……
中共某市数据资源局党组
2023年6月16日
"""

SUMMARY = """2024年工作总结和2025年工作打算
今年以来，在区委、区政府的坚强领导下……全年办件量86万件。
长宁区行政审批局
2025年1月20日
"""

DAMAGED = """关于2021年政务服务“好差评”工作情况的报告
全年主动评价率为95%。
某区政务服务中心
2021412日
"""


def test_a_rectification_notice():
    meta = propose_metadata(NOTICE, REGIONS)
    assert meta["title"] == "中共某市数据资源局党组关于巡察整改进展情况的通报"
    assert meta["issuer"] == "中共某市数据资源局党组"
    assert meta["published_on"] == "2023-06-18"  # 发布时间 before the 落款 date
    assert meta["region"] == "某市"
    assert meta["doc_type"] == "巡察整改通报"
    assert meta["confidence"]["doc_type"] >= 0.8


def test_a_work_summary_signed_at_the_end():
    meta = propose_metadata(SUMMARY, REGIONS)
    assert meta["title"] == "2024年工作总结和2025年工作打算"
    assert meta["issuer"] == "长宁区行政审批局"
    assert meta["published_on"] == "2025-01-20"
    assert meta["region"] == "长宁区"
    assert meta["doc_type"] == "工作总结"


def test_a_damaged_signature_date():
    meta = propose_metadata(DAMAGED, REGIONS)
    assert meta["published_on"] == "2021-04-12"  # 2021412日
    assert meta["issuer"] == "某区政务服务中心"
    assert meta["region"] == "某区"
    assert meta["doc_type"] == "工作总结"  # a 报告 about 工作情况


def test_issuer_from_the_title_when_there_is_no_signature():
    meta = propose_metadata("某区行政审批局关于2023年度行政审批工作的年度报告\n全年受理审批事项12万件。", REGIONS)
    assert meta["issuer"] == "某区行政审批局"
    assert meta["published_on"] is None and meta["confidence"]["published_on"] == 0.0


def test_doc_type_by_keywords_else_low_confidence():
    assert guess_doc_type("关于对市政务服务中心窗口单位的民主评议报告", "") == ("民主评议报告", 0.9)
    assert guess_doc_type("关于“放管服”改革问题整改情况的通报", "")[0] == "巡察整改通报"
    doc_type, confidence = guess_doc_type("2023年第三季度12345热线运行分析", "一、总体情况")
    assert doc_type == "工作总结" and confidence < 0.5


def test_banner_lines_are_not_titles():
    text = "欢迎访问某市人民政府门户网站\n首页 > 信息公开\n1.总体情况\n关于全市政务服务好差评情况的通报\n"
    assert propose_metadata(text, REGIONS)["title"] == "关于全市政务服务好差评情况的通报"
