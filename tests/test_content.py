"""content/ holds the seed report faithfully: every clause of its body exactly once."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from conftest import REPO

from generator.report_page import outline
from generator.walk import load_catalog

SEED = REPO / "seeds" / "qianjiang" / "heixi" / "2020.txt"
# Numbering the source typed (the site numbers headings itself): 一、 2、 （1） 1.
NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.]|（\d+）)\s*")
CLAUSE_END = re.compile(r"[。；：\n]")


def seed_body() -> str:
    """The seed up to its signature: the tail after it repeats section (1) as broken lines."""
    text = SEED.read_text(encoding="utf-8").replace("[bookmark: _GoBack]", "")
    body = text[: text.rindex("2021年1月5日") + len("2021年1月5日")]
    return "\n".join(NUMBERING.sub("", ln.strip()) for ln in body.splitlines())


def clauses(text: str) -> Counter[str]:
    return Counter(c.strip() for c in CLAUSE_END.split(text) if c.strip())


def record_text() -> str:
    site, report = load_catalog(
        REPO / "content", REPO / "seeds", root=REPO, today=dt.date(2026, 11, 28)
    )
    assert report.errors == []
    (entry,) = site.reports()
    rec = entry.record
    lines = [
        *rec.issuer,
        rec.title.removeprefix(rec.issuer[0]),
        f"{rec.recipient}：",
        *rec.preamble,
    ]
    for heading in outline(rec):
        lines += [heading.title, *(b for b in heading.blocks if isinstance(b, str))]
    assert rec.signature is not None
    d = rec.signature.date
    lines += [*rec.signature.issuer, f"{d.year}年{d.month}月{d.day}日"]
    return "\n".join(lines)


def test_every_clause_of_the_seed_appears_exactly_once() -> None:
    source, record = clauses(seed_body()), clauses(record_text())
    assert source - record == Counter(), "clauses lost from the record"
    assert record - source == Counter(), "clauses added to the record"


def test_extraction_artifacts_are_not_report_text() -> None:
    record = record_text()
    assert "bookmark" not in record
    assert "_GoBack" not in record
    # The seed's tail repeats section (1)'s first paragraphs: they are in the record once.
    tail = SEED.read_text(encoding="utf-8").split("2021年1月5日", 1)[1]
    assert "我镇党委、政府高度重视法治政府建设工作" in "".join(tail.split())
    assert record.count("我镇党委、政府高度重视法治政府建设工作") == 1
    assert record.count("全镇47名综治网格员") == 1


def test_metrics_cover_the_stated_figures() -> None:
    site, _ = load_catalog(REPO / "content", REPO / "seeds", root=REPO)
    printed = {m.printed() for m in site.reports()[0].record.metrics}
    assert printed == {"6个", "47名", "35余条", "10000余份", "300余人次", "100%", "98%以上"}
