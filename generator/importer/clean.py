"""Clean stage: remove what extraction added, so that what is left is the report.

Word export artifacts ([bookmark: _GoBack]), invisible characters, indentation, empty
lines, and passages that extraction repeated (the seed ends with a copy of part of its
section (1), broken into short lines). Every removal of text is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importer.draft import Note
from generator.importer.text import letters, tidy_spaces
from generator.numbering import parse_marker
from generator.text import describe, join_lines, refusal, refused_at

_ARTIFACTS = re.compile(
    r"\[(?:bookmark|image|comment|footnote|endnote)[:：][^\]\n]*\]", re.IGNORECASE
)
MIN_REPEAT = 40  # characters; shorter repeats (a title, a slogan) are left alone

# Page numbers as printed in a footer, the one list the PDF reader, the paste cleaner
# (`clean`) and the advice share: "- 2 -", "第 2 页", "第2页 共10页", "2/10".
_DASH = "-－—–"
_PAGE_DASHED = rf"[{_DASH}]\s*\d{{1,3}}\s*[{_DASH}]"
_PAGE_NTH = r"第\s*\d+\s*页(?:\s*[/,，]?\s*共\s*\d+\s*页)?"
_PAGE_OF = r"\d{1,3}\s*/\s*\d{1,3}"
_PAGE_LINE = re.compile(rf"^\s*(?:{_PAGE_DASHED}|{_PAGE_NTH}|{_PAGE_OF})\s*$")
_PAGE_BARE = re.compile(rf"^[{_DASH}\s]*\d{{1,3}}[{_DASH}\s]*$")  # "2", "- 2", "2 -"
# Inside a paragraph (a footer pasted with the text): never part of a date or a range
# ("2016-2020"), and "2/10" only between spaces, so "完成3/4" is left alone.
_PAGE_IN_TEXT = re.compile(
    rf"(?<![0-9A-Za-z]){_PAGE_DASHED}(?![0-9A-Za-z])"
    rf"|{_PAGE_NTH}"
    rf"|(?<=\s){_PAGE_OF}(?=\s)"
)
# Word list bullets, and a list number followed by a tab ("1.\t"), as Word pastes them.
BULLETS = "•●▪◆□■"
_BULLET = re.compile(rf"^[{BULLETS}]\s*")
_NUMBER_TAB = re.compile(r"^([0-9]{1,2}[.．、])\t+")
_ENDS_SENTENCE = tuple("。！？：!?:…")


def is_page_number(line: str, *, bare: bool = False) -> bool:
    """Is this line a printed page number? With ``bare``, a lone number ("2") is one too:
    right for a PDF footer, not for pasted text, where a lone "6" may be a figure that
    the copy broke off its sentence ("全镇 / 6 / 个村")."""
    return bool(_PAGE_LINE.match(line) or (bare and _PAGE_BARE.match(line)))


def page_number_in(text: str) -> str | None:
    """A page number left inside a paragraph's text (a footer pasted with it), if any."""
    m = _PAGE_IN_TEXT.search(text)
    return m.group().strip() if m else None


def word_list_mark(text: str) -> str | None:
    """The bullet (•) or the tab after a list number ("1.\t") a paste from Word left."""
    m = _BULLET.match(text) or _NUMBER_TAB.match(text)
    return m.group() if m else None


def paste_paragraphs(text: str) -> Cleaned:
    """Text copied from Word or a PDF → the paragraphs it holds, and what was removed.

    The importer's cleaning (:func:`clean_lines`: artifacts, invisible characters,
    indentation, repeated passages) and page numbers (:func:`is_page_number`), then
    Word's bullets and list tabs; lines are joined into paragraphs: a paragraph ends
    where a line ends a sentence (。！？：), at a heading (一、（一）1.), or after one.
    """
    lines = text.splitlines()
    pages = [ln.strip() for ln in lines if is_page_number(ln)]
    cleaned = clean_lines([ln for ln in lines if not is_page_number(ln)])
    notes = list(cleaned.notes)
    if pages:
        shown = "、".join(dict.fromkeys(pages))
        notes.append(Note(f"已删除页码行：{shown}", f"removed page-number lines: {shown}"))
    marks: list[str] = []
    paragraphs: list[str] = []
    open_para = False
    for line in cleaned.lines:
        mark = word_list_mark(line)
        if mark is not None:
            bullet = mark.strip() in BULLETS
            marks.append(mark.strip() if bullet else "数字后的制表符")
            line = line[len(mark) :] if bullet else line.replace("\t", "", 1)
        marker = parse_marker(line)
        if open_para and marker is None and paragraphs:
            paragraphs[-1] = join_lines(paragraphs[-1] + "\n" + line)
        else:
            paragraphs.append(tidy_spaces(line))
        # A short heading ("一、加强组织领导") stands alone; a lone "1." runs on.
        heading = marker is not None and bool(marker.rest) and len(line) <= 40
        open_para = not heading and not line.endswith(_ENDS_SENTENCE)
    if marks:
        shown = "、".join(dict.fromkeys(marks))
        notes.append(
            Note(
                f"已删除 Word 列表符号：{shown}（共 {len(marks)} 处）",
                f"removed Word list marks: {len(marks)}",
            )
        )
    return Cleaned([tidy_spaces(p) for p in paragraphs if p], notes)


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
