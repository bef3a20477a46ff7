"""Build stage: run the pipeline, hand its Markdown tree to a site engine, index, publish.

Why a staging folder: an editor's mistake must never take the public site down or leave
it half updated. The engine writes into a hidden sibling of site/ (:func:`.publish.staged`);
only when the engine and the search index both succeed (the index verified whole) does it
replace site/. Each build first removes what killed builds left (:mod:`.publish`).
"""

from __future__ import annotations

import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from generator import admin_site, sitewalk
from generator.compact import compact_site
from generator.diagnostics import Diagnostics, UserError
from generator.early import early_file, load_early
from generator.engines import ENGINES
from generator.gitdates import last_commit_epoch
from generator.pipeline import PipelineResult, Stopwatch, build_date, run_pipeline, work_dir
from generator.publish import (
    check_target,
    clean_stale,
    clean_work,
    locked,
    remove,
    staged,
    unchanged_on_error,
)
from generator.sample import sample_and_real
from generator.search_index import index_site
from generator.shards import join_parts, make_part, plan_parts
from generator.tree import Catalog, ReportEntry
from generator.write import read_nav

STAGE_NAMES = {
    "load+validate": "读取和检查",
    "git dates": "版本库日期",
    "render": "生成页面",
    "write": "写出",
    "engine": "网站引擎",
    "compact": "精简页面",
    "search index": "搜索索引",
    "count": "统计",
    "swap": "替换上线",
}


@dataclass
class BuildSummary:
    """What a build did, for the closing line on the terminal."""

    diagnostics: Diagnostics
    reports: int = 0
    pages: int = 0
    seconds: float = 0.0
    generator_seconds: float = 0.0
    engine_seconds: float = 0.0
    engine: str = "mkdocs"
    search_bytes: int = 0
    site_bytes: int = 0
    site: Path | None = None
    drafts: list[ReportEntry] = field(default_factory=list)  # checked, not published
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage, in order

    def timing(self) -> str:
        """Seconds per stage, so no part of a build's time goes unexplained."""
        parts = "，".join(f"{STAGE_NAMES.get(k, k)} {v:.2f}" for k, v in self.stages.items())
        rest = self.seconds - sum(self.stages.values())
        return f"各阶段用时（秒）：{parts}，其他 {rest:.2f} (seconds per stage)"

    def describe(self) -> str:
        return (
            f"已发布 {self.reports} 份报告、{self.pages} 个页面到 {self.site}/，"
            f"用时 {self.seconds:.1f} 秒（生成 {self.generator_seconds:.2f} 秒，"
            f"{self.engine} {self.engine_seconds:.1f} 秒）；"
            f"搜索索引 {self.search_bytes / 1024:.1f} KB，"
            f"全站 {self.site_bytes / 1024:.0f} KB "
            f"(published {self.reports} reports, {self.pages} pages in {self.seconds:.1f} s; "
            f"search index {self.search_bytes / 1024:.1f} KB)"
        )


def build(
    config: Path,
    site: Path,
    *,
    content: Path,
    seeds: Path,
    engine: str = "mkdocs",
    shards: int = 1,
    allow_sample: bool = False,
    admin: Path | None = None,
) -> BuildSummary:
    """Validate and build the whole site; replace ``site`` only on full success.

    Sample and real records together are refused unless ``allow_sample`` (a demo).
    ``admin``: a hosted form-editor configuration, published at /admin/ (off by default).
    """
    work = work_dir(config.resolve().parent, content)
    keep = (content, seeds, config.resolve().parent, work)
    check_target(site, keep)  # before anything: a mistyped --site fails at once
    if admin is not None:
        admin_site.check(admin)  # a wrong configuration fails before the build, too
    with unchanged_on_error(site), locked(work):
        clean_work(work)  # what killed builds left: first, under the lock
        clean_stale(site)
        start = time.perf_counter()
        result = _pipeline(content, seeds, work)
        if result.diagnostics.errors:
            return BuildSummary(result.diagnostics)
        refuse_mixed(result.catalog, allow_sample)
        clock = Stopwatch()
        with staged(site, keep) as tmp:
            docs = work / "docs"
            found = _run_engine(
                config, site, tmp, content, seeds, docs, result.catalog, engine, shards
            )
            clock.lap("engine")
            early = load_early(found)
            # Every engine's pages, before the index reads them; those MkDocs's pages that
            # were compacted as they were written (generator/early.py) are done.
            compact_site(tmp, skip=early.keys())
            clock.lap("compact")
            summary = BuildSummary(
                result.diagnostics,
                reports=len(result.catalog.reports()),
                drafts=result.catalog.drafts,
                search_bytes=index_site(tmp, early),
                site=site,
                generator_seconds=sum(result.stages.values()),
                engine=engine,
            )
            clock.lap("search index")
            summary.pages, summary.site_bytes = _count(tmp)
            if admin is not None:  # after the index: search never sees the admin page
                admin_site.publish_admin(tmp, admin)
            clock.lap("count")
        clock.lap("swap")
        summary.stages = {**result.stages, **clock.stages}
        summary.engine_seconds = clock.stages["engine"]
        summary.seconds = time.perf_counter() - start
        return summary


def build_shard(
    config: Path,
    out: Path,
    *,
    content: Path,
    seeds: Path,
    index: int,
    of: int,
    engine: str = "mkdocs",
    allow_sample: bool = False,
) -> Diagnostics:
    """One part of a sharded build (a CI matrix job): validate, render, build part ``index``.

    Every job validates the whole content tree, so a bad record fails every job.
    """
    work = work_dir(config.resolve().parent, content)
    keep = (content, seeds, config.resolve().parent, work)
    check_target(out, keep)
    with unchanged_on_error(out), locked(work):
        clean_work(work)
        clean_stale(out)
        result = _pipeline(content, seeds, work)
        if result.diagnostics.errors:
            return result.diagnostics
        refuse_mixed(result.catalog, allow_sample)
        (docs,) = _part_docs(work / "docs", result.catalog, [index], of)
        with staged(out, keep) as tmp:
            proc = ENGINES[engine](config, tmp, content, seeds, docs, _epoch(content))
            _check(engine, proc, out)
            compact_site(tmp)
        return result.diagnostics


def join_site(parts: list[Path], site: Path) -> int:
    """Join built parts into ``site`` with one search index; swap in on success."""
    with unchanged_on_error(site), staged(site, parts) as tmp:
        join_parts(parts, tmp)
        return index_site(tmp)


def _count(site: Path) -> tuple[int, int]:
    """Pages and bytes of a built site, in one walk of the tree."""
    pages = size = 0
    for entry in sitewalk.entries(site):
        size += entry.stat().st_size
        pages += entry.name.endswith(".html")
    return pages, size


def refuse_mixed(catalog: Catalog, allow_sample: bool) -> None:
    """Refuse a site that mixes sample and real records, unless told to (a demo).

    Why: a sample report published beside real ones reads as a real disclosure; the
    banner every page then carries (本站含示例数据) is for demos, not for the public site.
    """
    sample, real = sample_and_real(catalog)
    if not sample or not real or allow_sample:
        return
    raise UserError(
        f"内容中混有示例数据（{'、'.join(sample[:3])}等）和真实记录（{'、'.join(real[:3])}等），"
        "未构建：示例数据只用于演示。删去示例数据后再构建；如确是演示站点，"
        "加上 --allow-sample（每页都会标明“本站含示例数据”）",
        "sample and real records are mixed; nothing built. Remove the sample data, or pass "
        "--allow-sample for a demo (every page then says it holds sample data)",
    )


def _pipeline(content: Path, seeds: Path, work: Path) -> PipelineResult:
    return run_pipeline(content, seeds, work / "docs", root=Path.cwd(), today=build_date(content))


def _epoch(content: Path) -> str | None:
    """Page dates in the built site follow the content's last commit (reproducible)."""
    return last_commit_epoch(content.resolve())


def _check(engine: str, proc: subprocess.CompletedProcess[str], target: Path) -> None:
    """An engine that failed is a user error (its output says why), never a traceback."""
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
        raise UserError(
            f"网站引擎 {engine} 构建失败，{target}/ 保持原样",
            f"the {engine} build failed; {target}/ is left as it was",
            detail=detail,
        )


def _part_docs(docs: Path, catalog: Catalog, indices: list[int], of: int) -> list[Path]:
    """Markdown trees (each with its nav.json) of parts ``indices`` of ``of``, split by
    district: one plan and one reading of the navigation for all of them."""
    plan, nav = plan_parts(catalog, of), read_nav(docs)
    base = urlsplit(os.environ.get("GKGEN_SITE_URL", "")).path or "/"
    return [
        make_part(docs, nav, catalog, plan[k], k, docs.parent / "parts" / str(k), base)
        for k in indices
    ]


def _run_engine(
    config: Path,
    site: Path,
    out: Path,
    content: Path,
    seeds: Path,
    docs: Path,
    catalog: Catalog,
    engine: str,
    shards: int,
) -> list[Path]:
    """Build the tree whole, or split by district in parallel processes and joined; return
    where each engine run left the search records it read early (generator/early.py)."""
    epoch = _epoch(content)
    if shards <= 1:
        early_file(docs).unlink(missing_ok=True)  # an older build's
        _check(engine, ENGINES[engine](config, out, content, seeds, docs, epoch), site)
        return [early_file(docs)]
    parts = _part_docs(docs, catalog, list(range(shards)), shards)
    for part in parts:
        early_file(part).unlink(missing_ok=True)
    outs = [out.with_name(f"{out.name}-part{k}") for k in range(shards)]
    try:
        with ThreadPoolExecutor(max_workers=shards) as pool:  # each runs its own process
            procs = list(
                pool.map(
                    lambda k: ENGINES[engine](config, outs[k], content, seeds, parts[k], epoch),
                    range(shards),
                )
            )
        for proc in procs:
            _check(engine, proc, site)
        join_parts(outs, out)
    finally:
        for part in outs:
            remove(part)
    return [early_file(part) for part in parts]
