"""Search evaluation: Material's built-in search vs Pagefind, on the same built site.

    python bench/search_eval.py --count 1000

Builds N sample reports (plus content/), indexes the same site with Pagefind, then in a
real browser (Debian chromium) runs each Chinese query through both engines and prints:
recall against known answers (report pages whose text contains the query), bytes
downloaded for the query (search machinery only, from page load to results), and index
time. Known answers come from the built pages themselves, so they are exact.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.sample import generate  # noqa: E402

QUERIES = [
    "网格员",
    "依法治区办",
    "法律顾问",
    "合法性审查",
    "枫桥经验",
    "行政执法",
    "矛盾纠纷",
    "普法宣传",
    "政务公开",
    "法治政府建设",
    "宣传资料",
    "第一责任人",
    "示例三镇",
    "黑溪镇",
]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MACHINERY = ("/search/", "/lunr/", "/workers/", "/pagefind/")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# The same site with Material's built-in search (lunr, jieba segmentation) instead.
MATERIAL_CONFIG = """INHERIT: mkdocs.yml
plugins:
  - search:
      lang: zh
      jieba_dict_user: search/jieba_user_dict.txt
  - disclosure
extra:
  generator: false
  search_engine: material
"""


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def known_answers(site: Path) -> dict[str, set[str]]:
    """Query → report pages (URL paths) whose article text contains it."""
    texts = {}
    for page in site.glob("*/*/*/index.html"):
        if page.parent.name.isdigit():
            article = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one("article")
            texts["/" + page.parent.relative_to(site).as_posix() + "/"] = article.get_text()
    return {q: {url for url, text in texts.items() if q in text} for q in QUERIES}


def material(page, url: str, query: str) -> dict:
    """Material's own search box: its hit count and the first ten pages it lists."""
    page.goto(url)
    box = page.locator(".md-search__input")
    box.click()
    box.fill(query)
    page.keyboard.press("End")
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta') && "
        "/\\d/.test(document.querySelector('.md-search-result__meta')"
        ".textContent)",
        timeout=180_000,
    )
    meta = page.locator(".md-search-result__meta").inner_text()
    total = int(re.search(r"(\d+)", meta).group(1))
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a", "els => els.map(e => new URL(e.href).pathname)"
    )
    return {"total": total, "top": list(dict.fromkeys(hrefs))[:10]}


def pagefind(page, url: str, query: str) -> dict:
    """The site's own search box (Pagefind): hit count and the ten pages it lists."""
    page.goto(url)
    page.locator("#gk-search-input").fill(query)
    page.wait_for_function(
        "/找到|没有|显示/.test(document.querySelector('.gk-search__status').textContent)",
        timeout=180_000,
    )
    status = page.locator(".gk-search__status").inner_text()
    total = int(m.group(1)) if (m := re.search(r"(?:找到|显示前) (\d+)", status)) else 0
    hrefs = page.eval_on_selector_all(
        ".gk-search__list a", "els => els.map(e => new URL(e.href).pathname)"
    )
    return {"total": total, "top": hrefs}


def measure(browser, url: str, run) -> tuple[object, int]:
    """Run one query on a fresh page; return its result and the search bytes downloaded."""
    page = browser.new_page()
    sizes: list[int] = []
    page.on(
        "requestfinished",
        lambda r: (
            sizes.append(r.sizes()["responseBodySize"])
            if any(p in r.url for p in MACHINERY)
            else None
        ),
    )
    result = run(page)
    page.wait_for_load_state("networkidle")
    page.close()
    return result, sum(sizes)


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def precision(top: list[str], answers: set[str]) -> float:
    """Share of the listed pages (first ten) that are right answers (report pages only)."""
    reports = [u for u in top if re.fullmatch(r"/[^/]+/[^/]+/\d{4}/", u)]
    return sum(u in answers for u in reports) / len(reports) if reports else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="search-eval-"))
    shutil.copytree(REPO / "content", tmp / "content")
    generate(tmp / "content", args.count, seed=1)
    site = tmp / "site"  # the product's build: Pagefind
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "--content",
            str(tmp / "content"),
            "build",
            "--site",
            str(site),
        ],
        cwd=REPO,
        env=ENV,
        check=True,
        capture_output=True,
    )
    start = time.perf_counter()  # index time, measured again on its own
    subprocess.run(
        [sys.executable, "-m", "pagefind_bin_extended", "--site", str(site)],
        check=True,
        capture_output=True,
    )
    pagefind_s = time.perf_counter() - start
    lunr = tmp / "material-site"  # the same pages with Material's built-in search
    config = REPO / ".search-eval.yml"
    config.write_text(MATERIAL_CONFIG, encoding="utf-8")
    try:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(lunr)],
            cwd=REPO,
            check=True,
            capture_output=True,
            env={**ENV, "GKGEN_CONTENT": str(tmp / "content")},
        )
        lunr_s = time.perf_counter() - start
    finally:
        config.unlink()
    truth = known_answers(site)
    httpd, url = serve(site)
    lunr_httpd, lunr_url = serve(lunr)
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for q in QUERIES:
            found_m, bytes_m = measure(browser, lunr_url, lambda pg, q=q: material(pg, lunr_url, q))
            found_p, bytes_p = measure(browser, url, lambda pg, q=q: pagefind(pg, url, q))
            answers = truth[q]
            rows.append(
                (
                    q,
                    len(answers),
                    found_m["total"],
                    precision(found_m["top"], answers),
                    bytes_m,
                    found_p["total"],
                    precision(found_p["top"], answers),
                    bytes_p,
                )
            )
        browser.close()
    httpd.shutdown()
    lunr_httpd.shutdown()
    index_kb = (lunr / "search" / "search_index.json").stat().st_size / 1024
    pf_kb = sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file()) / 1024
    print(
        f"# {args.count} sample reports + content/ · Material (lunr + jieba): index "
        f"{index_kb:.0f} KB, whole build {lunr_s:.1f} s · Pagefind: index {pf_kb:.0f} KB "
        f"in pieces, indexed in {pagefind_s:.1f} s"
    )
    print(
        "| query | report pages containing it | Material hits | Material top-10 precision | "
        "Material KB/query | Pagefind hits | Pagefind top-10 precision | Pagefind KB/query |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for q, n, tm, pm, bm, tp, pp, bp in rows:
        print(
            f"| {q} | {n} | {tm} | {pm:.0%} | {bm / 1024:.0f} | {tp} | {pp:.0%} | {bp / 1024:.0f} |"
        )
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
