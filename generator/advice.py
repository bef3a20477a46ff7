"""Advice: what a supervisor wants flagged, but what must not stop publishing.

Printed as warnings by ``check`` (``check --strict`` makes them errors). Each rule
follows the 2019 regulation (法治政府建设与责任落实督察工作规定) or the house style of
official documents (GB/T 9704-2012).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

from generator.diagnostics import Diagnostic, Severity, field_path
from generator.load import Loaded
from generator.model import PART_LABELS, Enumeration, Report, Section

# Numbering an editor may have typed into a title: 一、 （一） (一) 一) 1. 1、 （1） (1)
TYPED_NUMBER = re.compile(
    r"^\s*(?:([一二三四五六七八九十]+)、|[（(]([一二三四五六七八九十]+)[）)]|([一二三四五六七八九十]+)[）)]"
    r"|(\d+)[.、．]|[（(](\d+)[）)])"
)
# A figure with a measure word, as reports state them: 47名, 35余条, 98%, 300余人次.
FIGURE = re.compile(
    r"(?<![\d.〔\[（(])(\d+(?:\.\d+)?)(余|多)?(人次|名|个|份|条|件|次|场|户|%|万元)"
)
_CN = "一二三四五六七八九十"


def _warn(shown: str, loaded: Loaded, loc: tuple, zh: str, en: str) -> Diagnostic:
    line, col = loaded.where(loc)
    return Diagnostic(shown, line, col, field_path(loc), zh, en, Severity.WARNING)


def _cn_value(text: str) -> int:
    if text == "十":
        return 10
    if len(text) == 1:
        return _CN.index(text) + 1
    tens, _, ones = text.partition("十")
    return (_CN.index(tens) + 1 if tens else 1) * 10 + (_CN.index(ones) + 1 if ones else 0)


def _typed_number(title: str) -> int | None:
    match = TYPED_NUMBER.match(title)
    if not match:
        return None
    text = next(g for g in match.groups() if g)
    return int(text) if text.isdigit() else _cn_value(text)


def numbering(report: Report, loaded: Loaded, shown: str) -> Iterator[Diagnostic]:
    """Titles must not carry typed numbering; typed numbers out of order are drift."""

    def walk(sections: list[Section], loc: tuple) -> Iterator[Diagnostic]:
        for i, sec in enumerate(sections):
            here = (*loc, i, "title")
            typed = _typed_number(sec.title)
            if typed is not None and typed != i + 1:
                yield _warn(
                    shown,
                    loaded,
                    here,
                    f"编号错乱：第 {i + 1} 项写成了第 {typed} 项；标题不必写编号，网站自动编号",
                    f"numbering drift: item {i + 1} is typed as {typed}; "
                    "leave numbers out, the site numbers headings",
                )
            elif typed is not None:
                yield _warn(
                    shown,
                    loaded,
                    here,
                    "标题含有编号；网站会自动编号，请删除",
                    "title starts with typed numbering; the site numbers headings",
                )
            yield from walk(sec.sections, (*loc, i, "sections"))

    yield from walk(report.sections, ("sections",))


def parts(report: Report, loaded: Loaded, shown: str) -> Iterator[Diagnostic]:
    """The five parts the regulation asks every annual report to cover."""
    present = {s.part for s in report.sections if s.part}
    missing = [label for key, label in PART_LABELS.items() if key not in present]
    if missing:
        yield _warn(
            shown,
            loaded,
            ("sections",),
            "缺少法定报告部分：" + "；".join(missing),
            f"required parts not marked: {len(missing)} of 5 (set `part:` on sections)",
        )


def dates(report: Report, loaded: Loaded, shown: str) -> Iterator[Diagnostic]:
    """Published before 1 April of the next year; signed after the year ended."""
    deadline = dt.date(report.year + 1, 3, 31)
    published = report.metadata.published
    if published is not None and published > deadline:
        yield _warn(
            shown,
            loaded,
            ("metadata", "published"),
            f"发布日期 {published} 晚于规定的 {report.year + 1} 年 4 月 1 日之前",
            f"published {published}, after the 1 April {report.year + 1} deadline",
        )
    sig = report.signature
    if sig is not None and sig.date <= dt.date(report.year, 12, 31):
        yield _warn(
            shown,
            loaded,
            ("signature", "date"),
            f"落款日期 {sig.date} 早于 {report.year} 年度结束",
            f"signed {sig.date}, before the year {report.year} ended",
        )


def _paragraphs(report: Report) -> Iterator[tuple[tuple, str]]:
    for i, text in enumerate(report.preamble):
        yield ("preamble", i), text

    def walk(sections: list[Section], loc: tuple) -> Iterator[tuple[tuple, str]]:
        for i, sec in enumerate(sections):
            for j, block in enumerate(sec.body):
                here = (*loc, i, "body", j)
                if isinstance(block, Enumeration):
                    yield here, "".join(x or "" for x in (block.lead, *block.items, block.tail))
                else:
                    yield here, block
            yield from walk(sec.sections, (*loc, i, "sections"))

    yield from walk(report.sections, ("sections",))


def figures(report: Report, loaded: Loaded, shown: str) -> Iterator[Diagnostic]:
    """A figure stated in the text should be a metric, so it can be compared."""
    for loc, text in _paragraphs(report):
        for match in FIGURE.finditer(text):
            figure, value = match.group(), Decimal(match.group(1))
            if not any(m.value == value and figure in m.sentence for m in report.metrics):
                yield _warn(
                    shown,
                    loaded,
                    loc,
                    f"正文中的数据“{figure}”未列入 metrics（主要数据）",
                    f"figure '{figure}' in the text is not in metrics",
                )


RULES = (parts, dates, numbering, figures)


def advise(report: Report, loaded: Loaded, shown: str) -> list[Diagnostic]:
    """All advice for one report."""
    return [d for rule in RULES for d in rule(report, loaded, shown)]
