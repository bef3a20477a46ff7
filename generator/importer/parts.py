"""Parts stage: which required part (design.md §4) a top-level section covers.

Matched on the words of its title; the earliest keyword in the title wins, so
"存在问题及下步打算" counts as shortcomings. Sections whose titles say none stay unmapped.
"""

from __future__ import annotations

KEYWORDS: dict[str, tuple[str, ...]] = {
    "other": ("其他需要报告", "其他事项", "其他情况"),
    "duty": ("第一责任人", "主要负责人履行", "履行推进法治建设"),
    "shortcomings": ("不足", "存在问题", "存在的问题", "短板", "差距", "薄弱"),
    "plans": ("下步", "下一步", "下一年度", "打算", "计划", "安排", "思路", "明年"),
    "measures": (
        "举措",
        "成效",
        "开展情况",
        "推进情况",
        "工作总结",
        "主要工作",
        "工作情况",
        "主要做法",
        "工作成效",
    ),
}


def part_of(title: str) -> str | None:
    """The part a top-level title names, or None."""
    best: tuple[int, int, str] | None = None
    for rank, (part, words) in enumerate(KEYWORDS.items()):
        for word in words:
            at = title.find(word)
            if at >= 0 and (best is None or (at, rank) < best[:2]):
                best = (at, rank, part)
    return best[2] if best else None
