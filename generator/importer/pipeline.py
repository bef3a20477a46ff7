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
from generator.importer.head import (
    Head,
    find_year,
    most_frequent_year,
    preamble_issuer,
    read_head,
    title_place,
)
from generator.importer.metrics import find_metrics
from generator.importer.places import KnownTown, Place, find_place, is_bare_place, official_name
from generator.importer.portal import strip_portal
from generator.importer.read import read_source
from generator.importer.record import Data, to_data, validate
from generator.importer.structure import build_sections
from generator.importer.tail import is_org, read_tail
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
    gaps: list[str] = field(default_factory=list)  # fields written empty for the editor


@dataclass(frozen=True)
class Given:
    """What the editor says or the content tree knows: --year, --issuer, the _town.yml."""

    year: int | None = None
    issuers: tuple[str, ...] = ()
    town: KnownTown | None = None


def import_file(
    path: Path, *, seeds: Path, year: int | None = None, given: Given | None = None
) -> Imported:
    """Import one document; raise UserError when it cannot be made into a record.

    A readable report is never refused for a missing title or issuer: the record is a
    draft with that field empty and a note saying so (only a year found nowhere refuses).
    """
    given = given or Given(year=year)
    source = read_source(path)
    page = strip_portal(source.lines)
    cleaned = clean_lines(page.lines)
    draft = Draft(metadata=dict(page.fields), notes=[*source.notes, *page.notes, *cleaned.notes])
    body_lines = _structure(draft, cleaned.lines, given)
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
    place = find_place(draft.issuers, report.metadata.index_number)
    return Imported(
        path,
        "portal" if page.is_portal else source.kind,
        data,
        report,
        coverage,
        place,
        draft.notes,
        draft.gaps,
    )


def _structure(draft: Draft, lines: list[str], given: Given) -> list[str]:
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
        node.body = [split_enumeration(p) if isinstance(p, str) else p for p in node.body]
    _title_and_issuer(draft, head, given)
    _year(draft, given.year)
    _other_gaps(draft)
    for i in head.furniture:
        draft.notes.append(
            Note(
                f"已删除重复的标题行：「{lines[i]}」", f"dropped a repeated title line: {lines[i]}"
            )
        )
    return [ln for i, ln in enumerate(lines) if i not in head.furniture]


def _title_and_issuer(draft: Draft, head: Head, given: Given) -> None:
    draft.issuers = list(given.issuers) or _issuers(draft, head, given.town)
    if not draft.issuers:
        draft.gaps.append("issuer")
        draft.notes.append(
            Note(
                "找不到发布机构：标题、落款、网页信息和开头段落都没有写明；记录为草稿，"
                "请填写发布机构（或用 --issuer 重新导入）",
                "issuer not found in the title, signature, page or opening; "
                "the record is a draft: fill it in (or import again with --issuer)",
                key="issuer",
            )
        )
    if draft.signed and not draft.signers and draft.issuers:
        draft.signers = list(draft.issuers)
        draft.notes.append(
            Note(
                "落款只有日期，落款单位取自发布机构，请核对",
                "signature has a date only; issuer used as signatory",
            )
        )
    draft.title = head.title or draft.metadata.get("title") or None
    if draft.title is None:
        draft.title_composed = True


def _issuers(draft: Draft, head: Head, town: KnownTown | None) -> list[str]:
    """The issuer as printed (title, then signature); else the first place named by the
    title, the page, the opening or the town's _town.yml, with a note saying which."""
    if head.issuers or draft.signers:
        return head.issuers or list(draft.signers)
    place = title_place(head.title)
    portal = draft.metadata.get("issuer") or ""
    opening = preamble_issuer(draft.preamble)
    found = [  # (the words read, the issuer they give, where they were read)
        (place, official_name(place or ""), "标题", "the title"),
        (portal if is_bare_place(portal) or is_org(portal) else None, official_name(portal),
         "网页信息", "the page"),
        (opening[1] if opening else None, opening[0] if opening else "", "开头段落", "the opening"),
    ]  # fmt: skip
    for words, name, zh, en in found:
        if words:
            # A town's office is named with its district when the content tree knows it.
            name = _with_district(name, town) if town and words != name else name
            draft.notes.append(_source_note(name, words, zh, en))
            return [name]
    if town:
        draft.notes.append(_source_note(town.issuer(), "", "_town.yml", "_town.yml"))
        return [town.issuer()]
    return []


def _with_district(name: str, town: KnownTown) -> str:
    """A composed town office named as signed, with its district (黔江区黎水镇人民政府)."""
    district = town.district or ""
    if not district or name.startswith(district) or town.kind in ("区政府", "县政府"):
        return name
    return district + name


def _source_note(name: str, words: str, zh: str, en: str) -> Note:
    if zh == "_town.yml":
        said = "按 _town.yml 和 _district.yml 的名称拼成"
        told = "composed from the names in _town.yml and _district.yml"
    else:
        said, told = f"取自{zh}中的“{words}”", f"taken from '{words}' in {en}"
    return Note(
        f"标题和落款没有写明发布机构，{said}：“{name}”，请核对",
        f"no issuer in the title or signature; {told}: '{name}' (please check)",
        key="issuer",
    )


def _year(draft: Draft, given: int | None) -> None:
    found = find_year(draft.title, *draft.preamble, *(n.title for n in draft.sections))
    if found is None and given is None:
        found = _year_fallback(draft)
    if given is not None and found is not None and given != found:
        draft.notes.append(
            Note(
                f"文件中的年度是 {found}，按 --year 使用 {given}",
                f"the document says {found}; using --year {given}",
            )
        )
    draft.year = given or found
    if draft.year is None:
        raise UserError(
            "无法确定报告年度：标题、正文和落款都没有写明年份，请用 --year 指定",
            "cannot tell the year: no year in the title, text or signature; pass --year",
        )
    if draft.title_composed:
        _compose_title(draft)


def _year_fallback(draft: Draft) -> int | None:
    """The year when only the signature or the body names one, with a note saying so."""
    year: int | None
    if draft.signed:
        year = draft.signed.year - 1  # reports are signed early in the following year
        said = f"落款日期 {draft.signed.isoformat()} 的前一年"
        told = "the year before the signature"
    else:
        year = most_frequent_year(_text_blocks(draft))
        said, told = "正文中出现最多的年份", "the year the text names most often"
    if year is not None:
        draft.notes.append(
            Note(
                f"标题和开头没有写明年度，取{said}：{year}，请核对（或用 --year 指定）",
                f"no year in the title or opening; took {told}: {year} (check, or pass --year)",
                key="year",
            )
        )
    return year


def _compose_title(draft: Draft) -> None:
    if not draft.issuers:  # nothing to compose from: left for the editor
        draft.gaps.append("title")
        draft.notes.append(
            Note(
                "原文没有标题，也找不到发布机构，无法拟定标题；记录为草稿，请填写标题",
                "the source has no title and no issuer to compose one; fill in the title",
                key="title",
            )
        )
        return
    # Named after the government of a joint issue (中共某镇委员会, 某镇人民政府).
    office = next((n for n in draft.issuers if "政府" in n or "办事处" in n), draft.issuers[0])
    draft.title = f"{office}{draft.year}年度法治政府建设情况报告"
    draft.notes.append(
        Note(
            f"原文没有标题，已拟定为“{draft.title}”，请核对",
            f"the source has no title; composed '{draft.title}'",
            key="title",
        )
    )


def _other_gaps(draft: Draft) -> None:
    """A missing signature or recipient: noted at the line to fill, never refused."""
    if not (draft.signers and draft.signed):
        draft.notes.append(
            Note(
                "没有找到落款（署名单位和日期）：记录为草稿，请在文件末尾补写 signature",
                "no signature (issuer and date) found: the record is a draft; "
                "add signature at the end",
                key="signature",
            )
        )
    if draft.recipient is None:
        draft.gaps.append("recipient")
        draft.notes.append(
            Note(
                "没有找到主送机关（如“区依法治区办：”）：原文如有请填写，没有可删去这一行",
                "no recipient found: fill it in if the source has one, else delete the line",
                key="recipient",
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
            elif "items" in block:  # an enumeration; a table's figures are laid out already
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
