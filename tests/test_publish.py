"""Publishing is atomic and reproducible: site/ changes only by a complete, good build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO, build_project, run_cli, tree_digest

from generator.sample import generate


@pytest.fixture(scope="module")
def hundred(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hundred good sample reports, built once."""
    root = tmp_path_factory.mktemp("hundred")
    generate(root / "content", 100, seed=7)
    (root / "seeds").mkdir()
    proc = build_project(root)
    assert proc.returncode == 0, proc.stderr
    assert "已发布 100 份报告" in proc.stdout
    return root


def test_one_bad_record_among_a_hundred_leaves_site_byte_for_byte(hundred: Path) -> None:
    before = tree_digest(hundred / "site")
    bad = hundred / "content" / "sample-01" / "town-05" / "2019.yml"
    good_text = bad.read_text(encoding="utf-8")
    bad.write_text(good_text.replace("recipient:", "recipent:"), encoding="utf-8")
    try:
        proc = build_project(hundred)
    finally:
        bad.write_text(good_text, encoding="utf-8")
    assert proc.returncode == 1
    assert "sample-01/town-05/2019.yml" in proc.stderr
    assert "recipent: 未知字段" in proc.stderr
    assert tree_digest(hundred / "site") == before


def test_engine_failure_leaves_site_untouched(tmp_path: Path, hundred: Path) -> None:
    before = tree_digest(hundred / "site")
    # A copy of the project's config and theme, broken, in a scratch project (relative
    # paths in mkdocs.yml resolve beside it); nothing is written into the repository.
    project = tmp_path / "project"
    project.mkdir()
    for folder in ("theme_overrides", "search"):
        shutil.copytree(REPO / folder, project / folder)
    broken = project / "mkdocs.yml"
    broken.write_text(
        (REPO / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("name: material", "name: no-such-theme"),
        encoding="utf-8",
    )
    proc = build_project(hundred, "--config", str(broken))
    assert proc.returncode == 1
    # One message format for every user error, naming the engine, not a fake file location.
    first = proc.stderr.splitlines()[0]
    assert first.startswith("错误：网站引擎 mkdocs 构建失败，")
    assert "保持原样" in first
    assert "mkdocs.yml:1:1" not in proc.stderr
    assert "no-such-theme" in proc.stderr  # the engine's own words say why
    assert "Traceback" not in proc.stderr
    assert tree_digest(hundred / "site") == before
    assert not list(hundred.glob(".site-tmp-*"))


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1609804800"}  # 2021-01-05
    os.environ.update(env)
    try:
        digests = []
        for name in ("one", "two"):
            proc = run_cli("build", "--site", str(tmp_path / name))
            assert proc.returncode == 0, proc.stderr
            digests.append(tree_digest(tmp_path / name))
    finally:
        for key in env:
            del os.environ[key]
    assert digests[0] == digests[1]
    assert "sitemap.xml" in digests[0]
    shutil.rmtree(tmp_path / "one")


def test_the_summary_counts_what_was_published(hundred: Path) -> None:
    """The closing line's pages, search-index and site sizes are those on disk (they are
    taken from the build's own walk and the index's manifest, not by re-reading)."""
    proc = build_project(hundred)
    assert proc.returncode == 0, proc.stderr
    site = hundred / "site"
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = sum(p.suffix == ".html" for p in files)
    index = sum(p.stat().st_size for p in (site / "search-index").rglob("*") if p.is_file())
    total = sum(p.stat().st_size for p in files)
    assert f"、{pages} 个页面到 " in proc.stdout
    assert f"搜索索引 {index / 1024:.1f} KB，全站 {total / 1024:.0f} KB" in proc.stdout
