"""Figures as reports state them: a number and its measure word (47名, 10000余份, 98%).

One table of measure words for every stage: the importer proposes a metric for each
figure it finds, and the advice warns about a figure in the text that no metric lists.
"""

from __future__ import annotations

import re

UNITS = (
    "人次", "批次", "场次", "个", "名", "份", "人", "条", "件", "次", "场", "期", "宗",
    "家", "项", "户", "起", "篇", "种", "所", "处", "元", "%", "％",
)  # fmt: skip
# Not preceded by a digit, a decimal point, a range or an ordinal (第3次, 2-3名, 〔2021〕);
# not followed by more digits. 万/亿 scale the unit (190万元); 余/多/约/近/超过/以上 qualify.
FIGURE = re.compile(
    r"(?P<pre>约|近|超过)?(?<![\d.,，+＋/／\-－—~～第〔\[])(?P<num>\d+(?:\.\d+)?)(?![\d]|[.,]\d)"
    r"(?P<wan>万|亿)?(?P<yu>余|多)?(?P<unit>" + "|".join(map(re.escape, UNITS)) + r")"
    r"(?P<post>以上)?"
)
