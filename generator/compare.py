"""Comparison: the same figure across towns and years, as charts, a data table and CSV.

Charts are drawn here, at build time, as inline SVG: no JavaScript library, no CDN, and
they print. A chart shows one year (it says which), its towns in their districts' order
(the order the matrix uses), so the same town is always in the same place; the data
table beside it carries the same numbers for screen readers and for copying, and the
CSV file the same again for spreadsheets.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from generator.model import Metric
from generator.opendata import csv_bytes
from generator.status import in_order
from generator.tree import Catalog, ReportEntry, page_of

# Bars are drawn narrow, with each place's name above its bar rather than beside it, so a
# chart squeezed onto a 360 px phone (about 330 px of column) keeps its 16-unit text
# at 13 px; on a desktop it is drawn a little larger, never wider than 25rem.
WIDTH = 400
ROW, LABEL_Y, BAR_Y, BAR_H, VALUE_W, TOP = 48, 17, 23, 17, 120, 4
BAR_COLOR = "#b71c1c"  # dark enough for 3:1 against white (WCAG 1.4.11)
COMPARE_INDEX = "compare/index.md"
CSV_HEADER = [
    "指标",
    "单位",
    "年度",
    "区县",
    "镇街",
    "数值",
    "限定词",
    "原文写法",
    "原文句子",
    "报告页面",
]


@dataclass
class Point:
    """One figure of one report."""

    metric: Metric
    report: ReportEntry

    @property
    def place(self) -> str:
        return self.report.town.place

    @property
    def year(self) -> int:
        return self.report.year


@dataclass
class Comparison:
    """One figure (label and unit) as stated by several reports."""

    label: str
    unit: str
    points: list[Point] = field(default_factory=list)
    # place → its position in the catalogue (district order, then the district's towns in
    # their declared order): places sort by it, never by code point.
    rank: dict[str, int] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        """Stable URL part: the same label and unit always give the same page."""
        digest = hashlib.sha1(f"{self.label}\x00{self.unit}".encode()).hexdigest()
        return f"m-{digest[:10]}"

    @property
    def url_path(self) -> str:
        return f"compare/{self.slug}"

    @property
    def page(self) -> str:
        return page_of(self.url_path)

    @property
    def csv_file(self) -> str:
        """The data as CSV, served beside the page."""
        return f"{self.url_path}/data.csv"

    @property
    def csv_name(self) -> str:
        """The file name a download is saved under: the figure's name, not data.csv."""
        return f"{self.label}（{self.unit}）.csv".replace("/", "／")

    def places(self) -> list[str]:
        """Places stating the figure, in the districts' order."""
        return sorted({p.place for p in self.points}, key=self._order)

    def years(self) -> list[int]:
        """Years stating the figure, newest first."""
        return sorted({p.year for p in self.points}, reverse=True)

    def span(self) -> str:
        """The years covered, as a heading says them: 2024年度 or 2019—2024年度."""
        years = self.years()
        return f"{years[0]}年度" if len(years) == 1 else f"{years[-1]}—{years[0]}年度"

    def of_year(self, year: int) -> list[Point]:
        """The year's figures, in the districts' order."""
        return sorted(
            (p for p in self.points if p.year == year), key=lambda p: self._order(p.place)
        )

    def table(self) -> list[tuple[str, list[Point | None]]]:
        """Rows: place → one cell per year, newest first (None where that report has no
        such figure)."""
        index = {(p.place, p.year): p for p in self.points}
        years = self.years()
        return [(place, [index.get((place, y)) for y in years]) for place in self.places()]

    def sources(self) -> list[Point]:
        """Every point, newest year first, then in the districts' order."""
        return sorted(self.points, key=lambda p: (-p.year, self._order(p.place)))

    def _order(self, place: str) -> tuple[int, str]:
        return self.rank.get(place, len(self.rank)), place


def catalog_order(catalog: Catalog) -> dict[str, int]:
    """Each town's place name → its position: districts in order, towns as each declares."""
    places = [d.record.name + name for d in catalog.districts for name, _ in in_order(d)]
    return {place: i for i, place in enumerate(places)}


def comparisons(catalog: Catalog) -> list[Comparison]:
    """Every (label, unit) stated by at least two reports, most widely reported first."""
    rank = catalog_order(catalog)
    found: dict[tuple[str, str], Comparison] = {}
    for r in catalog.reports():
        for m in r.record.metrics:
            comp = found.setdefault((m.label, m.unit), Comparison(m.label, m.unit, rank=rank))
            comp.points.append(Point(m, r))
    shared = [c for c in found.values() if len(c.points) >= 2]
    return sorted(shared, key=lambda c: (-len(c.points), c.label, c.unit))


def bar_chart(comp: Comparison, year: int) -> str:
    """One year's value of each place as horizontal bars, in the districts' order, each
    place's name above its bar and the figure as printed after it."""
    points = comp.of_year(year)
    top = max((p.metric.value for p in points), default=Decimal(1)) or Decimal(1)
    span = WIDTH - VALUE_W
    rows = []
    for i, p in enumerate(points):
        y = TOP + i * ROW
        w = max(1, int(span * p.metric.value / top))
        rows.append(
            f'<text x="0" y="{y + LABEL_Y}">{escape(p.place)}</text>'
            f'<rect x="0" y="{y + BAR_Y}" width="{w}" height="{BAR_H}" fill="{BAR_COLOR}"/>'
            f'<text x="{w + 6}" y="{y + BAR_Y + BAR_H - 3}">{escape(p.metric.printed())}</text>'
        )
    title = f"{year}年度 {comp.label}（{comp.unit}）"
    desc = f"{year}年度各镇街{comp.label}：" + "；".join(
        f"{p.place} {p.metric.printed()}" for p in points
    )
    height = TOP + len(points) * ROW + 4
    return _svg(f"chart-{year}", height, title, desc, "".join(rows))


def _svg(ident: str, height: int, title: str, desc: str, body: str) -> str:
    return (
        f'<svg role="img" aria-labelledby="{ident}-t {ident}-d" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg" font-size="16">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def charts(comp: Comparison) -> list[tuple[int, str]]:
    """One bar chart per year, newest first."""
    return [(year, bar_chart(comp, year)) for year in comp.years()]


def to_csv(comp: Comparison) -> bytes:
    """The figure's data, one row per report stating it, with Chinese headers; UTF-8 with
    a byte-order mark, so Excel opens it as UTF-8 rather than as GBK."""
    rows: list[list[object]] = [
        [
            comp.label,
            comp.unit,
            p.year,
            p.report.district.record.name,
            p.report.town.record.name,
            format(p.metric.value, "f"),
            p.metric.qualifier or "",
            p.metric.printed(),
            p.metric.sentence,
            p.report.url_path + "/",
        ]
        for p in comp.sources()
    ]
    return csv_bytes(CSV_HEADER, rows)
