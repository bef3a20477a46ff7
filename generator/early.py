"""Finish each page while the engine builds the next: compaction, search record and terms.

Why: MkDocs builds pages on one core and leaves the other idle; compacting every page
(generator/compact.py), reading every page for the search index and working out its terms
afterwards added about half the engine's own time at 5,000 reports. The MkDocs glue hands
each page's final HTML to :meth:`EarlyPages.add` as MkDocs is about to write it; one
worker process compacts it, reads its record and works out its terms; once MkDocs has
written the page (it writes each page before it builds the next), :meth:`EarlyPages.flush`
puts the compacted bytes in its place. :meth:`EarlyPages.save` leaves the records, each
with the digest of the bytes it was read from, for
:func:`generator.search_index.index_site`, which uses a record only for a page whose bytes
on disk are those very bytes. Engine-neutral: a build by another engine, or a page this
never saw, is compacted and read after the engine as before.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from generator.compact import compact_html
from generator.search_text import analysed, record_of

Record = tuple[str, str] | None  # a page's (title, text); None: nothing to find there
Terms = list[str] | None  # generator.search_text.analysed: its terms, part by part
Early = dict[str, tuple[bytes, Record, Terms]]  # page path → (digest, record, terms)


def digest(data: bytes) -> bytes:
    """What a page's bytes are known by."""
    return hashlib.blake2b(data, digest_size=16).digest()


def early_file(docs: Path) -> Path:
    """Where the engine run over the Markdown tree ``docs`` leaves its records."""
    return docs.with_name("search-records.pickle")


Finished = tuple[int, bytes, bytes, Record, Terms]


def finish(html: str) -> Finished:
    """(the size of the page as MkDocs writes it, the page compacted and its digest, its
    record, its terms) — in the worker."""
    size = len(html.encode("utf-8", errors="xmlcharrefreplace"))  # as MkDocs encodes it
    small = compact_html(html).encode("utf-8", errors="xmlcharrefreplace")
    record = record_of(small)
    return size, small, digest(small), record, None if record is None else analysed(*record)


class EarlyPages:
    """Pages finished in a worker process while the engine goes on (see the module)."""

    def __init__(self, site: Path, target: Path):
        self.site, self.target = site, target
        self.pool = ProcessPoolExecutor(1)
        self.pending: list[tuple[str, Future[Finished]]] = []
        self.records: Early = {}

    def add(self, rel: str, html: str) -> None:
        """Finish the page MkDocs is about to write at ``rel`` (its path in the site);
        pages added before it are written by now, so those finished are put in place."""
        self.flush(wait=False)
        self.pending.append((rel, self.pool.submit(finish, html)))

    def flush(self, wait: bool) -> None:
        """Put every finished page in place (all of them, waiting, when ``wait``). One
        worker finishes pages in the order given, so the first unfinished one ends it."""
        done = 0
        for rel, future in self.pending:
            if not wait and not future.done():
                break
            done += 1
            size, small, key, record, found = future.result()
            path = self.site / rel
            # Only over the page MkDocs wrote from the same HTML: nothing else writes in
            # the staging folder, so its size tells (reading every page back to compare
            # cost the engine's core more than the rest of this). The index stage still
            # uses a record only for the very bytes it was read from.
            try:
                written = path.stat().st_size
            except FileNotFoundError:
                continue
            if written == size:
                path.write_bytes(small)
                self.records[rel] = (key, record, found)
        del self.pending[:done]

    def save(self) -> None:
        """Finish every page, write the records, end the worker."""
        try:
            self.flush(wait=True)
        finally:
            self.pool.shutdown(cancel_futures=True)
        part = self.target.with_name(f"{self.target.name}.{os.getpid()}.tmp")
        part.write_bytes(pickle.dumps(self.records, protocol=pickle.HIGHEST_PROTOCOL))
        part.replace(self.target)

    def cancel(self) -> None:
        """End the worker without saving (the build failed)."""
        self.pool.shutdown(cancel_futures=True)


def load_early(paths: list[Path]) -> Early:
    """Records :class:`EarlyPages` saved at ``paths`` (those that exist), merged; each
    file is removed once read, so no later build mistakes them for its own."""
    early: Early = {}
    for path in paths:
        try:
            early.update(pickle.loads(path.read_bytes()))
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            pass  # none, or half written: those pages are read instead
        finally:
            path.unlink(missing_ok=True)
    return early
