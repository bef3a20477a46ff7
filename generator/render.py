"""Render stage: the validated catalogue → every page as Markdown, and the navigation.

Engine-neutral: nothing here knows about MkDocs. Output is deterministic (same input and
same date, same bytes). Pages unchanged since the last run come from the cache. Writing
the result to disk is the next stage (:mod:`.write`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from generator import status
from generator.cache import Cache
from generator.compare import COMPARE_INDEX, Comparison, charts, comparisons, to_csv
from generator.feed import atom
from generator.markup import Md, nav_title, template_env
from generator.opendata import open_data
from generator.report_page import (
    Download,
    RecordDates,
    neighbours,
    published_source,
    render_report,
)
from generator.rules import SeedProblem, read_seed
from generator.sample import sample_and_real
from generator.tree import (
    HOME_PAGE,
    Catalog,
    DistrictEntry,
    Linkable,
    ReportEntry,
    TownEntry,
    page_of,
    rel_url,
)

SITE_TITLE = "法治政府建设年度报告公开"


@dataclass
class Rendered:
    """The rendered tree: relative path → bytes, plus the navigation."""

    files: dict[str, bytes] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)
    # Paths whose bytes came from the cache: written by an earlier run, so when the file
    # is still there it need not be read back and compared.
    reused: set[str] = field(default_factory=set)
    # What the theme needs to know of the whole site (site.json beside nav.json): whether
    # it holds sample data, so every page, 404 included, carries the 示例数据 banner.
    site: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """Everything pages are rendered from."""

    catalog: Catalog
    today: dt.date
    updated: dict[str, dt.date] = field(default_factory=dict)  # record path → last git change
    added: dict[str, dt.date] = field(default_factory=dict)  # record path → first commit
    cache: Cache = field(default_factory=Cache)
    env: jinja2.Environment = field(default_factory=template_env)
    reused: set[str] = field(default_factory=set)

    def page(self, template: str, here: str, **values: Any) -> bytes:
        """Render ``template`` for the page served at ``here``; ``link(x)`` in the
        template links to anything with a page (or a URL path)."""
        return (
            self.env.get_template(template)
            .render(link=lambda to: link(here, to), **values)
            .encode()
        )

    @functools.cached_property
    def due_years(self) -> list[int]:
        """The years the status matrices show (:func:`status.due_years`), once a run."""
        return status.due_years(self.catalog, self.today)

    def memo(self, key: Any, make: Callable[[], bytes], rel: str) -> bytes:
        """Reuse the bytes rendered last time for the same inputs."""
        found = self.cache.get(key)
        if found is not None:
            self.reused.add(rel)
            return found
        return self.cache.put(key, make())


def link(here: str, to: Linkable | str) -> Md:
    """A relative link from the page served at ``here`` to ``to`` (an entry or a URL path)."""
    return Md(rel_url(here, to if isinstance(to, str) else to.url_path))


# Above this many districts the home page sums the status up by district: a row per town
# cost about 0.8 KB of its HTML, 1.6 MB at 2,000 towns (issue 16, flat in N); each
# district's page keeps its towns' table. The same number folds the menu (partials/nav.html).
SUMMED_ABOVE = 12


def _status_block(ctx: Context, here: str, district: DistrictEntry | None = None) -> dict[str, Any]:
    """The publication-status matrix as the template needs it (links relative to ``here``).

    Newest year first: the year a reader asks about is in view without scrolling, and
    each year's header links to that year's page (who has, who has not). On the home page
    of a portal of more than :data:`SUMMED_ABOVE` districts, one row per district counts
    its towns' statuses year by year and links its page.
    """
    years = ctx.due_years
    by_district: list[tuple[str, Md, list[list[tuple[str, str, int]]]]] = []
    view: list[tuple[str, list[tuple[str, str, Md | None]]]] = []
    if district is None and len(ctx.catalog.districts) > SUMMED_ABOVE:
        rows = []
        for d in ctx.catalog.districts:
            _, own = status.matrix(ctx.catalog, ctx.today, d, years)
            by_district.append((d.record.name, Md(f"{link(here, d)}#status"), _summed(own, years)))
            rows += own  # status.matrix of every district: these, in this order
    else:
        _, rows = status.matrix(ctx.catalog, ctx.today, district, years)
        view = [
            (
                row.place,
                [
                    (c.status.value, c.label, link(here, c.report) if c.report else None)
                    for c in reversed(row.cells)
                ],
            )
            for row in rows
        ]
    counts = status.counts(rows)
    shown = [s for s in status.Status if counts[s]]  # only what this matrix uses
    districts = [district] if district is not None else ctx.catalog.districts
    legend = status.legend([d.record.first_year for d in districts])
    return {
        "years": [(y, link(here, status.year_url(y))) for y in reversed(years)],
        "rows": view,
        "counts": [(s.value, status.LABELS[s], counts[s]) for s in shown],
        "legend": [(s.value, status.LABELS[s], legend[s]) for s in shown],
        "as_of": ctx.today,
        "by_district": by_district,
        # Districts not declared complete: the matrix says its 未收录 accuses no one.
        "partial": [d.record.name for d in districts if not d.record.complete],
    }


def _summed(rows: list[status.Row], years: list[int]) -> list[list[tuple[str, str, int]]]:
    """Per year, newest first: (class, label, how many of ``rows``' towns) per status that
    occurs (a district without towns: an empty cell each year)."""
    out = []
    for i in reversed(range(len(years))):
        counted = Counter(row.cells[i].status for row in rows)
        out.append([(s.value, status.LABELS[s], counted[s]) for s in status.Status if counted[s]])
    return out


def coverage(d: DistrictEntry) -> dict[str, Any]:
    """What the site holds of a district: towns with reports, declared towns, reports."""
    published = [r for r in d.reports() if not r.record.draft]
    return {
        "towns": len({r.town.slug for r in published}),
        "reports": len(published),
        "declared": len(d.record.towns),
        "missing": status.unrecorded(d),
        "complete": d.record.complete,
    }


def latest_reports(catalog: Catalog, count: int = 10) -> list[ReportEntry]:
    """最新报告: newest 发布日期 first; reports without one after every dated report,
    newest year first (then district and town, for a stable order)."""

    def newest_first(r: ReportEntry) -> tuple[int, int, int, str, str]:
        published = r.record.metadata.published
        return (
            published is None,
            -published.toordinal() if published else 0,
            -r.year,
            r.district.slug,
            r.town.slug,
        )

    return sorted(catalog.reports(), key=newest_first)[:count]


def _home(ctx: Context, comps: list[Comparison], latest: list[ReportEntry]) -> bytes:
    return ctx.page(
        "home.md.j2",
        "",
        catalog=ctx.catalog,
        coverage={d.slug: coverage(d) for d in ctx.catalog.districts},
        departments=any(t.record.kind == "部门" for d in ctx.catalog.districts for t in d.towns),
        latest=latest,
        status=_status_block(ctx, ""),
        comps=comps[:10],
    )


def _district(ctx: Context, d: DistrictEntry) -> bytes:
    return ctx.page(
        "district.md.j2",
        d.url_path,
        d=d,
        # 当前位置 for `{% include "_crumbs.md.j2" %}` (part A: report and town pages have it).
        crumbs=[("首页", link(d.url_path, "")), (d.record.name, None)],
        cover=coverage(d),
        towns=status.in_order(d),
        status=_status_block(ctx, d.url_path, d),
    )


def _town(ctx: Context, t: TownEntry) -> bytes:
    key = (
        "town",
        t.district.record.name,
        t.record.name,
        t.record.kind,
        tuple(r.stamp for r in t.reports),
    )
    return ctx.memo(key, lambda: _town_page(ctx, t), t.page)


def _town_page(ctx: Context, t: TownEntry) -> bytes:
    reports = sorted(t.reports, key=lambda r: r.year)
    labels: dict[str, dict[int, str]] = {}
    for r in reports:
        for m in r.record.metrics:
            labels.setdefault(m.label, {})[r.year] = m.printed()
    here = t.url_path
    crumbs = [("首页", link(here, "")), (t.district.record.name, link(here, t.district))]
    return ctx.page(
        "town.md.j2",
        here,
        crumbs=[*crumbs, (t.record.name, None)],
        t=t,
        reports=reports[::-1],
        figures=labels,
        years=[r.year for r in reports],
    )


def _report(ctx: Context, r: ReportEntry, download: Download | None = None) -> bytes:
    dates = RecordDates(ctx.added.get(r.stamp[0]), ctx.updated.get(r.stamp[0]))
    # The page links the town's years before and after, and names the download's size.
    near = neighbours(r)
    key = ("report", r.stamp, r.town.record.name, r.district.record.name, dates, near, download)
    return ctx.memo(key, lambda: render_report(ctx.env, r, dates, download).encode(), r.page)


def _town_block(ctx: Context, seeds: Path, t: TownEntry) -> tuple[dict[str, bytes], Any]:
    """A town's page, its reports' pages and source files, and its navigation entry.

    Kept whole under what the pages' own keys hold (the town, its reports' files and
    dates): a rerun after one save asks once per town, not once per report. Not when a
    report has a source document, which can change while the record does not.
    """
    if any(r.record.source for r in t.reports):
        return _town_files(ctx, seeds, t)
    key = (
        "town-block",
        t.district.slug,
        t.slug,
        t.district.record.name,
        t.record.name,
        t.record.kind,
        tuple(
            (r.stamp, r.year, ctx.added.get(r.stamp[0]), ctx.updated.get(r.stamp[0]))
            for r in t.reports
        ),
    )
    found = ctx.cache.get(key)
    if found is None:
        return ctx.cache.put(key, _town_files(ctx, seeds, t))
    ctx.reused.update(found[0])
    return found


def _town_files(ctx: Context, seeds: Path, t: TownEntry) -> tuple[dict[str, bytes], Any]:
    files = {t.page: _town(ctx, t)}
    t_nav: list[Any] = [t.page]
    for r in sorted(t.reports, key=lambda r: -r.year):
        source = _seed(seeds, r)
        files[r.page] = _report(ctx, r, source[0] if source else None)
        if source:
            files[source[0].path] = source[1]
        t_nav.append({nav_title(f"{r.year}年度"): r.page})
    return files, {nav_title(t.record.name): t_nav}


def _compare(ctx: Context, comp: Comparison) -> bytes:
    rows = [
        (
            place,
            [
                (cell.metric.printed(), link(comp.url_path, cell.report)) if cell else None
                for cell in cells
            ],
        )
        for place, cells in comp.table()
    ]
    return ctx.page(
        "compare.md.j2",
        comp.url_path,
        c=comp,
        charts=[(year, Md(svg)) for year, svg in charts(comp)],
        rows=rows,
        csv=Md(link(comp.url_path, comp.csv_file).removesuffix("/")),
    )


def _compare_pages(ctx: Context, comps: list[Comparison], files: dict[str, bytes]) -> list[Any]:
    nav: list[Any] = [COMPARE_INDEX]
    files[COMPARE_INDEX] = ctx.page("compare_index.md.j2", "compare", comps=comps)
    for comp in comps:
        # Keyed on the figures, not the files: editing a report's text leaves these alone.
        key = (
            "compare",
            comp.label,
            comp.unit,
            tuple(
                (p.place, p.year, p.report.url_path, p.metric.printed(), p.metric.sentence)
                for p in comp.points
            ),
            tuple(comp.places()),  # the districts' order, which the charts follow
        )
        files[comp.page] = ctx.memo(key, functools.partial(_compare, ctx, comp), comp.page)
        files[comp.csv_file] = ctx.memo(
            ("compare.csv", *key[1:]), functools.partial(to_csv, comp), comp.csv_file
        )
        nav.append({nav_title(f"{comp.label}（{comp.unit}）"): comp.page})
    return nav


def _year_block(here: str, v: status.YearOfDistrict) -> dict[str, Any]:
    """One district's towns for a year page: names, links, their status words."""

    def town(row: status.Row, c: status.Cell) -> tuple[str, Md | None, str, str, Md | None]:
        to_town = link(here, row.town) if row.town else None
        return (
            row.name,
            to_town,
            c.status.value,
            c.label,
            link(here, c.report) if c.report else None,
        )

    return {
        "name": v.district.record.name,
        "slug": v.district.slug,
        "url": link(here, v.district),
        "complete": v.district.record.complete,
        "held": [town(r, c) for r, c in v.held],
        "lacking": [town(r, c) for r, c in v.lacking],
        "counts": _labelled(v.counts),
    }


def _labelled(counts: dict[status.Status, int]) -> list[tuple[str, str, int]]:
    """(class, label, count) of each status that occurs, in the legend's order."""
    return [(s.value, status.LABELS[s], n) for s, n in counts.items() if n]


def _year_pages(ctx: Context, files: dict[str, bytes]) -> list[Any]:
    """按年度查看: a page per due year answering "who has not published it?" district by
    district, with counts, and an index of the years; returns their navigation."""
    nav: list[Any] = [status.YEARS_INDEX]
    summary = []
    views = status.year_views(ctx.catalog, ctx.today)
    for year, view in sorted(views.items(), reverse=True):
        here = status.year_url(year)
        total = _labelled(status.total(view))
        files[page_of(here)] = ctx.page(
            "year.md.j2",
            here,
            year=year,
            blocks=[_year_block(here, v) for v in view],
            total=total,
            as_of=ctx.today,
        )
        nav.append({nav_title(f"{year}年度"): page_of(here)})
        summary.append((year, link("years", here), total))
    files[status.YEARS_INDEX] = ctx.page(
        "years_index.md.j2", "years", summary=summary, as_of=ctx.today
    )
    return nav


# What of a report no page but its own (and the town page, the feed and the open data,
# which key on the file itself) shows: left out of the digest the site-wide pages are
# kept under, so that editing a report's text does not re-render the district matrices,
# the year pages and the comparisons. The title is shown by the home page only (最新报告),
# whose key adds the titles it lists. tests/test_incremental.py checks, field by field,
# that pages kept this way equal pages rendered afresh.
OWN_PAGE_ONLY = frozenset({"preamble", "sections", "closing", "signature", "changes", "title"})


def _facts(ctx: Context, r: ReportEntry) -> str:
    """A digest of what the site-wide pages may show of report ``r``: its record but
    :data:`OWN_PAGE_ONLY`, its year and where it is filed; kept per version of its file."""

    def make() -> str:
        shown = r.record.model_dump_json(exclude=set(OWN_PAGE_ONLY))
        return hashlib.sha1(f"{r.year}\n{r.path}\n{shown}".encode()).hexdigest()

    found = ctx.cache.get(("site-facts", r.stamp))
    return found if found is not None else ctx.cache.put(("site-facts", r.stamp), make())


def site_digest(ctx: Context) -> str:
    """A digest of everything the site-wide pages (home, districts, years, comparisons)
    are rendered from: the date, every district and town record in order, and each
    report's :func:`_facts`, drafts included (the preview lists them)."""
    digest = hashlib.sha1(f"{ctx.today.isoformat()}\n".encode())
    for d in ctx.catalog.districts:
        digest.update(f"d {d.slug} {d.record.model_dump_json()}\n".encode())
        for t in d.towns:
            digest.update(f"t {t.slug} {t.record.model_dump_json()}\n".encode())
            for r in t.reports:
                digest.update(f"r {_facts(ctx, r)}\n".encode())
    for r in ctx.catalog.drafts:
        digest.update(f"x {_facts(ctx, r)}\n".encode())
    return digest.hexdigest()


@dataclass
class SitePages:
    """The pages about the whole site: districts, years and comparisons, with the
    navigation of the last two (None when there are none)."""

    files: dict[str, bytes]
    years_nav: list[Any] | None
    compare_nav: list[Any] | None


def _site_pages(ctx: Context, comps: list[Comparison]) -> SitePages:
    files: dict[str, bytes] = {}
    for d in ctx.catalog.districts:
        files[d.page] = _district(ctx, d)
    years_nav = _year_pages(ctx, files) if ctx.due_years else None
    compare_nav = _compare_pages(ctx, comps, files) if comps else None
    return SitePages(files, years_nav, compare_nav)


def _seed(seeds: Path, r: ReportEntry) -> tuple[Download, bytes] | None:
    """The source document offered for download, read only through the seeds/ check, as
    published (text as UTF-8 with a byte-order mark; see report_page.published_source)."""
    if not r.record.source:
        return None
    try:
        raw = read_seed(seeds, r.record.source)
    except SeedProblem as exc:
        raise SeedProblem(f"{r.path}：{exc.zh}", f"{r.path}: {exc.en}") from None
    return published_source(r, raw)


def render_site(
    catalog: Catalog,
    seeds: Path,
    *,
    today: dt.date | None = None,
    updated: dict[str, dt.date] | None = None,
    added: dict[str, dt.date] | None = None,
    base_url: str = "",
    cache: Cache | None = None,
) -> Rendered:
    """Render every page of the site and its navigation (district → town → year).

    ``updated`` and ``added`` map record paths to their last and first commit dates.
    """
    ctx = Context(catalog, today or dt.date.today(), updated or {}, added or {}, cache or Cache())
    out = Rendered()
    # The site-wide pages change only with what they show (site_digest), not with every
    # edit: worked out once per change of that, the rest of the time reused whole.
    site_key = site_digest(ctx)
    computed: list[list[Comparison]] = []

    def comps() -> list[Comparison]:
        if not computed:
            computed.append(comparisons(catalog))
        return computed[0]

    site = ctx.cache.get(("site-pages", site_key))
    if site is None:
        site = ctx.cache.put(("site-pages", site_key), _site_pages(ctx, comps()))
    else:
        ctx.reused.update(site.files)
    latest = latest_reports(catalog)
    home_key = ("home", site_key, tuple((r.url_path, r.record.title) for r in latest))
    out.files[HOME_PAGE] = ctx.memo(home_key, lambda: _home(ctx, comps(), latest), HOME_PAGE)
    out.files["feed.xml"] = atom(catalog, SITE_TITLE, base_url)
    out.files["search/index.md"] = ctx.page("search.md.j2", "search")  # 搜索结果, not in nav
    out.files.update(open_data(catalog, ctx.page, ctx.cache))  # 开放数据: data/, JSON, CSV, page
    out.nav.append({"首页": HOME_PAGE})
    out.files.update(site.files)
    for d in catalog.districts:
        d_nav: list[Any] = [d.page]
        for t in d.towns:
            files, t_nav = _town_block(ctx, seeds, t)
            out.files.update(files)
            d_nav.append(t_nav)
        out.nav.append({nav_title(d.record.name): d_nav})
    if site.years_nav is not None:
        out.nav.append({"按年度查看": site.years_nav})
    if site.compare_nav is not None:
        out.nav.append({"数据对比": site.compare_nav})
    out.reused = ctx.reused
    # Whether any record is sample data: a district's flag and the reports' index
    # numbers, both in the site digest.
    sample = ctx.cache.memo(("sample", site_key), lambda: [bool(sample_and_real(catalog)[0])])
    out.site = {"sample": sample[0]}
    return out
