"""Write stage: the rendered tree → files on disk, touching only what changed.

Only files whose bytes change are rewritten (each through a temporary file and a rename,
so a reader never sees half a page), and files no longer rendered are removed. A site
engine watching the folder then rebuilds only what changed.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from generator.render import Rendered


def nav_file(docs: Path) -> Path:
    """Where the navigation of the Markdown tree at ``docs`` is kept (beside it)."""
    return docs.parent / "nav.json"


def read_nav(docs: Path) -> list[Any]:
    """The navigation written with the tree at ``docs``."""
    return json.loads(nav_file(docs).read_text(encoding="utf-8"))


def site_file(docs: Path) -> Path:
    """Where what the theme needs of the whole site is kept (beside the navigation)."""
    return docs.parent / "site.json"


def read_site(docs: Path) -> dict[str, Any]:
    """The site facts written with the tree at ``docs`` ({} for a tree written without)."""
    try:
        data = json.loads(site_file(docs).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return data if isinstance(data, dict) else {}


def _files_under(folder: Path) -> set[str]:
    """Relative paths of every file below ``folder``, from one directory walk."""
    out: set[str] = set()
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
    nav = nav_file(out_dir)
    nav_bytes = json.dumps(rendered.nav, ensure_ascii=False, indent=1).encode() + b"\n"
    if not nav.is_file() or nav.read_bytes() != nav_bytes:
        nav.write_bytes(nav_bytes)
    site_bytes = json.dumps(rendered.site, sort_keys=True).encode() + b"\n"
    if not site_file(out_dir).is_file() or site_file(out_dir).read_bytes() != site_bytes:
        site_file(out_dir).write_bytes(site_bytes)
    return written
