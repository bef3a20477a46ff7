"""The report page: the record as printed, numbered the official way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.markup import Md
from generator.model import PART_LABELS, Enumeration, Section
from generator.numbering import enumeration_marker, heading_label
from generator.tree import ReportEntry


@dataclass
class Heading:
    """A numbered heading of the report, flattened in reading order."""

    level: int  # 1–4
    label: str  # 一、 （一） 1. （1）
    anchor: str  # s1, s1-2, s1-2-3
    title: str
    body: list[str | Enumeration]
    part: str | None


def outline(sections: list[Section], level: int = 1, prefix: str = "s") -> list[Heading]:
    """Number every section in the official order, whatever the source used."""
    out: list[Heading] = []
    for n, sec in enumerate(sections, start=1):
        anchor = f"{prefix}{n}" if level == 1 else f"{prefix}-{n}"
        out.append(
            Heading(
                level, Md(heading_label(level, n)), Md(anchor), sec.title, list(sec.body), sec.part
            )
        )
        out.extend(outline(sec.sections, level + 1, anchor))
    return out


def enumeration_text(block: Enumeration) -> str:
    """An inline enumeration as the one paragraph it was printed as."""
    items = "".join(enumeration_marker(i) + item for i, item in enumerate(block.items, 1))
    return f"{block.lead or ''}{items}{block.tail or ''}"


def paragraphs(body: list[str | Enumeration]) -> list[str]:
    return [b if isinstance(b, str) else enumeration_text(b) for b in body]


def metadata_rows(entry: ReportEntry) -> list[list[str]]:
    """The disclosure box as Chinese portals lay it out: label, value."""
    rec, meta = entry.record, entry.record.metadata

    def day(d: Any) -> str:
        return d.isoformat() if d else ""

    return [
        ["索引号", meta.index_number or ""],
        ["发文字号", meta.doc_number or ""],
        ["主题分类", meta.topic or ""],
        ["体裁分类", meta.genre or ""],
        ["发布机构", "、".join(rec.issuer)],
        ["有效性", meta.validity or ""],
        ["成文日期", day(meta.written)],
        ["发布日期", day(meta.published)],
        ["文件标题", rec.title],
    ]


def source_name(entry: ReportEntry) -> str | None:
    if not entry.record.source:
        return None
    return f"{entry.year}/source{Path(entry.record.source).suffix}"


def render_report(
    env: jinja2.Environment, entry: ReportEntry, town: str, district: str, updated: dt.date | None
) -> str:
    """The report page: front matter for the theme, then the report as printed."""
    rec = entry.record
    front = {"gk_report": True, "gk_meta": metadata_rows(entry)}
    return env.get_template("report.md.j2").render(
        front=front,
        r=rec,
        headings=outline(rec.sections),
        paragraphs=paragraphs,
        town=town,
        district=district,
        parts=PART_LABELS,
        source=source_name(entry),
        present={s.part for s in rec.sections if s.part},
        updated=updated,
        heading_prefix=lambda level: Md("#" * (level + 1)),
    )
