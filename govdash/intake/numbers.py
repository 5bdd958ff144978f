"""Numbers in report text: where they are, their unit and bound word, and which are not figures.

`scan(text, phrases)` returns one `Token` per number that may be a figure: Arabic numbers (with
a measure word, or bare where the conversion dropped it), Chinese numerals with a measure word
(两项, 六大类, 百余面), ranks (第N名, 全市第N, 居…首位, 前三, 十强). It leaves out what is not a
figure: dates (the spans of `periods.date_phrases`), document numbers (〔2019〕51号), numbers in
《titles》, phone numbers, addresses, e-mail and web addresses, list ordinals (一是, （1）, 2.),
article numbers (第十二条), and page furniture (版权所有, ICP备案, 邮编). Runs of digits that lost
their separators get `readings` and a `doubt` (996% → 99.6; 2017201924个 → 24).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govdash.intake.numerals import CN_NUM, cn_value
from govdash.intake.periods import YEAR, DatePhrase
from govdash.vocabulary import (
    GRADE_LABELS,
    GRADE_UNIT,
    QUALIFIER_BOUNDS,
    QUALIFIERS_AFTER_NUMBER,
    RANK_GROUP_QUALIFIERS,
    RANK_UNIT,
)

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")

# unit (as written) → (unit, kind); longest first when matching.
UNITS: dict[str, tuple[str, str]] = {
    "%": ("%", "rate"), "‰": ("‰", "rate"), "个百分点": ("个百分点", "ratio"), "百分点": ("个百分点", "ratio"), "倍": ("倍", "ratio"),
    "亿元": ("亿元", "money"), "万元": ("万元", "money"), "千元": ("千元", "money"), "元": ("元", "money"),
    "个工作日": ("个工作日", "duration"), "工作日": ("个工作日", "duration"), "个小时": ("小时", "duration"),
    "小时": ("小时", "duration"), "分钟": ("分钟", "duration"), "个月": ("个月", "duration"), "天": ("天", "duration"),
    "秒": ("秒", "duration"), "分": ("分", "score"),
    "人次": ("人次", "count"), "户次": ("户次", "count"), "件次": ("件次", "count"), "场次": ("场次", "count"),
    "批次": ("批次", "count"), "个方面": ("个", "count"), "方面": ("个", "count"), "个": ("个", "count"),
    "件": ("件", "count"), "项": ("项", "count"), "条": ("条", "count"), "次": ("次", "count"), "人": ("人", "count"),
    "家": ("家", "count"), "户": ("户", "count"), "名": ("人", "count"), "类": ("类", "count"), "台": ("台", "count"),
    "份": ("份", "count"), "篇": ("篇", "count"), "期": ("期", "count"), "场": ("场", "count"), "笔": ("笔", "count"),
    "本": ("本", "count"), "张": ("张", "count"), "间": ("间", "count"), "封": ("封", "count"), "面": ("面", "count"),
    "枚": ("枚", "count"), "题": ("题", "count"), "起": ("起", "count"), "批": ("批", "count"), "套": ("套", "count"),
    "所": ("所", "count"), "座": ("座", "count"), "处": ("处", "count"), "宗": ("宗", "count"), "例": ("例", "count"),
    "轮": ("轮", "count"), "位": ("人", "count"), "辆": ("辆", "count"), "栋": ("栋", "count"), "块": ("块", "count"),
    "支": ("支", "count"), "部": ("部", "count"), "座席": ("个", "count"), "万": ("万", "count"),
    "包": ("包", "count"), "箱": ("箱", "count"), "袋": ("袋", "count"), "瓶": ("瓶", "count"), "盒": ("盒", "count"),
    "册": ("册", "count"), "幅": ("幅", "count"), "把": ("把", "count"), "只": ("只", "count"), "棵": ("棵", "count"),
}
_UNIT_KEYS = sorted(UNITS, key=len, reverse=True)
# Units a table may name that running text is not scanned for (there 日 is a date, 周 a weekday).
TABLE_ONLY_UNITS = {"日": ("日", "duration"), "周": ("周", "duration")}
# The measure words of counts (个, 件, 人次 …): a count in one may fit an indicator counted in another.
COUNT_UNITS = frozenset(unit for unit, kind in UNITS.values() if kind == "count" and unit != "万") | {GRADE_UNIT}


def unit_base(unit: str) -> str:
    """万件 → 件, 亿元 → 元: the unit without its magnitude."""
    return unit[1:] if len(unit) > 1 and unit[0] in "万亿千" else unit


def kind_of_unit(unit: str) -> str:
    """The kind of figure a unit names (名 a rank, % a rate, 万元 money, 个工作日 a duration …): what a
    table row's new indicator is proposed as. An unknown unit is a count's measure word."""
    if unit == RANK_UNIT:
        return "rank"
    known = UNITS.get(unit) or TABLE_ONLY_UNITS.get(unit) or UNITS.get(unit_base(unit))
    return known[1] if known else "count"
# A measure word followed by one of these characters is part of a word, not a unit (个人, 条例, 项目 …).
NOT_UNIT_BEFORE = {
    "个": "人体别性案", "件": "", "条": "例件款线块", "次": "性日序", "名": "称单义额", "家": "门庭属长乡",
    "户": "籍口外型", "台": "账阶湾", "份": "额", "期": "间限满待望", "场": "所景地合馆", "本": "级地年市区次着身部",
    "间": "隔", "面": "对向积临上貌", "起": "来草步诉", "批": "准复示评", "类": "似型", "位": "置于", "所": "有在属以谓",
    "处": "理置室罚", "部": "门署分", "天": "然津", "元": "旦", "支": "持付部", "宗": "旨", "题": "目", "倍": "增",
    "万": "一亿", "张": "贴", "轮": "值", "包": "括含容装", "只": "有要是能", "把": "握关", "册": "子",
}
# Political formulas and names a numeral belongs to (中央八项规定, 四个意识): not counts.
FORMULAS = re.compile(r"八项规定|四个意识|四个自信|两个维护|两个确立|两个责任|三会一课|两学一做|三重一大|一岗双责|两个务必|"
                      r"五条标准|四个全面|五位一体|三严三实|两张皮|一次性")
# 分 is a score only when the score ends there (77.34分，/ 90分以上 / 85分排名…).
SCORE_FOLLOW = re.compile(r"$|[^\u4e00-\u9fff]|以上|以下|左右|的|排|位|居|，|。")

# the bound words are the vocabulary's (the template offers the same, the build's rule checks them)
BOUND_BEFORE = {word: bound for word, bound in QUALIFIER_BOUNDS.items()
                if word not in QUALIFIERS_AFTER_NUMBER and word not in RANK_GROUP_QUALIFIERS}
BOUND_AFTER = {word: QUALIFIER_BOUNDS[word] for word in QUALIFIERS_AFTER_NUMBER}
_BOUND_BEFORE_RE = re.compile("(" + "|".join(sorted(BOUND_BEFORE, key=len, reverse=True)) + r")\s?$")
# 多/余 stand between the number and its measure word (2万余件) and are read there, not after it
_BOUND_AFTER_RE = re.compile(r"\s?(" + "|".join(w for w in QUALIFIERS_AFTER_NUMBER if len(w) > 1) + ")")

FOOTER = re.compile(r"版权所有|ICP备|ICP证|公网安备|备案号|备案证|网站标识码|主办单位[:：]|承办单位[:：]|主办[:：]|承办[:：]|"
                    r"邮编|邮政编码|联系电话|电话[:：]|地址[:：]|扫一扫|打印本页|关闭窗口|上一篇|下一篇|点击数|浏览次数|网站地图|"
                    r"技术支持[:：]|传真[:：]")
_ADDRESS_BEFORE = re.compile(r"(?:[^报频渠通轨车]道|路|街|巷|弄|号楼|栋|室|办公楼|大楼)$")
_ORDINAL_AFTER = re.compile(r"[.．、)）](?!\d)")
_ORDINAL_BEFORE = re.compile(r"(?:^|[\s(（。；;：:,，]|问题|第)$")
_NAME_24H = re.compile(r"24\s?(?:个)?小时(?:自助|不打烊|政务|服务|便民|在线|值守|热线|营业|办理)")
HOTLINE = re.compile(r"123[0-9]{2}")  # the 123xx government service hotlines (12345, 12315, 12319 …)


@dataclass
class Token:
    start: int  # the number's first character
    end: int  # after the number
    value: float
    unit: str = ""
    kind: str = "count"
    unit_end: int = 0  # after unit and trailing bound word
    qualifier: str | None = None
    bound: str = "exact"
    readings: list[float] = field(default_factory=list)
    doubt: str | None = None
    chinese: bool = False
    rank_total: int | None = None
    role: str = "figure"  # figure | rank | zero | grade (民主评议等次: 优秀 4 … 较差 1)

    def __post_init__(self) -> None:
        self.unit_end = self.unit_end or self.end


def normalise(text: str) -> str:
    """Full-width digits, point and percent as ASCII: same length, so offsets hold."""
    return text.translate(_FULLWIDTH)


def number_value(text: str) -> float:
    return float(text.replace(",", ""))


# --- units and bound words --------------------------------------------------------------------------

@dataclass
class UnitMatch:
    unit: str
    kind: str
    end: int
    qualifier: str | None = None
    bound: str = "exact"


def match_unit(norm: str, pos: int) -> UnitMatch | None:
    """The unit after a number at `pos` (spaces and closing quotes skipped; 余/多 and 万/亿 allowed
    before it; 以上/左右… after it), or None when no measure word follows."""
    i = pos
    while i < len(norm) and norm[i] in " \u3000”\"’」』":
        i += 1
    qualifier = None
    if norm[i:i + 1] in ("余", "多") and _unit_at(norm, i + 1):
        qualifier, i = norm[i], i + 1
    magnitude = ""
    if norm[i:i + 1] in ("万", "亿", "千") and norm[i:i + 2] not in ("万元", "亿元", "千元"):
        nxt = _unit_at(norm, i + 1)
        if nxt and UNITS[nxt][1] == "count":
            magnitude, i = norm[i], i + 1
    if norm[i:i + 1] == "大" and norm[i + 1:i + 2] in ("类", "项", "方"):
        i += 1
    key = _unit_at(norm, i)
    if key is None:
        return None
    unit, kind = UNITS[key]
    end = i + len(key)
    after = _BOUND_AFTER_RE.match(norm, end)
    match = UnitMatch(magnitude + unit if magnitude else unit, kind, end)
    if qualifier:
        match.qualifier, match.bound = qualifier, BOUND_AFTER[qualifier]
    elif after:
        match.qualifier, match.bound, match.end = after.group(1), BOUND_AFTER[after.group(1)], after.end()
    return match


def _unit_at(norm: str, i: int) -> str | None:
    for key in _UNIT_KEYS:
        if norm.startswith(key, i):
            follow = norm[i + len(key):i + len(key) + 1]
            if key == "分" and not SCORE_FOLLOW.match(norm, i + 1):
                return None
            if follow and follow in NOT_UNIT_BEFORE.get(key, ""):
                continue
            return key
    return None


def bound_before(norm: str, start: int) -> tuple[str | None, str]:
    m = _BOUND_BEFORE_RE.search(norm[max(0, start - 4):start])
    return (m.group(1), BOUND_BEFORE[m.group(1)]) if m else (None, "exact")


# --- damaged runs of digits -----------------------------------------------------------------------

def percent_readings(digits: str) -> list[float]:
    """A rate above 100 that lost its point: every reading within 0–100, largest first (996 → 99.6, 9.96)."""
    out = set()
    for i in range(1, len(digits)):
        whole = digits[:i]
        if len(whole) > 1 and whole.startswith("0"):
            continue
        value = float(whole + "." + digits[i:])
        if value <= 100:
            out.add(value)
    return sorted(out, reverse=True)


def year_prefix(digits: str) -> str | None:
    """What is left of a run that starts with one or two years (2017201924 → 24), or None."""
    rest, stripped = digits, 0
    while len(rest) > 4 and re.match(YEAR, rest) and stripped < 2:
        rest, stripped = rest[4:], stripped + 1
    return rest if stripped and rest and not rest.startswith("0") else None


def rank_splits(digits: str, total: int, parts: int | None = None) -> list[list[int]]:
    """Every way to cut a run of ranks that lost their separators into ranks 1..total; with
    `parts`, only cuts into that many ranks, else only the cuts with the fewest ranks."""
    width = len(str(total))
    found: list[list[int]] = []

    def walk(rest: str, acc: list[int]) -> None:
        if len(found) > 50:
            return
        if not rest:
            found.append(acc)
            return
        for w in range(1, min(width, len(rest)) + 1):
            head = rest[:w]
            if head.startswith("0") or not 1 <= int(head) <= total:
                continue
            walk(rest[w:], acc + [int(head)])

    walk(digits, [])
    if parts is not None:
        return [s for s in found if len(s) == parts]
    fewest = min((len(s) for s in found), default=0)
    return [s for s in found if len(s) == fewest]


# --- what is not a figure -------------------------------------------------------------------------

def excluded_spans(norm: str, phrases: list[DatePhrase]) -> list[tuple[int, int]]:
    """Spans whose numbers are never figures: dates, 《titles》, document numbers, phone numbers,
    web and e-mail addresses, and lines of page furniture."""
    spans = [(p.start, p.end) for p in phrases]
    patterns = (
        r"《[^《》\n]{0,80}》", r"[〔\[【(（]\s?(?:19|20)\d\d\s?[〕\]】)）]\s?第?\d+\s?号", r"[\u4e00-\u9fff]{1,6}[发字函办]\s?[〔\[【]?\d{4,}[〕\]】]?\d*号?",
        r"\d+(?:-\d+){1,3}(?![\d年月日季个项件条次名%])", r"[A-Za-z0-9_.%+-]*[A-Za-z@][A-Za-z0-9_.@%+/:-]*\d[A-Za-z0-9_.@%+/:-]*",
        r"\d{1,2}:\d{2}(?::\d{2})?", r"\d+\s?号(?!线)", r"[©Ⓒ]\s?\d{4}", r"7\s?[×xX*]\s?24",
    )
    for pattern in patterns:
        spans += [(m.start(), m.end()) for m in re.finditer(pattern, norm)]
    spans += [(m.start(), m.start() + 2) for m in _NAME_24H.finditer(norm)]
    pos = 0
    for line in norm.split("\n"):
        if len(line) <= 100 and FOOTER.search(line):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return sorted(spans)


class Spans:
    """Fast 'is this offset inside an excluded span' over sorted spans."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.covered = bytearray()
        for start, end in spans:
            if end > len(self.covered):
                self.covered.extend(b"\0" * (end - len(self.covered)))
            self.covered[start:end] = b"\1" * (end - start)

    def hit(self, start: int, end: int) -> bool:
        return any(self.covered[start:min(end, len(self.covered))])


def is_ordinal(norm: str, start: int, end: int) -> bool:
    """（1） 1) 2. 3、 at a line start or after punctuation, 问题1. — list numbers, not figures."""
    if end - start > 2:
        return False
    before = norm[max(0, start - 3):start]
    if (start == 0 or norm[start - 1] == "\n") and re.match(r"[\u4e00-\u9fff]", norm[end:end + 1]) and match_unit(norm, end) is None:
        return True  # 1放管服改革…: a heading's number whose 、 or ） was dropped
    if _ORDINAL_AFTER.match(norm, end) and (_ORDINAL_BEFORE.search(before) or start == 0):
        return True
    return norm[start - 1:start] in ("(", "（") and norm[end:end + 1] in (")", "）") and (
        start < 2 or norm[start - 2] in "\n \t。；;：:,，")


# --- the scan ---------------------------------------------------------------------------------------

_ARABIC = re.compile(r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?")
_CHINESE = re.compile(rf"[{CN_NUM}]+")
_RANK_N = r"\d+|[一二三四五六七八九十百]+"
_STOP = r"[^，。；,;\n]"
RANK_PATTERNS = (
    ("n", re.compile(rf"第\s*(?P<n>{_RANK_N})\s*(?P<u>名|位)")),
    ("n", re.compile(rf"(?:排名|排在|位居|居|位列|名列|全[国省市区县])[^，。；,;\n第]{{0,8}}(?:倒数)?第\s*(?P<n>{_RANK_N})(?P<u>名|位)?")),
    ("first", re.compile(rf"(?:排名|位居|居|位列|名列){_STOP}{{0,8}}?(?P<n>首位|榜首)")),
    ("top", re.compile(rf"(?:排名|排在|位居|位列|进入|居|都在|均在|处于){_STOP}{{0,8}}?前\s*(?P<n>\d+|[一二三四五六七八九十]+)(?P<u>名|位)?")),
    ("strong", re.compile(rf"(?:跻身|进入|位列|入选|迈入|居){_STOP}{{0,8}}?(?P<n>\d+|[一二三四五六七八九十百]+)强")),
)
_ONE_CUE = re.compile(r"(?:仅|只|只有|又有|有|了|过|共|增加|新增|又)$")
_BIG_CUE = re.compile(r"(?:近|约|逾|超过|上|数)$")
ZERO = re.compile(r"(?:(?P<all>均|都|全部|尚)未(?P<verb>收到|出现|发生|开展|录入|回复|评价|办理|上线|整改)"
                  r"|(?:未|没有)(?P<verb2>收到|出现|发生|开展)(?P<what>[^，。；,;\n]{0,24}?(?P<noun>投诉|差评|超时|超期|问题|案件|事故|行为|情况)))")
GRADE = re.compile(r"(?:评为|评定为|确定为|等次为|等级为|为)\s?(?P<g>" + "|".join(GRADE_LABELS.values()) + r")(?:等次|单位)?")
GRADE_VALUES = {label: float(code) for code, label in GRADE_LABELS.items()}
_ZERO_UNITS = {"投诉": "件", "差评": "件", "超时": "件", "超期": "件", "问题": "个", "案件": "件", "事故": "起", "行为": "次"}


def scan(text: str, phrases: list[DatePhrase]) -> list[Token]:
    """Every number of the text that may be a figure, in text order (see the module's doc)."""
    norm = normalise(text)
    spans = Spans(excluded_spans(norm, phrases))
    tokens = rank_tokens(norm, spans)
    taken = Spans([(t.start, t.unit_end) for t in tokens])
    for m in _ARABIC.finditer(norm):
        start, end = m.span()
        if taken.hit(start, end):
            continue
        if spans.hit(start, end):
            cut = next(i for i in range(start, end) if spans.hit(i, i + 1))
            if cut > start and "." not in norm[start:cut]:
                tokens += _bare(norm, start, cut, "原文数字与后文连写（单位可能脱漏），请核对")
            continue
        tokens += arabic_tokens(norm, start, end)
    for m in _CHINESE.finditer(norm):
        if not spans.hit(m.start(), m.end()) and not taken.hit(m.start(), m.end()):
            tokens += chinese_tokens(norm, m.start(), m.end())
    tokens += zero_tokens(norm, spans, taken)
    tokens += [Token(m.start("g"), m.end("g"), GRADE_VALUES[m.group("g")], unit=GRADE_UNIT, kind="score",
                     unit_end=m.end(), role="grade") for m in GRADE.finditer(norm) if not spans.hit(m.start(), m.end())]
    return sorted(tokens, key=lambda t: (t.start, t.end))


def rank_tokens(norm: str, spans: Spans) -> list[Token]:
    """第N名, 排名第N, 全市第N, 居…首位, 前三, 十强: a rank (unit 名), bounded for 前N and N强."""
    found: dict[int, Token] = {}
    for how, pattern in RANK_PATTERNS:
        for m in pattern.finditer(norm):
            start, end = m.span("n")
            if start in found or spans.hit(start, end):
                continue
            raw = m.group("n")
            value = 1.0 if how == "first" else (float(raw) if raw.isdigit() else cn_value(raw))
            follow = norm[m.end():m.end() + 1]
            if value is None or value < 1 or (how == "n" and not m.group("u") and re.match(r"[\u4e00-\u9fff]", follow)
                                               and follow not in "的和及与并、"):
                continue  # 第一家开展…, 第一梯队: an order or a tier, not a rank
            token = Token(start, end, value, unit="名", kind="rank", unit_end=m.end(), role="rank")
            if "倒数" in norm[max(0, m.start() - 2):start]:
                token.qualifier = "倒数"
                token.doubt = f"倒数第{raw}：名次从末位数起，须按参与排名总数换算"
            elif how == "top":
                token.qualifier, token.bound = f"前{raw}", "upper"
            elif how == "strong":
                token.qualifier, token.bound = f"{raw}强", "upper"
            found[start] = token
    return list(found.values())


def arabic_tokens(norm: str, start: int, end: int) -> list[Token]:
    digits = norm[start:end]
    if norm[start - 1:start] == "第" or is_ordinal(norm, start, end):
        return []
    if norm[end:end + 1] in ("年", "月", "日", "号", "时", ":", "：", "岁", "+") or norm[end:end + 2] == " 年":
        return []
    if norm[start - 1:start] == "+":  # 1+2+X: a formula's parts
        return []
    unit = match_unit(norm, end)
    if unit is None:
        if "," in digits:
            return []
        return _bare(norm, start, end, "原文数字后没有单位（可能脱字），请核对")
    token = Token(start, end, number_value(digits), unit=unit.unit, kind=unit.kind, unit_end=unit.end,
                  qualifier=unit.qualifier, bound=unit.bound)
    if token.qualifier is None:
        token.qualifier, token.bound = bound_before(norm, start)
    if norm[unit.end - 1] in "位名" and re.search(r"[升降进退滑]了?$", norm[max(0, start - 2):start]):
        token.unit = "位"  # 排名下降了70位: places moved, not people
    _damaged(token, digits.replace(",", ""))
    if HOTLINE.fullmatch(digits) and token.doubt is None:
        token.doubt = f"「{digits}」与政务服务热线号码相同，可能是热线名称而非数值，请核对"
    return [token]


def _damaged(token: Token, digits: str) -> None:
    """Readings of a run that lost its separators: a rate over 100, a year in front, a hotline number in front."""
    if token.unit == "%" and token.value > 100 and "." not in digits:
        readings = percent_readings(digits)
        if readings:
            token.value, token.readings = readings[0], readings
            token.doubt = f"原文「{digits}%」超过100%，疑脱漏小数点，读作{readings[0]:g}%"
        return
    if "." in digits or len(digits) <= 4:
        return
    rest = year_prefix(digits)
    if rest is not None:
        token.value, token.readings = float(rest), [float(rest), float(digits)]
        token.doubt = f"原文「{digits}」前部像年份（年/月脱漏），读作{rest}"
    elif HOTLINE.match(digits) and len(digits) > 5:
        rest = digits[5:].lstrip("0") or "0"
        token.value, token.readings = float(rest), [float(rest), float(digits)]
        token.doubt = f"原文「{digits}」前部像热线号码{digits[:5]}，读作{rest}"


CLAUSE_START = "\n，,。；;：:（("


def _month_day(digits: str) -> bool:
    from govdash.intake.periods import month_day_splits

    return 3 <= len(digits) <= 4 and bool(month_day_splits(digits))


def _bare(norm: str, start: int, end: int, doubt: str) -> list[Token]:
    """A number without a unit (the conversion often dropped 个/项/次): kept, but doubtful; years,
    damaged dates, hotline numbers and codes are not figures."""
    digits = norm[start:end]
    nxt = norm[end:end + 1]
    if (nxt.isascii() and nxt.isalpha()) or nxt in "-/年月日号时岁:：" or norm[start - 1:start] in ("-", "/", "第"):
        return []
    if _ADDRESS_BEFORE.search(norm[max(0, start - 2):start]):  # 红旗路106: an address
        return []
    if "." not in digits:
        if re.fullmatch(YEAR, digits) or (len(digits) >= 5 and re.match(YEAR, digits)) or HOTLINE.fullmatch(digits):
            return []
        if len(digits) >= 6 or (digits.startswith("0") and len(digits) > 1):
            return []  # codes, zip codes, telephone numbers
        if _month_day(digits) and (start == 0 or norm[start - 1] in CLAUSE_START or norm[start - 1] in "截于至到自从"):
            return []  # 913组织召开… / 截1031: a date that lost 月 and 日
    if is_ordinal(norm, start, end) or "," in digits:
        return []
    upto = re.match(r"\s?(?:至|到|~|～|—|-)\s?\d+(?:\.\d+)?", norm[end:end + 12])
    unit = match_unit(norm, end + upto.end()) if upto else None
    if unit is not None:  # 2至6名: the first bound of a range takes the unit of the second
        return [Token(start, end, number_value(digits), unit=unit.unit, kind=unit.kind, qualifier="至", bound="lower")]
    token = Token(start, end, number_value(digits), doubt=doubt)
    token.qualifier, token.bound = bound_before(norm, start)
    return [token]


def chinese_tokens(norm: str, start: int, end: int) -> list[Token]:
    """两项, 六大类, 四个方面, 百余面, 近千封; 一 only after 仅/有/了/过… (一次性, 一窗 are names)."""
    raw = norm[start:end]
    if norm[start - 1:start] == "第" or raw == "万":
        return []
    value = cn_value(raw)
    unit = match_unit(norm, end)
    if value is None or unit is None or unit.unit == "万":
        return []
    before = norm[max(0, start - 3):start]
    if raw == "一" and not _ONE_CUE.search(before):
        return []
    if (raw == "二" and unit.unit == "次") or FORMULAS.match(norm, start) or _slogan(norm, start, unit.end):
        return []
    if raw in ("百", "千", "万") and not (_BIG_CUE.search(before) or unit.qualifier):
        return []
    token = Token(start, end, value, unit=unit.unit, kind=unit.kind, unit_end=unit.end,
                  qualifier=unit.qualifier, bound=unit.bound, chinese=True)
    if token.qualifier is None:
        token.qualifier, token.bound = bound_before(norm, start)
    return [token]


def _slogan(norm: str, start: int, unit_end: int) -> bool:
    """“六项治理”, 四个意识”“…: a numeral inside quotes names a slogan, it does not count anything."""
    opened = norm[start - 1:start] in ("“", '"', "「", "‘")
    closing = re.match(r"[\u4e00-\u9fff]{0,6}[”\"」’]", norm[unit_end:unit_end + 8])
    return bool(opened and closing) or bool(closing and norm[unit_end + closing.end():unit_end + closing.end() + 1] in ("“", "、", '"'))


def zero_tokens(norm: str, spans: Spans, taken: Spans) -> list[Token]:
    """A zero stated in words: 未收到…投诉, 未出现…超时, 均未录入 (the items just named, each zero)."""
    out = []
    for m in ZERO.finditer(norm):
        if spans.hit(m.start(), m.end()) or taken.hit(m.start(), m.end()):
            continue
        unit = _ZERO_UNITS.get(m.group("noun") or "", "")
        out.append(Token(m.start(), m.end(), 0.0, unit=unit, unit_end=m.end(), role="zero"))
    return out
