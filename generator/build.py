"""Build stage: validate, render, run the site engine into a temporary folder, then swap.

Why a swap: an editor's mistake must never take the public site down or leave it half
updated. The engine writes into a hidden sibling folder (.site-tmp-*); only when it exits
cleanly does that folder replace site/. On any error site/ is left exactly as it was.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from generator.diagnostics import Diagnostic, Report, UserError
from generator.engines import ENGINES
from generator.gitdates import last_commit_epoch
from generator.pipeline import build_date, run_pipeline
from generator.search_index import index_site
from generator.shards import join as join_parts
from generator.shards import make_part
from generator.shards import plan as shard_plan


@dataclass
class BuildSummary:
    report: Report | None
    reports: int = 0
    pages: int = 0
    seconds: float = 0.0
    generator_seconds: float = 0.0
    engine_seconds: float = 0.0
    engine: str = "mkdocs"
    search_bytes: int = 0
    site_bytes: int = 0
    site: Path | None = None

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


def work_dir(root: Path, content: Path) -> Path:
    """Where the Markdown tree of ``content`` is kept between builds.

    content/ uses build/ (what `mkdocs serve` uses too); any other tree gets its own
    folder, so builds of different trees never overwrite each other's pages.
    """
    content = content.resolve()
    if content == (root / "content").resolve():
        return root / "build"
    return root / "build" / f"tree-{hashlib.sha1(str(content).encode()).hexdigest()[:10]}"


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One build of a tree at a time (a second waits), so pages are never mixed."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _swap(new: Path, site: Path) -> None:
    """Replace ``site`` with ``new`` using renames (same filesystem, no partial copy)."""
    old = new.with_name(new.name + "-old")
    if site.exists():
        site.rename(old)
    new.rename(site)
    if old.exists():
        shutil.rmtree(old)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build(
    config: Path, site: Path, *, content: Path, seeds: Path, engine: str = "mkdocs", shards: int = 1
) -> BuildSummary:
    """Validate and build the whole site; replace ``site`` only on full success."""
    work = work_dir(config.resolve().parent, content)
    with _locked(work):
        return _build(config, site, content, seeds, work / "docs", engine, shards)


def _fail(config: Path, proc: subprocess.CompletedProcess[str]) -> UserError:
    detail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
    return UserError(
        Report(
            [
                Diagnostic(
                    str(config),
                    1,
                    1,
                    "",
                    "网站构建失败，site/ 保持原样：\n  " + "\n  ".join(detail),
                    "site build failed; site/ left as it was",
                )
            ]
        )
    )


def _part_docs(docs: Path, index: int, of: int) -> Path:
    """Markdown tree (and nav.json) of part ``index`` of ``of``, split by district."""
    nav = json.loads((docs.parent / "nav.json").read_text(encoding="utf-8"))
    plan = shard_plan(nav, docs, of)
    base = urlsplit(os.environ.get("GKGEN_SITE_URL", "")).path or "/"
    return make_part(docs, nav, plan[index], index, docs.parent / "parts" / str(index), base)


def build_shard(
    config: Path,
    out: Path,
    *,
    content: Path,
    seeds: Path,
    index: int,
    of: int,
    engine: str = "mkdocs",
) -> Report:
    """One part of a sharded build (a CI matrix job): validate, render, build part ``index``.

    Every job validates the whole content tree, so a bad record fails every job.
    """
    work = work_dir(config.resolve().parent, content)
    with _locked(work):
        result = run_pipeline(
            content, seeds, work / "docs", root=Path.cwd(), today=build_date(content)
        )
        if result.report.errors:
            return result.report
        docs = _part_docs(work / "docs", index, of)
        tmp = out.resolve().parent / f".{out.name}-tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        proc = ENGINES[engine](
            config, tmp, content, seeds, docs, last_commit_epoch(content.resolve())
        )
        if proc.returncode != 0:
            shutil.rmtree(tmp, ignore_errors=True)
            raise _fail(config, proc)
        _swap(tmp, out)
        return result.report


def join_site(parts: list[Path], site: Path) -> int:
    """Join built parts into ``site`` with one search index; swap in on success."""
    tmp = site.resolve().parent / f".{site.name}-tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        join_parts(parts, tmp)
        search_bytes = index_site(tmp)
    except (OSError, UserError):
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap(tmp, site)
    return search_bytes


def _engine_parts(
    config: Path, out: Path, content: Path, seeds: Path, docs: Path, engine: str, shards: int
) -> subprocess.CompletedProcess[str]:
    """Build the tree whole, or split by district in parallel processes and joined."""
    epoch = last_commit_epoch(content.resolve())
    if shards <= 1:
        return ENGINES[engine](config, out, content, seeds, docs, epoch)
    parts = [_part_docs(docs, k, shards) for k in range(shards)]
    outs = [out.with_name(f"{out.name}-part{k}") for k in range(shards)]
    with ThreadPoolExecutor(max_workers=shards) as pool:  # each runs its own process
        procs = list(
            pool.map(
                lambda k: ENGINES[engine](config, outs[k], content, seeds, parts[k], epoch),
                range(shards),
            )
        )
    try:
        failed = next((p for p in procs if p.returncode != 0), None)
        if failed is None:
            join_parts(outs, out)
        return failed or procs[0]
    finally:
        for part in outs:
            shutil.rmtree(part, ignore_errors=True)


def _build(
    config: Path, site: Path, content: Path, seeds: Path, docs: Path, engine: str, shards: int = 1
) -> BuildSummary:
    start = time.perf_counter()
    result = run_pipeline(content, seeds, docs, root=Path.cwd(), today=build_date(content))
    if result.report.errors:
        return BuildSummary(result.report)
    generated = time.perf_counter()
    # Beside site/, so the final rename never crosses a filesystem boundary.
    tmp = site.resolve().parent / f".{site.name}-tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    proc = _engine_parts(config, tmp, content, seeds, docs, engine, shards)
    engine_done = time.perf_counter()
    if proc.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _fail(config, proc)
    try:
        search_bytes = index_site(tmp)
    except UserError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    pages = sum(1 for _ in tmp.rglob("*.html"))
    summary = BuildSummary(
        result.report,
        reports=len(result.site.reports()),
        pages=pages,
        search_bytes=search_bytes,
        site_bytes=_size(tmp),
        site=site,
        generator_seconds=generated - start,
        engine_seconds=engine_done - generated,
        engine=engine,
    )
    _swap(tmp, site)
    summary.seconds = time.perf_counter() - start
    return summary
