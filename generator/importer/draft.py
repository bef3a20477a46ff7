"""The importer's working record: what one stage hands to the next.

Why not build the pydantic :class:`~generator.model.Report` directly: stages fill the
record in pieces (the head, the tail, the section tree, the enumerations, the metrics),
and a frozen model cannot be filled in. The draft becomes a record in :mod:`.record`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Note:
    """A warning for the editor: Chinese first, English in parentheses."""

    zh: str
    en: str

    def format(self) -> str:
        """``中文 (English)``, the project's message style."""
        return f"{self.zh} ({self.en})"


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

    def walk(self) -> list[Node]:
        """Every section in reading order (pre-order)."""
        out: list[Node] = []

        def visit(nodes: list[Node]) -> None:
            for node in nodes:
                out.append(node)
                visit(node.children)

        visit(self.sections)
        return out
