"""Publishing a built site: one build at a time, staged beside site/, swapped in whole.

The only place that replaces a published folder. A staging folder sits beside its target
(so the final rename never crosses a filesystem boundary), is removed on any failure,
and replaces the target by two renames on success.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """One build of a tree at a time (a second waits), so pages are never mixed."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@contextmanager
def staged(target: Path) -> Iterator[Path]:
    """A fresh, empty staging path for ``target``; swapped in if the block succeeds.

    Why not build into ``target`` directly: a failure halfway would leave the public
    site half updated. On any exception the staging folder is removed and ``target`` is
    left exactly as it was.
    """
    tmp = target.resolve().parent / f".{target.name}-tmp-{os.getpid()}"
    remove(tmp)
    try:
        yield tmp
    except BaseException:
        remove(tmp)
        raise
    _swap(tmp, target)


def _swap(new: Path, target: Path) -> None:
    """Replace ``target`` with ``new`` using renames (same filesystem, no partial copy)."""
    old = new.with_name(new.name + "-old")
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


def remove(folder: Path) -> None:
    """Remove a folder the build made, if it is there."""
    shutil.rmtree(folder, ignore_errors=True)


def tree_size(folder: Path) -> int:
    """Bytes of every file below ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
