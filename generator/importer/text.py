"""Spacing and comparison helpers for text as extracted (joining rules: :mod:`generator.text`)."""

from __future__ import annotations

import re

from generator.text import glue

_SPACES = re.compile(r"[ \t\u3000\u00a0\u2002-\u200a]+")
_NOT_WORD = re.compile(r"[\W_]+")


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
