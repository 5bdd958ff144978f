"""The rules one curated record must satisfy, one function per record type, each callable on a
single row: it returns the clean, typed record and leaves every problem, in Chinese with the
field, in the row's `RowCheck`. Rules that need more than one row (duplicates, references
between rows, cycles of parent regions) are the loader's (curated.py).

The build runs these on every file; the intake review queue runs `check_figure` on one edited
row, so a curator sees exactly the message the build would give.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from govdash.labels import missing
from govdash.vocabulary import (
    BOUNDS,
    DOC_TYPES,
    GRAINS,
    KINDS,
    LEVELS,
    PROBLEM_STATUSES,
    QUALIFIER_BOUNDS,
    RANK_UNIT,
    STAGES,
    THEMES,
)
from govdash.warehouse.curated_files import CurationError, Row

# Sentence ends used to cut the evidence sentence out of the source text. The damaged text
# lost some of its punctuation, so a line break also ends a sentence.
SENTENCE_END = "。！？；\n"
# Words that make a value a bound; a row with one of them cannot be exact.
BOUND_WORDS = tuple(word for word, bound in QUALIFIER_BOUNDS.items() if bound != "exact")
SOURCE_FILE_NAME = re.compile(r"\d{3}_[0-9a-f]+\.txt")
STAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")  # when a document was added or published


# Names people and pages read (indicators, regions, units, titles, labels) are plain text: markup
# pasted from a web page (<img …>, [link](…), ![](…)) is refused, not stored and escaped later.
MARKUP = re.compile(r"[<>]|\]\(|!\[|javascript:", re.IGNORECASE)
NAME_FIELDS = {
    "regions": ("region", "full_name", "parent"),
    "indicators": ("indicator", "unit", "definition", "framework", "complement_of"),
    "sources": ("title", "issuer", "region"),  # url_note may show a breadcrumb 「网站>栏目」; it is escaped on display
    "figures": ("indicator", "region", "org_unit", "period_label", "unit", "qualifier"),
    "problems": ("category", "title"),
}


def markup_rule(check: RowCheck, schema: str) -> None:
    for name in NAME_FIELDS[schema]:
        if MARKUP.search(check.row[name]):
            check.error(name, f"「{check.row[name][:30]}」含有网页标记（< > 或链接、图片写法），名称只能是文字")


class RowCheck:
    """The problems of one row: the field parsers return None and record a message when a value
    is bad, so every problem of the row is found in one pass."""

    def __init__(self, row: Row):
        self.row = row
        self.errors: list[CurationError] = []

    def error(self, field_name: str | None, message: str) -> None:
        self.errors.append(CurationError(self.row.file, self.row.line, field_name, message))

    def date(self, name: str) -> dt.date | None:
        text = self.row[name]
        if not text:
            return None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            self.error(name, f"日期「{text}」格式错误，应为 YYYY-MM-DD")
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.error(name, f"日期「{text}」不存在")
            return None

    def number(self, name: str) -> float | None:
        text = self.row[name]
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            self.error(name, f"「{text}」不是数字（不要带 %、千分位或汉字）")
            return None
        if not math.isfinite(value):
            self.error(name, f"「{text}」不是有限的数字")
            return None
        return value

    def integer(self, name: str) -> int | None:
        value = self.number(name)
        if value is None:
            return None
        if value != int(value):
            self.error(name, f"「{self.row[name]}」应为整数")
            return None
        return int(value)

    def choice(self, name: str, allowed: tuple[str, ...]) -> str | None:
        text = self.row[name]
        if text and text not in allowed:
            self.error(name, f"「{text}」不是允许的取值（{'、'.join(allowed)}）")
            return None
        return text or None


@dataclass
class Catalogue:
    """What a figure may refer to: the records of the other files, by their keys."""

    regions: dict[str, dict] = field(default_factory=dict)
    indicators: dict[str, dict] = field(default_factory=dict)
    problems: dict[tuple[str, int], dict] = field(default_factory=dict)
    # the figures already in the warehouse, by same_figure_key: (figure_id, source_file)
    figures: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)


# Two rows are the same figure when these agree (docs/curation.md: one row per figure), within a
# document and across documents: the build refuses the second, the review queue names it first.
SAME_FIGURE_FIELDS = ("indicator", "region", "org_unit", "period_label", "stage", "qualifier")
SAME_FIGURE = "是同一项数据（指标、地区、单位、期间、阶段、限定词都相同）"


def same_figure_key(row) -> tuple[str, ...]:
    """The key of SAME_FIGURE_FIELDS for a CSV row, a record or a candidate: a missing value (None,
    NaN, pandas' NA) is the empty text a CSV cell has."""
    return tuple("" if missing(row[name]) else str(row[name]).strip() for name in SAME_FIGURE_FIELDS)


DOUBT_WORD = "存疑"


def doubt_reason(note: str | None) -> str | None:
    """The curator's doubt: the note from 「存疑」 on (docs/curation.md: doubt is always written so)."""
    if not note or DOUBT_WORD not in note:
        return None
    return note[note.index(DOUBT_WORD):].lstrip("存疑：:，, ").rstrip("）)。；; ").strip() or note


def evidence_sentence(text: str, start: int, end: int) -> str:
    """The whole sentence (or clause run) of the source that holds text[start:end]."""
    left = max(text.rfind(ch, 0, start) for ch in SENTENCE_END) + 1
    rights = [i for i in (text.find(ch, end) for ch in SENTENCE_END) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


# --- one rule per record type ------------------------------------------------------------------

def region_record(check: RowCheck) -> dict:
    row = check.row
    markup_rule(check, "regions")
    level = check.choice("level", LEVELS)
    return {"region": row["region"], "full_name": row["full_name"], "level": level, "parent": row["parent"] or None}


def indicator_record(check: RowCheck) -> dict:
    row = check.row
    markup_rule(check, "indicators")
    check.choice("theme", THEMES)
    kind = check.choice("kind", KINDS)
    hib_text = row["higher_is_better"].lower()
    if hib_text not in ("", "true", "false"):
        check.error("higher_is_better", f"「{row['higher_is_better']}」应为 true、false 或留空")
    if kind == "rank" and row["unit"] != RANK_UNIT:
        check.error("unit", f"排名类指标的单位应为「{RANK_UNIT}」")
    key_order = check.integer("key_order") if row["key_order"] else None
    if key_order is not None and key_order < 1:
        check.error("key_order", "重点指标的顺序应为从 1 开始的整数（留空表示不是重点指标）")
    return {
        "indicator": row["indicator"], "theme": row["theme"], "kind": kind, "unit": row["unit"],
        "higher_is_better": {"true": True, "false": False}.get(hib_text),
        "definition": row["definition"], "framework": row["framework"] or None,
        "key_order": key_order, "complement_of": row["complement_of"] or None,
    }


def complement_rule(check: RowCheck, indicator: dict, indicators: dict[str, dict]) -> None:
    """complement_of names a rate that with this one adds up to 100% (未使用占比 + 使用占比)."""
    other = indicators.get(indicator["complement_of"] or "")
    if indicator["complement_of"] is None:
        return
    if other is None or other is indicator:
        check.error("complement_of", f"互补指标「{indicator['complement_of']}」不在 indicators.csv 中（或是本指标自身）")
    elif not (indicator["kind"] == other["kind"] == "rate" and indicator["unit"] == other["unit"] == "%"):
        check.error("complement_of", "只有两个以 % 计的比率指标才能互补（两者之和为 100%）")


def source_record(check: RowCheck, sources_dir: Path, regions: dict[str, dict]) -> tuple[dict, str, bytes] | None:
    """The source row, its text and its bytes; None when its file is missing or not UTF-8."""
    row = check.row
    name = row["source_file"]
    path = sources_dir / name
    if not SOURCE_FILE_NAME.fullmatch(name) or not path.is_file():
        check.error("source_file", f"data/sources/ 下没有文件「{name}」")
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        check.error("source_file", f"来源文件「{name}」不是 UTF-8 编码")
        return None
    check.choice("doc_type", DOC_TYPES)
    markup_rule(check, "sources")
    if row["region"] and row["region"] not in regions:
        check.error("region", f"地区「{row['region']}」不在 regions.csv 中")
    published = check.date("published_on")
    for when in ("added_at", "published_at"):
        if row[when] and not STAMP.fullmatch(row[when]):
            check.error(when, f"「{row[when][:30]}」应为 YYYY-MM-DD HH:MM")
    for who in ("added_by", "published_by"):
        if MARKUP.search(row[who]):
            check.error(who, "账户名只能是文字")
    record = {
        "source_file": name, "doc_no": name[:3], "title": row["title"],
        "issuer": row["issuer"], "doc_type": row["doc_type"], "region": row["region"],
        "published_on": published, "url_note": row["url_note"] or None,
        "sha256": hashlib.sha256(raw).hexdigest(), "char_count": len(text),
        "added_by": row["added_by"] or None, "added_at": row["added_at"] or None,
        "published_by": row["published_by"] or None, "published_at": row["published_at"] or None,
    }
    return record, text, raw


def problem_record(check: RowCheck, doc: dict, text: str) -> dict | None:
    """The inspection problem of one row of problems/<NNN>.csv; None without a usable number."""
    row = check.row
    markup_rule(check, "problems")
    no = check.integer("problem_no")
    status = check.choice("status", PROBLEM_STATUSES)
    start = text.find(row["evidence"]) if row["evidence"] else -1
    if row["evidence"] and start < 0:
        check.error("evidence", f"引文在来源文件 {doc['source_file']} 中找不到原文")
    if no is None:
        return None
    if no < 1:
        check.error("problem_no", "问题编号应从 1 开始")
    return {
        "problem_id": f"{doc['doc_no']}-P{no:02d}", "source_file": doc["source_file"],
        "problem_no": no, "category": row["category"], "title": row["title"],
        "status": status, "evidence": row["evidence"],
        "evidence_start": start if start >= 0 else None, "note": row["note"] or None,
    }


def figure_id_rule(check: RowCheck, doc: dict) -> None:
    fid = check.row["figure_id"]
    if fid and not re.fullmatch(rf"{doc['doc_no']}-\d{{4}}", fid):
        check.error("figure_id", f"「{fid}」格式应为 {doc['doc_no']}-0001")


def figure_record(check: RowCheck, catalogue: Catalogue, doc: dict, text: str) -> dict:
    """Every rule of one figure row except its id's format (figure_id_rule) and the rules across
    rows (duplicates, references to other figures)."""
    row = check.row
    markup_rule(check, "figures")
    ind = catalogue.indicators.get(row["indicator"])
    if row["indicator"] and ind is None:
        check.error("indicator", f"指标「{row['indicator']}」不在 indicators.csv 中")
    if row["region"] and row["region"] not in catalogue.regions:
        check.error("region", f"地区「{row['region']}」不在 regions.csv 中")
    grain = check.choice("period_grain", GRAINS)
    start_on, end_on = _period(check, doc)
    stage = check.choice("stage", STAGES)
    if end_on and doc["published_on"] and stage != "目标" and end_on > doc["published_on"]:
        check.error("period_end", f"日期 {end_on} 晚于文件发布日期 {doc['published_on']}（只有「目标」可以在发布日之后）")
    bound = check.choice("bound", BOUNDS)
    if bound and bound != "exact" and not row["qualifier"]:
        check.error("qualifier", f"取值为界限值（{bound}）时须写明原文限定词（超过、近、以上……）")
    if bound == "exact" and row["qualifier"] in BOUND_WORDS:
        check.error("bound", f"原文限定词「{row['qualifier']}」表示界限，bound 不能是 exact")
    value = check.number("value")
    rank_total = check.integer("rank_total") if row["rank_total"] else None
    if ind is not None:
        _against_indicator(check, ind, value, rank_total)
    evidence = row["evidence"]
    ev_start = _evidence_rules(check, doc, text, value)
    problem_id = _problem_of(check, catalogue, doc)
    return {
        "figure_id": row["figure_id"], "source_file": doc["source_file"], "indicator": row["indicator"],
        "region": row["region"], "org_unit": row["org_unit"] or None,
        "period_label": row["period_label"], "period_grain": grain,
        "period_start": start_on, "period_end": end_on, "value": value,
        "unit": row["unit"], "rank_total": rank_total, "qualifier": row["qualifier"] or None,
        "bound": bound, "stage": stage, "evidence": evidence,
        "evidence_start": ev_start if ev_start >= 0 else None,
        "evidence_end": ev_start + len(evidence) if ev_start >= 0 else None,
        "sentence": evidence_sentence(text, ev_start, ev_start + len(evidence)) if ev_start >= 0 else None,
        "note": row["note"] or None, "problem_id": problem_id,
        "numerator_id": row["numerator_id"] or None,
        "denominator_id": row["denominator_id"] or None,
        "is_doubtful": doubt_reason(row["note"]) is not None, "doubt_reason": doubt_reason(row["note"]),
        "is_derived": False, "derivation": None,
    }


def check_figure(row: Row, catalogue: Catalogue, doc: dict, text: str) -> tuple[dict, list[CurationError]]:
    """One figure row checked on its own (the review queue's call): the record and its problems."""
    check = RowCheck(row)
    figure_id_rule(check, doc)
    record = figure_record(check, catalogue, doc, text)
    return record, check.errors


def _period(check: RowCheck, doc: dict) -> tuple[dt.date | None, dt.date | None]:
    start_on = check.date("period_start")
    end_on = check.date("period_end")
    if start_on and end_on and start_on > end_on:
        check.error("period_end", "结束日期早于开始日期")
    return start_on, end_on


def _against_indicator(check: RowCheck, ind: dict, value: float | None, rank_total: int | None) -> None:
    """Unit, rate range and rank range as the catalogue's indicator defines them."""
    row = check.row
    if row["unit"] and row["unit"] != ind["unit"]:
        check.error("unit", f"单位「{row['unit']}」与指标「{ind['indicator']}」的单位「{ind['unit']}」不一致")
    if value is not None and ind["unit"] == "%" and ind["kind"] == "rate" and not 0 <= value <= 100:
        check.error("value", f"比率 {value:g}% 超出 0–100 的范围")
    if ind["unit"] != RANK_UNIT:
        if rank_total is not None:
            check.error("rank_total", "只有排名类指标才填写参与排名总数")
        return
    if rank_total is None:
        # Some texts give a rank (「居全市首位」) without saying how many were ranked; an
        # inferred total would be an invented figure, so it stays empty, and the note must say why.
        if not row["note"]:
            check.error("rank_total", "排名未写明参与排名总数时，须在 note 中说明原文未给出总数")
        elif value is not None and not (value >= 1 and value == int(value)):
            check.error("value", f"名次 {value:g} 应为正整数")
    elif rank_total < 1:
        check.error("rank_total", "参与排名的总数应为正整数")
    elif value is not None and not (1 <= value <= rank_total and value == int(value)):
        check.error("value", f"名次 {value:g} 不在 1–{rank_total} 之内")


def _evidence_rules(check: RowCheck, doc: dict, text: str, value: float | None) -> int:
    """The quote is verbatim in the source and shows its number; returns its offset (-1 if not found)."""
    evidence = check.row["evidence"]
    ev_start = text.find(evidence) if evidence else -1
    if evidence and ev_start < 0:
        check.error("evidence", f"引文在来源文件 {doc['source_file']} 中找不到原文（须逐字照录，含脱字后的样子）")
    # A quote must show its number; the one exception is a zero stated in words
    # (「未收到投诉」「未出现办件超时」).
    states_zero = value == 0 and re.search(r"未|无|没有|零", evidence)
    if evidence and not states_zero and not re.search(r"[0-9０-９〇一二三四五六七八九十百千万两]", evidence):
        check.error("evidence", "引文中没有任何数字，无法作为数值的出处（数值为 0 时引文须写明「未/无/没有」）")
    return ev_start


def _problem_of(check: RowCheck, catalogue: Catalogue, doc: dict) -> str | None:
    problem_no = check.integer("problem_no") if check.row["problem_no"] else None
    if problem_no is None:
        return None
    problem = catalogue.problems.get((doc["doc_no"], problem_no))
    if problem is None:
        check.error("problem_no", f"问题 {problem_no} 不在 problems/{doc['doc_no']}.csv 中")
        return None
    return problem["problem_id"]
