"""Heading lines as sources type them: where the title ends and a run-in body begins.

The number a heading starts with is read by :func:`generator.numbering.parse_marker`;
which level its family stands for is decided per document in :mod:`.structure`.
"""

from __future__ import annotations

import re

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
