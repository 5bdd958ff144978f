"""What every export reads, without Streamlit: the filters (the desk's, or the command line's), the
warehouse opened read-only with DuckDB, and the named SQL of queries/ (warehouse/sql.py).

The app's gateway (warehouse/db.py) caches for pages; an export runs once per click or command, so
it opens its own read-only connection, runs its queries and closes it. It opens the build the path
names at that moment the same way the gateway does (warehouse/readonly.py: a fresh in-memory DuckDB
with the file attached), never DuckDB's instance of a file a rebuild has since replaced."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from govdash import config
from govdash.labels import chinese_date
from govdash.vocabulary import THEMES
from govdash.warehouse import readonly
from govdash.warehouse.sql import load_sql


class ExportError(RuntimeError):
    """An export that cannot be made; the message (Chinese) says why and what to do."""


@dataclass(frozen=True)
class ExportFilters:
    """The shared filters of the desk (govdash.desk.filters.Filters has the same fields): regions and
    themes (empty = all), an inclusive year range of period ends, and whether 存疑 figures are left out."""
    regions: tuple[str, ...] = ()
    year_from: int = 0
    year_to: int = 9999
    themes: tuple[str, ...] = ()
    hide_doubtful: bool = False

    @classmethod
    def of(cls, f) -> ExportFilters:
        """From the desk's Filters (or anything with its fields), without importing Streamlit."""
        return cls(tuple(f.regions), int(f.year_from), int(f.year_to), tuple(f.themes), bool(f.hide_doubtful))

    def params(self) -> dict:
        return {"regions": list(self.regions), "themes": list(self.themes), "year_from": self.year_from,
                "year_to": self.year_to, "hide_doubtful": self.hide_doubtful}

    def theme_list(self) -> list[str]:
        """The themes asked for, in the house order; every theme when none is."""
        return [t for t in THEMES if not self.themes or t in self.themes]

    def describe(self, first_year: int | None = None, last_year: int | None = None) -> list[tuple[str, str]]:
        """(what, value) lines for a 说明 page: 地区, 年份, 主题, 存疑数据."""
        y0 = max(self.year_from, first_year) if first_year is not None else self.year_from
        y1 = min(self.year_to, last_year) if last_year is not None else self.year_to
        return [
            ("地区", "、".join(self.regions) if self.regions else "全部地区"),
            ("年份", f"{y0}–{y1} 年（按数据所属期间的结束年份）"),
            ("主题", "、".join(self.theme_list()) if self.themes else "全部主题"),
            ("存疑数据", "已隐藏（不列出、不参与对比）" if self.hide_doubtful else "列出，并标「（存疑）」"),
        ]

    def file_stem(self) -> str:
        """A short file-name part naming the filters: 长沙市-2020-2021-好差评."""
        parts = ["、".join(self.regions[:2]) + ("等" if len(self.regions) > 2 else "") if self.regions else "全部地区"]
        if self.year_from > 0 or self.year_to < 9999:
            parts.append(f"{self.year_from}-{self.year_to}")
        if self.themes:
            parts.append("、".join(self.themes[:2]) + ("等" if len(self.themes) > 2 else ""))
        return "-".join(parts)


def check_warehouse(path: Path | None = None) -> Path:
    path = Path(path or config.warehouse_path())
    if not path.is_file():
        raise ExportError(f"数据仓库 {path} 尚未生成：请在项目目录运行 make data。")
    return path


@contextlib.contextmanager
def connect(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the warehouse (or a snapshot) as built now, closed afterwards."""
    with readonly.connect(check_warehouse(path)) as con:
        yield con


@contextlib.contextmanager
def cursor(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of a `connect()` connection (for streaming rows), reading the same build, closed afterwards."""
    cur = readonly.cursor(con)
    try:
        yield cur
    finally:
        cur.close()


def query(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """queries/<name>.sql with bound parameters (never formatted into the SQL)."""
    return readonly.run(con, load_sql(name), params)


def year_span(con: duckdb.DuckDBPyConnection) -> tuple[list[str], int, int]:
    """The regions with figures and the first and last year (what the sidebar offers)."""
    options = query(con, "filters/options")
    if options.empty:
        raise ExportError("数据仓库中没有任何数据。")
    return list(options["region"]), int(options["first_year"].min()), int(options["last_year"].max())


def checked(con: duckdb.DuckDBPyConnection, f: ExportFilters) -> ExportFilters:
    """The filters with the year range clipped to the warehouse's; an unknown region or theme, or a
    year range outside the data, is a Chinese error naming it and the choices."""
    regions, first, last = year_span(con)
    unknown = [r for r in f.regions if r not in regions]
    if unknown:
        raise ExportError(f"未知的地区「{'、'.join(unknown)}」。可选地区：{'、'.join(regions)}")
    bad_themes = [t for t in f.themes if t not in THEMES]
    if bad_themes:
        raise ExportError(f"未知的主题「{'、'.join(bad_themes)}」。可选主题：{'、'.join(THEMES)}")
    y0, y1 = max(f.year_from, first), min(f.year_to, last)
    if y0 > y1:
        raise ExportError(f"年份 {f.year_from}–{f.year_to} 不在数据的年份范围 {first}–{last} 之内。")
    return ExportFilters(f.regions, y0, y1, f.themes, f.hide_doubtful)


def parse_years(text: str | None) -> tuple[int, int]:
    """'2020-2021' or '2021' -> (2020, 2021); (0, 9999) when not given."""
    if not text:
        return 0, 9999
    a, _, b = text.replace("–", "-").partition("-")
    try:
        y0, y1 = int(a), int(b or a)
    except ValueError:
        raise ExportError(f"年份「{text}」应写作 2021 或 2020-2021。") from None
    return min(y0, y1), max(y0, y1)


def split_names(values: list[str] | None) -> tuple[str, ...]:
    """--region 长沙市 --region 濮阳县, or --region 长沙市,濮阳县 (、 and ， also separate)."""
    out: list[str] = []
    for value in values or []:
        out += [v.strip() for v in value.replace("，", ",").replace("、", ",").split(",") if v.strip()]
    return tuple(dict.fromkeys(out))


def generated_at(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now()
    return f"{chinese_date(now)} {now:%H:%M}"
