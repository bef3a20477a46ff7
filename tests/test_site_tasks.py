"""Tasks a citizen does on the public site (issue #14, part A): download the original
report, land on a missing address, find the latest reports, know where one is.

Checked on real builds (`python -m generator build`: the real site, the demo with sample
data, a site published under a sub-path), parsed as HTML, and in Debian's Chromium.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup, Tag
from conftest import (
    HOST,
    MINIMAL_REPORT,
    REPO,
    OpenPage,
    assert_local_only,
    run_cli,
    serve_site,
    serve_with_404,
    visit,
    wait_until_ready,
)
from playwright.sync_api import Page, expect

from generator.edit import free_port
from generator.render import latest_reports, render_site
from generator.report_page import file_size
from generator.walk import load_catalog

REPORT = "qianjiang/heixi/2020/index.html"
SEED = REPO / "seeds" / "qianjiang" / "heixi" / "2020.txt"
SAVED_AS = "黔江区黑溪镇2020年度法治政府建设情况报告.txt"
TODAY = dt.date(2026, 11, 28)


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def url_of(rel: str) -> str:
    """The address a page file is served at: qianjiang/index.html → /qianjiang/."""
    return "/" + rel.removesuffix("index.html")


def served(site: Path, url: str) -> Path:
    """The file a static server answers ``url`` (a site path) with."""
    path = site / url.lstrip("/")
    return path / "index.html" if url.endswith("/") else path


# ---- 原文下载: the original file, its name, format and size ---------------------------------


def download_link(site: Path) -> Tag:
    link = soup(site, REPORT).select_one("p.gk-download a[download]")
    assert link is not None, "原文下载 has no link with a download attribute"
    return link


def test_download_names_the_file_its_format_and_size(built_site: Path) -> None:
    link = download_link(built_site)
    assert link["download"] == SAVED_AS
    assert str(link["href"]).isascii(), "the address itself stays ASCII-safe"
    target = served(built_site, urljoin(url_of(REPORT), str(link["href"])))
    size = target.stat().st_size
    label = re.fullmatch(r"下载原始文件（TXT，(\d+) KB）", link.get_text())
    assert label is not None, link.get_text()
    assert int(label[1]) == round(size / 1024), (label[0], size)
    # Text is published as UTF-8 with a byte-order mark; the words are the seed's.
    assert target.read_bytes() == codecs.BOM_UTF8 + SEED.read_bytes()


@pytest.mark.browser
def test_text_download_reads_correctly_in_chromium(open_page: OpenPage, built_site: Path) -> None:
    seed_text = SEED.read_text(encoding="utf-8").replace("\r\n", "\n")
    with serve_site(built_site, HOST) as base:
        page = open_page()
        visit(page, base + url_of(REPORT))
        link = page.locator("p.gk-download a")
        with page.expect_download() as saved:
            link.click()
        assert saved.value.suggested_filename == SAVED_AS
        target = served(built_site, urljoin(url_of(REPORT), link.get_attribute("href") or ""))
        assert Path(saved.value.path()).read_bytes() == target.read_bytes()
        # Opened in the browser (a static server sends text/plain, no charset): no mojibake.
        page.goto(urljoin(base + url_of(REPORT), link.get_attribute("href") or ""))
        assert page.evaluate("document.characterSet") == "UTF-8"
        assert page.locator("pre").text_content() == seed_text
        assert_local_only(page)
    # The control: the seed as received, without the mark, is what citizens saw before.
    with serve_site(SEED.parent, HOST) as raw:
        page.goto(f"{raw}/{SEED.name}")
        assert page.locator("pre").text_content() != seed_text


def set_source(content: Path, source: str) -> None:
    text = MINIMAL_REPORT.replace("\nsignature:\n", f"\nsource: {source}\nsignature:\n")
    (content / "ceshi" / "zhen" / "2020.yml").write_text(text, encoding="utf-8")


def render(content: Path) -> dict[str, bytes]:
    catalog, diags = load_catalog(
        content, content.parent / "seeds", root=content.parent, today=TODAY
    )
    assert diags.errors == []
    return render_site(catalog, content.parent / "seeds", today=TODAY).files


TEXT = "测试镇2020年度法治政府建设情况报告\n一、主要举措和成效\n"


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("gbk.txt", TEXT.encode("gb18030")),  # Chinese Windows Notepad's default
        ("bom.txt", codecs.BOM_UTF8 + TEXT.encode()),  # never two marks
        ("notes.md", TEXT.encode()),  # Markdown: shown as text, not downloaded as .md
        ("utf16.txt", TEXT.encode("utf-16")),
    ],
)
def test_text_sources_are_published_as_utf8_text(content: Path, name: str, raw: bytes) -> None:
    (content.parent / "seeds" / name).write_bytes(raw)
    set_source(content, name)
    files = render(content)
    assert files["ceshi/zhen/2020/source.txt"] == codecs.BOM_UTF8 + TEXT.encode()
    page = files["ceshi/zhen/2020/index.md"].decode()
    assert 'download="测试区测试镇2020年度法治政府建设情况报告.txt"' in page
    assert '<a href="source.txt"' in page


def test_binary_sources_are_published_as_received(content: Path) -> None:
    raw = b"PK\x03\x04" + bytes(range(256)) * 100  # 25,604 bytes
    (content.parent / "seeds" / "report.docx").write_bytes(raw)
    set_source(content, "report.docx")
    files = render(content)
    assert files["ceshi/zhen/2020/source.docx"] == raw
    page = files["ceshi/zhen/2020/index.md"].decode()
    assert 'download="测试区测试镇2020年度法治政府建设情况报告.docx"' in page
    assert "下载原始文件（DOCX，25 KB）" in page


@pytest.mark.parametrize(
    ("size", "label"),
    [(1, "1 KB"), (1536, "2 KB"), (24 * 1024, "24 KB"), (3 * 1024 * 1024 + 1, "3.0 MB")],
)
def test_file_sizes_read_as_people_say_them(size: int, label: str) -> None:
    assert file_size(size) == label


# ---- 404 under a sub-path -------------------------------------------------------------------


@pytest.fixture(scope="module")
def under_gk(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Iterator[str]:
    """content/ built (once per engine) for http://127.0.0.1:PORT/gk/ and served there;
    yields the origin."""
    root = tmp_path_factory.mktemp(f"gk-{engine}")
    port = free_port(HOST)
    url = f"http://{HOST}:{port}/gk/"
    proc = run_cli("build", "--engine", engine, "--site", str(root / "gk"), site_url=url)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    with serve_with_404(root, root / "gk" / "404.html", port) as origin:
        yield origin


MATERIAL_RED = "rgb(198, 40, 40)"  # disclosure.css's AA-contrast red (#c62828)


@pytest.mark.browser
def test_404_under_a_sub_path_keeps_its_styles_and_goes_home(
    open_page: OpenPage, under_gk: str
) -> None:
    page = open_page()
    failed: list[str] = []
    # A request the click to 返回首页 cut short (the favicon, on a busy machine) is aborted,
    # not failed: a missing file still shows as a response of 400 or more below.
    page.on(
        "requestfailed", lambda req: req.failure != "net::ERR_ABORTED" and failed.append(req.url)
    )
    missing = f"{under_gk}/gk/nope/deeper/"
    page.on("response", lambda r: r.status >= 400 and r.url != missing and failed.append(r.url))
    response = page.goto(missing, wait_until="load")
    assert response is not None
    assert response.status == 404
    wait_until_ready(page)
    expect(page.locator("article h1")).to_have_text("404 - 页面不存在")
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header == MATERIAL_RED  # Material's stylesheet and ours both loaded
    assert failed == []
    home = page.get_by_role("link", name="返回首页")
    assert home.get_attribute("href") == "/gk/"
    home.click()
    page.wait_for_load_state("load")
    assert page.url == f"{under_gk}/gk/"
    expect(page.locator("article h1").first).to_have_text("法治政府建设年度报告公开")
    assert failed == []
    assert_local_only(page)


def test_404_home_link_is_the_site_root_without_site_url(built_site: Path) -> None:
    link = soup(built_site, "404.html").find("a", string="返回首页")
    assert link is not None
    assert link["href"] == "/"


# ---- 最新报告: newest publication first, with its date -----------------------------------------


def iso_date(text: str) -> dt.date | None:
    """A 发布日期 cell: YYYY-MM-DD (short: it never wraps in the column), else None."""
    return dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None


def latest_rows(site: Path) -> list[list[str]]:
    heading = soup(site, "index.html").select_one("h2#latest")
    assert heading is not None
    table = heading.find_next("table")
    head = [th.get_text() for th in table.select("thead th")]
    assert head == ["发布日期", "年度", "区县", "镇街", "报告"]
    return [[td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")]


def test_latest_reports_are_the_newest_publications(demo_site: Path) -> None:
    content = demo_site.parent / "content"
    catalog, _ = load_catalog(content, REPO / "seeds", root=demo_site.parent, today=TODAY)
    published = sorted(
        (r.record.metadata.published for r in catalog.reports() if r.record.metadata.published),
        reverse=True,
    )
    rows = latest_rows(demo_site)
    dates = [iso_date(row[0]) for row in rows]
    assert len(rows) == 10
    assert all(dates), "the demo's ten newest all have a 发布日期"
    assert dates == published[:10]  # the ten newest, newest first (not by name or year)


def test_latest_reports_say_when_the_date_is_unknown(built_site: Path) -> None:
    assert latest_rows(built_site) == [
        ["未注明", "2020", "黔江区", "黑溪镇", "黔江区黑溪镇人民政府2020年度法治政府建设情况报告"]
    ]


def add_report(content: Path, town: str, year: int, published: str | None) -> None:
    folder = content / "ceshi" / town
    if not folder.exists():
        folder.mkdir()
        (folder / "_town.yml").write_text(f"name: {town}镇\nkind: 镇\n", encoding="utf-8")
    text = MINIMAL_REPORT.replace("测试镇", f"{town}镇").replace("2020", str(year))
    meta = f"metadata: {{published: {published}}}" if published else "metadata: {}"
    text = text.replace("metadata: {published: 2021-01-10}", meta)
    (folder / f"{year}.yml").write_text(text, encoding="utf-8")


def test_undated_reports_come_after_dated_ones_newest_year_first(content: Path) -> None:
    add_report(content, "jia", 2022, None)
    add_report(content, "jia", 2019, "2020-03-01")
    add_report(content, "yi", 2021, "2022-03-15")
    add_report(content, "yi", 2023, None)
    catalog, diags = load_catalog(
        content, content.parent / "seeds", root=content.parent, today=TODAY
    )
    assert diags.errors == []
    order = [(r.town.slug, r.year) for r in latest_reports(catalog)]
    # zhen/2020 (the fixture) was published 2021-01-10.
    assert order == [("yi", 2021), ("zhen", 2020), ("jia", 2019), ("yi", 2023), ("jia", 2022)]
    home = render_site(catalog, content.parent / "seeds", today=TODAY).files["index.md"].decode()
    home = re.sub(r"</?span[^>]*>", "", home)  # dates and names kept whole: tags aside
    assert "| 未注明 | 2023 | 测试区 | yi镇 |" in home
    assert "| 2022-03-15 | 2021 | 测试区 | yi镇 |" in home


# ---- 当前位置, 发布机构 and the town's other years ------------------------------------------------


def crumbs(page: BeautifulSoup, here: str) -> list[tuple[str, str | None]]:
    """The breadcrumb's entries: name and the address it links to (None: this page)."""
    nav = page.select_one('nav[aria-label="当前位置"]')
    assert nav is not None, "no 当前位置 navigation"
    assert re.sub(r"\s+", "", nav.get_text()).startswith("当前位置：首页›")
    out: list[tuple[str, str | None]] = []
    for li in nav.select("li"):
        a, current = li.find("a"), li.select_one('[aria-current="page"]')
        if a is not None:
            out.append((a.get_text(), urljoin(here, str(a["href"]))))
        else:
            assert current is not None, li
            out.append((current.get_text(), None))
    return out


def test_report_and_town_pages_say_where_you_are(built_site: Path) -> None:
    here = url_of(REPORT)
    assert crumbs(soup(built_site, REPORT), here) == [
        ("首页", "/"),
        ("黔江区", "/qianjiang/"),
        ("黑溪镇", "/qianjiang/heixi/"),
        ("2020年度", None),
    ]
    town = "qianjiang/heixi/index.html"
    assert crumbs(soup(built_site, town), url_of(town)) == [
        ("首页", "/"),
        ("黔江区", "/qianjiang/"),
        ("黑溪镇", None),
    ]
    for _, url in crumbs(soup(built_site, REPORT), here):
        assert url is None or served(built_site, url).is_file(), url


def test_issuer_links_to_the_town_page(built_site: Path) -> None:
    box = soup(built_site, REPORT).select_one("section.gk-meta")
    item = next(d for d in box.select("div.gk-meta__item") if d.dt.get_text() == "发布机构")
    link = item.dd.a
    assert link is not None
    assert link.get_text() == "黔江区黑溪镇人民政府"
    assert urljoin(url_of(REPORT), str(link["href"])) == "/qianjiang/heixi/"


def year_links(page: BeautifulSoup, here: str) -> dict[str, str]:
    nav = page.select_one("nav.gk-years")
    if nav is None:
        return {}
    return {str(a.get("rel", ["all"])[0]): urljoin(here, str(a["href"])) for a in nav.select("a")}


def test_reports_link_the_same_towns_previous_and_next_year(demo_site: Path) -> None:
    reports = sorted(demo_site.glob("*/*/[0-9][0-9][0-9][0-9]/index.html"))
    by_town: dict[Path, list[Path]] = {}
    for page in reports:
        by_town.setdefault(page.parent.parent, []).append(page)
    checked = 0
    for town, pages in by_town.items():
        town_url = url_of(town.relative_to(demo_site).as_posix() + "/index.html")
        for n, page in enumerate(pages):
            rel = page.relative_to(demo_site).as_posix()
            links = year_links(soup(demo_site, rel), url_of(rel))
            expected: dict[str, Any] = {}
            if n > 0:
                expected["prev"] = url_of(pages[n - 1].relative_to(demo_site).as_posix())
            if n + 1 < len(pages):
                expected["next"] = url_of(pages[n + 1].relative_to(demo_site).as_posix())
            if expected:
                expected["all"] = town_url
            assert links == expected, rel
            checked += 1
    assert checked == len(reports) > 30
    # The real town holds one year: nothing to link, no empty box.
    assert soup(demo_site, REPORT).select_one("nav.gk-years") is None


def axe_blocking(page: Page) -> list[str]:
    """axe-core's serious and critical violations (as tests/test_a11y.py runs it)."""
    results: dict[str, Any] = Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["report", "town"])
def test_breadcrumb_wraps_on_a_phone(
    open_page: OpenPage, site_url: str, demo_site: Path, kind: str
) -> None:
    town = next(p for p in sorted(demo_site.glob("sample-*/*/")) if p.is_dir())
    years = sorted(town.glob("[0-9][0-9][0-9][0-9]/index.html"))
    rel = (years[len(years) // 2] if kind == "report" else town / "index.html").relative_to(
        demo_site
    )
    page = open_page(width=360, height=740)
    visit(page, site_url + url_of(rel.as_posix()))
    nav = page.locator('nav[aria-label="当前位置"]')
    expect(nav).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "page scrolls sideways"
    assert nav.evaluate("n => n.scrollWidth <= n.clientWidth")
    boxes = [li.bounding_box() for li in nav.locator("li").all()]
    line = nav.evaluate("n => parseFloat(getComputedStyle(n).lineHeight)")
    for box in boxes:
        assert box is not None
        assert box["x"] >= 0, box  # every entry in view
        assert box["x"] + box["width"] <= 360, box
        assert box["height"] < 1.5 * line, box  # and whole: wrapped between entries only
    assert axe_blocking(page) == []
    assert_local_only(page)
