"""Meeting agendas: which slides the meeting screen (/meeting) shows, in which order and for how
long, and where the rotation stands at a given moment. Pure Python, no Streamlit: unit-tested.

A saved agenda is data/agendas/<name>.toml, opened with /meeting?agenda=<name>:

    title = "政务服务效能月度例会"   # shown in the header
    seconds = 20                     # default seconds per slide (2–3600)
    regions = ["长沙市"]              # optional: only these regions' figures

    [[slides]]
    slide = "总览"
    seconds = 30

    [[slides]]
    slide = "好差评"                  # a theme name: that theme's headline numbers

Slide names (English or Chinese): overview/总览, ranking/排名, before_after/整改前后,
window_units/窗口单位对比, and headline:<主题> or just <主题>.

Where the rotation stands is derived from the wall clock, never from server state:
slide = position of (now - start) in the agenda's cycle. `start` defaults to 0 (the Unix
epoch), so every screen showing the same agenda shows the same slide, and a screen that
reconnects after a server restart simply carries on. Pausing and stepping only change the
query string (?pause=1&slide=3, ?start=<epoch seconds>), which survives a restart too.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from govdash import config
from govdash.vocabulary import THEMES

MIN_SECONDS, MAX_SECONDS = 2, 3600
MAX_LINK_SLIDES = 60  # slides written in a link (?slides=)
MAX_TITLE = 60        # characters of a title from a link (?title=)
DEFAULT_SECONDS = 20
DEFAULT_NAME = "default"
DEFAULT_TITLE = "政务服务效能看板"

# id -> Chinese title. A headline slide names its theme: "headline:好差评".
KINDS = {
    "overview": "总览：各主题要点",
    "headline": "主题要点",
    "ranking": "排名",
    "before_after": "整改（改革）前后",
    "window_units": "窗口单位对比",
}
ALIASES = {"总览": "overview", "排名": "ranking", "整改前后": "before_after", "窗口单位对比": "window_units",
           "窗口单位": "window_units", "要点": "headline", "主题要点": "headline"}
_NAME = re.compile(r"^[\w\-]+$")
_TOP_KEYS = {"title", "seconds", "regions", "slides"}
_SLIDE_KEYS = {"slide", "seconds"}


class AgendaError(ValueError):
    """An agenda that cannot be used; the message (Chinese) says which file and field."""


@dataclass(frozen=True)
class Slide:
    kind: str
    theme: str | None = None
    seconds: int = DEFAULT_SECONDS

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.theme}" if self.theme else self.kind

    @property
    def title(self) -> str:
        return self.theme if self.kind == "headline" else KINDS[self.kind]


@dataclass(frozen=True)
class Position:
    index: int  # 0-based slide index
    elapsed: float  # seconds the slide has been showing (0 when paused)
    remaining: float | None  # seconds until the next slide; None when paused


@dataclass(frozen=True)
class Agenda:
    name: str
    title: str
    slides: tuple[Slide, ...]
    regions: tuple[str, ...] = ()
    origin: str = "默认议程"

    def __len__(self) -> int:
        return len(self.slides)

    @property
    def cycle(self) -> int:
        return sum(s.seconds for s in self.slides)

    def with_interval(self, seconds: int) -> Agenda:
        """The same slides, each shown for `seconds` (the ?interval= option)."""
        return replace(self, slides=tuple(replace(s, seconds=seconds) for s in self.slides))

    def offset(self, index: int) -> int:
        """Seconds from the start of the cycle to the start of slide `index`."""
        return sum(s.seconds for s in self.slides[: index % len(self.slides)])

    def at(self, now: float, start: float = 0.0) -> Position:
        """The slide showing at wall-clock time `now` for a rotation anchored at `start`."""
        t = (now - start) % self.cycle
        for i, slide in enumerate(self.slides):
            if t < slide.seconds:
                return Position(i, t, slide.seconds - t)
            t -= slide.seconds
        return Position(len(self.slides) - 1, 0.0, float(self.slides[-1].seconds))  # float rounding only

    def start_for(self, index: int, now: float) -> int:
        """The anchor that makes slide `index` begin at `now` (whole seconds, for the URL)."""
        return math.floor(now) - self.offset(index)


# --- reading agendas -------------------------------------------------------------------------

def parse_slide(text: str, where: str) -> Slide:
    """'overview', '总览', 'headline:好差评', '好差评' … -> Slide (seconds set by the caller)."""
    raw = str(text).strip()
    kind, _, theme = raw.partition(":") if ":" in raw else raw.partition("：")
    kind = ALIASES.get(kind, kind)
    if kind in THEMES and not theme:
        kind, theme = "headline", raw
    if kind not in KINDS:
        raise AgendaError(f"{where}：未知的幻灯片「{raw}」。可用：{slide_choices()}")
    if kind == "headline":
        if theme not in THEMES:
            raise AgendaError(f"{where}：主题要点页需写明主题，如「headline:好差评」；「{theme or '（空）'}」不是主题。"
                              f"可用主题：{'、'.join(THEMES)}")
        return Slide("headline", theme)
    if theme:
        raise AgendaError(f"{where}：「{kind}」页不带参数，请去掉「:{theme}」")
    return Slide(kind)


def slide_choices() -> str:
    return "、".join(f"{k}（{t}）" for k, t in KINDS.items() if k != "headline") + "、headline:<主题>（或直接写主题名）"


def check_seconds(value, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_SECONDS <= value <= MAX_SECONDS:
        raise AgendaError(f"{where}：应为 {MIN_SECONDS}–{MAX_SECONDS} 之间的整数秒，实际为「{value}」")
    return value


def parse_agenda(text: str, name: str, origin: str) -> Agenda:
    """Validate an agenda's TOML text. Every problem is reported at once, with file and field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AgendaError(f"议程文件 {origin} 不是合法的 TOML：{exc}") from None
    problems: list[str] = []

    def field(key: str) -> str:
        return f"{origin} 字段「{key}」"

    for key in sorted(set(data) - _TOP_KEYS):
        problems.append(f"{field(key)}：未知字段（可用：{'、'.join(sorted(_TOP_KEYS))}）")
    title = data.get("title", DEFAULT_TITLE)
    if not isinstance(title, str) or not title.strip():
        problems.append(f"{field('title')}：应为非空文字")
        title = DEFAULT_TITLE
    default_seconds = DEFAULT_SECONDS
    if "seconds" in data:
        try:
            default_seconds = check_seconds(data["seconds"], field("seconds"))
        except AgendaError as exc:
            problems.append(str(exc))
    regions = data.get("regions", [])
    if not isinstance(regions, list) or not all(isinstance(r, str) and r for r in regions):
        problems.append(f"{field('regions')}：应为地区名称的列表，如 [\"长沙市\"]")
        regions = []
    raw_slides = data.get("slides")
    slides: list[Slide] = []
    if not isinstance(raw_slides, list) or not raw_slides:
        problems.append(f"{field('slides')}：至少需要一页，写作 [[slides]] 表，每页含 slide = \"…\"")
        raw_slides = []
    for i, entry in enumerate(raw_slides, start=1):
        where = f"{origin} 第{i}页（[[slides]] 第{i}项）"
        if not isinstance(entry, dict):
            problems.append(f"{where}：应为 [[slides]] 表")
            continue
        for key in sorted(set(entry) - _SLIDE_KEYS):
            problems.append(f"{where} 字段「{key}」：未知字段（可用：slide、seconds）")
        if "slide" not in entry:
            problems.append(f"{where} 字段「slide」：缺少幻灯片名称")
            continue
        try:
            slide = parse_slide(entry["slide"], f"{where} 字段「slide」")
            seconds = check_seconds(entry["seconds"], f"{where} 字段「seconds」") if "seconds" in entry else default_seconds
            slides.append(replace(slide, seconds=seconds))
        except AgendaError as exc:
            problems.append(str(exc))
    if problems:
        raise AgendaError(f"议程 {origin} 有 {len(problems)} 处问题：\n" + "\n".join(f"- {p}" for p in problems))
    return Agenda(name=name, title=title.strip(), slides=tuple(slides), regions=tuple(regions), origin=origin)


def default_agenda() -> Agenda:
    """Every theme: an overview, one headline slide per theme, rankings, before/after, window units."""
    slides = [Slide("overview", seconds=30)]
    slides += [Slide("headline", theme) for theme in THEMES]
    slides += [Slide("ranking", seconds=30), Slide("before_after", seconds=30), Slide("window_units", seconds=30)]
    return Agenda(name=DEFAULT_NAME, title=DEFAULT_TITLE, slides=tuple(slides))


def agenda_path(name: str) -> Path:
    return config.agendas_dir() / f"{name}.toml"


def saved_agendas() -> list[str]:
    directory = config.agendas_dir()
    return sorted(p.stem for p in directory.glob("*.toml") if p.is_file() and _NAME.match(p.stem)) \
        if directory.is_dir() else []


def load_agenda(name: str | None) -> Agenda:
    """The saved agenda data/agendas/<name>.toml; the built-in default when no name is given
    (a saved default.toml, if present, replaces the built-in one)."""
    name = (name or DEFAULT_NAME).strip()
    saved = saved_agendas()
    if name not in saved:  # checked against the list before any file is touched: a name is never a path
        if name == DEFAULT_NAME:
            return default_agenda()
        shown = name if len(name) <= 40 else name[:40] + "…"
        raise AgendaError(f"议程「{shown}」不存在。已保存的议程：{'、'.join(saved) or '（无）'}"
                          f"（保存在 data/agendas/ 下，每个议程一个 .toml 文件）")
    path = agenda_path(name)
    return parse_agenda(path.read_text(encoding="utf-8"), name, _shown(path))


def inline_agenda(text: str, title: str | None = None) -> Agenda:
    """?slides=总览,好差评,排名 : an agenda written in the link itself (seconds from ?interval=)."""
    names = [t.strip() for t in re.split(r"[,，]", text[:2000]) if t.strip()]
    if not names:
        raise AgendaError("链接参数「slides」：至少需要一页，如 ?slides=总览,好差评,排名")
    if len(names) > MAX_LINK_SLIDES:
        raise AgendaError(f"链接参数「slides」：最多 {MAX_LINK_SLIDES} 页，现为 {len(names)} 页")
    slides = tuple(parse_slide(n, f"链接参数「slides」第{i}项") for i, n in enumerate(names, start=1))
    return Agenda(name="link", title=(title or DEFAULT_TITLE)[:MAX_TITLE], slides=slides, origin="链接参数 slides")


def _shown(path: Path) -> str:
    """A path as messages show it: relative to the project, never the server's absolute path."""
    try:
        return path.resolve().relative_to(config.ROOT).as_posix()
    except ValueError:
        return path.name


# --- playback: pause, step, resume (all kept in the query string) ----------------------------

@dataclass(frozen=True)
class Playback:
    paused: bool = False
    slide: int | None = None  # 0-based; the paused slide, or where a running rotation begins
    start: float = 0.0  # anchor of a running rotation (epoch seconds)


TRUE_WORDS = ("1", "true", "yes", "on", "是")


def read_playback(params: Mapping[str, str], n_slides: int) -> tuple[Playback, list[str]]:
    """?pause=1&slide=3 (paused on slide 3), ?slide=3 (start the rotation at slide 3),
    ?start=<epoch seconds> (anchor of the running rotation). Bad values are ignored with a
    Chinese warning naming the parameter."""
    warnings = []
    paused = str(params.get("pause", "")).strip().lower() in TRUE_WORDS
    slide = None
    if params.get("slide"):
        try:
            slide = (int(params["slide"]) - 1) % n_slides
        except ValueError:
            warnings.append(f"链接参数「slide」应为页码（1–{n_slides}），「{params['slide']}」已忽略")
    start = 0.0
    if params.get("start"):
        try:
            start = float(params["start"])
        except ValueError:
            warnings.append(f"链接参数「start」应为秒数，「{params['start']}」已忽略")
    if paused and slide is None:
        slide = 0
    return Playback(paused=paused, slide=slide, start=start), warnings


def read_link_seconds(name: str, raw: str | None, low: int, high: int) -> tuple[int | None, list[str]]:
    """A link parameter of whole seconds in [low, high]: (seconds, []) or, when absent, (None, []);
    anything else (None, [a Chinese warning naming the parameter and the range])."""
    if not raw:
        return None, []
    try:
        seconds = int(raw)
    except ValueError:
        seconds = None
    if seconds is not None and low <= seconds <= high:
        return seconds, []
    return None, [f"链接参数「{name}」应为 {low}–{high} 之间的整数秒，「{raw[:20]}」已忽略"]


def read_interval(raw: str | None) -> tuple[int | None, list[str]]:
    return read_link_seconds("interval", raw, MIN_SECONDS, MAX_SECONDS)


WATCHDOG_SECONDS, WATCHDOG_RANGE = 45, (5, 600)


def read_watchdog(raw: str | None) -> tuple[int, list[str]]:
    """?watchdog=N: seconds the screen's clock may stand still before the page reloads itself."""
    seconds, warnings = read_link_seconds("watchdog", raw, *WATCHDOG_RANGE)
    return seconds or WATCHDOG_SECONDS, warnings


def position(agenda: Agenda, playback: Playback, now: float) -> Position:
    if playback.paused:
        return Position(playback.slide or 0, 0.0, None)
    return agenda.at(now, playback.start)


# Each returns the query parameters to write (None = remove).
def pause_params(agenda: Agenda, playback: Playback, now: float) -> dict[str, str | None]:
    return {"pause": "1", "slide": str(position(agenda, playback, now).index + 1), "start": None}


def resume_params(agenda: Agenda, playback: Playback, now: float) -> dict[str, str | None]:
    index = position(agenda, playback, now).index
    return {"pause": None, "slide": None, "start": str(agenda.start_for(index, now))}


def step_params(agenda: Agenda, playback: Playback, now: float, step: int) -> dict[str, str | None]:
    index = (position(agenda, playback, now).index + step) % len(agenda)
    if playback.paused:
        return {"pause": "1", "slide": str(index + 1), "start": None}
    return {"pause": None, "slide": None, "start": str(agenda.start_for(index, now))}
