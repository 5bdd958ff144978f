"""Analysis on figures already read from the warehouse: series, before/after pairs, changes and
the Chinese sentences leaders read. Pure pandas, no Streamlit, so it is unit-tested directly."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from govdash.labels import chinese_number, format_value, missing, number_text, region_unit

SERIES_KEY = ["indicator", "region", "org_unit_key"]
BEFORE_STAGES = ("整改前", "改革前")
AFTER_STAGES = ("整改后", "改革后")
# A count below this on both sides is a minor change, whatever its size in per cent (1 → 6 meetings):
# one more meeting is +100%, so relative change of small counts is ranked after every rate, rank,
# score or larger count. Ten is where a count stops being a handful (no single event doubles it).
MINOR_COUNT = 10
# Kinds compared only over periods of the same kind and length (counts and amounts are flows or stocks).
PERIOD_BOUND_KINDS = ("count", "money")
PERIOD_WORDS = {"year": "全年数", "half": "半年数", "quarter": "季度数", "month": "月度数", "day": "单日数",
                "range": "时段数", "asof": "累计数"}


def period_word(grain: str, is_ytd: bool) -> str:
    return "年内累计数" if is_ytd else PERIOD_WORDS.get(grain, "累计数")


def incomparable_reason(kind: str, before, after) -> str | None:
    """Why two figures of one series may not be read as a change; None when they may.

    `before` and `after` have period_grain, period_days, is_year_to_date and rank_total. Counts and
    amounts compare only over periods of the same kind and length (a flow is not a stock, a year
    so far is not a whole year, a half-year is not three years); rates, scores, ratios and durations
    compare across periods; a rank only when both totals are known. The SQL of the build
    (queries/build/04_facts_tables.sql, incomparable_reason) says the same, and a test holds them together."""
    if kind in PERIOD_BOUND_KINDS:
        a_word = period_word(before.period_grain, bool(before.is_year_to_date))
        b_word = period_word(after.period_grain, bool(after.is_year_to_date))
        longer = max(before.period_days, after.period_days)
        if (before.period_grain != after.period_grain or bool(before.is_year_to_date) != bool(after.is_year_to_date)
                or (before.period_grain == "range" and abs(before.period_days - after.period_days) > 0.1 * longer)):
            what = (f"时段长短不同（{int(before.period_days)} 天与 {int(after.period_days)} 天）的数" if a_word == b_word
                    else f"{a_word}与{b_word}")
            return f"口径不同：{what}不可直接比较"
    if kind == "rank" and (missing(before.rank_total) or missing(after.rank_total)):
        return "参评总数原文未说明，名次变化不可直接比较"
    return None


def is_minor_change(kind: str, before_value: float, after_value: float) -> bool:
    return kind == "count" and max(abs(before_value), abs(after_value)) < MINOR_COUNT


def with_series_key(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["org_unit_key"] = out["org_unit"].fillna("")
    out["series"] = [f"{i}｜{region_unit(r, u)}" for i, r, u in zip(out["indicator"], out["region"], out["org_unit_key"],
                                                                    strict=True)]
    return out


def before_after_pairs(df: pd.DataFrame) -> pd.DataFrame:
    """One row per series that has a before value (整改前/改革前) and a later after value.

    The after value is the latest 整改后/改革后 figure; failing that, the latest 现状 figure
    dated after the before figure. Only exact figures and bounds with the same unit are paired.
    Returns columns: series, indicator, region, org_unit, unit, theme, is_higher_better,
    before/after value, label, period, figure_id and evidence, whether the two are comparable
    (incomparable_reason says why not), is_minor, change and improvement (None when not comparable).
    """
    if df.empty:
        return pd.DataFrame()
    keyed = with_series_key(df)
    order = {s: i for i, s in enumerate(keyed["series"].unique())}  # series in the order they came
    keyed = keyed.sort_values(["period_end_on", "figure_id"], kind="stable")
    before = keyed[keyed["stage"].isin(BEFORE_STAGES)].drop_duplicates("series", keep="first").set_index("series")
    if before.empty:
        return pd.DataFrame()
    after = keyed[keyed["stage"].isin(AFTER_STAGES) & keyed["series"].isin(before.index)]
    after = after.drop_duplicates("series", keep="last").set_index("series")
    # Series without an after-stage figure: the latest 现状 figure dated after the before figure.
    current = keyed[(keyed["stage"] == "现状") & keyed["series"].isin(before.index.difference(after.index))]
    current = current[current["period_end_on"].to_numpy() > before.loc[current["series"], "period_end_on"].to_numpy()]
    after = pd.concat([after, current.drop_duplicates("series", keep="last").set_index("series")])
    if after.empty:
        return pd.DataFrame()
    after = after.loc[sorted(after.index, key=order.__getitem__)]
    b, a = before.loc[after.index], after
    pairs = pd.DataFrame({
        "series": after.index, "theme": b["theme"].array, "indicator": b["indicator"].array,
        "region": b["region"].array, "org_unit": b["org_unit"].array, "unit": b["unit"].array,
        "kind": b["kind"].array, "rank_total": a["rank_total"].array,
        "is_higher_better": b["is_higher_better"].array,
        **{f"{side}_{col}": frame[src].array for side, frame in (("before", b), ("after", a))
           for col, src in (("value", "value"), ("period", "period_label"), ("stage", "stage"), ("id", "figure_id"),
                            ("evidence", "evidence"), ("bound", "bound"))},
        "before_label": _labels(b), "after_label": _labels(a), "doc_no": b["doc_no"].array,
    })
    reasons = [incomparable_reason(k, x, y) for k, x, y in zip(b["kind"], b.itertuples(), a.itertuples(), strict=True)]
    pairs["incomparable_reason"] = reasons
    pairs["is_comparable"] = [r is None for r in reasons]
    pairs["is_minor"] = [is_minor_change(*r) for r in zip(pairs["kind"], pairs["before_value"], pairs["after_value"],
                                                           strict=True)]
    pairs["change"] = (pairs["after_value"] - pairs["before_value"]).where(pairs["is_comparable"])
    pairs["improvement"] = [improvement(r.before_value, r.after_value, r.is_higher_better, r.unit) if r.is_comparable
                            else None for r in pairs.itertuples()]
    return pairs


def _labels(df: pd.DataFrame) -> list[str]:
    """The figures' labels: facts carries them (with 推算/存疑 marks); otherwise made here."""
    if "label" in df.columns:
        return list(df["label"])
    return [format_value(*r) for r in zip(df["value"], df["unit"], df["qualifier"], df["bound"], df["rank_total"], strict=True)]


def improvement(before: float, after: float, higher_is_better, unit: str) -> float | None:
    """Signed size of the change in the good direction, comparable across indicators.

    Percentages: percentage points. Ranks: places gained. Other units: relative change in per
    cent of the before value. None when the indicator has no direction.
    """
    if missing(higher_is_better):
        return None
    sign = 1 if bool(higher_is_better) else -1
    if unit in ("%", "名"):
        return sign * (after - before)
    if before == 0:
        return None
    return sign * (after - before) / abs(before) * 100


def change_phrase(before: float, after: float, unit: str) -> str:
    """'由 7.25% 提升至 70%（+62.75 个百分点）', '由第10名降至第80名（下降70位）'."""
    if unit == "名":
        diff = int(before - after)
        if diff > 0:
            return f"由第{int(before)}名升至第{int(after)}名（上升{diff}位）"
        if diff < 0:
            return f"由第{int(before)}名降至第{int(after)}名（下降{-diff}位）"
        return f"保持第{int(after)}名"
    fmt = (lambda v: f"{number_text(v)}%") if unit == "%" else (lambda v: f"{number_text(v)} {unit}")
    verb = "增至" if after > before else "降至" if after < before else "保持"
    if unit == "%":
        delta = f"{after - before:+.2f}".rstrip("0").rstrip(".") + " 个百分点"
    elif before:
        delta = f"{(after - before) / abs(before) * 100:+.1f}%"
    else:
        delta = ""
    text = f"由 {fmt(before)} {verb} {fmt(after)}" if verb != "保持" else f"保持 {fmt(after)}"
    return text + (f"（{delta}）" if delta and verb != "保持" else "")


def pair_phrase(r) -> str:
    """change_phrase for a before/after pair, except that a bound on either side keeps its
    qualifier and gets no computed size of change (「由 17.29 万条 增至 超过 410 万条」, never「+2271.3%」)."""
    if r.before_bound == "exact" and r.after_bound == "exact":
        return change_phrase(r.before_value, r.after_value, r.unit)
    verb = "增至" if r.after_value > r.before_value else "降至" if r.after_value < r.before_value else ""
    after = r.after_label
    if verb and after.startswith(("达到 ", "达 ")):  # 「增至 达 70%」 says 达 twice: 「增至 70%」
        after = after.split(" ", 1)[1]
    return f"由 {r.before_label} {verb} {after}" if verb else f"保持 {r.after_label}"


def rank_word(rank: int, bound: str = "exact") -> str:
    """A rank as the text gives it: 第3名, 前3名 (rank at most 3), 第3名以后, 约第3名."""
    return {"upper": f"前{rank}名", "lower": f"第{rank}名以后", "approx": f"约第{rank}名"}.get(bound, f"第{rank}名")


def rank_sentence(ranks: list[float], total: float | None, bounds: list[str] | None = None,
                  totals: list[float | None] | None = None) -> str:
    """Chinese summary of a rank trajectory (oldest first): 较上期上升3位, 连续两期排名后三位 …

    `totals` gives each period's number ranked (None where the text does not say); without it every
    period is taken to have `total`. A change between two periods is computed only when both totals
    are known (可比规则), and the earlier total is named when it differs. A bounded rank (「前三」: at
    most 3rd) is written as the text gives it and is never used for a computed change; it counts
    towards 前三位/后三位 only where the bound makes that certain."""
    given = bounds if bounds is not None else ["exact"] * len(ranks)
    all_totals = totals if totals is not None else [total] * len(ranks)
    pairs = [(int(r), b, None if missing(t) else int(t)) for r, b, t in zip(ranks, given, all_totals, strict=True)
             if not missing(r)]
    if not pairs:
        return ""
    last, last_bound, last_total = pairs[-1]
    parts = [f"最新排名{rank_word(last, last_bound)}" + (f"（共{last_total}个）" if last_total else "（参评总数原文未说明）")]
    if len(pairs) >= 2:
        parts.append(_rank_change(pairs[-2], pairs[-1]))
    parts += _rank_streaks(pairs)
    if len(pairs) >= 3 and len({t for _, _, t in pairs}) == 1 and last_total:
        best, worst = min(pairs), max(pairs)
        parts.append(f"期间最好{rank_word(best[0], best[1])}、最差{rank_word(worst[0], worst[1])}")
    return "，".join(parts) + "。"


def _rank_change(previous: tuple, latest: tuple) -> str:
    (prev, prev_bound, prev_total), (last, last_bound, last_total) = previous, latest
    if not (prev_total and last_total):
        return f"上期为{rank_word(prev, prev_bound)}（参评总数原文未说明，名次变化不可直接比较）"
    if not prev_bound == last_bound == "exact":
        return f"上期为{rank_word(prev, prev_bound)}"
    diff = prev - last
    earlier = "" if prev_total == last_total else f"（第{prev}名/{prev_total}，参评总数不同）"
    return (f"较上期{earlier}上升{diff}位" if diff > 0 else f"较上期{earlier}下降{-diff}位" if diff < 0
            else f"与上期{earlier}持平")


def _rank_streaks(pairs: list[tuple]) -> list[str]:
    """后三位 / 前三位 streaks and 末位, each period judged against its own total (certain only:
    「前N」 (at most N) is in the top three when N <= 3; 「第N名以后」 in the bottom three when N > n - 3)."""
    top = [r <= 3 and b in ("exact", "upper") for r, b, _ in pairs]
    bottom = [bool(n) and r > n - 3 and b in ("exact", "lower") for r, b, n in pairs]
    parts = []
    streak_bottom, streak_top = _trailing_true(bottom), _trailing_true(top)
    if streak_bottom >= 2:
        parts.append(f"连续{chinese_number(streak_bottom, counting=True)}期排名后三位")
    elif streak_bottom == 1:
        parts.append("排名后三位")
    if streak_top >= 2 and pairs[-1][2]:
        parts.append(f"连续{chinese_number(streak_top, counting=True)}期排名前三位")
    last, last_bound, last_total = pairs[-1]
    if last_total and last == last_total and last_bound == "exact":
        parts.append("排名末位")
    return parts


def _trailing_true(flags: list[bool]) -> int:
    n = 0
    for flag in reversed(flags):
        if not flag:
            break
        n += 1
    return n


def latest_per_series(df: pd.DataFrame, stages=("现状", "整改后", "改革后")) -> pd.DataFrame:
    """The newest figure of each series among the given stages (the state 'now')."""
    if df.empty:
        return df
    cur = with_series_key(df[df["stage"].isin(stages)])
    cur = cur.sort_values(["period_end_on", "figure_id"])
    return cur.groupby(SERIES_KEY, sort=False).tail(1)



def largest_changes(pairs: pd.DataFrame, n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The n most important improvements and declines among comparable before/after pairs, for a
    leader: every change of a rate, rank, score or larger count first, by size (percentage points,
    places, per cent), then minor changes of small counts (is_minor). Pairs that are not
    comparable, or of indicators without a direction, take no part."""
    ranked = pairs.dropna(subset=["improvement"]) if len(pairs) else pairs
    if ranked.empty:
        return ranked, ranked
    ranked = ranked[ranked["is_comparable"].astype(bool)]
    order = ranked.assign(size=ranked["improvement"].abs()).sort_values(["is_minor", "size"], ascending=[True, False],
                                                                         kind="stable")
    return (order[order["improvement"] > 0].head(n).drop(columns="size"),
            order[order["improvement"] < 0].head(n).drop(columns="size"))


def headline_pair(pairs: pd.DataFrame):
    """The pair a theme's card shows: the largest change in a good or bad direction, else the
    first pair; None without pairs."""
    if pairs.empty:
        return None
    directed = pairs.dropna(subset=["improvement"])
    return directed.loc[directed["improvement"].abs().idxmax()] if len(directed) else pairs.iloc[0]


def rank_sentences(ranks: pd.DataFrame) -> list[tuple[str, str]]:
    """(series, rank_sentence) for each series of rank figures, oldest period first within each."""
    out = []
    for series, s in ranks.sort_values("period_end_on", kind="stable").groupby("series", sort=False):
        total = s["rank_total"].dropna()
        out.append((series, rank_sentence(list(s["value"]), total.iloc[-1] if len(total) else None, list(s["bound"]),
                                          list(s["rank_total"]))))
    return out


def comparison_bars(df: pd.DataFrame, unit: str, limit: int) -> pd.DataFrame:
    """地区对比's bars: only figures in the catalogue's `unit` (the build guarantees it; this keeps
    the promise visible), the `limit` largest when there are more, one bar per region (or unit),
    period and stage, so units of one region never stack on one spot."""
    df = df[df["unit"] == unit]
    if len(df) > limit:
        df = df.nlargest(limit, "value").sort_values(["region", "period_end_on", "stage"])
    who = [region_unit(r, u) for r, u in zip(df["region"], df["org_unit"], strict=True)]
    return df.assign(who=who, x=[f"{w}｜{p}" + ("" if s == "现状" else f"（{s}）")
                                 for w, p, s in zip(who, df["period_label"], df["stage"], strict=True)])


def comparability_notes(df: pd.DataFrame) -> list[str]:
    """Why figures of one indicator may still not be directly comparable: several documents,
    sub-unit scopes, mixed period grains, bounds."""
    notes = []
    if df["doc_no"].nunique() > 1:
        notes.append(f"数据来自 {df['doc_no'].nunique()} 份不同文件（{'、'.join(sorted(df['doc_no'].unique()))}），"
                     "各地统计口径、范围和时点可能不同。")
    scopes = sorted({u for u in df["org_unit"].dropna() if u})
    if scopes:
        notes.append("部分数据只涉及某一范围（" + "、".join(scopes) + "），与全地区数据不能直接比较。")
    if df["period_grain"].nunique() > 1:
        notes.append("期间粒度不一（" + "、".join(sorted(df["period_grain"].unique())) + "），年度、季度与时点数据不宜直接比大小。")
    if (df["bound"] != "exact").any():
        notes.append("含界限值或约数（图中斜线填充），不是确数。")
    return notes


def comparable_lines(df: pd.DataFrame) -> pd.DataFrame:
    """Adds `line`: the trend line a figure belongs to. A series of counts or amounts whose figures
    are of different kinds of period (全年数, 半年数, 累计数, 年内累计数 …) is split into one line per
    kind, named so, since only figures of one kind may be joined as a trend; other series are one line."""
    if df.empty:
        return df.assign(line=pd.Series(dtype=object))
    word = [period_word(g, bool(y)) for g, y in zip(df["period_grain"], df["is_year_to_date"], strict=True)]
    out = df.assign(_word=word)
    kinds = out.groupby("series")["_word"].transform("nunique")
    split = out["kind"].isin(PERIOD_BOUND_KINDS) & (kinds > 1)
    out["line"] = [f"{s}（{w}）" if sp else s for s, w, sp in zip(out["series"], out["_word"], split, strict=True)]
    return out.drop(columns="_word")


@dataclass(frozen=True)
class CardChange:
    """A figure's change since the comparable previous one, as st.metric shows it."""

    delta: str | None       # '+1.2 个百分点', '-1 位', '+12.5%', or the previous figure where no size may be computed
    color: str              # normal (up is good), inverse (down is good), off (no direction)
    arrow: str              # auto (from the sign), off
    description: str        # '较 2021年第2季度（94.07%）'


def card_change(r) -> CardChange:
    """`r` has value, unit, kind, bound, is_higher_better and previous_value, previous_bound,
    previous_label, previous_period (NULL when there is no comparable previous figure). Rates
    change in percentage points, ranks in places (up is better), other figures in per cent; a bound
    on either side gets no computed size, only the previous figure."""
    if missing(getattr(r, "previous_value", None)):
        return CardChange(None, "off", "off", "无可比的上期数据")
    described = f"较 {r.previous_period}（{r.previous_label}）"
    if r.bound != "exact" or r.previous_bound != "exact":
        return CardChange(f"上期 {r.previous_label}", "off", "off", f"{r.previous_period}；界限值不计算变化幅度")
    if r.unit == "名":
        places = int(r.previous_value - r.value)
        return CardChange(f"{places:+d} 位" if places else "名次不变", "normal" if places else "off",
                          "auto" if places else "off", described)
    if r.unit == "%":
        delta = f"{r.value - r.previous_value:+.2f}".rstrip("0").rstrip(".") + " 个百分点"
    elif r.previous_value:
        delta = f"{(r.value - r.previous_value) / abs(r.previous_value) * 100:+.1f}%"
    else:
        delta = f"{r.value - r.previous_value:+g}"
    if r.value == r.previous_value:
        return CardChange("持平", "off", "off", described)
    better = None if missing(r.is_higher_better) else bool(r.is_higher_better)
    return CardChange(delta, "off" if better is None else "normal" if better else "inverse", "auto", described)
