"""Character-level helpers for Chinese report text, shared by several stages."""

from __future__ import annotations

import re

# CJK ideographs, CJK punctuation (U+3000–303F) and full-width forms: no spaces between these.
_WIDE = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014"
WIDE = re.compile(f"[{_WIDE}]")
_SPACES = re.compile(r"[ \t\u3000\u00a0\u2002-\u200a]+")
_NOT_WORD = re.compile(r"[\W_]+")


def is_wide(char: str) -> bool:
    """True for a character that Chinese typesetting never separates with spaces."""
    return bool(WIDE.match(char))


def glue(left: str, right: str) -> str:
    """What joins two pieces of one paragraph: nothing next to Chinese, else a space."""
    if not left or not right or is_wide(left[-1]) or is_wide(right[0]):
        return ""
    return " "


def tidy_spaces(text: str) -> str:
    """Drop indentation and stray spaces inside Chinese text; keep one between Latin words.

    Why only next to Chinese: "Windows 10" or "H 5" keep their space, while "2025 年" or
    "法治政府建 设" (spaces left by PDF extraction and Word justification) lose theirs.
    """
    text = text.strip(" \t\u3000\u00a0")

    def fix(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        return glue(before, after)

    return _SPACES.sub(fix, text)


def letters(text: str) -> str:
    """Only letters, digits and ideographs: text compared without punctuation or spaces."""
    return _NOT_WORD.sub("", text)
