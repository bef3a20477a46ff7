"""Clean stage: remove what extraction added, so that what is left is the report.

Word export artifacts ([bookmark: _GoBack]), invisible characters, indentation, empty
lines, and passages that extraction repeated (the seed ends with a copy of part of its
section (1), broken into short lines). Every removal of text is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importer.draft import Note
from generator.importer.text import letters
from generator.text import describe, refusal, refused_at

_ARTIFACTS = re.compile(
    r"\[(?:bookmark|image|comment|footnote|endnote)[:：][^\]\n]*\]", re.IGNORECASE
)
MIN_REPEAT = 40  # characters; shorter repeats (a title, a slogan) are left alone


@dataclass
class Cleaned:
    """Lines of the report proper, and what was removed to get them."""

    lines: list[str]
    notes: list[Note] = field(default_factory=list)


def clean_lines(lines: list[str]) -> Cleaned:
    """Remove artifacts, indentation, empty lines and repeated passages."""
    notes: list[Note] = []
    artifacts = sorted({m.group() for ln in lines for m in _ARTIFACTS.finditer(ln)})
    if artifacts:
        shown = "、".join(artifacts)
        notes.append(Note(f"已删除 Word 导出残留：{shown}", f"removed Word artifacts: {shown}"))
    invisible: dict[str, int] = {}
    stripped = [
        _drop_refused(_ARTIFACTS.sub("", ln), invisible).strip(" \t\u3000\u00a0") for ln in lines
    ]
    if invisible:
        shown = "、".join(f"{describe(c)} ×{n}" for c, n in sorted(invisible.items()))
        notes.append(
            Note(
                f"已删除记录不允许的不可见或控制字符：{shown}",
                f"removed characters the record refuses: {shown}",
            )
        )
    kept, dropped = drop_repeats([ln for ln in stripped if ln])
    for text in dropped:
        snippet = text[:24] + ("…" if len(text) > 24 else "")
        notes.append(
            Note(
                f"已删除提取时重复的一段文字（{len(text)} 字）：「{snippet}」",
                f"dropped a passage repeated by extraction, {len(text)} characters",
            )
        )
    return Cleaned(kept, notes)


def _drop_refused(line: str, seen: dict[str, int]) -> str:
    """The line without the characters a record refuses (generator.text's policy), which
    extraction leaves behind (zero-width spaces, soft hyphens, BOMs, controls…)."""
    if refused_at(line, "\t") is None:
        return line
    kept = []
    for char in line:
        if refusal(char, "\t") is None:
            kept.append(char)
        else:
            seen[char] = seen.get(char, 0) + 1
    return "".join(kept)


def drop_repeats(lines: list[str]) -> tuple[list[str], list[str]]:
    """Drop runs of lines whose joined text already appeared, verbatim, earlier.

    Compared without spaces and line breaks, because extraction breaks the copy at
    different places (the seed's copy splits "法治政府建" / "设"). Returns the kept
    lines and the text of each dropped run.
    """
    kept: list[str] = []
    dropped: list[str] = []
    seen = ""  # kept text so far, without whitespace
    i = 0
    while i < len(lines):
        j, block = i, ""
        while j < len(lines) and (block + _squash(lines[j])) in seen:
            block += _squash(lines[j])
            j += 1
        if len(letters(block)) >= MIN_REPEAT:
            dropped.append(block)
            i = j
            continue
        seen += _squash(lines[i])
        kept.append(lines[i])
        i += 1
    return kept, dropped


def _squash(line: str) -> str:
    return re.sub(r"\s+", "", line)
