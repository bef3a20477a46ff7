"""The menu of a portal with many districts stays the same size (issue 16, flat in N).

A page inside one district lists its own district, the year and comparison pages and a
link to the home page for the others; the home page lists every district. Built by each
engine (Zensical renders the same theme override).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import run_cli

from generator.sample import generate

DISTRICTS = 14


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    """14 sample districts of one town and one report each."""
    root = tmp_path_factory.mktemp(f"many-districts-{engine}")
    generate(root / "content", DISTRICTS, years=1, towns_per_district=1)
    (root / "seeds").mkdir()
    tree = ("--content", str(root / "content"), "--seeds", str(root / "seeds"))
    proc = run_cli(*tree, "build", "--engine", engine, "--site", str(root / "site"))
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return root / "site"


def menu(site: Path, rel: str) -> list[str]:
    """The top-level entries of a page's main menu, as their text."""
    soup = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
    top = soup.select_one("nav.md-nav--primary > ul.md-nav__list")
    assert top is not None, rel
    return [
        " ".join(li.find("a").get_text().split())
        for li in top.find_all("li", recursive=False)
        if li.find("a")
    ]


def test_a_report_page_lists_its_district_and_links_the_others(many: Path) -> None:
    reports = sorted(many.glob("*/*/[0-9][0-9][0-9][0-9]/index.html"))
    assert len(reports) == DISTRICTS
    districts = [
        " ".join(
            BeautifulSoup((p.parent.parent.parent / "index.html").read_text("utf-8"), "html.parser")
            .h1.get_text()
            .split()
        )
        for p in reports
    ]
    home = menu(many, "index.html")
    assert all(any(d in entry for entry in home) for d in districts)  # the home page: all
    assert "其他区县（见首页）" not in home
    sizes = []
    for page, own in zip(reports, districts, strict=True):
        entries = menu(many, page.relative_to(many).as_posix())
        assert "其他区县（见首页）" in entries
        assert any(own in e for e in entries)
        others = [d for d in districts if d != own]
        assert not [e for e in entries for d in others if d in e], entries
        assert any("按年度查看" in e for e in entries)
        sizes.append(page.stat().st_size)
    home_size = (many / "index.html").stat().st_size
    assert max(sizes) < home_size  # no report page carries the whole list


def test_the_link_leads_home(many: Path) -> None:
    page = next(many.glob("*/*/[0-9][0-9][0-9][0-9]/index.html"))
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    link = soup.select_one(".gk-nav-others a")
    assert link is not None
    assert str(link["href"]).removesuffix("index.html").rstrip("/") == "../../.."
