"""The report page: the record as printed, numbered the official way."""

from __future__ import annotations

import codecs
import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.diagnostics import UserError
from generator.importer.plaintext import decode
from generator.markup import Md
from generator.model import Enumeration, Report, Table
from generator.numbering import heading_label
from generator.regulation import PART_LABELS
from generator.tree import ReportEntry, rel_url
from generator.typography import segments


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


# Source documents that are text: published as UTF-8 .txt with a byte-order mark, the one
# sign of UTF-8 Chromium heeds when a static server sends text/plain without a charset.
TEXT_SOURCES = frozenset({".txt", ".text", ".md", ".markdown"})
# Characters kept in a download's file name: letters (Chinese included), digits, brackets.
_NAME_JUNK = re.compile(r"[^0-9A-Za-z\u3400-\u9fff\uf900-\ufaff（）〇·-]+")


@dataclass(frozen=True)
class Download:
    """The source document as the site publishes it (原文下载)."""

    path: str  # where it is published: qianjiang/heixi/2020/source.txt
    name: str  # the name it is saved under: 黔江区黑溪镇2020年度法治政府建设情况报告.txt
    kind: str  # its format as readers know it: TXT, DOCX, PDF
    size: int  # bytes of the published copy

    @property
    def label(self) -> str:
        """Format and size, as portals and GOV.UK show them: TXT，12 KB."""
        return f"{self.kind}，{file_size(self.size)}"


def file_size(size: int) -> str:
    """A file size in words a reader knows: 12 KB, 3.4 MB (1 KB = 1024 bytes)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def as_utf8_text(raw: bytes, name: str) -> bytes:
    """A text document as UTF-8 with a byte-order mark, whatever it was saved as (UTF-8,
    UTF-16, GBK); bytes that are none of these are published as received."""
    try:
        text, _ = decode(raw, Path(name))
    except UserError:
        return raw
    return codecs.BOM_UTF8 + text.encode("utf-8")


def published_source(entry: ReportEntry, raw: bytes) -> tuple[Download, bytes] | None:
    """The source document as published: where, under what name, and its bytes.

    Binary formats (Word, PDF, OFD) are published exactly as received. Text is published
    as ``source.txt`` in UTF-8 with a byte-order mark, so that it reads correctly when
    opened in the browser from any static server.
    """
    if entry.source_file is None:
        return None
    stem, suffix = posixpath.splitext(entry.source_file)
    suffix, data = suffix.lower(), raw
    if suffix in TEXT_SOURCES or not suffix:
        suffix, data = ".txt", as_utf8_text(raw, entry.source_file)
    place = _NAME_JUNK.sub("", entry.town.place)
    name = f"{place}{entry.year}年度法治政府建设情况报告{suffix}"
    return Download(stem + suffix, name, suffix[1:].upper(), len(data)), data


@dataclass(frozen=True)
class Neighbours:
    """The same town's reports of the year before and after, where the site has them."""

    previous: int | None = None
    next: int | None = None


def neighbours(entry: ReportEntry) -> Neighbours:
    """The town's nearest earlier and later years on the site (gaps are skipped)."""
    years = sorted(r.year for r in entry.town.reports)
    before = [y for y in years if y < entry.year]
    after = [y for y in years if y > entry.year]
    return Neighbours(before[-1] if before else None, after[0] if after else None)


def title_segments(entry: ReportEntry) -> list[tuple[str, bool]]:
    """The report's title as (piece, keep whole) pairs (typography.segments)."""
    return segments(entry.record.title, entry.district.record.name, entry.town.record.name)


def crumbs(entry: ReportEntry) -> list[tuple[str, str | None]]:
    """当前位置: home › district › town › year, each linked from the report's page but the
    last (the page itself)."""
    here = entry.url_path
    return [
        ("首页", rel_url(here, "")),
        (entry.district.record.name, rel_url(here, entry.district.url_path)),
        (entry.town.record.name, rel_url(here, entry.town.url_path)),
        (f"{entry.year}年度", None),
    ]


def render_report(
    env: jinja2.Environment,
    entry: ReportEntry,
    dates: RecordDates | None = None,
    download: Download | None = None,
) -> str:
    """The report page: front matter for the theme, then the report as printed."""
    rec = entry.record
    here = entry.url_path
    front = {
        "gk_report": True,
        "gk_meta": metadata_rows(entry),
        # The theme draws the breadcrumb above the disclosure box and links 发布机构 to the
        # town's page (links are relative to the page's directory URL).
        "gk_crumbs": [list(c) for c in crumbs(entry)],
        "gk_links": {"发布机构": rel_url(here, entry.town.url_path)},
        # 文件标题 in the box, cut so the theme keeps 2020年度 and the place names whole.
        "gk_title_parts": [[piece, whole] for piece, whole in title_segments(entry)],
    }
    near = neighbours(entry)
    years = {
        "previous": near.previous,
        "next": near.next,
        "previous_url": rel_url(here, f"{entry.town.url_path}/{near.previous}"),
        "next_url": rel_url(here, f"{entry.town.url_path}/{near.next}"),
        "town_url": rel_url(here, entry.town.url_path),
    }
    return env.get_template("report.md.j2").render(
        front=front,
        r=rec,
        headings=outline(rec),
        town=entry.town.record.name,
        district=entry.district.record.name,
        parts=PART_LABELS,
        download=download,
        download_url=rel_url(here, download.path).rstrip("/") if download else None,
        years=years,
        dates=dates or RecordDates(),
        covering=covering(rec),
        heading_prefix=lambda level: Md("#" * (level + 1)),
    )
