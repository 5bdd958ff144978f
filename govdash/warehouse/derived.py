"""Figures the build works out from curated ones, never stated by a document, always marked.

Complements: when the catalogue says a rate is 100% minus another (indicators.csv `complement_of`:
一体化平台未使用事项占比 → 使用事项占比; 好差评默认评价占比 → 主动评价率), each figure of the first is
also written as the second (one way only), so a before/after change shows in one series: 未使用 62.9% (整改前) becomes
使用 37.1%, beside the document's 使用 92.3% (整改后). The derived figure carries the source
figure's evidence and sentence, `is_derived` and its arithmetic (`derivation`), and its label says
推算. It is made only where the other indicator has figures of the same region and unit (so it
links to something), and never where the document states that figure itself.
"""

from __future__ import annotations

from govdash.labels import number_text

DERIVED_SUFFIX = "-C"  # figure_id of the complement of figure 001-0015: 001-0015-C
# A bound flips: more than 60% not used means less than 40% used.
FLIPPED_BOUND = {"exact": ("exact", None), "lower": ("upper", "不到"), "upper": ("lower", "超过"), "approx": ("approx", "约")}


def complement_figures(figures: list[dict], indicators: list[dict]) -> list[dict]:
    """The complement of every figure whose indicator has one, where it adds something."""
    # one way only: from the indicator that names its complement (未使用占比) into that one (使用占比),
    # so one fact never becomes two pairs
    pairs = {ind["indicator"]: ind["complement_of"] for ind in indicators if ind.get("complement_of")}
    stated = {(f["indicator"], f["region"], f["org_unit"], f["period_label"], f["stage"]) for f in figures}
    holders = {(f["indicator"], f["region"], f["org_unit"]) for f in figures}
    out = []
    for f in figures:
        other = pairs.get(f["indicator"])
        if other is None or f["is_derived"]:
            continue
        if (other, f["region"], f["org_unit"]) not in holders:
            continue  # nothing of the other indicator to compare with here
        if (other, f["region"], f["org_unit"], f["period_label"], f["stage"]) in stated:
            continue  # the document gives it: never replace a stated figure by arithmetic
        out.append(complement_of(f, other))
    return out


def complement_of(f: dict, other: str) -> dict:
    value = round(100 - f["value"], 6)
    bound, qualifier = FLIPPED_BOUND[f["bound"]]
    arithmetic = f"100% − {number_text(f['value'])}%（{f['indicator']}，{f['figure_id']}）= {number_text(value)}%"
    return {
        **f, "figure_id": f["figure_id"] + DERIVED_SUFFIX, "indicator": other, "value": value,
        "bound": bound, "qualifier": qualifier, "rank_total": None, "problem_id": f["problem_id"],
        "numerator_id": None, "denominator_id": None,
        "is_derived": True, "derivation": f"推算：{arithmetic}；原文未直接给出此数",
        "note": f"推算：{arithmetic}。原文未直接给出此数。" + (f"原数据说明：{f['note']}" if f["note"] else ""),
    }
