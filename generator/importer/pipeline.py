"""The importer, top to bottom: read → portal → clean → structure → metrics → record.

Each stage is a module named after it; this one only wires them and decides what the
editor is warned about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from generator.diagnostics import UserError, field_path
from generator.importer.clean import clean_lines
from generator.importer.coverage import Coverage, measure
from generator.importer.draft import Draft, Note
from generator.importer.enumerations import split_enumeration
from generator.importer.head import find_year, read_head
from generator.importer.metrics import find_metrics
from generator.importer.places import Place, find_place
from generator.importer.portal import strip_portal
from generator.importer.read import read_source
from generator.importer.record import Data, to_data, validate
from generator.importer.structure import build_sections
from generator.importer.tail import read_tail
from generator.importer.text import tidy_spaces
from generator.model import SOURCE_PATTERN, Report
from generator.numbering import parse_marker


@dataclass
class Imported:
    """One imported document: the record (as data and as model) and how faithful it is."""

    path: Path
    kind: str
    data: Data
    report: Report
    coverage: Coverage
    place: Place | None
    notes: list[Note] = field(default_factory=list)


def import_file(path: Path, *, seeds: Path, year: int | None = None) -> Imported:
    """Import one document; raise UserError when it cannot be made into a record."""
    source = read_source(path)
    page = strip_portal(source.lines)
    cleaned = clean_lines(page.lines)
    draft = Draft(metadata=dict(page.fields), notes=[*source.notes, *page.notes, *cleaned.notes])
    body_lines = _structure(draft, cleaned.lines, year)
    draft.metrics = find_metrics(_text_blocks(draft))
    data = to_data(draft, _source_path(path, seeds, draft.notes))
    try:
        report = validate(data)
    except ValidationError as exc:  # a document this importer cannot shape yet
        where = "; ".join(f"{field_path(e['loc'])}: {e['msg']}" for e in exc.errors()[:3])
        raise UserError(
            f"无法生成有效记录：{where}", f"could not make a valid record: {where}"
        ) from None
    coverage = measure(body_lines, report)
    draft.notes += _coverage_notes(coverage)
    place = find_place(report.issuer, report.metadata.index_number)
    return Imported(
        path,
        "portal" if page.is_portal else source.kind,
        data,
        report,
        coverage,
        place,
        draft.notes,
    )


def _structure(draft: Draft, lines: list[str], year: int | None) -> list[str]:
    """Fill head, sections and tail of ``draft``; return the lines the record must hold."""
    first = next((i for i, ln in enumerate(lines) if parse_marker(ln.strip())), None)
    if first is None:
        raise UserError(
            "没有找到任何编号标题（如“一、”“（一）”），无法划分章节",
            "no numbered headings (一、, （一）) found; cannot find the sections",
        )
    head = read_head([tidy_spaces(ln) for ln in lines[:first]])
    tail = read_tail([tidy_spaces(ln) for ln in lines[first:]])
    draft.recipient, draft.closing = head.recipient, tail.closing
    draft.preamble = head.preamble
    draft.signers, draft.signed = tail.signers, tail.date
    draft.sections = build_sections(lines[first : first + len(tail.lines)], draft.notes)
    for node in draft.walk():
        node.body = [split_enumeration(p) for p in node.body]
    _title_and_issuer(draft, head.title, head.issuers)
    _year(draft, year)
    for i in head.furniture:
        draft.notes.append(
            Note(
                f"已删除重复的标题行：「{lines[i]}」", f"dropped a repeated title line: {lines[i]}"
            )
        )
    return [ln for i, ln in enumerate(lines) if i not in head.furniture]


def _title_and_issuer(draft: Draft, title: str | None, issuers: list[str]) -> None:
    portal_issuer = draft.metadata.get("issuer")
    draft.issuers = issuers or draft.signers or ([portal_issuer] if portal_issuer else [])
    if not draft.issuers:
        raise UserError(
            "找不到发布机构：标题和落款都没有写明", "issuer not found in title or signature"
        )
    if draft.signed and not draft.signers:
        draft.signers = list(draft.issuers)
        draft.notes.append(
            Note(
                "落款只有日期，落款单位取自发布机构，请核对",
                "signature has a date only; issuer used as signatory",
            )
        )
    draft.title = title or draft.metadata.get("title") or None
    if draft.title is None:
        draft.title_composed = True


def _year(draft: Draft, given: int | None) -> None:
    found = find_year(draft.title, *draft.preamble, *(n.title for n in draft.sections))
    if found is None and draft.signed:
        found = draft.signed.year - 1  # reports are signed early in the following year
    if given is not None and found is not None and given != found:
        draft.notes.append(
            Note(
                f"文件中的年度是 {found}，按 --year 使用 {given}",
                f"the document says {found}; using --year {given}",
            )
        )
    draft.year = given or found
    if draft.year is None:
        raise UserError("无法确定报告年度，请用 --year 指定", "cannot tell the year; pass --year")
    if draft.title_composed:
        draft.title = f"{draft.issuers[0]}{draft.year}年度法治政府建设情况报告"
        draft.notes.append(
            Note(
                f"原文没有标题，已拟定为“{draft.title}”，请核对",
                f"the source has no title; composed '{draft.title}'",
            )
        )


def _text_blocks(draft: Draft) -> list[str]:
    """Every piece of text a metric may quote, in reading order."""
    blocks = list(draft.preamble)
    for node in draft.walk():
        blocks.append(node.title)
        for block in node.body:
            if isinstance(block, str):
                blocks.append(block)
            else:
                blocks += [x for x in (block.get("lead"), *block["items"]) if x]
    return blocks


def _source_path(path: Path, seeds: Path, notes: list[Note]) -> str | None:
    """The document's path inside seeds/, offered for download on the report page."""
    try:
        rel = path.resolve().relative_to(seeds.resolve()).as_posix()
    except ValueError:
        notes.append(
            Note(
                "原始文件不在 seeds/ 目录下，未设置 source（放入 seeds/ 后可供下载）",
                "the file is not under seeds/, so source is not set",
            )
        )
        return None
    if not re.fullmatch(SOURCE_PATTERN, rel):
        notes.append(
            Note(
                f"原始文件名 {rel} 含有字母数字以外的字符，未设置 source，请改名",
                f"source not set: rename {rel} to ASCII letters and digits",
            )
        )
        return None
    return rel


def _coverage_notes(coverage: Coverage) -> list[Note]:
    if coverage.found == coverage.total:
        return []
    lost = coverage.total - coverage.found
    notes = [
        Note(
            f"覆盖率 {coverage.ratio:.1%}：原文有 {lost} 字未进入记录",
            f"coverage {coverage.ratio:.1%}: {lost} characters lost",
        )
    ]
    notes += [Note(f"未导入：「{text}」", f"lost: {text}") for text in coverage.lost]
    return notes
