"""The project's own fixtures, one per variant of design.md §3, imported from text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.importer.pipeline import Imported, import_file
from generator.model import Enumeration, Section

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def outline(sections: list[Section], depth: int = 0) -> list[str]:
    out = []
    for sec in sections:
        out.append("  " * depth + sec.title + (f" [{sec.part}]" if sec.part else ""))
        out += outline(sec.sections, depth + 1)
    return out


def imported(name: str) -> Imported:
    return import_file(FIXTURES / name, seeds=FIXTURES)


def test_drifting_numbering_artifacts_and_repeated_tail() -> None:
    """一、 then 2、 3、; second level （1）; 1. counts carrying on; the seed's oddities."""
    item = imported("drift.txt")
    rec = item.report
    assert outline(rec.sections) == [
        "2020年工作开展情况 [measures]",
        "  健全组织机构",
        "    强化组织领导",
        "    强化队伍建设",
        "  开展普法宣传",
        "    开展宣传月活动",
        "    组织互动宣传",
        "存在不足 [shortcomings]",
        "下步打算 [plans]",
        "  继续加强组织领导",
    ]
    assert rec.title == "测试区清溪镇人民政府2020年度法治政府建设情况报告"
    assert rec.recipient == "区依法治区办"
    assert rec.signature.date == dt.date(2021, 1, 5) == rec.metadata.written
    (enum,) = rec.sections[1].body
    assert enum.lead == "法治政府建设仍有差距。主要表现在："
    assert enum.items == ["干部法律知识水平不一；", "档案材料不够齐全。"]
    assert item.coverage.ratio == 1.0
    notes = [n.zh for n in item.notes]
    assert any("[bookmark: _GoBack]" in n for n in notes)
    assert any("重复" in n for n in notes)
    assert all("bookmark" not in s.title for s in rec.sections)


def test_run_in_headings_joint_issuers_and_all_five_parts() -> None:
    item = imported("runin.txt")
    rec = item.report
    assert rec.issuer == ["中共测试镇委员会", "测试镇人民政府"]
    assert rec.signature.issuer == ["中共测试镇委员会", "测试镇人民政府"]
    assert rec.signature.date == dt.date(2022, 1, 10)  # 二〇二二年一月十日
    assert rec.year == 2021
    assert rec.closing == "专此报告。"
    assert [s.part for s in rec.sections] == ["measures", "duty", "shortcomings", "plans", "other"]
    first = rec.sections[0].sections
    assert [s.title for s in first] == ["加强组织领导", "完善依法决策机制", "深化普法宣传"]
    assert first[0].body == ["镇党委、政府成立了法治建设领导小组，召开专题会议4次。"]
    # no stop after the title, only a wide gap: "完善依法决策机制　聘请…"
    assert first[1].body[0].startswith("聘请法律顾问1名")
    assert [s.title for s in first[2].sections] == ["开展法治讲座", "建设法治文化阵地"]
    (duty,) = rec.sections[1].body
    assert isinstance(duty, Enumeration)
    assert duty.lead.endswith("主持研究法治建设工作，")
    metric = next(m for m in rec.metrics if m.unit == "人次")
    assert (metric.qualifier, metric.printed()) == ("约", "约300人次")
    assert item.coverage.ratio == 1.0


def test_portal_copy_keeps_metadata_and_drops_furniture() -> None:
    item = imported("portal.txt")
    rec = item.report
    assert item.kind == "portal"
    assert rec.title == "测试县石桥乡人民政府2025年法治政府建设情况报告"
    assert rec.metadata.index_number == "11500999MB1234567X/2026-00004"
    assert rec.metadata.published == dt.date(2026, 2, 10)
    assert rec.metadata.genre == "工作报告"
    assert rec.metadata.validity is None
    assert rec.original_url == "http://www.cstest.gov.cn/zwgk/fzzfjsbg/202602/t20260210_1.html"
    assert outline(rec.sections) == [
        "2025年推进法治政府建设的主要举措和成效 [measures]",
        "  深入学习习近平法治思想",
        "  推进依法行政",
    ]
    text = str(rec.model_dump(mode="json", warnings=False))
    for furniture in ("您当前所在位置", "打印本页", "扫一扫", "索引号", "测试县人民政府网"):
        assert furniture not in text
    assert "2025年推进" in rec.sections[0].title  # "2025 年" lost its stray space
    assert rec.preamble[0].endswith("现将有关情况报告如下:")  # half-width kept as in source
    assert item.place.town == "石桥乡"
    assert item.place.code == "500999"
    assert item.coverage.ratio == 1.0


def test_body_without_title_or_opening() -> None:
    item = imported("untitled.txt")
    rec = item.report
    assert rec.preamble == ["现将有关情况报告如下："]
    assert rec.year == 2021
    assert rec.title == "深圳市测试区人民政府2021年度法治政府建设情况报告"
    assert any("没有标题" in n.zh for n in item.notes)
    assert outline(rec.sections) == [
        "2021年主要工作情况 [measures]",
        "  深入学习贯彻习近平法治思想，法治建设全面铺开",
        "  深入推进政府职能转变",
        "存在问题 [shortcomings]",
        "下一步工作计划 [plans]",
        "  坚持学习贯彻习近平法治思想，加强党的领导",
        "  坚持推进职能优化",
    ]
    assert rec.sections[2].body[0].startswith("2022年，我区将")
    assert all("\u3000" not in s.title for s in rec.sections)
    assert item.coverage.ratio == 1.0


def test_gbk_file_is_decoded_with_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "gbk.txt"
    source.write_bytes((FIXTURES / "runin.txt").read_text(encoding="utf-8").encode("gbk"))
    item = import_file(source, seeds=tmp_path)
    assert item.report == imported("runin.txt").report.model_copy(update={"source": "gbk.txt"})
    assert any("GB18030" in n.zh for n in item.notes)
