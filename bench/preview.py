"""Benchmark: how long after an editor saves a record the preview serves the change.

    python bench/preview.py --count 5000
    python bench/preview.py --count 1000 --edits 5
    python bench/preview.py --count 5000 --keep /tmp/preview-5000   # reuse it next time

On a scratch content tree of N sample reports (generator/sample.py), it starts
`python -m generator --content … serve` with its own GKGEN_BUILD_DIR, waits for the first
build, then several times saves one report with a new, unique marker in its text and
times the wall clock from the save until an HTTP GET of that report's page (polled every
20 ms) returns the marker. Then the same with a marker in a report's title, which the
town page lists: timed until the town page shows it. Prints the median and maximum per
kind. ``preview_latency(count)`` returns the same figures for bench/bench.py.

``--keep DIR`` keeps the scratch content tree and build folder in DIR (the edited records
are restored at the end): a second run skips generating the records and starts from the
generator's cache, so at 5,000 reports it waits only for MkDocs's first build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.edit import free_port  # noqa: E402
from generator.sample import generate  # noqa: E402

POLL = 0.02  # seconds between GETs while waiting for the change
TEXT_ANCHOR = "现将有关情况报告如下："  # in every sample report's preamble
TITLE_ANCHOR = "法治政府建设情况报告"  # in every sample report's title


def fetch(url: str) -> str:
    """The page's text, or "" while the preview does not answer with it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return str(resp.read().decode("utf-8"))
    except (OSError, urllib.error.URLError):
        return ""


def wait_for(url: str, needle: str, timeout: float) -> float | None:
    """Seconds until ``url`` serves ``needle`` (polled every 20 ms), None after timeout."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if needle in fetch(url):
            return time.perf_counter() - start
        time.sleep(POLL)
    return None


def _url(base: str, content: Path, record: Path) -> str:
    rel = record.relative_to(content).with_suffix("")
    return f"{base}/{rel.as_posix()}/"


def preview_latency(
    count: int,
    *,
    edits: int = 5,
    pause: float = 2.0,
    timeout: float = 900.0,
    log: Path | None = None,
    keep: Path | None = None,
    profile: Path | None = None,
) -> dict[str, object]:
    """Start a preview of ``count`` sample reports, save ``edits`` text edits and
    ``edits`` title edits one after another (``pause`` seconds apart, as an editor
    would), and return the seconds each took to be served, with their median and max.

    Keys: count, first_build (s), text / title (lists of s), text_median, text_max,
    title_median, title_max. A change not served within ``timeout`` counts as None.
    ``keep``: a folder to keep the records and the build in, and reuse when it has them.
    ``profile``: a folder for the preview's cProfile statistics, one file per save.
    """
    tmp = keep or Path(tempfile.mkdtemp(prefix=f"preview-bench-{count}-"))
    tmp.mkdir(parents=True, exist_ok=True)
    content = tmp / "content"
    made = tmp / f"made-{count}.txt"  # the records' list, once they are all written
    if keep is not None and made.is_file():
        reports = [content / line for line in made.read_text(encoding="utf-8").split()]
    else:
        shutil.rmtree(content, ignore_errors=True)
        reports = generate(content, count, seed=1)
        made.write_text("\n".join(str(r.relative_to(content)) for r in reports), "utf-8")
    saved: dict[Path, str] = {}  # each edited record as it was, restored at the end
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1767225600",
        "GKGEN_BUILD_DIR": str(tmp / "build"),
        "PYTHONPATH": str(REPO),
        "GKGEN_TIMINGS": "1",  # the preview logs each save's stages (see --log)
        **({"GKGEN_PROFILE": str(profile)} if profile else {}),
    }
    out = (log or tmp / "serve.log").open("w", encoding="utf-8")
    cmd = [sys.executable, "-m", "generator", "--content", str(content)]
    cmd += ["serve", "--addr", f"127.0.0.1:{port}"]
    # A session of its own, so the interrupt reaches MkDocs as Ctrl+C would.
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    result: dict[str, object] = {"count": count}
    try:
        # Spread the edits over districts and towns; the first report proves the build.
        step = max(1, len(reports) // (2 * edits + 1))
        picked = reports[::step][: 2 * edits + 1]
        first = picked[0]
        start = time.perf_counter()
        anchor = TEXT_ANCHOR
        if wait_for(_url(base, content, first), anchor, timeout) is None:
            raise SystemExit(f"the preview never served {first}; see {out.name}")
        result["first_build"] = time.perf_counter() - start
        time.sleep(pause)
        text_times: list[float | None] = []
        title_times: list[float | None] = []
        for i, record in enumerate(picked[1 : edits + 1]):
            marker = f"（修订标记{i}号{os.getpid()}）"
            old = saved.setdefault(record, record.read_text(encoding="utf-8"))
            assert TEXT_ANCHOR in old
            new = old.replace(TEXT_ANCHOR, TEXT_ANCHOR[:-1] + marker + "：", 1)
            record.write_text(new, encoding="utf-8")  # the save
            text_times.append(wait_for(_url(base, content, record), marker, timeout))
            time.sleep(pause)
        for i, record in enumerate(picked[edits + 1 :]):
            marker = f"（题名标记{i}号{os.getpid()}）"
            old = saved.setdefault(record, record.read_text(encoding="utf-8"))
            assert TITLE_ANCHOR in old
            new = old.replace(TITLE_ANCHOR, TITLE_ANCHOR + marker, 1)
            record.write_text(new, encoding="utf-8")
            town = f"{base}/{record.parent.relative_to(content).as_posix()}/"
            title_times.append(wait_for(town, marker, timeout))
            time.sleep(pause)
        result["text"], result["title"] = text_times, title_times
        for kind, times in (("text", text_times), ("title", title_times)):
            done = [t for t in times if t is not None]
            result[f"{kind}_median"] = statistics.median(done) if done else None
            result[f"{kind}_max"] = None if len(done) < len(times) else max(done, default=None)
    finally:
        with _suppress():
            os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        out.close()
        for record, text in saved.items():
            record.write_text(text, encoding="utf-8")
        if keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    return result


class _suppress:
    """Ignore a process group that is already gone."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: object, tb: object) -> bool:
        return isinstance(exc, ProcessLookupError)


def _cell(value: object) -> str:
    return "—" if value is None else f"{value:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000, help="sample reports (default 1000)")
    ap.add_argument("--edits", type=int, default=5, help="edits of each kind (default 5)")
    ap.add_argument("--pause", type=float, default=2.0, help="seconds between saves")
    ap.add_argument("--log", type=Path, help="keep the preview's terminal output here")
    ap.add_argument("--timeout", type=float, default=900, help="seconds to wait for a page")
    ap.add_argument("--keep", type=Path, help="keep the records and build here, reuse them")
    ap.add_argument("--profile", type=Path, help="write each save's cProfile statistics here")
    args = ap.parse_args()
    r = preview_latency(
        args.count,
        edits=args.edits,
        pause=args.pause,
        timeout=args.timeout,
        log=args.log,
        keep=args.keep,
        profile=args.profile,
    )
    print(f"# preview, {args.count:,} reports; first build {r['first_build']:.1f} s")
    print("| edit | saves | median s | max s | each s |")
    print("|---|---:|---:|---:|---|")
    for kind, label in (("text", "report text → its page"), ("title", "title → town page")):
        times = r[kind]
        assert isinstance(times, list)
        each = ", ".join(_cell(t) for t in times)
        print(
            f"| {label} | {len(times)} | {_cell(r[kind + '_median'])} | "
            f"{_cell(r[kind + '_max'])} | {each} |"
        )


if __name__ == "__main__":
    main()
