"""Structure stage: cleaned lines → the draft's head, section tree and tail.

Which level a numbering family stands for is learnt from the document: the first
family seen is level 1, a new family opens the level below the current one, and a
family seen before closes everything below it. One drift is recognised on top of
that: an own-line "2、 存在不足" where the next top-level number is due, typed in a
style other than the one the third level uses (the seed's 2、 3、 after 一、), or in
that style when its title names a required part and it does not continue an open list.

A numbered line is not always a heading: whole numbered paragraphs ("1.始终坚持…。"
with nothing under them), a sentence run on from a heading with no stop, and a heading
cut off by the end of an excerpt are kept as paragraphs, number included, in reading
order (see :func:`_settle`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importer.draft import Node, Note
from generator.importer.headings import read_heading
from generator.importer.parts import part_of
from generator.importer.tables import is_caption, is_row, table_block
from generator.importer.text import tidy_spaces
from generator.numbering import Marker, parse_marker

# A numbered paragraph: a sentence of some length, with clauses, ending with a stop.
_SENTENCE_END = re.compile("[。！？；!?;][”’」』）)]*$")
_CLAUSE = re.compile("[,，;；]")
MIN_PARAGRAPH = 20


@dataclass
class Heading(Node):
    """A section as the outline reads it, with the line it came from.

    Why keep the line: a heading that turns out to be a paragraph is put back exactly
    as typed, number and stop included (the site numbers headings, not paragraphs).
    """

    line: str = ""
    family: str = ""
    number: int = 0
    run_in: bool = False  # body[0] was typed on the heading's own line
    prose: bool = False  # too long for a title and no clean place to split it


@dataclass
class Outline:
    """Builds the section tree one line at a time."""

    notes: list[Note]
    roots: list[Node] = field(default_factory=list)
    levels: dict[str, int] = field(default_factory=dict)
    ar_style: str | None = None
    stack: list[Heading] = field(default_factory=list)

    def heading(self, marker: Marker, line: str) -> None:
        """Open a section at the level its numbering family stands for."""
        text = read_heading(marker.rest)
        title, body = tidy_spaces(text.title), tidy_spaces(text.body) if text.body else None
        level = self._level(marker, standalone=body is None, title=title)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        node = Heading(title, level, line=line, family=marker.family, number=marker.number)
        node.run_in, node.prose = body is not None, text.prose
        (self.stack[-1].children if self.stack else self.roots).append(node)
        self.stack.append(node)
        if body:
            node.body.append(body)
        if text.guessed:
            self.notes.append(_note_split(title, body or ""))

    def paragraph(self, text: str) -> None:
        """A plain paragraph belongs to the innermost open section."""
        self.stack[-1].body.append(text)

    def table(self, rows: list[str]) -> None:
        """A run of pipe rows: a table block, captioned by the short line just above it."""
        body = self.stack[-1].body
        caption = None
        if body and isinstance(body[-1], str) and is_caption(body[-1]):
            caption = body.pop()
        block = table_block(rows, caption)
        if isinstance(block, str) and caption:  # no table after all: the line stays
            body.append(caption)
        body.append(block)

    def _level(self, marker: Marker, *, standalone: bool, title: str) -> int:
        if marker.family == "ar" and self._top_level_drift(marker, standalone, title):
            return 1
        if marker.family not in self.levels:
            self.levels[marker.family] = (self.stack[-1].level if self.stack else 0) + 1
            if marker.family == "ar":
                self.ar_style = marker.style
        return self.levels[marker.family]

    def _top_level_drift(self, marker: Marker, standalone: bool, title: str) -> bool:
        top_is_other = any(lvl == 1 for fam, lvl in self.levels.items() if fam != "ar")
        # A part named in the title ("2.落实…第一责任人职责") does not lift a line that
        # continues a list of the same style open below (1. 2. under （一）).
        named = part_of(title) is not None and not self._continues(marker)
        return (
            top_is_other
            and standalone
            and marker.number == len(self.roots) + 1
            and (marker.style != self.ar_style or named)
        )

    def _continues(self, marker: Marker) -> bool:
        """Whether an open section of this family is numbered one less than ``marker``."""
        return any(n.family == marker.family and n.number == marker.number - 1 for n in self.stack)


def build_sections(lines: list[str], notes: list[Note]) -> list[Node]:
    """The section tree of the body; the first line must be a heading."""
    outline = Outline(notes)
    rows: list[str] = []
    for line in lines:
        if is_row(line) and outline.stack:
            rows.append(line)
            continue
        if rows:
            outline.table(rows)
            rows = []
        marker = parse_marker(line)
        if marker is None:
            outline.paragraph(tidy_spaces(line))
            continue
        outline.heading(marker, tidy_spaces(line.strip()))
    if rows:
        outline.table(rows)
    end = _last(outline.roots) if outline.roots else None
    _settle(outline.roots, None, notes, end)
    _mark_cut(outline.roots, lines, notes)
    for node in outline.roots:
        node.part = part_of(node.title)
    return outline.roots


def _settle(nodes: list[Node], parent: Node | None, notes: list[Note], end: Node | None) -> None:
    """Turn numbered lines that are not headings back into paragraphs, in reading order.

    Why a second pass: whether a heading has anything under it is known only at the
    end. A list whose items are whole paragraphs (one of them with nothing under it)
    is a numbered list of paragraphs: every leaf item of it goes back as typed.
    """
    for node in nodes:
        _settle(node.children, node, notes, end)
    # Top-level items stay apart: each may be a required part of its own.
    as_list = parent is not None and any(_is_paragraph(n) for n in nodes)
    for node in list(nodes):
        if node.children or (node.body and not _typed_as_sentence(node, as_list)):
            continue
        # Items of a list of paragraphs are what they look like: no note for them.
        if _unnest(node, nodes, parent) and not as_list:
            if node.body:
                notes.append(_note_prose(node))
            elif node is not end:  # a cut last line has its own note (_mark_cut)
                notes.append(_note_empty(node))


def _typed_as_sentence(node: Node, as_list: bool) -> bool:
    """A run-on line (prose), or in a list of paragraphs an item typed as one line with
    its body; an own-line title with its body on the next lines stays a heading."""
    if not isinstance(node, Heading):
        return False
    return node.prose or (as_list and node.run_in)


def _is_paragraph(node: Node) -> bool:
    """A numbered whole paragraph: nothing under it, long, with clauses, ending a sentence."""
    return (
        not node.body
        and not node.children
        and len(node.title) >= MIN_PARAGRAPH
        and bool(_CLAUSE.search(node.title))
        and bool(_SENTENCE_END.search(_typed(node)))
    )


def _unnest(node: Node, nodes: list[Node], parent: Node | None) -> bool:
    """Put ``node`` back as paragraphs where it stands in reading order; False if it cannot.

    Where it stands: after the previous sibling's last descendant, or in the parent's
    body when it is the first child (the parent's body is printed before its children).
    """
    at = nodes.index(node)
    target = _last(nodes[at - 1]) if at else parent
    if target is None:  # the first heading of the document stays a heading
        return False
    nodes.remove(node)
    run_in = isinstance(node, Heading) and node.run_in
    target.body += [_typed(node), *node.body[1 if run_in else 0 :]]
    return True


def _typed(node: Node) -> str:
    """The heading's line as typed (number, title, stop and run-in body)."""
    return node.line if isinstance(node, Heading) and node.line else node.title


def _last(nodes: list[Node] | Node) -> Node:
    """The last section in reading order under (and including) ``nodes``."""
    node = nodes[-1] if isinstance(nodes, list) else nodes
    return _last(node.children) if node.children else node


def _mark_cut(roots: list[Node], lines: list[str], notes: list[Note]) -> None:
    """An excerpt that ends inside a numbered line ("二、规范") is kept, and said to be cut.

    Only said when the line stops mid-sentence: a whole report ends with a full stop.
    """
    if not roots or not lines or parse_marker(lines[-1]) is None:
        return
    last = _last(roots)
    typed = tidy_spaces(lines[-1].strip())
    if last.body and last.body[-1] == typed and not _SENTENCE_END.search(typed):
        shown = typed if len(typed) <= 20 else "…" + typed[-20:]
        notes.append(
            Note(
                f"原文似乎在“{shown}”处截断，已作为段落保留在末尾，请核对",
                f"the source seems cut short at '{shown}'; kept as the last paragraph",
            )
        )


def _note_split(title: str, body: str) -> Note:
    return Note(
        f"标题与正文之间没有标点，已拆分为标题“{title}”和正文“{body[:12]}…”，请核对",
        f"heading run into its body with no stop; split after '{title}', please check",
    )


def _note_prose(node: Node) -> Note:
    text = _typed(node)
    return Note(
        f"编号行“{text[:30]}…”过长，不像标题，已作为段落保留，请核对",
        f"numbered line '{text[:30]}…' is too long for a heading; kept as a paragraph",
    )


def _note_empty(node: Node) -> Note:
    return Note(
        f"标题“{node.title}”下没有内容，已作为段落保留",
        f"heading '{node.title}' has no content; kept as a paragraph",
    )
