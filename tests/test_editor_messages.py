"""Editors' slips, family by family: each in several places (a top-level key, a nested key,
a list item), each with its exact message at its line and column, and each message
followed literally: the corrected file passes `check`, or moves on to another problem."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINIMAL_REPORT, content  # noqa: F401  (fixture)
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.diagnostics import Diagnostic, place
from generator.load import LoadError, parse
from generator.walk import load_catalog

TODAY = dt.date(2026, 11, 28)
LINES = MINIMAL_REPORT.split("\n")
TITLE, SEC_TITLE, PART, ITEM, SIG_ISSUER, SIG_DATE = 1, 7, 8, 10, 19, 20
assert LINES[SIG_ISSUER - 1] == "  issuer: 测试镇人民政府"
assert LINES[ITEM - 1].startswith("      - ")


def edit(line: int, text: str) -> str:
    """MINIMAL_REPORT with line ``line`` (1-based) replaced by ``text``."""
    lines = list(LINES)
    lines[line - 1] = text
    return "\n".join(lines)


def errors(content: Path, text: str) -> list[str]:  # noqa: F811
    (content / "ceshi" / "zhen" / "2020.yml").write_text(text, encoding="utf-8")
    _, report = load_catalog(content, content.parent / "seeds", root=content.parent, today=TODAY)
    return [d.format().removeprefix("content/ceshi/zhen/2020.yml:") for d in report.errors]


COMMENT_ZH = (
    '“#”前有空格，YAML 会把“ #”和它后面的文字当作注释丢掉：请把整段文字放在英文引号 " " '
    "中，或删去“#”前的空格；如果是说明，请移到单独一行"
)
COMMENT_EN = (
    "' #' starts a comment, so the rest of the line would be dropped: put the whole text in "
    "straight quotes \" \", or remove the space before '#'; move a note to its own line"
)


def comment(named: str, field: str) -> str:
    """The message for a comment cutting text short, at a named place or a top-level field."""
    if named == field:
        return f"{field}: {COMMENT_ZH} ({COMMENT_EN})"
    return f"{named}: {COMMENT_ZH} ({field}: {COMMENT_EN})"


def fullwidth(key: str) -> str:
    return (
        f"键“{key}”后面应为半角冒号“:”，而不是全角“：”；冒号后再空一格，如“{key}: …” "
        f"(write an ASCII colon ':' after the key '{key}', not '：', then a space)"
    )


def no_space(key: str) -> str:
    return (
        f"键“{key}”的冒号后面缺少空格：应写成“{key}: …”（冒号后空一格） "
        f"(a space is missing after the colon of '{key}': write '{key}: ...')"
    )


def indent(has: int, above: int) -> str:
    return (
        f"缩进不对：这一行前面有 {has} 个空格，上面同一层用的是 {above} 个 "
        f"(wrong indentation: this line is indented {has} space(s), the block above {above})"
    )


def starts(char: str) -> str:
    return (
        f'值不能以“{char}”开头：请把整段文字放在英文引号 " " 中 '
        f"(a value cannot start with '{char}': put the whole text in straight quotes \" \")"
    )


CN_QUOTES = (
    '中文引号“”在这里不起作用：含冒号的文字请放在英文引号 " " 中（中文引号可以留在里面） '
    "(Chinese quotes do not quote in YAML: put text containing ':' in straight quotes \" \")"
)
DQUOTE = (
    '值以引号 " 开头，引号后面却还有文字：请把其中的 " 改成中文引号“”，或把整段文字放在 '
    "' ' 中 (the value starts with \" but goes on after the closing quote: use “” instead, "
    "or put the whole text in ' ')"
)
TAB = "列表的“-”后面不能用 Tab 键，请改成一个空格 (use a space, not a tab, after a list '-')"


def colon(named: str, field: str, key: str) -> str:
    return (
        f"{named}: 这段文字里的“{key}: ”有英文冒号加空格，YAML 把整段当成了“字段: 值”。"
        '请把英文冒号“:”改成中文冒号“：”，或把整段放在英文引号 "…" 中 '
        f"({field}: the ': ' after '{key}' made YAML read this paragraph as 'field: value': "
        "use the full-width colon '：' or put the whole paragraph in straight quotes)"
    )


def chinese_key(typed: str, english: str) -> str:
    return (
        f"未知字段：字段名要用英文，“{typed}”应写成“{english}” "
        f"(unknown field; field names are English: write '{english}' for '{typed}')"
    )


def quote(text: str, prefix: str) -> str:
    """Following "put the whole text in straight quotes": prefix "…" """
    return f'{prefix}"{text.removeprefix(prefix)}"'


Fix = Callable[[str], str]
# name → (line, bad line, expected "line:col: field: message", the advice followed)
CASES: dict[str, tuple[int, str, str, list[Fix]]] = {
    # 1. " #" inside unquoted text
    "comment/top": (
        TITLE,
        "title: 相关活动在微信公众号 #法治水田# 话题下发布",
        f"1:19: {comment('title', 'title')}",
        [lambda s: quote(s, "title: "), lambda s: s.replace(" #", "#")],
    ),
    "comment/nested": (
        SIG_ISSUER,
        "  issuer: 测试镇人民政府 #联合发文",
        f"19:19: {comment('落款单位', 'signature.issuer')}",
        [lambda s: quote(s, "  issuer: "), lambda s: s.replace(" #", "#")],
    ),
    "comment/item": (
        ITEM,
        "      - 全镇培训干部120人次。	#普法# 活动。",
        f"10:22: {comment('第一部分第 1 段', 'sections[0].body[0]')}",
        [lambda s: quote(s, "      - "), lambda s: s.replace("\t#", "#")],
    ),
    # 2. a full-width colon after a key
    "fullwidth/top": (
        TITLE,
        "title：测试镇人民政府2020年度法治政府建设情况报告",
        f"1:6: {fullwidth('title')}",
        [lambda s: s.replace("：", ": ", 1)],
    ),
    "fullwidth/nested": (
        SIG_DATE,
        "  date：2021-01-05",
        f"20:7: {fullwidth('date')}",
        [lambda s: s.replace("：", ": ", 1)],
    ),
    "fullwidth/item": (
        SEC_TITLE,
        "  - title：主要举措和成效",
        f"7:10: {fullwidth('title')}",
        [lambda s: s.replace("：", ": ", 1)],
    ),
    # no space after the colon
    "nospace/top": (
        TITLE,
        "title:测试镇人民政府2020年度法治政府建设情况报告",
        f"1:7: {no_space('title')}",
        [lambda s: s.replace(":", ": ", 1)],
    ),
    "nospace/nested": (
        SIG_ISSUER,
        "  issuer:测试镇人民政府",
        f"19:10: {no_space('issuer')}",
        [lambda s: s.replace(":", ": ", 1)],
    ),
    "nospace/item": (
        SEC_TITLE,
        "  - title:主要举措和成效",
        f"7:11: {no_space('title')}",
        [lambda s: s.replace(":", ": ", 1)],
    ),
    # indentation off by one or two
    "indent/top": (4, " year: 2020", f"4:2: {indent(1, 0)}", [lambda s: s.lstrip()]),
    "indent/nested": (
        SIG_DATE,
        "   date: 2021-01-05",
        f"20:4: {indent(3, 2)}",
        [lambda s: "  " + s.lstrip()],
    ),
    "indent/nested-less": (
        SIG_DATE,
        " date: 2021-01-05",
        f"20:2: {indent(1, 2)}",
        [lambda s: "  " + s.lstrip()],
    ),
    "indent/item": (
        PART,
        "      part: measures",
        f"8:7: {indent(6, 4)}",
        [lambda s: "    " + s.lstrip()],
    ),
    # Chinese quotes where YAML needs straight ones
    "cnquotes/top": (
        TITLE,
        "title: “测试镇: 2020年度法治政府建设情况报告”",
        f"1:12: {CN_QUOTES}",
        [lambda s: quote(s, "title: "), lambda s: s.replace("“", '"').replace("”", '"')],
    ),
    "cnquotes/nested": (
        SIG_ISSUER,
        "  issuer: “测试镇: 人民政府”",
        f"19:15: {CN_QUOTES}",
        [lambda s: quote(s, "  issuer: ")],
    ),
    "cnquotes/item": (
        SEC_TITLE,
        "  - title: “主要举措: 成效”",
        f"7:17: {CN_QUOTES}",
        [lambda s: quote(s, "  - title: ")],
    ),
    # a value starting with a YAML indicator
    "start/percent-top": (
        TITLE,
        "title: %测试镇2020年度报告",
        f"1:8: {starts('%')}",
        [lambda s: quote(s, "title: ")],
    ),
    "start/bracket-top": (
        TITLE,
        "title: [2020]测试镇年度报告",
        f"1:8: {starts('[')}",
        [lambda s: quote(s, "title: ")],
    ),
    "start/star-nested": (
        SIG_ISSUER,
        "  issuer: *测试镇人民政府",
        f"19:11: {starts('*')}",
        [lambda s: quote(s, "  issuer: ")],
    ),
    "start/bang-nested": (
        SIG_ISSUER,
        "  issuer: !测试镇 人民政府",
        f"19:11: {starts('!')}",
        [lambda s: quote(s, "  issuer: ")],
    ),
    "start/at-item": (
        ITEM,
        "      - @全镇培训干部120人次。",
        f"10:9: {starts('@')}",
        [lambda s: quote(s, "      - ")],
    ),
    "start/backtick-item": (
        ITEM,
        "      - `全镇`培训干部120人次。",
        f"10:9: {starts('`')}",
        [lambda s: quote(s, "      - ")],
    ),
    "start/quote-top": (
        TITLE,
        'title: "测试镇"2020年度报告',
        f"1:8: {DQUOTE}",
        [lambda s: s.replace('"', "“", 1).replace('"', "”", 1), lambda s: f"title: '{s[7:]}'"],
    ),
    # keys typed in Chinese
    "cnkey/top": (
        TITLE,
        "标题: 测试镇人民政府2020年度法治政府建设情况报告",
        f"1:1: 标题: {chinese_key('标题', 'title')}",
        [lambda s: s.replace("标题", "title", 1)],
    ),
    "cnkey/nested": (
        SIG_DATE,
        "  日期: 2021-01-05",
        f"20:3: signature.日期: {chinese_key('日期', 'date')}",
        [lambda s: s.replace("日期", "date", 1)],
    ),
    "cnkey/item": (
        SEC_TITLE,
        "  - 标题: 主要举措和成效",
        f"7:5: sections[0].标题: {chinese_key('标题', 'title')}",
        [lambda s: s.replace("标题", "title", 1)],
    ),
    # ": " inside a paragraph of a list: YAML reads the paragraph as a mapping
    "colon/item": (
        ITEM,
        "      - 依据: 《中华人民共和国行政处罚法》开展培训。",
        f"10:9: {colon('第一部分第 1 段', 'sections[0].body[0]', '依据')}",
        [lambda s: s.replace(": ", "：", 1), lambda s: quote(s, "      - ")],
    ),
    "colon/preamble": (
        5,
        "preamble:\n  - 现将有关情况报告如下: ",
        f"6:5: {colon('开头第 1 段', 'preamble[0]', '现将有关情况报告如下')}",
        [lambda s: s.replace(": ", "：").rstrip()],
    ),
    "colon/enumeration": (
        ITEM,
        "      - {lead: 一是, items: [培训: 120人次, 考试]}",
        f"10:28: {colon('第一部分第 1 段列举第 1 项', 'sections[0].body[0].items[0]', '培训')}",
        [lambda s: s.replace("培训: ", "培训：")],
    ),
    # a tab after a list dash
    "tab/item": (
        ITEM,
        "      -\t全镇培训干部120人次。",
        f"10:8: {TAB}",
        [lambda s: s.replace("\t", " ")],
    ),
    "tab/preamble": (
        5,
        "preamble:\n  -\t现将有关情况报告如下：",
        f"6:4: {TAB}",
        [lambda s: s.replace("\t", " ")],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_slip_gives_its_message_and_the_advice_works(content: Path, name: str) -> None:  # noqa: F811
    line, bad, expected, fixes = CASES[name]
    assert errors(content, edit(line, bad))[0] == expected
    for fix in fixes:
        after = errors(content, edit(line, fix(bad)))
        assert not after or after[0] != expected, (fix(bad), after)


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (4, "year: 2020  # 年度"),
        (PART, "    part: measures  # 主要举措和成效"),
        (SIG_DATE, "  date: 2021-01-05   # 落款日期"),
        (3, 'recipient: "区依法治区办"  # 主送机关'),
        (3, "recipient: 区依法治区办#主送"),
        (6, "sections:   # 正文各部分"),
        (6, "# 正文\nsections:"),
        (ITEM, "      - 全镇培训干部120人次。\n      # 下一段待补"),
    ],
)
def test_comments_that_lose_nothing_stay_accepted(content: Path, line: int, text: str) -> None:  # noqa: F811
    assert errors(content, edit(line, text)) == []


def test_an_empty_value_may_carry_a_hint(content: Path) -> None:  # noqa: F811
    """The scaffold's hints (``title:   # 文件标题``): the field is reported empty, no more."""
    assert errors(content, edit(3, "recipient:              # 主送机关")) == []
    assert errors(content, edit(TITLE, "title:                   # 文件标题")) == [
        "1:7: title: 不能为空 (must not be empty)"
    ]


@pytest.mark.parametrize(
    ("field", "named"),
    [
        ("sections[1].sections[2].body[0]", "第二部分（三）第 1 段"),
        ("sections[0].sections[1].sections[2].title", "第一部分（二）3.的标题"),
        ("sections[0].body[1].items[2]", "第一部分第 2 段列举第 3 项"),
        ("sections[3]", "第四部分"),
        ("metrics[2]", "主要数据第 3 项"),
        ("metrics[0].sentence", "主要数据第 1 项的原句"),
        ("preamble[0]", "开头第 1 段"),
        ("signature.date", "落款日期"),
        ("signature.issuer[1]", "落款单位第 2 项"),
        ("metadata.published", "发布日期"),
        ("changes[0].note", "更正记录第 1 项的说明"),
        ("title", None),  # a top-level field is named by its key
        ("sections[0].标题", None),  # an unknown key: the dotted path alone
        ("sections[99].title", None),  # past what a report may hold
    ],
)
def test_places_read_as_the_report_reads(field: str, named: str | None) -> None:
    assert place(field) == named


def test_a_named_place_keeps_the_dotted_path_in_english() -> None:
    diag = Diagnostic(
        "content/a/b/2020.yml",
        14,
        7,
        "sections[1].sections[2].body[0]",
        "不能为空",
        "must not be empty",
    )
    assert diag.format() == (
        "content/a/b/2020.yml:14:7: 第二部分（三）第 1 段: 不能为空 "
        "(sections[1].sections[2].body[0]: must not be empty)"
    )
    top = Diagnostic("content/a/b/2020.yml", 1, 7, "title", "不能为空", "must not be empty")
    assert top.format() == "content/a/b/2020.yml:1:7: title: 不能为空 (must not be empty)"


# What an editor may type after "title: " on one line without quoting it: any text but
# line breaks, not starting with a character YAML reserves (those get their own messages).
NULLS = ("~", "null", "Null", "NULL")
_INDICATORS = "-?:,[]{}#&*!|>'\"%@` \t"
_TYPED = st.lists(
    st.one_of(
        # Printable text of every script (refused characters have their own properties
        # in test_properties.py) …
        st.text(st.characters(whitelist_categories=("L", "N", "P", "S", "Zs")), max_size=8),
        # … and the pieces that change what a YAML line means, as editors type them.
        st.sampled_from([" #", "\t#", "#", ": ", ":", "：", " ", "“", "”", "'", '"', "黑溪镇"]),
    ),
    min_size=1,
    max_size=8,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=_TYPED)
def test_unquoted_text_is_kept_whole_or_refused(text: str) -> None:
    """Nothing an editor types is lost silently: unquoted text on a line is either read
    whole (YAML drops only the spaces around it) or refused with a located message, for
    any text Hypothesis makes, not only the examples above (a ' #' once dropped the rest
    of the line)."""
    assume(text.strip() and text[0] not in _INDICATORS)
    assume(text.strip() not in NULLS)
    try:
        data, refused = parse(f"title: {text}\n", Path("x.yml"), "x.yml").data, None
    except LoadError as exc:
        data, refused = None, exc.diag
    if refused is not None:  # refused: located, and worded for the editor
        assert refused.line == 1
        assert refused.zh
    elif data == {"title": None}:  # an empty value (null, ~) with a note after it: kept empty
        assert re.split(r"[ \t]#", text)[0].strip(" \t") in NULLS
    else:
        assert data == {"title": text.strip(" \t")}
