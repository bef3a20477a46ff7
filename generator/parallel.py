"""Work over every page of a large site, shared among the machine's cores.

Why: the stages after the engine (compaction, the search index's encoding) read every
page in Python, one core's work while the other sits idle; at 5,000 reports each took tens
of seconds. Below a few hundred pages a second process costs more than it saves.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 400  # items; below this, one process does it all
MAX_WORKERS = 8


def in_parts(work: Callable[..., R], items: list[T], *shared: Any) -> list[R]:
    """``work(*shared, part)`` over consecutive parts of ``items``, the results in order.

    One part when the list is short or the machine has one core; otherwise a few parts
    per core, so no core waits long for the last one. ``work`` must be a module-level
    function (it runs in another process).
    """
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(items) < PARALLEL_FROM or workers < 2:
        return [work(*shared, items)]
    size = -(-len(items) // (workers * 4))
    parts = [items[i : i + size] for i in range(0, len(items), size)]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(partial(work, *shared), parts))
