"""MkDocs glue, kept thin: run the core pipeline at config time, serve its output.

``docs_dir`` in mkdocs.yml is content/ (the YAML records). The plugin validates and
renders them, then points ``docs_dir`` at the rendered Markdown tree, so MkDocs itself
never walks content/: it follows every link it finds, and a link loop there would hang
it, a link out of it would be listed. ``mkdocs serve`` watches content/ (and seeds/ and
the templates) instead and rebuilds when an editor saves a record. The navigation comes
from the core as data. This is the only module that imports MkDocs.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from watchdog.observers.polling import PollingEmitter, PollingObserver

from generator.diagnostics import Diagnostic, UserError
from generator.markup import TEMPLATES
from generator.pipeline import run_pipeline, work_dir
from generator.preview import error_page
from generator.publish import checkpoint
from generator.search_index import index_site
from generator.write import read_nav, read_site

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


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
    sample = False  # the rendered records include sample data (示例数据): banner on
    broken: tuple[list[Diagnostic], list[str]] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this object across the preview's rebuilds.
        self.serving = command == "serve"

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
        for diag in result.diagnostics.warnings:
            log.info(diag.format())  # advice, not a build failure (see `check --strict`)
        if result.rendered is None:
            raise _Broken(result.diagnostics.errors, [])
        self.sample = bool(result.rendered.site.get("sample"))
        return result.rendered.nav

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.broken is not None:
            return Files([])  # the preview shows the error page only (on_post_build)
        # The rendered tree, every file of it (MkDocs would leave out names it reserves,
        # such as a district folder called templates/); keep theme assets.
        rendered = self.out_dir.resolve()
        out = Files([f for f in files if not _inside(f, rendered)])
        for path in sorted(p for p in self.out_dir.rglob("*") if p.is_file()):
            rel = path.relative_to(self.out_dir).as_posix()
            out.append(File(rel, str(self.out_dir), config.site_dir, config.use_directory_urls))
        return out

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.broken is not None:
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
        checkpoint("engine")  # test hook: the engine has written every page
        # `python -m generator build` indexes after the engine itself (any engine);
        # a direct `mkdocs build` or `mkdocs serve` gets its search index here.
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
        server.watch(str(self.content))
        if self.seeds.is_dir():
            server.watch(str(self.seeds))
        server.watch(str(TEMPLATES))
        return server


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
