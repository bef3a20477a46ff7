"""MkDocs glue, kept thin: run the core pipeline at config time, serve its output.

``docs_dir`` in mkdocs.yml is content/ (the YAML records), so ``mkdocs serve`` watches
the records and rebuilds when an editor saves one. The rendered Markdown tree replaces
the YAML files in MkDocs's file list; the navigation comes from the core as data.
This is the only module that imports MkDocs.
"""

from __future__ import annotations

import logging
import os
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

from generator.diagnostics import UserError
from generator.markup import TEMPLATES
from generator.pipeline import run_pipeline, work_dir
from generator.search_index import index_site
from generator.write import read_nav

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class DisclosureConfig(Config):
    seeds_dir = c.Type(str, default="seeds")
    """Folder of source documents (Word, PDF, text), relative to mkdocs.yml."""
    out_dir = c.Type(str, default="build/docs")
    """Where the rendered Markdown tree is written, relative to mkdocs.yml."""


class DisclosurePlugin(BasePlugin[DisclosureConfig]):
    """Validate content/, render it to Markdown, hand that tree to MkDocs."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.out_dir = _out_dir(root, Path(config.docs_dir), self.config.out_dir)
        if os.environ.get("GKGEN_PRERENDERED"):
            # `python -m generator build` has just validated and rendered this tree.
            config.nav = read_nav(self.out_dir)
            return config
        # `python -m generator --seeds Y build` passes its folder this way (and --content
        # through mkdocs.yml's `docs_dir: !ENV [GKGEN_CONTENT, content]`).
        content = Path(config.docs_dir)
        seeds = Path(os.environ.get("GKGEN_SEEDS") or root / self.config.seeds_dir)
        result = run_pipeline(content, seeds, self.out_dir, root=root)
        for diag in result.diagnostics.warnings:
            log.info(diag.format())  # advice, not a build failure (see `check --strict`)
        if result.rendered is None:
            lines = "\n".join(d.format() for d in result.diagnostics.sorted())
            raise PluginError(f"内容有误，未发布 (content has errors, nothing published):\n{lines}")
        config.nav = result.rendered.nav
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # Drop content/'s YAML (the records are not pages); keep theme assets.
        records = Path(config.docs_dir).resolve()
        out = Files([f for f in files if not _inside(f, records)])
        for path in sorted(p for p in self.out_dir.rglob("*") if p.is_file()):
            rel = path.relative_to(self.out_dir).as_posix()
            out.append(File(rel, str(self.out_dir), config.site_dir, config.use_directory_urls))
        return out

    def on_post_build(self, config: MkDocsConfig) -> None:
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
        root = Path(config.config_file_path or ".").resolve().parent
        server.watch(str(root / self.config.seeds_dir))
        server.watch(str(TEMPLATES))
        return server


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
