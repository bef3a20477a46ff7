"""Diagnostics: what editors read when a record is wrong, and the one user-error path.

Every problem in a record is reported as ``path:line:col: field: 中文说明 (English)`` so
that an editor (and any editor tool that understands compiler output) can jump to it.
A mistake that is not in a record (a missing file, a bad option, a failed engine) is a
:class:`UserError` printed as ``错误：中文 (error: English)``. Both are printed by the
command line in one place, with exit status 1 and no traceback.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from generator.numbering import MAX_SIBLINGS, chinese_numeral, heading_label

Loc = tuple[str | int, ...]  # where a value sits in a record: ("sections", 0, "title")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One located problem in one file."""

    path: str
    line: int
    col: int
    field: str
    zh: str
    en: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """Render as ``path:line:col: field: 中文 (English)``; warnings say so.

        Where the report has a name for the place (:func:`place`), it is given in Chinese
        and the dotted path moves into the English half:
        ``path:14:7: 第二部分（三）第 1 段: 不能为空 (sections[1].sections[2].body[0]: must
        not be empty)``. One line, starting with ``path:line:col:`` either way.
        """
        where = f"{self.path}:{self.line}:{self.col}"
        prefix = "警告 warning: " if self.severity is Severity.WARNING else ""
        named = place(self.field)
        if named:
            return f"{where}: {prefix}{named}: {self.zh} ({self.field}: {self.en})"
        label = f"{self.field}: " if self.field else ""
        return f"{where}: {prefix}{label}{self.zh} ({self.en})"


@dataclass
class Diagnostics:
    """Every diagnostic of one run, errors and warnings, in the order found."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diag: Diagnostic) -> None:
        self.items.append(diag)

    def extend(self, diags: Iterable[Diagnostic]) -> None:
        self.items.extend(diags)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        """By file, then line and column: the order an editor fixes them in."""
        return sorted(self.items, key=lambda d: (d.path, d.line, d.col, d.field))


class UserError(Exception):
    """A mistake in the user's input or command: printed cleanly, exit 1, no traceback.

    Either a message (``zh``, ``en``, optional ``detail`` lines such as an engine's own
    output) or the located diagnostics of records that failed.
    """

    def __init__(
        self,
        zh: str = "",
        en: str = "",
        *,
        detail: Iterable[str] = (),
        diagnostics: Diagnostics | None = None,
    ):
        self.zh, self.en, self.detail = zh, en, list(detail)
        self.diagnostics = diagnostics
        super().__init__(f"错误：{zh} (error: {en})" if zh else "输入有误 (invalid input)")

    def lines(self) -> list[str]:
        """What the command line prints, line by line."""
        if self.diagnostics is not None:
            return [d.format() for d in self.diagnostics.sorted()]
        return [str(self), *(f"  {line}" for line in self.detail)]


def field_path(loc: Iterable[str | int]) -> str:
    """('sections', 0, 'title') → 'sections[0].title'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def display_path(path: Path, root: Path | None = None) -> str:
    """Path as editors see it: relative to the working directory when possible."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root or Path.cwd()))
    return path.as_posix() if rel.startswith("..") else Path(rel).as_posix()


# Places as the report reads, for :func:`place`: the fields an editor finds by their name.
_SECTION_FIELDS = {
    "title": "的标题",
    "part": "的法定部分",
    "body": "的正文",
    "sections": "的下级标题",
}
_ENUMERATION_FIELDS = {
    "lead": "列举前的文字",
    "items": "列举各项",
    "tail": "列举后的文字",
    # a table block
    "caption": "表题",
    "header": "表头",
    "rows": "表格各行",
}
_ITEM_FIELDS = {
    "metrics": (
        "主要数据",
        {
            "label": "名称",
            "value": "数值",
            "unit": "单位",
            "qualifier": "限定词",
            "sentence": "原句",
        },
    ),
    "changes": ("更正记录", {"date": "日期", "note": "说明"}),
}
_MAPPINGS = {
    "signature": ("落款", {"issuer": "落款单位", "date": "落款日期"}),
    "metadata": (
        "公开属性",
        {
            "index_number": "索引号",
            "doc_number": "发文字号",
            "topic": "主题分类",
            "genre": "体裁分类",
            "written": "成文日期",
            "published": "发布日期",
            "validity": "有效性",
        },
    ),
}
_FIELD_PART = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def parse_field(text: str) -> Loc:
    """'sections[0].title' → ('sections', 0, 'title') (the inverse of :func:`field_path`)."""
    return tuple(int(m[1]) if m[1] is not None else m[2] for m in _FIELD_PART.finditer(text))


def place(field: str) -> str | None:
    """Where a field is, as the report reads: ``sections[1].sections[2].body[0]`` →
    第二部分（三）第 1 段, ``metrics[2]`` → 主要数据第 3 项, ``preamble[0]`` → 开头第 1 段,
    ``signature.date`` → 落款日期. None for a top-level field (its name says where it is)
    and for anything else (an unknown key, an index past what a report may hold)."""
    loc = parse_field(field)
    if not loc or not isinstance(loc[0], str):
        return None
    head, rest = loc[0], loc[1:]
    if head == "sections" and rest:
        return _section_place(rest)
    if head == "preamble" and len(rest) == 1 and isinstance(rest[0], int):
        return f"开头第 {rest[0] + 1} 段"
    if head in _ITEM_FIELDS and rest and isinstance(rest[0], int):
        name, fields = _ITEM_FIELDS[head]
        item = f"{name}第 {rest[0] + 1} 项"
        if len(rest) == 1:
            return item
        if len(rest) == 2 and rest[1] in fields:
            return f"{item}的{fields[str(rest[1])]}"
        return None
    if head in _MAPPINGS and len(rest) == 1:
        return _MAPPINGS[head][1].get(str(rest[0]))
    if head == "signature" and len(rest) == 2 and rest[0] == "issuer":
        return f"落款单位第 {int(rest[1]) + 1} 项" if isinstance(rest[1], int) else None
    return None


def _section_place(rest: Loc) -> str | None:
    """``[1].sections[2].body[0]`` (after the leading "sections") → 第二部分（三）第 1 段."""
    label, level = "", 0
    while rest and isinstance(rest[0], int):
        level += 1
        n = rest[0] + 1
        if n > MAX_SIBLINGS or level > 4:
            return None
        label += f"第{chinese_numeral(n)}部分" if level == 1 else heading_label(level, n)
        rest = rest[1:]
        if rest[:1] == ("sections",) and len(rest) > 1:
            rest = rest[1:]
    if not rest:
        return label
    if len(rest) == 1 and rest[0] in _SECTION_FIELDS:
        return label + _SECTION_FIELDS[str(rest[0])]
    if rest[0] == "body" and len(rest) >= 2 and isinstance(rest[1], int):
        paragraph = f"{label}第 {rest[1] + 1} 段"
        if len(rest) == 2:
            return paragraph
        if len(rest) == 3 and rest[2] in _ENUMERATION_FIELDS:
            return f"{paragraph}的{_ENUMERATION_FIELDS[str(rest[2])]}"
        if len(rest) == 4 and rest[2] == "items" and isinstance(rest[3], int):
            return f"{paragraph}列举第 {rest[3] + 1} 项"
        return _table_place(paragraph, rest[2:])
    return None


def _table_place(block: str, rest: Loc) -> str | None:
    """``header[1]`` → 表头第 2 格, ``rows[0][2]`` → 表格第 1 行第 3 格 (after the block)."""
    if len(rest) == 2 and rest[0] == "header" and isinstance(rest[1], int):
        return f"{block}的表头第 {rest[1] + 1} 格"
    if rest[:1] == ("rows",) and all(isinstance(i, int) for i in rest[1:]):
        cells = [f"第 {int(i) + 1} {unit}" for i, unit in zip(rest[1:], ("行", "格"), strict=False)]
        return f"{block}的表格" + "".join(cells) if len(rest) in (2, 3) else None
    return None
