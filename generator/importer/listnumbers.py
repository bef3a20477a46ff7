"""Word list numbering: the labels ("一、", "（1）", "3.") Word shows but does not store.

A numbered paragraph refers to a list (numId) and a level (ilvl); the list's definition
gives each level a number format and a text such as "（%2）". Counters run per list, and
a higher level restarts the levels below it, as in Word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.numbering import chinese_numeral


@dataclass
class Level:
    """One level of a Word list: number format (decimal, chineseCounting…), text, start."""

    fmt: str
    text: str
    start: int


@dataclass
class Numbering:
    """Word's list definitions, and the running counters that turn them into labels."""

    root: Any
    levels: dict[tuple[str, int], Level] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        abstract = {a.get(f"{w}abstractNumId"): a for a in self.root.iter(f"{w}abstractNum")}
        for num in self.root.iter(f"{w}num"):
            ref = num.find(f"{w}abstractNumId")
            definition = abstract.get(ref.get(f"{w}val")) if ref is not None else None
            if definition is None:
                continue
            for lvl in definition.iter(f"{w}lvl"):
                key = (num.get(f"{w}numId"), int(lvl.get(f"{w}ilvl", "0")))
                self.levels[key] = Level(
                    _val(lvl, f"{w}numFmt", "decimal"),
                    _val(lvl, f"{w}lvlText", ""),
                    int(_val(lvl, f"{w}start", "1")),
                )

    def label(self, para: Any) -> str:
        """The number Word would show before this paragraph ("" when not numbered)."""
        num_id, ilvl = _num_pr(para)
        if num_id is None or (num_id, ilvl) not in self.levels:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0  # a higher level restarts the ones below it
        text = self.levels[(num_id, ilvl)].text
        if self.levels[(num_id, ilvl)].fmt in ("bullet", "none"):
            return ""
        for k in range(ilvl, -1, -1):  # %10 does not exist: levels are 1–9
            level = self.levels.get((num_id, k))
            if level is not None:
                value = level.start - 1 + max(counts[k], 1)
                text = text.replace(f"%{k + 1}", format_number(value, level.fmt))
        return text


def _val(element: Any, tag: str, default: str) -> str:
    child = element.find(tag)
    w_val = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"
    return child.get(w_val, default) if child is not None else default


def _num_pr(para: Any) -> tuple[str | None, int]:
    """numId and level of a paragraph: its own numPr, else its style's."""
    for holder in (para._p, getattr(para.style, "element", None)):
        ppr = getattr(holder, "pPr", None)
        num_pr = getattr(ppr, "numPr", None) if ppr is not None else None
        if num_pr is not None and num_pr.numId is not None:
            ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
            return str(num_pr.numId.val), int(ilvl)
    return None, 0


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def format_number(value: int, fmt: str) -> str:
    """A counter in one of Word's number formats (the ones Chinese documents use)."""
    if fmt.startswith(("chinese", "ideograph", "japaneseCounting", "taiwanese")) and value < 100:
        return chinese_numeral(value)
    if fmt.startswith("decimalEnclosedCircle") and value <= len(_CIRCLED):
        return _CIRCLED[value - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(value))
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and value < 40:
        out = ""
        for size, numeral in _ROMAN:
            while value >= size:
                out, value = out + numeral, value - size
        return out if fmt == "upperRoman" else out.lower()
    return str(value)
