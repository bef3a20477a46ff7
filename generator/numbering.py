"""Official heading numbers (GB/T 9704-2012): 一、 （一） 1. （1）.

Sources number inconsistently (the seed drifts from 一、 to 2、 3、); the site ignores
whatever the source used and numbers every level itself.
"""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一 (1–99, which is all a report needs)."""
    if not 1 <= n <= 99:
        raise ValueError(f"numeral out of range: {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def heading_label(level: int, n: int) -> str:
    """Label for the n-th heading (1-based) at outline level 1–4."""
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"heading level out of range: {level}")


def enumeration_marker(n: int) -> str:
    """Marker of the n-th item of an inline enumeration: 一是, 二是, …"""
    return f"{chinese_numeral(n)}是"


def chinese_date(year: int, month: int, day: int) -> str:
    """The date as signed on Chinese documents: 2021年1月5日."""
    return f"{year}年{month}月{day}日"
