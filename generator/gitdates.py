"""A record's dates from git history, in one `git log` call: when it was first committed
(added to the site) and when it last changed.

Why one call: asking git per file costs a process each (seconds at a thousand reports);
one pass over the log gives every file's newest and oldest commit dates.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path


def last_changed(folder: Path) -> dict[str, dt.date]:
    """Map each file under ``folder`` (by absolute path) to the date of the last commit touching it.

    Files never committed (or no git at all) are simply absent from the map.
    """
    return {path: last for path, (_, last) in commit_dates(folder).items()}


def commit_dates(folder: Path) -> dict[str, tuple[dt.date, dt.date]]:
    """Map each file under ``folder`` (by absolute path) to (first, last) commit dates.

    The first is when the record was added to the site (its 收录日期); a later commit may
    fix a typo or a field, which is not a correction of the report's text (that is what
    the record's ``changes:`` say). Files never committed are absent from the map.
    """
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=30,
        )
        if top.returncode != 0:
            return {}
        log = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    root = Path(top.stdout.strip())
    dates: dict[str, tuple[dt.date, dt.date]] = {}
    current: dt.date | None = None
    for line in log.stdout.splitlines():
        if line.startswith("\x00"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current is not None:
            path = os.path.abspath(root / line)
            last = dates[path][1] if path in dates else current  # newest commit first
            dates[path] = (current, last)  # ... so the oldest is seen last
    return dates


def last_commit_epoch(folder: Path) -> str | None:
    """The last commit's time (Unix seconds), for SOURCE_DATE_EPOCH: dates in the built
    site then depend on the content, not on when the build ran."""
    try:
        proc = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = proc.stdout.strip()
    return stamp if proc.returncode == 0 and stamp.isdigit() else None
