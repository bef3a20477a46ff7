"""What every reader returns: the text of one document, as lines, and what reading noticed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.importer.draft import Note


@dataclass
class Source:
    """The text of one document: lines (paragraphs) plus what reading it noticed."""

    path: Path
    kind: str  # "text", "docx", "doc", "pdf", "html" or "ofd"
    lines: list[str]
    notes: list[Note] = field(default_factory=list)
