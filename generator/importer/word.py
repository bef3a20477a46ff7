"""Word reader: a .docx → lines, automatic numbering written out, tables as pipe rows.

Why compute numbering: Word stores "一、" or "（1）" of a numbered list as a list
definition, not as text, so ``paragraph.text`` alone would lose every heading number
the structure stage relies on (see :mod:`.listnumbers`).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from generator.diagnostics import UserError
from generator.importer.draft import Note
from generator.importer.listnumbers import Numbering
from generator.importer.source import Source
from generator.importer.tables import row_line

# U+3000 marks "bold run-in heading ends here"; see _paragraph_text.
HEADING_GAP = "\u3000"
_STOPS = set("。！？：；，,.;:!?")


def read_docx(path: Path) -> Source:
    """Paragraphs and table rows of a .docx in document order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise UserError(
            f"无法打开 Word 文件（已损坏，或不是 .docx）：{path}",
            f"cannot open the Word file (damaged or not .docx): {path}",
        ) from None
    numbering = Numbering(doc.part.numbering_part.element)
    lines: list[str] = []
    tables = 0
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(_paragraph_lines(child, doc, numbering))
        elif tag == "tbl":
            tables += 1
            lines.extend(_table_lines(child, doc))
    notes = []
    if tables:
        notes.append(
            Note(
                f"文件含 {tables} 个表格，已转为记录中的表格（第一行作表头），请核对",
                f"{tables} table(s) kept as tables (first row as header): check them",
            )
        )
    return Source(path, "docx", lines, notes)


def _paragraph_lines(element: Any, doc: Any, numbering: Numbering) -> list[str]:
    from docx.text.paragraph import Paragraph

    para = Paragraph(element, doc)
    text = numbering.label(para) + _paragraph_text(para)
    return text.split("\n")  # a manual line break (Shift+Enter) starts a new line


def _paragraph_text(para: Any) -> str:
    """The paragraph's text, with a gap after a bold lead that has no stop of its own.

    Why: Word reports often set a run-in heading in bold with no full stop before the
    body ("（一）加强组织领导我镇……"); the bold run is the only sign of where it ends.
    """
    text = para.text
    runs = [(r.text, bool(r.bold)) for r in para.runs if r.text]
    if not runs or "".join(t for t, _ in runs) != text or not runs[0][1]:
        return text
    lead = 0
    for run_text, bold in runs:
        if not bold:
            break
        lead += len(run_text)
    if 0 < lead < len(text) and text[lead - 1] not in _STOPS and not text[lead - 1].isspace():
        return text[:lead] + HEADING_GAP + text[lead:]
    return text


def _table_lines(element: Any, doc: Any) -> list[str]:
    from docx.table import Table

    lines = []
    for row in Table(element, doc).rows:
        seen: list[Any] = []
        cells = []
        for cell in row.cells:
            if any(cell._tc is s for s in seen):  # a merged cell repeats across its span
                continue
            seen.append(cell._tc)
            cells.append("".join(cell.text.split("\n")).strip())
        if any(cells):
            lines.append(row_line(cells))
    return lines
