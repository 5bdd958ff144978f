"""The project's controlled vocabulary: the values a curated row, a page and a slide may use.

One place, imported by the curated-file rules, the pages, the meeting agendas and the tests, so
a theme or stage is spelt the same everywhere.
"""

from __future__ import annotations

THEMES = (
    "一网通办", "好差评", "互联网+监管", "投诉与热线", "营商环境", "窗口服务", "企业开办",
    "工程建设审批", "公共资源交易", "政务数据", "队伍与作风", "其他",
)
KINDS = ("rate", "count", "rank", "score", "money", "duration", "ratio")
GRAINS = ("year", "half", "quarter", "month", "day", "range", "asof")
BOUNDS = ("exact", "lower", "upper", "approx")
STAGES = ("现状", "整改前", "整改后", "改革前", "改革后", "目标", "对标")
# The bound words (限定词) a figure may carry, as the text writes them, and the bound each makes of its
# value: 超过 95% is at least 95 (lower), 近 2 万件 at most (upper), 约/左右 approximate, 达 exact.
# The Excel template for tables offers these in its 限定词 column (govdash/intake/template.py).
# The same list is what intake's extraction looks for around a number (govdash/intake/numbers.py) and
# what the build's rule checks a row's bound against (govdash/warehouse/rules.py): one list, so a word
# intake proposes is one the template offers and the build understands.
QUALIFIER_BOUNDS = {
    "超过": "lower", "逾": "lower", "以上": "lower", "高于": "lower", "不少于": "lower", "不低于": "lower",
    "至少": "lower", "最少": "lower", "余": "lower", "多": "lower", "突破": "lower", "多达": "lower",
    "近": "upper", "不到": "upper", "不足": "upper", "低于": "upper", "以内": "upper", "以下": "upper",
    "不超过": "upper", "最多": "upper", "前三": "upper", "前五": "upper", "前十": "upper", "十强": "upper",
    "约": "approx", "大约": "approx", "左右": "approx", "上下": "approx",
    "达": "exact", "达到": "exact",
}
# Where the word stands: after the number and its measure word (2万余件, 95%以上), or naming a group of
# ranks (进入全省前三) rather than standing beside a number; every other word stands before the number.
QUALIFIERS_AFTER_NUMBER = ("以上", "以下", "以内", "左右", "上下", "多", "余")
RANK_GROUP_QUALIFIERS = ("前三", "前五", "前十", "十强")
DOC_TYPES = ("巡察整改通报", "工作总结", "民主评议报告")
LEVELS = ("国家", "省", "市", "区县")
PROBLEM_STATUSES = ("已完成", "基本完成", "持续推进", "未说明")
RANK_UNIT = "名"

# 民主评议等次 is stored as a number so it can be sorted and charted; people read it as a word.
# The coding is the catalogue's (data/curated/indicators.csv): 优秀=4，良好=3，一般=2，较差=1.
GRADE_UNIT = "等次"
GRADE_LABELS = {4: "优秀", 3: "良好", 2: "一般", 1: "较差"}
