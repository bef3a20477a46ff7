"""The importer's stages one at a time, on small inputs whose answer is known."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.importer.clean import clean_lines, drop_repeats
from generator.importer.coverage import measure
from generator.importer.emit import dump, scalar
from generator.importer.enumerations import split_enumeration
from generator.importer.headings import split_title
from generator.importer.metrics import find_metrics
from generator.importer.parts import part_of
from generator.importer.pipeline import _coverage_notes, import_file
from generator.importer.portal import strip_portal
from generator.importer.tail import parse_date, read_tail
from generator.importer.text import tidy_spaces
from generator.load import parse
from generator.numbering import parse_marker

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("　　一、2025 年推进", "一、2025年推进"),
        ("法治政府建 设工作", "法治政府建设工作"),
        ("要求, 扎实推进", "要求,扎实推进"),
        ("升级到 Windows 10 系统", "升级到Windows 10系统"),
    ],
)
def test_spaces_go_inside_chinese_text_only(raw: str, clean: str) -> None:
    assert tidy_spaces(raw) == clean


@pytest.mark.parametrize(
    ("line", "family", "number"),
    [
        ("一、工作情况", "cn", 1),
        ("（十二）标题", "cn_paren", 12),
        ("(一)标题", "cn_paren", 1),
        ("一)标题", "cn_paren", 1),
        ("（1） 标题", "ar_paren", 1),
        ("3.标题", "ar", 3),
        ("2、 存在不足", "ar", 2),
        ("①标题", "circled", 1),
    ],
)
def test_heading_markers(line: str, family: str, number: int) -> None:
    marker = parse_marker(line)
    assert marker is not None
    assert (marker.family, marker.number) == (family, number)


@pytest.mark.parametrize("line", ["2021年，我镇", "3.5万元用于", "一是加强", "12.3%的群众"])
def test_lines_that_are_not_headings(line: str) -> None:
    assert parse_marker(line) is None


@pytest.mark.parametrize(
    ("rest", "title", "body"),
    [
        ("加强组织领导。镇党委成立领导小组。", "加强组织领导", "镇党委成立领导小组。"),
        ("加强组织领导。", "加强组织领导", None),
        ("深入学习贯彻习近平法治思想，全面铺开", "深入学习贯彻习近平法治思想，全面铺开", None),
        (
            "加强组织领导　镇党委成立了领导小组，定期研究。",
            "加强组织领导",
            "镇党委成立了领导小组，定期研究。",
        ),
        ("强化组织　领导", "强化组织　领导", None),  # a gap inside a short title is not a split
    ],
)
def test_run_in_titles(rest: str, title: str, body: str | None) -> None:
    assert split_title(rest) == (title, body)


def test_enumeration_round_trips_and_ignores_words_like_tongyishi() -> None:
    text = "主要表现在：一是制度不全；二是队伍薄弱；三是统一是前提。"
    block = split_enumeration(text)
    assert block == {"lead": "主要表现在：", "items": ["制度不全；", "队伍薄弱；", "统一是前提。"]}
    assert split_enumeration("坚持统一是原则，一是") == "坚持统一是原则，一是"


def test_dates_in_figures_and_chinese_numerals() -> None:
    assert parse_date("2021年1月5日") == dt.date(2021, 1, 5)
    assert parse_date("二〇二二年十二月三十一日") == dt.date(2022, 12, 31)
    assert parse_date("2021年2月30日") is None


def test_signature_with_issuer_and_date_on_one_line() -> None:
    tail = read_tail(["正文。", "特此报告。", "黔江区黑溪镇人民政府 2021年1月5日"])
    assert (tail.lines, tail.closing) == (["正文。"], "特此报告。")
    assert (tail.signers, tail.date) == (["黔江区黑溪镇人民政府"], dt.date(2021, 1, 5))


@pytest.mark.parametrize(
    ("title", "part"),
    [
        ("2020年工作开展情况", "measures"),
        ("存在问题及下步打算", "shortcomings"),
        ("党政主要负责人履行推进法治建设第一责任人职责情况", "duty"),
        ("下一年度主要安排", "plans"),
        ("其他需要报告的情况", "other"),
        ("加强组织领导", None),
    ],
)
def test_parts_from_titles(title: str, part: str | None) -> None:
    assert part_of(title) == part


def test_repeated_passage_is_found_across_different_line_breaks() -> None:
    first = (
        "我镇党委、政府高度重视法治政府建设工作，成立了以党工委书记为组长的工作领导小组，定期研究。"
    )
    kept, dropped = drop_repeats(
        [
            "标题",
            first,
            "下一段。",
            "我镇党委、政府高度重视法治政府建",
            "设",
            "工作，成立了以党工委书记为组长的工作领导小组，定期研究。",
        ]
    )
    assert kept == ["标题", first, "下一段。"]
    assert len(dropped) == 1
    assert dropped[0].startswith("我镇党委")
    assert drop_repeats(["短句。", "短句。"])[0] == ["短句。", "短句。"]  # short repeats stay


def test_artifacts_and_invisible_characters_are_removed() -> None:
    cleaned = clean_lines(["3、 [bookmark: _GoBack]下步打算", "正文\u200b。", "", "　　"])
    assert cleaned.lines == ["3、 下步打算", "正文。"]
    assert "bookmark" in cleaned.notes[0].zh


def test_portal_metadata_in_all_three_layouts() -> None:
    page = strip_portal(
        [
            "站点名称",
            "当前位置: 首页>政务公开>报告",
            "  • 索引号 123/2021-1",
            "[ 主题分类 ] 其他 [ 体裁分类 ] 报告",
            "发布日期:2021-02-20 13:55:00",
            "标题",
            "正文。",
            "【打印本页】【关闭窗口】",
        ]
    )
    assert page.lines == ["标题", "正文。"]
    assert page.fields == {
        "index_number": "123/2021-1",
        "topic": "其他",
        "genre": "报告",
        "published": "2021-02-20",
    }


def test_metrics_keep_value_unit_qualifier_and_clause() -> None:
    (a, b, c) = find_metrics(["全镇47名综治网格员为法治宣传员，参与率98%以上；同比增长约300%。"])
    assert (a["label"], a["value"], a["unit"], a["qualifier"]) == ("综治网格员", "47", "名", None)
    assert a["sentence"] == "全镇47名综治网格员为法治宣传员"
    assert (b["label"], b["qualifier"], b["sentence"]) == ("参与率", "以上", "参与率98%以上")
    assert (c["label"], c["qualifier"], c["sentence"]) == ("同比增长", "约", "同比增长约300%。")
    assert find_metrics(["以每两月1次频次开展，第3次会议，2021年1月5日，1+5体系"]) == []


def test_lost_text_lowers_coverage_and_is_named() -> None:
    item = import_file(FIXTURES / "drift.txt", seeds=FIXTURES)
    sections = list(item.report.sections)
    sections[1] = sections[1].model_copy(update={"body": ["法治政府建设仍有差距。"]})
    coverage = measure(
        [*(FIXTURES / "drift.txt").read_text("utf-8").splitlines()[:17]],
        item.report.model_copy(update={"sections": sections}),
    )
    assert coverage.ratio < 1
    notes = " ".join(n.zh for n in _coverage_notes(coverage))
    assert "覆盖率" in notes
    assert "主要表现在：一是干部法律知识水平不一" in notes


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("黑溪镇", "黑溪镇"),
        ("500114", '"500114"'),
        ("%", '"%"'),
        ("yes", '"yes"'),
        ("现将有关情况报告如下:", '"现将有关情况报告如下:"'),
        ("a: b", '"a: b"'),
    ],
)
def test_scalars_are_plain_only_when_that_reads_back_the_same(value: str, written: str) -> None:
    assert scalar(value) == written


def test_emitted_yaml_is_read_by_the_strict_loader() -> None:
    data = {
        "title": "标题",
        "issuer": ["甲", "乙"],
        "year": "2020",
        "metadata": {"doc_number": None},
        "sections": [{"title": "一", "body": [{"items": ["x", "y"]}]}, {"title": "二"}],
    }
    text = dump(data, ["# comment"])
    loaded = parse(text, Path("x.yml"), "x.yml").data
    assert loaded == {**data, "metadata": {"doc_number": None}}
    assert "\n\n  - title: 二" in text  # top-level sections separated by a blank line


@pytest.mark.parametrize(
    "char", ["\u200b", "\u00ad", "\ufeff", "\u202e", "\x07", "\u3164", "\ue000"]
)
def test_clean_removes_what_the_record_refuses_and_says_so(char: str) -> None:
    """Extraction leftovers the record's character policy refuses are removed (the same
    policy as `check`, so an imported draft never fails on them) and each is reported."""
    cleaned = clean_lines([f"全镇{char}开展学法活动。"])
    assert cleaned.lines == ["全镇开展学法活动。"]
    (note,) = [n for n in cleaned.notes if "不可见或控制字符" in n.zh]
    assert f"U+{ord(char):04X}" in note.zh
