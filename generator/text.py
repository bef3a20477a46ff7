"""Characters of Chinese report text: what joins two pieces, what never belongs.

One home for the character rules every stage shares: the importer joins broken lines
with them, the record joins multi-line YAML scalars with them, and the record refuses
the characters listed here.
"""

from __future__ import annotations

import re
import unicodedata

# CJK ideographs, CJK punctuation (U+3000–303F), full-width forms, curly quotes, the
# ellipsis and the em dash: Chinese typesetting never puts a space next to these.
WIDE = re.compile("[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014]")
# Characters that never belong in report text: C0/C1 controls, zero-width characters and
# bidirectional overrides (which can make displayed text differ from what is stored).
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def name_key(name: str) -> str:
    """How two names are compared: after NFKC (full-width and compatibility forms folded)
    and case folding, so 黑溪镇 and its look-alikes count as the same name."""
    return unicodedata.normalize("NFKC", name).casefold()


def is_wide(char: str) -> bool:
    """True for a character that Chinese typesetting never separates with spaces."""
    return bool(WIDE.match(char))


def glue(left: str, right: str) -> str:
    """What joins two pieces of one paragraph: nothing next to Chinese, else a space."""
    if not left or not right or is_wide(left[-1]) or is_wide(right[0]):
        return ""
    return " "


def join_lines(text: str) -> str:
    """Join the lines of one paragraph, dropping blank lines and indentation.

    Chinese text has no spaces between words, so a line break between two Chinese
    characters disappears; between Latin words it becomes one space.
    """
    out = ""
    for line in (ln.strip() for ln in text.splitlines()):
        if line:
            out += glue(out, line) + line
    return out
