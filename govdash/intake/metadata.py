"""A report's metadata proposed from its text, for the curator to confirm: title, issuer, date,
region and document type, each with a confidence (0..1) under "confidence".

Title: the first title-like line (not a site banner, breadcrumb or date line). Issuer: a
落款 line near the end, a 发文单位/发布机构 line, or the body named at the head of the title
(「中共XX局党组关于…」). Date: 发布时间/发布于, else the 落款 date, else the first ISO date of the
head; damaged dates are read (2021412日 = 2021-04-12; 202373 at the 落款 = 2023-07-03).
"""

from __future__ import annotations

import datetime as dt
import re

from govdash.intake.periods import YEAR, damaged_dates, valid_date
from govdash.vocabulary import DOC_TYPES

TITLE_WORDS = re.compile(r"通报|报告|总结|情况|分析|意见|方案|通知|打算|要点|公告|决定|评议|汇报|说明")
NOT_TITLE = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[、.．)）]|首页|当前位置|>|＞|欢迎|门户网站|——|_|发布时间|发布于|来源[:：]|点击|浏览|作者[:：]")
ORG_END = re.compile(r"(?:党组|党委|委员会|委|局|厅|办公室|办|中心|政府|组|部|院|会|处|所|站|公司|机构)$")
ISSUER_LINE = re.compile(r"^(?:发文单位|发布机构|发布单位|来源单位|发文机关)[:：]\s*(?P<org>\S.{1,40})$")
PUBLISHED = re.compile(rf"(?:发布时间|发布日期|发布于|发文日期|成文日期|日期)[:：]?\s*(?P<y>{YEAR})\s?[-年./]\s?(?P<m>\d{{1,2}})\s?[-月./]\s?(?P<d>\d{{1,2}})")
ISO_DATE = re.compile(rf"(?P<y>{YEAR})[-./](?P<m>\d{{1,2}})[-./](?P<d>\d{{1,2}})")
SIGN_DATE = re.compile(rf"^\s*(?P<y>{YEAR})\s?年?\s?(?P<m>\d{{1,2}})\s?月\s?(?P<d>\d{{1,2}})\s?日?\s*$|^\s*(?P<run>{YEAR}\d{{2,4}})\s?日?\s*$")
DOC_TYPE_RULES = (
    ("民主评议报告", re.compile(r"民主评议|评议报告")),
    ("巡察整改通报", re.compile(r"巡察.{0,12}整改|巡视.{0,12}整改|整改.{0,12}(?:通报|情况)")),
    ("工作总结", re.compile(r"工作总结|年度报告|工作报告|总结|工作打算|工作情况")),
)


def propose_metadata(text: str, regions: list[str]) -> dict:
    """{title, issuer, published_on (ISO str or None), region, doc_type, confidence: {field: 0..1}}."""
    lines = [ln.strip() for ln in text.split("\n")]
    title, title_conf = find_title(lines)
    issuer, issuer_conf = find_issuer(lines, title)
    published, date_conf = find_date(lines)
    region, region_conf = find_region(regions, issuer, title, lines)
    doc_type, type_conf = guess_doc_type(title, text)
    return {
        "title": title, "issuer": issuer, "published_on": published.isoformat() if published else None,
        "region": region, "doc_type": doc_type,
        "confidence": {"title": title_conf, "issuer": issuer_conf, "published_on": date_conf,
                       "region": region_conf, "doc_type": type_conf},
    }


def find_title(lines: list[str]) -> tuple[str | None, float]:
    """The first line shaped like a title (6–60 characters, no banner words, not ending a sentence),
    preferring one with a title word (通报, 总结, 报告 …) among the first lines."""
    shaped = [ln for ln in lines[:40] if 6 <= len(ln) <= 60 and not NOT_TITLE.search(ln)
              and not ln.endswith(("。", "，", ",", "；")) and not re.fullmatch(r"[\d\s:：年月日.-]+", ln)]
    for line in shaped:
        if TITLE_WORDS.search(line):
            return line, 0.9
    plain = [ln for ln in shaped if not ORG_END.search(ln)]  # a body's name alone is a 落款, not a title
    return (plain[0], 0.4) if plain else (None, 0.0)


def find_issuer(lines: list[str], title: str | None) -> tuple[str | None, float]:
    for line in lines:
        m = ISSUER_LINE.match(line)
        if m:
            return m.group("org").strip(), 0.9
    signature = _signature(lines)
    if signature:
        return signature, 0.85
    if title and "关于" in title:
        head = title.split("关于", 1)[0].strip()
        if len(head) >= 3 and ORG_END.search(head):
            return head, 0.8
    for line in lines[:12]:  # a short line right under the title naming a body (「社会与法制委员会」)
        if 3 <= len(line) <= 30 and ORG_END.search(line) and not NOT_TITLE.search(line) and line != title:
            return line, 0.5
    return None, 0.0


def _signature(lines: list[str]) -> str | None:
    """The 落款: a short line ending in a body's name, just above a date line near the end."""
    tail = [(i, ln) for i, ln in enumerate(lines) if ln][-25:]
    for k, (_, line) in enumerate(tail):
        if SIGN_DATE.match(line) and k > 0:
            above = tail[k - 1][1]
            if 3 <= len(above) <= 40 and ORG_END.search(above) and not re.search(r"[。，,：:]", above):
                return above
    return None


def find_date(lines: list[str]) -> tuple[dt.date | None, float]:
    for line in lines[:30]:
        m = PUBLISHED.search(line)
        if m and (d := valid_date(int(m["y"]), int(m["m"]), int(m["d"]))):
            return d, 0.95
    for line in reversed([ln for ln in lines if ln][-25:]):
        m = SIGN_DATE.match(line)
        if not m:
            continue
        if m["y"] and (d := valid_date(int(m["y"]), int(m["m"]), int(m["d"]))):
            return d, 0.9
        readings = damaged_dates(m["run"]) if m["run"] else []
        if readings:
            return readings[0], 0.8 if len(readings) == 1 else 0.4
    for line in lines[:15]:
        m = ISO_DATE.search(line)
        if m and (d := valid_date(int(m["y"]), int(m["m"]), int(m["d"]))):
            return d, 0.7
    return None, 0.0


def find_region(regions: list[str], issuer: str | None, title: str | None, lines: list[str]) -> tuple[str | None, float]:
    """The longest known region named in the issuer, else the title, else the first lines."""
    by_length = sorted(regions, key=len, reverse=True)
    for where, conf in ((issuer, 0.9), (title, 0.8), ("\n".join(lines[:6]), 0.5)):
        if where:
            for name in by_length:
                if name in where:
                    return name, conf
    return None, 0.0


def guess_doc_type(title: str | None, text: str) -> tuple[str, float]:
    """By keywords in the title (then the opening text); otherwise 工作总结 with low confidence."""
    for where, conf in ((title or "", 0.9), (text[:600], 0.6)):
        for doc_type, pattern in DOC_TYPE_RULES:
            if pattern.search(where):
                assert doc_type in DOC_TYPES
                return doc_type, conf
    return "工作总结", 0.2
