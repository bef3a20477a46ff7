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


def covering(report: Report) -> dict[str, list[str]]:
    """For each required part, the numbered titles of the top-level sections marked as
    covering it (一、2020年工作开展情况), so the page says where the report covers it."""
    out: dict[str, list[str]] = {}
    for n, section in enumerate(report.sections, 1):
        if section.part:
            out.setdefault(section.part, []).append(heading_label(1, n) + section.title)
    return out


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


@dataclass(frozen=True)
class RecordDates:
    """When the record came to the site and when its file last changed (git history).

    Kept apart from the report's own dates (成文日期, 发布日期) and from its corrections
    (``changes:``): a commit that fixes a typo in the record is not a change to the report.
    """

    added: dt.date | None = None  # first commit: 收录日期
    updated: dt.date | None = None  # last commit


def render_report(
    env: jinja2.Environment, entry: ReportEntry, dates: RecordDates | None = None
) -> str:
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
        dates=dates or RecordDates(),
        covering=covering(rec),
        heading_prefix=lambda level: Md("#" * (level + 1)),
    )
