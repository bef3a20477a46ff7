"""Advice: what a supervisor wants flagged, but what must not stop publishing.

Printed as warnings by ``check`` (``check --strict`` makes them errors). Each rule
follows the 2019 regulation (法治政府建设与责任落实督察工作规定) or the house style of
official documents (GB/T 9704-2012).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from generator.diagnostics import Diagnostic, Loc, Severity, field_path
from generator.figures import FIGURE
from generator.importer.clean import BULLETS, page_number_in, word_list_mark
from generator.importer.text import letters
from generator.load import Loaded
from generator.model import Report, Table
from generator.numbering import parse_marker
from generator.regulation import PART_LABELS, deadline


def _warn(loaded: Loaded, loc: Loc, zh: str, en: str) -> Diagnostic:
    return loaded.problem(loc, zh, en, Severity.WARNING)


def numbering(report: Report, loaded: Loaded) -> Iterator[Diagnostic]:
    """Titles must not carry typed numbering; typed numbers out of order are drift."""
    for placed in report.outline():
        here, number = (*placed.loc, "title"), placed.numbers[-1]
        marker = parse_marker(placed.section.title)
        typed = marker.number if marker is not None else None
        if typed is not None and typed != number:
            yield _warn(
                loaded,
                here,
                f"编号错乱：第 {number} 项写成了第 {typed} 项；标题不必写编号，网站自动编号",
                f"numbering drift: item {number} is typed as {typed}; "
                "leave numbers out, the site numbers headings",
            )
        elif typed is not None:
            yield _warn(
                loaded,
                here,
                "标题含有编号；网站会自动编号，请删除",
                "title starts with typed numbering; the site numbers headings",
            )


def parts(report: Report, loaded: Loaded) -> Iterator[Diagnostic]:
    """The five parts the regulation asks every annual report to cover."""
    present = {s.part for s in report.sections if s.part}
    missing = [label for key, label in PART_LABELS.items() if key not in present]
    if missing:
        yield _warn(
            loaded,
            ("sections",),
            "缺少法定报告部分：" + "；".join(missing),
            f"required parts not marked: {len(missing)} of 5 (set `part:` on sections)",
        )


def dates(report: Report, loaded: Loaded) -> Iterator[Diagnostic]:
    """Published before 1 April of the next year; signed after the year ended."""
    published = report.metadata.published
    if published is not None and published > deadline(report.year):
        yield _warn(
            loaded,
            ("metadata", "published"),
            f"发布日期 {published} 晚于规定的 {report.year + 1} 年 4 月 1 日之前",
            f"published {published}, after the 1 April {report.year + 1} deadline",
        )
    sig = report.signature
    if sig is not None and sig.date <= dt.date(report.year, 12, 31):
        yield _warn(
            loaded,
            ("signature", "date"),
            f"落款日期 {sig.date} 早于 {report.year} 年度结束",
            f"signed {sig.date}, before the year {report.year} ended",
        )


def figures(report: Report, loaded: Loaded) -> Iterator[Diagnostic]:
    """A figure stated in the text should be a metric, so it can be compared."""
    for loc, text in report.paragraphs():
        for match in FIGURE.finditer(text):
            figure, value = match.group(), Decimal(match.group("num"))
            if not any(m.value == value and figure in m.sentence for m in report.metrics):
                yield _warn(
                    loaded,
                    loc,
                    f"正文中的数据“{figure}”未列入 metrics（主要数据）",
                    f"figure '{figure}' in the text is not in metrics",
                )


def twice_marked(report: Report, loaded: Loaded) -> Iterator[Diagnostic]:
    """A required part marked on two top-level sections: usually a copied section whose
    ``part:`` was not changed. A warning, not an error: some reports do split a part
    (主要举措 / 取得成效 as two sections), and nothing on the page breaks."""
    first: dict[str, int] = {}
    for i, section in enumerate(report.sections):
        if section.part is None:
            continue
        if section.part in first:
            label, n = PART_LABELS[section.part], first[section.part] + 1
            yield _warn(
                loaded,
                ("sections", i, "part"),
                f"“{label}”（part: {section.part}）已标在第 {n} 个标题上；"
                "如果这一部分是另一个法定部分，请改正 part:，否则删去这一行",
                f"part '{section.part}' is already marked on section {n}: "
                "correct this part: or delete the line",
            )
        else:
            first[section.part] = i


def _same(text: str) -> str:
    """Text compared as an editor sees it: without spaces and punctuation."""
    return letters(text)


def _line(loaded: Loaded, loc: Loc) -> int:
    return loaded.where(loc)[0]


MIN_DUPLICATE = 15  # letters; "无。" or "特此报告。" may well appear twice


def pasted_twice(report: Report, loaded: Loaded) -> Iterator[Diagnostic]:
    """A section or a paragraph pasted twice (compared without spaces and punctuation)."""
    seen_sections: dict[str, Loc] = {}
    doubled: list[Loc] = []
    for placed in report.outline():
        sec = placed.section
        key = _same("".join(b if isinstance(b, str) else b.text() for b in sec.body))
        if len(key) < MIN_DUPLICATE:
            continue
        if key in seen_sections:
            doubled.append(placed.loc)
            yield _warn(
                loaded,
                (*placed.loc, "title"),
                f"这一节的正文与第 {_line(loaded, seen_sections[key])} 行的一节完全相同，"
                "是否粘贴了两次？请删去重复的一节",
                f"this section's text is the same as {field_path(seen_sections[key])}'s "
                f"(line {_line(loaded, seen_sections[key])}): pasted twice? delete the copy",
            )
        else:
            seen_sections[key] = placed.loc
    seen: dict[str, Loc] = {}
    for loc, text in report.paragraphs():
        key = _same(text)
        if len(key) < MIN_DUPLICATE:
            continue
        if key not in seen:
            seen[key] = loc
        elif not any(loc[: len(d)] == d for d in doubled):
            yield _warn(
                loaded,
                loc,
                f"这一段与第 {_line(loaded, seen[key])} 行的一段完全相同，"
                "是否粘贴了两次？请删去重复的一段",
                f"this paragraph is the same as {field_path(seen[key])} "
                f"(line {_line(loaded, seen[key])}): pasted twice? delete the copy",
            )


def pasted(report: Report, loaded: Loaded) -> Iterator[Diagnostic]:
    """What a copy from a PDF or Word leaves in a paragraph: page numbers, bullets, tabs.

    Line breaks need no advice: the lines of a paragraph are joined when it is read.
    The patterns are the importer's (:mod:`generator.importer.clean`), so ``clean``
    removes exactly what is flagged here.
    """
    for loc, text in _pieces(report):
        page = page_number_in(text)
        if page is not None:
            yield _warn(
                loaded,
                loc,
                f"段落中有页码“{page}”，像是从 PDF 复制时带进来的，请删除"
                "（可用 python -m generator clean 清理粘贴的文字）",
                f"page number '{page}' inside the paragraph, copied from a PDF: delete it "
                "(python -m generator clean cleans pasted text)",
            )
        mark = word_list_mark(text)
        if mark is not None and mark.strip() in BULLETS:
            yield _warn(
                loaded,
                loc,
                f"段首有 Word 项目符号“{mark.strip()}”，请删除；网站不显示项目符号",
                f"Word bullet '{mark.strip()}' at the start of the paragraph: delete it",
            )
        elif "\t" in text:
            yield _warn(
                loaded,
                loc,
                "段落中有制表符（Tab），多是从 Word 复制编号（如“1.”后的 Tab）时带进来的，请删除",
                "tab character in the paragraph (after Word list numbering such as '1.'): "
                "delete it",
            )


def _pieces(report: Report) -> Iterator[tuple[Loc, str]]:
    """Every paragraph, an enumeration piece by piece (lead, each item, tail): advice
    about a pasted line points at the item's own line."""
    for i, text in enumerate(report.preamble):
        yield ("preamble", i), text
    for placed in report.outline():
        for j, block in enumerate(placed.section.body):
            loc = (*placed.loc, "body", j)
            if isinstance(block, str):
                yield loc, block
                continue
            if isinstance(block, Table):
                continue  # cells are short figures and names, not pasted paragraphs
            if block.lead:
                yield (*loc, "lead"), block.lead
            for k, item in enumerate(block.items):
                yield (*loc, "items", k), item
            if block.tail:
                yield (*loc, "tail"), block.tail


def publication(report: Report, loaded: Loaded) -> Iterator[Diagnostic]:
    """Published after it was written; a finished report says when it was published."""
    meta = report.metadata
    if meta.published is not None and meta.written is not None and meta.published < meta.written:
        yield _warn(
            loaded,
            ("metadata", "published"),
            f"发布日期 {meta.published} 早于成文日期 {meta.written}，请核对两个日期",
            f"published {meta.published}, before it was written ({meta.written}): check both dates",
        )
    # Every finished report says when it went public: supervisors read the date, and the
    # public site says "未注明发布日期" where it is missing.
    if meta.published is None and not report.draft:
        if ("metadata",) in loaded.marks:
            zh = "没有填写发布日期：请在 metadata 下填写 published: YYYY-MM-DD"
        else:
            zh = "没有填写发布日期：请加上 metadata: 一段，在其下写 published: YYYY-MM-DD"
        yield _warn(
            loaded,
            ("metadata", "published"),
            zh + "（门户网站上公开的日期）；尚未完成的报告请写 draft: true",
            "no publication date: fill in metadata.published (YYYY-MM-DD, the day it was "
            "published on the portal); mark an unfinished report with draft: true",
        )


RULES = (parts, twice_marked, dates, publication, numbering, pasted, pasted_twice, figures)


def advise(report: Report, loaded: Loaded) -> list[Diagnostic]:
    """All advice for one report."""
    return [d for rule in RULES for d in rule(report, loaded)]
