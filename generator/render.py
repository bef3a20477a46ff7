"""Render stage: validated site → Markdown tree + navigation, written to disk.

Engine-neutral: nothing here knows about MkDocs. Output is deterministic (same input and
same date, same bytes) and only files whose bytes change are rewritten, so a site engine
watching the tree rebuilds only what changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from generator import status
from generator.cache import Cache
from generator.compare import Comparison, chart, comparisons
from generator.feed import atom
from generator.markup import Md, nav_title, rel_url, template_env
from generator.report_page import render_report, source_name
from generator.tree import DistrictEntry, ReportEntry, Site, TownEntry

SITE_TITLE = "法治政府建设年度报告公开"


@dataclass
class Rendered:
    """The rendered tree: relative path → bytes, plus the navigation."""

    files: dict[str, bytes] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)
    # Paths whose bytes came from the cache: written by an earlier run, so when the file
    # is still there it need not be read back and compared.
    reused: set[str] = field(default_factory=set)


@dataclass
class Context:
    """Everything pages are rendered from."""

    site: Site
    seeds: Path
    today: dt.date
    updated: dict[str, dt.date] = field(default_factory=dict)  # record path → last git change
    base_url: str = ""
    cache: Cache = field(default_factory=Cache)
    env: jinja2.Environment = field(default_factory=template_env)
    reused: set[str] = field(default_factory=set)

    def page(self, template: str, **values: Any) -> bytes:
        return self.env.get_template(template).render(**values).encode()

    def memo(self, key: Any, make: Callable[[], bytes], rel: str = "") -> bytes:
        """Reuse the bytes rendered last time for the same inputs."""
        found = self.cache.get(key)
        if found is not None:
            self.reused.add(rel)
            return found
        return self.cache.put(key, make())


def _status_block(ctx: Context, here: str, district: str | None = None) -> dict[str, Any]:
    """The publication-status matrix as the template needs it (links relative to ``here``)."""
    years, rows = status.matrix(ctx.site, ctx.today, district)
    view = [
        (
            row.district + row.town.record.name,
            [
                (c.status.value, c.label, rel_url(here, c.report.url_path) if c.report else None)
                for c in row.cells
            ],
        )
        for row in rows
    ]
    return {
        "years": years,
        "rows": view,
        "counts": status.counts(rows),
        "labels": status.LABELS,
        "legend": status.LEGEND,
        "as_of": ctx.today,
    }


def _home(ctx: Context, comps: list[Comparison]) -> bytes:
    latest = sorted(ctx.site.reports(), key=lambda r: (-r.year, r.district, r.town))[:10]
    names = {
        (d.slug, t.slug): (d.record.name, t.record.name)
        for d in ctx.site.districts
        for t in d.towns
    }
    return ctx.page(
        "home.md.j2",
        site=ctx.site,
        latest=latest,
        names=names,
        status=_status_block(ctx, ""),
        comps=comps[:10],
    )


def _district(ctx: Context, d: DistrictEntry) -> bytes:
    return ctx.page("district.md.j2", d=d, status=_status_block(ctx, d.slug, d.slug))


def _town(ctx: Context, d: DistrictEntry, t: TownEntry) -> bytes:
    key = ("town", d.record.name, t.record.name, t.record.kind, tuple(r.stamp for r in t.reports))
    return ctx.memo(key, lambda: _town_page(ctx, d, t), f"{d.slug}/{t.slug}/index.md")


def _town_page(ctx: Context, d: DistrictEntry, t: TownEntry) -> bytes:
    reports = sorted(t.reports, key=lambda r: r.year)
    labels: dict[str, dict[int, str]] = {}
    for r in reports:
        for m in r.record.metrics:
            labels.setdefault(m.label, {})[r.year] = m.printed()
    return ctx.page(
        "town.md.j2",
        d=d,
        t=t,
        reports=reports[::-1],
        figures=labels,
        years=[r.year for r in reports],
    )


def _report(ctx: Context, d: DistrictEntry, t: TownEntry, r: ReportEntry) -> bytes:
    updated = ctx.updated.get(r.stamp[0])
    key = ("report", r.stamp, t.record.name, d.record.name, updated)
    return ctx.memo(
        key,
        lambda: render_report(ctx.env, r, t.record.name, d.record.name, updated).encode(),
        f"{r.url_path}.md",
    )


def _compare(ctx: Context, comp: Comparison, here: str) -> bytes:
    rows = [
        (
            place,
            [
                (cell.metric.printed(), rel_url(here, cell.report.url_path)) if cell else None
                for cell in cells
            ],
        )
        for place, cells in comp.table()
    ]
    return ctx.page("compare.md.j2", c=comp, svg=Md(chart(comp)), rows=rows)


def _compare_pages(ctx: Context, comps: list[Comparison], out: Rendered) -> list[Any]:
    nav: list[Any] = ["compare/index.md"]
    out.files["compare/index.md"] = ctx.page("compare_index.md.j2", comps=comps)
    for comp in comps:
        here = f"compare/{comp.slug}"
        # Keyed on the figures, not the files: editing a report's text leaves these alone.
        key = (
            "compare",
            comp.label,
            comp.unit,
            tuple(
                (p.place, p.year, p.report.url_path, p.metric.printed(), p.metric.sentence)
                for p in comp.points
            ),
        )
        out.files[f"{here}.md"] = ctx.memo(
            key, lambda c=comp, here=here: _compare(ctx, c, here), f"{here}.md"
        )
        nav.append({nav_title(f"{comp.label}（{comp.unit}）"): f"{here}.md"})
    return nav


def render_site(
    site: Site,
    seeds: Path,
    *,
    today: dt.date | None = None,
    updated: dict[str, dt.date] | None = None,
    base_url: str = "",
    cache: Cache | None = None,
) -> Rendered:
    """Render every page of the site and its navigation (district → town → year)."""
    ctx = Context(site, seeds, today or dt.date.today(), updated or {}, base_url, cache or Cache())
    out = Rendered()
    comps = comparisons(site)
    out.files["index.md"] = _home(ctx, comps)
    out.files["feed.xml"] = atom(site, SITE_TITLE, base_url)
    out.nav.append({"首页": "index.md"})
    for d in site.districts:
        out.files[f"{d.slug}/index.md"] = _district(ctx, d)
        d_nav: list[Any] = [f"{d.slug}/index.md"]
        for t in d.towns:
            base = f"{d.slug}/{t.slug}"
            out.files[f"{base}/index.md"] = _town(ctx, d, t)
            t_nav: list[Any] = [f"{base}/index.md"]
            for r in sorted(t.reports, key=lambda r: -r.year):
                out.files[f"{base}/{r.year}.md"] = _report(ctx, d, t, r)
                if r.record.source:
                    out.files[f"{base}/{source_name(r)}"] = (seeds / r.record.source).read_bytes()
                t_nav.append({nav_title(f"{r.year}年度"): f"{base}/{r.year}.md"})
            d_nav.append({nav_title(t.record.name): t_nav})
        out.nav.append({nav_title(d.record.name): d_nav})
    if comps:
        out.nav.append({"数据对比": _compare_pages(ctx, comps, out)})
    out.reused = ctx.reused
    return out


def _files_under(folder: Path) -> set[str]:
    """Relative paths of every file below ``folder``, from one directory walk."""
    out = set()
    for parent, _, files in os.walk(folder):
        rel = os.path.relpath(parent, folder)
        out.update(name if rel == "." else f"{rel}/{name}" for name in files)
    return out


def write_tree(rendered: Rendered, out_dir: Path) -> list[str]:
    """Write the tree under ``out_dir``; touch only changed files, remove stale ones.

    Returns the relative paths that were written (for logging and tests).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    existing = _files_under(out_dir)
    written = []
    for rel, data in sorted(rendered.files.items()):
        target = out_dir / rel
        if rel in existing and (rel in rendered.reused or target.read_bytes() == data):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)  # readers never see a half-written page
        written.append(rel)
    for rel in sorted(existing - rendered.files.keys()):
        (out_dir / rel).unlink()
    for folder, dirs, files in os.walk(out_dir, topdown=False):
        if not dirs and not files and folder != str(out_dir):
            with contextlib.suppress(OSError):  # emptied just now, or a race: both fine
                os.rmdir(folder)
    nav_file = out_dir.parent / "nav.json"
    nav_bytes = json.dumps(rendered.nav, ensure_ascii=False, indent=1).encode() + b"\n"
    if not nav_file.is_file() or nav_file.read_bytes() != nav_bytes:
        nav_file.write_bytes(nav_bytes)
    return written
