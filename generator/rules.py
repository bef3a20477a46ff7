"""Report rules: what the schema cannot say about one report, checked as errors.

The schema (:mod:`generator.model`) checks each field on its own; these rules check a
report against itself (a metric must quote the text), against its place in the content
tree (file name, town folder) and against seeds/ (its source document). What a
supervisor should see but what must not stop publishing is advice (:mod:`.advice`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.load import Loaded
from generator.model import MAX_SECTION_DEPTH, Report, Town


@dataclass(frozen=True)
class Expected:
    """What a report's place in the content tree says about it."""

    year: int  # from the file name, 2020.yml
    town: Town | None  # from _town.yml beside it (None when that file is broken)
    seeds: Path
    today: dt.date


def check_report(loaded: Loaded, report: Report, expected: Expected) -> list[Diagnostic]:
    """Every rule, in the order an editor reads the file."""
    return [
        *_sections(loaded, report),
        *_metrics(loaded, report),
        *_place(loaded, report, expected),
        *_source(loaded, report, expected.seeds),
    ]


def _sections(loaded: Loaded, report: Report) -> Iterator[Diagnostic]:
    """`part` only on top-level sections; no deeper than the four official levels."""
    for placed in report.outline():
        if placed.depth > 1 and placed.section.part is not None:
            yield loaded.problem(
                (*placed.loc, "part"),
                "part 只能用于顶层标题",
                "part is allowed on top-level sections only",
            )
        if placed.depth > MAX_SECTION_DEPTH:
            yield loaded.problem(
                placed.loc,
                f"标题层级超过 {MAX_SECTION_DEPTH} 级（一、（一）1.（1））",
                f"more than {MAX_SECTION_DEPTH} heading levels",
            )


def _metrics(loaded: Loaded, report: Report) -> Iterator[Diagnostic]:
    """A metric must quote the text it comes from, and its value must be in that quote."""
    text = report.body_text()
    for i, metric in enumerate(report.metrics):
        loc = ("metrics", i, "sentence")
        if metric.sentence not in text:
            yield loaded.problem(
                loc,
                "这句话在正文中找不到，请从正文原样复制",
                "sentence not found verbatim in the report text",
            )
        elif metric.printed() not in metric.sentence:
            yield loaded.problem(
                loc,
                f"句中没有“{metric.printed()}”，请核对数值、单位和限定词",
                f"'{metric.printed()}' is not in the sentence",
            )


def _place(loaded: Loaded, report: Report, expected: Expected) -> Iterator[Diagnostic]:
    """The report names its town, and its year matches its file name and has passed."""
    town = expected.town
    if town is not None and not any(town.name in text for text in (*report.issuer, report.title)):
        yield loaded.problem(
            ("issuer",),
            f"发布机构和标题都不含所在镇街“{town.name}”，文件是否放错了目录？",
            f"neither issuer nor title names the town '{town.name}': "
            "is the file in the wrong folder?",
        )
    if report.year != expected.year:
        yield loaded.problem(
            ("year",),
            f"年度 {report.year} 与文件名 {expected.year}.yml 不一致",
            f"year {report.year} does not match file name {expected.year}.yml",
        )
    if report.year > expected.today.year:
        yield loaded.problem(
            ("year",), f"年度 {report.year} 尚未到来", f"year {report.year} is in the future"
        )


def _source(loaded: Loaded, report: Report, seeds: Path) -> Iterator[Diagnostic]:
    """The source document must be a file inside seeds/."""
    if report.source is None:
        return
    target = (seeds / report.source).resolve()
    if ".." in Path(report.source).parts or not target.is_file():
        yield loaded.problem(
            ("source",),
            f"在 seeds/ 中找不到原始文件 {report.source}",
            f"source file {report.source} not found in seeds/",
        )
