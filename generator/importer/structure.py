"""Structure stage: cleaned lines → the draft's head, section tree and tail.

Which level a numbering family stands for is learnt from the document: the first
family seen is level 1, a new family opens the level below the current one, and a
family seen before closes everything below it. One drift is recognised on top of
that: an own-line "2、 存在不足" where the next top-level number is due, typed in a
style other than the one the third level uses (the seed's 2、 3、 after 一、).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.importer.draft import Node, Note
from generator.importer.headings import split_title
from generator.importer.parts import part_of
from generator.importer.text import tidy_spaces
from generator.numbering import Marker, parse_marker


@dataclass
class Outline:
    """Builds the section tree one line at a time."""

    roots: list[Node] = field(default_factory=list)
    levels: dict[str, int] = field(default_factory=dict)
    ar_style: str | None = None
    stack: list[Node] = field(default_factory=list)

    def heading(self, marker: Marker, title: str, body: str | None) -> None:
        """Open a section at the level its numbering family stands for."""
        level = self._level(marker, standalone=body is None, title=title)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        node = Node(title, level)
        (self.stack[-1].children if self.stack else self.roots).append(node)
        self.stack.append(node)
        if body:
            node.body.append(body)

    def paragraph(self, text: str) -> None:
        """A plain paragraph belongs to the innermost open section."""
        self.stack[-1].body.append(text)

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
        return (
            top_is_other
            and standalone
            and marker.number == len(self.roots) + 1
            and (marker.style != self.ar_style or part_of(title) is not None)
        )


def build_sections(lines: list[str], notes: list[Note]) -> list[Node]:
    """The section tree of the body; the first line must be a heading."""
    outline = Outline()
    for line in lines:
        marker = parse_marker(line)
        if marker is None:
            outline.paragraph(tidy_spaces(line))
            continue
        title, body = split_title(marker.rest)
        outline.heading(marker, tidy_spaces(title), tidy_spaces(body) if body else None)
    _fill_empty(outline.roots, None, notes)
    for node in outline.roots:
        node.part = part_of(node.title)
    return outline.roots


def _fill_empty(nodes: list[Node], parent: Node | None, notes: list[Note]) -> None:
    """A heading with nothing under it cannot be a section: keep its text as a paragraph.

    Why not drop it: text is never lost. It happens when a copy ends right after a
    heading, or when a numbered line is really a one-line list item.
    """
    for node in list(nodes):
        _fill_empty(node.children, node, notes)
        if node.body or node.children:
            continue
        at = nodes.index(node)
        target = parent if parent is not None else (nodes[at - 1] if at else None)
        if target is None:
            continue
        nodes.remove(node)
        target.body.append(node.title)
        notes.append(
            Note(
                f"标题“{node.title}”下没有内容，已作为段落保留",
                f"heading '{node.title}' has no content; kept as a paragraph",
            )
        )
