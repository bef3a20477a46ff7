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
import json
import os
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

QUERIES = ["网格员", "依法治区办", "法律顾问", "合法性审查", "枫桥经验", "行政执法", "矛盾纠纷",
           "普法宣传", "政务公开", "法治政府建设", "宣传资料", "第一责任人", "示例三镇", "黑溪镇"]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
MACHINERY = ("/search/", "/lunr/", "/workers/", "/pagefind/")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


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


def material(page, url: str, query: str) -> set[str]:  # noqa: ANN001
    page.goto(url)
    box = page.locator(".md-search__input")
    box.click()
    box.fill(query)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__meta", timeout=120_000)
    page.wait_for_timeout(300)
    # Material lists a bounded number of pages and a "more" item; expand them all.
    while page.locator(".md-search-result__more > summary").count():
        more = page.locator(".md-search-result__more > summary").first
        more.click()
        page.wait_for_timeout(50)
        if page.locator(".md-search-result__more:not([open]) > summary").count() == 0:
            break
    hrefs = page.eval_on_selector_all(".md-search-result__item > a",
                                      "els => els.map(e => new URL(e.href).pathname)")
    return {h for h in hrefs}


PAGEFIND_JS = """async (q) => {
  const pf = await import('/pagefind/pagefind.js');
  const r = await pf.search(q);
  const shown = await Promise.all(r.results.slice(0, 5).map(x => x.data()));
  return {total: r.results.length, urls: (await Promise.all(r.results.map(x => x.data())))
          .map(d => new URL(d.url, location.href).pathname), shown: shown.length};
}"""
PAGEFIND_BYTES_JS = """async (q) => {
  const pf = await import('/pagefind/pagefind.js');
  const r = await pf.search(q);
  await Promise.all(r.results.slice(0, 5).map(x => x.data()));
  return r.results.length;
}"""


def measure(browser, url: str, run) -> tuple[object, int]:  # noqa: ANN001
    """Run one query on a fresh page; return its result and the search bytes downloaded."""
    page = browser.new_page()
    sizes: list[int] = []
    page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"])
            if any(p in r.url for p in MACHINERY) else None)
    result = run(page)
    page.wait_for_load_state("networkidle")
    page.close()
    return result, sum(sizes)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="search-eval-"))
    shutil.copytree(REPO / "content", tmp / "content")
    generate(tmp / "content", args.count, seed=1)
    site = tmp / "site"
    subprocess.run([sys.executable, "-m", "generator", "--content", str(tmp / "content"),
                    "build", "--site", str(site)], cwd=REPO, env=ENV, check=True,
                   capture_output=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind_bin_extended", "--site", str(site)],
                   check=True, capture_output=True)
    pagefind_s = time.perf_counter() - start
    truth = known_answers(site)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for q in QUERIES:
            found_m, bytes_m = measure(browser, url, lambda pg, q=q: material(pg, url, q))
            found_p, _ = measure(browser, url, lambda pg, q=q: (
                pg.goto(url), pg.evaluate(PAGEFIND_JS, q))[1])
            _, bytes_p = measure(browser, url, lambda pg, q=q: (
                pg.goto(url), pg.evaluate(PAGEFIND_BYTES_JS, q))[1])
            answers = truth[q]
            rec_m = len(answers & found_m) / len(answers) if answers else 1.0
            rec_p = len(answers & set(found_p["urls"])) / len(answers) if answers else 1.0
            rows.append((q, len(answers), rec_m, bytes_m, rec_p, bytes_p))
        browser.close()
    httpd.shutdown()
    index_kb = (site / "search" / "search_index.json").stat().st_size / 1024
    pf_kb = sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file()) / 1024
    print(f"# {args.count} sample reports + content/; Material index {index_kb:.0f} KB "
          f"(built inside mkdocs build); Pagefind index {pf_kb:.0f} KB on disk, "
          f"indexed in {pagefind_s:.1f} s")
    print("| query | pages containing it | Material recall | Material KB/query | "
          "Pagefind recall | Pagefind KB/query |")
    print("|---|---:|---:|---:|---:|---:|")
    for q, n, rm, bm, rp, bp in rows:
        print(f"| {q} | {n} | {rm:.0%} | {bm / 1024:.0f} | {rp:.0%} | {bp / 1024:.0f} |")
    mean = lambda i: sum(r[i] for r in rows) / len(rows)  # noqa: E731
    print(f"| **mean** | | {mean(2):.0%} | {mean(3) / 1024:.0f} | {mean(4):.0%} | "
          f"{mean(5) / 1024:.0f} |")
    json.dump(rows, sys.stderr)
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
