"""What the importer tells the editor: one summary per file, a table for many, progress."""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass
from typing import TextIO

from generator.importer.pipeline import Imported
from generator.numbering import heading_label
from generator.regulation import PART_LABELS


@dataclass
class Row:
    """One line of the batch table: a file and how its import went."""

    file: str
    year: str = ""
    sections: str = ""
    metrics: str = ""
    coverage: str = ""
    warnings: str = ""
    result: str = ""


def describe(item: Imported, target: str) -> list[str]:
    """The summary of one import: sections, parts, metrics, coverage, warnings."""
    report = item.report
    total = sum(1 for _ in report.outline())
    lines = [
        f"已导入 {item.path} → {target} (imported)",
        f"  格式 (format): {item.kind}",
        f"  章节 (sections): {len(report.sections)} 个顶层，共 {total} 个 "
        f"({len(report.sections)} top-level, {total} in all)",
    ]
    for n, sec in enumerate(report.sections, 1):
        part = f" → {PART_LABELS[sec.part]} ({sec.part})" if sec.part else ""
        lines.append(f"    {heading_label(1, n)}{sec.title}{part}")
    present = {s.part for s in report.sections if s.part}
    missing = [label for key, label in PART_LABELS.items() if key not in present]
    lines.append(
        f"  法定部分 (required parts): {len(present)}/5"
        + (f"，未识别 (not found): {'、'.join(missing)}" if missing else "")
    )
    lines.append(f"  数据 (metrics): {len(report.metrics)} 项")
    lines.append(f"  覆盖率 (coverage): {item.coverage.ratio:.1%}")
    lines.append(f"  提示 (warnings): {len(item.notes)}")
    lines += [f"    - {note.format()}" for note in item.notes]
    return lines + _to_fill(item)


def _to_fill(item: Imported) -> list[str]:
    """The draft's to-do list: required fields written empty, with their lines."""
    lines = {n.key: n.line for n in item.notes if n.key in item.gaps}
    fields = [f"{key}（第 {lines[key]} 行）" if lines.get(key) else key for key in lines]
    required = [f for f, key in zip(fields, lines, strict=True) if key != "recipient"]
    if not required:
        return []
    return [
        f"  草稿，请填写 (draft; fill in): {'、'.join(required)}；"
        "填好后运行 python -m generator check (then run check)"
    ]


def row(item: Imported, file: str, result: str) -> Row:
    """The table row of a successful import."""
    report = item.report
    return Row(
        file,
        str(report.year),
        str(sum(1 for _ in report.outline())),
        str(len(report.metrics)),
        f"{item.coverage.ratio:.1%}",
        str(len(item.notes)),
        result,
    )


def table(rows: list[Row]) -> list[str]:
    """Rows aligned in columns, with Chinese characters counted double-width."""
    head = Row(
        "文件 file",
        "年度 year",
        "章节 sections",
        "数据 metrics",
        "覆盖率 coverage",
        "提示 warnings",
        "结果 result",
    )
    cells = [list(vars(r).values()) for r in (head, *rows)]
    widths = [max(_width(c[i]) for c in cells) for i in range(len(cells[0]))]
    return [
        "  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in cells
    ]


def progress(done: int, total: int, name: str, out: TextIO | None = None) -> None:
    """A progress bar on a terminal; one plain line per file otherwise (logs, CI)."""
    out = out or sys.stderr
    if not out.isatty():
        print(f"[{done}/{total}] {name}", file=out)
        return
    filled = round(30 * done / total)
    print(
        f"\r[{'#' * filled}{'-' * (30 - filled)}] {done}/{total} {name[:40]:<40}",
        end="\n" if done == total else "",
        file=out,
        flush=True,
    )


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
