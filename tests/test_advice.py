"""Advice: warnings a supervisor wants, which `check --strict` turns into failures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import MINIMAL_REPORT, run_cli

from generator.walk import load_catalog

TODAY = dt.date(2026, 11, 28)
# A finished report says when it was written and published (line 5): no advice.
COMPLETE = MINIMAL_REPORT.replace("metadata: {published: 2021-01-10}\n", "").replace(
    "year: 2020\n", "year: 2020\nmetadata: {written: 2021-01-05, published: 2021-01-10}\n"
)


def warnings(content: Path, text: str) -> list[str]:
    (content / "ceshi" / "zhen" / "2020.yml").write_text(text, encoding="utf-8")
    _, report = load_catalog(content, content.parent / "seeds", root=content.parent, today=TODAY)
    assert report.errors == []
    # Built from the diagnostic's parts, not its printed form (which names fields in
    # Chinese): what is asserted is where, which field, and the two messages.
    return [f"{d.path}:{d.line}:{d.col}: {d.field}: {d.zh} ({d.en})" for d in report.warnings]


def test_complete_report_needs_no_advice(content: Path) -> None:
    assert warnings(content, COMPLETE) == []


def test_missing_required_part(content: Path) -> None:
    text = COMPLETE.replace("part: duty, ", "")
    assert warnings(content, text) == [
        "content/ceshi/zhen/2020.yml:8:3: sections: 缺少法定报告部分："
        "党政主要负责人履行推进法治建设第一责任人职责情况 "
        "(required parts not marked: 1 of 5 (set `part:` on sections))"
    ]


def test_published_after_first_of_april(content: Path) -> None:
    text = COMPLETE.replace("published: 2021-01-10", "published: 2021-04-02")
    assert warnings(content, text) == [
        "content/ceshi/zhen/2020.yml:5:44: metadata.published: 发布日期 2021-04-02 "
        "晚于规定的 2021 年 4 月 1 日之前 (published 2021-04-02, after the 1 April 2021 deadline)"
    ]


def test_signed_before_the_year_ended(content: Path) -> None:
    text = COMPLETE.replace("date: 2021-01-05", "date: 2020-12-20")
    assert warnings(content, text) == [
        "content/ceshi/zhen/2020.yml:20:9: signature.date: 落款日期 2020-12-20 "
        "早于 2020 年度结束 (signed 2020-12-20, before the year 2020 ended)"
    ]


def test_typed_numbering_and_drift(content: Path) -> None:
    text = COMPLETE.replace("title: 主要举措和成效", "title: 一、主要举措和成效").replace(
        "title: 存在的不足和原因", "title: 3、存在的不足和原因"
    )
    assert warnings(content, text) == [
        "content/ceshi/zhen/2020.yml:8:12: sections[0].title: 标题含有编号；"
        "网站会自动编号，请删除 (title starts with typed numbering; the site numbers headings)",
        "content/ceshi/zhen/2020.yml:12:13: sections[1].title: 编号错乱：第 2 项写成了第 3 项；"
        "标题不必写编号，网站自动编号 (numbering drift: item 2 is typed as 3; leave numbers out, "
        "the site numbers headings)",
    ]


def test_figure_not_in_metrics(content: Path) -> None:
    text = COMPLETE.replace("学法不够深入。", "仍有35余名干部学法不够深入。")
    assert warnings(content, text) == [
        "content/ceshi/zhen/2020.yml:12:50: sections[1].body[0]: "
        "正文中的数据“35余名”未列入 metrics（主要数据） (figure '35余名' in the text is not in metrics)"
    ]


def test_check_strict_fails_on_advice(content: Path) -> None:
    (content / "ceshi" / "zhen" / "2020.yml").write_text(
        COMPLETE.replace("part: duty, ", ""), encoding="utf-8"
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


W = "content/ceshi/zhen/2020.yml"


def test_published_left_empty_on_a_finished_report(content: Path) -> None:
    empty = COMPLETE.replace("published: 2021-01-10", "published: ")
    assert warnings(content, empty) == [
        f"{W}:5:44: metadata.published: 没有填写发布日期：请在 metadata 下填写 "
        "published: YYYY-MM-DD（门户网站上公开的日期）；尚未完成的报告请写 draft: true "
        "(no publication date: fill in metadata.published (YYYY-MM-DD, the day it was "
        "published on the portal); mark an unfinished report with draft: true)"
    ]
    assert warnings(content, "draft: true\n" + empty) == []  # a draft is not finished
    # A hand-written record with no metadata block at all is asked for one, at its top.
    none = COMPLETE.replace("metadata: {written: 2021-01-05, published: 2021-01-10}\n", "")
    assert warnings(content, none) == [
        f"{W}:1:1: metadata.published: 没有填写发布日期：请加上 metadata: 一段，在其下写 "
        "published: YYYY-MM-DD（门户网站上公开的日期）；尚未完成的报告请写 draft: true "
        "(no publication date: fill in metadata.published (YYYY-MM-DD, the day it was "
        "published on the portal); mark an unfinished report with draft: true)"
    ]


def test_published_before_written(content: Path) -> None:
    text = COMPLETE.replace("published: 2021-01-10", "published: 2021-01-02")
    assert warnings(content, text) == [
        f"{W}:5:44: metadata.published: 发布日期 2021-01-02 早于成文日期 "
        "2021-01-05，请核对两个日期 (published 2021-01-02, before it was written (2021-01-05): "
        "check both dates)"
    ]


def test_part_marked_twice(content: Path) -> None:
    text = COMPLETE.replace("part: plans", "part: measures")
    assert warnings(content, text) == [
        f"{W}:8:3: sections: 缺少法定报告部分：下一年度主要安排 "
        "(required parts not marked: 1 of 5 (set `part:` on sections))",
        f"{W}:14:29: sections[3].part: “主要举措和成效”（part: measures）已标在"
        "第 1 个标题上；如果这一部分是另一个法定部分，请改正 part:，否则删去这一行 "
        "(part 'measures' is already marked on section 1: correct this part: or delete the line)",
    ]


def test_page_numbers_pasted_from_a_pdf(content: Path) -> None:
    text = COMPLETE.replace(
        "学法不够深入。", "学法不够深入。- 2 -部分干部依法决策意识不强。"
    ).replace("继续加强学法。", "继续加强学法。第 3 页 共 10 页")
    found = warnings(content, text)
    assert found == [
        f"{W}:12:50: sections[1].body[0]: 段落中有页码“- 2 -”，像是从 PDF 复制时"
        "带进来的，请删除（可用 python -m generator clean 清理粘贴的文字） (page number '- 2 -' "
        "inside the paragraph, copied from a PDF: delete it (python -m generator clean "
        "cleans pasted text))",
        f"{W}:14:43: sections[3].body[0]: 段落中有页码“第 3 页 共 10 页”，像是从 PDF "
        "复制时带进来的，请删除（可用 python -m generator clean 清理粘贴的文字） (page number "
        "'第 3 页 共 10 页' inside the paragraph, copied from a PDF: delete it "
        "(python -m generator clean cleans pasted text))",
    ]


def test_a_page_number_in_an_enumeration_is_located_at_its_item(content: Path) -> None:
    text = COMPLETE.replace(
        "      - 全镇培训干部120人次。\n",
        "      - lead: 全镇培训干部120人次。\n        items:\n          - 学法\n"
        "          - 考法 - 2 - 用法\n",
    )
    (found,) = warnings(content, text)
    assert found.startswith(f"{W}:14:13: sections[0].body[0].items[1]: 段落中有页码“- 2 -”")


def test_dates_ranges_and_fractions_are_not_page_numbers(content: Path) -> None:
    text = COMPLETE.replace(
        "学法不够深入。", "《实施方案（2016-2020年）》落实不够，3/4的村学法不够深入。"
    )
    assert warnings(content, text) == []


def test_bullets_and_tabs_pasted_from_word(content: Path) -> None:
    text = COMPLETE.replace(
        "      - 全镇培训干部120人次。\n",
        "      - 全镇培训干部120人次。\n"
        "      - ● 组织开展宪法宣传周活动，覆盖全镇各村社区。\n"
        '      - "1.\\t完善重大行政决策程序，规范决策行为。"\n',
    )
    assert warnings(content, text) == [
        f"{W}:12:9: sections[0].body[1]: 段首有 Word 项目符号“●”，请删除；"
        "网站不显示项目符号 (Word bullet '●' at the start of the paragraph: delete it)",
        f"{W}:13:9: sections[0].body[2]: 段落中有制表符（Tab），多是从 Word 复制"
        "编号（如“1.”后的 Tab）时带进来的，请删除 (tab character in the paragraph (after Word "
        "list numbering such as '1.'): delete it)",
    ]


def test_section_pasted_twice(content: Path) -> None:
    same = "[学法不够深入，干部依法行政能力有待进一步提升。]"
    text = COMPLETE.replace("body: [学法不够深入。]", f"body: {same}").replace(
        "body: [继续加强学法。]", f"body: {same}"
    )
    assert warnings(content, text) == [
        f"{W}:14:13: sections[3].title: 这一节的正文与第 12 行的一节完全相同，"
        "是否粘贴了两次？请删去重复的一节 (this section's text is the same as "
        "sections[1]'s (line 12): pasted twice? delete the copy)"
    ]


def test_paragraph_pasted_twice_compared_without_spaces_and_punctuation(content: Path) -> None:
    text = COMPLETE.replace(
        "      - 全镇培训干部120人次。\n",
        "      - 全镇培训干部120人次。\n"
        "      - 严格落实重大行政决策程序，全年未发生违法决策。\n"
        "      - 严格落实重大行政决策程序， 全年未发生违法决策\n",
    )
    assert warnings(content, text) == [
        f"{W}:13:9: sections[0].body[2]: 这一段与第 12 行的一段完全相同，"
        "是否粘贴了两次？请删去重复的一段 (this paragraph is the same as "
        "sections[0].body[1] (line 12): pasted twice? delete the copy)"
    ]
