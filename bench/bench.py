"""Benchmark: build speed, page size and search cost at N sample reports. Run by hand.

    python bench/bench.py                 # N = 100 and 1,000
    python bench/bench.py --sizes 5000    # on request

For each N, in one run on the same generated pages, it prints:
- generator time (load + validate + render + write), engine time, total (`generator build`);
- a bare `mkdocs build` of the same pre-rendered Markdown (no plugin) as the reference;
- the generator's share of the whole build;
- average HTML per report page;
- bytes a real browser downloads for one search query (Debian chromium, after page load);
- incremental: after one record changes, files rewritten and the time it took.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.pipeline import run_pipeline, work_dir  # noqa: E402
from generator.sample import generate  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}


def timed(cmd: list[str], **kw: object) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=ENV, cwd=REPO, **kw)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    return time.perf_counter() - start


def settle(folder: Path, seconds: float = 600) -> None:
    """Wait until the old sites that builds in ``folder`` handed to their detached remover
    (generator/publish.py) are gone: not counted in the build that published, but not
    left to slow the next timed command either."""
    deadline = time.monotonic() + seconds
    while any(folder.glob(".*-tmp-*")) and time.monotonic() < deadline:
        time.sleep(0.1)


def bare_config(docs: Path, nav: list, out: Path) -> Path:
    """mkdocs.yml without the disclosure plugin, reading the rendered tree directly."""
    path = REPO / ".bench-bare.yml"  # at the root: custom_dir resolves from here
    path.write_text(
        f"INHERIT: mkdocs.yml\ndocs_dir: {docs}\nsite_dir: {out}\nplugins: []\n"
        f"nav: {json.dumps(nav, ensure_ascii=False)}\n",
        encoding="utf-8",
    )
    return path


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


SEARCH_PARTS = (
    "/search/",
    "/lunr/",
    "/workers/",
    "/search-index/",
    "/assets/javascripts/search.js",
)


def search_bytes(site: Path, query: str = "网格员") -> tuple[int, int]:
    """Bytes of search machinery a browser downloads to answer one query (and the hits).

    Material's worker fetches its whole index when a page loads; the site's own box
    fetches one bucket per term and one document per result as the query runs (its
    script, loaded with every page, is counted too). Both are counted from the
    first page load to the results, whatever the moment of download.
    """
    from playwright.sync_api import sync_playwright

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page()
        sizes: list[int] = []
        page.on(
            "requestfinished",
            lambda r: (
                sizes.append(r.sizes()["responseBodySize"])
                if any(part in r.url for part in SEARCH_PARTS)
                else None
            ),
        )
        page.goto(url)
        page.wait_for_load_state("networkidle")
        box = page.locator(".md-search__input, #gk-search-input").first
        box.click()
        box.fill(query)
        page.keyboard.press("End")  # Material listens to key events
        page.wait_for_selector(".md-search-result__item, .gk-search__list li", timeout=120_000)
        page.wait_for_load_state("networkidle")
        hits = page.locator(".md-search-result__item, .gk-search__list li").count()
        browser.close()
    httpd.shutdown()
    return sum(sizes), hits


def incremental(content: Path, docs: Path) -> tuple[int, float]:
    """Change one record; time the generator's rerun and count the files it rewrote.

    Measured as `mkdocs serve` sees it: one process, a first full run, then the edit.
    """
    run_pipeline(content, REPO / "seeds", docs)
    record = sorted(content.rglob("2020.yml"))[0]
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text.replace("现将有关情况报告如下：", "现将有关情况报告如下（修订）："), encoding="utf-8"
    )
    start = time.perf_counter()
    result = run_pipeline(content, REPO / "seeds", docs)
    elapsed = time.perf_counter() - start
    record.write_text(text, encoding="utf-8")
    return len(result.written), elapsed


def matrix(content: Path, tmp: Path, jobs: int) -> tuple[float, float, float]:
    """The CI-matrix path: `shard --index k --of jobs` one job after another (each is a
    separate CI job, so the wall time of the matrix is its slowest job), then `join`.
    Returns (slowest job, all jobs together, join) in seconds."""
    times = []
    parts = []
    for k in range(jobs):
        part = tmp / f"part-{k}"
        cmd = [sys.executable, "-m", "generator", "--content", str(content), "shard"]
        times.append(timed([*cmd, "--index", str(k), "--of", str(jobs), "--site", str(part)]))
        parts.append(str(part))
    join = timed([sys.executable, "-m", "generator", "join", *parts, "--site", str(tmp / "joined")])
    for part in parts:
        shutil.rmtree(part)
    shutil.rmtree(tmp / "joined")
    return max(times), sum(times), join


def _build_cmd(content: Path, site: Path) -> list[str]:
    """`python -m generator build` of ``content`` into ``site``."""
    cmd = [sys.executable, "-m", "generator", "--content", str(content)]
    return [*cmd, "build", "--site", str(site)]


def _bare(docs: Path, nav: Any, out: Path) -> float:
    """Seconds of a bare `mkdocs build` of the rendered tree ``docs`` (no plugin, no index)."""
    config = bare_config(docs, nav, out)
    try:
        return timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)])
    finally:
        config.unlink()


def ratio(n: int, rounds: int = 2) -> dict[str, Any]:
    """Only the issue's build target: the whole `generator build` (warm cache, as an
    editor's next build) against a bare `mkdocs build` of the same Markdown, alternated
    ``rounds`` times so that a machine whose load changes weighs on both alike."""
    tmp = Path(tempfile.mkdtemp(prefix=f"bench-ratio-{n}-"))
    content = tmp / "content"
    generate(content, n, seed=1)
    site = tmp / "site"
    subprocess.run(_build_cmd(content, site), capture_output=True, env=ENV, cwd=REPO, check=True)
    docs = work_dir(REPO, content) / "docs"
    nav = json.loads((docs.parent / "nav.json").read_text(encoding="utf-8"))
    totals, bares, splits = [], [], []
    for _ in range(rounds):
        bares.append(_bare(docs, nav, tmp / "bare"))
        start = time.perf_counter()
        proc = subprocess.run(
            _build_cmd(content, site), capture_output=True, text=True, env=ENV, cwd=REPO, check=True
        )
        totals.append(time.perf_counter() - start)
        settle(tmp)
        splits.append(proc.stdout.split("各阶段用时（秒）：")[1].splitlines()[0])
    shutil.rmtree(tmp)
    return {"n": n, "totals": totals, "bares": bares, "splits": splits}


def run(n: int, keep: Path | None, jobs: int = 0, with_zensical: bool = True) -> dict[str, float]:
    tmp = Path(tempfile.mkdtemp(prefix=f"bench-{n}-"))
    content = tmp / "content"
    generate(content, n, seed=1)
    site = tmp / "site"
    build_log = subprocess.run(
        _build_cmd(content, site),
        capture_output=True,
        text=True,
        env=ENV,
        cwd=REPO,
    )
    if build_log.returncode != 0:
        raise SystemExit(build_log.stderr[-3000:])
    start = time.perf_counter()  # second build: steady state, as an editor's next build
    proc = subprocess.run(
        _build_cmd(content, site),
        capture_output=True,
        text=True,
        env=ENV,
        cwd=REPO,
        check=True,
    )
    total = time.perf_counter() - start
    settle(tmp)
    split_line = proc.stdout.split("各阶段用时（秒）：")[1].splitlines()[0]
    stages = {name: float(sec) for name, sec in re.findall(r"([^：，\s]+) ([\d.]+)", split_line)}
    generator_s = float(re.search(r"生成 ([\d.]+) 秒", proc.stdout).group(1))
    engine_s = float(re.search(r"mkdocs ([\d.]+) 秒", proc.stdout).group(1))
    docs = work_dir(REPO, content) / "docs"
    sharded = timed([*_build_cmd(content, tmp / "sharded-site"), "--shards", "2"])
    settle(tmp)
    shutil.rmtree(tmp / "sharded-site")
    zensical = None
    if with_zensical and (REPO / ".venv-zensical" / "bin" / "zensical").exists():
        zensical = timed([*_build_cmd(content, tmp / "zensical-site"), "--engine", "zensical"])
    nav = json.loads((docs.parent / "nav.json").read_text(encoding="utf-8"))
    bare = _bare(docs, nav, tmp / "bare")
    pages = [p for p in site.glob("*/*/*/index.html") if p.parent.name.isdigit()]
    html = sum(p.stat().st_size for p in pages) / len(pages)
    query_bytes, hits = search_bytes(site)
    rewritten, inc_s = incremental(content, docs)
    ci = matrix(content, tmp, jobs) if jobs else None
    if keep:
        shutil.copytree(site, keep / f"site-{n}", dirs_exist_ok=True)
    shutil.rmtree(tmp)
    return {
        "n": n,
        "generator": generator_s,
        "total": total,
        "engine": engine_s,
        "bare": bare,
        "html_kb": html / 1024,
        "query_kb": query_bytes / 1024,
        "hits": hits,
        "rewritten": rewritten,
        "incremental": inc_s,
        "pages": len(pages),
        "zensical": zensical,
        "sharded": sharded,
        "stages": stages,
        "matrix": ci,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000")
    ap.add_argument("--keep", type=Path, help="copy each built site here")
    ap.add_argument("--matrix", type=int, default=0, help="also time shard x K + join (CI)")
    ap.add_argument("--no-zensical", action="store_true", help="skip the Zensical build")
    ap.add_argument("--preview", action="store_true", help="also time save -> page (preview)")
    ap.add_argument("--ratio", action="store_true", help="only total / bare, alternated twice")
    args = ap.parse_args()
    if args.ratio:
        print("| N | bare mkdocs s (each round) | whole build s (each round) | total / bare |")
        print("|---:|---|---|---:|")
        for n in (int(x) for x in args.sizes.split(",")):
            r = ratio(n)
            each = [f"{b:.1f}" for b in r["bares"]], [f"{t:.1f}" for t in r["totals"]]
            share = sum(r["totals"]) / sum(r["bares"])
            print(f"| {n:,} | {', '.join(each[0])} | {', '.join(each[1])} | {share:.2f} |")
            for line in r["splits"]:
                print(f"  stages: {line}")
        return
    print(
        f"# {time.strftime('%Y-%m-%d')} · {platform.machine()} · {os.cpu_count()} cores · "
        f"Python {platform.python_version()}"
    )
    print(
        "| N | generator s | engine s | total s | generator share | bare mkdocs s | "
        "total / bare | HTML per report page | search query downloads | "
        "incremental: files rewritten, s | 2 shards total s | Zensical total s |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    split = []
    matrices = []
    previews: list[dict[str, Any]] = []
    for n in (int(x) for x in args.sizes.split(",")):
        r = run(n, args.keep, args.matrix, not args.no_zensical)
        split.append((n, r["stages"], r["total"]))
        if r["matrix"]:
            matrices.append((n, r["matrix"]))
        if args.preview:
            from preview import preview_latency  # bench/preview.py, beside this file

            previews.append(preview_latency(n, edits=3))
        zensical = "—" if r["zensical"] is None else f"{r['zensical']:.1f}"
        print(
            f"| {n:,} | {r['generator']:.2f} | {r['engine']:.1f} | {r['total']:.1f} | "
            f"{100 * r['generator'] / r['total']:.1f}% | {r['bare']:.1f} | "
            f"{r['total'] / r['bare']:.2f} | {r['html_kb']:.0f} KB | "
            f"{r['query_kb']:.0f} KB ({r['hits']} results) | "
            f"{r['rewritten']}, {r['incremental']:.2f} | {r['sharded']:.1f} | "
            f"{zensical} |",
            flush=True,
        )
    _print_stages(split)
    _print_previews(previews)
    if matrices:
        jobs = f"`shard --of {args.matrix}`"
        print(f"\nCI matrix: {jobs} jobs, run one after another here, then `join`:\n")
        print("| N | slowest job s | all jobs s | join s | matrix wall (slowest + join) s |")
        print("|---:|---:|---:|---:|---:|")
        for n, (slowest, every, join) in matrices:
            print(f"| {n:,} | {slowest:.1f} | {every:.1f} | {join:.1f} | {slowest + join:.1f} |")


def _print_previews(previews: list[dict[str, Any]]) -> None:
    """Save -> the changed page served with its new text (bench/preview.py)."""
    if not previews:
        return
    print("\nPreview (`serve`): save -> page served with the new text, over HTTP:\n")
    print("| N | first build s | text edit median / max s | title edit median / max s |")
    print("|---:|---:|---:|---:|")
    for r in previews:
        cells = [
            f"{r[f'{kind}_median'] or 0:.2f} / {r[f'{kind}_max'] or 0:.2f}"
            for kind in ("text", "title")
        ]
        print(f"| {r['count']:,} | {r['first_build']:.1f} | {cells[0]} | {cells[1]} |")


def _print_stages(split: list[tuple[int, dict[str, float], float]]) -> None:
    """Where each build's time went: the summary's stages, then the process around them."""
    names = list(split[0][1])
    print("\nSeconds per stage of the second build (from its summary line):\n")
    print("| N | " + " | ".join(names) + " | process start and exit | total |")
    print("|---:|" + "---:|" * (len(names) + 2))
    for n, stages, total in split:
        outside = total - sum(stages.values())
        cells = " | ".join(f"{stages[k]:.2f}" for k in names)
        print(f"| {n:,} | {cells} | {outside:.2f} | {total:.1f} |")


if __name__ == "__main__":
    main()
