"""The status matrix, the year pages, the comparison pages and the district page
(issue #14, part B): newest years first with the header and town column kept in view,
a page per year answering "who has not published it?", comparisons that say their year,
follow the district's order, fit a phone, fold their sources and offer CSV.

Checked on real builds (`python -m generator build`): the real site, the demo (real plus
sample records), and a small tree whose district declares its towns' order; parsed as
HTML, and in Debian's chromium at 1280 and 360 px.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup, Tag
from conftest import (
    MINIMAL_REPORT,
    OpenPage,
    assert_local_only,
    build_project,
    serve_site,
    visit,
)
from playwright.sync_api import Page

from generator.compare import CSV_HEADER

SITES = ["demo_site", "built_site"]
YEAR = re.compile(r"(\d{4})年度")


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def target(site: Path, page: str, href: str) -> Path:
    """The file a relative link on ``page`` (a path under ``site``) opens."""
    path = ((site / page).parent / href).resolve()
    return path / "index.html" if href.endswith("/") else path


def matrix_pages(site: Path) -> list[str]:
    """Every built page carrying a status matrix (home and each district)."""
    return [
        p.relative_to(site).as_posix()
        for p in sorted(site.rglob("index.html"))
        if "gk-status" in p.read_text(encoding="utf-8")
        and soup(site, p.relative_to(site).as_posix()).select_one("table.gk-status")
    ]


def matrix_of(site: Path, rel: str) -> Tag:
    table = soup(site, rel).select_one("article table.gk-status")
    assert table is not None, rel
    return table


def header_years(table: Tag) -> list[int]:
    return [int(YEAR.fullmatch(th.get_text(strip=True))[1]) for th in table.select("thead th")[1:]]


# ---- the matrix: newest first, each year's header opens the year's page ---------------


@pytest.mark.parametrize("which", SITES)
@pytest.mark.usefixtures("engine")  # built_site/demo_site: once per engine
def test_matrix_is_newest_first_and_year_headers_open_year_pages(
    which: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(which)
    pages = matrix_pages(site)
    assert "index.html" in pages, pages
    assert len(pages) >= 2, pages
    for rel in pages:
        table = matrix_of(site, rel)
        years = header_years(table)
        assert years == sorted(years, reverse=True), rel
        assert len(years) >= 2, rel
        for th, year in zip(table.select("thead th")[1:], years, strict=True):
            page = target(site, rel, th.a["href"])
            assert page.is_file(), (rel, th.a["href"])
            heading = soup(page.parent, "index.html").select_one("article h1").get_text()
            assert heading == f"{year}年度报告公开情况"
        # Every row has one cell per year, under its year's header.
        for tr in table.select("tbody tr"):
            assert len(tr.select("td")) == len(years)
            for td, year in zip(tr.select("td"), years, strict=True):
                if td.a:  # a report: the link opens that year's report
                    assert td.a["href"].rstrip("/").endswith(str(year)), (rel, td)


def test_district_page_puts_the_matrix_first(demo_site: Path) -> None:
    for rel in ("sample-01/index.html", "qianjiang/index.html"):
        article = soup(demo_site, rel).select_one("article")
        tables = article.select("table")
        assert "gk-status" in tables[0]["class"], rel  # the matrix is the navigation
        headings = [h.get_text(strip=True) for h in article.select("h2")]
        assert headings.index("公开情况") < headings.index("镇街和报告"), headings
        towns = tables[1]
        assert [th.get_text() for th in towns.select("thead th")] == ["镇街", "本站收录的年度报告"]


# ---- year pages -------------------------------------------------------------------------


def district_sections(page: BeautifulSoup) -> dict[str, list[Tag]]:
    """A year page's h2 (district) → the elements under it, up to the next h2."""
    out: dict[str, list[Tag]] = {}
    for h2 in page.select("article h2"):
        items = []
        for el in h2.find_next_siblings():
            if el.name == "h2":
                break
            items.append(el)
        out[h2.get_text(strip=True)] = items
    return out


def listed(items: list[Tag], lead: str) -> list[tuple[str, str]]:
    """(town, status word) of the list after the paragraph starting with ``lead``."""
    for n, el in enumerate(items):
        if el.name == "p" and el.get_text().startswith(lead):
            ul = items[n + 1]
            assert ul.name == "ul"
            return [tuple(li.get_text().split("：", 1)) for li in ul.select("li")]
    return []


@pytest.mark.parametrize("which", SITES)
@pytest.mark.usefixtures("engine")  # built_site/demo_site: once per engine
def test_year_page_says_who_has_and_who_has_not_as_the_matrix_does(
    which: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(which)
    districts = [rel for rel in matrix_pages(site) if rel != "index.html"]
    for rel in districts:
        table = matrix_of(site, rel)
        name = soup(site, rel).select_one("article h1").get_text(strip=True)
        for col, year in enumerate(header_years(table)):
            cells = {tr.th.get_text(): tr.select("td")[col] for tr in table.select("tbody tr")}
            year_page = soup(site, f"years/{year}/index.html")
            short = next(s for s in district_sections(year_page) if name.endswith(s) or s in name)
            items = district_sections(year_page)[short]
            held = listed(items, f"本站已收录{year}年度报告的镇街")
            lacking = listed(items, f"本站没有{year}年度报告的镇街")
            expect_held = [(p[len(short) :], td.get_text()) for p, td in cells.items() if td.a]
            expect_lacking = [
                (p[len(short) :], td.get_text()) for p, td in cells.items() if not td.a
            ]
            assert held == expect_held, (rel, year)
            assert lacking == expect_lacking, (rel, year)
            count = items[0].get_text()
            assert f"本站已收录 {len(held)} 个镇街" in count, count
            assert re.search(rf"(未收录|未公开|不评定) {len(lacking)} 个", count), count
            # The words follow the district's declaration, as in the matrix.
            complete = "已声明本站收录其公开的全部年度报告" in soup(site, rel).get_text()
            words = {w for _, w in lacking}
            assert "未公开" not in words or complete, (rel, year)
            assert "未收录" not in words or not complete, (rel, year)


def test_year_page_counts_a_complete_district_as_missing(demo_site: Path) -> None:
    """示例一区 declares itself complete: a due year it lacks is 未公开, counted so."""
    table = matrix_of(demo_site, "sample-01/index.html")
    newest = header_years(table)[0]
    items = district_sections(soup(demo_site, f"years/{newest}/index.html"))["示例一区"]
    lacking = listed(items, f"本站没有{newest}年度报告的镇街")
    assert lacking
    assert {w for _, w in lacking} == {"未公开"}
    assert f"未公开 {len(lacking)} 个" in items[0].get_text()
    real = district_sections(soup(demo_site, f"years/{newest}/index.html"))["黔江区"]
    assert {w for _, w in listed(real, f"本站没有{newest}年度报告的镇街")} == {"未收录"}
    assert "不代表未公开" in " ".join(el.get_text() for el in real)


@pytest.mark.parametrize("which", SITES)
@pytest.mark.usefixtures("engine")  # built_site/demo_site: once per engine
def test_year_pages_are_reached_from_home_and_navigation(
    which: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(which)
    years = header_years(matrix_of(site, "index.html"))
    home = soup(site, "index.html")
    # Links only: Zensical puts its skip link's target, <a id="__skip">, in the article too.
    hrefs = {a["href"] for a in home.select("article a[href]")}
    assert {f"years/{y}/" for y in years} <= hrefs
    assert "years/" in hrefs
    index = soup(site, "years/index.html")
    assert [a["href"] for a in index.select("article li a")] == [f"{y}/" for y in years]
    # The navigation holds one section for them, not a link per year on every page.
    nav = [a.get_text(strip=True) for a in home.select(".md-nav--primary > ul > li > a")]
    labels = [el.get_text(strip=True) for el in home.select(".md-nav--primary > ul > li")]
    assert any(label.startswith("按年度查看") for label in labels), (nav, labels)
    assert not any(label.startswith("2020年度") for label in labels)


# ---- the district's declared order ------------------------------------------------------

ORDERED_DISTRICT = "name: 测试区\ntowns: [丙镇, 丁镇, 甲镇, 乙镇]\n"
# Folder names and `order:` sort 甲, 乙, 丙, 戊: the declaration must win; 戊镇 is not
# declared, so it follows; 丁镇 is declared but has no records.
ORDERED_TOWNS = [("a", "甲镇", 10), ("b", "乙镇", 20), ("c", "丙镇", 30), ("d", "戊镇", 40)]
DECLARED_ORDER = ["丙镇", "丁镇", "甲镇", "乙镇", "戊镇"]


def town_report(name: str, year: int, value: int) -> str:
    return (
        MINIMAL_REPORT.replace("测试镇", name)
        .replace("120", str(value))
        .replace("2020", str(year))
        .replace("2021-01", f"{year + 1}-01")
    )


@pytest.fixture(scope="module")
def ordered_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A district declaring its towns in an order unlike folder names and `order:`."""
    root = tmp_path_factory.mktemp("ordered")
    district = root / "content" / "ceshi"
    district.mkdir(parents=True)
    (district / "_district.yml").write_text(ORDERED_DISTRICT, encoding="utf-8")
    for slug, name, value in ORDERED_TOWNS:
        (district / slug).mkdir()
        (district / slug / "_town.yml").write_text(f"name: {name}\nkind: 镇\n", encoding="utf-8")
        for year in (2020, 2021):
            (district / slug / f"{year}.yml").write_text(
                town_report(name, year, value + year - 2020), encoding="utf-8"
            )
    (root / "seeds").mkdir()
    proc = build_project(root, epoch=1717200000)  # 2024-06-01
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return root / "site"


def compare_page(site: Path) -> str:
    (page,) = sorted(site.glob("compare/m-*/index.html"))
    return page.relative_to(site).as_posix()


def test_towns_follow_the_district_declared_order_everywhere(ordered_site: Path) -> None:
    rows = [
        tr.th.get_text() for tr in matrix_of(ordered_site, "ceshi/index.html").select("tbody tr")
    ]
    assert rows == [f"测试区{n}" for n in DECLARED_ORDER]
    towns = soup(ordered_site, "ceshi/index.html").select("article table:not(.gk-status) tbody tr")
    assert [tr.td.get_text() for tr in towns] == DECLARED_ORDER
    items = district_sections(soup(ordered_site, "years/2021/index.html"))["测试区"]
    assert [t for t, _ in listed(items, "本站已收录2021年度报告的镇街")] == [
        n for n in DECLARED_ORDER if n != "丁镇"
    ]
    assert listed(items, "本站没有2021年度报告的镇街") == [("丁镇", "未收录")]
    # Comparisons: bars, table rows and CSV rows in the same order, never code-point order.
    rel = compare_page(ordered_site)
    page = soup(ordered_site, rel)
    with_data = [f"测试区{n}" for n in DECLARED_ORDER if n != "丁镇"]
    for figure in page.select("figure.gk-chart"):
        labels = [t.get_text() for t in figure.select("svg text")][::2]  # name, value, …
        assert labels == with_data
    assert [tr.th.get_text() for tr in page.select("table.gk-figures tbody tr")] == with_data
    rows = read_csv(ordered_site, rel)
    assert [r["镇街"] for r in rows if r["年度"] == "2021"] == [
        n for n in DECLARED_ORDER if n != "丁镇"
    ]


# ---- comparison pages -------------------------------------------------------------------


def csv_link(site: Path, rel: str) -> Tag:
    (a,) = [a for a in soup(site, rel).select("article a") if a.get_text() == "下载数据（CSV）"]
    return a


def read_csv(site: Path, rel: str) -> list[dict[str, str]]:
    data = target(site, rel, csv_link(site, rel)["href"]).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert reader.fieldnames == CSV_HEADER
    return list(reader)


def test_comparison_page_says_its_year_and_folds_its_sources(demo_site: Path) -> None:
    pages = sorted(
        p.relative_to(demo_site).as_posix() for p in demo_site.glob("compare/m-*/index.html")
    )
    assert len(pages) >= 2
    for rel in pages:
        page = soup(demo_site, rel)
        years = [int(y) for y in YEAR.findall(page.select_one("table.gk-figures thead").get_text())]
        assert years == sorted(years, reverse=True)
        span = f"{years[-1]}—{years[0]}年度" if len(years) > 1 else f"{years[0]}年度"
        assert page.select_one("article h1").get_text(strip=True).endswith(span), rel
        figures = page.select("figure.gk-chart")
        assert len(figures) == len(years)  # one chart a year, each saying which
        for figure, year in zip(figures, years, strict=True):
            assert figure.select_one("svg title").get_text().startswith(f"{year}年度 ")
            assert figure.figcaption.get_text().startswith(f"{year}年度")
            assert figure.find_previous("h2").get_text(strip=True) == f"{year}年度"
        if len(years) > 1:
            picker = page.select_one("nav.gk-year-nav")
            assert [a["href"] for a in picker.select("a")] == [f"#y{y}" for y in years]
        points = len(page.select("table.gk-figures td a"))
        details = page.select_one("#sources ~ details")
        assert details is not None, rel
        assert not details.has_attr("open"), rel  # folded
        assert details.summary.get_text() == f"数据来源（{points} 条）"
        assert len(details.select("li")) == points


def test_comparison_csv_matches_the_records(demo_site: Path) -> None:
    content = demo_site.parent / "content"
    names = {
        p.parent.relative_to(content).as_posix(): yaml.safe_load(p.read_text(encoding="utf-8"))[
            "name"
        ]
        for p in content.glob("*/*/_town.yml")
    }
    pages = sorted(
        p.relative_to(demo_site).as_posix() for p in demo_site.glob("compare/m-*/index.html")
    )
    for rel in pages:
        assert csv_link(demo_site, rel)["download"].endswith(".csv")
        rows = read_csv(demo_site, rel)
        assert len(rows) == len(soup(demo_site, rel).select("table.gk-figures td a"))
        label, unit = rows[0]["指标"], rows[0]["单位"]
        stated = []
        for path in sorted(content.glob("*/*/[0-9][0-9][0-9][0-9].yml")):
            record: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
            folder = path.parent.relative_to(content).as_posix()
            for m in record.get("metrics") or []:
                if (m["label"], m["unit"]) == (label, unit):
                    stated.append(
                        (
                            str(record["year"]),
                            names[folder],
                            Decimal(str(m["value"])),
                            m["sentence"],
                        )
                    )
        got = [(r["年度"], r["镇街"], Decimal(r["数值"]), r["原文句子"]) for r in rows]
        assert sorted(got) == sorted(stated), rel
        assert [int(r["年度"]) for r in rows] == sorted(
            (int(r["年度"]) for r in rows), reverse=True
        )
        for r in rows:  # the report page each row names exists and states the figure
            report = demo_site / r["报告页面"] / "index.html"
            assert r["原文写法"] in report.read_text(encoding="utf-8"), r


# ---- in the browser ---------------------------------------------------------------------

STICKY_JS = r"""
() => {
  const box = document.querySelector('.gk-matrix');
  const before = {
    wide: box.scrollWidth > box.clientWidth, tall: box.scrollHeight > box.clientHeight,
  };
  const years = [...box.querySelectorAll('thead th')].slice(1);
  const year = (th) => Number(th.textContent.match(/\d{4}/)[0]);
  const newest = years.reduce((a, b) => (year(b) > year(a) ? b : a)).getBoundingClientRect();
  const boxRect = box.getBoundingClientRect();
  before.newestInView = newest.left >= boxRect.left && newest.right <= boxRect.right
    && newest.right <= window.innerWidth;
  box.scrollTo(box.scrollWidth, box.scrollHeight);
  return {before, left: box.scrollLeft, top: box.scrollTop};
}
"""
AFTER_JS = """
() => {
  const box = document.querySelector('.gk-matrix');
  const r = (el) => el.getBoundingClientRect();
  const inner = r(box);
  const head = [...box.querySelectorAll('thead th')];
  const lastRow = [...box.querySelectorAll('tbody tr')].at(-1);
  return {
    box: {top: inner.top + box.clientTop, left: inner.left + box.clientLeft},
    headTops: head.map((th) => r(th).top),
    corner: {top: r(head[0]).top, left: r(head[0]).left},
    rowHead: r(lastRow.querySelector('th')).left,
    columns: head.slice(1).map((th, i) => [r(th).left, r(lastRow.querySelectorAll('td')[i]).left]),
  };
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 360])
def test_matrix_header_and_town_column_stay_put_when_scrolled(
    open_page: OpenPage, site_url: str, width: int
) -> None:
    # A short window: the matrix's box (75 % of its height) must scroll both ways.
    page = open_page(width=width, height=300)
    visit(page, site_url + "/")
    state = page.evaluate(STICKY_JS)
    assert state["before"]["wide"], state
    assert state["before"]["tall"], state
    if width == 1280:
        assert state["before"]["newestInView"], "the newest year shows without scrolling"
    assert state["left"] > 0, state
    assert state["top"] > 40, state  # more than the caption: the header row would go
    page.wait_for_timeout(100)
    after = page.evaluate(AFTER_JS)
    box = after["box"]
    for top in after["headTops"]:  # the header row sits at the top of the box
        assert abs(top - box["top"]) <= 1.5, after
    assert abs(after["corner"]["left"] - box["left"]) <= 1.5, after
    assert abs(after["rowHead"] - box["left"]) <= 1.5, after  # the town column, at its left
    for head, cell in after["columns"]:  # each header still stands over its own column
        assert abs(head - cell) <= 1.5, after
    assert_local_only(page)


def blocking(page: Page) -> list[str]:
    """axe-core's serious and critical violations."""
    found: dict[str, Any] = Axe().run(page).response
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in found["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check_page(page: Page, url: str, width: int) -> None:
    visit(page, url)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width, url
    assert blocking(page) == [], url
    assert_local_only(page)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 360])
def test_year_district_and_comparison_pages_fit_and_pass_axe(
    open_page: OpenPage, site_url: str, demo_site: Path, width: int
) -> None:
    compare = sorted(demo_site.glob("compare/m-*/index.html"))[0].parent.name
    page = open_page(width=width, height=800)
    for path in ("/years/", "/years/2020/", "/sample-01/", f"/compare/{compare}/"):
        check_page(page, site_url + path, width)
    # The bars scale to the column: no chart wider than its figure, none cut off.
    widths = page.evaluate(
        "[...document.querySelectorAll('figure.gk-chart')].map((f) =>"
        " [f.getBoundingClientRect().width, f.querySelector('svg').getBoundingClientRect().width,"
        " f.scrollWidth, f.clientWidth, f.querySelector('svg').getBoundingClientRect().width"
        " / f.querySelector('svg').viewBox.baseVal.width"
        " * parseFloat(f.querySelector('svg').getAttribute('font-size'))])"
    )
    assert widths
    for figure, svg, scroll, client, text in widths:
        assert svg <= figure + 0.5, widths
        assert scroll <= client, widths
        assert text >= 12, f"labels drawn at {text:.1f} px: too small to read"


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 360])
def test_real_site_year_pages_fit_and_pass_axe(
    open_page: OpenPage, built_site: Path, width: int
) -> None:
    years = header_years(matrix_of(built_site, "index.html"))
    with serve_site(built_site) as url:
        page = open_page(width=width, height=800)
        for path in ("/", "/years/", f"/years/{years[0]}/", "/qianjiang/"):
            check_page(page, url + path, width)
