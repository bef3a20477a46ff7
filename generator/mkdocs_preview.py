"""The preview's quick rebuilds (`python -m generator serve`), beside the MkDocs glue.

What the disclosure plugin keeps between the preview's rebuilds so that a save rebuilds
only what it changed: the last good build (:class:`LastBuild`), files MkDocs rebuilds when
told (:class:`PreviewFile`), a digest of what every page depends on (:func:`theme_stamp`)
and of each page's navigation (:func:`nav_signatures`), and the search index rebuilt in a
background process (:class:`BackgroundIndex`). It leans on MkDocs 1.6's build internals
(``_populate_page``, ``_build_page``, used by the plugin): MkDocs has no public API for
rebuilding some pages. Only the preview uses any of it; `build` never does.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from watchdog.events import (
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver

try:  # Linux only
    from watchdog.observers.inotify import InotifyObserver
except ImportError:  # pragma: no cover - other systems poll, as MkDocs does
    InotifyObserver = None  # type: ignore[assignment,misc]

log = logging.getLogger("mkdocs.plugins.generator.mkdocs_plugin")


class LastBuild:
    """What a quick rebuild reuses of the last good MkDocs build."""

    def __init__(self, config: MkDocsConfig, env: jinja2.Environment, files: Files):
        self.config, self.env, self.files = config, env, files
        self.nav: Navigation | None = None


class PreviewFile(File):
    """A rendered file of the preview, rebuilt when ``force`` says so, or when MkDocs
    would (its source is newer than its page)."""

    force = False

    def is_modified(self) -> bool:
        return self.force or super().is_modified()


def not_dirty_warning(record: logging.LogRecord) -> bool:
    """A logging filter: drop MkDocs's "dirty build" warning, which the preview makes moot
    by rebuilding every page whose navigation changed."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def theme_stamp(config: MkDocsConfig, out_dir: Path) -> str:
    """What every page depends on besides its own Markdown and navigation: mkdocs.yml,
    the site facts the pipeline wrote (the 示例数据 banner) and the theme's overrides."""
    digest = hashlib.sha1()
    for path in (config.config_file_path, str(out_dir.parent / "site.json")):
        with contextlib.suppress(OSError, TypeError):
            digest.update(Path(path).read_bytes())
    custom = config.theme.custom_dir
    if custom and os.path.isdir(custom):
        for parent, _, names in sorted(os.walk(custom)):
            for name in sorted(names):
                st = os.stat(os.path.join(parent, name))
                digest.update(f"{parent}/{name}:{st.st_mtime_ns}:{st.st_size}\n".encode())
    return digest.hexdigest()


def nav_signatures(nav: Navigation, files: Files) -> dict[str, str]:
    """For every page, a digest of the navigation its HTML shows: the home address, the
    top-level items, the items of each section on its path (a folded section shows its
    title, first address and whether it has children: Material's navigation.prune) and
    its previous and next pages. Pages with equal digests need no rebuild for the nav."""

    def first_url(item: Any) -> str:
        while isinstance(item, Section) and item.children:
            item = item.children[0]
        return str(getattr(item, "url", ""))

    def entry(item: Any) -> tuple[Any, ...]:
        if isinstance(item, Section):
            return ("s", item.title, first_url(item), bool(item.children))
        return ("p", item.title, getattr(item, "url", ""))

    def neighbour(page: Page | None) -> tuple[Any, ...]:
        return () if page is None else (page.title, page.url)

    sections: dict[int, str] = {}

    def section(item: Section) -> str:
        if id(item) not in sections:
            listed = repr([entry(child) for child in item.children]).encode()
            sections[id(item)] = hashlib.sha1(listed).hexdigest()
        return sections[id(item)]

    home = nav.homepage.url if nav.homepage else ""
    top = repr((home, [entry(item) for item in nav.items]))
    out = {}
    for file in files.documentation_pages():
        page = file.page
        parts = [top]
        if page is not None:
            parts += [section(s) for s in page.ancestors if isinstance(s, Section)]
            parts += [repr((neighbour(page.previous_page), neighbour(page.next_page)))]
        out[file.src_uri] = hashlib.sha1("\n".join(parts).encode()).hexdigest()
    return out


# Run as a child process: reading every page for the search index is Python that would
# otherwise hold the preview's interpreter while it rebuilds.
INDEX_SCRIPT = """
import os, sys
from pathlib import Path
from typing import Any
if hasattr(os, "nice"):
    os.nice(10)  # the editor's next rebuild comes first
from generator.diagnostics import UserError
from generator.search_index import index_site
try:
    index_site(Path(sys.argv[1]))
except UserError as exc:
    sys.exit("\\n".join(exc.lines()))
"""


class BackgroundIndex:
    """The preview's search index, rebuilt after each rebuild without holding it up.

    One run at a time; saves made while a run goes on are indexed by one more run after
    it. Until a run ends, the site serves the previous index (none before the first).
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.wanted: Path | None = None
        self.thread: threading.Thread | None = None
        self.proc: subprocess.Popen[str] | None = None
        self.stopped = False

    def request(self, site: Path) -> None:
        """Index ``site`` as soon as the run under way (if any) is over."""
        with self.lock:
            self.wanted = site
            if self.thread is None and not self.stopped:
                self.thread = threading.Thread(target=self._loop, name="gkgen-index", daemon=True)
                self.thread.start()

    def stop(self) -> None:
        """End the run under way (the preview is closing) and start no other."""
        with self.lock:
            self.stopped = True
            proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=10)

    def _loop(self) -> None:
        while True:
            with self.lock:
                site, self.wanted = self.wanted, None
                if site is None or self.stopped:
                    self.thread = None
                    return
                start = time.monotonic()
                env = {**os.environ, "PYTHONPATH": with_package_path()}
                self.proc = subprocess.Popen(
                    [sys.executable, "-c", INDEX_SCRIPT, str(site)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    env=env,
                )
            _, err = self.proc.communicate()
            if self.stopped:
                continue
            if self.proc.returncode == 0:
                took = time.monotonic() - start
                log.info(
                    f"搜索索引已更新，用时 {took:.1f} 秒 (search index updated in {took:.1f} s)"
                )
            elif self.wanted is None:  # a failure worth telling, not a site changing under it
                log.warning("搜索索引未更新 (search index not updated):")
                for line in err.strip().splitlines()[-10:]:
                    log.warning(line)


def with_package_path() -> str:
    """$PYTHONPATH with this project's folder first, so the child imports this generator."""
    here = str(Path(__file__).resolve().parents[1])
    rest = os.environ.get("PYTHONPATH", "")
    return here + (os.pathsep + rest if rest else "")


# What a save does to a file (written, renamed over, created, removed, touched). Not its
# opening and reading: the rebuild reads the records, which must not set off another.
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileClosedEvent,
    FileAttribEvent,
]


class _Recorder:
    """Stands in for MkDocs's observer while it schedules a watch, to keep its handler
    (the one that asks for a rebuild) for an observer of our choice."""

    def __init__(self) -> None:
        self.calls: list[tuple[FileSystemEventHandler, str, bool]] = []

    def schedule(
        self, handler: FileSystemEventHandler, path: str, *, recursive: bool = False
    ) -> tuple[str, bool]:
        self.calls.append((handler, path, recursive))
        return (path, recursive)


def watch_at_once(server: LiveReloadServer, paths: list[str]) -> BaseObserver | None:
    """Watch ``paths`` for the preview through the system's notifications (inotify, on
    Linux) rather than MkDocs's polling; returns that observer, to stop at shutdown.

    MkDocs polls every half second, and at 5,000 reports each poll lists and stats every
    record (0.1–0.2 s of the interpreter): a save waited 0.5 s on average before being
    seen, and the polling took a core's fifth all the time. Notifications arrive at once
    and cost nothing between saves; links to folders are not entered (watchdog's default),
    so a link loop does not hang them. A path that cannot be watched so (no inotify,
    the system's watch limit reached, $GKGEN_POLL set) is polled as before.
    """
    recorder = _Recorder()
    polling = server.observer
    server.observer = recorder  # type: ignore[assignment]
    try:
        for path in paths:
            server.watch(path)
    finally:
        server.observer = polling
    fast: BaseObserver | None = None
    if InotifyObserver is not None and not os.environ.get("GKGEN_POLL"):
        fast = InotifyObserver()
        fast.start()  # started first: a watch that cannot be set fails when scheduled
    for handler, path, recursive in recorder.calls:
        try:
            if fast is None:
                raise OSError("no inotify")
            fast.schedule(
                handler, os.path.realpath(path), recursive=recursive, event_filter=CHANGES
            )
        except OSError as exc:
            log.debug(f"polling {path}: {exc!r}")
            polling.schedule(handler, path, recursive=recursive)
    return fast
