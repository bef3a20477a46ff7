"""The importer's working record: what one stage hands to the next.

Why not build the pydantic :class:`~generator.model.Report` directly: stages fill the
record in pieces (the head, the tail, the section tree, the enumerations, the metrics),
and a frozen model cannot be filled in. The draft becomes a record in :mod:`.record`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Note:
    """A warning for the editor: Chinese first, English in parentheses.

    A note about a field to fill names that field (``key``, top level of the record);
    once the record is written, ``line`` says where it stands (see :func:`locate`).
    """

    zh: str
    en: str
    key: str | None = None
    line: int | None = None

    def format(self) -> str:
        """``中文 (English)``, the project's message style, led by the line if known."""
        if self.key and self.line:
            where = f"第 {self.line} 行 {self.key}"
            return f"{where}：{self.zh} (line {self.line}, {self.key}: {self.en})"
        return f"{self.zh} ({self.en})"


def locate(notes: list[Note], text: str) -> list[Note]:
    """Notes about fields, with the line of ``text`` (the written record) holding each:
    the line of ``key:``, or the line after the end for a field the record lacks."""
    lines = text.splitlines()
    out = []
    for note in notes:
        if note.key is not None:
            at = next((n for n, ln in enumerate(lines, 1) if ln.startswith(f"{note.key}:")), None)
            note = replace(note, line=at or len(lines) + 1)
        out.append(note)
    return out


@dataclass
class Node:
    """A section under construction; ``body`` holds paragraphs, later enumerations too."""

    title: str
    level: int
    body: list[Any] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    part: str | None = None


@dataclass
class Draft:
    """Everything found in one source document, before it becomes a record."""

    title: str | None = None
    title_composed: bool = False
    issuers: list[str] = field(default_factory=list)
    recipient: str | None = None
    year: int | None = None
    preamble: list[str] = field(default_factory=list)
    sections: list[Node] = field(default_factory=list)
    closing: str | None = None
    signers: list[str] = field(default_factory=list)
    signed: dt.date | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    metrics: list[dict[str, str]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)  # fields written empty, for the editor

    def walk(self) -> list[Node]:
        """Every section in reading order (pre-order)."""
        out: list[Node] = []

        def visit(nodes: list[Node]) -> None:
            for node in nodes:
                out.append(node)
                visit(node.children)

        visit(self.sections)
        return out
