"""Graded reports in the warehouse: the published 民主评议 of window units (document, region,
year), read through the one gateway. Used by 窗口单位评议 and by 评议组织 (a new round starts
from the units of the newest report)."""

from __future__ import annotations

import pandas as pd

from govdash.evaluation.window_units import unit_order
from govdash.warehouse.db import WarehouseMissing, run_query

ALL_YEARS = (0, 9999)


def graded_reports(regions: list[str] | tuple[str, ...] = (), year_from: int = ALL_YEARS[0],
                   year_to: int = ALL_YEARS[1]) -> pd.DataFrame:
    """Every graded report under the filters, newest first (`report_id`: document-region-year)."""
    return run_query("window_units/graded_reports", regions=list(regions), year_from=year_from, year_to=year_to)


def report_figures(report) -> pd.DataFrame:
    """The figures of one report (a row of graded_reports)."""
    return run_query("window_units/report_figures", source_file=report.source_file, region=report.region,
                     year=int(report.year))


def latest_report_units() -> list[str]:
    """The graded units of the newest report in the warehouse, best grade first; none when
    the warehouse is not built or holds no report."""
    try:
        reports = graded_reports()
        if reports.empty:
            return []
        figures = report_figures(reports.iloc[0])
    except WarehouseMissing:
        return []
    return unit_order(figures[figures["is_graded_unit"]])
