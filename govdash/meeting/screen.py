"""会议大屏 (/meeting): the Streamlit screen around the slides of slides.py.

The page (pages/meeting/screen.py) only calls `main()`. Here: the page's own dark CSS (meeting.css), a
header fragment that ticks every second (clock; it triggers a full rerun when the wall clock
reaches the next slide), the slide body, a footer naming the slide's documents, and small
pause/step controls.

Nothing is kept on the server between reruns except Streamlit's bounded query cache: the slide
is a function of the agenda, the query string and the clock (meeting/agenda.py), so a screen
that reconnects after a server restart carries on where the agenda stands, and each rotation
replaces the same fixed set of elements (no accumulation in server or browser).
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import streamlit as st

from govdash.charts.render import show
from govdash.charts.style import TEMPLATE_DARK
from govdash.desk.url import write_query_params
from govdash.exports.ui import meeting_pack_buttons
from govdash.labels import as_of_text, with_labels
from govdash.meeting import agenda as agendas
from govdash.meeting.slides import (
    HEADLINE_LIMIT,
    PAIR_LIMIT,
    RANK_LIMIT,
    DataSource,
    build_slide,
    choose_agenda,
    esc,
    footer_html,
    header_html,
)
from govdash.safe import md
from govdash.warehouse import snapshot
from govdash.warehouse.db import WarehouseMissing, run_query

CSS = Path(__file__).with_name("meeting.css")


def open_source(name: str | None) -> DataSource:
    if not name:
        return DataSource()
    path = snapshot.existing(name)
    info = run_query("meeting/snapshot_info", warehouse=path)
    frozen = pd.Timestamp(info["created_at"].iloc[0]).to_pydatetime() if len(info) else None
    return DataSource(path, name, frozen)


# A wall screen nobody touches must not stay frozen: if the header's clock (redrawn every second by
# the fragment below) stands still for `seconds` while the server answers its health check, the
# page reloads itself, and the clock-driven agenda carries on where it stands. (Seen under the load
# benchmark's overload: the session kept its connection but the screen stopped rotating for good.)
# While the server is down, Streamlit's own reconnect does the work and nothing reloads.
_WATCHDOG = st.components.v2.component("govdash_screen_watchdog", js="""
export default function(component) {
  const seconds = (component.data && component.data.seconds) || 45;
  if (window.__govdashWatchdog) { window.__govdashWatchdog.seconds = seconds; return; }
  const dog = window.__govdashWatchdog = {seconds: seconds, last: null, since: Date.now(), busy: false};
  setInterval(async () => {
    const clock = document.querySelector('.mtg-time');
    const text = clock ? clock.textContent : null;
    if (text !== dog.last) { dog.last = text; dog.since = Date.now(); return; }
    if (dog.busy || Date.now() - dog.since < dog.seconds * 1000) return;
    dog.busy = true;
    try {
      const health = await fetch('./_stcore/health', {cache: 'no-store'});
      if (health.ok) { window.location.reload(); return; }
    } catch (e) { /* the server is down: Streamlit reconnects by itself */ }
    dog.busy = false;
  }, 2000);
}""")


@st.fragment(run_every=1)
def header(agenda: agendas.Agenda, playback: agendas.Playback, shown: int, as_of: str, source: DataSource) -> None:
    """Ticks every second: the clock and the progress bar; when the wall clock has moved on to
    another slide, reruns the page (which draws that slide)."""
    now = time.time()
    pos = agendas.position(agenda, playback, now)
    if pos.index != shown:
        st.rerun()
    st.html(header_html(agenda, pos, as_of, source, now, st.context.timezone))


def _control(action: str, agenda: agendas.Agenda, playback: agendas.Playback) -> None:
    now = time.time()
    if action == "pause":
        write_query_params(agendas.pause_params(agenda, playback, now))
    elif action == "resume":
        write_query_params(agendas.resume_params(agenda, playback, now))
    else:
        write_query_params(agendas.step_params(agenda, playback, now, -1 if action == "prev" else 1))


def controls(agenda: agendas.Agenda, playback: agendas.Playback, params: dict | None = None) -> None:
    """Three small buttons in the bottom-right corner, faint until the pointer is near, and ⤓ (the
    agenda as a meeting pack, PPTX or PDF). Keyboard: ← previous, space pause/resume, → next."""
    with st.container(key="mtg-controls", horizontal=True, gap="small", width="content"):
        st.button("◀", key="mtg-prev", help="上一页（←）", on_click=_control, args=("prev", agenda, playback),
                  shortcut="Left", type="tertiary")
        if playback.paused:
            st.button("▶ 继续", key="mtg-toggle", help="继续轮播（空格）", on_click=_control,
                      args=("resume", agenda, playback), shortcut="Space", type="tertiary")
        else:
            st.button("❚❚ 暂停", key="mtg-toggle", help="暂停在本页（空格）", on_click=_control,
                      args=("pause", agenda, playback), shortcut="Space", type="tertiary")
        st.button("▶", key="mtg-next", help="下一页（→）", on_click=_control, args=("next", agenda, playback),
                  shortcut="Right", type="tertiary")
        if params is not None:
            meeting_pack_buttons(params)


def slide_data(source: DataSource, agenda: agendas.Agenda, slide: agendas.Slide
               ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The figures a slide can show (bounded whatever the warehouse holds), the window-unit figures
    when it is that slide, and the per-theme totals."""
    regions = list(agenda.regions)
    df = with_labels(run_query("meeting/slide_figures", warehouse=source.path, regions=regions,
                               series_limit=HEADLINE_LIMIT, rank_limit=RANK_LIMIT, pair_limit=PAIR_LIMIT))
    units = (run_query("meeting/window_unit_figures", warehouse=source.path, regions=regions)
             if slide.kind == "window_units" else df.iloc[0:0])
    totals = run_query("meeting/theme_totals", warehouse=source.path, regions=regions)
    return df, units, totals


def main() -> None:
    st.html(CSS)
    params = st.query_params.to_dict()
    try:
        agenda, warnings = choose_agenda(params)
        source = open_source(params.get("snapshot"))
        known = set(run_query("filters/options", warehouse=source.path)["region"])
        unknown = [r for r in agenda.regions if r not in known]
        if unknown:
            raise agendas.AgendaError(f"议程 {agenda.origin} 字段「regions」：「{'、'.join(unknown)}」不是数据仓库中的地区。"
                                      f"可用：{'、'.join(sorted(known))}")
    except (agendas.AgendaError, snapshot.SnapshotError, WarehouseMissing) as exc:
        st.error(md(str(exc)))  # the message may quote the link: text only
        return
    playback, more = agendas.read_playback(params, len(agenda))
    watchdog, late = agendas.read_watchdog(params.get("watchdog"))
    warnings += more + late
    now = time.time()
    if not playback.paused and playback.slide is not None:  # ?slide=3: the rotation starts there, now
        write_query_params({"slide": None, "start": str(agenda.start_for(playback.slide, now))})
        playback = agendas.Playback(start=agenda.start_for(playback.slide, now))
    pos = agendas.position(agenda, playback, now)
    slide = agenda.slides[pos.index]

    df, units, totals = slide_data(source, agenda, slide)
    view = build_slide(slide, df, units, totals)

    header(agenda, playback, pos.index, as_of_text(view.figures), source)
    note = f"<span class='mtg-note'>{esc(view.note)}</span>" if view.note else ""
    st.html(f"<section class='mtg-slide-head'><h2>{esc(view.title)}</h2><p>{esc(view.subtitle)}</p>{note}</section>")
    if view.charts:
        for col, fig in zip(st.columns(len(view.charts), gap="large"), view.charts, strict=True):
            with col:
                show(fig, template=TEMPLATE_DARK, config={"displayModeBar": False})
    else:
        st.html(f"<section class='mtg-body'>{view.body}</section>")
    st.html(footer_html(view, warnings))
    controls(agenda, playback, params)
    _WATCHDOG(data={"seconds": watchdog}, key="mtg_watchdog")

