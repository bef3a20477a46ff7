"""Validate stage: typed records, every error located (file:line:col: field: 中文 (English))."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import MINIMAL_REPORT, REPO, run_cli

from generator.walk import load_catalog

TODAY = dt.date(2026, 11, 28)


def messages(content: Path) -> list[str]:
    _, report = load_catalog(content, content.parent / "seeds", root=content.parent, today=TODAY)
    return [d.format() for d in report.sorted()]


def write_report(content: Path, text: str, name: str = "2020.yml") -> None:
    (content / "ceshi" / "zhen" / name).write_text(text, encoding="utf-8")


def test_minimal_tree_is_valid(content: Path) -> None:
    site, report = load_catalog(content, content.parent / "seeds", today=TODAY)
    assert report.items == []
    assert [r.url_path for r in site.reports()] == ["ceshi/zhen/2020"]


def test_missing_required_field(content: Path) -> None:
    write_report(content, MINIMAL_REPORT.replace("\nissuer: 测试镇人民政府\n", "\n"))
    assert messages(content) == [
        "content/ceshi/zhen/2020.yml:1:1: issuer: 缺少必填字段 (field required)"
    ]


def test_unknown_key_suggests_the_right_one(content: Path) -> None:
    write_report(content, MINIMAL_REPORT.replace("recipient:", "recipeint:"))
    assert messages(content) == [
        "content/ceshi/zhen/2020.yml:3:1: recipeint: 未知字段，是否想写“recipient”？ "
        "(unknown field; did you mean 'recipient'?)"
    ]


def test_nested_unknown_key(content: Path) -> None:
    write_report(content, MINIMAL_REPORT.replace("    part: measures", "    prat: measures"))
    assert messages(content) == [
        "content/ceshi/zhen/2020.yml:8:5: sections[0].prat: 未知字段，是否想写“part”？ "
        "(unknown field; did you mean 'part'?)"
    ]


def test_empty_title(content: Path) -> None:
    write_report(content, MINIMAL_REPORT.replace("  - title: 主要举措和成效", "  - title:"))
    assert messages(content) == [
        "content/ceshi/zhen/2020.yml:7:11: 第一部分的标题: 不能为空 (sections[0].title: must not be empty)"
    ]


def test_wrong_type(content: Path) -> None:
    write_report(content, MINIMAL_REPORT.replace("recipient: 区依法治区办", "recipient: [a, b]"))
    assert messages(content) == [
        "content/ceshi/zhen/2020.yml:3:12: recipient: 应为一段文字 (expected text)"
    ]


def test_impossible_date(content: Path) -> None:
    write_report(content, MINIMAL_REPORT.replace("2021-01-05", "2021-02-30"))
    assert messages(content) == [
        "content/ceshi/zhen/2020.yml:20:9: 落款日期: 日期无效：“2021-02-30”，应写成 YYYY-MM-DD "
        "且确有此日 (signature.date: invalid date '2021-02-30', expected a real date as YYYY-MM-DD)"
    ]


def test_unknown_part(content: Path) -> None:
    write_report(content, MINIMAL_REPORT.replace("part: measures", "part: results"))
    assert messages(content) == [
        "content/ceshi/zhen/2020.yml:8:11: 第一部分的法定部分: 不认识的报告部分“results”："
        "请写以下之一：主要举措和成效、存在的不足和原因、党政主要负责人履行推进法治建设第一责任人"
        "职责情况、下一年度主要安排、其他需要报告的情况（或代码 measures、shortcomings、duty、"
        "plans、other） (sections[0].part: unknown part 'results': write one of measures, "
        "shortcomings, duty, plans, other or its Chinese name)"
    ]


def test_year_must_match_file_name(content: Path) -> None:
    write_report(
        content,
        MINIMAL_REPORT.replace("year: 2020", "year: 2019").replace("2021-01-10", "2020-01-10"),
    )
    assert messages(content) == [
        "content/ceshi/zhen/2020.yml:4:7: year: 年度 2019 与文件名 2020.yml 不一致 "
        "(year 2019 does not match file name 2020.yml)"
    ]


def test_future_year(content: Path) -> None:
    (content / "ceshi" / "zhen" / "2020.yml").unlink()
    write_report(
        content,
        MINIMAL_REPORT.replace("year: 2020", "year: 2030").replace("2021-01-05", "2031-01-05"),
        "2030.yml",
    )
    assert messages(content) == [
        "content/ceshi/zhen/2030.yml:4:7: year: 年度 2030 尚未到来 (year 2030 is in the future)"
    ]


def test_invisible_characters_rejected(content: Path) -> None:
    write_report(content, MINIMAL_REPORT.replace("全镇培训", "全镇\u202e培训", 1))
    assert messages(content) == [
        "content/ceshi/zhen/2020.yml:10:11: 第一部分第 1 段: 含有不可见的格式字符 U+202E "
        "RIGHT-TO-LEFT OVERRIDE，请删除 (sections[0].body[0]: contains invisible format character "
        "U+202E RIGHT-TO-LEFT OVERRIDE)"
    ]


def test_part_only_on_top_level(content: Path) -> None:
    nested = MINIMAL_REPORT.replace(
        "    body:\n      - 全镇培训干部120人次。\n",
        "    sections:\n      - title: 学法\n        part: duty\n        body: [全镇培训干部120人次。]\n",
    )
    write_report(content, nested)
    assert messages(content) == [
        "content/ceshi/zhen/2020.yml:11:15: 第一部分（一）的法定部分: part 只能用于顶层标题 "
        "(sections[0].sections[0].part: part is allowed on top-level sections only)"
    ]


def test_metric_sentence_must_be_verbatim(content: Path) -> None:
    write_report(
        content, MINIMAL_REPORT.replace("sentence: 全镇培训干部", "sentence: 全镇培训了干部")
    )
    assert messages(content) == [
        "content/ceshi/zhen/2020.yml:16:51: 主要数据第 1 项的原句: 这句话在正文中找不到，请从正文"
        "原样复制 (metrics[0].sentence: sentence not found verbatim in the report text)"
    ]


def test_missing_source_file(content: Path) -> None:
    write_report(
        content, MINIMAL_REPORT.replace("metrics:", "source: ceshi/zhen/2020.docx\nmetrics:")
    )
    assert messages(content) == [
        "content/ceshi/zhen/2020.yml:15:9: source: 在 seeds/ 中找不到原始文件 ceshi/zhen/2020.docx "
        "(source file ceshi/zhen/2020.docx not found in seeds/)"
    ]


def test_bad_folder_name(content: Path) -> None:
    (content / "ceshi" / "zhen").rename(content / "ceshi" / "Zhen Town")
    assert messages(content) == [
        "content/ceshi/Zhen Town:1:1: 目录名只能用小写字母、数字和连字符（拼音） "
        "(folder names must use a-z, 0-9 and '-')"
    ]


def test_missing_town_file(content: Path) -> None:
    (content / "ceshi" / "zhen" / "_town.yml").unlink()
    assert messages(content) == [
        "content/ceshi/zhen/_town.yml:1:1: 缺少镇街信息文件 _town.yml (missing _town.yml)"
    ]


def test_multiline_text_is_joined_without_spaces_between_chinese(content: Path) -> None:
    write_report(
        content,
        MINIMAL_REPORT.replace(
            "      - 全镇培训干部120人次。", "      - |\n        全镇培训\n        干部120人次。"
        ),
    )
    site, report = load_catalog(content, content.parent / "seeds", today=TODAY)
    assert report.items == []
    assert site.reports()[0].record.sections[0].body == ["全镇培训干部120人次。"]


def test_cli_reports_all_errors_of_all_files_at_once(content: Path) -> None:
    write_report(content, MINIMAL_REPORT.replace("year: 2020", "year: twenty"))
    (content / "ceshi" / "_district.yml").write_text("name: 测试区\ncode: abc\n", "utf-8")
    proc = run_cli(
        "--content",
        str(content),
        "--seeds",
        str(content.parent / "seeds"),
        "check",
        cwd=content.parent,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "content/ceshi/_district.yml:2:7: code: 行政区划代码应为 6 位数字" in proc.stderr
    assert (
        "content/ceshi/zhen/2020.yml:4:7: year: 应为整数 (expected a whole number)" in proc.stderr
    )
    assert "共 2 个错误" in proc.stderr


def test_cli_check_passes_on_the_repository() -> None:
    proc = run_cli("check")
    assert proc.returncode == 0, proc.stderr
    assert "检查通过" in proc.stdout


def test_schema_command_prints_json_schema() -> None:
    import json

    proc = run_cli("schema")
    schema = json.loads(proc.stdout)
    assert proc.returncode == 0
    assert schema["additionalProperties"] is False
    assert {"title", "issuer", "year", "sections", "metadata"} <= set(schema["properties"])
    assert set(schema["$defs"]["Disclosure"]["properties"]) == {
        "index_number",
        "doc_number",
        "topic",
        "genre",
        "written",
        "published",
        "validity",
    }
    # The printed schema is the committed one editors' tools read (schema/ is not stale).
    committed = json.loads((REPO / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    assert schema == committed


def test_check_given_paths(content: Path, tmp_path: Path) -> None:
    write_report(content, MINIMAL_REPORT.replace("year: 2020", "year: 20x0"))
    args = ("--content", str(content), "--seeds", str(content.parent / "seeds"), "check")
    town = run_cli(*args, str(content / "ceshi" / "zhen"), cwd=content.parent)
    assert town.returncode == 1
    assert "year: 应为整数" in town.stderr
    outside = run_cli(*args, str(tmp_path / "elsewhere.yml"), cwd=content.parent)
    assert outside.returncode == 1
    assert "不存在或不在内容目录" in outside.stderr
    assert "Traceback" not in outside.stderr
