"""An editor alone: `new` writes a draft to fill in, `clean` cleans text pasted from Word
or a PDF, and `part:` takes the parts' Chinese names."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import MINIMAL_REPORT, REPO, run_cli

from generator.importer.clean import is_page_number, page_number_in
from generator.walk import load_catalog

SEED = REPO / "seeds" / "qianjiang" / "heixi" / "2020.txt"  # its end: a PDF copy, broken up


def clean(text: str) -> subprocess.CompletedProcess[str]:
    """`python -m generator clean`, the text pasted on standard input."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "generator", "clean"],
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )


# ---- clean ------------------------------------------------------------------------------


def test_clean_joins_the_broken_lines_of_a_real_pdf_copy(tmp_path: Path) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = lines.index(" 1.")  # up to "2. 强化队伍建设。", split over eight lines
    pasted = tmp_path / "pasted.txt"
    pasted.write_text("\n".join(lines[start : lines.index("全镇", start)]), encoding="utf-8")
    proc = run_cli("clean", str(pasted))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        '- "1.强化组织领导。"',
        '- "我镇党委、政府高度重视法治政府建设工作，成立了以党工委书记为组长，分管领导为'
        "副组长的工作领导小组，明确了党工委书记为依法行政工作第一责任人，各分管领导为工作"
        '落实具体责任人。"',
        '- "工作领导小组定期召开会议，研究部署推进法治建设工作。"',
        '- "2.强化队伍建设。"',
    ]
    assert "共 4 段" in proc.stderr


def test_clean_removes_page_numbers_bullets_and_tabs_and_says_so() -> None:
    proc = clean(
        "我镇党委、政府高度重视法治政府建\n\n设\n- 2 -\n工作，成立了领导小组。\n"
        "第 3 页 共 10 页\n● 组织开展宪法宣传周活动。\n1.\t完善重大行政决策程序。\n"
        "全镇\n6\n个村（社区）都设有法治建设联络员。\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        '- "我镇党委、政府高度重视法治政府建设工作，成立了领导小组。"',
        '- "组织开展宪法宣传周活动。"',
        '- "1.完善重大行政决策程序。"',
        '- "全镇6个村（社区）都设有法治建设联络员。"',  # a lone figure is not a page number
    ]
    assert proc.stderr.splitlines()[:2] == [
        "已删除页码行：- 2 -、第 3 页 共 10 页 (removed page-number lines: - 2 -、第 3 页 共 10 页)",
        "已删除 Word 列表符号：●、数字后的制表符（共 2 处） (removed Word list marks: 2)",
    ]


def test_what_clean_prints_is_a_record_without_advice(content: Path) -> None:
    proc = clean("● 组织开展宪法宣传周活动，\n- 2 -\n覆盖全镇 # 各村社区。\n")
    item = proc.stdout.strip()
    assert item == '- "组织开展宪法宣传周活动，覆盖全镇#各村社区。"'
    text = MINIMAL_REPORT.replace(
        "      - 全镇培训干部120人次。\n", f"      - 全镇培训干部120人次。\n      {item}\n"
    )
    (content / "ceshi" / "zhen" / "2020.yml").write_text(text, encoding="utf-8")
    _, diags = load_catalog(content, content.parent / "seeds", root=content.parent)
    assert [d.format() for d in diags.items] == []


def test_one_list_of_page_numbers() -> None:
    """The PDF reader drops a lone number in a footer; pasted text keeps it (a figure)."""
    assert all(map(is_page_number, ["- 2 -", "第2页 共10页", "2/10"]))
    assert is_page_number("6", bare=True)
    assert not is_page_number("6")
    assert page_number_in("建设。- 12 -工作") == "- 12 -"
    assert page_number_in("（2016-2020年）") is None
    assert page_number_in("完成3/4的任务") is None


# ---- part: by Chinese name ----------------------------------------------------------------


def _parts(content: Path, text: str) -> list[str]:
    (content / "ceshi" / "zhen" / "2020.yml").write_text(text, encoding="utf-8")
    catalog, diags = load_catalog(
        content, content.parent / "seeds", root=content.parent, today=dt.date(2026, 11, 28)
    )
    assert diags.errors == []
    return [s.part for r in catalog.reports() for s in r.record.sections]


def test_part_takes_the_chinese_names(content: Path) -> None:
    text = (
        MINIMAL_REPORT.replace("part: measures", "part: 主要举措和成效")
        .replace("part: shortcomings", "part: 不足")
        .replace("part: duty", "part: 第一责任人")
        .replace("part: plans", "part: 下一年度安排")
        .replace("part: other", "part: 其他")
    )
    assert _parts(content, text) == ["measures", "shortcomings", "duty", "plans", "other"]


def test_an_unknown_part_lists_the_chinese_names(content: Path) -> None:
    (content / "ceshi" / "zhen" / "2020.yml").write_text(
        MINIMAL_REPORT.replace("part: measures", "part: 措施"), encoding="utf-8"
    )
    _, diags = load_catalog(content, content.parent / "seeds", root=content.parent)
    assert [f"{d.line}:{d.col}: {d.field}: {d.zh} ({d.en})" for d in diags.errors] == [
        "8:11: sections[0].part: 不认识的报告部分“措施”：请写以下之一："
        "主要举措和成效、存在的不足和原因、党政主要负责人履行推进法治建设第一责任人职责情况、"
        "下一年度主要安排、其他需要报告的情况（或代码 measures、shortcomings、duty、plans、other） "
        "(unknown part '措施': write one of measures, shortcomings, duty, plans, other "
        "or its Chinese name)"
    ]


@pytest.mark.parametrize("part", ["measures", "主要举措和成效", "不足", "其他"])
def test_the_schema_takes_the_chinese_names(part: str) -> None:
    schema = json.loads((REPO / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    section = {"title": "标题", "part": part, "body": ["正文。"]}
    only = {"$defs": schema["$defs"], "$ref": "#/$defs/Section"}
    jsonschema.validate(section, only)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**section, "part": "措施"}, only)


# ---- new --------------------------------------------------------------------------------


def new(root: Path, town: str, name: str) -> subprocess.CompletedProcess[str]:
    args = ("--district", "qianjiang", "--town", town, "--year", "2021")
    names = ("--district-name", "黔江区", "--town-name", name)
    return run_cli("new", *args, *names, cwd=root)


@pytest.mark.parametrize(
    ("name", "kind"), [("黑溪镇", "镇"), ("石会乡", "乡"), ("城东街道", "街道"), ("区司法局", "")]
)
def test_new_infers_the_town_kind_as_import_does(tmp_path: Path, name: str, kind: str) -> None:
    assert new(tmp_path, "heixi", name).returncode == 0
    town = (tmp_path / "content" / "qianjiang" / "heixi" / "_town.yml").read_text("utf-8")
    assert f"name: {name}\n" in town
    assert town.endswith(f"kind: {kind}\n")


def test_new_writes_a_draft_whose_hints_stand_on_their_own_lines(tmp_path: Path) -> None:
    assert new(tmp_path, "heixi", "黑溪镇").returncode == 0
    for path in (tmp_path / "content").rglob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert line.lstrip().startswith("#") or "#" not in line, (path, line)
    report = (tmp_path / "content" / "qianjiang" / "heixi" / "2021.yml").read_text("utf-8")
    assert "\ndraft: true\n" in report


def test_check_on_a_fresh_scaffold_is_the_to_do_list(tmp_path: Path) -> None:
    assert new(tmp_path, "heixi", "黑溪镇").returncode == 0
    (tmp_path / "seeds").mkdir()
    proc = run_cli("check", cwd=tmp_path)
    assert proc.returncode == 1
    where = "content/qianjiang/heixi/2021.yml"
    todo = [line for line in proc.stderr.splitlines() if "不能为空" in line]
    fields = ["title", "issuer", "preamble[0]", *(f"sections[{i}].body[0]" for i in range(5))]
    fields += ["signature.issuer", "signature.date"]
    places = ["6:7", "8:8", "30:4", "37:8", "42:8", "47:8", "52:8", "57:8", "62:10", "64:8"]
    assert len(todo) == len(places)
    for line, place, field in zip(todo, places, fields, strict=True):
        assert line.startswith(f"{where}:{place}: "), line
        assert f"{field}: " in line, line  # named in English after the Chinese message
    # Filled in, it passes as a draft: checked, never published.
    path = tmp_path / where
    filled = (
        path.read_text(encoding="utf-8")
        .replace("title:\n", "title: 黔江区黑溪镇人民政府2021年度法治政府建设情况报告\n")
        .replace("issuer:\n", "issuer: 黔江区黑溪镇人民政府\n")
        .replace("preamble:\n  -\n", "preamble:\n  - 现将有关情况报告如下：\n")
        .replace("      -\n", "      - 无。\n")
        .replace("  date:\n", "  date: 2022-01-05\n")
    )
    path.write_text(filled, encoding="utf-8")
    proc = run_cli("check", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "草稿 1 份，不发布" in proc.stdout
