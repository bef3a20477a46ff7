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


def nowrap(text: object, *names: str) -> Md:
    """``text`` escaped, with years (2020年度) and the given place ``names`` kept whole."""
    words = sorted({n for n in names if n and len(n) <= 12}, key=len, reverse=True)
    pattern = "|".join([YEAR, *(re.escape(w) for w in words)])
    out: list[str] = []
    last = 0
    value = str(text)
    for match in re.finditer(pattern, value):
        out.append(escape_md(value[last : match.start()]))
        out.append(f'<span class="gk-nowrap">{escape_md(match.group())}</span>')
        last = match.end()
    out.append(escape_md(value[last:]))
    return Md("".join(out))
