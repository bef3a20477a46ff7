"""Search index: Pagefind over the built HTML, whatever engine built it.

Pagefind (the `extended` build segments Chinese) writes pagefind/ beside the pages: a
small entry file, index chunks and one fragment per page, fetched as a query needs them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.diagnostics import UserError

# Pagefind's ready-made interfaces; the site uses the plain API (pagefind.js) instead.
UNUSED_UI = (
    "pagefind-ui.*",
    "pagefind-component-ui.*",
    "pagefind-modular-ui.*",
    "pagefind-highlight.js",
)


def index_site(site: Path) -> int:
    """Index ``site`` in place; return the index size in bytes."""
    cmd = [sys.executable, "-m", "pagefind_bin_extended", "--site", str(site), "--quiet"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    except OSError as exc:
        raise UserError(f"无法运行 Pagefind：{exc}", f"cannot run Pagefind: {exc}") from None
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise UserError("建立搜索索引失败", "Pagefind failed", detail=detail)
    folder = site / "pagefind"
    for unused in UNUSED_UI:  # the site has its own search box (search.js)
        for path in folder.glob(unused):
            path.unlink()
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
