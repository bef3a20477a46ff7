"""Tables: Word, HTML and .doc tables, and pipe tables typed in text → the record's table block.

Every reader writes a table row as one pipe line, ``| 东村 | 12 | 340人 |``, empty cells
kept (so the columns line up); the structure stage turns a run of such lines into a
``{caption, header, rows}`` block (:class:`generator.model.Table`). Why one line format:
the stages between reading and structure (portal, clean) work on lines, and a pipe
table typed in a text file is the same thing as a Word table once read.
"""

from __future__ import annotations

import re
from typing import Any

# `|---|:--:|` under a Markdown-style header: layout, not a row.
_RULE = re.compile(r"^\|[\s:|\-—–]*\|$")
# A caption is a short line of its own that names a table (表1, …情况表, …统计, …一览).
_CAPTION = re.compile(
    r"^(?:附?表\s*[0-9一二三四五六七八九十]+|.{2,40}(?:表|统计|一览|情况))[^。；;]{0,20}$"
)
MAX_CAPTION = 60


def row_line(cells: list[str]) -> str:
    """One table row as the pipe line the structure stage reads; a "|" inside a cell
    becomes the full-width "｜" so it cannot split the cell."""
    tidy = [" ".join(c.replace("|", "｜").split()) for c in cells]
    return "| " + " | ".join(tidy) + " |"


def is_row(line: str) -> bool:
    """A pipe line with at least two cells (a rule line counts: it belongs to the table)."""
    text = line.strip()
    return len(text) > 2 and text.startswith("|") and text.endswith("|") and "|" in text[1:-1]


def cells_of(line: str) -> list[str] | None:
    """The cells of a pipe row; None for a rule line."""
    text = line.strip()
    if _RULE.match(text):
        return None
    return [c.strip() for c in text[1:-1].split("|")]


def table_block(lines: list[str], caption: str | None = None) -> dict[str, Any] | str:
    """The table block of a run of pipe rows: the first row is the header.

    Rows narrower than the widest are padded with blank cells (Word's merged cells leave
    them short). A run of one row is no table: its cells become one line of text.
    """
    rows = [cells for ln in lines if (cells := cells_of(ln)) is not None]
    rows = [r for r in rows if any(r)]
    if len(rows) < 2:
        return "　".join(c for r in rows for c in r if c)
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    block: dict[str, Any] = {"caption": caption, "header": rows[0], "rows": rows[1:]}
    return block


def is_caption(text: str) -> bool:
    """Whether a paragraph just above a table is its caption (表1 …, …情况统计表)."""
    return len(text) <= MAX_CAPTION and bool(_CAPTION.match(text))
