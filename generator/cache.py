"""A build cache: skip re-reading and re-rendering records that did not change.

Why: at a thousand reports, parsing every YAML file and rendering every page takes
seconds, while an editor usually changed one file. Entries are keyed by what they
depend on (file identity, mtime and size, and the names and dates around them) and the
whole cache is dropped whenever the generator's own code or templates change.

The cache is a pickle in the build folder, written by this program only; nothing in it
comes from outside the project (delete the folder to start afresh).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from pathlib import Path
from typing import Any

from generator import __version__

PACKAGE = Path(__file__).parent
_WRITE_LOCK = threading.Lock()


def fingerprint() -> str:
    """Changes whenever the generator's code or templates change."""
    parts = [__version__]
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".j2", ".txt") and "__pycache__" not in path.parts:
            st = path.stat()
            parts.append(f"{path.relative_to(PACKAGE)}:{st.st_mtime_ns}:{st.st_size}")
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
        remembered = _MEMORY.get(path) if path is not None else None
        if remembered is not None and remembered[0] == self.stamp:
            self.old = remembered[1]
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
        if key in self.new:
            return self.new[key]
        if key in self.old:
            self.new[key] = self.old[key]
            return self.new[key]
        return None

    def put(self, key: Any, value: Any) -> Any:
        self.new[key] = value
        self.dirty = True
        return value

    def save(self) -> None:
        """Remember this run's entries; write them to disk in the background.

        The write (a few MB at a thousand reports) overlaps the site engine's build;
        the interpreter waits for it before exiting, so it is never cut short.
        """
        if self.path is None:
            return
        _MEMORY[self.path] = (self.stamp, self.new)
        if self.dirty or len(self.new) != len(self.old):
            threading.Thread(target=self._write, args=(self.path, dict(self.new))).start()

    def _write(self, path: Path, entries: dict[Any, Any]) -> None:
        with _WRITE_LOCK:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump((self.stamp, entries), fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
