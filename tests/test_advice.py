"""Advice: warnings a supervisor wants, which `check --strict` turns into failures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import MINIMAL_REPORT, run_cli

from generator.walk import load_catalog

TODAY = dt.date(2026, 11, 28)


def warnings(content: Path, text: str) -> list[str]:
    (content / "ceshi" / "zhen" / "2020.yml").write_text(text, encoding="utf-8")
    _, report = load_catalog(content, content.parent / "seeds", root=content.parent, today=TODAY)
    assert report.errors == []
    return [d.format() for d in report.warnings]


def test_minimal_report_needs_no_advice(content: Path) -> None:
    assert warnings(content, MINIMAL_REPORT) == []


def test_missing_required_part(content: Path) -> None:
    text = MINIMAL_REPORT.replace("part: duty, ", "")
    assert warnings(content, text) == [
        "content/ceshi/zhen/2020.yml:7:3: 警告 warning: sections: 缺少法定报告部分："
        "党政主要负责人履行推进法治建设第一责任人职责情况 "
        "(required parts not marked: 1 of 5 (set `part:` on sections))"
    ]


def test_published_after_first_of_april(content: Path) -> None:
    text = MINIMAL_REPORT.replace("preamble:", "metadata:\n  published: 2021-04-02\npreamble:")
    assert warnings(content, text) == [
        "content/ceshi/zhen/2020.yml:6:14: 警告 warning: metadata.published: 发布日期 2021-04-02 "
        "晚于规定的 2021 年 4 月 1 日之前 (published 2021-04-02, after the 1 April 2021 deadline)"
    ]


def test_signed_before_the_year_ended(content: Path) -> None:
    text = MINIMAL_REPORT.replace("date: 2021-01-05", "date: 2020-12-20")
    assert warnings(content, text) == [
        "content/ceshi/zhen/2020.yml:19:9: 警告 warning: signature.date: 落款日期 2020-12-20 "
        "早于 2020 年度结束 (signed 2020-12-20, before the year 2020 ended)"
    ]


def test_typed_numbering_and_drift(content: Path) -> None:
    text = MINIMAL_REPORT.replace("title: 主要举措和成效", "title: 一、主要举措和成效").replace(
        "title: 存在的不足和原因", "title: 3、存在的不足和原因"
    )
    assert warnings(content, text) == [
        "content/ceshi/zhen/2020.yml:7:12: 警告 warning: sections[0].title: 标题含有编号；"
        "网站会自动编号，请删除 (title starts with typed numbering; the site numbers headings)",
        "content/ceshi/zhen/2020.yml:11:13: 警告 warning: sections[1].title: 编号错乱：第 2 项写成了第 3 项；"
        "标题不必写编号，网站自动编号 (numbering drift: item 2 is typed as 3; leave numbers out, "
        "the site numbers headings)",
    ]


def test_figure_not_in_metrics(content: Path) -> None:
    text = MINIMAL_REPORT.replace("学法不够深入。", "仍有35余名干部学法不够深入。")
    assert warnings(content, text) == [
        "content/ceshi/zhen/2020.yml:11:50: 警告 warning: sections[1].body[0]: "
        "正文中的数据“35余名”未列入 metrics（主要数据） (figure '35余名' in the text is not in metrics)"
    ]


def test_check_strict_fails_on_advice(content: Path) -> None:
    (content / "ceshi" / "zhen" / "2020.yml").write_text(
        MINIMAL_REPORT.replace("part: duty, ", ""), encoding="utf-8"
    )
    args = ("--content", str(content), "--seeds", str(content.parent / "seeds"), "check")
    relaxed, strict = (
        run_cli(*args, cwd=content.parent),
        run_cli(*args, "--strict", cwd=content.parent),
    )
    assert relaxed.returncode == 0
    assert "缺少法定报告部分" in relaxed.stderr
    assert strict.returncode == 1
    assert "缺少法定报告部分" in strict.stderr
