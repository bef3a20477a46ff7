"""Publication status: who published, when, and on time (towns × years).

The 2019 regulation asks for each year's report before 1 April of the next year. A year
is shown only once it is due, so the current year is never counted as missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from generator.regulation import deadline
from generator.tree import Catalog, DistrictEntry, ReportEntry, TownEntry


class Status(StrEnum):
    ONTIME = "ontime"
    LATE = "late"
    MISSING = "missing"
    UNDATED = "undated"


LABELS = {
    Status.ONTIME: "按时",
    Status.LATE: "逾期",
    Status.MISSING: "未公开",
    Status.UNDATED: "日期不详",
}
LEGEND = {
    Status.ONTIME: "次年 3 月 31 日前发布",
    Status.LATE: "次年 4 月 1 日及以后发布",
    Status.MISSING: "已到期，本站没有该年度报告",
    Status.UNDATED: "有报告，未填写发布日期",
}


def status_of(report: ReportEntry | None) -> Status:
    if report is None:
        return Status.MISSING
    published = report.record.metadata.published
    if published is None:
        return Status.UNDATED
    return Status.ONTIME if published <= deadline(report.year) else Status.LATE


@dataclass
class Cell:
    year: int
    status: Status
    report: ReportEntry | None

    @property
    def label(self) -> str:
        return LABELS[self.status]


@dataclass
class Row:
    town: TownEntry
    cells: list[Cell]


def due_years(catalog: Catalog, today: dt.date) -> list[int]:
    """Years from the first report to the last one already due on ``today``."""
    years = [r.year for r in catalog.reports()]
    if not years:
        return []
    last_due = today.year - 1 if today > deadline(today.year - 1) else today.year - 2
    return list(range(min(years), max(last_due, *years) + 1))


def matrix(
    catalog: Catalog, today: dt.date, district: DistrictEntry | None = None
) -> tuple[list[int], list[Row]]:
    """Rows of towns (of one district, or of all), one cell per due year."""
    years = due_years(catalog, today)
    rows = []
    for d in [district] if district is not None else catalog.districts:
        for t in d.towns:
            # A previewed draft is not on the site: the matrix says what the public sees.
            by_year = {r.year: r for r in t.reports if not r.record.draft}
            cells = [Cell(y, status_of(by_year.get(y)), by_year.get(y)) for y in years]
            rows.append(Row(t, cells))
    return years, rows


def counts(rows: list[Row]) -> dict[Status, int]:
    """How many cells of each status (for the summary line above a matrix)."""
    out = dict.fromkeys(Status, 0)
    for row in rows:
        for cell in row.cells:
            out[cell.status] += 1
    return out
