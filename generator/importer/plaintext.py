"""Text reader: a plain-text report, or a copy of a portal page, as lines.

Editors' files come as UTF-8 (with or without BOM), UTF-16 (Windows Notepad's
"Unicode") or GBK; each is decoded with a note when it was not UTF-8. A saved portal
page is plain text too: its furniture is recognised later, in :mod:`.portal`.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from generator.diagnostics import UserError
from generator.importer.draft import Note
from generator.importer.source import Source


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
        raise UserError(
            f"无法识别文件编码（不是 UTF-8，也不是 GBK/GB18030）：{path}",
            f"unknown encoding, neither UTF-8 nor GBK/GB18030: {path}",
        ) from None
    return text, [
        Note(
            "文件为 GBK/GB18030 编码，已按 GB18030 转换，请核对文字",
            "decoded as GB18030 (GBK); check the text",
        )
    ]
