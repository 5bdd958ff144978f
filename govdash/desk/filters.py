"""The shared filters (region, year range, theme): drawn once in the sidebar by app.py, kept in
the URL query string so any view can be sent as a link and opens the same way.

URL form: ?region=长沙市,武汉经开区&year=2020-2021&theme=好差评,一网通办&doubtful=hide
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from govdash.desk.url import write_query_params
from govdash.labels import shorten
from govdash.safe import md
from govdash.vocabulary import THEMES
from govdash.warehouse.db import run_query

KEY_REGIONS, KEY_YEARS, KEY_THEMES, KEY_DOUBT = "f_regions", "f_years", "f_themes", "f_hide_doubtful"
HIDE_DOUBTFUL = "hide"  # ?doubtful=hide
KEY_KEPT = "_filters_kept"  # the values while a page without filters is shown (keep_state)


@dataclass(frozen=True)
class Filters:
    regions: tuple[str, ...]
    year_from: int
    year_to: int
    themes: tuple[str, ...]
    first_year: int
    last_year: int
    hide_doubtful: bool = False  # leave out the figures whose reading the curators doubt (存疑)

    def params(self, themes: tuple[str, ...] | None = None) -> dict:
        """Bound parameters for the filtered queries; `themes` overrides the theme filter."""
        return {
            "regions": list(self.regions),
            "themes": list(self.themes if themes is None else themes),
            "year_from": self.year_from,
            "year_to": self.year_to,
            "hide_doubtful": self.hide_doubtful,
        }

    def covers_all_years(self) -> bool:
        return self.year_from <= self.first_year and self.year_to >= self.last_year

    def uses_precomputed(self) -> bool:
        """The build's per-series tables answer: no year cut off and nothing hidden."""
        return self.covers_all_years() and not self.hide_doubtful

    def describe(self, ignore_themes: bool = False) -> str:
        parts = [
            "地区：" + ("、".join(self.regions) if self.regions else "全部"),
            f"年份：{self.year_from}–{self.year_to}",
        ]
        if not ignore_themes:
            parts.append("主题：" + ("、".join(self.themes) if self.themes else "全部"))
        if self.hide_doubtful:
            parts.append("已隐藏存疑数据")
        return "；".join(parts)


MAX_LINK_VALUES = 50  # names read from one link parameter: a link is typed or sent, not a data dump


def _split(text: str | None) -> list[str]:
    """A link's list: split on commas, blanks dropped, duplicates dropped, at most MAX_LINK_VALUES."""
    values = dict.fromkeys(t.strip() for t in (text or "")[:5000].replace("，", ",").split(",") if t.strip())
    return list(values)[:MAX_LINK_VALUES]


def _years_from_url(text: str | None, first: int, last: int) -> tuple[int, int]:
    try:
        a, _, b = (text or "").partition("-")
        y0, y1 = int(a), int(b or a)
    except ValueError:
        return first, last
    y0, y1 = max(first, min(y0, y1)), min(last, max(y0, y1))
    return (y0, y1) if y0 <= y1 else (first, last)


def render_sidebar() -> Filters:
    """Draw the filter widgets in the sidebar and keep the URL in step with them."""
    options = run_query("filters/options")
    regions = list(options["region"])
    first, last = int(options["first_year"].min()), int(options["last_year"].max())
    labels = {r.region: " · ".join(x for x in (r.province, r.city if r.city != r.region else None, r.region)
                                   if isinstance(x, str) and x) for r in options.itertuples()}

    ignored = []
    if KEY_REGIONS not in st.session_state and KEY_KEPT in st.session_state:  # back from a page without filters
        st.session_state.update(st.session_state.pop(KEY_KEPT))
    if KEY_REGIONS not in st.session_state:  # first run of this session: take the link's filters
        qp = st.query_params
        wanted = _split(qp.get("region"))
        ignored += [w for w in wanted if w not in regions]
        st.session_state[KEY_REGIONS] = [w for w in wanted if w in regions]
        st.session_state[KEY_YEARS] = _years_from_url(qp.get("year"), first, last)
        wanted_themes = _split(qp.get("theme"))
        ignored += [w for w in wanted_themes if w not in THEMES]
        st.session_state[KEY_THEMES] = [w for w in wanted_themes if w in THEMES]
        st.session_state[KEY_DOUBT] = qp.get("doubtful") == HIDE_DOUBTFUL

    with st.sidebar:
        st.markdown("### 筛选")
        st.multiselect("地区", regions, key=KEY_REGIONS, format_func=lambda r: labels.get(r, r),
                       placeholder="全部地区", help="不选即全部地区；各页共用，并写入链接")
        if first < last:
            st.slider("年份", first, last, key=KEY_YEARS, help="按数据所属期间的结束年份筛选")
        else:
            st.session_state[KEY_YEARS] = (first, last)
        st.multiselect("主题", THEMES, key=KEY_THEMES, placeholder="全部主题",
                       help="专题页（一网通办、好差评等）固定为本专题，不受此项影响")
        st.toggle("隐藏存疑数据", key=KEY_DOUBT,
                  help="整理时对原文释读存疑的数据（标有「存疑」，理由见悬停和表格的释读说明）不显示，也不参与对比")
        st.button("清除筛选", on_click=_reset, args=(first, last), width="stretch")
        if ignored:  # one message, however many names: a crafted link must not draw thousands of boxes
            shown = "」「".join(shorten(n, 20) for n in ignored[:5])
            st.warning(md(f"链接中的「{shown}」" + (f"等 {len(ignored)} 项" if len(ignored) > 5 else "")
                          + "不是可选的地区或主题，已忽略。"))

    y0, y1 = st.session_state[KEY_YEARS]
    current = Filters(tuple(st.session_state[KEY_REGIONS]), int(y0), int(y1),
                      tuple(st.session_state[KEY_THEMES]), first, last, bool(st.session_state[KEY_DOUBT]))
    _write_url(current)
    return current


def _reset(first: int, last: int) -> None:
    st.session_state[KEY_REGIONS] = []
    st.session_state[KEY_YEARS] = (first, last)
    st.session_state[KEY_THEMES] = []
    st.session_state[KEY_DOUBT] = False


def _write_url(f: Filters) -> None:
    """The filters into the URL; page-specific parameters (e.g. ?figure=) that other code owns stay."""
    default_years = (f.year_from, f.year_to) == (f.first_year, f.last_year)
    write_query_params({
        "region": ",".join(f.regions) or None,
        "year": None if default_years else f"{f.year_from}-{f.year_to}",
        "theme": ",".join(f.themes) or None,
        "doubtful": HIDE_DOUBTFUL if f.hide_doubtful else None,
    })


def keep_state() -> None:
    """On a page that draws no filters: keep their values for the next page that does. Streamlit
    forgets a widget's value after a run that did not draw it, so they are copied aside."""
    kept = {key: st.session_state[key] for key in (KEY_REGIONS, KEY_YEARS, KEY_THEMES, KEY_DOUBT) if key in st.session_state}
    if kept:
        st.session_state[KEY_KEPT] = kept


def current() -> Filters:
    """The filters drawn by app.py on this run (pages call this)."""
    return st.session_state["_filters"]
