"""Tail stage: the closing (特此报告。) and the signature (issuer lines and a date).

Read from the end of the document backwards: a date line, the signing bodies above
it, and the closing above them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from generator.numbering import CHINESE_DIGITS, parse_chinese_numeral

_ZH_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {
    "零": "0",
    "○": "0",
    "Ｏ": "0",
    "O": "0",
}
_Y = r"(\d{4}|[〇零○ＯO一二三四五六七八九]{4})"
_MD = r"(\d{1,2}|[" + CHINESE_DIGITS + r"]{1,3})"
DATE = re.compile(rf"{_Y}\s*年\s*{_MD}\s*月\s*{_MD}\s*日")
_DATE_LINE = re.compile(rf"^(?P<before>.*?)\s*(?P<date>{DATE.pattern})$")
CLOSING = re.compile(r"^(特此|专此)(报告|汇报)[。！!]?$")
# A signing body: a government, a party committee, an office.
ORG = re.compile(r"(人民政府|委员会|办事处|党工委|党委|党组|管委会|政府|办公室|局|镇|乡|街道)$")
_ORGS = re.compile(r".+?(?:人民政府|委员会|办事处|党工委|党委|党组|管委会)")
_PUNCT = re.compile(r"[，。；：、,.;:！？!?]")


@dataclass
class Tail:
    """The end of the document, once the closing and signature are taken off."""

    lines: list[str]
    closing: str | None = None
    signers: list[str] = field(default_factory=list)
    date: dt.date | None = None


def parse_date(text: str) -> dt.date | None:
    """ "2021年1月5日" or "二〇二一年一月五日" → a date (None if not a real date)."""
    m = DATE.search(text)
    if not m:
        return None
    year = "".join(_ZH_DIGITS.get(c, c) for c in m.group(1))
    month, day = (int(g) if g.isdigit() else parse_chinese_numeral(g) for g in m.groups()[1:])
    try:
        return dt.date(int(year), month, day)
    except ValueError:
        return None


def is_org(line: str) -> bool:
    """A short line naming a body, such as 黔江区黑溪镇人民政府."""
    return len(line) <= 40 and not _PUNCT.search(line) and bool(ORG.search(line))


def split_orgs(text: str) -> list[str]:
    """Joint issuers written on one line: 中共某镇委员会 某镇人民政府 → both."""
    parts = [p for p in re.split(r"[\s\u3000]+", text) if p]
    if len(parts) > 1 and all(is_org(p) for p in parts):
        return parts
    found = _ORGS.findall(text)
    return _offices_joined(found) if len(found) > 1 and "".join(found) == text else [text]


def _offices_joined(found: list[str]) -> list[str]:
    """鲤城区人民政府金龙街道办事处 is one body: a 街道办事处 is named with the district
    government that sends it out. Joint issuers (中共某镇委员会某镇人民政府) stay apart."""
    out: list[str] = []
    for name in found:
        if out and out[-1].endswith("人民政府") and name.endswith("办事处"):
            out[-1] += name
        else:
            out.append(name)
    return out


def read_tail(lines: list[str]) -> Tail:
    """Take the date, the signing bodies and the closing off the end of ``lines``."""
    tail = Tail(list(lines))
    if tail.lines:
        m = _DATE_LINE.match(tail.lines[-1])
        before = m.group("before").strip() if m else ""
        if m and (not before or is_org(before.split()[-1])):
            tail.date = parse_date(m.group("date"))
            tail.lines[-1:] = [before] if before else []
    while (
        tail.date
        and tail.lines
        and is_org(re.sub(r"\s+", "", tail.lines[-1]))
        and len(tail.signers) < 4
    ):
        tail.signers[:0] = split_orgs(tail.lines.pop())
    if tail.lines and CLOSING.match(tail.lines[-1]):
        tail.closing = tail.lines.pop()
    return tail
