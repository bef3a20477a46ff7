"""Sharded builds: split by district, built in parallel, joined into one site."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, run_cli, tree_digest

from generator.sample import generate
from generator.search_index import index_problems


def html_files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def article(site: Path, rel: str) -> str:
    return str(BeautifulSoup((site / rel).read_text("utf-8"), "html.parser").select_one("article"))


@pytest.fixture(scope="module")
def three_districts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shards")
    generate(root / "content", 12, seed=5, years=2, towns_per_district=2)
    (root / "seeds").mkdir()
    return root


def build(root: Path, *args: str) -> None:
    proc = run_cli("--content", str(root / "content"), "--seeds", str(root / "seeds"), *args)
    assert proc.returncode == 0, proc.stderr


def test_sharded_build_equals_whole_build(three_districts: Path) -> None:
    root = three_districts
    build(root, "build", "--site", str(root / "whole"))
    build(root, "build", "--shards", "2", "--site", str(root / "sharded"))
    assert html_files(root / "whole") == html_files(root / "sharded")
    assert len({p.split("/")[0] for p in html_files(root / "whole") if "sample-" in p}) == 3
    for rel in html_files(root / "whole"):
        if rel != "404.html":
            assert article(root / "whole", rel) == article(root / "sharded", rel), rel
        # Every part knows the whole site holds sample data: the banner is on every page.
        assert "本站含示例数据" in (root / "sharded" / rel).read_text(encoding="utf-8"), rel
    # one search index over all parts, the same as the whole site's
    index = root / "sharded" / "search-index"
    assert tree_digest(index) == tree_digest(root / "whole" / "search-index")


def test_ci_matrix_jobs_then_join(three_districts: Path) -> None:
    root = three_districts
    for k in range(2):
        build(
            root,
            "shard",
            "--index",
            str(k),
            "--of",
            "2",
            "--config",
            str(REPO / "mkdocs.yml"),
            "--site",
            str(root / f"part-{k}"),
        )
    build(root, "join", str(root / "part-0"), str(root / "part-1"), "--site", str(root / "joined"))
    assert html_files(root / "joined") == html_files(root / "part-0") | html_files(root / "part-1")
    assert index_problems(root / "joined") == []
    assert not list((root / "part-1").glob("compare")), "part 1 holds districts only"


def test_more_jobs_than_districts_still_join(three_districts: Path) -> None:
    """A matrix of 4 jobs over 3 districts: the job with no district builds an empty part
    (it used to stop with a traceback), and the joined site is the whole site."""
    root = three_districts
    parts = [root / f"four-{k}" for k in range(4)]
    for k, part in enumerate(parts):
        build(root, "shard", "--index", str(k), "--of", "4", "--site", str(part))
    build(root, "join", *map(str, parts), "--site", str(root / "joined-4"))
    build(root, "build", "--site", str(root / "whole-4"))
    assert html_files(root / "joined-4") == html_files(root / "whole-4")


def test_sample_sites_past_99_districts_validate(tmp_path: Path) -> None:
    """The 20,000-report benchmark needs district 100 and on (一 … 九十九 ran out)."""
    from generator.pipeline import run_pipeline
    from generator.sample import places

    assert [p.district_name for p in places(101, 1)][98:] == [
        "示例九十九区",
        "示例100区",
        "示例101区",
    ]
    generate(tmp_path / "content", 202, seed=2, years=1, towns_per_district=2)
    result = run_pipeline(tmp_path / "content", tmp_path / "seeds", tmp_path / "docs")
    assert not result.diagnostics.errors
    assert (tmp_path / "docs" / "sample-101").is_dir()
