"""The desk's figure factories: what they draw for bounds, crowded lines, legends and colours."""

from __future__ import annotations


def _figures(rows):
    import pandas as pd

    base = {"unit": "%", "bound": "exact", "qualifier": None, "rank_total": None, "period_label": "2021年",
            "doc_no": "000", "evidence": "原文", "source_title": "文件", "indicator": "指标", "org_unit": None,
            "stage": "现状", "figure_id": "000-0001"}
    frame = pd.DataFrame([{**base, **r} for r in rows])
    frame["period_end_on"] = pd.to_datetime(frame["period_end_on"])
    return frame


def test_trend_axis_reads_chinese_dates_and_crowded_lines_label_only_their_newest_point():
    from govdash.charts import figures as charts

    rows = [{"series": f"指标｜地区{i}", "region": f"地区{i}", "period_end_on": d, "value": v, "label": f"{v}%"}
            for i in range(5) for d, v in (("2021-03-31", 50 + i), ("2021-06-30", 60 + i))]
    fig = charts.trend_chart(_figures(rows), "走势")
    assert fig.layout.xaxis.tickformat == "%Y年%-m月"
    assert [list(t.text) for t in fig.data][0] == ["", "60%"]  # five lines: newest value only
    few = charts.trend_chart(_figures(rows[:4]), "走势")  # two lines: every value
    assert list(few.data[0].text) == ["50%", "60%"]


def test_bars_group_only_where_a_category_has_several_colours():
    from govdash.charts import figures as charts

    single = _figures([{"who": f"地区{i}", "region": f"地区{i}", "period_end_on": "2021-12-31", "value": 90 + i,
                        "label": f"{90 + i}%"} for i in range(6)])
    assert charts.bar_chart(single, "比较", x="who").layout.barmode == "overlay"
    several = _figures([{"who": "事项", "region": f"地区{i}", "period_end_on": "2021-12-31", "value": 90 + i,
                         "label": f"{90 + i}%"} for i in range(3)])
    assert charts.bar_chart(several, "比较", x="who").layout.barmode == "group"


def test_bars_without_legend_are_one_trace_with_each_bar_in_its_group_colour():
    from govdash.charts import figures as charts

    rows = _figures([{"who": f"地区{i}", "region": f"地区{i % 3}", "period_end_on": "2021-12-31", "value": 90 + i,
                      "label": f"{90 + i}%", "bound": "lower" if i == 4 else "exact"} for i in range(6)])
    colours = {"地区0": "#111111", "地区1": "#222222", "地区2": "#333333"}
    fig = charts.bar_chart(rows, "比较", x="who", colors=colours, legend=False)
    assert len(fig.data) == 1 and fig.layout.showlegend is False
    bar = fig.data[0]
    assert list(bar.x) == list(rows["who"]) and list(bar.y) == list(rows["value"])
    assert list(bar.marker.color) == [colours[r] for r in rows["region"]]
    assert list(bar.marker.pattern.shape) == ["", "", "", "", "/", ""]  # the bound keeps its hatching
    assert [c[1] for c in bar.customdata] == ["90%", "91%", "92%", "93%", "94%（界限值）", "95%"]
    # with a legend (few groups): one trace per group, each in its colour
    legend = charts.bar_chart(rows, "比较", x="who", colors=colours)
    assert [(t.name, t.marker.color) for t in legend.data] == list(colours.items())
    # many groups: no legend by default
    many = _figures([{"who": f"地区{i}", "region": f"地区{i}", "period_end_on": "2021-12-31", "value": i, "label": f"{i}"}
                     for i in range(charts.LEGEND_MAX + 1)])
    assert len(charts.bar_chart(many, "比较", x="who").data) == 1


def test_before_after_connectors_are_one_trace_with_a_gap_between_rows():
    import pandas as pd

    from govdash.charts import figures as charts

    pairs = pd.DataFrame({
        "series": ["甲", "乙"], "unit": ["%", "%"], "doc_no": ["D1", "D1"],
        "before_value": [10.0, 40.0], "after_value": [70.0, 50.0], "before_label": ["10%", "40%"],
        "after_label": ["70%", "50%"], "before_period": ["2020年", "2020年"], "after_period": ["2021年", "2021年"],
        "before_evidence": ["前", "前"], "after_evidence": ["后", "后"], "before_bound": ["exact", "exact"],
        "after_bound": ["exact", "lower"]})
    fig = charts.before_after_chart(pairs, "前后")
    lines, before, after = fig.data
    assert list(lines.x) == [40.0, 50.0, None, 10.0, 70.0, None]  # drawn bottom-up: largest change on top
    assert list(lines.y) == ["乙", "乙", None, "甲", "甲", None]
    assert list(after.x) == [50.0, 70.0] and list(after.marker.symbol) == ["triangle-up-open", "circle"]


def test_rank_chart_with_many_lines_writes_only_the_newest_rank():
    from govdash.charts import figures as charts

    rows = [{"series": f"排名｜地区{i}", "region": f"地区{i}", "period_end_on": d, "period_label": p, "value": v,
             "unit": "名", "rank_total": 15, "label": f"第{v}名/15"}
            for i in range(5) for d, p, v in (("2021-03-31", "2021年第1季度", 3 + i), ("2021-06-30", "2021年第2季度", 2 + i))]
    fig = charts.rank_chart(_figures(rows), "排名")
    assert list(fig.data[0].text) == ["", "第2名/15"]
    assert list(charts.rank_chart(_figures(rows[:2]), "排名").data[0].text) == ["第3名/15", "第2名/15"]
    assert fig.layout.yaxis.range == (15.5, 0.5)  # first place on top, the whole field shown
