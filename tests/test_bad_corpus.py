"""The bad-input corpus (tests/bad/*.yml): each file's exact error, and the JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import REPO, content  # noqa: F401  (fixture)

from generator.walk import load_catalog

BAD = REPO / "tests" / "bad"
TODAY = dt.date(2026, 11, 28)

# file → the one error an editor sees (file:line:col: field: 中文 (English), path trimmed).
EXPECTED = {
    "anchor_alias": "6:11: 不支持锚点和别名（& 与 *），请直接写出内容 (anchors and aliases (& and *) are not allowed)",
    "bad_indentation": "7:4: 缩进不对：这一行前面有 3 个空格，上面同一层用的是 2 个 (wrong indentation: this line is indented 3 space(s), the block above 2)",
    "bidi_override": "6:14: 第一部分第 1 段: 含有不可见的格式字符 U+202E RIGHT-TO-LEFT OVERRIDE，请删除 (sections[0].body[0]: contains invisible format character U+202E RIGHT-TO-LEFT OVERRIDE)",
    "billion_laughs": "1:4: 不支持锚点和别名（& 与 *），请直接写出内容 (anchors and aliases (& and *) are not allowed)",
    "comments_only": "1:1: 文件为空（或只有注释） (file is empty or holds only comments)",
    "control_character": "6:14: 含有控制字符 U+0007 <control-0007>，请删除 (contains control character U+0007 <control-0007>)",
    "data_url": "7:15: original_url: 网址只能以 http://、https:// 或 / 开头 (links must be http(s):// or site-relative (/...))",
    "deep_nesting": "1:48: 嵌套层级过深（超过 40 层） (nesting deeper than 40 levels)",
    "duplicate_key": "4:1: 键“year”重复（第 3 行和第 4 行） (duplicate key 'year' (lines 3 and 4))",
    "empty": "1:1: 文件为空（或只有注释） (file is empty or holds only comments)",
    "empty_required": "2:9: issuer[0]: 不能为空 (must not be empty)",
    "escaped_control_character": "6:12: 第一部分第 1 段: 含有控制字符 U+0007 <control-0007>，请删除 (sections[0].body[0]: contains control character U+0007 <control-0007>)",
    "impossible_date": "9:9: 落款日期: 日期无效：“2021-02-30”，应写成 YYYY-MM-DD 且确有此日 (signature.date: invalid date '2021-02-30', expected a real date as YYYY-MM-DD)",
    "javascript_url": "7:15: original_url: 网址只能以 http://、https:// 或 / 开头 (links must be http(s):// or site-relative (/...))",
    "missing_required": "1:1: issuer: 缺少必填字段 (field required)",
    "null_required": "2:9: issuer: 不能为空 (must not be empty)",
    "several_documents": "7:1: 一个文件只能有一份记录（发现多个 --- 文档） (only one YAML document per file)",
    "source_traversal": "7:9: source: 在 seeds/ 中找不到原始文件 ../../../etc/passwd (source file ../../../etc/passwd not found in seeds/)",
    "truncated": "6:1: signature: 缺少落款（署名单位和日期）：正式发布的报告必须有落款。文件是否不完整？尚未完成的报告请写 draft: true (no signature (issuer and date): a published report must have one; is the file cut short? mark an unfinished report with draft: true)",
    "tab_indentation": "5:1: 不能用 Tab 键缩进，请改用空格 (tabs cannot be used for indentation; use spaces)",
    "tag_binary": "4:12: 不支持的标签 !!binary，请删除它 (unsupported tag !!binary)",
    "tag_python": "4:12: 不支持的标签 !!python/object/apply:os.system，请删除它 (unsupported tag !!python/object/apply:os.system)",
    "tag_set": "4:12: 不支持的标签 !!set，请删除它 (unsupported tag !!set)",
    "top_level_list": "1:1: 文件顶层应为“字段: 值”映射，而不是列表或文字 (the top level must be a mapping of fields)",
    "unclosed_quote": "4:12: 引号没有闭合 (a quoted string is not closed)",
    "unknown_key": "4:1: recipeint: 未知字段，是否想写“recipient”？ (unknown field; did you mean 'recipient'?)",
    "unquoted_colon": '1:10: 此处不能出现冒号“: ”；含冒号的文字请放在英文引号 " " 中 (a colon is not allowed here; put text containing \': \' in straight quotes " ")',
    "wrong_type": "3:7: year: 应为整数 (expected a whole number)",
    "year_before_2000": "3:7: year: 1999 太小，应不小于 2000 (1999 is below the minimum 2000)",
    "zero_width": "2:12: issuer: 含有不可见的格式字符 U+200B ZERO WIDTH SPACE，请删除 (contains invisible format character U+200B ZERO WIDTH SPACE)",
    # Slips editors make (messages in generator/load.py and messages.py).
    "comment_in_text": "7:21: closing: “#”前有空格，YAML 会把“ #”和它后面的文字当作注释丢掉：请把整段文字放在英文引号 \" \" 中，或删去“#”前的空格；如果是说明，请移到单独一行 (' #' starts a comment, so the rest of the line would be dropped: put the whole text in straight quotes \" \", or remove the space before '#'; move a note to its own line)",
    "fullwidth_colon": "1:6: 键“title”后面应为半角冒号“:”，而不是全角“：”；冒号后再空一格，如“title: …” (write an ASCII colon ':' after the key 'title', not '：', then a space)",
    "no_space_after_colon": "1:7: 键“title”的冒号后面缺少空格：应写成“title: …”（冒号后空一格） (a space is missing after the colon of 'title': write 'title: ...')",
    "indentation_off_by_one": "6:6: 缩进不对：这一行前面有 5 个空格，上面同一层用的是 4 个 (wrong indentation: this line is indented 5 space(s), the block above 4)",
    "chinese_quotes": '1:12: 中文引号“”在这里不起作用：含冒号的文字请放在英文引号 " " 中（中文引号可以留在里面） (Chinese quotes do not quote in YAML: put text containing \':\' in straight quotes " ")',
    "value_starts_with_percent": '1:8: 值不能以“%”开头：请把整段文字放在英文引号 " " 中 (a value cannot start with \'%\': put the whole text in straight quotes " ")',
    "value_starts_with_bracket": '1:8: 值不能以“[”开头：请把整段文字放在英文引号 " " 中 (a value cannot start with \'[\': put the whole text in straight quotes " ")',
    "chinese_key": "1:1: 标题: 未知字段：字段名要用英文，“标题”应写成“title” (unknown field; field names are English: write 'title' for '标题')",
    "tab_after_dash": "7:8: 列表的“-”后面不能用 Tab 键，请改成一个空格 (use a space, not a tab, after a list '-')",
}
# Cases a schema-aware text editor catches too (the rest are YAML- or file-level).
SCHEMA_LEVEL = [
    "missing_required",
    "null_required",
    "empty_required",
    "wrong_type",
    "unknown_key",
    "year_before_2000",
    "javascript_url",
    "data_url",
    "chinese_key",
]


def test_every_corpus_file_has_an_expectation() -> None:
    assert sorted(p.stem for p in BAD.glob("*.yml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_gives_its_exact_error(content: Path, name: str) -> None:  # noqa: F811
    target = content / "ceshi" / "zhen" / "2020.yml"
    shutil.copy(BAD / f"{name}.yml", target)
    _, report = load_catalog(content, content.parent / "seeds", root=content.parent, today=TODAY)
    assert [d.format() for d in report.errors] == [f"content/ceshi/zhen/2020.yml:{EXPECTED[name]}"]


class Yaml12Loader(yaml.SafeLoader):
    """YAML as editors' tools read it (1.2 core schema): dates and yes/no stay strings."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def schema(kind: str) -> jsonschema.Validator:
    data = json.loads((REPO / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(data, format_checker=jsonschema.FormatChecker())


def kind_of(path: Path) -> str:
    return {"_district.yml": "district", "_town.yml": "town"}.get(path.name, "report")


def test_every_content_record_validates_against_the_committed_schema() -> None:
    records = sorted((REPO / "content").rglob("*.yml"))
    assert [p.relative_to(REPO / "content").as_posix() for p in records] == [
        "qianjiang/_district.yml",
        "qianjiang/heixi/2020.yml",
        "qianjiang/heixi/_town.yml",
    ]
    for path in records:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
        errors = list(schema(kind_of(path)).iter_errors(data))
        assert errors == [], f"{path}: {[e.message for e in errors]}"


@pytest.mark.parametrize("name", SCHEMA_LEVEL)
def test_schema_rejects_schema_level_bad_input(name: str) -> None:
    data = yaml.load((BAD / f"{name}.yml").read_text(encoding="utf-8"), Loader=Yaml12Loader)
    assert list(schema("report").iter_errors(data)), f"schema accepted {name}"
