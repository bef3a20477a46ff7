"""Coverage stage: how much of the source body the record holds, in order.

Both sides are compared as letters, digits and ideographs only: punctuation, spaces and
heading numbers do not count (the site prints headings and their numbers itself), so
100% means every word of the source is in the record, in the source's order.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from generator.importer.tail import DATE, parse_date
from generator.importer.text import letters
from generator.model import Report
from generator.numbering import chinese_date, strip_marker

SHOW = 30  # characters of lost text quoted per warning


@dataclass
class Coverage:
    """Share of the source found in the record, and the pieces that were not."""

    total: int
    found: int
    lost: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """Found / total, 1.0 for an empty source."""
        return self.found / self.total if self.total else 1.0


def source_stream(lines: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The source as letters only, with each letter's (line, column) to quote losses."""
    chars: list[str] = []
    where: list[tuple[int, int]] = []
    for n, line in enumerate(lines):
        text = strip_marker(line)
        date = parse_date(text) if DATE.fullmatch(text.strip()) else None
        if date:  # "2021年01月05日" is kept as a date and printed 2021年1月5日
            text = chinese_date(date.year, date.month, date.day)
        offset = len(line) - len(text) if text and line.endswith(text) else 0
        for col, char in enumerate(text):
            if char.isalnum():
                chars.append(char)
                where.append((n, offset + col))
    return "".join(chars), where


def record_stream(report: Report) -> str:
    """The record's text in reading order, as letters only."""
    parts = [report.title, report.recipient or "", *report.preamble]
    for placed in report.outline():
        parts.append(placed.section.title)
        parts += [b if isinstance(b, str) else b.text() for b in placed.section.body]
    parts.append(report.closing or "")
    if report.signature:
        d = report.signature.date
        parts += [*report.signature.issuer, chinese_date(d.year, d.month, d.day)]
    return letters("".join(parts))


def measure(lines: list[str], report: Report) -> Coverage:
    """Compare the cleaned source lines with the record."""
    source, where = source_stream(lines)
    matcher = difflib.SequenceMatcher(None, source, record_stream(report), autojunk=False)
    found = sum(block.size for block in matcher.get_matching_blocks())
    lost = []
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            (line, start), (last, end) = where[i1], where[i2 - 1]
            text = lines[line][start : end + 1] if line == last else lines[line][start:] + "…"
            lost.append(text[:SHOW] + ("…" if len(text) > SHOW else ""))
    return Coverage(len(source), found, lost)
