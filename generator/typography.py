"""Chinese line breaking: short tokens that must not be cut in two (2020年/度, 黑溪/镇).

Chinese text may break between any two characters, so a narrow screen can end a heading's
line in the middle of a year (2020年 | 度) or of a place name (黑溪 | 镇), which then reads
as something else. :func:`nowrap` escapes a heading for Markdown (as every template value
is) and wraps such tokens in ``<span class="gk-nowrap">`` (white-space: nowrap in the
theme's CSS); the rest of the line still breaks anywhere, so long titles fit a phone.
"""

from __future__ import annotations

import re

from generator.markup import Md, escape_md

YEAR = r"\d{4}(?:年度|年)"


def segments(text: object, *names: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, keep whole) pairs: years (2020年度) and the given place
    ``names`` are the pieces kept whole; joined, the pieces are ``text`` again."""
    words = sorted({n for n in names if n and len(n) <= 12}, key=len, reverse=True)
    pattern = "|".join([YEAR, *(re.escape(w) for w in words)])
    out: list[tuple[str, bool]] = []
    last = 0
    value = str(text)
    for match in re.finditer(pattern, value):
        out.append((value[last : match.start()], False))
        out.append((match.group(), True))
        last = match.end()
    out.append((value[last:], False))
    return [(piece, whole) for piece, whole in out if piece]


def nowrap(text: object, *names: str) -> Md:
    """``text`` escaped, with years (2020年度) and the given place ``names`` kept whole."""
    return Md(
        "".join(
            f'<span class="gk-nowrap">{escape_md(piece)}</span>' if whole else escape_md(piece)
            for piece, whole in segments(text, *names)
        )
    )
