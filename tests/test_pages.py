"""The public site's pages, parsed from a real build of real plus sample data."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, run_cli

from generator.status import LABELS, Status, due_years, graded, status_of
from generator.walk import load_catalog

ATOM = "{http://www.w3.org/2005/Atom}"


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def demo_reports(site: Path) -> dict[str, dict]:
    """The demo site's report records, read as plain YAML: URL path → record."""
    content = site.parent / "content"
    return {
        p.relative_to(content).with_suffix("").as_posix() + "/": yaml.safe_load(
            p.read_text(encoding="utf-8")
        )
        for p in sorted(content.glob("*/*/[0-9][0-9][0-9][0-9].yml"))
    }


def _with_published(report: Any, day: dt.date | None) -> Any:
    """The same report entry with another 发布日期."""
    meta = report.record.metadata.model_copy(update={"published": day})
    return type(report)(
        **{**report.__dict__, "record": report.record.model_copy(update={"metadata": meta})}
    )


def test_status_rules() -> None:
    site, _ = load_catalog(REPO / "content", REPO / "seeds", root=REPO)
    (report,) = site.reports()
    partial = report.district.record  # content/ declares no coverage: nothing is complete
    complete = partial.model_copy(update={"complete": True})
    assert not partial.complete
    assert partial.first_year == 2019
    assert status_of(None, partial) is Status.UNCOLLECTED  # not on this site, no accusation
    assert status_of(None, complete) is Status.MISSING
    assert status_of(report, partial) is Status.UNDATED  # the seed's publication date is unknown
    late = _with_published(report, dt.date(2021, 4, 1))
    on_time = _with_published(report, dt.date(2021, 3, 31))
    assert status_of(late, complete) is Status.LATE
    assert status_of(late, partial) is Status.LISTED  # a later copy proves no lateness
    assert status_of(on_time, partial) is Status.ONTIME
    # Years before the first reporting year are not graded.
    assert graded(2018, None, complete) is Status.NOT_DUE
    assert graded(2018, late, complete) is Status.LISTED
    assert graded(2019, None, complete) is Status.MISSING
    # 2025 reports fall due on 1 April 2026: not yet on 31 March, counted from 1 April.
    assert due_years(site, dt.date(2026, 3, 31))[-1] == 2024
    assert due_years(site, dt.date(2026, 4, 1))[-1] == 2025


def test_home_shows_districts_latest_and_status_matrix(demo_site: Path) -> None:
    page = soup(demo_site, "index.html")
    article = page.select_one("article")
    assert "黔江区" in article.get_text()
    assert "示例一区" in article.get_text()
    matrix = article.select_one("table.gk-status")
    rows = matrix.select("tbody tr")
    assert "黔江区黑溪镇" in [r.th.get_text() for r in rows]
    cells = matrix.select("tbody td")
    assert {c.get_text() for c in cells} <= set(LABELS.values())
    # Sample districts declare themselves complete: there, gaps are 未公开 and late is 逾期.
    assert {c["class"][0] for c in cells} >= {
        "gk-status--ontime",
        "gk-status--late",
        "gk-status--missing",
        "gk-status--undated",
        "gk-status--uncollected",
        "gk-status--notdue",
    }
    heixi = next(r for r in rows if r.th.get_text() == "黔江区黑溪镇")
    linked = [td for td in heixi.select("td") if td.a]
    assert [td.get_text() for td in linked] == ["日期未注明"]  # 2020: published date unknown
    # 黔江区 declares no coverage: its other years are 未收录, never 未公开 or 逾期.
    others = {td.get_text() for td in heixi.select("td") if not td.a}
    assert others <= {"未收录", "不评定"}
    assert "未收录" in others
    legend = [li.span.get_text() for li in article.select("ul.gk-legend li")]
    assert set(legend) == {c.get_text() for c in cells}  # every label used, and explained
    for li in article.select("ul.gk-legend li"):
        assert len(li.get_text()) > len(li.span.get_text()) + 10, li  # said in words


def test_coverage_is_stated_on_home_and_district(demo_site: Path) -> None:
    home = soup(demo_site, "index.html").select_one("article").get_text()
    assert "黔江区：本站收录 1 个镇街的 1 份报告（镇街总数未登记，收录可能不全）" in home
    assert "示例一区：本站收录 3 个镇街的" in home
    assert "（共 3 个镇街）" in home
    qianjiang = soup(demo_site, "qianjiang/index.html").select_one("article").get_text()
    assert "本站收录黔江区 1 个镇街的 1 份报告" in qianjiang
    assert "不代表该报告未公开" in qianjiang
    assert "黔江区未声明本站收录其全部报告" in qianjiang
    sample = soup(demo_site, "sample-01/index.html").select_one("article").get_text()
    assert "本站收录示例一区 3 个镇街中 3 个镇街的" in sample
    assert "示例一区已声明本站收录其公开的全部年度报告" in sample


def test_town_page_lists_reports_and_figures_by_year(demo_site: Path) -> None:
    page = soup(demo_site, "sample-01/town-01/index.html")
    recorded = sorted(
        int(u.split("/")[2]) for u in demo_reports(demo_site) if u.startswith("sample-01/town-01/")
    )
    assert len(recorded) >= 2
    table = page.select_one("table.gk-figures")
    years = [th.get_text() for th in table.select("thead th")][1:]
    assert years == [f"{y}年度" for y in recorded]  # oldest first, every year on record
    report_links = page.select("article ul li a")
    assert [a["href"] for a in report_links] == [f"{y}/" for y in reversed(recorded)]
    assert [a.get_text().split("：")[0] for a in report_links] == [
        f"{y}年度" for y in reversed(recorded)
    ]


def test_comparison_pages_match_the_records(demo_site: Path) -> None:
    # Every (label, unit) that at least two records state gets a page, most reported first.
    stated = Counter(
        (m["label"], m["unit"])
        for record in demo_reports(demo_site).values()
        for m in record.get("metrics") or []
    )
    expected = {(label, unit, n) for (label, unit), n in stated.items() if n >= 2}
    assert len(expected) >= 2
    index = soup(demo_site, "compare/index.html")
    rows = index.select("article table tbody tr")
    listed = [
        (r.select("td")[0].get_text(strip=True), r.select("td")[1].get_text(strip=True))
        for r in rows
    ]
    counts = [int(r.select("td")[2].get_text(strip=True)) for r in rows]
    assert {(*row, n) for row, n in zip(listed, counts, strict=True)} == expected
    assert counts == sorted(counts, reverse=True)
    links = index.select("article table a")
    assert len(links) == len(rows)
    assert sorted((demo_site / "compare" / a["href"]).resolve() for a in links) == sorted(
        p.parent.resolve() for p in demo_site.glob("compare/*/index.html")
    )
    for link, (label, unit), n in zip(links, listed, counts, strict=True):
        page_dir = (demo_site / "compare" / link["href"]).resolve()
        page = soup(page_dir, "index.html")
        heading = page.select_one("article h1").get_text(strip=True)
        assert heading.startswith(f"{label}（{unit}）：")
        assert heading.endswith("年度")  # the years it charts
        svg = page.select_one("figure.gk-chart svg[role=img]")
        assert svg is not None
        assert svg.title.get_text().endswith(f"年度 {label}（{unit}）")  # one year a chart
        cells = [a for a in page.select("table.gk-figures td a")]
        assert len(cells) == len(page.select("#sources ~ details li")) == n, label
        for cell in cells:  # every number links to the report it comes from, which states it
            target = (page_dir / cell["href"] / "index.html").resolve()
            assert (
                cell.get_text()
                in soup(target.parent, "index.html")
                .select_one("table.gk-figures:not(.gk-data)")
                .get_text()
            )


def test_every_internal_link_resolves(demo_site: Path) -> None:
    broken = []
    for html in demo_site.rglob("*.html"):
        for a in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select("a[href]"):
            url = urlsplit(a["href"])
            if url.scheme or url.netloc or not url.path:
                continue
            # The 404 page is served at any depth, so its links are root-relative.
            base = demo_site if url.path.startswith("/") else html.parent
            target = (base / url.path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{html.relative_to(demo_site)} → {a['href']}")
    assert broken == []


def test_atom_feed_lists_reports_newest_first(demo_site: Path) -> None:
    feed = ET.parse(demo_site / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    dates = [e.find(f"{ATOM}updated").text for e in entries]
    assert dates == sorted(dates, reverse=True)
    hrefs = [e.find(f"{ATOM}link").get("href") for e in entries]
    reports = demo_reports(demo_site)
    assert len(reports) < 50  # the feed's limit: below it, every report is in the feed
    assert sorted(hrefs) == sorted(reports)  # each report once
    for href in hrefs:
        assert (demo_site / href / "index.html").is_file()


def test_navigation_is_pruned_to_the_current_branch(demo_site: Path) -> None:
    """A report page carries its own town's years, not every other town's reports."""
    page = soup(demo_site, "sample-01/town-01/2020/index.html")
    nav_links = [a["href"] for a in page.select("nav.md-nav--primary a[href]")]
    assert any("2019" in h for h in nav_links)
    assert not any("town-02/20" in h for h in nav_links)


def test_404_page_is_chinese(demo_site: Path) -> None:
    page = soup(demo_site, "404.html")
    assert page.select_one("article h1").get_text() == "404 - 页面不存在"


def test_sitemap_lists_every_page_when_the_site_url_is_known(tmp_path: Path) -> None:
    proc = run_cli(
        "build", "--site", str(tmp_path / "site"), site_url="https://fzzf.example.gov.cn/"
    )
    assert proc.returncode == 0, proc.stderr
    root = ET.parse(tmp_path / "site" / "sitemap.xml").getroot()
    locs = {e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert "https://fzzf.example.gov.cn/qianjiang/heixi/2020/" in locs
    feed = ET.parse(tmp_path / "site" / "feed.xml").getroot()
    assert feed.find(f"{ATOM}entry/{ATOM}link").get("href").startswith("https://fzzf.")


@pytest.mark.parametrize("rel", ["index.html", "compare/index.html"])
def test_pages_reference_nothing_outside(demo_site: Path, rel: str) -> None:
    page = soup(demo_site, rel)
    for tag in page.select("[src], link[href]"):
        assert not urlsplit(tag.get("src") or tag.get("href")).netloc
