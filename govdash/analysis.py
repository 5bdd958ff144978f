"""Analysis on figures already read from the warehouse: series, before/after pairs, changes and
the Chinese sentences leaders read. Pure pandas, no Streamlit, so it is unit-tested directly."""

from __future__ import annotations

import pandas as pd

from govdash.labels import format_value, missing, number_text, region_unit

SERIES_KEY = ["indicator", "region", "org_unit_key"]
BEFORE_STAGES = ("整改前", "改革前")
AFTER_STAGES = ("整改后", "改革后")


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
    before/after value, label, period, figure_id and evidence, change, improvement.
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
    pairs["change"] = pairs["after_value"] - pairs["before_value"]
    pairs["improvement"] = [improvement(r.before_value, r.after_value, r.is_higher_better, r.unit) for r in pairs.itertuples()]
    return pairs


def _labels(df: pd.DataFrame) -> list[str]:
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
    return f"由 {r.before_label} {verb} {r.after_label}" if verb else f"保持 {r.after_label}"


def rank_word(rank: int, bound: str = "exact") -> str:
    """A rank as the text gives it: 第3名, 前3名 (rank at most 3), 第3名以后, 约第3名."""
    return {"upper": f"前{rank}名", "lower": f"第{rank}名以后", "approx": f"约第{rank}名"}.get(bound, f"第{rank}名")


def rank_sentence(ranks: list[float], total: float | None, bounds: list[str] | None = None) -> str:
    """Chinese summary of a rank trajectory (oldest first): 较上期上升3位, 连续两期排名后三位 …

    A bounded rank (「前三」: at most 3rd) is written as the text gives it and is never used for a
    computed change; it counts towards 前三位/后三位 only where the bound makes that certain."""
    given = bounds if bounds is not None else ["exact"] * len(ranks)
    pairs = [(int(r), b) for r, b in zip(ranks, given, strict=True) if not missing(r)]
    if not pairs:
        return ""
    has_total = not missing(total)
    last, last_bound = pairs[-1]
    parts = [f"最新排名{rank_word(last, last_bound)}" + (f"（共{int(total)}个）" if has_total else "（参评总数原文未说明）")]
    if len(pairs) >= 2:
        prev, prev_bound = pairs[-2]
        if prev_bound == last_bound == "exact":
            diff = prev - last
            parts.append(f"较上期上升{diff}位" if diff > 0 else f"较上期下降{-diff}位" if diff < 0 else "与上期持平")
        else:
            parts.append(f"上期为{rank_word(prev, prev_bound)}")
    if has_total:
        n = int(total)
        # certain only: 「前N」 (at most N) is in the top three when N <= 3; 「第N名以后」 in the bottom three when N > n - 3
        top = [r <= 3 and b in ("exact", "upper") for r, b in pairs]
        bottom = [r > n - 3 and b in ("exact", "lower") for r, b in pairs]
        streak_bottom = _trailing_true(bottom)
        streak_top = _trailing_true(top)
        if streak_bottom >= 2:
            parts.append(f"连续{_cn_count(streak_bottom)}期排名后三位")
        elif streak_bottom == 1:
            parts.append("排名后三位")
        if streak_top >= 2:
            parts.append(f"连续{_cn_count(streak_top)}期排名前三位")
        if last == n and last_bound == "exact":
            parts.append("排名末位")
    if len(pairs) >= 3:
        best, worst = min(pairs), max(pairs)
        parts.append(f"期间最好{rank_word(*best)}、最差{rank_word(*worst)}")
    return "，".join(parts) + "。"


def _trailing_true(flags: list[bool]) -> int:
    n = 0
    for flag in reversed(flags):
        if not flag:
            break
        n += 1
    return n


def _cn_count(n: int) -> str:
    return "两" if n == 2 else "一二三四五六七八九十"[n - 1] if n <= 10 else str(n)


def latest_per_series(df: pd.DataFrame, stages=("现状", "整改后", "改革后")) -> pd.DataFrame:
    """The newest figure of each series among the given stages (the state 'now')."""
    if df.empty:
        return df
    cur = with_series_key(df[df["stage"].isin(stages)])
    cur = cur.sort_values(["period_end_on", "figure_id"])
    return cur.groupby(SERIES_KEY, sort=False).tail(1)



def largest_changes(pairs: pd.DataFrame, n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The n largest improvements and the n largest declines among before/after pairs (by
    `improvement`; pairs of indicators without a direction take no part)."""
    ranked = pairs.dropna(subset=["improvement"]) if len(pairs) else pairs
    if ranked.empty:
        return ranked, ranked
    return (ranked[ranked["improvement"] > 0].nlargest(n, "improvement"),
            ranked[ranked["improvement"] < 0].nsmallest(n, "improvement"))


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
        out.append((series, rank_sentence(list(s["value"]), total.iloc[-1] if len(total) else None, list(s["bound"]))))
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
