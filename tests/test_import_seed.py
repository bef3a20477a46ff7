"""Importing the seed, checked against what the source document itself says.

Not against content/qianjiang/heixi/2020.yml: that record is the importer's own output, so
comparing with it would only show that the importer agrees with itself. The expectations
here come from the seed, seeds/qianjiang/heixi/2020.txt (the same bytes as the corpus's
seed/000_15805d1d6a7bb17e.txt; test_import_corpus.py checks that):

- every clause of its body, cut at 。；：！？ and at line ends, is in the record verbatim
  and in order, and every piece of record text is in the source (nothing invented);
- its headings, read by eye and written out below (REVIEWED_HEADINGS), are the record's
  section tree, exactly;
- title, issuer, recipient, signature and the stated figures are as printed.

The normalisation is all written here. Whitespace is ignored (the importer removes stray
spaces in Chinese text). Heading numbers (一、 2、 （1） 1.) and the 一是/二是 of inline
enumerations are dropped: the record keeps the order and the site prints its own numbers.
The furniture the importer documents as removed is cut: the Word export artifact
[bookmark: _GoBack] and the tail after the signature date, a 277-character copy of
section (1)'s first paragraphs broken into short lines by extraction.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from generator.importer.emit import dump
from generator.importer.pipeline import Imported, import_file
from generator.load import parse
from generator.model import Report

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "qianjiang" / "heixi" / "2020.txt"
ARTIFACT = "[bookmark: _GoBack]"
SIGNED = "2021年1月5日"  # the signature date, as printed: the body ends here
HEADING_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.．]|[（(]\d+[）)])")
ENUMERATOR = re.compile(r"^[一二三四五六七八九十]+是")
CLAUSE_END = re.compile(r"[。；：！？\n]")

# The seed's headings, read by eye (numbers as printed in the comments; the source's own
# numbering drifts: 一、 then 2、 3、, and （1） where 法治 reports usually write （一）).
REVIEWED_HEADINGS: list[tuple[str, list]] = [
    (  # 一、
        "2020年工作开展情况",
        [
            (  # （1）
                "健全组织机构，明确责任落实",
                [("强化组织领导", []), ("强化队伍建设", []), ("确保责任到位", [])],
            ),
            (  # （2）
                "依法行政决策，严格执法程序",
                [
                    ("推进行政决策科学化民主化法治化", []),
                    ("充分发挥法律顾问参谋作用，提高行政决策水平", []),
                ],
            ),
            ("强化政务公开，提高行政效能", []),  # （3）: 一是…二是…
            ("开展普法宣传，营造法治氛围", []),  # （4）: 一是…四是…
        ],
    ),
    ("存在不足", []),  # 2、
    (  # 3、 (the bookmark artifact sits in this heading)
        "下步打算",
        [
            ("继续加强组织领导，完善机制建设", []),
            ("继续加强学习宣传，提高法治政府建设意识", []),
            ("加强监督，大力推行行政执法责任制", []),
        ],
    ),
]
# The required parts (design §4) those top-level titles are: 举措和成效, 不足, 下一年度安排.
REVIEWED_PARTS = ["measures", "shortcomings", "plans"]
# Every figure with a measure word, in reading order: (number, unit, 余/以上/…) as printed.
REVIEWED_FIGURES = [
    ("6", "个", None),  # 全镇6个村（社区）
    ("47", "名", None),  # 全镇47名综治网格员
    ("35", "条", "余"),  # 共计35余条
    ("100", "%", None),  # 通过率100%
    ("98", "%", "以上"),  # 参与率98%以上
    ("10000", "份", "余"),  # 宣传资料10000余份
    ("300", "人次", "余"),  # 接受群众咨询300余人次
]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def seed_body_and_tail() -> tuple[str, str]:
    """The source up to and including the signature date, and the tail after it."""
    text = SEED.read_text(encoding="utf-8")
    assert text.count(SIGNED) == 1
    assert text.count(ARTIFACT) == 1
    body, tail = text.split(SIGNED)
    return body.replace(ARTIFACT, "") + SIGNED, tail


def clauses(text: str) -> list[str]:
    """Clauses in reading order, heading numbers and enumerators dropped, no whitespace."""
    out = []
    for clause in CLAUSE_END.split(text):
        clause = ENUMERATOR.sub("", HEADING_NUMBER.sub("", squash(clause)))
        if clause:
            out.append(clause)
    return out


@pytest.fixture(scope="module")
def item() -> Imported:
    return import_file(SEED, seeds=REPO / "seeds")


@pytest.fixture(scope="module")
def record(item: Imported) -> dict[str, Any]:
    """The imported record as data, keyed by the YAML field names editors see."""
    return item.report.model_dump(mode="json", warnings=False)


def as_list(value: str | list[str] | None) -> list[str]:
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def record_texts(rec: dict[str, Any], *, sections_only: bool = False) -> list[str]:
    """Every piece of report text in the record, in reading order, without whitespace."""
    out: list[str] = []

    def walk(sections: list[dict[str, Any]]) -> None:
        for sec in sections:
            out.append(sec["title"])
            for block in sec.get("body") or []:
                if isinstance(block, str):
                    out.append(block)
                else:  # an enumeration: a lead, then its items
                    out.extend([*as_list(block.get("lead")), *block["items"]])
            walk(sec.get("sections") or [])

    if not sections_only:
        out += [rec["title"], *as_list(rec["issuer"]), *as_list(rec["recipient"])]
        out += as_list(rec["preamble"])
    walk(rec["sections"])
    if not sections_only:
        out += [*as_list(rec.get("closing")), *as_list(rec["signature"]["issuer"])]
    return [squash(t) for t in out]


def tree(sections: list[dict[str, Any]]) -> list[tuple[str, list]]:
    return [(s["title"], tree(s.get("sections") or [])) for s in sections]


def test_every_clause_of_the_seed_is_in_the_record_in_order(record: dict[str, Any]) -> None:
    body, _ = seed_body_and_tail()
    expected = [c for c in clauses(body) if c != SIGNED]  # the date is data: see below
    assert len(expected) >= 50
    assert expected[-1] == "黔江区黑溪镇人民政府"
    text = "|".join(record_texts(record))  # "|": a clause never spans two fields
    at = 0
    for clause in expected:
        found = text.find(clause, at)
        assert found >= 0, f"missing or out of order: {clause}"
        at = found + len(clause)


def test_every_text_of_the_record_is_in_the_seed(record: dict[str, Any]) -> None:
    body, _ = seed_body_and_tail()
    source = squash(body)
    invented = [t for t in record_texts(record) if t not in source]
    assert invented == []


def test_the_repeated_tail_is_not_imported_again(record: dict[str, Any]) -> None:
    body, tail = seed_body_and_tail()
    assert len(squash(tail)) == 277  # what the importer's README and notes report
    assert squash(tail) in squash(body)  # a copy of text the body has: furniture
    text = "|".join(record_texts(record, sections_only=True))
    repeated = clauses(squash(tail))  # its lines are broken anywhere: join them first
    # section (1)'s items 1. and 2., cut off in the middle of a clause
    assert repeated[0] == "强化组织领导"
    assert repeated[-1].endswith("建立台账，及时")
    assert {c: text.count(c) for c in repeated} == dict.fromkeys(repeated, 1)
    assert "bookmark" not in text
    assert "_GoBack" not in text


def test_sections_are_the_reviewed_headings(record: dict[str, Any]) -> None:
    assert tree(record["sections"]) == REVIEWED_HEADINGS
    assert [s["part"] for s in record["sections"]] == REVIEWED_PARTS


def test_title_issuer_recipient_and_signature_as_printed(record: dict[str, Any]) -> None:
    lines = [ln.strip() for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert lines[:3] == ["黔江区黑溪镇人民政府", "2020年度法治政府建设情况报告", "区依法治区办："]
    signed = lines.index(SIGNED)
    assert lines[signed - 1 : signed + 1] == ["黔江区黑溪镇人民政府", SIGNED]

    assert record["title"] == "黔江区黑溪镇人民政府2020年度法治政府建设情况报告"
    assert record["issuer"] == ["黔江区黑溪镇人民政府"]
    assert record["recipient"] == "区依法治区办"
    assert record["year"] == 2020
    assert record["closing"] is None  # the seed has no 特此报告。
    assert record["signature"] == {"issuer": ["黔江区黑溪镇人民政府"], "date": "2021-01-05"}
    assert record["metadata"]["written"] == "2021-01-05"  # 成文日期: the date it was signed
    assert record["source"] == "qianjiang/heixi/2020.txt"


def test_figures_are_the_stated_ones_in_reading_order(record: dict[str, Any]) -> None:
    metrics = record["metrics"]
    assert [(m["value"], m["unit"], m["qualifier"]) for m in metrics] == REVIEWED_FIGURES
    source = SEED.read_text(encoding="utf-8")
    positions = [source.index(m["sentence"]) for m in metrics]  # quoted verbatim
    assert positions == sorted(positions)
    for m in metrics:
        assert m["value"] in m["sentence"], m
        assert m["unit"] in m["sentence"], m


def test_import_reports_what_it_dropped(item: Imported) -> None:
    assert item.coverage.ratio == 1.0
    notes = " ".join(n.format() for n in item.notes)
    assert ARTIFACT in notes
    assert "（277 字）" in notes
    assert "1.强化组织领导。我镇党委" in notes


def test_seed_yaml_loads_back_as_the_same_record(item: Imported) -> None:
    """What `import` writes reads back, through the strict loader `check` uses, unchanged."""
    text = dump(item.data, [])
    assert '    unit: "%"' in text  # a plain % cannot start a YAML scalar
    loaded = Report.model_validate(parse(text, Path("record.yml"), "record.yml").data)
    assert loaded == item.report
    assert dt.date(2021, 1, 5) == loaded.signature.date
