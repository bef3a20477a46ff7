"""Advice: what a supervisor wants flagged, but what must not stop publishing.

Printed as warnings by ``check`` (``check --strict`` makes them errors). Each rule
follows the 2019 regulation (法治政府建设与责任落实督察工作规定) or the house style of
official documents (GB/T 9704-2012).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from generator.diagnostics import Diagnostic, Loc, Severity
from generator.figures import FIGURE
from generator.load import Loaded
from generator.model import Report
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


RULES = (parts, dates, numbering, figures)


def advise(report: Report, loaded: Loaded) -> list[Diagnostic]:
    """All advice for one report."""
    return [d for rule in RULES for d in rule(report, loaded)]
