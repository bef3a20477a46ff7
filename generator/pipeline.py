"""The core pipeline, engine-neutral: walk (load → validate → advise) → render → write.

Everything is read and checked before anything is written: a site with some reports
silently missing is worse than the last good site, so an error anywhere leaves the
rendered tree untouched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import Cache
from generator.diagnostics import Diagnostics
from generator.gitdates import commit_dates
from generator.publish import checkpoint
from generator.render import Rendered, render_site
from generator.tree import Catalog
from generator.walk import load_catalog
from generator.write import write_tree


class Stopwatch:
    """Seconds spent in each named stage, in order: each lap ends where the last one did."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - self._last
        self._last = now


@dataclass
class PipelineResult:
    """What one run of the pipeline produced: the rendered tree only when there was no error."""

    catalog: Catalog
    diagnostics: Diagnostics
    rendered: Rendered | None
    written: list[str]
    # Seconds per stage (load+validate, dates, render, write), for the build summary.
    stages: dict[str, float] = field(default_factory=dict)


def work_dir(root: Path, content: Path) -> Path:
    """Where the Markdown tree of ``content`` is kept between builds, with its navigation,
    cache and lock.

    The project's content/ uses build/ itself (what `mkdocs serve` uses too); any other
    tree, and every tree when ``$GKGEN_BUILD_DIR`` names another folder, gets a folder of
    its own, so builds of different trees never overwrite each other's pages.
    """
    content = content.resolve()
    tree = f"tree-{hashlib.sha1(str(content).encode()).hexdigest()[:10]}"
    if os.environ.get("GKGEN_BUILD_DIR"):
        return Path(os.environ["GKGEN_BUILD_DIR"]) / tree
    if content == (root / "content").resolve():
        return root / "build"
    return root / "build" / tree


def build_date(content: Path | None = None) -> dt.date:
    """The date the site speaks for (the status matrix's 截至): the day of the build, or
    SOURCE_DATE_EPOCH when it is set explicitly (reproducible builds, tests).

    Not the last commit: statuses change with the calendar (a report falls due on 1 April
    whether or not anyone commits), so a scheduled rebuild must see the real date.
    ``content`` is accepted for callers that pass it; it does not change the date.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def run_pipeline(
    content: Path,
    seeds: Path,
    out_dir: Path,
    *,
    root: Path | None = None,
    today: dt.date | None = None,
    preview: bool = False,
) -> PipelineResult:
    """Validate everything; render and write the Markdown tree only when there is no error.

    ``preview`` (`serve`) renders drafts too, each under a 草稿 banner.
    """
    today = today or build_date(content)
    clock = Stopwatch()
    cache = Cache(out_dir.parent / "cache.pickle")
    # Validation asks "is this year in the future?" of the real calendar; the pages speak
    # for ``today`` (the build date, which SOURCE_DATE_EPOCH may set to another day).
    catalog, diagnostics = load_catalog(
        content, seeds, root=root, today=max(today, dt.date.today()), cache=cache
    )
    checkpoint("validate")
    clock.lap("load+validate")
    if diagnostics.errors:
        return PipelineResult(catalog, diagnostics, None, [], clock.stages)
    if preview:
        catalog.preview_drafts()
    dates = commit_dates(content)
    clock.lap("git dates")
    rendered = render_site(
        catalog,
        seeds,
        today=today,
        updated={path: last for path, (_, last) in dates.items()},
        added={path: first for path, (first, _) in dates.items()},
        base_url=os.environ.get("GKGEN_SITE_URL", ""),
        cache=cache,
    )
    clock.lap("render")
    written = write_tree(rendered, out_dir)
    cache.save(memory_only=preview)
    clock.lap("write")
    return PipelineResult(catalog, diagnostics, rendered, written, clock.stages)
