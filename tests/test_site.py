"""The real site, built with `python -m generator build` (MkDocs strict), parsed as HTML."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from conftest import REPO, run_cli

REPORT = "qianjiang/heixi/2020/index.html"


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def test_pages_exist_at_stable_urls(built_site: Path) -> None:
    for rel in (
        "index.html",
        "qianjiang/index.html",
        "qianjiang/heixi/index.html",
        REPORT,
        "404.html",
        "search-index/meta.json",
    ):
        assert (built_site / rel).is_file(), rel


def test_report_page_has_metadata_box_in_portal_order(built_site: Path) -> None:
    page = soup(built_site, REPORT)
    box = page.select_one("section.gk-meta")
    assert box is not None
    assert box["aria-label"] == "信息公开属性"
    labels = [dt.get_text(strip=True) for dt in box.select("dt")]
    assert labels == [
        "索引号",
        "发文字号",
        "主题分类",
        "体裁分类",
        "发布机构",
        "有效性",
        "成文日期",
        "发布日期",
        "文件标题",
    ]
    values = dict(zip(labels, (dd.get_text(strip=True) for dd in box.select("dd")), strict=True))
    assert values["发布机构"] == "黔江区黑溪镇人民政府"
    assert values["成文日期"] == "2021-01-05"
    assert values["文件标题"] == "黔江区黑溪镇人民政府2020年度法治政府建设情况报告"


def test_report_page_title_headings_and_signature(built_site: Path) -> None:
    page = soup(built_site, REPORT)
    assert (
        page.title.get_text()
        == "黔江区黑溪镇人民政府2020年度法治政府建设情况报告 - 法治政府建设年度报告公开"
    )
    article = page.select_one("article")
    assert article.h1.get_text(strip=True) == "黔江区黑溪镇人民政府2020年度法治政府建设情况报告"
    heads = [h.get_text(strip=True) for h in article.select("h2, h3, h4")]
    assert heads[:4] == [
        "一、2020年工作开展情况",
        "（一）健全组织机构，明确责任落实",
        "1.强化组织领导",
        "2.强化队伍建设",
    ]
    assert "二、存在不足" in heads
    assert "三、下步打算" in heads
    sig = article.select_one("p.gk-signature")
    assert list(sig.stripped_strings) == ["黔江区黑溪镇人民政府", "2021年1月5日"]
    assert "一是积极建立健全了一整套完整的与政务信息公开相关的办法" in article.get_text()


def test_source_document_is_downloadable(built_site: Path) -> None:
    link = soup(built_site, REPORT).find("a", string=re.compile("下载原始文件"))
    target = (built_site / "qianjiang/heixi/2020/" / link["href"]).resolve()
    # Text is published with a UTF-8 byte-order mark so browsers read it right (README).
    seed = (REPO / "seeds/qianjiang/heixi/2020.txt").read_bytes()
    assert target.read_bytes() == b"\xef\xbb\xbf" + seed


def test_navigation_goes_district_town_year(built_site: Path) -> None:
    page = soup(built_site, REPORT)
    nav = page.select_one("nav.md-nav--primary")
    text = nav.get_text(" ", strip=True)
    assert text.index("黔江区") < text.index("黑溪镇") < text.index("2020年度")


def test_no_reference_to_outside_resources(built_site: Path) -> None:
    """No Google Fonts, no CDN: every src and stylesheet is on the site's own origin."""
    for html in built_site.rglob("*.html"):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in page.select("[src], link[href]"):
            url = tag.get("src") or tag.get("href")
            assert not urlsplit(url).netloc, f"{html}: {url}"
        assert "fonts.googleapis" not in html.read_text(encoding="utf-8")


def test_search_index_is_own_and_in_small_pieces(built_site: Path) -> None:
    meta = json.loads((built_site / "search-index/meta.json").read_text("utf-8"))
    # One document per content page (not 404, not the results page): a result costs one.
    # Home, district, town, report, and the year pages (years/ and one per due year).
    years = list((built_site / "years").glob("**/index.html"))
    assert len(years) >= 2
    assert meta["pages"] == 4 + len(years) + len(list(built_site.glob("data/index.html")))
    assert len(list((built_site / "search-index/d").glob("*.gz"))) == meta["docs"]
    buckets = list((built_site / "search-index/b").glob("*.bin"))
    assert len(buckets) == meta["buckets"]
    assert max(b.stat().st_size for b in buckets) <= 12 * 1024
    assert not list(built_site.glob("pagefind*"))
    assert not (built_site / "search" / "search_index.json").exists()


def test_failed_build_leaves_site_untouched(tmp_path: Path, content: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site")
    bad = content / "ceshi" / "zhen" / "2020.yml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("year: 2020", "year: 20x0"), "utf-8")
    proc = run_cli(
        "--content",
        str(content),
        "--seeds",
        str(tmp_path / "seeds"),
        "build",
        "--config",
        str(REPO / "mkdocs.yml"),
        "--site",
        str(site),
    )
    assert proc.returncode == 1
    assert "year: 应为整数" in proc.stderr
    assert "site/ 保持原样" in proc.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "last good site"


def test_mkdocs_build_strict_from_repo_root(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / REPORT).is_file()


def test_build_publishes_another_content_tree(tmp_path: Path, content: Path) -> None:
    site = tmp_path / "site"
    proc = run_cli(
        "--content", str(content), "--seeds", str(tmp_path / "seeds"), "build", "--site", str(site)
    )
    assert proc.returncode == 0, proc.stderr
    assert "已发布 1 份报告" in proc.stdout
    page = soup(site, "ceshi/zhen/2020/index.html")
    assert (
        page.select_one("article h1").get_text(strip=True)
        == "测试镇人民政府2020年度法治政府建设情况报告"
    )
