"""民主评议测评表: the rules of a scoring round, apart from storage, codes and layout.

A round names the units evaluated, the criteria, an integer score scale, grade thresholds and
the evaluator groups. Evaluators get one-time codes (evaluation/codes.py); a ballot records its
group but nothing that leads back to the code (无记名).

Everything here is pure and unit-tested: parsing the organiser's input, validation with
Chinese messages that name the unit and criterion, grading and the per-unit results table.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

DEFAULT_CRITERIA = ("服务态度", "办事效率", "业务水平", "廉洁自律", "总体评价")
DEFAULT_GROUPS = ("企业代表", "政协委员")
DEFAULT_SCALE = (1, 10)
DEFAULT_GRADES_TEXT = "优秀 9\n良好 7.5\n一般 6\n较差"

# A group with fewer ballots than this is not shown on its own: its mean would nearly tell
# how each of its evaluators scored. Its ballots still count in the overall figures.
MIN_GROUP_BALLOTS = 3
MAX_CODES_PER_ISSUE = 500
MAX_SCALE_POINTS = 101



class RoundInvalid(ValueError):
    """The organiser's round settings are not usable; `errors` lists every problem in Chinese."""

    def __init__(self, errors: list[str]):
        super().__init__("评议设置有误：" + "；".join(errors))
        self.errors = errors


class BallotInvalid(ValueError):
    """A score sheet is incomplete or out of range; `errors` says which unit and criterion."""

    def __init__(self, errors: list[str]):
        super().__init__("测评表有误：" + "；".join(errors))
        self.errors = errors


class BallotRefused(RuntimeError):
    """The code is unknown or used, or the round is closed. The message is for the evaluator."""


@dataclass(frozen=True)
class Grade:
    name: str
    min_score: float  # lowest mean score (on the round's scale) that earns this grade


@dataclass(frozen=True)
class RoundSpec:
    title: str
    units: tuple[str, ...]
    criteria: tuple[str, ...]
    groups: tuple[str, ...]
    scale_min: int
    scale_max: int
    grades: tuple[Grade, ...]  # best first

    @property
    def scale_text(self) -> str:
        return f"{self.scale_min}–{self.scale_max}"


# --- the organiser's input ---------------------------------------------------------------------

def parse_names(text: str) -> tuple[str, ...]:
    """One name a line (、，, also separate); blanks dropped, order kept, duplicates kept for validation."""
    parts = re.split(r"[\n\r、，,；;]+", text or "")
    return tuple(p.strip() for p in parts if p.strip())


def parse_grades(text: str, scale_min: int) -> tuple[tuple[Grade, ...], list[str]]:
    """'优秀 9' per line, best first; the last grade needs no score (it takes everything below).
    Returns the grades and Chinese errors naming the line."""
    grades, errors = [], []
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for i, line in enumerate(lines, start=1):
        name, _, score = line.replace("　", " ").replace("≥", " ").partition(" ")
        score = score.strip()
        if not score:
            if i < len(lines):
                errors.append(f"等次第{i}行「{line}」缺少最低平均分（只有最后一个等次可以不填）")
                continue
            grades.append(Grade(name.strip(), float(scale_min)))
            continue
        try:
            value = float(score)
        except ValueError:
            errors.append(f"等次第{i}行「{line}」：最低平均分「{score}」不是数字")
            continue
        if not math.isfinite(value):
            errors.append(f"等次第{i}行「{line}」：最低平均分不是有限数")
            continue
        grades.append(Grade(name.strip(), value))
    return tuple(grades), errors


def _duplicates(names: tuple[str, ...]) -> list[str]:
    seen, dup = set(), []
    for n in names:
        if n in seen and n not in dup:
            dup.append(n)
        seen.add(n)
    return dup


def validate_round(spec: RoundSpec) -> list[str]:
    """Every problem with the round's settings, in Chinese; empty when the round can be created."""
    errors = []
    if not spec.title.strip():
        errors.append("评议名称不能为空")
    for what, names in (("被评议单位", spec.units), ("测评项目", spec.criteria), ("评议人分组", spec.groups)):
        if not names:
            errors.append(f"至少要有 1 个{what}")
        for name in _duplicates(names):
            errors.append(f"{what}「{name}」重复")
        for name in names:
            if len(name) > 40:
                errors.append(f"{what}「{name[:20]}…」超过 40 个字")
    lo, hi = spec.scale_min, spec.scale_max
    if not (isinstance(lo, int) and isinstance(hi, int)):
        errors.append("分值范围的最低分和最高分必须是整数")
        return errors
    if lo >= hi:
        errors.append(f"分值范围有误：最低分 {lo} 应小于最高分 {hi}")
    elif hi - lo + 1 > MAX_SCALE_POINTS:
        errors.append(f"分值范围 {lo}–{hi} 太宽：最多 {MAX_SCALE_POINTS} 档（如 0–100）")
    if not spec.grades:
        errors.append("至少要有 1 个等次")
    for name in _duplicates(tuple(g.name for g in spec.grades)):
        errors.append(f"等次「{name}」重复")
    for i, g in enumerate(spec.grades):
        if not g.name:
            errors.append(f"第{i + 1}个等次没有名称")
        if not lo <= g.min_score <= hi:
            errors.append(f"等次「{g.name}」的最低平均分 {g.min_score:g} 超出分值范围 {lo}–{hi}")
        if i and g.min_score >= spec.grades[i - 1].min_score:
            prev = spec.grades[i - 1]
            errors.append(f"等次门槛须从高到低递减：「{g.name}」的最低平均分 {g.min_score:g} "
                          f"应低于「{prev.name}」的 {prev.min_score:g}")
    if spec.grades and spec.grades[-1].min_score > lo:
        last = spec.grades[-1]
        errors.append(f"最低等次「{last.name}」的门槛应为最低分 {lo}（低于上一等次的都归入此等次），现为 {last.min_score:g}")
    return errors


def validate_code_counts(counts: Mapping[str, int], groups: tuple[str, ...]) -> list[str]:
    errors = []
    for group, n in counts.items():
        if group not in groups:
            errors.append(f"没有评议人分组「{group}」")
        elif n < 0 or int(n) != n:
            errors.append(f"「{group}」的测评码数量 {n} 应为 0 或正整数")
    total = sum(n for n in counts.values() if n > 0)
    if total < 1:
        errors.append("请至少为一个分组生成 1 个测评码")
    elif total > MAX_CODES_PER_ISSUE:
        errors.append(f"一次最多生成 {MAX_CODES_PER_ISSUE} 个测评码，现为 {total} 个")
    return errors


# --- the evaluator's sheet -----------------------------------------------------------------------

def validate_scores(spec: RoundSpec, scores: Mapping[tuple[str, str], object]) -> list[str]:
    """Every unit scored on every criterion with an integer on the round's scale. Messages name
    the unit and the criteria that are missing or out of range."""
    errors = []
    for key in scores:
        if not (isinstance(key, tuple) and len(key) == 2 and key[0] in spec.units and key[1] in spec.criteria):
            errors.append(f"测评表含有本轮没有的单位或项目：{key}")
    for unit in spec.units:
        missing = []
        for criterion in spec.criteria:
            value = scores.get((unit, criterion))
            if value is None or (isinstance(value, float) and math.isnan(value)):
                missing.append(criterion)
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
                errors.append(f"「{unit}」的「{criterion}」分数 {value} 不是整数")
            elif not spec.scale_min <= value <= spec.scale_max:
                errors.append(f"「{unit}」的「{criterion}」分数 {value:g} 超出 {spec.scale_text} 分")
        if missing:
            errors.append(f"「{unit}」还有 {len(missing)} 项未打分：{'、'.join(missing)}")
    return errors


def score_rows(spec: RoundSpec, scores: Mapping[tuple[str, str], object]) -> tuple[list[str], list[str], list[int]]:
    """Parallel lists (unit, criterion, score) in the round's order, for one INSERT."""
    units, criteria, values = [], [], []
    for unit in spec.units:
        for criterion in spec.criteria:
            units.append(unit)
            criteria.append(criterion)
            values.append(int(scores[(unit, criterion)]))
    return units, criteria, values


# --- results ---------------------------------------------------------------------------------------

def grade_for(mean: float | None, grades: tuple[Grade, ...]) -> str:
    """The best grade whose threshold the mean reaches; '—' when there is no score yet."""
    if mean is None or pd.isna(mean):
        return "—"
    for g in grades:
        if mean >= g.min_score:
            return g.name
    return grades[-1].name


def group_ballots(stats: pd.DataFrame, spec: RoundSpec) -> dict[str, int]:
    """Ballots in per group (every ballot scores every unit, so any unit's overall row tells)."""
    rows = stats[stats["criterion"].isna() & stats["group_name"].notna()]
    counts = rows.groupby("group_name")["ballots"].max()
    return {g: int(counts.get(g, 0)) for g in spec.groups}


def withheld_groups(stats: pd.DataFrame, spec: RoundSpec) -> set[str]:
    """The groups whose means are not shown, as statistical offices suppress cells: a group with
    fewer than MIN_GROUP_BALLOTS ballots (primary), and, when that leaves exactly one group hidden
    while the overall and the other groups are shown, the smallest other group too (secondary):
    otherwise the hidden group's mean follows from the overall, the shown means and the counts."""
    counts = group_ballots(stats, spec)
    small = {g for g, n in counts.items() if 0 < n < MIN_GROUP_BALLOTS}
    others = sorted((n, g) for g, n in counts.items() if n >= MIN_GROUP_BALLOTS)
    if len(small) == 1 and others:
        small.add(others[0][1])
    return small


def is_publishable(stats: pd.DataFrame) -> bool:
    """Results are shown at all only with MIN_GROUP_BALLOTS ballots or more (fewer: the overall
    would nearly tell how each evaluator scored)."""
    overall = stats[stats["criterion"].isna() & stats["group_name"].isna()]
    return bool(len(overall)) and int(overall["ballots"].max()) >= MIN_GROUP_BALLOTS


def summarise(stats: pd.DataFrame, spec: RoundSpec) -> pd.DataFrame:
    """One row per unit from `ballots/results_by_unit` (criterion/group NULL = all): the overall
    mean, spread and grade, the mean of each group and of each criterion. Withheld groups
    (withheld_groups) show None (their ballots still count overall). The grade is taken from the
    mean rounded to two decimals, the figure people see."""
    withheld = withheld_groups(stats, spec)
    rows = []
    for unit in spec.units:
        u = stats[stats["unit"] == unit]
        overall = u[u["criterion"].isna() & u["group_name"].isna()]
        mean = round(float(overall["mean_score"].iloc[0]), 2) if len(overall) else None
        sd = overall["sd_score"].iloc[0] if len(overall) else None
        row = {"unit": unit, "ballots": int(overall["ballots"].iloc[0]) if len(overall) else 0,
               "mean_score": mean, "sd_score": None if sd is None or pd.isna(sd) else round(float(sd), 2),
               "grade": grade_for(mean, spec.grades)}
        for group in spec.groups:
            g = u[u["criterion"].isna() & (u["group_name"] == group)]
            shown = len(g) and group not in withheld
            row[f"group:{group}"] = round(float(g["mean_score"].iloc[0]), 2) if shown else None
        for criterion in spec.criteria:
            c = u[(u["criterion"] == criterion) & u["group_name"].isna()]
            row[f"criterion:{criterion}"] = round(float(c["mean_score"].iloc[0]), 2) if len(c) else None
        rows.append(row)
    out = pd.DataFrame(rows)
    out["rank"] = out["mean_score"].rank(ascending=False, method="min")
    return out.sort_values(["rank", "unit"], na_position="last").reset_index(drop=True)


def detail(stats: pd.DataFrame, spec: RoundSpec) -> pd.DataFrame:
    """unit × criterion rows with 'mean ± sd (n)' per group and overall, withheld groups withheld."""
    withheld = withheld_groups(stats, spec)
    rows = []
    for unit in spec.units:
        for criterion in (*spec.criteria, None):
            sel = stats[(stats["unit"] == unit) & (stats["criterion"].isna() if criterion is None
                                                    else stats["criterion"] == criterion)]
            row = {"单位": unit, "测评项目": criterion or "综合（各项平均）"}
            for group in (*spec.groups, None):
                g = sel[sel["group_name"].isna() if group is None else sel["group_name"] == group]
                label = group or "全体"
                if not len(g):
                    row[label] = "—"
                elif group in withheld:
                    row[label] = (f"不足{MIN_GROUP_BALLOTS}张，不单列" if int(g["ballots"].iloc[0]) < MIN_GROUP_BALLOTS
                                  else "为防推算，不单列")
                else:
                    row[label] = spread_text(g["mean_score"].iloc[0], g["sd_score"].iloc[0], int(g["ballots"].iloc[0]))
            rows.append(row)
    return pd.DataFrame(rows)


def spread_text(mean: float, sd: float | None, n: int) -> str:
    """'8.50 ± 1.20（20张）'; with one ballot there is no spread."""
    spread = "" if sd is None or pd.isna(sd) else f" ± {float(sd):.2f}"
    return f"{float(mean):.2f}{spread}（{n}张）"


def round_from_form(title: str, units: str, criteria: str, groups: str, scale_min, scale_max,
                    grades: str) -> tuple[RoundSpec, list[str]]:
    """The organiser's form as a RoundSpec, with every problem found (parsing and validation)."""
    errors = []
    try:
        lo, hi = int(scale_min), int(scale_max)
        if lo != scale_min or hi != scale_max:
            raise ValueError
    except (TypeError, ValueError):
        errors.append("分值范围的最低分和最高分必须是整数")
        lo, hi = DEFAULT_SCALE
    parsed_grades, grade_errors = parse_grades(grades, lo)
    spec = RoundSpec(title=(title or "").strip(), units=parse_names(units), criteria=parse_names(criteria),
                     groups=parse_names(groups), scale_min=lo, scale_max=hi, grades=parsed_grades)
    return spec, errors + grade_errors + validate_round(spec)


def summary_table(summary: pd.DataFrame, spec: RoundSpec) -> pd.DataFrame:
    """summarise()'s rows with Chinese headers, in the order the organiser reads them."""
    columns = {"rank": "名次", "unit": "单位", "mean_score": "综合平均分", "sd_score": "标准差", "grade": "等次",
               "ballots": "测评表（张）",
               **{f"group:{g}": f"{g}平均" for g in spec.groups},
               **{f"criterion:{c}": c for c in spec.criteria}}
    return summary[list(columns)].rename(columns=columns)
