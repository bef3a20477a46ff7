"""Read stage: any supported file → the lines of text it holds, in reading order.

One reader per format (plain text here, Word in :mod:`.word`, PDF in :mod:`.pdf`); all
return the same :class:`Source`, so every later stage is format-blind. A saved portal
page is plain text too: its furniture is recognised later, in :mod:`.portal`.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import UserError
from generator.importer.draft import Note

MAX_BYTES = 20_000_000  # a long report as .docx with images is a few MB


@dataclass
class Source:
    """The text of one document: lines (paragraphs) plus what reading it noticed."""

    path: Path
    kind: str  # "text", "docx" or "pdf"
    lines: list[str]
    notes: list[Note] = field(default_factory=list)


def user_error(zh: str, en: str) -> UserError:
    """A mistake the user can fix: printed as ``中文 (English)``, exit 1, no traceback."""
    return UserError(f"错误：{zh} (error: {en})")


def read_source(path: Path) -> Source:
    """Read ``path`` with the reader its suffix calls for."""
    if not path.is_file():
        raise user_error(f"找不到文件 {path}", f"file not found: {path}")
    if path.stat().st_size > MAX_BYTES:
        raise user_error(f"文件过大：{path}", f"file too large: {path}")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from generator.importer.word import read_docx

        return read_docx(path)
    if suffix == ".pdf":
        from generator.importer.pdf import read_pdf

        return read_pdf(path)
    if suffix == ".doc":
        raise user_error(
            f"不支持旧版 Word 格式 .doc，请在 Word 中另存为 .docx：{path}",
            f"old Word .doc is not supported; save it as .docx: {path}",
        )
    return read_text_file(path)


def read_text_file(path: Path) -> Source:
    """A text file (a report, or a copy of a portal page) as lines."""
    text, notes = decode(path.read_bytes(), path)
    return Source(path, "text", text.splitlines(), notes)


def decode(raw: bytes, path: Path) -> tuple[str, list[Note]]:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK with a note.

    Why GB18030: it is a superset of GBK and GB2312, which Chinese Windows editors save
    by default; a GBK file decodes correctly as GB18030.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16"), [Note("文件为 UTF-16 编码，已转换", "decoded as UTF-16")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise user_error(
            f"无法识别文件编码（不是 UTF-8，也不是 GBK/GB18030）：{path}",
            f"unknown encoding, neither UTF-8 nor GBK/GB18030: {path}",
        ) from None
    return text, [
        Note(
            "文件为 GBK/GB18030 编码，已按 GB18030 转换，请核对文字",
            "decoded as GB18030 (GBK); check the text",
        )
    ]
