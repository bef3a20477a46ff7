"""`clean`: text copied from Word or a PDF → paragraphs ready to paste into a record.

An editor copies a passage from the report as received, runs ``python -m generator
clean``, pastes, ends the input (Ctrl-Z then Enter on Windows, Ctrl-D elsewhere) and
gets one YAML list item per paragraph, quoted, with a note of everything removed. The
rules are the importer's (:func:`generator.importer.clean.paste_paragraphs`): what is
removed here is what ``check`` warns about in a record.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from generator.importer.clean import Cleaned, paste_paragraphs
from generator.importer.plaintext import decode

PROMPT = (
    "请粘贴文字，粘贴完按 Ctrl-Z 再按回车（Windows）或 Ctrl-D（其他系统）结束 "
    "(paste the text, then Ctrl-Z Enter on Windows or Ctrl-D elsewhere)"
)


def yaml_item(paragraph: str) -> str:
    """One paragraph as a YAML list item, double-quoted so that no character (a colon,
    a #, a leading dash) can change its meaning. JSON strings are YAML double-quoted
    strings; Chinese stays as it is."""
    return "- " + json.dumps(paragraph, ensure_ascii=False)


def clean_text(text: str) -> Cleaned:
    """The paragraphs of pasted text and what was removed from it."""
    return paste_paragraphs(text)


def read_input(path: Path | None) -> str:
    """The file's text (UTF-8, UTF-16 or GBK, as Notepad saves it), or standard input."""
    if path is not None:
        text, _ = decode(path.read_bytes(), path)
        return text
    if sys.stdin.isatty():
        print(PROMPT, file=sys.stderr)
    return sys.stdin.read()


def run(path: Path | None) -> int:
    """Print the cleaned paragraphs (stdout) and the notes (stderr)."""
    cleaned = clean_text(read_input(path))
    for paragraph in cleaned.lines:
        print(yaml_item(paragraph))
    for note in cleaned.notes:
        print(note.format(), file=sys.stderr)
    count = len(cleaned.lines)
    print(
        f"共 {count} 段；复制上面以 - 开头的各行，粘贴到记录的 body: 或 preamble: 下 "
        f"({count} paragraphs: paste the lines starting with - under body: or preamble:)",
        file=sys.stderr,
    )
    return 0
