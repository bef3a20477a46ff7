"""Legacy Word reader: a .doc (Word 97–2003) → lines, through Debian's antiword.

Why antiword: a 300 KB program in Debian that reads the Word 97–2003 binary format,
Chinese included, and writes UTF-8 text; LibreOffice would read more (Word 6, .wps) but
weighs hundreds of MB. Typed numbers ("一、") and text come out as written, tables as cells
joined by "|". Not read: Word's automatic list numbers (antiword drops them, so the record's
headings need checking — the note says so), text boxes, footnotes. What antiword cannot
read (Word 6/95, RTF, an encrypted file) is a user error saying to save the file as .docx.
A ".doc" that is really a .docx or a web page (both common on portals) is read as what it is.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from generator.diagnostics import UserError
from generator.importer.draft import Note
from generator.importer.source import Source
from generator.importer.tables import row_line

TIMEOUT = 60  # seconds; antiword reads a long report in well under one
_SAVE_AS = "请在 Word 或 WPS 中另存为 .docx 后再导入"


def read_doc(path: Path) -> Source:
    """Paragraphs of a Word 97–2003 .doc, as antiword writes them in UTF-8."""
    with path.open("rb") as f:
        magic = f.read(512)
    if magic.startswith(b"PK\x03\x04") or _is_html(magic):
        return _misnamed(path, magic)
    if magic.startswith(b"{\\rtf"):
        raise UserError(
            f"该 .doc 实为 RTF 格式：{path}；{_SAVE_AS}",
            f"{path} is an RTF file, not Word 97–2003; save it as .docx",
        )
    text = _antiword(path)
    lines = [_row(ln) for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    if not lines:
        raise UserError(
            f".doc 文件中没有文字：{path}；{_SAVE_AS}",
            f"no text found in the .doc: {path}; save it as .docx",
        )
    note = Note(
        "旧版 Word（.doc）经 antiword 转换：自动编号（如“一、”）可能丢失，请核对标题与表格",
        "old Word .doc read by antiword: automatic list numbers may be lost; check headings",
    )
    return Source(path, "doc", lines, [note])


def _is_html(magic: bytes) -> bool:
    head = magic.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<meta"))


def _misnamed(path: Path, magic: bytes) -> Source:
    """A .docx or a web page saved under a .doc name, read by its own reader."""
    from generator.importer.html import read_html
    from generator.importer.word import read_docx

    is_docx = magic.startswith(b"PK\x03\x04")
    source = read_docx(path) if is_docx else read_html(path)
    what = ".docx" if is_docx else "网页（HTML）"
    source.notes.insert(
        0,
        Note(f"扩展名为 .doc，实为{what}，已按{what}读取", f"a .doc that is really {source.kind}"),
    )
    return source


def _antiword(path: Path) -> str:
    exe = shutil.which("antiword")
    if exe is None:
        raise UserError(
            "读取旧版 Word（.doc）需要 antiword：请安装"
            f"（Debian/Ubuntu：apt-get install antiword），或{_SAVE_AS}：{path}",
            f"reading an old Word .doc needs antiword: install it (apt-get install antiword), "
            f"or save the file as .docx: {path}",
        )
    # -w 0: one line per paragraph, no wrapping at 76 columns.
    cmd = [exe, "-m", "UTF-8.txt", "-w", "0", str(path)]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise UserError(
            f"antiword 读取 .doc 超时（{TIMEOUT} 秒）：{path}；{_SAVE_AS}",
            f"antiword timed out after {TIMEOUT}s on {path}; save it as .docx",
        ) from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UserError(
            f"无法读取旧版 Word 文件（已损坏、加密，或不是 Word 97–2003 格式）：{path}；{_SAVE_AS}",
            f"antiword cannot read {path} ({why[-1] if why else done.returncode}); "
            "save it as .docx",
        )
    return done.stdout.decode("utf-8", "replace")


def _row(line: str) -> str:
    """A paragraph as is; a table row "|a  |b  |" as the pipe row every reader writes."""
    text = line.strip()
    if len(text) > 1 and text.startswith("|") and text.endswith("|"):
        return row_line(text[1:-1].split("|"))
    return text
