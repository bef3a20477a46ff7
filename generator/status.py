"""Publication status: which towns' reports this site holds, and when they were published.

The 2019 regulation asks for each year's report before 1 April of the next year. A year
is shown only once it is due, so the current year is never counted as missing.

The site claims only what its records and its district's declared coverage prove
(README, The public site). A report it does not hold is 未收录 (not on this site), unless
the district declares ``complete: true``: only then is it 未公开. Likewise a report whose
copy here was published after the deadline is called 逾期 only in a complete record, since
an incomplete site may simply hold a later copy. Years before the district's
``first_year`` are not graded at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from generator.model import District
from generator.regulation import deadline
from generator.tree import Catalog, DistrictEntry, ReportEntry, TownEntry

YEARS_INDEX = "years/index.md"  # 按年度查看: one page per due year, listed here


def year_url(year: int) -> str:
    """URL path of a year's page: who has a report of ``year`` on the site, who has not."""
    return f"years/{year}"


class Status(StrEnum):
    ONTIME = "ontime"
    LATE = "late"
    LISTED = "listed"  # on the site; whether on time cannot be said (see the module doc)
    UNDATED = "undated"
    MISSING = "missing"
    UNCOLLECTED = "uncollected"
    NOT_DUE = "notdue"  # a year before the district's first reporting year


LABELS = {
    Status.ONTIME: "按时",
    Status.LATE: "逾期",
    Status.LISTED: "已收录",
    Status.UNDATED: "日期未注明",
    Status.MISSING: "未公开",
    Status.UNCOLLECTED: "未收录",
    Status.NOT_DUE: "不评定",
}


def legend(first_years: list[int]) -> dict[Status, str]:
    """What each label means, in plain words (the first reporting year as declared)."""
    first = "、".join(str(y) for y in sorted(set(first_years))) or "2019"
    return {
        Status.ONTIME: "本站收录的报告注明的发布日期在次年 3 月 31 日或以前",
        Status.LATE: "发布日期在次年 4 月 1 日或以后（只用于声明本站为完整记录的区县）",
        Status.LISTED: "本站收录了该年度报告，但不评定是否按时：该年度早于应报告的第一个"
        "年度，或本站所收版本的发布日期晚于期限，而该区县未声明本站为完整记录（原报告可能"
        "已按时在别处发布）",
        Status.UNDATED: "本站收录了该年度报告，但报告没有注明发布日期，无法判断是否按时",
        Status.MISSING: "已过期限，本站没有该年度报告，而该区县声明本站收录其全部报告",
        Status.UNCOLLECTED: "本站没有该年度报告；这不代表没有公开，报告可能发布在其他网站",
        Status.NOT_DUE: f"早于应报告的第一个年度（{first} 年度），不评定",
    }


def status_of(report: ReportEntry | None, district: District | None = None) -> Status:
    """The status of one town's year: its report (or None) judged by its district's
    declared coverage (a district without declarations: nothing is claimed complete)."""
    complete = district is not None and district.complete
    if report is None:
        return Status.MISSING if complete else Status.UNCOLLECTED
    published = report.record.metadata.published
    if published is None:
        return Status.UNDATED
    if published <= deadline(report.year):
        return Status.ONTIME
    return Status.LATE if complete else Status.LISTED


def graded(year: int, report: ReportEntry | None, district: District) -> Status:
    """The status of a year, ungraded before the district's first reporting year."""
    if year < district.first_year:
        return Status.LISTED if report is not None else Status.NOT_DUE
    return status_of(report, district)


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
    """One town's row; ``town`` is None for a declared town with no record on the site."""

    place: str
    town: TownEntry | None
    cells: list[Cell]
    name: str = ""  # the town's own name (黑溪镇), without its district's


def last_due_year(today: dt.date) -> int:
    """The last year whose report is already due on ``today``."""
    return today.year - 1 if today > deadline(today.year - 1) else today.year - 2


def due_years(catalog: Catalog, today: dt.date) -> list[int]:
    """Years from the first report (or the first year a complete district's report was
    due, where the site can say it is missing) to the last one already due on ``today``."""
    years = [r.year for r in catalog.reports()]
    if not years:
        return []
    first = [d.record.first_year for d in catalog.districts if d.record.complete]
    start = min(*years, *first) if first else min(years)
    return list(range(start, max(last_due_year(today), *years) + 1))


def unrecorded(d: DistrictEntry) -> list[str]:
    """Declared towns (``towns:``) with no record on the site, in declared order."""
    known = {t.slug for t in d.towns} | {t.record.name for t in d.towns}
    return [name for name in d.record.towns if name not in known]


def in_order(d: DistrictEntry) -> list[tuple[str, TownEntry | None]]:
    """The district's towns as it lists them: its declared ``towns:`` order (a declared
    town without records has None), then towns it does not declare, in content order
    (``order:``, then folder name). Matrix, year pages and comparisons all use it, so a
    supervisor finds the towns in the order the district's own documents use."""
    by_key: dict[str, TownEntry] = {}
    for t in d.towns:
        by_key.setdefault(t.slug, t)
        by_key.setdefault(t.record.name, t)
    out: list[tuple[str, TownEntry | None]] = []
    seen: set[str] = set()
    for name in d.record.towns:
        town = by_key.get(name)
        if town is None:
            out.append((name, None))
        elif town.slug not in seen:
            seen.add(town.slug)
            out.append((town.record.name, town))
    return out + [(t.record.name, t) for t in d.towns if t.slug not in seen]


def _row(name: str, town: TownEntry | None, years: list[int], d: DistrictEntry) -> Row:
    # A previewed draft is not on the site: the matrix says what the public sees.
    by_year = {r.year: r for r in town.reports if not r.record.draft} if town else {}
    cells = [Cell(y, graded(y, by_year.get(y), d.record), by_year.get(y)) for y in years]
    return Row(d.record.name + name, town, cells, name)


def matrix(
    catalog: Catalog,
    today: dt.date,
    district: DistrictEntry | None = None,
    years: list[int] | None = None,
) -> tuple[list[int], list[Row]]:
    """Rows of towns (of one district, or of all) in the district's order (:func:`in_order`),
    one cell per due year, oldest first; a declared town with no record has a row too,
    every year 未收录 (or 未公开). ``years``: :func:`due_years`, when already worked out
    (it reads every report: once per site, not once per district)."""
    years = due_years(catalog, today) if years is None else years
    rows = []
    for d in [district] if district is not None else catalog.districts:
        rows += [_row(name, t, years, d) for name, t in in_order(d)]
    return years, rows


def counts(rows: list[Row]) -> dict[Status, int]:
    """How many cells of each status (for the summary line above a matrix)."""
    out = dict.fromkeys(Status, 0)
    for row in rows:
        for cell in row.cells:
            out[cell.status] += 1
    return out


@dataclass
class YearOfDistrict:
    """One district's towns for one year: who has a report on the site, and who has not."""

    district: DistrictEntry
    held: list[tuple[Row, Cell]]  # a report on the site (按时, 逾期, 已收录, 日期未注明)
    lacking: list[tuple[Row, Cell]]  # none on the site (未收录, 未公开, or 不评定)

    @property
    def counts(self) -> dict[Status, int]:
        out = dict.fromkeys(Status, 0)
        for _, cell in self.held + self.lacking:
            out[cell.status] += 1
        return out


def year_views(catalog: Catalog, today: dt.date) -> dict[int, list[YearOfDistrict]]:
    """Each due year (:func:`due_years`) → every district's towns, split into those with
    a report of that year here and those without, graded as the matrix grades them.
    Each district's matrix is worked out once, for all years."""
    out: dict[int, list[YearOfDistrict]] = {}
    due = due_years(catalog, today)
    for d in catalog.districts:
        years, rows = matrix(catalog, today, d, due)
        for at, year in enumerate(years):
            cells = [(row, row.cells[at]) for row in rows]
            held = [(r, c) for r, c in cells if c.report is not None]
            lacking = [(r, c) for r, c in cells if c.report is None]
            out.setdefault(year, []).append(YearOfDistrict(d, held, lacking))
    return out


def total(view: list[YearOfDistrict]) -> dict[Status, int]:
    """A year's counts over every district."""
    out = dict.fromkeys(Status, 0)
    for v in view:
        for s, n in v.counts.items():
            out[s] += n
    return out
