"""OFD reader: an OFD file (GB/T 33190, China's format for electronic official documents) → lines.

An OFD is a zip of XML: OFD.xml names the document (DocRoot), Document.xml lists its pages
(Pages/Page/@BaseLoc), and each page's Content.xml holds TextObject elements, placed by a
Boundary, whose TextCode children carry the text with its X/Y and per-glyph DeltaX.
This reader takes every TextCode of every page, sets the pieces on lines by position,
and then joins lines into paragraphs exactly as the PDF reader does (:func:`.pdf.join_lines`).

Why not easyofd (the PyPI reader): it is built to render OFD to PDF and images, so it
drags in PyMuPDF (AGPL, ~50 MB), Pillow, fontTools, reportlab and loguru, puts the working
directory on ``sys.path`` at import, and hands back positioned glyphs that would still need
this same line-building. The standard library's zipfile and ElementTree read the text in
about a hundred lines.

Not read: template pages (running headers), annotations, seals and signatures (images),
embedded attachments; a scanned OFD (page images only) is a user error asking for OCR.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from generator.diagnostics import UserError
from generator.importer.clean import is_page_number
from generator.importer.draft import Note
from generator.importer.pdf import join_lines
from generator.importer.source import Source
from generator.text import glue

MAX_PART = 20_000_000  # bytes of one unpacked XML part: more is a zip bomb, not a report


@dataclass
class Piece:
    """One TextCode's text on the page, in the page's units (millimetres)."""

    x0: float
    x1: float
    y: float
    size: float
    text: str


def read_ofd(path: Path) -> Source:
    """Paragraphs of a text OFD, page by page, with layout line breaks joined."""
    try:
        with zipfile.ZipFile(path) as z:
            pages = [_page_lines(z, p) for p in _page_parts(z)]
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError):
        raise UserError(
            f"无法打开 OFD 文件（已损坏，或不是 OFD）：{path}",
            f"cannot open the OFD file (damaged or not OFD): {path}",
        ) from None
    pages = [[ln for ln in lines if not is_page_number(ln["text"], bare=True)] for lines in pages]
    if not any(lines for lines in pages):
        raise UserError(
            f"OFD 没有文字（可能是扫描件），请先做文字识别（OCR）再导入：{path}",
            f"the OFD holds no text (a scan?); run OCR first: {path}",
        )
    note = Note(
        "OFD 按版面拼接断行，请核对段落划分", "OFD lines joined by layout; check paragraphs"
    )
    return Source(path, "ofd", join_lines(pages), [note])


def _page_parts(z: zipfile.ZipFile) -> list[str]:
    """Names of the page Content.xml parts of the first document, in page order."""
    root = _xml(z, "OFD.xml")
    doc_root = _first(root, "DocRoot")
    if doc_root is None or not (doc_root.text or "").strip():
        raise ValueError("no DocRoot")
    doc = _resolve(z, "", doc_root.text or "")
    base = posixpath.dirname(doc)
    return [
        _resolve(z, base, page.get("BaseLoc", ""))
        for page in _xml(z, doc).iter()
        if _local(page.tag) == "Page" and page.get("BaseLoc")
    ]


def _page_lines(z: zipfile.ZipFile, part: str) -> list[dict[str, Any]]:
    """The page's text lines, top to bottom, as the PDF reader's line dicts."""
    pieces = sorted(_pieces(_xml(z, part)), key=lambda p: (p.y, p.x0))
    rows: list[list[Piece]] = []
    for piece in pieces:
        if rows and abs(piece.y - rows[-1][0].y) <= 0.5 * min(piece.size, rows[-1][0].size):
            rows[-1].append(piece)
        else:
            rows.append([piece])
    return [line for row in rows if (line := _line(row))["text"]]


def _line(row: list[Piece]) -> dict[str, Any]:
    """Pieces of one line, left to right, joined; a wide gap between words is a space."""
    row.sort(key=lambda p: p.x0)
    text = ""
    for prev, piece in zip([None, *row], row, strict=False):
        gap = prev is not None and piece.x0 - prev.x1 > 0.8 * piece.size
        text += (glue(text, piece.text) if gap else "") + piece.text
    return {"text": text.strip(), "x0": row[0].x0, "x1": max(p.x1 for p in row)}


def _pieces(page: ElementTree.Element) -> list[Piece]:
    """Every TextCode on the page, placed by its TextObject's Boundary."""
    out: list[Piece] = []
    for obj in page.iter():
        if _local(obj.tag) != "TextObject":
            continue
        left, top = _numbers(obj.get("Boundary", "0 0"))[:2]
        size = float(obj.get("Size", "0") or 0) or 3.5  # 3.5 mm ≈ 10 pt, a body size
        x = y = 0.0
        for code in obj:
            if _local(code.tag) != "TextCode" or not code.text:
                continue
            x = float(code.get("X", x))
            y = float(code.get("Y", y))
            width = _advance(code.get("DeltaX", ""), code.text, size)
            out.append(Piece(left + x, left + x + width, top + y, size, code.text))
            x += width
    return out


def _advance(delta_x: str, text: str, size: float) -> float:
    """How far the text runs: its glyph offsets ("g 3 5.2" repeats 5.2 three times) + one glyph."""
    tokens = delta_x.split()
    deltas: list[float] = []
    while tokens:
        tok = tokens.pop(0)
        if tok == "g" and len(tokens) >= 2:
            deltas += [float(tokens[1])] * int(tokens[0])
            del tokens[:2]
        else:
            deltas.append(float(tok))
    if len(text) > 1 and len(deltas) >= len(text) - 1:
        return sum(deltas[: len(text) - 1]) + size
    return len(text) * size


def _xml(z: zipfile.ZipFile, name: str) -> ElementTree.Element:
    if z.getinfo(name).file_size > MAX_PART:
        raise ValueError(f"{name} too large")
    return ElementTree.fromstring(z.read(name))


def _resolve(z: zipfile.ZipFile, base: str, loc: str) -> str:
    """A BaseLoc as a member name: "/Doc_0/…" from the root, "Pages/…" from ``base``."""
    loc = loc.strip()
    names = set(z.namelist())
    for candidate in (posixpath.join(base, loc), loc):
        name = posixpath.normpath(candidate).lstrip("/")
        if name in names:
            return name
    raise KeyError(loc)


def _first(root: ElementTree.Element, local: str) -> ElementTree.Element | None:
    return next((el for el in root.iter() if _local(el.tag) == local), None)


def _numbers(text: str) -> list[float]:
    return [float(v) for v in text.split()] + [0.0, 0.0]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
