"""Word reader: a .docx → lines, with automatic numbering written out and tables flattened.

Why compute numbering: Word stores "一、" or "（1）" of a numbered list as a list
definition, not as text, so ``paragraph.text`` alone would lose every heading number
the structure stage relies on.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.importer.draft import Note
from generator.importer.sources import Source, user_error
from generator.numbering import chinese_numeral

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
        raise user_error(f"无法打开 Word 文件（已损坏，或不是 .docx）：{path}",
                         f"cannot open the Word file (damaged or not .docx): {path}") from None
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
        notes.append(Note(f"文件含 {tables} 个表格，已按行转为段落，单元格以“|”分隔，请核对",
                          f"{tables} table(s) flattened: one paragraph per row, cells joined by '|'"))
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
        line = "|".join(c for c in cells if c)
        if line:
            lines.append(line)
    return lines


@dataclass
class Level:
    fmt: str
    text: str
    start: int


@dataclass
class Numbering:
    """Word's list definitions, and the running counters that turn them into labels."""

    root: Any
    levels: dict[tuple[str, int], Level] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        abstract = {a.get(f"{w}abstractNumId"): a for a in self.root.iter(f"{w}abstractNum")}
        for num in self.root.iter(f"{w}num"):
            ref = num.find(f"{w}abstractNumId")
            definition = abstract.get(ref.get(f"{w}val")) if ref is not None else None
            if definition is None:
                continue
            for lvl in definition.iter(f"{w}lvl"):
                key = (num.get(f"{w}numId"), int(lvl.get(f"{w}ilvl", "0")))
                self.levels[key] = Level(_val(lvl, f"{w}numFmt", "decimal"),
                                         _val(lvl, f"{w}lvlText", ""),
                                         int(_val(lvl, f"{w}start", "1")))

    def label(self, para: Any) -> str:
        """The number Word would show before this paragraph ("" when not numbered)."""
        num_id, ilvl = _num_pr(para)
        if num_id is None or (num_id, ilvl) not in self.levels:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0  # a higher level restarts the ones below it
        text = self.levels[(num_id, ilvl)].text
        if self.levels[(num_id, ilvl)].fmt in ("bullet", "none"):
            return ""
        for k in range(ilvl, -1, -1):  # %10 does not exist: levels are 1–9
            level = self.levels.get((num_id, k))
            if level is not None:
                value = level.start - 1 + max(counts[k], 1)
                text = text.replace(f"%{k + 1}", format_number(value, level.fmt))
        return text


def _val(element: Any, tag: str, default: str) -> str:
    child = element.find(tag)
    w_val = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"
    return child.get(w_val, default) if child is not None else default


def _num_pr(para: Any) -> tuple[str | None, int]:
    """numId and level of a paragraph: its own numPr, else its style's."""
    for holder in (para._p, getattr(para.style, "element", None)):
        ppr = getattr(holder, "pPr", None)
        num_pr = getattr(ppr, "numPr", None) if ppr is not None else None
        if num_pr is not None and num_pr.numId is not None:
            ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
            return str(num_pr.numId.val), int(ilvl)
    return None, 0


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def format_number(value: int, fmt: str) -> str:
    """A counter in one of Word's number formats (the ones Chinese documents use)."""
    if fmt.startswith(("chinese", "ideograph", "japaneseCounting", "taiwanese")) and value < 100:
        return chinese_numeral(value)
    if fmt.startswith("decimalEnclosedCircle") and value <= len(_CIRCLED):
        return _CIRCLED[value - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(value))
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and value < 40:
        out = ""
        for size, numeral in _ROMAN:
            while value >= size:
                out, value = out + numeral, value - size
        return out if fmt == "upperRoman" else out.lower()
    return str(value)
