"""Every figure of a report proposed as a `Candidate` for curators to review.

`extract(text, catalogue, meta)` finds the numbers (govdash.intake.numbers.scan: rates, counts
with measure words, money, durations, ranks, scores, zeros stated in words, damaged runs of
digits with their readings) and gives each what a curated figure needs: the verbatim evidence and
its offsets, the sentence, the period of the nearest date phrase before it, the stage its section
or sentence says (问题 → 整改前, 整改成效 → 整改后, 下一步/计划 → 目标, 全国最优/平均水平 → 对标),
the region, a unit (org_unit) named just before it, and an indicator from the catalogue or a
proposed new one. Before→after phrases (由X缩短为Y) give two candidates; lists (分别为A、B、C
after 第一、二、三季度) one per period; a run of ranks that lost its separators is cut the only
way the number ranked allows. Nothing here names a particular document's words or numbers.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import asdict, dataclass, field, replace

from govdash.intake.catalogue import Catalogue
from govdash.intake.documents import CELL_SEPARATOR as CELL
from govdash.intake.metadata import guess_doc_type
from govdash.intake.numbers import Token, normalise, rank_splits, scan
from govdash.intake.numerals import CN_NUM, cn_value
from govdash.intake.periods import YEAR, DatePhrase, Period, asof_period, date_phrases, month_period, year_period
from govdash.warehouse.rules import SENTENCE_END, evidence_sentence

__all__ = ["Candidate", "Catalogue", "extract"]

CLAUSE_END = "，,。；;！？!?\n：:"
RECTIFICATION = "巡察整改通报"
TARGET = re.compile(r"下一步|计划|力争|争取|拟|预计|目标|年底前|月底前|前完成|将于")
BENCHMARK = re.compile(r"全国最优|全省最优|全市最优|全国平均|全省平均|全市平均|平均水平|标杆|先进地区")
FOUND = re.compile(r"反馈|巡察发现|存在问题|检查发现|整改前")
FIXED = re.compile(r"整改后|整改完成后|经整改")
BEFORE_MARK = re.compile(r"(?m)^\s*(?:问题\s?\d{1,2}\s?[.．、:：]?|\d{1,2}\s?[.．、)）]|[（(]\d{1,2}[)）])|整改问题[:：]|存在(?:的)?问题[:：]|方面(?:存在)?的问题|巡察发现")
AFTER_MARK = re.compile(r"整改(?:成效|落实情况|情况|措施|进程|结果|进展|完成情况)[:：]|完成情况[:：]")
CHANGE_STRONG = re.compile(
    r"增至|增加到|增加至|增长到|增长至|上升到|上升至|提升到|提升至|提高到|提高至|降至|降到|下降到|下降至|降低到|降低至|"
    r"减少为|减少到|减少至|减至|缩短为|缩短到|缩短至|缩减为|缩减至|压减为|压减到|压减至|压缩为|压缩到|压缩至|精简为|精简到|"
    r"精简至|整合为|合并为|拉长到|拉长至|延长到|延长至|变为|调整为|扩大到|扩大至|提速至")
CHANGE_WEAK = re.compile(r"(?:到|至|为)(?:最少|最多|仅|了)?$")
CHANGE_CUE = re.compile(r"(?:由|从|将)[^，。；,;]{0,12}$")
SERIES = re.compile(r"分别(?:为|是|达到|达|占)?")
EACH = re.compile(r"(?<!平)(?:都|均)(?=在|为|是|达|保持|位|居|排|处|超|低|高|不)|每(?:个|一)?(?:月|季度|季)")
TOTAL = re.compile(
    rf"(?P<a>\d+|[{CN_NUM}]+)\s*个[^，。；,;\d]{{0,8}}?(?:中|里|之中|范围内)|"
    rf"(?:在|全[国省市区县]|共有?|纳入[^，。；,;]{{0,6}}的|参评的?|参与[^，。；,;]{{0,4}}的)\s*(?P<b>\d+|[{CN_NUM}]+)\s*个")
ORG_SUFFIX = re.compile(r"(?:委员会|办公室|服务中心|政务中心|中心|大厅|窗口|分局|局|委|街道|乡镇|镇|社区|派出所|大队|支队|党支部|公司)(?![\u4e00-\u9fff]?[率数量])")
ORG_STOP = set("的和与、对在由向如及将把为了是有等其共含到从于至让使被给按现,，。；;：:（）()“”\"")
GENERIC_ORGS = {"我局", "本局", "局机关", "全局", "党组", "局党组", "中心", "大厅", "窗口", "各窗口", "政务中心", "各乡镇", "全县乡镇"}
THEME_WORDS = (
    ("好差评", r"好差评|差评|主动评价|满意"), ("投诉与热线", r"热线|12345|投诉|来电|话务|诉求|工单|接通"),
    ("互联网+监管", r"监管|双随机|执法|检查"), ("企业开办", r"开办|市场主体|营业执照|刻章|印章"),
    ("工程建设审批", r"工程|施工|项目审批|建设项目|竣工|联审"), ("公共资源交易", r"交易|招标|投标|采购|评标|供应商"),
    ("政务数据", r"数据|共享|电子证照|证照|系统"), ("营商环境", r"营商"),
    ("一网通办", r"网办|一网通办|全程网办|事项|办件|掌上|自助|一件事|跨域|跨省|跨市|通办|一体化"),
    ("窗口服务", r"窗口|大厅|帮办|代办|排队|评议"),
    ("队伍与作风", r"党|廉|干部|培训|学习|会议|作风|纪律|考勤|谈话|人员|编制|经费|餐费|招聘"),
)
NAME_LEAD = re.compile(r"^(?:其中|全年|今年|本年|年初|以来|累计|共计|共|已|已经|实现|完成|达到|其|另|均|总|合计|新|对|将|为|在|有|是|仅|只有)+")
NAME_TAIL = re.compile(r"(?:保持在|达到|提升至|提高到|下降到|为|达|是|有|共|累计|约|近|超过|不足|不到|低于|高于|逾|只有|仅|了|的|在|至|到|已|均|始终|"
                       r"分别是|分别为|分别|排名第|第|倒数|前|位列|位居|居|名列|排在|排名|全[国省市区县])+$")
NAME_SUFFIX = {"rate": ("率", "比", "比例", "占比", "度"), "count": ("数", "量", "次数"), "money": ("额", "费", "金", "资金", "经费"),
               "duration": ("时限", "时间", "时长", "天数"), "rank": ("排名",), "score": ("分", "得分"), "ratio": ("差", "差值", "变化")}
NAME_ADD = {"rate": "占比", "count": "数", "money": "金额", "duration": "时长", "rank": "排名", "score": "得分", "ratio": "差值"}
BASE_CONFIDENCE = {"figure": 0.9, "rank": 0.85, "zero": 0.55, "grade": 0.7}


@dataclass
class Candidate:
    value: float
    unit: str
    qualifier: str | None
    bound: str  # exact | lower | upper | approx
    evidence: str  # verbatim text[evidence_start:evidence_end]
    evidence_start: int
    evidence_end: int
    sentence: str
    indicator: str | None
    new_indicator: str | None
    theme: str
    kind: str  # rate | count | rank | score | money | duration | ratio
    region: str | None
    org_unit: str | None
    period_label: str
    period_grain: str
    period_start: str  # ISO
    period_end: str  # ISO
    stage: str  # 现状 | 整改前 | 整改后 | 改革前 | 改革后 | 目标 | 对标
    rank_total: int | None = None
    is_doubtful: bool = False
    doubt_reason: str | None = None
    readings: list[float] = field(default_factory=list)
    confidence: float = 0.0
    indicator_confidence: float = 0.0
    note: str | None = None  # the sender's own note on the figure (a filled table's 说明); the extractor writes none

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Doc:
    """One document being read: its text and what every candidate of it shares."""

    text: str
    norm: str
    catalogue: Catalogue
    published: dt.date
    doc_year: int
    doc_type: str
    region: str | None
    issuer: str
    phrases: list[DatePhrase]
    marks: list[tuple[int, str]]
    default_period: Period  # the period the title names (2023年第二季度…通报), else the document's year
    stops: dict[str, list[int]] = field(default_factory=dict)  # CLAUSE_END / SENTENCE_END → sorted offsets
    phrase_ends: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        for ends in (CLAUSE_END, SENTENCE_END):
            self.stops[ends] = [i for i, ch in enumerate(self.norm) if ch in ends]
        self.phrase_ends = [p.end for p in self.phrases]

    @property
    def is_rectification(self) -> bool:
        return self.doc_type == RECTIFICATION

    def section_stage(self, pos: int) -> str | None:
        i = bisect.bisect_right(self.marks, (pos, "\uffff")) - 1
        return self.marks[i][1] if i >= 0 else None

    def bounds(self, pos: int, ends: str) -> tuple[int, int]:
        """The clause (CLAUSE_END) or sentence (SENTENCE_END) around pos: its first offset and the
        offset of the character that ends it."""
        stops = self.stops[ends]
        i = bisect.bisect_left(stops, pos)
        return (stops[i - 1] + 1 if i else 0), (stops[i] if i < len(stops) else len(self.norm))

    def sentence(self, start: int, end: int) -> str:
        """The whole sentence holding text[start:end]: the build's own rule, so a proposed figure's
        sentence is the one the warehouse will store for it."""
        return evidence_sentence(self.text, start, end)


def extract(text: str, catalogue: Catalogue, meta: dict) -> list[Candidate]:
    """Every figure the text gives, in text order; meta needs published_on (date or ISO string) and
    region, and may give doc_type, title and issuer."""
    doc = read_doc(text, catalogue, meta)
    tokens = attach_rank_totals(scan(text, doc.phrases), doc)
    pairs = find_pairs(tokens, doc)
    series = find_series(tokens, doc)
    units = find_unit_lists(tokens, doc)
    out: list[Candidate] = []
    seen: set[tuple] = set()
    for i, token in enumerate(tokens):
        prev_end = tokens[i - 1].unit_end if i else 0
        next_start = tokens[i + 1].start if i + 1 < len(tokens) else len(text)
        base = base_candidate(token, doc, prev_end, next_start)
        if id(token) in units:
            base = replace(base, org_unit=units[id(token)])
        key = repeat_key(token, doc, base)
        if key in seen:
            continue  # 「6家窗口单位」 again, same stage and period: proposed once, where the text first gives it
        if key:
            seen.add(key)
        out += expand(token, base, doc, pairs, series)
    return [up_to_publication(c, doc.published) for c in out]


def up_to_publication(candidate: Candidate, published: dt.date) -> Candidate:
    """A period that runs past the day the report was written (「2023年」 in a July report) is what
    the year had reached by then, not the whole year: as of the publication date (the curators'
    「截至…」), unless the sentence states a target."""
    if candidate.stage == "目标" or dt.date.fromisoformat(candidate.period_end) <= published:
        return candidate
    return replace(with_period(candidate, asof_period(published)),
                   confidence=round(candidate.confidence * 0.9, 3))


def repeat_key(token: Token, doc: Doc, candidate: Candidate) -> tuple | None:
    """Value, unit, the noun after it (6家窗口单位), stage and period: the same figure said again."""
    follow = re.match(r"[\u4e00-\u9fff]{2,4}", doc.norm[token.unit_end:token.unit_end + 4])
    if token.role != "figure" or not token.unit or not follow:
        return None
    return token.value, token.unit, follow.group(0), candidate.stage, candidate.period_label


def read_doc(text: str, catalogue: Catalogue, meta: dict) -> Doc:
    published = meta.get("published_on")
    if isinstance(published, str) and published:
        published = dt.date.fromisoformat(published[:10])
    if not isinstance(published, dt.date):
        published = dt.date.today()
    doc_type = meta.get("doc_type") or guess_doc_type(meta.get("title"), text)[0]
    title_year = re.search(rf"({YEAR})\s?年", meta.get("title") or "")
    if title_year and int(title_year.group(1)) <= published.year:
        doc_year = int(title_year.group(1))
    else:  # a report published in January or February speaks of the year before
        doc_year = published.year - 1 if published.month <= 2 else published.year
    norm = normalise(text)
    phrases = date_phrases(norm, doc_year, published)
    marks: list[tuple[int, str]] = []
    if doc_type == RECTIFICATION:
        marks = sorted([(m.start(), "整改前") for m in BEFORE_MARK.finditer(norm)]
                       + [(m.start(), "整改后") for m in AFTER_MARK.finditer(norm)])
    titled = date_phrases(normalise(meta.get("title") or ""), doc_year, published)
    default = titled[0].periods[0] if titled and len(titled[0].periods) == 1 else year_period(doc_year)
    return Doc(text, norm, catalogue, published, doc_year, doc_type, meta.get("region"), meta.get("issuer") or "",
               phrases, marks, default)


# --- ranks, pairs, series -----------------------------------------------------------------------------

def attach_rank_totals(tokens: list[Token], doc: Doc) -> list[Token]:
    """A rank takes how many were ranked from its sentence (在全市15个区, 103个县中); that count is
    the rank's total, not a figure of its own."""
    totals: set[int] = set()
    for token in tokens:
        if token.role != "rank":
            continue
        start, end = doc.bounds(token.start, SENTENCE_END)
        found = list(TOTAL.finditer(doc.norm, start, token.start))  # 在全市15个区…排名第8
        after = TOTAL.search(doc.norm, token.unit_end, min(end, token.unit_end + 20))  # 第8名（全市15个区）
        m = found[-1] if found else after
        if m is None:
            continue
        group = "a" if m.group("a") else "b"
        raw = m.group(group)
        total = int(raw) if raw.isdigit() else cn_value(raw)
        if total and total >= 2:
            token.rank_total = int(total)
            totals.add(m.start(group))
    return [t for t in tokens if not (t.role == "figure" and t.start in totals)]


def find_pairs(tokens: list[Token], doc: Doc) -> dict[int, tuple[str, int, int]]:
    """由X缩短为Y, 从X提升到Y, X拉长到Y: token id → (before|after, pair start, pair end)."""
    pairs: dict[int, tuple[str, int, int]] = {}
    for a, b in zip(tokens, tokens[1:], strict=False):
        between = doc.norm[a.unit_end:b.start]
        if len(between) > 14 or any(ch in SENTENCE_END for ch in between) or a.role == "zero" or b.role == "zero":
            continue
        if a.kind != b.kind and a.unit and b.unit:
            continue
        clause_start, _ = doc.bounds(a.start, CLAUSE_END)
        cue = CHANGE_CUE.search(doc.norm, clause_start, a.start)
        if CHANGE_STRONG.search(between) or (cue and CHANGE_WEAK.search(between.strip())):
            start = cue.start() if cue else max(clause_start, a.start - 12)
            pairs[id(a)] = ("before", start, b.unit_end)
            pairs[id(b)] = ("after", start, b.unit_end)
    return pairs


def find_series(tokens: list[Token], doc: Doc) -> dict[int, list[Period]]:
    """分别为A、B、C after a list of periods: token id → its one period; a single value after
    都/均/每 over a list of periods (1-3季度都在前三): token id → every period."""
    out: dict[int, list[Period]] = {}
    for m in SERIES.finditer(doc.norm):
        group = _chain(tokens, doc, m.end())
        periods = _period_list(doc, m.start())
        if len(group) >= 2 and len(periods) == len(group):
            out.update({id(t): [p] for t, p in zip(group, periods, strict=True)})
    for token in tokens:
        if id(token) in out:
            continue
        phrase = _phrase_before(doc, token.start)
        if phrase is None:
            continue
        periods = list(phrase.periods)  # a list as written (1-3季度, 第一、二季度); a month range is one period
        if len(periods) > 1 and EACH.search(doc.norm, phrase.end, token.start) and not _is_split_rank(token):
            out[id(token)] = periods
    return out


def find_unit_lists(tokens: list[Token], doc: Doc) -> dict[int, str]:
    """县市场监管局、县人社局、县医保局主动评价率分别为A、B、C: token id → its unit, when the
    clause names as many units as there are values."""
    out: dict[int, str] = {}
    for m in SERIES.finditer(doc.norm):
        group = _chain(tokens, doc, m.end())
        clause_start, _ = doc.bounds(m.start(), CLAUSE_END)
        items = doc.norm[clause_start:m.start()].split("、")
        if len(group) < 2 or len(items) != len(group):
            continue
        names = [org_for(doc, item + "分别") if i == 0 else _leading_org(item) for i, item in enumerate(items)]
        if all(names):
            out.update({id(t): name for t, name in zip(group, names, strict=True)})
    return out


def _leading_org(item: str) -> str | None:
    """The unit an item of a list starts with (县医保局主动评价率 → 县医保局)."""
    found = [m for m in ORG_SUFFIX.finditer(item) if m.start() <= 12]
    return item[:found[-1].end()] if found and found[-1].end() >= 2 else None


def _chain(tokens: list[Token], doc: Doc, pos: int) -> list[Token]:
    group: list[Token] = []
    for token in tokens:
        if token.start < pos:
            continue
        gap = doc.norm[(group[-1].unit_end if group else pos):token.start]
        if len(gap) > 3 or gap.strip("、,，和及与 ") or (group and token.unit != group[0].unit):
            break
        group.append(token)
    return group


def _phrase_before(doc: Doc, pos: int) -> DatePhrase | None:
    start, _ = doc.bounds(pos, SENTENCE_END)
    i = bisect.bisect_right(doc.phrase_ends, pos) - 1
    return doc.phrases[i] if i >= 0 and doc.phrases[i].start >= start else None


def _expanded(phrase: DatePhrase) -> list[Period]:
    """A list of periods as written (第一、二、三季度), or a month range cut into its months (6-11月)."""
    if len(phrase.periods) > 1:
        return list(phrase.periods)
    p = phrase.periods[0]
    if p.grain == "range" and p.start.year == p.end.year and p.start.day == 1 and "月" in p.label and p.end.month > p.start.month:
        return [month_period(p.start.year, m) for m in range(p.start.month, p.end.month + 1)]
    return [p]


def _period_list(doc: Doc, pos: int) -> list[Period]:
    phrase = _phrase_before(doc, pos)
    return _expanded(phrase) if phrase else []


def _is_split_rank(token: Token) -> bool:
    return token.role == "rank" and token.rank_total is not None and token.value > token.rank_total


# --- one candidate ------------------------------------------------------------------------------------

def base_candidate(token: Token, doc: Doc, prev_end: int, next_start: int) -> Candidate:
    """The candidate of one number: evidence, period, stage, region, unit, indicator."""
    clause_start, clause_end = doc.bounds(token.start, CLAUSE_END)
    ev_start = clause_start if token.start - clause_start <= 30 else token.start - 20
    ev_end = max(token.unit_end, min(clause_end, next_start, token.unit_end + 12))
    ctx_start, ctx_end = max(clause_start, prev_end), min(clause_end, next_start)
    before = doc.norm[ctx_start:token.start]
    after = doc.norm[token.unit_end:ctx_end] if token.role != "zero" else ""
    context = before + " " + after if token.role != "zero" else doc.norm[max(clause_start, prev_end):clause_end]
    proposal = doc.catalogue.propose(context, token.kind, token.unit)
    if proposal.indicator is None or len(before.strip()) < 4:  # 5项 right after 四类: the subject is earlier in the sentence
        sent_start, _ = doc.bounds(token.start, SENTENCE_END)
        wider = doc.catalogue.propose(doc.norm[sent_start:token.start] + " " + after, token.kind, token.unit)
        if wider.indicator and wider.confidence * 0.85 > proposal.confidence:
            proposal = replace(wider, confidence=round(wider.confidence * 0.85, 3))
    kind = token.kind if token.unit or token.role != "figure" else (proposal.kind or "count")
    period = period_for(token, doc)
    region, elsewhere = region_for(doc, before)
    doubt = token.doubt
    confidence = BASE_CONFIDENCE[token.role] * (0.9 if token.chinese else 1.0)
    if token.role == "figure" and not token.unit:
        confidence = 0.45
    if token.readings:
        confidence *= 0.75
    return Candidate(
        value=token.value, unit=token.unit or proposal.unit or "", qualifier=token.qualifier, bound=token.bound,
        evidence=doc.text[ev_start:ev_end], evidence_start=ev_start, evidence_end=ev_end,
        sentence=doc.sentence(ev_start, ev_end), indicator=proposal.indicator,
        new_indicator=None if proposal.indicator else new_name(before, after, kind),
        theme=proposal.theme if proposal.indicator else theme_for(context), kind=kind,
        region=region, org_unit=org_for(doc, before), period_label=period.label, period_grain=period.grain,
        period_start=period.start.isoformat(), period_end=period.end.isoformat(),
        stage="对标" if elsewhere else stage_for(token, doc, before), rank_total=token.rank_total,
        is_doubtful=doubt is not None, doubt_reason=doubt, readings=list(token.readings),
        confidence=round(confidence, 2), indicator_confidence=proposal.confidence,
    )


def expand(token: Token, base: Candidate, doc: Doc, pairs: dict, series: dict) -> list[Candidate]:
    """The candidate as it stands, or several: a split run of ranks, one per period of a list,
    the two sides of a before→after pair."""
    if id(token) in pairs:
        role, start, end = pairs[id(token)]
        found = base.stage == "整改前" and doc.is_rectification
        names = ("整改前", "整改后") if doc.is_rectification else ("改革前", "改革后")
        stage = "整改前" if found else names[0 if role == "before" else 1]
        base = replace(base, stage=stage, evidence=doc.text[start:end], evidence_start=start, evidence_end=end,
                       sentence=doc.sentence(start, end))
    if _is_split_rank(token):
        return split_ranks(token, base, doc)
    periods = series.get(id(token))
    if periods:
        return [with_period(base, p) for p in periods]
    return [base]


def with_period(candidate: Candidate, period: Period) -> Candidate:
    return replace(candidate, period_label=period.label, period_grain=period.grain,
                   period_start=period.start.isoformat(), period_end=period.end.isoformat())


def split_ranks(token: Token, base: Candidate, doc: Doc) -> list[Candidate]:
    """第8118111415名 with 15 ranked: the cuts into ranks 1..15 (as many as the periods named
    before it, else the fewest); the only cut gives one candidate per rank, doubtful all the same."""
    digits = doc.norm[token.start:token.end]
    periods = _period_list(doc, token.start)
    splits = rank_splits(digits, token.rank_total, len(periods) if len(periods) > 1 else None)
    if not splits:
        reason = f"原文名次「{digits}」大于参与排名总数{token.rank_total}，且无法拆分为合理名次"
        return [replace(base, is_doubtful=True, doubt_reason=reason, confidence=0.3)]
    chosen = splits[0]
    others = "；另有拆法：" + "；".join("、".join(map(str, s)) for s in splits[1:4]) if len(splits) > 1 else "（唯一拆法）"
    reason = (f"原文名次连写「{digits}」，按每个名次不超过{token.rank_total}拆分为"
              f"{'、'.join(map(str, chosen))}{others}")
    out = []
    for i, rank in enumerate(chosen):
        readings = sorted({s[i] for s in splits if len(s) == len(chosen)})
        cand = replace(base, value=float(rank), readings=[float(r) for r in readings], is_doubtful=True,
                       doubt_reason=reason, confidence=0.6 if len(splits) == 1 else 0.35)
        out.append(with_period(cand, periods[i]) if len(periods) == len(chosen) else cand)
    return out


def period_for(token: Token, doc: Doc) -> Period:
    """The period of the nearest date phrase before the number in its sentence, else in its
    paragraph; X至Y joins two phrases, X以来 runs to the document's date; else the document's year,
    or the document's date for a stock (目前, 现有)."""
    sent_start, _ = doc.bounds(token.start, SENTENCE_END)
    line_start = doc.norm.rfind("\n", 0, token.start) + 1
    column = column_period(doc, line_start, token.start)
    if column is not None:
        return column
    i = bisect.bisect_right(doc.phrase_ends, token.start) - 1
    in_sentence = i >= 0 and doc.phrases[i].start >= sent_start
    if not in_sentence and re.search(r"目前|现有|现已|当前|截至目前", doc.norm[sent_start:token.start]):
        return asof_period(doc.published, f"截至{doc.published.year}年{doc.published.month}月{doc.published.day}日（成文时）")
    if i < 0 or doc.phrases[i].start < line_start:
        return doc.default_period
    phrase = doc.phrases[i]
    periods = phrase.periods
    first, last = periods[0], periods[-1]
    if i > 0 and doc.norm[doc.phrases[i - 1].end:phrase.start].strip() in ("至", "到", "-", "—", "~", "—至"):
        prev = doc.phrases[i - 1].periods[0]
        return Period(f"{prev.label}至{last.label}", "range", prev.start, last.end)
    if "以来" in doc.norm[phrase.end:token.start] and first.grain in ("day", "month", "year"):
        end = doc.published
        return Period(f"{first.label}以来（截至{end.year}年{end.month}月{end.day}日）", "range", first.start, max(first.start, end))
    if len(periods) > 1:
        return Period(f"{first.label}至{last.label}", "range", first.start, last.end)
    return first


def column_period(doc: Doc, line_start: int, pos: int) -> Period | None:
    """A table cell (a .docx row is one line, cells joined by ｜) takes the period its column's
    header names (指标｜2022年｜2023年), from the nearest row above with dates in its cells."""
    cell = doc.norm.count(CELL, line_start, pos)
    if not cell:
        return None
    end = line_start - 1
    while end > 0:
        start = doc.norm.rfind("\n", 0, end) + 1
        row = doc.norm[start:end]
        if CELL not in row:
            return None
        cells = row.split(CELL)
        if cell < len(cells):
            found = date_phrases(cells[cell], doc.doc_year, doc.published)
            if len(found) == 1 and len(found[0].periods) == 1:
                return found[0].periods[0]
        end = start - 1
    return None


def stage_for(token: Token, doc: Doc, before: str) -> str:
    sent_start, _ = doc.bounds(token.start, SENTENCE_END)
    if TARGET.search(doc.norm, sent_start, token.start):
        return "目标"
    if BENCHMARK.search(before[-12:]) and token.kind not in ("ratio",):
        return "对标"
    if not doc.is_rectification:
        return "现状"
    clause_start, _ = doc.bounds(token.start, CLAUSE_END)
    if FIXED.search(doc.norm, clause_start, token.start):
        return "整改后"
    if FOUND.search(doc.norm, clause_start, token.start):
        return "整改前"
    return doc.section_stage(token.start) or "整改后"


def region_for(doc: Doc, before: str) -> tuple[str | None, bool]:
    """The document's region, or another region named just before the number (已超全国最优杭州91%):
    that region, as a benchmark."""
    near = before[-10:]
    for region in doc.catalogue.regions:
        name = region["region"]
        if name == doc.region or region.get("level") == "国家":
            continue
        short = name[:-1] if len(name) >= 3 and name[-1] in "市省县区" else name
        if name in near or (len(short) >= 2 and short in near and not _inside_longer(short, near, doc)):
            return name, True
    return doc.region, False


def _inside_longer(short: str, near: str, doc: Doc) -> bool:
    """杭州 inside 杭州湾, 濮阳 inside the document's own 濮阳县: not a mention of the region."""
    return bool(doc.region and short in doc.region and doc.region in near) or any(
        r["region"] != short and r["region"].startswith(short) and r["region"] in near for r in doc.catalogue.regions)


def org_for(doc: Doc, before: str) -> str | None:
    """The unit named last before the number in its clause (县民政局涉及46项 → 县民政局), unless it is
    the issuer itself or a generic word."""
    found = list(ORG_SUFFIX.finditer(before))
    if not found:
        return None
    m = found[-1]
    start = m.start()
    while start > 0 and before[start - 1] not in ORG_STOP and m.end() - start < 12:
        start -= 1
    name = before[start:m.end()]
    if len(name) < 3 or name in GENERIC_ORGS or (doc.issuer and name in doc.issuer):
        return None
    return name


def theme_for(context: str) -> str:
    for theme, words in THEME_WORDS:
        if re.search(words, context):
            return theme
    return "其他"


def new_name(before: str, after: str, kind: str) -> str | None:
    """A proposed indicator name from the words around the number (36个参评科室 → 参评科室数)."""
    lead = re.match(r"[\u4e00-\u9fff]{2,10}", after.strip(" ”\"“、"))
    tail = re.search(r"[\u4e00-\u9fff]{2,12}$", before.rstrip(" “\"”"))
    words = ""
    if kind == "count" and lead:
        words = NAME_TAIL.sub("", NAME_LEAD.sub("", lead.group(0)))
    if len(words) < 2 and tail:
        words = NAME_TAIL.sub("", NAME_LEAD.sub("", tail.group(0)))
    if len(words) < 2 or (kind == "rank" and words in ("排名", "考核", "评价")):
        return None
    if not words.endswith(NAME_SUFFIX.get(kind, ())):
        words += NAME_ADD.get(kind, "")
    return words[:16]
