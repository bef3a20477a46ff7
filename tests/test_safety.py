"""Content is data, never code; cross-file mistakes are caught; encodings are forgiving."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import (
    MINIMAL_REPORT,
    OpenPage,
    assert_local_only,
    build_project,
    serve_site,
    visit,
)

from generator.render import render_site
from generator.walk import load_catalog

TODAY = dt.date(2026, 11, 28)


def messages(content: Path) -> list[str]:
    _, report = load_catalog(content, content.parent / "seeds", root=content.parent, today=TODAY)
    return [d.format() for d in report.errors]


def test_bom_and_crlf_render_identically_to_the_clean_file(content: Path) -> None:
    report = content / "ceshi" / "zhen" / "2020.yml"
    site, _ = load_catalog(content, content.parent / "seeds", today=TODAY)
    clean = render_site(site, content.parent / "seeds").files
    report.write_bytes(b"\xef\xbb\xbf" + MINIMAL_REPORT.replace("\n", "\r\n").encode("utf-8"))
    site, diags = load_catalog(content, content.parent / "seeds", today=TODAY)
    assert diags.items == []
    assert render_site(site, content.parent / "seeds").files == clean


def test_report_filed_under_the_wrong_town(content: Path) -> None:
    (content / "ceshi" / "zhen" / "_town.yml").write_text("name: 别的镇\nkind: 镇\n", "utf-8")
    assert messages(content) == [
        "content/ceshi/zhen/2020.yml:2:9: issuer: 发布机构和标题都不含所在镇街“别的镇”，文件是否放错了目录？ "
        "(neither issuer nor title names the town '别的镇': is the file in the wrong folder?)"
    ]


def test_same_town_and_year_twice(content: Path) -> None:
    twin = content / "ceshi" / "zhen-2"
    twin.mkdir()
    for name in ("_town.yml", "2020.yml"):
        (twin / name).write_bytes((content / "ceshi" / "zhen" / name).read_bytes())
    assert messages(content) == [
        "content/ceshi/zhen-2/_town.yml:1:1: 镇街名称“测试镇”与目录 zhen/ 重复，同一镇街的同一年度报告会出现两次 "
        "(town name '测试镇' duplicates folder zhen/)"
    ]


def test_names_colliding_after_case_folding(content: Path) -> None:
    (content / "ceshi" / "zhen" / "_town.yml").write_text("name: Test Town\nkind: 部门\n", "utf-8")
    (content / "ceshi" / "zhen" / "2020.yml").write_text(
        MINIMAL_REPORT.replace("issuer: 测试镇人民政府\nrecipient", "issuer: Test Town\nrecipient"),
        encoding="utf-8",
    )
    other = content / "ceshi" / "zhen-b"
    other.mkdir()
    (other / "_town.yml").write_text("name: TEST TOWN\nkind: 部门\n", "utf-8")
    assert messages(content) == [
        "content/ceshi/zhen-b/_town.yml:1:1: 镇街名称“TEST TOWN”与目录 zhen/ 重复，同一镇街的同一年度报告会出现两次 "
        "(town name 'TEST TOWN' duplicates folder zhen/)"
    ]


@pytest.mark.parametrize("folder", ["Zhen", "zhen_2", "..", "镇"])
def test_folder_names_are_slugs(content: Path, folder: str) -> None:
    bad = content / "ceshi" / folder
    if folder == "..":
        bad = content / "ceshi" / "x"  # a literal '..' cannot be a folder; test the record's path
        (content / "ceshi" / "zhen" / "2020.yml").write_text(
            MINIMAL_REPORT.replace("metrics:", "source: ../x.txt\nmetrics:"), encoding="utf-8"
        )
        assert any("source: 在 seeds/ 中找不到原始文件 ../x.txt" in m for m in messages(content))
        return
    (content / "ceshi" / "zhen").rename(bad)
    assert messages(content) == [
        f"content/ceshi/{folder}:1:1: 目录名只能用小写字母、数字和连字符（拼音） "
        "(folder names must use a-z, 0-9 and '-')"
    ]


PAYLOADS = {
    "script": "<script>window.__pwned=1</script>",
    "onerror": '<img src=x onerror="window.__pwned=2">',
    "js_link": "[点我](javascript:window.__pwned=3)",
    "data_link": "[看](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "jinja": "{{ config.site_name }}{% if true %}x{% endif %}",
    "front_matter": "---\ntitle: x\n---",
    "heading": "## 假标题",
    "list": "- 假列表",
    "table": "| a | b |\n| - | - |",
    "fence": "```\n代码\n```",
    "comment": "<!-- 隐藏 -->",
    "title_breakout": "</title><script>window.__pwned=4</script>",
}


def nasty_record() -> str:
    """A valid record whose every text field carries an injection attempt."""

    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    p = PAYLOADS
    body = "\n".join(f"      - {q(v)}" for v in p.values())
    return f"""\
title: {q("测试镇人民政府" + p["title_breakout"] + p["script"])}
issuer: {q("测试镇人民政府" + p["onerror"])}
recipient: {q(p["jinja"])}
year: 2020
metadata:
  index_number: {q(p["script"])}
  doc_number: {q(p["onerror"])}
  topic: {q(p["title_breakout"])}
preamble: {q(p["front_matter"])}
sections:
  - title: {q(p["heading"] + p["js_link"])}
    part: measures
    body:
{body}
      - lead: {q(p["data_link"])}
        items: [{q(p["list"])}, {q(p["table"])}]
closing: {q(p["comment"])}
changes:
  - date: 2021-02-01
    note: {q(p["script"])}
signature:
  issuer: {q(p["fence"])}
  date: 2021-01-05
"""


@pytest.fixture(scope="module")
def nasty_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("nasty")
    town = root / "content" / "ceshi" / "zhen"
    town.mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "content" / "ceshi" / "_district.yml").write_text(
        'name: "测试区<script>window.__pwned=5</script>"\n', "utf-8"
    )
    (town / "_town.yml").write_text('name: "测试镇"\nkind: 镇\n', "utf-8")
    (town / "2020.yml").write_text(nasty_record(), encoding="utf-8")
    proc = build_project(root)
    assert proc.returncode == 0, proc.stderr
    return root / "site"


def own_scripts(page: BeautifulSoup) -> list[str]:
    return [s.get("src") or s.get_text()[:40] for s in page.find_all("script")]


def test_injections_show_literally_in_the_built_html(nasty_site: Path) -> None:
    for rel in (
        "ceshi/zhen/2020/index.html",
        "ceshi/zhen/index.html",
        "ceshi/index.html",
        "index.html",
    ):
        html = (nasty_site / rel).read_text(encoding="utf-8")
        page = BeautifulSoup(html, "html.parser")
        assert "__pwned" not in "".join(own_scripts(page)), rel
        assert page.select("[onerror]") == [], rel
        for link in page.find_all("a", href=True):
            assert not link["href"].lower().startswith(("javascript:", "data:")), rel
        raw_title = html.split("<title>", 1)[1].split("</title>", 1)[0]
        assert "<" not in raw_title, rel  # the title element cannot be closed early
    report = BeautifulSoup(
        (nasty_site / "ceshi/zhen/2020/index.html").read_text("utf-8"), "html.parser"
    )
    text = report.select_one("article").get_text()
    for name, payload in PAYLOADS.items():
        if "\n" not in payload:
            assert payload in text, name
    assert "<script>window.__pwned=1</script>" in report.select_one("section.gk-meta").get_text()
    assert report.select("article h2")[0].get_text(strip=True).startswith("一、## 假标题")


@pytest.fixture
def served(nasty_site: Path) -> Iterator[str]:
    with serve_site(nasty_site) as url:
        yield url


@pytest.mark.browser
def test_no_injected_script_runs_in_the_browser(open_page: OpenPage, served: str) -> None:
    page = open_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ("/ceshi/zhen/2020/", "/ceshi/zhen/", "/ceshi/", "/"):
        visit(page, served + path)  # after the load event: parsed, scripts run, images failed
        assert page.evaluate("window.__pwned === undefined"), path
    assert dialogs == []
    assert_local_only(page)
