"""Sharded builds: split the rendered tree by district, build the parts, join them.

Why: the site engine is single-threaded and takes most of a large build. Districts are
independent (a report page links to its own town and district), so each part can be
built by its own process — on one machine (`build --shards N`) or as parallel CI jobs
(`shard --index K --of N` per job, then `join` and one search index). Part 0 also holds
the pages about the whole site (home, comparisons, feed).

Each part's navigation keeps every district at the top level: the part's own districts
as sections, the others as links to their pages, which is what a pruned navigation shows
on those pages anyway.
"""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from generator.tree import Catalog, DistrictEntry
from generator.write import site_file

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def plan_parts(catalog: Catalog, parts: int) -> list[list[DistrictEntry]]:
    """Districts per part, balanced by their number of pages (largest first)."""
    sizes = {d.slug: 1 + len(d.towns) + len(d.reports()) for d in catalog.districts}
    loads = [0] * parts
    out: list[list[DistrictEntry]] = [[] for _ in range(parts)]
    for district in sorted(catalog.districts, key=lambda d: (-sizes[d.slug], d.slug)):
        k = loads.index(min(loads))
        out[k].append(district)
        loads[k] += sizes[district.slug]
    return out


def _district_of(entry: Any, catalog: Catalog) -> DistrictEntry | None:
    """The district a top-level nav entry stands for (None for home, comparisons…)."""
    if not isinstance(entry, dict):
        return None
    (value,) = entry.values()
    first = value[0] if isinstance(value, list) and value else None
    return next((d for d in catalog.districts if d.page == first), None)


def _link(entry: dict[str, Any], base: str) -> dict[str, str]:
    """A top-level section reduced to a link to its index page."""
    ((title, value),) = entry.items()
    first = value if isinstance(value, str) else value[0]
    return {title: base + first.removesuffix("index.md")}


def part_nav(
    nav: list[Any], catalog: Catalog, own: list[DistrictEntry], base: str, common: bool
) -> list[Any]:
    """The navigation of one part: its own sections in full, the others as links."""
    out: list[Any] = []
    for entry in nav:
        district = _district_of(entry, catalog)
        mine = district in own if district is not None else common
        out.append(entry if mine else _link(entry, base))
    return out


def make_part(
    docs: Path,
    nav: list[Any],
    catalog: Catalog,
    districts: list[DistrictEntry],
    index: int,
    out: Path,
    base: str,
) -> Path:
    """Write part ``index``'s Markdown tree and nav.json under ``out``; return its docs.

    Part 0 also holds what belongs to no district (home, comparisons, feed).
    """
    part = out / "docs"
    shutil.rmtree(out, ignore_errors=True)
    every = {d.url_path for d in catalog.districts}
    mine = {d.url_path for d in districts}
    for path in sorted(docs.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(docs)
        top = rel.parts[0] if len(rel.parts) > 1 else None
        if top in mine or (index == 0 and top not in every):
            target = part / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)  # same bytes, no copy
            except OSError:
                shutil.copy2(path, target)
    part.mkdir(parents=True, exist_ok=True)  # a part may hold no district: more parts than them
    (out / "nav.json").write_text(
        json.dumps(part_nav(nav, catalog, districts, base, index == 0), ensure_ascii=False),
        encoding="utf-8",
    )
    if site_file(docs).is_file():  # every part carries the whole site's banner, if any
        shutil.copy2(site_file(docs), site_file(part))
    return part


def join_parts(parts: list[Path], site: Path) -> None:
    """Merge built parts into ``site``: part 0 is the base; others add their districts."""
    shutil.copytree(parts[0], site)
    urls: list[ET.Element] = []
    for part in parts:
        urls += _sitemap_urls(part)
    for part in parts[1:]:
        for child in part.iterdir():
            if child.is_dir() and not (site / child.name).exists():
                shutil.copytree(child, site / child.name)
    if urls:
        _write_sitemap(site, urls)


def _sitemap_urls(part: Path) -> list[ET.Element]:
    path = part / "sitemap.xml"
    if not path.is_file() or not path.read_text("utf-8").strip():
        return []
    return list(ET.parse(path).getroot())


def _write_sitemap(site: Path, urls: list[ET.Element]) -> None:
    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    seen: set[str] = set()
    for url in urls:
        loc = url.findtext(f"{{{SITEMAP_NS}}}loc") or ""
        if loc not in seen:
            seen.add(loc)
            root.append(url)
    ET.ElementTree(root).write(site / "sitemap.xml", encoding="UTF-8", xml_declaration=True)
    (site / "sitemap.xml.gz").unlink(missing_ok=True)  # stale: MkDocs wrote part 0's
