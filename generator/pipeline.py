"""The core pipeline, engine-neutral: load → validate → render → write the Markdown tree."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from generator.cache import Cache
from generator.diagnostics import Report
from generator.gitdates import last_changed, last_commit_epoch
from generator.render import Rendered, render_site, write_tree
from generator.tree import Site
from generator.validate import build_site


@dataclass
class PipelineResult:
    site: Site
    report: Report
    rendered: Rendered | None
    written: list[str]


def build_date(content: Path | None = None) -> dt.date:
    """The date the site speaks for (status matrix, like the engine's page dates):
    SOURCE_DATE_EPOCH when set, else the last commit of ``content``, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch.isdigit() and content is not None:
        epoch = last_commit_epoch(content.resolve()) or ""
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
) -> PipelineResult:
    """Validate everything; render and write only when there is no error.

    Why all-or-nothing: a site with some reports silently missing is worse than the
    last good site, so an error anywhere leaves the rendered tree untouched.
    """
    today = today or build_date(content)
    cache = Cache(out_dir.parent / "cache.pickle")
    # Validation asks "is this year in the future?" of the real calendar; the pages speak
    # for ``today`` (the build date, which may be the last commit's).
    site, report = build_site(
        content, seeds, root=root, today=max(today, dt.date.today()), cache=cache
    )
    if report.errors:
        return PipelineResult(site, report, None, [])
    rendered = render_site(
        site,
        seeds,
        today=today,
        updated=last_changed(content),
        base_url=os.environ.get("GKGEN_SITE_URL", ""),
        cache=cache,
    )
    written = write_tree(rendered, out_dir)
    cache.save()
    return PipelineResult(site, report, rendered, written)
