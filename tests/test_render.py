"""Render stage: golden Markdown for the seed, determinism, numbering, text-as-data."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import MINIMAL_REPORT, REPO

from generator.numbering import chinese_numeral, heading_label
from generator.render import render_site
from generator.walk import load_catalog
from generator.write import write_tree

GOLDEN = REPO / "tests" / "golden" / "qianjiang-heixi-2020.md"
TODAY = dt.date(2026, 11, 28)


def render_repo() -> dict[str, bytes]:
    site, report = load_catalog(REPO / "content", REPO / "seeds", root=REPO, today=TODAY)
    assert report.errors == []
    return render_site(site, REPO / "seeds").files


def test_seed_report_matches_reviewed_golden_file() -> None:
    page = render_repo()["qianjiang/heixi/2020/index.md"].decode()
    if os.environ.get("UPDATE_GOLDEN"):  # refresh deliberately, then review the diff
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(page, encoding="utf-8")
    assert page == GOLDEN.read_text(encoding="utf-8")


def test_output_is_identical_on_every_run() -> None:
    assert render_repo() == render_repo()


def test_write_tree_rewrites_only_changed_files(tmp_path: Path) -> None:
    site, _ = load_catalog(REPO / "content", REPO / "seeds", root=REPO, today=TODAY)
    rendered = render_site(site, REPO / "seeds")
    out = tmp_path / "docs"
    assert len(write_tree(rendered, out)) == len(rendered.files)
    (out / "stale.md").write_text("old")
    assert write_tree(rendered, out) == []
    assert not (out / "stale.md").exists()
    assert (tmp_path / "nav.json").is_file()


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九")]
)
def test_chinese_numerals(n: int, text: str) -> None:
    assert chinese_numeral(n) == text


def test_heading_labels_follow_official_order() -> None:
    assert [heading_label(level, 2) for level in (1, 2, 3, 4)] == ["二、", "（二）", "2.", "（2）"]


def test_headings_renumbered_whatever_the_source_used() -> None:
    """The seed numbered its top level 一、 2、 3、 and its second level （1）."""
    page = render_repo()["qianjiang/heixi/2020/index.md"].decode()
    lines = [ln for ln in page.splitlines() if ln.startswith("## ") or ln.startswith("### ")]
    # Years and place names are kept whole on a phone (typography.nowrap): tags aside.
    assert lines[0] == '## 一、<span class="gk-nowrap">2020年</span>工作开展情况 {#s1}'
    headings = [re.sub(r"</?span[^>]*>", "", ln) for ln in lines]
    assert headings[:3] == [
        "## 一、2020年工作开展情况 {#s1}",
        "### （一）健全组织机构，明确责任落实 {#s1-1}",
        "### （二）依法行政决策，严格执法程序 {#s1-2}",
    ]
    assert "## 二、存在不足 {#s2}" in headings
    assert "## 三、下步打算 {#s3}" in headings


NASTY = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[点我](javascript:alert(3))",
    "{{ config }} {% raw %}",
    "# 不是标题",
    "- 不是列表",
    "1. 不是编号",
    "**不是粗体** _斜体_ `代码`",
    "| a | b |",
    "<!-- 注释 -->",
    "</title><b>x</b>",
    "---",
]


@pytest.mark.parametrize("text", NASTY)
def test_record_text_is_shown_literally(content: Path, text: str) -> None:
    report = content / "ceshi" / "zhen" / "2020.yml"
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    signature = "signature:" + MINIMAL_REPORT.split("signature:")[1]
    without_metrics = MINIMAL_REPORT.split("metrics:")[0] + signature
    report.write_text(
        without_metrics.replace("全镇培训干部120人次。", quoted).replace(
            "title: 主要举措和成效", f"title: {quoted}"
        ),
        encoding="utf-8",
    )
    site, diags = load_catalog(content, content.parent / "seeds", today=TODAY)
    assert diags.errors == []
    source = render_site(site, content.parent / "seeds").files["ceshi/zhen/2020/index.md"].decode()
    body = source.split("\n---\n", 1)[1]  # after the front matter
    html = markdown.markdown(body, extensions=["attr_list", "tables", "toc"])
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(["script", "img", "a", "ul", "ol", "strong", "em", "code", "hr", "b"]) is None
    assert [p.get_text() for p in soup.find_all("p")].count(text) == 1
    assert soup.find("h2").get_text() == f"一、{text}"
