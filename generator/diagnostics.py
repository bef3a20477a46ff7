"""Diagnostics: what editors read when a record is wrong, and the one user-error path.

Every problem in a record is reported as ``path:line:col: field: 中文说明 (English)`` so
that an editor (and any editor tool that understands compiler output) can jump to it.
A mistake that is not in a record (a missing file, a bad option, a failed engine) is a
:class:`UserError` printed as ``错误：中文 (error: English)``. Both are printed by the
command line in one place, with exit status 1 and no traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

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
        """Render as ``path:line:col: field: 中文 (English)``; warnings say so."""
        where = f"{self.path}:{self.line}:{self.col}"
        label = f"{self.field}: " if self.field else ""
        prefix = "警告 warning: " if self.severity is Severity.WARNING else ""
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
