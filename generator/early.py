"""Finish each page while the engine builds the next: compaction, search record and terms.

Why: MkDocs builds pages on one core and leaves the other idle; compacting every page
(generator/compact.py), reading every page for the search index and working out its terms
afterwards added about half the engine's own time at 5,000 reports. The MkDocs glue names
each page to :meth:`EarlyPages.add` as MkDocs is about to write it; MkDocs writes each page
before it builds the next, so the page named before is on disk by then, and one worker
process reads it, compacts it in place, reads its record and works out its terms. Only
page paths go to the worker and nothing comes back until the end: the engine's core does
no more than name each page (handing each page's HTML over and taking its results back
cost that core about 4 % of MkDocs's own time at 5,000 reports). :meth:`EarlyPages.save`
has the worker leave the records, each with the digest of the bytes it was read from, for
:func:`generator.search_index.index_site`, which uses a record only for a page whose bytes
on disk are those very bytes. Engine-neutral: a build by another engine, or a page this
never saw, is compacted and read after the engine as before.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from generator.compact import compact_html
from generator.search_text import analysed, record_of

Record = tuple[str, str] | None  # a page's (title, text); None: nothing to find there
Terms = list[str] | None  # generator.search_text.analysed: its terms, part by part
Early = dict[str, tuple[bytes, Record, Terms]]  # page path → (digest, record, terms)

_FINISHED: Early = {}  # in the worker process: the pages it finished so far


def digest(data: bytes) -> bytes:
    """What a page's bytes are known by."""
    return hashlib.blake2b(data, digest_size=16).digest()


def early_file(docs: Path) -> Path:
    """Where the engine run over the Markdown tree ``docs`` leaves its records."""
    return docs.with_name("search-records.pickle")


def _start() -> None:
    _FINISHED.clear()  # the worker starts empty, whatever it inherited when forked


def finish(site: Path, rel: str) -> None:
    """In the worker: compact the page at ``rel`` in place; keep its record and terms.

    A page MkDocs did not write (it skips a page whose output is empty) is passed over;
    one that is not UTF-8 is left as it is, unrecorded: the stages after the engine
    compact and read it. Any other OS error (a full disk) is raised, and fails the build
    when :meth:`EarlyPages.add` or :meth:`EarlyPages.save` collects it.
    """
    path = site / rel
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return
    try:
        small = compact_html(data.decode("utf-8")).encode("utf-8")
    except UnicodeError:
        return
    if small != data:
        path.write_bytes(small)
    record = record_of(small)
    _FINISHED[rel] = (digest(small), record, None if record is None else analysed(*record))


def _dump(target: Path) -> None:
    """In the worker: write what it finished at ``target``, whole or not at all."""
    part = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    part.write_bytes(pickle.dumps(_FINISHED, protocol=pickle.HIGHEST_PROTOCOL))
    part.replace(target)


class EarlyPages:
    """Pages finished in a worker process while the engine goes on (see the module)."""

    def __init__(self, site: Path, target: Path):
        self.site, self.target = site, target
        self.pool = ProcessPoolExecutor(1, initializer=_start)
        self.pending: deque[Future[None]] = deque()
        self.last: str | None = None  # the page named last: not yet written

    def add(self, rel: str) -> None:
        """MkDocs is about to write the page at ``rel`` (its path in the site): the page
        named before it is written by now, so the worker can finish that one."""
        self._submit()
        self.last = rel

    def _submit(self) -> None:
        if self.last is not None:
            self.pending.append(self.pool.submit(finish, self.site, self.last))
        while self.pending and self.pending[0].done():
            self.pending.popleft().result()  # a failure ends the build here, early

    def save(self) -> None:
        """Finish every page, have the worker write the records, end it."""
        try:
            self._submit()
            self.last = None
            for future in self.pending:
                future.result()  # every page finished: only then the records
            self.pool.submit(_dump, self.target).result()
        finally:
            self.pending.clear()
            self.pool.shutdown(cancel_futures=True)

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
