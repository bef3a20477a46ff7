"""What the 2019 regulation asks of every annual report, in one place.

法治政府建设与责任落实督察工作规定 (2019): each government publishes its report on the
past year before 1 April, covering five parts. The record (`part:`), the advice, the
status matrix, the scaffold and the importer all read these from here.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

PART_LABELS: dict[str, str] = {
    "measures": "主要举措和成效",
    "shortcomings": "存在的不足和原因",
    "duty": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "plans": "下一年度主要安排",
    "other": "其他需要报告的情况",
}
Part = Literal["measures", "shortcomings", "duty", "plans", "other"]


def deadline(year: int) -> dt.date:
    """The last on-time publication day for the report on ``year``: 31 March of the next."""
    return dt.date(year + 1, 3, 31)


# The first year whose report the 2019 regulation asks for: it took effect in 2019, and the
# report on 2019 was due by 1 April 2020. A district may declare another (`first_year:`).
FIRST_REPORT_YEAR = 2019
