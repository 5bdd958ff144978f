"""The briefing's sentences, each from a small rule: the latest value of a region, the change since the
comparable previous figure, rankings, before/after, rectification status, doubtful figures, and the
footnote naming document and quote. Pure functions, unit-tested; a value that is not given is left
out of the sentence (never printed as 「None」 or 「nan」: `finished` refuses such text)."""

from __future__ import annotations

import re

import pandas as pd

from govdash import analysis
from govdash.labels import chinese_date, missing, number_text

# What must never reach a leader's page: Python's and pandas' words for "no value".
_EMPTY_WORDS = re.compile(r"None|nan|NaN|NaT|<NA>|null")


class SentenceError(ValueError):
    """A sentence would print a missing value as text."""


def finished(text: str) -> str:
    """The sentence as written, or SentenceError when it holds 「None」/「nan」 and the like."""
    if _EMPTY_WORDS.search(text):
        raise SentenceError(f"简报语句含空值：{text}")
    return text


def text(value) -> str:
    """A value as text, '' when not given."""
    return "" if missing(value) else str(value)


def who(region, org_unit=None) -> str:
    """长沙市, or 武汉经开区（区级事项） for a sub-unit."""
    unit = text(org_unit)
    return f"{region}（{unit}）" if unit else str(region)


def percent_points(delta: float) -> str:
    """1.08 -> '1.08 个百分点' (no sign: the verb says which way)."""
    return f"{number_text(round(abs(delta), 2))} 个百分点"


def relative_change(before: float, after: float) -> str:
    """'12.5%' of the earlier value, one decimal; '' when the earlier value is zero."""
    if not before:
        return ""
    return f"{abs(after - before) / abs(before) * 100:.1f}%"


def change_clause(value: float, unit: str, kind: str, previous_value, previous_label, previous_period,
                  bound: str = "exact", previous_bound: str = "exact") -> str:
    """'较2021年第2季度（94.07%）下降 1.08 个百分点'; '' without a comparable previous figure.
    Rates change in percentage points, other figures in per cent of the earlier one; a bound on
    either side gets no computed size (可比规则: bounds compare only in words)."""
    if missing(previous_value) or missing(previous_label) or missing(previous_period):
        return ""
    earlier = f"较{previous_period}（{previous_label}）"
    if bound != "exact" or previous_bound != "exact":
        return f"{earlier}，含界限值，不计算变化幅度"
    if value == previous_value:
        return f"{earlier}持平"
    up = value > previous_value
    if unit == "%":
        return f"{earlier}{'上升' if up else '下降'} {percent_points(value - previous_value)}"
    size = relative_change(previous_value, value)
    verb = "增加" if up else "减少"
    return f"{earlier}{verb} {size}" if size else f"{earlier}{verb}"


def latest_sentence(r) -> str:
    """'2021年第3季度，武汉经开区好差评主动评价率为 92.99%，较2021年第2季度（94.07%）下降 1.08 个百分点。'
    `r` is a row of exports/briefing_latest (value, label, period, previous_*). Two figures of one period
    (a reform's before and after within a year) are told apart by the earlier one's stage."""
    earlier = r.previous_period
    if text(earlier) and earlier == r.period_label and text(getattr(r, "previous_stage", None)):
        earlier = f"{earlier}{r.previous_stage}"
    change = change_clause(r.value, r.unit, r.kind, r.previous_value, r.previous_label, earlier,
                           r.bound, text(r.previous_bound) or "exact")
    return finished(f"{r.period_label}，{who(r.region, r.org_unit)}{r.indicator}为{r.label}"
                    + (f"，{change}" if change else "") + "。")


def rank_sentence(region, org_unit, indicator: str, period_label: str, ranks: pd.DataFrame) -> str:
    """'武汉经开区四办改革月度排名（2020年11月）：最新排名第15名（共15个），较上期下降1位，连续两期排名后三位。'
    `ranks` is one series' rank figures, oldest first (value, bound, rank_total)."""
    total = ranks["rank_total"].dropna()
    sentence = analysis.rank_sentence(list(ranks["value"]), total.iloc[-1] if len(total) else None,
                                      list(ranks["bound"]), list(ranks["rank_total"]))
    return finished(f"{who(region, org_unit)}{indicator}（{period_label}）：{sentence}")


def pair_sentence(r) -> str:
    """'武汉经开区双随机一公开抽查覆盖率由 7.25% 增至 达 70%（截至2021年4月底整改前 → 截至…整改后）。'
    Only for a comparable pair (facts/before_after_pairs: is_comparable)."""
    if not bool(r.is_comparable):
        raise SentenceError(f"不可比的前后数据不写成变化：{r.series}")
    return finished(f"{who(r.region, r.org_unit)}{r.indicator}{analysis.pair_phrase(r)}"
                    f"（{r.before_period}{r.before_stage} → {r.after_period}{r.after_stage}）。")


def rectification_sentence(r) -> str:
    """'武汉经开区《…通报》列出巡察反馈问题 18 个，文件称已整改完成 18 个。' with the other statuses
    named only when there are any."""
    rest = [(int(n), word) for n, word in ((r.mostly_done_count, "基本完成"), (r.ongoing_count, "持续推进"),
                                           (r.unstated_count, "未说明整改状态")) if int(n)]
    tail = "，" + "、".join(f"{word} {n} 个" for n, word in rest) if rest else ""
    return finished(f"{r.source_region}《{r.source_title}》列出巡察反馈问题 {int(r.problem_count)} 个，"
                    f"文件称已整改完成 {int(r.done_count)} 个{tail}。")


def doubtful_sentence(r) -> str:
    """'兰州市（6家参评窗口单位）群众满意度（2017年）99.6%以上（存疑）：整理时释读存疑，理由见脚注，引用前请核对原文。'
    (The curator's reason can run to several lines: it goes in the footnote, not in a sentence read out.)"""
    reason = "，理由见脚注" if text(r.doubt_reason) else ""
    return finished(f"{who(r.region, r.org_unit)}{r.indicator}（{r.period_label}）{r.label}：整理时释读存疑{reason}，"
                    "引用前请核对原文。")


def more_sentence(shown: int, total: int, what: str) -> str:
    """'另有 3 项最新数据未列出，见 Excel 工作簿。'; '' when everything was shown."""
    return finished(f"另有 {total - shown} 项{what}未列出，见 Excel 工作簿。") if total > shown else ""


def document_note(doc, quotes: list[str], extra: list[str] = ()) -> str:
    """The footnote: '000《…》，中共…党组，2022年2月18日。原文：「…」；「…」。存疑：…'
    `doc` has doc_no, title, issuer, published_on (exports/documents); quotes in order, repeats once."""
    head = f"{doc.doc_no}《{doc.title}》，{doc.issuer}，{chinese_date(pd.Timestamp(doc.published_on))}。"
    shown = list(dict.fromkeys(q for q in quotes if text(q)))
    body = ("原文：" + "；".join(f"「{q}」" for q in shown) + "。") if shown else ""
    tail = "".join(f"{e}。" if not e.endswith("。") else e for e in extra if text(e))
    return finished(head + body + tail)
