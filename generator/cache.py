"""A build cache: skip re-reading and re-rendering records that did not change.

Why: at a thousand reports, parsing every YAML file and rendering every page takes
seconds, while an editor usually changed one file. Entries are keyed by everything they
depend on (the file's identity: path, size and the later of mtime and ctime; the town's
record, the date, the seeds folder; a report's seed document is re-checked by a stat on
every run) and the whole cache is dropped whenever the generator's code, templates, the
Python or the parsing and rendering libraries change.

The cache is a pickle in the build folder, written by this program only; nothing in it
comes from outside the project (delete the folder to start afresh).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from generator import __version__

PACKAGE = Path(__file__).parent
_WRITE_LOCK = threading.Lock()


# Libraries whose behaviour a cached result depends on (parsing, validation, rendering).
LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "Jinja2", "MarkupSafe")


@functools.cache
def _version(name: str) -> str:
    """An installed library's version, looked up once a process: the process runs the
    library it imported, whatever is installed meanwhile (the lookups cost 0.1 s a run)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def fingerprint() -> str:
    """Changes whenever the generator's code, templates or data, the Python or the
    libraries that parse, validate and render change."""
    parts = [__version__, sys.version, *(f"{n}={_version(n)}" for n in LIBRARIES)]
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            st = path.stat()
            parts.append(
                f"{path.relative_to(PACKAGE)}:{max(st.st_mtime_ns, st.st_ctime_ns)}:{st.st_size}"
            )
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()


# Kept in memory between runs of one process (`mkdocs serve` rebuilds), so a rebuild
# after one edit neither unpickles nor re-renders the rest.
_MEMORY: dict[Path, tuple[str, dict[Any, Any]]] = {}


class Cache:
    """Memo table persisted between runs; entries unused in a run are dropped on save."""

    def __init__(self, path: Path | None = None):
        self.path = path
        self.stamp = fingerprint()
        self.old: dict[Any, Any] = {}
        self.new: dict[Any, Any] = {}
        self.dirty = False
        self.remembered = False  # entries come from this process's last run, not the disk
        remembered = _MEMORY.get(path) if path is not None else None
        if remembered is not None and remembered[0] == self.stamp:
            self.old = remembered[1]
            self.remembered = True
        elif path is not None and path.is_file():
            try:
                with path.open("rb") as fh:
                    stamp, entries = pickle.load(fh)
                if stamp == self.stamp:
                    self.old = entries
            except (
                OSError,
                EOFError,
                pickle.UnpicklingError,
                ValueError,
                TypeError,
                AttributeError,
                ImportError,
            ):
                self.old = {}  # a damaged or foreign cache is simply rebuilt

    def get(self, key: Any) -> Any:
        """The value kept for ``key``, or None; kept on into this run's entries."""
        # One lookup a table (a rerun asks 25,000 times at 5,000 reports).
        found = self.new.get(key)
        if found is None:
            found = self.old.get(key)
            if found is not None:
                self.new[key] = found
        return found

    def put(self, key: Any, value: Any) -> Any:
        self.new[key] = value
        self.dirty = True
        return value

    def memo(self, key: Any, make: Callable[[], Any]) -> Any:
        """The value kept for ``key``, or ``make()``'s, kept from now on."""
        found = self.get(key)
        return found if found is not None else self.put(key, make())

    def save(self, *, memory_only: bool = False) -> None:
        """Remember this run's entries; write them to disk in the background.

        The write (a few MB at a thousand reports) overlaps the site engine's build;
        the interpreter waits for it before exiting, so it is never cut short.
        ``memory_only`` (the preview, after each save): when this process has written
        the cache already, keep the entries in memory only. At 5,000 reports the file
        is 90 MB, and pickling it holds the interpreter for seconds, on every save; the
        next start re-renders only the records edited since (their keys name the file).
        """
        if self.path is None:
            return
        _MEMORY[self.path] = (self.stamp, self.new)
        if memory_only and self.remembered:
            return
        if self.dirty or len(self.new) != len(self.old):
            threading.Thread(target=self._write, args=(self.path, dict(self.new))).start()

    def _write(self, path: Path, entries: dict[Any, Any]) -> None:
        """Write through a temporary file and a rename; a full disk or a read-only build
        folder only costs the next run its head start (the cache is never needed)."""
        with _WRITE_LOCK:
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with tmp.open("wb") as fh:
                    pickle.dump((self.stamp, entries), fh, protocol=pickle.HIGHEST_PROTOCOL)
                tmp.replace(path)
            except OSError:
                with contextlib.suppress(OSError):
                    tmp.unlink()  # the old cache stays valid: its keys name every input
