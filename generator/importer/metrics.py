"""Metrics stage: figures stated in the text (47名综治网格员, 10000余份, 通过率100%).

Each becomes a metric with the clause it comes from, verbatim, so `check` can find it
in the text. A label is guessed from the words around the figure: the noun after the
measure word (47名**综治网格员**), else the phrase before the number (**接受群众咨询**300
余人次). Labels are drafts for the editor: comparisons across towns need them uniform.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from generator.figures import FIGURE
from generator.model import Metric

_CLAUSE = re.compile(r"[^，；：,;:。！？!?]+[。！？!?]?")
# Words that end the noun after a measure word: 6个村（社区）|都设有…
_STOP = re.compile(r"都|为|是|在|已|被|得到|实现|参与|参加|进行|开展|均|全部|\d")
_TRAILING = re.compile(
    r"(共计|累计|总计|合计|共|达到|均达|达|均|为|是|有|计|"
    r"不低于|不少于|及|和|与|、)$"
)
_LEADING = re.compile(
    r"^(我镇|全镇|我乡|全乡|我区|全区|我县|全县|其它|其他|各类|各种|"
    r"全年|今年|累计|共|\d{4}年度?|的|、)"
)
_PUNCT = "。！？!? |"


def find_metrics(blocks: list[str]) -> list[dict[str, Any]]:
    """Every figure with a measure word in ``blocks`` (paragraphs, items, titles), in order."""
    out: list[dict[str, Any]] = []
    for block in blocks:
        clauses = [m.group().strip() for m in _CLAUSE.finditer(block)]
        for n, clause in enumerate(clauses):
            start = 0  # a label never reaches back past the previous figure
            for m in FIGURE.finditer(clause):
                metric = _metric(m, clause, start, clauses[n - 1] if n else "")
                if metric is not None:
                    out.append(metric)
                    start = m.end()
    return out


def _metric(m: re.Match[str], clause: str, start: int, previous: str) -> dict[str, Any] | None:
    if "每" in clause[max(0, m.start("num") - 3) : m.start("num")]:
        return None  # a frequency (每两月1次), not an amount
    qualifier = m.group("pre") or m.group("yu") or m.group("post")
    unit = (m.group("wan") or "") + m.group("unit")
    label = _label(clause[start : m.start()], clause[m.end() :], previous)
    if not label:
        return None
    fields = {
        "label": label,
        "value": m.group("num"),
        "unit": unit,
        "qualifier": qualifier,
        "sentence": clause,
    }
    # The record prints a figure as value+qualifier+unit; "190万余元" cannot be printed so.
    printed = Metric(**{**fields, "value": Decimal(m.group("num"))}).printed()
    return fields if printed in clause else None


def _label(before: str, after: str, previous: str) -> str:
    """The thing counted: the noun after the figure, else the phrase before it."""
    # The counted noun follows the measure word directly (47名综治网格员), not after a
    # comma or an enumeration comma (党委会5次、专题会4次).
    adjacent = after.strip(_PUNCT) if after[:1] not in "、，,；;" else ""
    noun = _trim(_STOP.split(adjacent, maxsplit=1)[0])
    if 2 <= len(noun) <= 12:
        return noun
    phrase = _phrase(before, previous)
    return phrase if len(phrase) >= 2 else noun


def _phrase(before: str, previous: str) -> str:
    """The words before a figure, without subject, connectors and enumerations."""
    phrase = before
    while (trimmed := _TRAILING.sub("", phrase)) != phrase:
        phrase = trimmed
    if phrase.endswith("等") or phrase.startswith(("包括", "其中")):
        last = previous.rsplit("、", 1)[-1]  # 及时、主动更新政府信息 → 主动更新政府信息
        phrase = last if len(last) >= 4 else previous
    if "的" in phrase and len(phrase.rsplit("的", 1)[-1]) >= 2:
        phrase = phrase.rsplit("的", 1)[-1]
    if "等" in phrase:
        phrase = phrase.rsplit("等", 1)[-1]
    return _trim(phrase)


def _trim(phrase: str) -> str:
    phrase = phrase.strip(_PUNCT)
    while (trimmed := _LEADING.sub("", phrase)) != phrase and len(trimmed) >= 2:
        phrase = trimmed
    while (trimmed := _TRAILING.sub("", phrase)) != phrase and len(trimmed) >= 2:
        phrase = trimmed
    return phrase.strip(_PUNCT)
