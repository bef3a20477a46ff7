"""Search index: Pagefind over the built HTML, whatever engine built it, verified whole.

Pagefind (the `extended` build segments Chinese) writes pagefind/ beside the pages: a
small entry file, index chunks and one fragment per page, fetched as a query needs them.
Pagefind can exit 0 having written empty or cut-off files (a disk that filled while it
wrote), so the index is checked before the site may be published.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

from generator.diagnostics import UserError
from generator.publish import checkpoint, held

# Pagefind's ready-made interfaces; the site uses the plain API (pagefind.js) instead.
UNUSED_UI = (
    "pagefind-ui.*",
    "pagefind-component-ui.*",
    "pagefind-modular-ui.*",
    "pagefind-highlight.js",
)
# Every compressed Pagefind file (index, fragments, metadata, wasm) starts so once inflated.
SIGNATURE = b"pagefind_dcd"


def pagefind_command() -> list[str]:
    """The bundled Pagefind, or the program ``$GKGEN_PAGEFIND`` names (another Pagefind
    build; the fault tests put a stub there)."""
    other = os.environ.get("GKGEN_PAGEFIND")
    return [other] if other else [sys.executable, "-m", "pagefind_bin_extended"]


def index_site(site: Path) -> int:
    """Index ``site`` in place and verify the index; return its size in bytes."""
    cmd = [*pagefind_command(), "--site", str(site), "--quiet"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, pass_fds=held())
    except OSError as exc:
        raise UserError(f"无法运行 Pagefind：{exc}", f"cannot run Pagefind: {exc}") from None
    except subprocess.TimeoutExpired:
        raise UserError("Pagefind 超时（30 分钟）", "Pagefind timed out (30 minutes)") from None
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise UserError("建立搜索索引失败", "Pagefind failed", detail=detail)
    checkpoint("index")
    folder = site / "pagefind"
    for unused in UNUSED_UI:  # the site has its own search box (search.js)
        for path in folder.glob(unused):
            path.unlink()
    problems = index_problems(site)
    if problems:
        raise UserError(
            "搜索索引不完整（磁盘是否已满？），未发布",
            "the search index is incomplete (is the disk full?); nothing published",
            detail=problems[:10],
        )
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def index_problems(site: Path) -> list[str]:
    """What is wrong with the Pagefind index of ``site``; empty when it is whole.

    The entry file parses and names files that exist (each language's metadata and
    wasm, besides pagefind.js and its worker); no file is empty; every compressed file
    inflates whole; there is a fragment for every page indexed, and pages were indexed
    when the site has any.
    """
    folder = site / "pagefind"
    problems = []
    needed = ["pagefind.js", "pagefind-worker.js"]
    pages: int | None = 0
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_bytes())
        for info in entry["languages"].values():
            needed.append(f"pagefind.{info['hash']}.pf_meta")
            needed.append(f"wasm.{info.get('wasm') or 'unknown'}.pagefind")
            pages = (pages or 0) + int(info.get("page_count", 0))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        problems.append(f"pagefind/pagefind-entry.json: 无法读取 (unreadable): {exc!r}")
        pages = None  # unknown: the files are still checked
    missing = [name for name in needed if not (folder / name).is_file()]
    problems += [f"pagefind/{name}: 缺失 (missing)" for name in missing]
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if not data:
            problems.append(f"{rel}: 空文件 (empty file)")
        elif path.suffix.startswith(".pf_") or path.suffix == ".pagefind":
            try:
                whole = gzip.decompress(data).startswith(SIGNATURE)
            except (OSError, EOFError, zlib.error):
                whole = False
            if not whole:
                problems.append(f"{rel}: 不完整 (truncated or damaged)")
    if pages is None:
        return problems
    fragments = sum(1 for _ in folder.glob("fragment/*.pf_fragment"))
    if fragments < pages:
        problems.append(f"pagefind/fragment: {fragments} 个片段，应有 {pages} 个 (fragments)")
    if pages == 0 and any(site.glob("*.html")):
        problems.append("pagefind: 没有索引任何页面 (no page indexed)")
    return problems
