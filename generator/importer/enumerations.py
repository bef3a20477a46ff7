"""Enumeration stage: "…一是…二是…三是…" inside a paragraph → lead and items.

The markers are dropped from the items (the site prints them), so the paragraph must
come back exactly as ``lead + 一是 + item1 + 二是 + item2 …``; that is checked here.
"""

from __future__ import annotations

import re
from typing import Any

from generator.numbering import CHINESE_DIGITS, enumeration_marker, enumeration_text

_MARKER = re.compile(f"[{CHINESE_DIGITS}]{{1,2}}是")
# A marker opens an item only at the start or after punctuation ("统一是" is a word).
_BEFORE = set("，。；：、！？,.;:!?）)」”\"' \u3000")


def split_enumeration(text: str) -> dict[str, Any] | str:
    """The paragraph as an enumeration mapping, or unchanged when it has none."""
    cuts: list[tuple[int, int]] = []  # (start, end) of each marker, in order
    pos = 0
    while True:
        expected = enumeration_marker(len(cuts) + 1)
        at = _find(text, expected, pos)
        if at is None:
            break
        cuts.append((at, at + len(expected)))
        pos = at + len(expected)
    if len(cuts) < 2:
        return text
    lead = text[: cuts[0][0]]
    ends = [start for start, _ in cuts[1:]] + [len(text)]
    items = [text[end:stop] for (_, end), stop in zip(cuts, ends, strict=True)]
    if any(not item.strip() for item in items):
        return text
    out: dict[str, Any] = {"lead": lead.strip() or None, "items": [i.strip() for i in items]}
    assert enumeration_text(out["lead"], out["items"]) == text.strip(), (
        text
    )  # no character may be lost or added
    return out


def _find(text: str, marker: str, pos: int) -> int | None:
    for m in re.finditer(re.escape(marker), text[pos:]):
        at = pos + m.start()
        if at == 0 or text[at - 1] in _BEFORE:
            return at
    return None
