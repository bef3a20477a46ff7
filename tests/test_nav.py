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


def test_the_home_page_sums_the_status_up_by_district(many: Path) -> None:
    """Past 12 districts the home page's 公开情况 has a row per district (counts of its
    towns per status and year, linking the district's own table), not one per town; the
    counts agree with the district pages' tables, cell by cell."""
    home = BeautifulSoup((many / "index.html").read_text("utf-8"), "html.parser")
    table = home.select_one("table.gk-status-sum")
    assert table is not None
    assert home.select_one("table.gk-status:not(.gk-status-sum)") is None
    rows = table.select("tbody tr")
    assert len(rows) == DISTRICTS
    years = [th.get_text(strip=True) for th in table.select("thead th")][1:]
    for row in rows:
        link = row.th.a
        assert link is not None
        href = str(link["href"])
        assert href.endswith("#status")
        page = many / href.removesuffix("#status") / "index.html"
        own = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one("table.gk-status")
        assert own is not None, page
        assert [th.get_text(strip=True) for th in own.select("thead th")][1:] == years
        for n, cell in enumerate(row.find_all("td")):
            words = [" ".join(s.get_text().split()) for s in cell.find_all("span")]
            towns = [tr.find_all("td")[n].get_text(strip=True) for tr in own.select("tbody tr")]
            expected = {w: towns.count(w) for w in towns}
            assert dict(w.rsplit(" ", 1) for w in words) == {k: str(v) for k, v in expected.items()}
