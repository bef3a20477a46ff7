"""MkDocs glue, kept thin: run the core pipeline at config time, serve its output.

``docs_dir`` in mkdocs.yml is content/ (the YAML records). The plugin validates and
renders them, then points ``docs_dir`` at the rendered Markdown tree, so MkDocs itself
never walks content/: it follows every link it finds, and a link loop there would hang
it, a link out of it would be listed. ``mkdocs serve`` watches content/ (and seeds/ and
the templates) instead and rebuilds when an editor saves a record. The navigation comes
from the core as data. This is the only module that imports MkDocs.

The preview rebuilds only what a save changed. When the navigation, the set of files,
mkdocs.yml, the site facts and the theme are all as in the last build (an edit to a
record's text or title), the plugin renders just the pages whose Markdown the pipeline
rewrote (the report, and the town, district and home pages that list it), with the
last build's MkDocs objects: no file collection, navigation or template compiling.
Otherwise MkDocs builds, and with `--dirty` (`python -m generator serve` passes it) only
the rewritten pages and those whose navigation changed; after a broken record or a
change to mkdocs.yml, the site facts or the theme, every page. The search index is
rebuilt after each rebuild in a background process, so the browser reloads without
waiting for it; search answers from the previous index meanwhile.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingEmitter, PollingObserver

from generator.diagnostics import Diagnostic, UserError
from generator.early import EarlyPages, early_file
from generator.markup import TEMPLATES
from generator.mkdocs_preview import (
    BackgroundIndex,
    LastBuild,
    PreviewFile,
    nav_signatures,
    not_dirty_warning,
    theme_stamp,
    watch_at_once,
)
from generator.pipeline import run_pipeline, work_dir
from generator.preview import error_page
from generator.publish import checkpoint
from generator.search_index import index_site
from generator.write import read_nav, read_site

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

# On the preview's search page (served only by `serve`): why a fresh save is not found yet.
SEARCH_NOTE = (
    '<p class="gk-preview-note" role="note" data-search-ignore>本地预览：每次保存后，'
    "搜索索引在后台重建（报告越多越久，5,000 份时可达一两分钟），重建完成之前搜到的是上一次的内容。"
    "(Preview: the search index is rebuilt in the background after each save; until it is "
    "done, search finds the previous text.)</p>\n"
)


class DisclosureConfig(Config):
    seeds_dir = c.Type(str, default="seeds")
    """Folder of source documents (Word, PDF, text), relative to mkdocs.yml."""
    out_dir = c.Type(str, default="build/docs")
    """Where the rendered Markdown tree is written, relative to mkdocs.yml."""


class DisclosurePlugin(BasePlugin[DisclosureConfig]):
    """Validate content/, render it to Markdown, hand that tree to MkDocs.

    A build stops at the first bad record, listing every error. A preview (`mkdocs
    serve`) does not stop: it logs the list and serves one Chinese error page for every
    address until the records are fixed, then reloads (see :mod:`generator.preview`).
    """

    serving = False
    early: EarlyPages | None = None  # pages finished in a worker (a build only)
    advised: frozenset[str] | set[str] = frozenset()  # the advice the preview last listed
    carried: frozenset[str] | set[str] = frozenset()  # written by an abandoned quick rebuild
    nav: Navigation | None = None
    building: LastBuild | None = None
    dirty = False  # `mkdocs serve --dirty`: MkDocs rebuilds only the pages we mark
    sample = False  # the rendered records include sample data (示例数据): banner on
    broken: tuple[list[Diagnostic], list[str]] | None = None
    observer: BaseObserver | None = None  # the preview's own watch (watch_at_once)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this object across the preview's rebuilds, and
        # with it what the last build saw (below), so the next one rebuilds only changes.
        self.serving = command == "serve"
        self.dirty = self.serving and dirty
        self.written: set[str] = set()  # Markdown the pipeline rewrote in this run
        self.full = True  # this build must rebuild every page
        self.stamp = ""  # what every page depends on, as of the last good build
        self.signatures: dict[str, str] = {}  # page → its navigation, last good build
        self.pending: dict[str, str] = {}
        self.dests: set[str] = set()  # every file the last build put in the site
        self.rebuilt = 0
        self.indexer = BackgroundIndex()
        # The last good build, for a save that changes only pages (see _quick_rebuild).
        self.last: LastBuild | None = None
        self.nav_data: list[Any] = []
        self.rels: set[str] = set()
        if self.dirty:
            # MkDocs warns on every dirty build that the navigation may be stale; this
            # plugin rebuilds every page whose navigation changed, so the warning is noise.
            logging.getLogger("mkdocs.commands.build").addFilter(not_dirty_warning)

    def on_shutdown(self) -> None:
        if self.serving:
            self.indexer.stop()
        if self.observer is not None:
            self.observer.stop()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The preview's reload address counts in MkDocs's own clock (monotonic ms); the
        # rebuild that shows this build's result started before this moment.
        self.epoch = round(time.monotonic() * 1000)
        self.broken = None
        self.sample = False
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self.content = Path(config.docs_dir)  # the YAML records
        self.seeds = Path(os.environ.get("GKGEN_SEEDS") or root / self.config.seeds_dir)
        self.out_dir = _out_dir(root, self.content, self.config.out_dir)
        if os.environ.get("GKGEN_PRERENDERED"):
            # `python -m generator build` has just validated and rendered this tree.
            config.nav = read_nav(self.out_dir)
            self.sample = bool(read_site(self.out_dir).get("sample"))
        elif self.serving:
            try:
                config.nav = self._render(root)
            except _Broken as exc:
                self.broken = (exc.diagnostics, exc.problems)
                for line in exc.report():
                    log.error(line)
                config.nav = []
                self.out_dir.mkdir(parents=True, exist_ok=True)
                self.full = True  # the site is emptied for the error page (on_pre_build)
            else:
                stamp = theme_stamp(config, self.out_dir)
                self.full = self.full or stamp != self.stamp
                self.stamp = stamp
                self.nav_data = config.nav
        else:
            try:
                config.nav = self._render(root)
            except _Broken as exc:
                raise PluginError("\n".join(exc.report())) from None
        config.extra["gk_sample"] = self.sample  # the theme's 示例数据 banner (main.html)
        # MkDocs lists docs_dir following every link: give it the rendered tree, which
        # holds only files the pipeline wrote, never content/.
        config.docs_dir = os.path.abspath(self.out_dir)
        return config

    def _render(self, root: Path) -> list[Any]:
        """Validate and render content/; the navigation, or every error at once."""
        # `python -m generator --seeds Y build` passes its folder this way (and --content
        # through mkdocs.yml's `docs_dir: !ENV [GKGEN_CONTENT, content]`).
        try:
            result = run_pipeline(
                self.content, self.seeds, self.out_dir, root=root, preview=self.serving
            )
        except UserError as exc:
            if exc.diagnostics is not None:
                raise _Broken(exc.diagnostics.sorted(), []) from None
            raise _Broken([], exc.lines()) from None
        self._advise(result.diagnostics.warnings)
        if result.rendered is None:
            raise _Broken(result.diagnostics.errors, [])
        self.sample = bool(result.rendered.site.get("sample"))
        # With what a quick rebuild wrote before handing over to MkDocs (its pages are
        # also newer than their HTML: MkDocs's own rule catches them either way).
        self.written = set(result.written) | self.carried
        self.carried = set()
        return result.rendered.nav

    def _advise(self, warnings: list[Diagnostic]) -> None:
        """Log the advice (not build failures; see `check --strict`). The preview lists
        it all once, then after each save only what is new: thousands of unchanged lines
        would hide it (and printing them takes time on every save)."""
        # Each warning's line, formatted once: the walk's cache hands back the same
        # objects after every save (5,738 lines at 5,000 reports took 0.07 s a save).
        known = getattr(self, "formatted", {})
        self.formatted: dict[int, tuple[Diagnostic, str]] = {}
        lines = []
        for diag in warnings:
            hit = known.get(id(diag))
            line = hit[1] if hit is not None and hit[0] is diag else diag.format()
            self.formatted[id(diag)] = (diag, line)
            lines.append(line)
        new = [line for line in lines if line not in self.advised] if self.serving else lines
        for line in new:
            log.info(line)
        if self.serving and self.advised and len(lines) > len(new):
            n = len(lines) - len(new)
            log.info(f"另有 {n} 条提醒与上次相同，不再列出 ({n} unchanged warnings not repeated)")
        self.advised = set(lines)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.rebuilt = 0
        # `python -m generator build`: each page is compacted and read for the search
        # index in a worker while MkDocs builds the next (generator/early.py). A direct
        # `mkdocs build` leaves pages as Material renders them (tests/test_compact.py's
        # reference) and indexes them afterwards.
        self.early = None
        if os.environ.get("GKGEN_PRERENDERED") and not self.serving:
            self.early = EarlyPages(Path(config.site_dir), early_file(self.out_dir))
        if self.dirty and self.broken is not None:
            # Every address must answer with the error page: a dirty build keeps the old
            # pages, so remove them as MkDocs's clean build would (dot folders stay).
            clean_directory(config.site_dir)
            self.dests = set()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.broken is not None:
            return Files([])  # the preview shows the error page only (on_post_build)
        # The rendered tree, every file of it (MkDocs would leave out names it reserves,
        # such as a district folder called templates/); keep theme assets.
        rendered = self.out_dir.resolve()
        # MkDocs lists docs_dir (the rendered tree) by its absolute path: skip those by
        # their prefix, and resolve only the rest (theme files), as resolving is slow.
        prefix = os.path.join(os.path.abspath(config.docs_dir), "")
        out = Files(
            [
                f
                for f in files
                if not (f.abs_src_path or "").startswith(prefix) and not _inside(f, rendered)
            ]
        )
        kind = PreviewFile if self.serving else File
        rels = set()
        for path in sorted(p for p in self.out_dir.rglob("*") if p.is_file()):
            rel = path.relative_to(self.out_dir).as_posix()
            rels.add(rel)
            file = kind(rel, str(self.out_dir), config.site_dir, config.use_directory_urls)
            if isinstance(file, PreviewFile):
                # Rewritten Markdown, or (with the source's mtime, MkDocs's own rule) a
                # page left unbuilt by an interrupted build.
                file.force = self.full or rel in self.written
            out.append(file)
        if self.dirty:
            self._remove_vanished(out)
        self.rels = rels
        return out

    def _remove_vanished(self, files: Files) -> None:
        """Delete from the site what the last build put there and this one no longer
        has (a removed record's page): a dirty build would keep serving it."""
        dests = {f.abs_dest_path for f in files}
        for path in sorted(self.dests - dests):
            with contextlib.suppress(OSError):
                os.unlink(path)
                folder = os.path.dirname(path)
                while not os.listdir(folder):  # its page folder, emptied
                    os.rmdir(folder)
                    folder = os.path.dirname(folder)
        self.dests = dests

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if not self.serving or self.broken is not None:
            return nav
        # A page whose navigation changed is rebuilt though its Markdown is the same.
        self.nav = nav
        self.pending = nav_signatures(nav, files)
        for file in files.documentation_pages():
            sig = self.pending.get(file.src_uri)
            if isinstance(file, PreviewFile) and sig != self.signatures.get(file.src_uri):
                file.force = True
        return nav

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        if self.serving:
            self.building = LastBuild(config, env, files)
            self.building.nav = self.nav
        return env

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.serving and page.file.src_uri == "search/index.md":
            return SEARCH_NOTE + html
        return html

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        self.rebuilt += 1
        if self.early is not None:
            self.early.add(page.file.dest_uri)
        return output

    def on_build_error(self, *, error: Exception) -> None:
        if self.early is not None:
            self.early.cancel()
            self.early = None
        # Some pages may be half built: the next build rebuilds them all.
        self.full = True
        self.last = None

    def _rebuild(self, build: Callable[[], Any]) -> None:
        """What the preview runs after a save: a quick rebuild when it can, else MkDocs's."""
        try:
            if profiled(self._quick_rebuild):
                return
        except Exception as exc:  # the full build below shows any error properly
            log.debug(f"quick rebuild abandoned: {exc!r}")
            self.full, self.last = True, None
        build()

    def _quick_rebuild(self) -> bool:
        """Run the pipeline; when only pages changed, render just those; True if done.

        Uses the last good build's config, theme environment, files and navigation, so a
        save costs the pipeline and the rewritten pages, not a pass over every file.
        """
        last = self.last
        if last is None or last.nav is None or self.broken is not None:
            return False
        start = time.monotonic()
        config, nav = last.config, last.nav
        try:
            result = run_pipeline(
                self.content, self.seeds, self.out_dir, root=self.root, preview=True
            )
        except UserError:
            return False  # MkDocs's build runs it again and shows the error page
        if result.rendered is None:
            return False
        self.carried = set(result.written)
        rendered = result.rendered
        if (
            rendered.nav != self.nav_data
            or rendered.files.keys() != self.rels
            or theme_stamp(config, self.out_dir) != self.stamp
        ):
            return False  # the navigation, the files or every page changed: MkDocs builds
        self._advise(result.diagnostics.warnings)
        pages: list[File] = []
        others: list[File] = []
        for rel in sorted(self.carried):
            file = last.files.get_file_from_path(rel)
            if file is None:
                return False
            (pages if file.page is not None else others).append(file)
        self.carried = set()
        for file in others:
            file.copy_file()
        for file in pages:
            assert file.page is not None
            _populate_page(file.page, config, last.files)
        docs = last.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for file in pages:
            assert file.page is not None
            excluded = file.inclusion.is_excluded()
            _build_page(file.page, config, docs, nav, last.env, excluded=excluded)
        took, gen = time.monotonic() - start, sum(result.stages.values())
        log.info(
            f"预览已更新：重建 {len(pages)} 页，用时 {took:.2f} 秒，其中生成 Markdown "
            f"{gen:.2f} 秒 (rebuilt {len(pages)} pages in {took:.2f} s, generator {gen:.2f} s)"
        )
        # Where the time went: bench/preview.py sets $GKGEN_TIMINGS to see it.
        split = ", ".join(f"{stage} {s:.3f}" for stage, s in result.stages.items())
        level = logging.INFO if os.environ.get("GKGEN_TIMINGS") else logging.DEBUG
        log.log(level, f"quick rebuild (s): {split}, pages {took - gen:.3f}")
        if pages or others:
            self.indexer.request(Path(config.site_dir))
        return True

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.broken is not None:
            self.last = None
            diagnostics, problems = self.broken
            page = error_page(
                diagnostics, problems=problems, roots=[self.root], epoch=self.epoch
            ).encode("utf-8")
            site = Path(config.site_dir)
            # index.html for the home address; MkDocs's preview serves 404.html for any
            # address with no file, which after a clean rebuild is every other page.
            for name in ("index.html", "404.html"):
                (site / name).write_bytes(page)
            return
        if self.early is not None:
            self.early.save()  # every page compacted in place, and its record kept
            self.early = None
        checkpoint("engine")  # test hook: the engine has written every page
        if self.serving:
            # This build's pages are served: the next build compares with them.
            self.signatures, self.full = self.pending, False
            self.last = self.building
            settle_heap()
            total = len(self.pending)
            n = self.rebuilt
            log.info(f"预览已更新：重建 {n} 页，共 {total} 页 (rebuilt {n} of {total} pages)")
            # The preview reloads now; its search index follows in the background.
            if not os.environ.get("GKGEN_PRERENDERED"):
                self.indexer.request(Path(config.site_dir))
            return
        # `python -m generator build` indexes after the engine itself (any engine);
        # a direct `mkdocs build` gets its search index here.
        if not os.environ.get("GKGEN_PRERENDERED"):
            try:
                index_site(Path(config.site_dir))
            except UserError as exc:
                raise PluginError("\n".join(exc.lines())) from None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        _poll_without_entering_linked_folders(server)
        # MkDocs watches docs_dir, now the rendered tree, which every rebuild rewrites:
        # watch the records instead.
        with contextlib.suppress(KeyError):
            server.unwatch(config.docs_dir)
        watched = [str(self.content), *([str(self.seeds)] if self.seeds.is_dir() else [])]
        self.observer = watch_at_once(server, [*watched, str(TEMPLATES)])
        # A save first tries the quick rebuild (only the changed pages), then MkDocs's.
        server.builder = functools.partial(self._rebuild, server.builder)
        return server


def profiled(run: Callable[[], bool]) -> bool:
    """``run()``; with $GKGEN_PROFILE naming a folder, under cProfile, its statistics
    written there one file a save (quick-<n>.prof), to see where a save's time goes."""
    folder = os.environ.get("GKGEN_PROFILE")
    if not folder:
        return run()
    import cProfile

    profile = cProfile.Profile()
    try:
        return bool(profile.runcall(run))
    finally:
        os.makedirs(folder, exist_ok=True)
        profile.dump_stats(os.path.join(folder, f"quick-{time.monotonic_ns()}.prof"))


def settle_heap() -> None:
    """After a full build of the preview: collect what the last one left, then exempt
    what is alive now (this build's pages and navigation, the pipeline's cache: millions
    of objects at 5,000 reports) from the cycle collector.

    A full collection over all of it took about a second, and one fell inside a save's
    rerun every few saves; what a quick rebuild allocates is still collected as usual.
    Unfrozen and collected again at the next full build, so what it replaces is freed.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class _Broken(Exception):
    """The records have errors (located diagnostics) or another user mistake (lines)."""

    def __init__(self, diagnostics: list[Diagnostic], problems: list[str]):
        super().__init__()
        self.diagnostics, self.problems = diagnostics, problems

    def report(self) -> list[str]:
        """The full list, as the terminal shows it on every build."""
        count = len(self.diagnostics) + len(self.problems)
        head = (
            f"内容有误，未发布：共 {count} 个错误 (content has errors, nothing published: "
            f"{count} errors)"
        )
        return [head, *(d.format() for d in self.diagnostics), *self.problems]


def _poll_without_entering_linked_folders(server: LiveReloadServer) -> None:
    """Make the folders watched from now on polled without entering links to folders.

    MkDocs polls watched folders with watchdog, which stats with os.stat and so walks a
    link loop in content/ (`.loop -> .`) for ever. Links to files are still followed, so
    an edit behind one is seen. This sets watchdog's emitter class on MkDocs's observer
    (an attribute watchdog keeps private); if that ever changes, watching goes on as
    MkDocs does it.
    """
    observer = server.observer
    if isinstance(observer, PollingObserver) and hasattr(observer, "_emitter_class"):
        observer._emitter_class = functools.partial(  # type: ignore[assignment]
            PollingEmitter, stat=_stat_not_entering_folder_links, listdir=os.scandir
        )


def _stat_not_entering_folder_links(path: str) -> os.stat_result:
    """os.stat, except that a link to a folder (or a broken link) is not followed."""
    st = os.lstat(path)
    if not stat.S_ISLNK(st.st_mode):
        return st
    try:
        target = os.stat(path)
    except OSError:
        return st
    return st if stat.S_ISDIR(target.st_mode) else target


def _out_dir(root: Path, content: Path, option: str) -> Path:
    """The rendered tree: as `python -m generator build` says, else in the work folder
    under $GKGEN_BUILD_DIR, else the plugin's ``out_dir``."""
    if os.environ.get("GKGEN_DOCS_DIR"):
        return Path(os.environ["GKGEN_DOCS_DIR"])
    if os.environ.get("GKGEN_BUILD_DIR"):
        return work_dir(root, content) / "docs"
    return root / option


def _inside(file: File, folder: Path) -> bool:
    if not file.abs_src_path:
        return False
    return Path(file.abs_src_path).resolve().is_relative_to(folder)
