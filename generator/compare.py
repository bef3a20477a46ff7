"""Comparison: the same figure across towns and years, as a chart and its data table.

Charts are drawn here, at build time, as inline SVG: no JavaScript library, no CDN, and
they print. The data table beside each chart carries the same numbers for screen
readers and for copying.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from generator.model import Metric
from generator.tree import Catalog, ReportEntry, page_of

WIDTH = 640
BAR_H, GAP, LEFT, RIGHT = 22, 8, 150, 90
LINE_H, TOP, BOTTOM = 260, 20, 40
PALETTE = [
    "#b71c1c",
    "#0d47a1",
    "#1b5e20",
    "#bf360c",
    "#4a148c",
    "#006064",
    "#3e2723",
    "#880e4f",
]  # dark enough for 3:1 against white (WCAG 1.4.11)
MAX_LINES = 8
COMPARE_INDEX = "compare/index.md"


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
    label: str
    unit: str
    points: list[Point] = field(default_factory=list)

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

    def places(self) -> list[str]:
        return sorted({p.place for p in self.points})

    def years(self) -> list[int]:
        return sorted({p.year for p in self.points})

    def table(self) -> list[tuple[str, list[Point | None]]]:
        """Rows: place → one cell per year (None where that report has no such figure)."""
        index = {(p.place, p.year): p for p in self.points}
        years = self.years()
        return [(place, [index.get((place, y)) for y in years]) for place in self.places()]


def comparisons(catalog: Catalog) -> list[Comparison]:
    """Every (label, unit) stated by at least two reports, most widely reported first."""
    found: dict[tuple[str, str], Comparison] = {}
    for r in catalog.reports():
        for m in r.record.metrics:
            comp = found.setdefault((m.label, m.unit), Comparison(m.label, m.unit))
            comp.points.append(Point(m, r))
    shared = [c for c in found.values() if len(c.points) >= 2]
    return sorted(shared, key=lambda c: (-len(c.points), c.label, c.unit))


def _svg(height: int, title: str, desc: str, body: str) -> str:
    return (
        f'<svg role="img" aria-labelledby="chart-t chart-d" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" style="max-width:100%;height:auto" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="12">'
        f'<title id="chart-t">{escape(title)}</title><desc id="chart-d">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def bar_chart(comp: Comparison) -> str:
    """Latest year's value of each place, as horizontal bars (longest first)."""
    year = comp.years()[-1]
    points = sorted((p for p in comp.points if p.year == year), key=lambda p: -p.metric.value)
    top = max((p.metric.value for p in points), default=Decimal(1)) or Decimal(1)
    span = WIDTH - LEFT - RIGHT
    rows = []
    for i, p in enumerate(points):
        y = TOP + i * (BAR_H + GAP)
        w = max(1, int(span * p.metric.value / top))
        rows.append(
            f'<text x="{LEFT - 8}" y="{y + 15}" text-anchor="end">{escape(p.place)}</text>'
            f'<rect x="{LEFT}" y="{y}" width="{w}" height="{BAR_H}" fill="{PALETTE[0]}"/>'
            f'<text x="{LEFT + w + 6}" y="{y + 15}">{escape(p.metric.printed())}</text>'
        )
    height = TOP + len(points) * (BAR_H + GAP) + 10
    desc = f"{year}年各地{comp.label}：" + "；".join(
        f"{p.place} {p.metric.printed()}" for p in points
    )
    return _svg(height, f"{year}年 {comp.label}（{comp.unit}）", desc, "".join(rows))


def line_chart(comp: Comparison) -> str:
    """Each place's value year by year (for a few places over several years)."""
    years, rows = comp.years(), comp.table()
    top = max(p.metric.value for p in comp.points) or Decimal(1)
    span_x, span_y = WIDTH - LEFT - RIGHT, LINE_H - TOP - BOTTOM

    def xy(i: int, value: Decimal) -> tuple[int, int]:
        x = LEFT + (span_x * i // max(1, len(years) - 1))
        return x, TOP + span_y - int(span_y * value / top)

    parts = [
        f'<line x1="{LEFT}" y1="{TOP + span_y}" x2="{LEFT + span_x}" y2="{TOP + span_y}" '
        'stroke="#555"/>'
    ]
    for i, year in enumerate(years):
        x, _ = xy(i, Decimal(0))
        parts.append(f'<text x="{x}" y="{LINE_H - 15}" text-anchor="middle">{year}</text>')
    for n, (place, cells) in enumerate(rows):
        color = PALETTE[n % len(PALETTE)]
        pts = [xy(i, c.metric.value) for i, c in enumerate(cells) if c is not None]
        path = " ".join(f"{x},{y}" for x, y in pts)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        parts += [f'<circle cx="{x}" cy="{y}" r="3" fill="{color}"/>' for x, y in pts]
        lx, ly = pts[-1]
        parts.append(f'<text x="{lx + 6}" y="{ly + 4}" fill="{color}">{escape(place)}</text>')
    desc = "；".join(
        f"{place}："
        + "，".join(f"{y}年 {c.metric.printed()}" for y, c in zip(years, cells, strict=True) if c)
        for place, cells in rows
    )
    return _svg(LINE_H, f"{comp.label}（{comp.unit}）历年变化", desc, "".join(parts))


def chart(comp: Comparison) -> str:
    """The chart that reads best for this data."""
    if len(comp.years()) >= 2 and len(comp.places()) <= MAX_LINES:
        return line_chart(comp)
    return bar_chart(comp)
