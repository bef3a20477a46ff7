"""The validated catalogue: districts → towns → reports, each knowing its parent and its URL.

One place derives every page's path: a report's URL is ``<district>/<town>/<year>``, its
Markdown page ``<district>/<town>/<year>.md`` and so on. Templates, the feed, the status
matrix and sharded builds ask an entry for its paths instead of composing them.

URL paths are written without slashes around them; :func:`rel_url` links two of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from generator.model import District, Report, Town

# Folder names are pinyin slugs: they become URLs.
SLUG = re.compile(r"\A[a-z0-9]+(-[a-z0-9]+)*\Z")
HOME_PAGE = "index.md"


def is_slug(name: str) -> bool:
    """True for a folder name usable in a URL: a-z, 0-9 and inner hyphens."""
    return SLUG.match(name) is not None


def page_of(url_path: str) -> str:
    """The Markdown file served at ``url_path``: always ``x/y/index.md``.

    Why never ``x/y.md``: the page is served at ``x/y/`` either way, but Zensical reads a
    relative link (Markdown or raw HTML) from the Markdown file's folder while MkDocs leaves
    raw HTML alone; only when the file's folder is the page's URL do both engines agree on
    every link the templates write (issue 16: the whole suite on both engines).
    """
    return f"{url_path}/index.md" if url_path else "index.md"


class Linkable(Protocol):
    """Anything with a page on the site."""

    @property
    def url_path(self) -> str: ...


@dataclass(eq=False)
class DistrictEntry:
    """One district (区/县) and its towns."""

    slug: str
    record: District
    towns: list[TownEntry] = field(default_factory=list)

    @property
    def url_path(self) -> str:
        return self.slug

    @property
    def page(self) -> str:
        return page_of(self.url_path)

    def reports(self) -> list[ReportEntry]:
        """The district's reports, town by town, year by year."""
        return [r for t in self.towns for r in t.reports]


@dataclass(eq=False)
class TownEntry:
    """One town, township, street or department, and its reports."""

    slug: str
    record: Town
    district: DistrictEntry = field(repr=False)
    reports: list[ReportEntry] = field(default_factory=list)

    @property
    def url_path(self) -> str:
        return f"{self.district.url_path}/{self.slug}"

    @property
    def page(self) -> str:
        return page_of(self.url_path)

    @property
    def place(self) -> str:
        """District and town as one name: 黔江区黑溪镇."""
        return self.district.record.name + self.record.name


@dataclass(eq=False)
class ReportEntry:
    """One report, where its record file lives, and where its page goes."""

    town: TownEntry = field(repr=False)
    year: int
    record: Report
    path: Path
    stamp: tuple[str, int, int] = ("", 0, 0)  # file identity for caches: path, mtime, size

    @property
    def district(self) -> DistrictEntry:
        return self.town.district

    @property
    def url_path(self) -> str:
        """Stable URL path: <district>/<town>/<year>."""
        return f"{self.town.url_path}/{self.year}"

    @property
    def page(self) -> str:
        return page_of(self.url_path)

    @property
    def source_file(self) -> str | None:
        """Where the source document is published: beside the page, as source.<ext>."""
        if not self.record.source:
            return None
        return f"{self.url_path}/source{Path(self.record.source).suffix}"


@dataclass
class Catalog:
    """Every valid record of a content tree, sorted for display."""

    districts: list[DistrictEntry] = field(default_factory=list)
    # Valid reports marked `draft: true`: checked like the others, never published.
    drafts: list[ReportEntry] = field(default_factory=list)

    def reports(self) -> list[ReportEntry]:
        """Every report, district by district, town by town, year by year."""
        return [r for d in self.districts for r in d.reports()]

    def preview_drafts(self) -> None:
        """The preview only: drafts join their towns' reports, their pages marked 草稿.

        A published build never calls this, so no draft reaches the public site.
        """
        for entry in self.drafts:
            entry.town.reports.append(entry)
            entry.town.reports.sort(key=lambda r: r.year)


def rel_url(from_path: str, to_path: str) -> str:
    """A link from the page served at ``from_path``/ to the page at ``to_path``/.

    Raw HTML blocks are not rewritten by the site engine, so links are computed here,
    as directory URLs that work under any base path.
    """
    here = [p for p in from_path.split("/") if p]
    there = [p for p in to_path.split("/") if p]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    return "/".join(parts) + "/" if parts else "./"
