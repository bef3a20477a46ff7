"""Publication status: who published, when, and on time (towns × years).

The 2019 regulation asks for each year's report before 1 April of the next year. A year
is shown only once it is due, so the current year is never counted as missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from generator.tree import ReportEntry, Site, TownEntry


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


def deadline(year: int) -> dt.date:
    """Last on-time publication day for a report on ``year``."""
    return dt.date(year + 1, 3, 31)


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
    district: str
    town: TownEntry
    cells: list[Cell]


def due_years(site: Site, today: dt.date) -> list[int]:
    """Years from the first report to the last one already due on ``today``."""
    years = [r.year for r in site.reports()]
    if not years:
        return []
    last_due = today.year - 1 if today > deadline(today.year - 1) else today.year - 2
    return list(range(min(years), max(last_due, max(years)) + 1))


def matrix(site: Site, today: dt.date, district: str | None = None) -> tuple[list[int], list[Row]]:
    """Rows of towns (optionally of one district), one cell per due year."""
    years = due_years(site, today)
    rows = []
    for d in site.districts:
        if district is not None and d.slug != district:
            continue
        for t in d.towns:
            by_year = {r.year: r for r in t.reports}
            cells = [Cell(y, status_of(by_year.get(y)), by_year.get(y)) for y in years]
            rows.append(Row(d.record.name, t, cells))
    return years, rows


def counts(rows: list[Row]) -> dict[Status, int]:
    """How many cells of each status (for the summary line above a matrix)."""
    out = dict.fromkeys(Status, 0)
    for row in rows:
        for cell in row.cells:
            out[cell.status] += 1
    return out
