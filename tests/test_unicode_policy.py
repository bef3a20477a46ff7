"""The Unicode policy (generator.text), tested as families: every refused category, the
hand-listed invisible characters, what must pass, line breaks YAML counts and editors do
not, links, dates and district codes; and page metadata that never falls back to Markdown.

Each family iterates over sample code points (or forms) rather than one example, so a
hole is a class, not a case.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import MINIMAL_DISTRICT, MINIMAL_REPORT, MINIMAL_TOWN, REPO
from mkdocs.utils.meta import get_data
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from generator.engines import mkdocs as mkdocs_engine
from generator.feed import atom
from generator.load import LoadError, parse
from generator.markup import front_matter
from generator.model import URL_PATTERN, URL_RE, District, Report, check_url, clean_text
from generator.render import render_site
from generator.text import INVISIBLE, char_name, describe, refusal, refusal_message, refused_at
from generator.tree import ReportEntry
from generator.validate import validate
from generator.walk import load_catalog
from generator.write import write_tree

TODAY = dt.date(2026, 11, 28)
RECORD = "content/ceshi/zhen/2020.yml"
BODY = "全镇培训干部120人次。"  # line 10 of MINIMAL_REPORT: "      - 全镇培训干部120人次。"
BODY_LINE, BODY_COL = 10, 9  # where that value starts
CATEGORIES = ["Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"]


def _samples() -> dict[str, list[str]]:
    """Up to 24 code points of every refused category, spread over its whole range,
    first and last included."""
    found: dict[str, list[str]] = {c: [] for c in CATEGORIES}
    for code in range(0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        if category in found:
            found[category].append(char)
    out = {}
    for category, chars in found.items():
        step = max(1, len(chars) // 23)
        out[category] = sorted({*chars[::step], chars[-1]})
    return out


SAMPLES = _samples()


def expected_refused(char: str) -> bool:
    """The policy by its definition (what generator.text must implement)."""
    code = ord(char)
    if char in "\t\n":
        return False
    noncharacter = 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE
    # planes 2 and 3: CJK ideographs newer than this Python pass
    return not (
        unicodedata.category(char) == "Cn" and 0x20000 <= code <= 0x3FFFD and not noncharacter
    )


def cases(category: str) -> list[str]:
    return [c for c in SAMPLES[category] if expected_refused(c)]


# ---- the policy itself -------------------------------------------------------------------


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_sample_of_a_refused_category_is_refused_and_named(category: str) -> None:
    assert len(cases(category)) >= (1 if category in ("Zl", "Zp") else 20)
    for char in cases(category):
        assert refusal(char) is not None, describe(char)
        zh, en = refusal_message(char)
        label = f"U+{ord(char):04X} {char_name(char)}"
        assert label in zh, zh
        assert label in en, en
        assert refused_at(f"前文{char}后文") == 2
        with pytest.raises(PydanticCustomError) as info:
            clean_text(f"前文{char}后文")
        assert label in str(info.value)


def test_code_point_labels_follow_unicode_for_unnamed_code_points() -> None:
    assert describe("\x07") == "U+0007 <control-0007>"
    assert describe("\x85") == "U+0085 <control-0085>"
    assert describe("\ud800") == "U+D800 <surrogate-D800>"
    assert describe("\ue000") == "U+E000 <private-use-E000>"
    assert describe("\ufdd0") == "U+FDD0 <noncharacter-FDD0>"
    assert describe("\U0010ffff") == "U+10FFFF <noncharacter-10FFFF>"
    assert describe("\u0378") == "U+0378 <reserved-0378>"
    assert describe("\u202e") == "U+202E RIGHT-TO-LEFT OVERRIDE"


NAMED_FORMAT = [
    "\u00ad",  # SOFT HYPHEN
    "\u061c",  # ARABIC LETTER MARK
    "\u180e",  # MONGOLIAN VOWEL SEPARATOR
    "\u200b",  # ZERO WIDTH SPACE
    "\u200c",  # ZERO WIDTH NON-JOINER
    "\u200d",  # ZERO WIDTH JOINER
    "\u200e",  # LEFT-TO-RIGHT MARK
    "\u200f",  # RIGHT-TO-LEFT MARK
    *"\u202a\u202b\u202c\u202d\u202e",  # embeddings, overrides, pop
    *"\u2060\u2061\u2062\u2063\u2064",  # word joiner, invisible operators
    *"\u2066\u2067\u2068\u2069",  # isolates
    *"\u206a\u206b\u206c\u206d\u206e\u206f",  # deprecated format characters
    "\ufeff",  # BYTE ORDER MARK (inside text)
    *"\ufff9\ufffa\ufffb",  # interlinear annotation
    "\U000110bd",  # KAITHI NUMBER SIGN
    "\U0001bca0",  # SHORTHAND FORMAT LETTER OVERLAP
    "\U0001d173",  # MUSICAL SYMBOL BEGIN BEAM
    *(chr(c) for c in range(0xE0000, 0xE0080) if unicodedata.category(chr(c)) == "Cf"),  # tags
]


@pytest.mark.parametrize("char", NAMED_FORMAT, ids=lambda c: f"U+{ord(c):04X}")
def test_every_well_known_format_character_is_refused(char: str) -> None:
    assert unicodedata.category(char) == "Cf"
    assert refusal(char) == ("不可见的格式字符", "invisible format character")


def invisible_list() -> list[str]:
    return [chr(c) for c in range(0x110000) if INVISIBLE.match(chr(c))]


def test_hand_listed_invisible_characters() -> None:
    listed = invisible_list()
    # Hangul fillers (Lo), CGJ, Khmer inherent vowels, Mongolian FVS, variation selectors
    # (Mn), braille blank and the null notehead (So): 4 + 1 + 2 + 4 + 16 + 240 + 2.
    assert len(listed) == 269
    assert {"\u115f", "\u1160", "\u3164", "\uffa0"} <= set(listed)
    for char in listed:
        assert unicodedata.category(char) in {"Lo", "Mn", "So"}
        assert refusal(char) == ("不可见字符", "invisible character")
        assert refused_at(f"黑溪{char}镇") == 2


ALLOWED = [
    "黑溪镇",  # CJK
    "㐀䶵",  # Extension A
    "\U00020000\U0002a6df",  # Extension B
    "\U0002b740\U0002ebe0",  # Extensions D, F
    "\U00030000\U0003134a",  # Extension G
    "\U00031350\U000323af",  # Extension H: unassigned in Python 3.11's tables, plane 3
    "\U0002ebf0\U0002ee5d",  # Extension I: unassigned here too, plane 2
    "\uf900\ufa6d",  # compatibility ideographs
    "\u2f00\u2fd5",  # Kangxi radicals
    "，。、；：？！“”‘’（）《》【】…—",  # Chinese punctuation
    "ＡＢＣ１２３",  # full-width forms
    "\u00a0\u3000\u2002\u2009\u202f",  # space separators (visible as space)
    "a\tb",  # tab, as YAML allows
    "甲\n乙",  # line feed (joined by the record)
    "Москва Ελλάδα عربى ཀ ᠮᠣᠩᠭᠣᠯ ꆈꌠ",  # other scripts (Mongolian letters without FVS)
    "e\u0301",  # a combining mark that is not default-ignorable
    "😀✔★①㊣",  # symbols (no variation selector)
    "\ufffd\ufffc",  # replacement and object replacement characters: visible
]


@pytest.mark.parametrize("text", ALLOWED)
def test_text_the_policy_accepts(text: str) -> None:
    assert refused_at(text) is None, describe(text[refused_at(text) or 0])
    assert clean_text(f"甲{text}乙")


def test_every_code_point_is_decided_by_category() -> None:
    """All 1,114,112 code points: refused exactly when the definition says so; and the
    fast path of refused_at (str.isprintable, once allowed spaces and controls are
    removed) can only pass a text when refusal() passes every character of it."""
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) in CATEGORIES:
            expected = expected_refused(char)
        else:
            expected = INVISIBLE.match(char) is not None
        refused = refusal(char) is not None
        assert refused == expected, describe(char)
        assert not refused or not char.isprintable() or INVISIBLE.match(char), describe(char)


def test_refused_at_finds_the_first_refused_character() -> None:
    """refused_at over runs of 512 consecutive code points (fast path and slow path)."""
    for start in range(0, 0x110000, 512):
        run = "".join(map(chr, range(start, start + 512)))
        first = next((i for i, c in enumerate(run) if refusal(c) is not None), None)
        assert refused_at(run) == first, hex(start)
        clean = "".join(c for c in run if refusal(c) is None)
        assert refused_at(clean) is None, hex(start)


# ---- through the loader: typed as they are, and escaped ----------------------------------


def errors(content: Path, text: str | bytes) -> list[str]:
    target = content / "ceshi" / "zhen" / "2020.yml"
    if isinstance(text, str):
        target.write_bytes(text.encode("utf-8", "surrogatepass"))
    else:
        target.write_bytes(text)
    _, diags = load_catalog(content, content.parent / "seeds", root=content.parent, today=TODAY)
    return [d.format() for d in diags.errors]


def yaml_reads(char: str) -> bool:
    """Whether YAML's reader takes ``char`` (else the file cannot be parsed, and the
    error names no field); line breaks are refused before YAML sees them."""
    if char in "\x85\u2028\u2029":
        return False
    try:
        yaml.load(f"a: x{char}y\n", Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return False
    return True


def literal_cases() -> list[str]:
    out = []
    for category in CATEGORIES:
        out += [c for c in cases(category) if category != "Cs"][:8]
    return out + invisible_list()[::30]


@pytest.mark.parametrize("char", literal_cases(), ids=lambda c: f"U+{ord(c):04X}")
def test_a_refused_character_typed_in_a_value_is_named_at_its_column(
    content: Path, char: str
) -> None:
    text = MINIMAL_REPORT.replace(BODY, "全镇" + char + BODY[2:], 1)
    (message,) = errors(content, text)
    zh, en = refusal_message(char)
    # YAML itself refuses C0/C1 controls and U+FFFE/FFFF; the line breaks are refused
    # before parsing; either way no field can be named, but the column is exact.
    named, field = ("第一部分第 1 段: ", "sections[0].body[0]: ") if yaml_reads(char) else ("", "")
    assert message == f"{RECORD}:{BODY_LINE}:{BODY_COL + 2}: {named}{zh} ({field}{en})"


@pytest.mark.parametrize(
    "char", [c for cat in CATEGORIES for c in cases(cat)[:6]], ids=lambda c: f"U+{ord(c):04X}"
)
def test_a_refused_character_escaped_in_a_value_is_refused_in_its_field(
    content: Path, char: str
) -> None:
    code = ord(char)
    escape = f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"
    text = MINIMAL_REPORT.replace(BODY, f'"全镇{escape}培训"', 1)
    (message,) = errors(content, text)
    assert message.startswith(f"{RECORD}:{BODY_LINE}:{BODY_COL}: ")
    if unicodedata.category(char) == "Cs":  # libyaml refuses the escape itself
        assert "YAML" in message
    else:
        zh, en = refusal_message(char)
        assert message.endswith(f"第一部分第 1 段: {zh} (sections[0].body[0]: {en})")


def test_a_surrogate_cannot_even_be_stored_in_a_utf8_file(content: Path) -> None:
    (message,) = errors(content, MINIMAL_REPORT.replace(BODY, "全镇\ud800培训", 1))
    assert message.startswith(f"{RECORD}:{BODY_LINE}:{BODY_COL + 2}: 文件不是 UTF-8 编码")


def test_a_lone_surrogate_in_text_given_to_the_parser_is_refused() -> None:
    with pytest.raises(LoadError) as info:
        parse("a: 1\nb: 前\ud800后\n", Path("r.yml"), "r.yml")
    assert str(info.value).startswith("r.yml:2:5: 含有代理码位 U+D800 <surrogate-D800>")


@pytest.mark.parametrize(
    ("where", "text", "expected"),
    [
        ("comment", "# 注释\u202e\ntitle: a\n", "r.yml:1:5: "),
        ("key", "title: a\nyea\u200br: 2020\n", "r.yml:2:4: yea\u200br: "),
        ("block scalar", "title: |\n  甲\n  乙\u2066丙\n", "r.yml:3:4: title: "),
        ("flow list", "a: [x, y\ufe0f]\n", "r.yml:1:9: a[1]: "),
        ("after an error", "a: [\nb: \u200b\n", "r.yml:2:4: "),
    ],
)
def test_refused_characters_are_refused_anywhere_in_the_file(
    where: str, text: str, expected: str
) -> None:
    with pytest.raises(LoadError) as info:
        parse(text, Path("r.yml"), "r.yml")
    assert str(info.value).startswith(expected), where


LINE_BREAKS = ["\x85", "\u2028", "\u2029", "\r"]


@pytest.mark.parametrize("char", LINE_BREAKS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("where", ["value", "comment", "quoted", "key"])
def test_line_breaks_yaml_counts_are_refused_at_the_line_an_editor_shows(
    char: str, where: str
) -> None:
    lines = ["title: 测试", "# 说明", "issuer: 测试镇", "year: 2020", "recipeint: x"]
    col = {"value": 12, "comment": 5, "quoted": 13, "key": 4}[where]
    if where == "value":
        lines[2] = f"issuer: 测试镇{char}人民政府"
    elif where == "comment":
        lines[1] = f"# 说明{char}更多"
    elif where == "quoted":
        lines[2] = f'issuer: "测试镇{char}人民政府"'
    else:
        lines[2] = f"iss{char}uer: 测试镇"
    line = 3 if where != "comment" else 2
    text = "\r\n".join(lines) + "\r\n"  # CRLF endings before it change nothing
    with pytest.raises(LoadError) as info:
        parse(text, Path("r.yml"), "r.yml")
    zh, en = refusal_message(char)
    assert str(info.value) == f"r.yml:{line}:{col}: {zh} ({en})"


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"], ids=lambda c: f"U+{ord(c):04X}")
def test_line_breaks_escaped_in_a_value_are_refused_in_their_field(
    content: Path, char: str
) -> None:
    escape = f"\\u{ord(char):04X}"
    text = MINIMAL_REPORT.replace(BODY, f'"全镇{escape}培训"', 1)
    zh, en = refusal_message(char)
    assert errors(content, text) == [
        f"{RECORD}:{BODY_LINE}:{BODY_COL}: 第一部分第 1 段: {zh} (sections[0].body[0]: {en})"
    ]
    assert "行号都会错位" in zh


def test_later_errors_keep_their_line_numbers_in_a_clean_file(content: Path) -> None:
    text = MINIMAL_REPORT.replace("recipient:", "recipeint:").replace("\n", "\r\n")
    assert errors(content, text) == [
        f"{RECORD}:3:1: recipeint: 未知字段，是否想写“recipient”？ "
        "(unknown field; did you mean 'recipient'?)"
    ]


# ---- links -------------------------------------------------------------------------------

GOOD_LINKS = [
    "https://www.cqqj.gov.cn/zwgk/2021/0105/123.html",
    "http://example.com",
    "http://example.com/",
    "https://example.com:8443/a/b?c=d&e=f#g",
    "https://example.com/%E6%8A%A5%E5%91%8A.pdf",
    "https://example.com/path;p=1?q=[1]&r=(2)",
    "https://xn--fiqs8s.xn--fiqz9s/",
    "https://example.com.",
    "/ceshi/zhen/2020/",
    "/a",
    "/files/report(1).pdf",
    "/%E6%8A%A5%E5%91%8A/",
    "/a//b",
    "/-/x",
]
# link → what the message says (a fragment of the Chinese part)
BAD_LINKS = {
    "javascript:alert(1)": "只能以 http://、https:// 或 / 开头",
    "JavaScript:alert(1)": "只能以 http://、https:// 或 / 开头",
    "data:text/html;base64,PHNjcmlwdD4=": "只能以 http://、https:// 或 / 开头",
    "vbscript:msgbox(1)": "只能以 http://、https:// 或 / 开头",
    "file:///etc/passwd": "只能以 http://、https:// 或 / 开头",
    "ftp://example.com/": "只能以 http://、https:// 或 / 开头",
    "HTTP://EXAMPLE.COM/": "只能以 http://、https:// 或 / 开头",
    "https:example.com": "只能以 http://、https:// 或 / 开头",
    "http:/example.com": "只能以 http://、https:// 或 / 开头",
    "#top": "只能以 http://、https:// 或 / 开头",
    "example.com": "只能以 http://、https:// 或 / 开头",
    "\\\\evil.com\\x": "只能以 http://、https:// 或 / 开头",
    "//evil.com/x": "不能以 // 或 /\\ 开头",
    "/\\evil.com": "不能以 // 或 /\\ 开头",
    "/\\/evil.com": "不能以 // 或 /\\ 开头",
    "///evil.com": "不能以 // 或 /\\ 开头",
    "/": "站内路径应为 / 加路径",
    "/?q=1": "站内路径应为 / 加路径",
    "/#x": "站内路径应为 / 加路径",
    "http://": "主机名",
    "http:///x": "主机名",
    "http://user@example.com/": "主机名",
    "http://user:pass@example.com/": "主机名",
    "https://good.com\\@evil.com/": "主机名",
    "https://good.com:443@evil.com/": "主机名",
    "http://[::1]/": "主机名",
    "http://example.com:123456/": "主机名",
    "http://-example.com/": "主机名",
    "http://例子.中国/": "主机名",
    "https://ex\u0430mple.com/": "主机名",  # Cyrillic а
    "http://example.com/中文": "不能直接写的字符“中”",
    "http://example.com/\uff0fx": "不能直接写的字符",  # full-width solidus
    "http://example.com/<script>": "不能直接写的字符“<”",
    'http://example.com/"onmouseover="x': '不能直接写的字符“"”',
    "http://example.com/`x`": "不能直接写的字符“`”",
    "http://example.com/a\\b": "不能直接写的字符“\\”",
    "http://example.com/{x}": "不能直接写的字符“{”",
    "/a^b": "不能直接写的字符“^”",
    "/a|b": "不能直接写的字符“|”",
    "http://exa mple.com/": "不能有空格或换行",
    "http://example.com/a b": "不能有空格或换行",
    " http://example.com/": "不能有空格或换行",
    "http://example.com/ ": "不能有空格或换行",
    "http://example.com/\u3000": "不能有空格或换行",
    "http://example.com/\u00a0": "不能有空格或换行",
    "/\u2002x": "不能有空格或换行",
    "http://example.com/\n": "控制字符 U+000A",
    "http://example.com/\t": "控制字符 U+0009",
    "http://example.com/\r\n": "控制字符 U+000D",
    "http://example.com/\x00": "控制字符 U+0000",
    "http://example.com/\x85": "U+0085",
    "http://example.com/\u2028": "U+2028",
    "http://example.com/\u202e": "格式字符 U+202E",
    "http://\u202eexample.com/": "格式字符 U+202E",
    "http://example.com/\u200b": "格式字符 U+200B",
    "/\u200bx": "格式字符 U+200B",
    "/x\u2066": "格式字符 U+2066",
    "http://example.com/\U000e0041": "格式字符 U+E0041",
    "http://example.com/\ufeff": "格式字符 U+FEFF",
    "http://example.com/\u3164": "不可见字符 U+3164",
    "http://example.com/\ue000": "私用区字符 U+E000",
    "http://example.com/\ufffe": "非字符码位 U+FFFE",
    "http://example.com/\ud800": "代理码位 U+D800",
}


@pytest.mark.parametrize("url", GOOD_LINKS)
def test_links_accepted(url: str) -> None:
    assert check_url(url) == url
    assert jsonschema.Draft202012Validator({"pattern": URL_PATTERN}).is_valid(url)


@pytest.mark.parametrize("url", list(BAD_LINKS), ids=lambda u: ascii(u)[1:-1][:40])
def test_links_refused_with_the_reason(url: str) -> None:
    with pytest.raises(PydanticCustomError) as info:
        check_url(url)
    assert BAD_LINKS[url] in str(info.value)
    assert URL_RE.match(url) is None


def test_schema_pattern_is_the_python_pattern() -> None:
    assert URL_PATTERN.startswith("^")
    assert URL_PATTERN.endswith("$")
    assert URL_RE.pattern == "\\A" + URL_PATTERN[1:-1] + "\\Z"
    committed = json.loads((REPO / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    assert committed["properties"]["original_url"]["pattern"] == URL_PATTERN
    schema = jsonschema.Draft202012Validator({"pattern": URL_PATTERN})
    for url in BAD_LINKS:
        if not url.endswith("\n"):  # Python's $ (jsonschema's engine) allows one final \n
            assert not schema.is_valid(url), url


def test_a_bad_link_in_a_record_is_located(content: Path) -> None:
    text = MINIMAL_REPORT.replace("preamble:", 'original_url: "/\\\\evil.com"\npreamble:')
    assert errors(content, text) == [
        f"{RECORD}:5:15: original_url: 站内路径不能以 // 或 /\\ 开头：浏览器会把它当作另一个网站 "
        "(a site path cannot start with // or /\\: browsers read it as another site)"
    ]


# ---- dates -------------------------------------------------------------------------------

BAD_DATES = [
    "0",
    "1",
    "20210105",
    "1609804800",
    "2021-1-5",
    "2021-01-5",
    " 2021-01-05",
    "2021-01-05 ",
    "2021-01-05T00:00:00",
    "2021-01-05T00:00:00Z",
    "2021-01-05 00:00:00",
    "2021/01/05",
    "2021.01.05",
    "2021年1月5日",
    "２０２１-０１-０５",
    "٢٠٢١-٠١-٠٥",
    "+2021-01-05",
    "-2021-01-05",
    "2021-W01-2",
    "2021-005",
    "21-01-05",
    "2021-02-30",
    "2021-13-01",
    "2021-00-10",
    "0000-01-01",
    "1e9",
    "true",
]
DATE_FIELDS = {
    "metadata.written": ("metadata:\n  written: {v}\n", "metadata.written"),
    "metadata.published": ("metadata:\n  published: {v}\n", "metadata.published"),
    "signature.date": (None, "signature.date"),
    "changes[0].date": ("changes:\n  - {{date: {v}, note: 更正错字。}}\n", "changes[0].date"),
}


def with_date(field: str, value: str) -> str:
    quoted = json.dumps(value, ensure_ascii=False)
    block, _ = DATE_FIELDS[field]
    if block is None:
        return MINIMAL_REPORT.replace("date: 2021-01-05", f"date: {quoted}")
    # The record's own one-line metadata block gives way to the one under test.
    text = MINIMAL_REPORT.replace("metadata: {published: 2021-01-10}\n", "")
    return text.replace("preamble:", block.format(v=quoted) + "preamble:")


def date_errors(text: str) -> list[str]:
    loaded = parse(text, Path("r.yml"), "r.yml")
    _, diags = validate(loaded, Report)
    return [f"{d.field}: {d.zh} ({d.en})" for d in diags]


@pytest.mark.parametrize("field", list(DATE_FIELDS))
@pytest.mark.parametrize("value", BAD_DATES)
def test_dates_are_accepted_only_as_yyyy_mm_dd(field: str, value: str) -> None:
    assert date_errors(with_date(field, value)) == [
        f"{DATE_FIELDS[field][1]}: 日期无效：“{value}”，应写成 YYYY-MM-DD 且确有此日 "
        f"(invalid date '{value}', expected a real date as YYYY-MM-DD)"
    ]


@pytest.mark.parametrize("field", list(DATE_FIELDS))
@pytest.mark.parametrize("value", ["2021-01-05", "2020-02-29", "2000-12-31"])
def test_real_iso_dates_pass(field: str, value: str) -> None:
    assert date_errors(with_date(field, value)) == []


def test_a_huge_date_is_not_echoed_whole() -> None:
    (message,) = date_errors(with_date("signature.date", "2" * 100_000))
    assert "“" + "2" * 40 + "…”" in message
    assert len(message) < 300


def test_an_unquoted_zero_is_no_longer_1970(content: Path) -> None:
    text = MINIMAL_REPORT.replace("date: 2021-01-05", "date: 0")
    assert errors(content, text) == [
        f"{RECORD}:20:9: 落款日期: 日期无效：“0”，应写成 YYYY-MM-DD 且确有此日 "
        "(signature.date: invalid date '0', expected a real date as YYYY-MM-DD)"
    ]


# ---- district codes ----------------------------------------------------------------------

BAD_CODES = {
    "５００１１４": "须用半角数字",  # full-width digits
    "５00114": "须用半角数字",
    "٥٠٠١١٤": "应为 6 位数字",  # Arabic-Indic digits (a Unicode \d)
    "५००११४": "应为 6 位数字",  # Devanagari digits
    "𝟓𝟎𝟎𝟏𝟏𝟒": "须用半角数字",  # mathematical digits (NFKC folds them)
    "50011": "应为 6 位数字",
    "5001140": "应为 6 位数字",
    "50011a": "应为 6 位数字",
    "500 114": "应为 6 位数字",
    " 500114": "应为 6 位数字",
    "500114\n": "应为 6 位数字",
    "-50011": "应为 6 位数字",
    "+500114": "应为 6 位数字",
}


@pytest.mark.parametrize("code", list(BAD_CODES), ids=ascii)
def test_district_codes_are_six_ascii_digits(code: str) -> None:
    with pytest.raises(ValidationError) as info:
        District.model_validate({"name": "测试区", "code": code})
    assert BAD_CODES[code] in str(info.value)


def test_district_code_accepted_and_located(content: Path) -> None:
    assert District.model_validate({"name": "测试区", "code": "500114"}).code == "500114"
    (content / "ceshi" / "_district.yml").write_text("name: 测试区\ncode: ５００１１４\n", "utf-8")
    _, diags = load_catalog(content, content.parent / "seeds", root=content.parent, today=TODAY)
    assert [d.format() for d in diags.errors] == [
        "content/ceshi/_district.yml:2:7: code: 行政区划代码须用半角数字（不能用全角数字） "
        "(the division code must use ASCII digits, not full-width ones)"
    ]


# ---- page metadata never falls back to Markdown; the feed stays well-formed --------------

# Code points that made front matter unparseable (or changed) when written as JSON with
# ensure_ascii=False, or when written with ensure_ascii=True (astral characters become
# surrogate pairs, which libyaml refuses), and their neighbours.
DANGEROUS = [
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x80",
    "\x85",
    "\x9f",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufdd0",
    "\ufdef",
    "\ufffe",
    "\uffff",
    "\ue000",
    "\U000f0000",
    "\U0010fffe",
    "\U0001fffe",
    "\U00020000",  # CJK Extension B
    "\U0001f600",
    "\U000e0001",
    "\u202e",
    "\u0378",
    "\t",
    "\r",
    '"',
    "\\",
    "\n---\n",
]


@pytest.mark.parametrize("char", DANGEROUS, ids=lambda c: ascii(c)[1:-1])
def test_front_matter_is_printable_ascii_and_parses_back(char: str) -> None:
    value = f"测试镇人民政府{char}<script>x</script>2020年度报告"
    line = front_matter({"t": value, "rows": [["文件标题", value]]})
    assert all(" " <= c <= "~" for c in line), line
    for loader in (yaml.SafeLoader, yaml.CSafeLoader):
        assert yaml.load(f"x: {line}\n", Loader=loader) == {
            "x": {"t": value, "rows": [["文件标题", value]]}
        }
    doc, meta = get_data(f"---\ngk_title: {front_matter(value)}\n---\n\n# 正文\n")
    assert meta == {"gk_title": value}
    assert doc == "# 正文\n"


def test_front_matter_refuses_what_no_yaml_can_hold() -> None:
    with pytest.raises(ValueError, match="U\\+D800"):
        front_matter("前\ud800后")


@pytest.fixture(scope="module")
def unvalidated_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A real MkDocs build of one report page per dangerous code point in its title, its
    issuer and its metadata, bypassing validation (which refuses most of them): the
    pages prove the front matter holds whatever reaches it."""
    root = tmp_path_factory.mktemp("unvalidated")
    content, seeds = root / "content", root / "seeds"
    (content / "ceshi" / "zhen").mkdir(parents=True)
    seeds.mkdir()
    (content / "ceshi" / "_district.yml").write_text(MINIMAL_DISTRICT, encoding="utf-8")
    (content / "ceshi" / "zhen" / "_town.yml").write_text(MINIMAL_TOWN, encoding="utf-8")
    (content / "ceshi" / "zhen" / "2020.yml").write_text(MINIMAL_REPORT, encoding="utf-8")
    catalog, diags = load_catalog(content, seeds, today=TODAY)
    assert diags.errors == []
    town = catalog.districts[0].towns[0]
    (first,) = town.reports
    titles = []
    for i, char in enumerate(DANGEROUS):
        title = f"测试镇人民政府{char}<script>window.__pwned=1</script>报告"
        meta = first.record.metadata.model_copy(update={"topic": f"主题{char}**粗体**"})
        record = first.record.model_copy(
            update={"title": title, "issuer": [f"测试镇{char}人民政府"], "metadata": meta}
        )
        town.reports.append(ReportEntry(town, 2001 + i, record, first.path, ("", i, 0)))
        titles.append(title)
    docs = root / "work" / "docs"
    write_tree(render_site(catalog, seeds, today=TODAY), docs)
    proc = mkdocs_engine(REPO / "mkdocs.yml", root / "site", content, seeds, docs, None)
    assert proc.returncode == 0, proc.stderr
    return root / "site", titles


@pytest.mark.parametrize("index", range(len(DANGEROUS)), ids=lambda i: ascii(DANGEROUS[i])[1:-1])
def test_mkdocs_parses_the_metadata_of_every_dangerous_title(
    unvalidated_site: tuple[Path, list[str]], index: int
) -> None:
    site, titles = unvalidated_site
    html = (site / "ceshi" / "zhen" / str(2001 + index) / "index.html").read_text("utf-8")
    page = BeautifulSoup(html, "html.parser")
    box = page.select_one("section.gk-meta")
    assert box is not None  # MkDocs parsed the front matter
    article = page.select_one("article").get_text()
    assert "gk_report" not in article
    assert "gk_meta" not in article
    assert "window.__pwned" not in "".join(s.get_text() for s in page.find_all("script"))
    assert page.select("section.gk-meta strong") == []
    shown = box.get_text()
    title = titles[index]
    # What the page shows is what the record holds (HTML may normalise CR and NUL).
    if DANGEROUS[index] not in "\x00\r":
        assert title in shown
        assert page.title.get_text().startswith(title)


@pytest.mark.parametrize("char", DANGEROUS, ids=lambda c: ascii(c)[1:-1])
def test_the_feed_stays_well_formed_whatever_reaches_it(content: Path, char: str) -> None:
    catalog, _ = load_catalog(content, content.parent / "seeds", today=TODAY)
    (entry,) = catalog.reports()
    entry.record = entry.record.model_copy(
        update={
            "title": f"标题{char}]]><x/>&amp;",
            "issuer": [f"机构{char}", "<b>"],
            "preamble": [f"开头{char}" * 100],
        }
    )
    feed = ET.fromstring(atom(catalog, "站点<标题>&"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    title = feed.find("a:entry/a:title", ns)
    assert title is not None
    assert title.text is not None
    if refusal(char[0], "\t\n\r") is None:  # what a record may hold arrives unchanged
        assert title.text == f"标题{char}]]><x/>&amp;"
    assert feed.find("a:title", ns).text == "站点<标题>&"  # type: ignore[union-attr]
