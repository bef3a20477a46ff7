"""The validated site: districts → towns → reports, sorted, ready to render."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.model import District, Report, Town


@dataclass
class ReportEntry:
    """One report and where it lives."""

    district: str
    town: str
    year: int
    record: Report
    path: Path
    stamp: tuple[str, int, int] = ("", 0, 0)  # file identity for caches: path, mtime, size

    @property
    def url_path(self) -> str:
        """Stable URL path, /<district>/<town>/<year>/ (without slashes around)."""
        return f"{self.district}/{self.town}/{self.year}"


@dataclass
class TownEntry:
    slug: str
    record: Town
    reports: list[ReportEntry] = field(default_factory=list)


@dataclass
class DistrictEntry:
    slug: str
    record: District
    towns: list[TownEntry] = field(default_factory=list)


@dataclass
class Site:
    districts: list[DistrictEntry] = field(default_factory=list)

    def reports(self) -> list[ReportEntry]:
        """Every report, district by district, town by town, year by year."""
        return [r for d in self.districts for t in d.towns for r in t.reports]
