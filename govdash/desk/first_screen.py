"""总览's first screen, what a leader asks first: for 一网通办, 好差评, 互联网+监管 and 营商环境, the key
indicators' newest value per region with its period, the change since the comparable previous
figure and the rank "out of N"; then where the selected regions are behind. Which indicators are
key is data (indicators.csv key_order)."""

from __future__ import annotations

import re

import streamlit as st

from govdash import analysis
from govdash.charts.style import BAD, BLUE, BORDER, GOOD, INK, MUTED, THEME_COLORS
from govdash.desk import limits
from govdash.desk.components import source_links
from govdash.desk.filters import Filters
from govdash.desk.registry import evidence_link
from govdash.labels import region_unit
from govdash.safe import html, md
from govdash.warehouse.db import run_query

LEADER_THEMES = ("一网通办", "好差评", "互联网+监管", "营商环境")


CARD_CSS = f"""<style>
.kc-grid {{display:grid;grid-template-columns:7.5rem repeat({limits.KEY_CARDS}, minmax(0, 1fr));gap:10px 12px;
          align-items:stretch;margin:0.2rem 0 0.6rem 0}}
.kc-theme {{font-size:1.2rem;font-weight:700;padding-left:8px;border-left:6px solid;display:flex;flex-direction:column;
           justify-content:center}}
.kc-theme small {{font-size:0.8rem;font-weight:400;color:{MUTED}}}
.kc {{border:1px solid {BORDER};border-radius:8px;padding:8px 12px;min-width:0;background:white}}
.kc-title {{font-size:0.9rem;color:{INK};white-space:nowrap;overflow:hidden;text-overflow:ellipsis}}
.kc-value {{font-size:1.9rem;line-height:1.25;color:{INK};white-space:nowrap}}
.kc-value small {{font-size:0.85rem;color:{MUTED};margin-left:4px}}
.kc-value .kc-doubt {{font-size:0.8rem;color:{BAD};border:1px solid {BAD};border-radius:4px;padding:0 4px;
                     margin-left:6px;vertical-align:middle}}
.kc-delta {{font-size:0.85rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;color:{MUTED}}}
.kc-delta b {{font-weight:600}} .kc-good b {{color:{GOOD}}} .kc-bad b {{color:{BAD}}}
.kc-meta {{font-size:0.8rem;color:{MUTED};white-space:nowrap;overflow:hidden;text-overflow:ellipsis}}
.kc-meta a {{color:{BLUE}}}
</style>"""
_REMARK = re.compile(r"^(.*?)((?:（[^（）]*）)*)$")


def key_cards(f: Filters) -> None:
    """One row per theme: its name, then up to limits.KEY_CARDS cards, all in one element."""
    themes = tuple(t for t in LEADER_THEMES if not f.themes or t in f.themes)
    cards = run_query("overview/key_figures", **f.params(themes), limit=limits.KEY_CARDS) if themes else None
    if cards is None or cards.empty:
        st.info("当前筛选条件下，一网通办、好差评、互联网+监管、营商环境都没有重点指标的数据。可在左侧放宽筛选。")
        return
    st.html(CARD_CSS + key_cards_html(cards))


def key_cards_html(cards) -> str:
    """The cards as HTML (every value from the warehouse escaped): per theme a label and its cards."""
    rows = []
    for theme, g in cards.groupby("theme", sort=False):
        more = int(g["card_total"].iloc[0]) - len(g)
        rows.append(f"<div class='kc-theme' style='border-color:{THEME_COLORS[theme]}'>{html(theme)}"
                    + (f"<small>另有 {more} 项见专题页</small>" if more > 0 else "") + "</div>")
        cells = [key_card_html(r) for r in g.itertuples()]
        rows += cells + ["<div></div>"] * (limits.KEY_CARDS - len(cells))
    return "<div class='kc-grid'>" + "".join(rows) + "</div>"


def key_card_html(r) -> str:
    """A card: indicator and region, the value (remarks such as （总数未说明） small, 存疑 as a badge),
    the change since the comparable previous figure, period, stage and source with a link to the sentence."""
    change = analysis.card_change(r)
    main, remarks = _REMARK.match(r.label).groups()
    doubt = "（存疑）" in remarks
    remarks = remarks.replace("（存疑）", "")
    tone = {"normal": "kc-good", "inverse": "kc-bad"}.get(change.color, "")
    if change.delta and change.color != "off" and change.delta.startswith("-"):
        tone = "kc-bad" if change.color == "normal" else "kc-good"
    arrow = "" if change.arrow == "off" or not change.delta else ("↓ " if change.delta.startswith("-") else "↑ ")
    delta = (f"<b>{arrow}{html(change.delta)}</b> " if change.delta else "") + html(change.description)
    remark = "；".join(t for t in (r.doubt_reason, r.derivation) if isinstance(t, str) and t)
    tip = f"原文：{r.evidence}" + (f"\n存疑：{remark}" if remark else "")
    stage = "" if r.stage == "现状" else f" · {r.stage}"
    return (f"<div class='kc' title='{html(tip)}'><div class='kc-title'>{html(r.indicator)} · "
            f"{html(region_unit(r.region, r.org_unit))}</div>"
            f"<div class='kc-value'>{html(main)}<small>{html(remarks)}</small>"
            + ("<span class='kc-doubt'>存疑</span>" if doubt else "") + "</div>"
            f"<div class='kc-delta {tone}'>{delta}</div>"
            f"<div class='kc-meta'><a href='{html(evidence_link(r.figure_id))}' target='_self'>原文</a> · "
            f"来源 {html(r.doc_no)} · {html(r.period_label)}{html(stage)}</div></div>")


def behind(f: Filters) -> None:
    """Where the selected regions are behind: the lowest current rates and the ranks that fell most."""
    rows = run_query("overview/behind", **f.params(), limit=limits.BEHIND)
    low, fell = rows[rows["what"] == "low_rate"], rows[rows["what"] == "falling_rank"]
    left, right = st.columns(2)
    with left:
        st.markdown("**比率最低**（越高越好的指标的最新值）")
        st.markdown("\n".join(f"- **{md(r.series)}**：{md(r.label)}（{md(r.period_label)}）[原文]({evidence_link(r.figure_id)})"
                              for r in low.itertuples()) or "当前筛选下没有这类数据。")
    with right:
        st.markdown("**名次下降**（与上一个可比名次相比）")
        st.markdown("\n".join(
            f"- **{md(r.series)}**：{md(r.previous_label)}（{md(r.previous_period)}）→ {md(r.label)}（{md(r.period_label)}），"
            f"下降 {int(r.value - r.previous_value)} 位；原文 [前]({evidence_link(r.previous_id)}) · [后]({evidence_link(r.figure_id)})"
            for r in fell.itertuples()) or "当前筛选下没有名次下降的数据。")


def largest_changes(pairs) -> None:
    """改善最大 / 下降最大: the most important comparable changes (analysis.largest_changes)."""
    improved, declined = analysis.largest_changes(pairs, limits.OVERVIEW_CHANGES)
    for col, title, part, colour in zip(st.columns(2), ("改善最大", "下降最大"), (improved, declined), (GOOD, BAD),
                                        strict=True):
        with col:
            st.subheader(title)
            if part.empty:
                st.info(f"当前筛选下没有{title}的可比前后数据。")
            for r in part.itertuples():
                st.markdown(
                    f"<span style='color:{colour};font-weight:700'>{'▲' if r.improvement > 0 else '▼'}</span> "
                    f"**{md(r.series)}**：{md(analysis.pair_phrase(r))}<br><span style='color:{MUTED};font-size:0.9em'>"
                    f"{md(r.before_period)}（{md(r.before_stage)}）→ {md(r.after_period)}（{md(r.after_stage)}），"
                    f"来源 {md(r.doc_no)}，原文 {source_links(r.before_id, r.after_id)}</span>", unsafe_allow_html=True)
    st.caption(f"只比较口径和期间可比的前后数据。比率按百分点、排名按名次、其余按相对变化比较；数目小于 "
               f"{analysis.MINOR_COUNT} 的计数变化（如 1 次增至 6 次）排在其余变化之后；无明确好坏方向的指标不参与排序。")


def theme_cards(f: Filters, summary, pairs, themes) -> None:
    """各主题要点: per theme its counts, its most important change and its newest rank."""
    cols = st.columns(3)
    # split once: a boolean mask per theme copies every column of the frame twelve times over
    cards = {row["theme"]: row for row in summary.to_dict("records")}
    comparable = pairs[pairs["is_comparable"].astype(bool)] if len(pairs) else pairs
    by_theme = dict(tuple(comparable.groupby("theme", sort=False))) if len(comparable) else {}
    for i, theme in enumerate(t for t in (f.themes or themes) if t in cards):
        card = cards[theme]
        with cols[i % 3].container(border=True):
            st.markdown(f"#### <span style='color:{THEME_COLORS[theme]}'>■</span> {html(theme)}", unsafe_allow_html=True)
            st.caption(f"{card['figure_count']:,} 条数据，{card['indicator_count']} 项指标，{card['region_count']:,} 个地区")
            r = analysis.headline_pair(by_theme.get(theme, comparable.iloc[:0]))
            if r is not None:
                st.metric(md(r["series"]), r["after_label"], delta=analysis.pair_phrase(r), delta_color="off",
                          help=md(f"{r['before_period']} → {r['after_period']}；来源 {r['doc_no']}：{r['after_evidence']}"))
            latest = card["latest_rank"] if isinstance(card["latest_rank"], dict) else (
                card["latest_current"] if r is None and isinstance(card["latest_current"], dict) else None)
            if latest:
                st.metric(md(f"{latest['indicator']}｜{latest['region']}"), latest["label"],
                          help=md(f"{latest['period_label']}；来源 {latest['doc_no']}：{latest['evidence']}"))
