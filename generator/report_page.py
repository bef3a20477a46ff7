"""The report page: the record as printed, numbered the official way."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from typing import Any

import jinja2

from generator.markup import Md
from generator.model import Enumeration, Report, Table
from generator.numbering import heading_label
from generator.regulation import PART_LABELS
from generator.tree import ReportEntry


@dataclass
class Heading:
    """A numbered heading of the report, flattened in reading order."""

    level: int  # 1–4
    label: str  # 一、 （一） 1. （1）
    anchor: str  # s1, s1-2, s1-2-3
    title: str
    blocks: list[str | Table]  # paragraphs (an enumeration as its one paragraph) and tables
    part: str | None


def outline(report: Report) -> list[Heading]:
    """Number every section in the official order, whatever the source used."""
    return [
        Heading(
            p.depth,
            Md(heading_label(p.depth, p.numbers[-1])),
            Md("s" + "-".join(map(str, p.numbers))),
            p.section.title,
            [b.text() if isinstance(b, Enumeration) else b for b in p.section.body],
            p.section.part,
        )
        for p in report.outline()
    ]


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


def render_report(env: jinja2.Environment, entry: ReportEntry, updated: dt.date | None) -> str:
    """The report page: front matter for the theme, then the report as printed."""
    rec = entry.record
    front = {"gk_report": True, "gk_meta": metadata_rows(entry)}
    # The download link is relative to the page's Markdown file, which the engine rewrites.
    source = (
        posixpath.relpath(entry.source_file, posixpath.dirname(entry.page))
        if entry.source_file
        else None
    )
    return env.get_template("report.md.j2").render(
        front=front,
        r=rec,
        headings=outline(rec),
        town=entry.town.record.name,
        district=entry.district.record.name,
        parts=PART_LABELS,
        source=source,
        present={s.part for s in rec.sections if s.part},
        updated=updated,
        heading_prefix=lambda level: Md("#" * (level + 1)),
    )
