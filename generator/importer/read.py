"""Read stage: any supported file → the lines of text it holds, in reading order.

One reader per format, looked up by the file's suffix in :data:`READERS`; every reader
returns the same :class:`~.source.Source`, so every later stage is format-blind. A
suffix with no reader of its own is read as text (a copy of a portal page, a .txt report).
Readers import their libraries lazily, so one format's missing tool never stops another.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.diagnostics import UserError
from generator.importer.doc import read_doc
from generator.importer.html import read_html
from generator.importer.ofd import read_ofd
from generator.importer.pdf import read_pdf
from generator.importer.plaintext import read_text_file
from generator.importer.source import Source
from generator.importer.word import read_docx

MAX_BYTES = 20_000_000  # a long report as .docx with images is a few MB
Reader = Callable[[Path], Source]


def _refuse_web_archive(path: Path) -> Source:
    raise UserError(
        f"不支持单文件网页（.mht/.mhtml），请在浏览器中另存为“网页，仅 HTML”（.html）：{path}",
        f"web archives (.mht/.mhtml) are not read; save the page as HTML only (.html): {path}",
    )


READERS: dict[str, Reader] = {
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".doc": read_doc,
    ".html": read_html,
    ".htm": read_html,
    ".shtml": read_html,
    ".mht": _refuse_web_archive,
    ".mhtml": _refuse_web_archive,
    ".ofd": read_ofd,
}


def read_source(path: Path) -> Source:
    """Read ``path`` with the reader its suffix calls for."""
    if not path.is_file():
        raise UserError(f"找不到文件 {path}", f"file not found: {path}")
    if path.stat().st_size > MAX_BYTES:
        raise UserError(f"文件过大：{path}", f"file too large: {path}")
    return READERS.get(path.suffix.lower(), read_text_file)(path)
