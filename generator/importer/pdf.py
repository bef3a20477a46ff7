"""PDF reader: the text layer of a PDF → paragraphs, with layout line breaks joined.

A PDF has no paragraphs, only positioned lines. A line that runs to the right margin
continues on the next line unless that one is indented (Chinese paragraphs open with a
two-character indent) or starts with a heading number. Page numbers are dropped.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from generator.diagnostics import UserError
from generator.importer.clean import is_page_number
from generator.importer.draft import Note
from generator.importer.source import Source
from generator.numbering import parse_marker
from generator.text import glue


def read_pdf(path: Path) -> Source:
    """Lines of a text PDF; a PDF without text (a scan) is a user error."""
    import pdfplumber
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(path) as pdf:
            pages = [page.extract_text_lines(strip=True, return_chars=False) for page in pdf.pages]
    except (PdfminerException, PSException, ValueError, KeyError) as exc:
        raise UserError(
            f"无法打开 PDF 文件：{path}", f"cannot open the PDF: {path}: {exc}"
        ) from None
    pages = [[ln for ln in lines if not is_page_number(ln["text"], bare=True)] for lines in pages]
    if not any(ln["text"].strip() for lines in pages for ln in lines):
        raise UserError(
            f"PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）再导入：{path}",
            f"the PDF has no text layer (a scan?); run OCR first: {path}",
        )
    lines = join_lines(pages)
    return Source(
        path,
        "pdf",
        lines,
        [
            Note(
                "PDF 按版面拼接断行，请核对段落划分", "PDF lines joined by layout; check paragraphs"
            )
        ],
    )


def join_lines(pages: list[list[dict[str, Any]]]) -> list[str]:
    """Join the lines that the layout broke; keep real paragraph breaks."""
    out: list[str] = []
    open_para = False  # did the previous line run on to the right margin?
    for lines in pages:
        if not lines:
            continue
        left = min(ln["x0"] for ln in lines)
        right = max(ln["x1"] for ln in lines)
        width = _char_width(lines)
        for ln in lines:
            text = ln["text"].strip()
            starts = ln["x0"] > left + 0.8 * width or parse_marker(text) is not None
            if open_para and not starts and out:
                out[-1] = out[-1] + glue(out[-1], text) + text
            else:
                out.append(text)
            open_para = ln["x1"] >= right - 1.5 * width
    return out


def _char_width(lines: list[dict[str, Any]]) -> float:
    """Typical width of one character on the page (CJK text is monospaced)."""
    widths = [(ln["x1"] - ln["x0"]) / len(ln["text"]) for ln in lines if len(ln["text"]) >= 4]
    return statistics.median(widths) if widths else 10.0
