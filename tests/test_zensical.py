"""Engine exit path: the same rendered tree and config build with Zensical (pinned).

Each case below names one feature of the engine the site relies on and checks its effect in
the pages Zensical built. Moving to a newer Zensical is `ZENSICAL_VERSION` in
generator/engines.py (and `make zensical`): a feature that a release drops fails here by name.
The whole built-site and browser suite runs on Zensical's build as well (the ``engine``
parameter of tests/conftest.py's site fixtures: `make test` runs both engines).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, SiteOf

from generator.engines import ZENSICAL_VERSION

REPORT = "qianjiang/heixi/2020/index.html"
Soup = BeautifulSoup


@pytest.fixture(scope="module")
def zensical_site(site_of: SiteOf) -> Path:
    """The real site as Zensical builds it (the same build as built_site's zensical run)."""
    binary = REPO / ".venv-zensical" / "bin" / "zensical"
    assert binary.exists(), "run `make zensical` (make test does) to install Zensical"
    site = site_of("real", "zensical")
    generator = _page(site, "index.html").select_one('meta[name="generator"]')
    assert generator is not None
    assert generator["content"] == f"zensical-{ZENSICAL_VERSION}", "built by the pinned Zensical"
    return site


def _page(site: Path, rel: str = REPORT) -> Soup:
    return BeautifulSoup((site / rel).read_text("utf-8"), "html.parser")


def _inherits_config(site: Path) -> None:  # INHERIT: mkdocs.yml (site_name, language, nav)
    assert _page(site, "index.html").title.get_text() == "法治政府建设年度报告公开"


def _custom_dir_blocks(site: Path) -> None:  # main.html's blocks: CSP, title, styles, content
    page = _page(site)
    assert page.select_one('meta[http-equiv="Content-Security-Policy"]') is not None
    assert page.title.get_text().startswith("黔江区黑溪镇人民政府2020年度法治政府建设情况报告")
    assert page.select_one('link[href$="disclosure.css"]') is not None
    assert page.select_one("[data-search-body] section.gk-meta") is not None


def _partials(site: Path) -> None:  # partials/: the search box, the skip link's language
    page = _page(site)
    assert page.select_one("#gk-search-input") is not None
    assert "跳到正文" in page.get_text()
    inline = page.select("script:not([src]):not([type='application/json'])")
    assert not inline, "no inline script (CSP); Material's __config is JSON data"


def _front_matter(site: Path) -> None:  # page.meta: gk_report pages get the disclosure box
    assert _page(site).select_one("section.gk-meta") is not None
    assert _page(site, "index.html").select_one("section.gk-meta") is None


def _markdown_extensions(site: Path) -> None:  # attr_list ids, tables, toc
    page = _page(site)
    assert page.select_one("h2[id]") is not None
    assert page.select_one("table") is not None
    assert page.select_one("nav.md-nav--secondary a[href^='#']") is not None


def _section_index_pages(site: Path) -> None:  # navigation.indexes: town and district pages
    assert (site / "qianjiang/index.html").is_file()
    assert (site / "qianjiang/heixi/index.html").is_file()


def _no_outside_fonts(site: Path) -> None:  # theme.font: false
    for html in site.rglob("*.html"):
        assert "fonts.googleapis" not in html.read_text("utf-8"), html


def _page_not_found(site: Path) -> None:  # 404.html from the custom_dir
    assert "页面不存在" in _page(site, "404.html").get_text()


def _source_download(site: Path) -> None:  # files beside the pages are copied through
    assert any((site / "qianjiang/heixi/2020").glob("source*"))


def _classic_variant(site: Path) -> None:  # theme.variant: classic (engines.py): Material look
    page = _page(site)
    sheets = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    assert any("/classic/main." in href for href in sheets), sheets
    assert not any("/modern/" in href for href in sheets), sheets
    assert not (site / "mkdocs_theme.yml").exists()  # set in the generated config, not shipped


def _own_search_off(site: Path) -> None:  # plugins.search.enabled: false (engines.py)
    # The site searches its own index; Zensical's would be a second copy of every page's
    # text (7.5 MB at 1,000 reports) that nothing reads.
    own = (
        json.loads((site / "search.json").read_text("utf-8"))
        if (site / "search.json").exists()
        else {}
    )
    assert not own.get("items"), "Zensical indexed the pages itself"
    assert (site / "search-index" / "manifest.json").is_file()


FEATURES: dict[str, Callable[[Path], None]] = {
    "inherit-config": _inherits_config,
    "custom-dir-blocks": _custom_dir_blocks,
    "partials": _partials,
    "front-matter": _front_matter,
    "markdown-extensions": _markdown_extensions,
    "section-index-pages": _section_index_pages,
    "no-outside-fonts": _no_outside_fonts,
    "page-not-found": _page_not_found,
    "source-download": _source_download,
    "classic-variant": _classic_variant,
    "own-search-off": _own_search_off,
}


@pytest.mark.parametrize("feature", FEATURES)
def test_zensical_provides_what_the_site_relies_on(zensical_site: Path, feature: str) -> None:
    FEATURES[feature](zensical_site)


def _texts(site: Path) -> dict[str, str | None]:
    """Every page of a built site → its [data-search-body] text, whitespace collapsed."""
    out: dict[str, str | None] = {}
    for html in sorted(site.rglob("*.html")):
        body = _page(site, html.relative_to(site).as_posix()).select_one("[data-search-body]")
        out[html.relative_to(site).as_posix()] = (
            " ".join(body.get_text(" ").split()) if body else None
        )
    return out


@pytest.mark.parametrize("kind", ["real", "demo"])
def test_every_page_carries_the_same_text_on_both_engines(site_of: SiteOf, kind: str) -> None:
    """The same pages, and on each the same text (what readers read and search indexes), from
    either engine: content/ as published, and the demo's 37 reports with sample data."""
    mkdocs, zensical = _texts(site_of(kind, "mkdocs")), _texts(site_of(kind, "zensical"))
    assert sorted(zensical) == sorted(mkdocs)
    reports = [rel for rel in mkdocs if re.fullmatch(r"[^/]+/[^/]+/\d{4}/index\.html", rel)]
    assert reports, "no report page"
    assert all(mkdocs[rel] for rel in reports), "a report page without [data-search-body]"
    differ = [rel for rel in mkdocs if zensical[rel] != mkdocs[rel]]
    assert differ == [], f"text differs between MkDocs and Zensical on {differ}"


def test_the_pin_is_in_one_place_and_make_can_install_another() -> None:
    def dry_run(*args: str) -> str:
        cmd = ["make", "-n", "-B", "zensical", *args]
        return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=True).stdout

    assert f"zensical=={ZENSICAL_VERSION}" in dry_run()
    assert "zensical==0.1.3" in dry_run("ZENSICAL_VERSION=0.1.3")
    assert ZENSICAL_VERSION not in (REPO / "Makefile").read_text(encoding="utf-8")
