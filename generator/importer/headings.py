"""Heading lines as sources type them: where the title ends and a run-in body begins.

The number a heading starts with is read by :func:`generator.numbering.parse_marker`;
which level its family stands for is decided per document in :mod:`.structure`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Where a run-in heading ends and its body begins.
_STOP = re.compile(r"[。！？：!?:]")
# A wide gap (ideographic space, tab, or 2+ spaces) can separate a heading from its body.
_GAP = re.compile(r"\u3000+|\t+| {2,}")
MAX_TITLE = 60


def split_title(rest: str) -> tuple[str, str | None]:
    """Title and run-in body of a heading line: "加强组织领导。正文…" → (title, body).

    The stop that ends a run-in title is dropped (the site prints headings without it).
    With no stop, a wide gap ends the title ("加强组织领导　正文…"); else the whole
    line is the title.
    """
    stop = _STOP.search(rest)
    gap = _GAP.search(rest)
    if (
        gap
        and (stop is None or gap.start() < stop.start())
        and 2 <= gap.start() <= MAX_TITLE
        and _is_body(rest[gap.end() :])
    ):
        return rest[: gap.start()].strip(), rest[gap.end() :].strip() or None
    if stop is None or stop.start() == 0:
        return rest, None
    return rest[: stop.start()].strip(), rest[stop.end() :].strip() or None


def _is_body(text: str) -> bool:
    """Enough text, with a sentence in it, to be a body rather than the title's second half."""
    return len(text.strip()) >= 10 and bool(re.search("[。！？；]", text))


# A heading typed straight into its body with no stop ("…法治政府建设镇党委、镇政府高度重视…")
# ends where the body's subject begins: 我镇/本乡, or a 镇/乡/街道 followed by what a subject is
# followed by (党委, 政府, or a verb such as 认真/坚持).
_AFTER_SUBJECT = (
    "党委|党工委|政府|人民政府|办事处|认真|坚持|始终|高度|全面|积极|深入|持续|切实|严格|"
    "不断|大力|扎实|紧紧|聚焦|围绕"
)
_SUBJECT = re.compile(rf"(?:我|本)(?:镇|乡|街道)|(?:镇|乡|街道)(?={_AFTER_SUBJECT})")
# Words a heading phrase ends with: before 镇 they are the title's end ("法治政府建设|镇党委"),
# any other two ideographs are taken as the town's name ("抓实走深|铁桥镇党委").
_HEADING_ENDS = (
    "建设",
    "工作",
    "治理",
    "发展",
    "服务",
    "体系",
    "机制",
    "能力",
    "水平",
    "保障",
    "领导",
    "责任",
    "落实",
    "走深",
    "走实",
    "实效",
    "环境",
    "氛围",
    "根基",
    "素养",
    "效能",
    "意识",
    "思想",
)
_CLAUSE = re.compile("[,，;；]")
MIN_TITLE, MAX_SPLIT, MIN_BODY = 4, 40, 10
MAX_CLAUSES = 2  # "加强组织领导,统筹推进法治政府建设" has one; a sentence run on has more


@dataclass(frozen=True)
class HeadingText:
    """A heading line's title and run-in body, and how sure the split is."""

    title: str
    body: str | None
    guessed: bool = False  # split where the body's subject starts: no stop marked the end
    prose: bool = False  # too long and too many clauses for a title, and no clean split


def read_heading(rest: str) -> HeadingText:
    """Like :func:`split_title`, and a title run into its body with no stop is split
    where the body's subject starts, or flagged as prose when no such place is found."""
    title, body = split_title(rest)
    at = _subject_start(rest[: len(title)])
    if at is not None and len(title) - at >= MIN_BODY:
        return HeadingText(rest[:at].rstrip(" ,，、"), rest[at:].strip(), guessed=True)
    prose = len(title) > MAX_TITLE or len(_CLAUSE.findall(title)) > MAX_CLAUSES
    return HeadingText(title, body, prose=prose)


def _subject_start(title: str) -> int | None:
    """Where a subject (我镇, 镇党委, 铁桥镇认真…) starts inside ``title``, if plausibly."""
    for m in _SUBJECT.finditer(title):
        at = m.start()
        name = title[at - 2 : at]
        if m.group().startswith(("镇", "乡", "街道")) and _is_name(name):
            at -= 2  # "铁桥镇党委": the subject starts with the town's name
        if MIN_TITLE <= at <= MAX_SPLIT:
            return at
    return None


def _is_name(text: str) -> bool:
    return (
        len(text) == 2
        and all("\u4e00" <= c <= "\u9fff" for c in text)
        and (text not in _HEADING_ENDS)
    )
