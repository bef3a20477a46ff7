"""The four real reports in ../shared/corpus/real import completely, with the right trees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.importer.pipeline import Imported, import_file
from generator.model import Enumeration, Section

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
REAL = CORPUS / "real"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus is not present")


def outline(sections: list[Section], depth: int = 0) -> list[str]:
    """Titles indented by level, top-level ones with their part."""
    out = []
    for sec in sections:
        part = f" [{sec.part}]" if sec.part else ""
        out.append("  " * depth + sec.title + part)
        out += outline(sec.sections, depth + 1)
    return out


def imported(name: str) -> Imported:
    return import_file(REAL / name, seeds=CORPUS)


def test_linezhen_portal_copy() -> None:
    item = imported("01_qianjiang_linezhen_2020.txt")
    rec = item.report
    assert item.kind == "portal"
    assert item.coverage.ratio == 1.0
    assert rec.title == "黔江区邻鄂镇人民政府关于2020年法治政府建设情况的报告"
    assert rec.issuer == ["黔江区邻鄂镇人民政府"]
    assert rec.year == 2020
    assert rec.metadata.index_number == "1150011400914350X1/2021-00017"
    assert (rec.metadata.topic, rec.metadata.genre) == ("其他", "其他")
    assert rec.metadata.written == rec.metadata.published == dt.date(2021, 4, 16)
    assert rec.metadata.doc_number is None
    assert outline(rec.sections) == ["工作推进情况 [measures]", "  强化组织领导,构建依法治镇网络"]
    assert rec.sections[0].body[0].startswith("我镇高度重视法治政府建设工作")
    (enum,) = rec.sections[0].sections[0].body
    assert isinstance(enum, Enumeration)
    assert enum.items[-1] == "充分发挥依法治镇的组织"
    assert rec.preamble[0].startswith(
        "我镇严格按照中共中央、国务院《法治政府建设实施纲要(2015-2020年)》"
    )
    assert item.place is not None
    assert item.place.code == "500114"
    assert any("重复的标题行" in n.zh for n in item.notes)  # the bare title the page repeats


def test_zhongshanzhen_portal_copy() -> None:
    item = imported("06_jiangjin_zhongshanzhen_2020.txt")
    rec = item.report
    assert item.kind == "portal"
    assert item.coverage.ratio == 1.0
    assert rec.title == "重庆市江津区中山镇人民政府2020年度法治政府建设情况报告"
    assert rec.issuer == ["重庆市江津区中山镇人民政府"]
    assert rec.metadata.published == dt.date(2021, 2, 20)
    assert outline(rec.sections) == ["2020年工作总结 [measures]", "  抓组织领导,思想认识到位"]
    (enum,) = rec.sections[0].sections[0].body
    assert enum.lead == "始终把法治政府建设工作放在心上、抓在手上、落实在行动上。"
    assert len(enum.items) == 3
    assert enum.items[2].startswith("坚持坚持")
    assert "津委法﹝2020﹞2号" in rec.preamble[0]
    assert (item.place.parent, item.place.district, item.place.town) == (
        "重庆市",
        "江津区",
        "中山镇",
    )


def test_lizixiang_portal_copy_with_malformed_numbering() -> None:
    item = imported("08_fengdu_lizixiang_2025.txt")
    rec = item.report
    assert item.kind == "portal"
    assert item.coverage.ratio == 1.0
    assert rec.year == 2025
    assert rec.issuer == ["丰都县栗子乡人民政府"]
    assert outline(rec.sections) == [
        "2025年推进法治政府建设的主要举措和成效 [measures]",
        "  纵深推进学悟笃行习近平法治思想",
    ]
    body = rec.sections[0].sections[0].body
    assert [p[:10] for p in body] == ["强化分层分类学习培训", "拓宽基层宣传覆盖渠道"]
    meta = rec.metadata
    assert meta.index_number == "11500230008689762A/2026-00004"
    assert (meta.topic, meta.genre) == ("公安、安全、司法、法制", "工作报告")
    assert (meta.written, meta.published) == (dt.date(2026, 1, 22), dt.date(2026, 2, 10))
    assert item.place.code == "500230"


def test_guangming_body_without_title() -> None:
    item = imported("14_shenzhen_guangmingqu_2021.txt")
    rec = item.report
    assert item.coverage.ratio == 1.0
    assert rec.preamble == ["现将有关情况报告如下："]
    assert rec.year == 2021
    assert rec.closing == "特此报告。"
    assert rec.signature.issuer == ["深圳市光明区人民政府"]
    assert rec.signature.date == dt.date(2022, 1, 5)
    assert rec.title == "深圳市光明区人民政府2021年度法治政府建设情况报告"  # composed, and said so
    assert any("没有标题" in n.zh for n in item.notes)
    tree = outline(rec.sections)
    assert [t for t in tree if not t.startswith(" ")] == [
        "2021年主要工作情况 [measures]",
        "存在问题 [shortcomings]",
        "下一步工作计划 [plans]",
    ]
    assert len(rec.sections[0].sections) == 7
    assert len(rec.sections[2].sections) == 4
    assert tree[1] == "  深入学习贯彻习近平法治思想，法治政府建设在党的正确领导下全面铺开"
    assert (
        rec.sections[2].sections[0].title
        == "坚持学习贯彻习近平法治思想，不断加强党对法治政府建设的领导"
    )
    (problems,) = rec.sections[1].body
    assert problems.lead.endswith("但也存在一些薄弱环节，")
    assert len(problems.items) == 5
    assert all(isinstance(s.body[0], Enumeration) for s in rec.sections[0].sections)
    assert len(rec.metrics) > 30


@pytest.mark.parametrize(
    "name", sorted(p.name for p in REAL.glob("*.txt")) if REAL.is_dir() else []
)
def test_every_real_report_imports_at_full_coverage(name: str) -> None:
    item = imported(name)
    assert item.coverage.ratio == 1.0, item.coverage.lost
    assert not [n for n in item.notes if "覆盖率" in n.zh]


def test_the_corpus_seed_is_the_projects_seed() -> None:
    (seed,) = (CORPUS / "seed").glob("*.txt")
    project_seed = Path(__file__).resolve().parents[1] / "seeds/qianjiang/heixi/2020.txt"
    assert seed.read_bytes() == project_seed.read_bytes()  # what test_import_seed.py checks
    item = import_file(seed, seeds=CORPUS)
    assert item.coverage.ratio == 1.0
    assert len(item.report.sections) == 3
