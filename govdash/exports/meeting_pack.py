"""The meeting pack: for any agenda (saved, written inline as 总览,好差评, or on a snapshot) the slides
the meeting screen shows, as PPTX (pptx_pack.py) or PDF (pdf_pack.py), after a title slide.

The slides are the screen's own: the agenda parsed by meeting/agenda.py, the figures read with the
SQL the screen reads (meeting/slide_figures, window_unit_figures, theme_totals) straight from the
warehouse (or snapshot) file with DuckDB, and built by meeting/slides.build_slide. Only the drawing
differs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from govdash.exports import data
from govdash.labels import as_of_text, chinese_date, with_labels
from govdash.meeting import agenda as agendas
from govdash.meeting.slides import (
    HEADLINE_LIMIT,
    PAIR_LIMIT,
    RANK_LIMIT,
    DataSource,
    SlideView,
    build_slide,
    choose_agenda,
)
from govdash.warehouse import snapshot
from govdash.warehouse.atomic import replacing

FORMATS = (".pptx", ".pdf")


@dataclass(frozen=True)
class PackSlide:
    slide: agendas.Slide
    view: SlideView
    as_of: str  # 数据截至 of this slide: the newest period end among its figures


@dataclass(frozen=True)
class Pack:
    agenda: agendas.Agenda
    source: DataSource
    slides: tuple[PackSlide, ...]
    generated: dt.datetime

    @property
    def as_of(self) -> str:
        """数据截至 of the whole pack: the newest period end of any slide's figures."""
        frames = [s.view.figures for s in self.slides if not s.view.figures.empty and "period_end_on" in s.view.figures]
        return as_of_text(pd.concat(frames)) if frames else "—"

    def date_text(self) -> str:
        return chinese_date(self.generated)


def open_source(con_path: Path | None, snapshot_name: str | None) -> tuple[Path, DataSource]:
    """The file to read (live warehouse or a snapshot) and how the pack names it."""
    if not snapshot_name:
        return data.check_warehouse(con_path), DataSource()
    path = snapshot.existing(snapshot_name)
    with data.connect(path) as con:
        info = data.query(con, "meeting/snapshot_info")
    frozen = pd.Timestamp(info["created_at"].iloc[0]).to_pydatetime() if len(info) else None
    return path, DataSource(path, snapshot_name, frozen)


def slide_inputs(con, agenda: agendas.Agenda, slide: agendas.Slide, shared: dict) -> tuple:
    """What meeting/screen.py's slide_data gives a slide, read once per pack (figures, totals) and
    per slide where the screen does (window units)."""
    regions = list(agenda.regions)
    if "figures" not in shared:
        shared["figures"] = with_labels(data.query(con, "meeting/slide_figures", regions=regions,
                                                   series_limit=HEADLINE_LIMIT, rank_limit=RANK_LIMIT,
                                                   pair_limit=PAIR_LIMIT))
        shared["totals"] = data.query(con, "meeting/theme_totals", regions=regions)
    df = shared["figures"]
    units = data.query(con, "meeting/window_unit_figures", regions=regions) if slide.kind == "window_units" else df.iloc[0:0]
    return df, units, shared["totals"]


def check_regions(con, agenda: agendas.Agenda) -> None:
    known = set(data.query(con, "filters/options")["region"])
    unknown = [r for r in agenda.regions if r not in known]
    if unknown:
        raise data.ExportError(f"议程 {agenda.origin} 字段「regions」：「{'、'.join(unknown)}」不是数据仓库中的地区。"
                               f"可用：{'、'.join(sorted(known))}")


def build_pack(params: dict, warehouse: Path | None = None, now: dt.datetime | None = None) -> Pack:
    """The pack of the agenda the meeting-screen link parameters name (agenda, slides, title, snapshot).
    Unknown agendas, slides, regions and snapshots are Chinese errors (ExportError)."""
    try:
        agenda, _ = choose_agenda({k: v for k, v in params.items() if v})
        path, source = open_source(warehouse, params.get("snapshot"))
    except (agendas.AgendaError, snapshot.SnapshotError) as exc:
        raise data.ExportError(str(exc)) from None
    shared: dict = {}
    built = []
    with data.connect(path) as con:
        check_regions(con, agenda)
        for slide in agenda.slides:
            view = build_slide(slide, *slide_inputs(con, agenda, slide, shared))
            built.append(PackSlide(slide, view, as_of_text(view.figures)))
    return Pack(agenda, source, tuple(built), now or dt.datetime.now())


def pack_params(agenda: str | None = None, slides: str | None = None, snapshot_name: str | None = None,
                title: str | None = None) -> dict:
    """The meeting screen's link parameters for an agenda (?agenda=, ?slides=, ?snapshot=, ?title=)."""
    return {"agenda": agenda, "slides": slides, "snapshot": snapshot_name, "title": title}


def pack_format(out: Path) -> str:
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise data.ExportError(f"会议材料只能导出为 PPTX 或 PDF：输出文件名应以 .pptx 或 .pdf 结尾，收到「{Path(out).name}」。")
    return suffix


def render(pack: Pack, suffix: str) -> bytes:
    if suffix == ".pptx":
        from govdash.exports.pptx_pack import pptx_bytes

        return pptx_bytes(pack)
    from govdash.exports.pdf_pack import pdf_bytes

    return pdf_bytes(pack)


def write_pack(params: dict, out: Path, warehouse: Path | None = None) -> Path:
    """The pack as .pptx or .pdf (by the file name), written atomically (no half-written file)."""
    suffix = pack_format(out)
    content = render(build_pack(params, warehouse), suffix)
    with replacing(Path(out)) as tmp:
        tmp.write_bytes(content)
    return Path(out)


def pack_bytes(params: dict, suffix: str, warehouse: Path | None = None) -> bytes:
    """The pack as bytes (the meeting screen's and 评议组织's download buttons)."""
    return render(build_pack(params, warehouse), suffix)


def notice_bytes(message: str, suffix: str) -> bytes:
    """A pack of one page that says `message`, in the format the button promised."""
    if suffix == ".pptx":
        from govdash.exports.pptx_pack import notice_bytes as pptx_notice

        return pptx_notice(message)
    from govdash.exports.pdf_pack import notice_bytes as pdf_notice

    return pdf_notice(message)
