"""Write stage: the rendered tree → files on disk, touching only what changed.

Only files whose bytes change are rewritten (each through a temporary file and a rename,
so a reader never sees half a page), and files no longer rendered are removed. A site
engine watching the folder then rebuilds only what changed.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
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


# What this process last wrote to each tree: its files, navigation, site facts and the
# modification time of each of its folders. The preview rewrites the same tree after
# every save; listing its thousands of folders each time cost 0.3 s at 5,000 reports,
# while a stat of each folder says whether anything was added or removed since.
@dataclass
class _Written:
    files: set[str]
    nav: list[Any]
    site: dict[str, Any]
    folders: dict[str, int]  # absolute folder → st_mtime_ns after the last write


_WRITTEN: dict[str, _Written] = {}


def _mtime(folder: str) -> int:
    try:
        return os.stat(folder).st_mtime_ns
    except OSError:
        return -1


def _unchanged(last: _Written) -> bool:
    """No file was added or removed in the tree since this process last wrote it."""
    return all(_mtime(folder) == when for folder, when in last.folders.items())


def write_tree(rendered: Rendered, out_dir: Path) -> list[str]:
    """Write the tree under ``out_dir``; touch only changed files, remove stale ones.

    Returns the relative paths that were written (for logging and tests).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    key = os.path.abspath(out_dir)
    last = _WRITTEN.pop(key, None)
    if last is not None and not _unchanged(last):
        last = None
    existing = last.files if last is not None else _files_under(out_dir)
    written = []
    for rel, data in sorted(rendered.files.items()):
        if rel in existing and rel in rendered.reused:
            continue  # before making a path: at 5,000 reports, nearly every file
        target = out_dir / rel
        if rel in existing and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)  # readers never see a half-written page
        written.append(rel)
    removed = sorted(existing - rendered.files.keys())
    for rel in removed:
        with contextlib.suppress(FileNotFoundError):
            (out_dir / rel).unlink()
        # Its folders, when this emptied them (a removed report's page folder).
        folder = (out_dir / rel).parent
        while folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
            with contextlib.suppress(OSError):  # a race: fine either way
                folder.rmdir()
            folder = folder.parent
    if last is None:  # and whatever earlier runs left empty
        for parent, dirs, files in os.walk(out_dir, topdown=False):
            if not dirs and not files and parent != str(out_dir):
                with contextlib.suppress(OSError):  # emptied just now, or a race: both fine
                    os.rmdir(parent)
    if last is None or last.nav != rendered.nav or not nav_file(out_dir).is_file():
        nav = nav_file(out_dir)
        nav_bytes = json.dumps(rendered.nav, ensure_ascii=False, indent=1).encode() + b"\n"
        if not nav.is_file() or nav.read_bytes() != nav_bytes:
            nav.write_bytes(nav_bytes)
    if last is None or last.site != rendered.site:
        site_bytes = json.dumps(rendered.site, sort_keys=True).encode() + b"\n"
        if not site_file(out_dir).is_file() or site_file(out_dir).read_bytes() != site_bytes:
            site_file(out_dir).write_bytes(site_bytes)
    # The folders' times as this run leaves them: every folder after a listing, else
    # only those a written or removed file (or a folder made or removed) changed.
    if last is None or len(existing) != len(rendered.files):
        folders = {key} | {os.path.join(key, *rel.split("/")[:-1]) for rel in rendered.files}
        times = {folder: _mtime(folder) for folder in folders}
    else:
        times = last.folders
        for rel in [*written, *removed]:
            parts = rel.split("/")[:-1]
            for depth in range(len(parts) + 1):
                place = os.path.join(key, *parts[:depth])
                times[place] = _mtime(place)
    _WRITTEN[key] = _Written(set(rendered.files), rendered.nav, dict(rendered.site), times)
    return written
