"""Measure the prototype index (bench/ownindex) in Chromium: per query, pages found, recall
and precision against the pages' own text, and bytes fetched.

    python bench/ownindex/build_index.py /tmp/oi-site      # first (a COPY of a built site)
    python bench/ownindex/measure.py /tmp/oi-site [--pagefind] [--markdown out.md]

The site copy is served by Python's http.server on 127.0.0.1; a test page
(gk-index/test.html, written here) loads gk-index/own-search.js alone. Each query runs on a
fresh browser context (cold cache), as a reader's first search: start(query), upTo(10),
total(); every request under /gk-index/ is counted (own-search.js, meta.json, buckets,
documents). Then, on another fresh context, all(query) gives every page the engine counts
and checked(query) every page proved against its text. Relevance is bench/search_eval.py's:
a page is relevant when its indexed text, whitespace removed, holds every word.
With --pagefind the site's own box (Pagefind, search.js) is measured on the same site.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

from search_eval import (  # type: ignore[import-not-found]  # noqa: E402
    ARGS,
    QUERIES,
    Found,
    box,
    full_scores,
    listed_scores,
    measure,
    page_texts,
    relevant,
    serve,
)

TEST_PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8">
<title>gk-index test</title><script src="own-search.js"></script></head>
<body><p>自建索引测试页 (own index test page)</p></body></html>
"""
# Filtered queries: (query, filters); relevance is the unfiltered relevance ∩ the pages
# the filters keep, from the pages' URLs as generator.search_index.filters reads them.
FILTERED: list[tuple[str, dict[str, Any]]] = [
    ("网格员", {"区县": "重庆市黔江区"}),
    ("法治", {"年度": "2023"}),
    ("法治", {"区县": ["重庆市黔江区", "静海区"], "年度": ["2020", "2021"]}),
    ("法治", {"区县": "静海区", "镇街": "静海区"}),
]
RUN = """async q => {
  const s = await window.gkSearch.start(q.query, q.filters);
  const items = await s.upTo(10);
  const t = s.total();
  return {listed: items.map(i => new URL(i.url).pathname), total: t.count, exact: t.exact,
          candidates: s.list.length,
          snippet: items.length ? window.gkSearch.snippet(items[0].text, s.parsed.words,
                                   items[0].title).map(p => p.text).join('') : ''};
}"""


def texts_cached(site: Path) -> dict[str, str]:
    """page_texts of the site, cached beside it (BeautifulSoup over every page is slow)."""
    cache = Path(f"/tmp/oi-texts-{site.name}.json")
    if cache.exists():
        return dict(json.loads(cache.read_text("utf-8")))
    texts = page_texts(site)
    cache.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    return texts


def page_filters(site: Path) -> dict[str, dict[str, str]]:
    """URL path → its 区县/镇街/年度, as build_index indexes them."""
    from generator.search_index import built_pages, filters, page_record

    titles = {}
    for page in built_pages(site):
        rel = page.relative_to(site).as_posix()
        if rel.count("/") in (1, 2) and rel.endswith("/index.html"):
            got = page_record(page)
            if got:
                titles[rel] = got[0]
    out = {}
    for page in site.glob("*/*/[0-9][0-9][0-9][0-9]/index.html"):
        rel = page.relative_to(site).as_posix()
        marks = filters(rel, titles)
        if marks:
            out["/" + rel[: -len("index.html")]] = marks
    return out


def kept(marks: dict[str, str] | None, wanted: dict[str, Any]) -> bool:
    """Whether a page's filter values pass ``wanted`` (any value of a name, every name)."""
    if not marks:
        return False
    return all(marks.get(k) in ([v] if isinstance(v, str) else v) for k, v in wanted.items())


def own(browser: Any, url: str, query: str, filters: dict[str, Any]) -> dict[str, Any]:
    """One cold query: results, total, bytes by kind of file, requests, milliseconds."""
    page = browser.new_page()
    sizes: dict[str, int] = {}
    count = {"n": 0}

    def finished(req: Any) -> None:
        if "/gk-index/" not in req.url:
            return
        name = req.url.split("/gk-index/")[1]
        kind = name.split("/")[0] if "/" in name else name
        body = req.sizes()["responseBodySize"]
        sizes[kind] = sizes.get(kind, 0) + body
        count["n"] += 1

    page.on("requestfinished", finished)
    page.goto(url + "gk-index/test.html")
    start = time.perf_counter()
    got = page.evaluate(RUN, {"query": query, "filters": filters})
    ms = (time.perf_counter() - start) * 1000
    page.wait_for_load_state("networkidle")
    page.close()
    got.update(bytes=sum(sizes.values()), parts=sizes, requests=count["n"], ms=ms)
    return dict(got)


def everything(browser: Any, url: str, query: str, filters: dict[str, Any]) -> tuple[list, list]:
    """(all pages the engine counts, all pages proved against their text)."""
    page = browser.new_page()
    page.goto(url + "gk-index/test.html")
    arg = {"query": query, "filters": filters}
    found = page.evaluate("q => window.gkSearch.all(q.query, q.filters)", arg)
    proved = page.evaluate("q => window.gkSearch.checked(q.query, q.filters)", arg)
    page.close()
    return found, proved


def fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def main() -> None:
    """Run the queries and print a Markdown table (and means) for the prototype."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path, help="a site copy with gk-index/ built")
    ap.add_argument("--pagefind", action="store_true", help="also measure the Pagefind box")
    ap.add_argument("--markdown", type=Path, help="also write the table here")
    ap.add_argument("--filtered-only", action="store_true", help="the filtered queries only")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    site = args.site
    (site / "gk-index" / "test.html").write_text(TEST_PAGE, encoding="utf-8")
    texts = texts_cached(site)
    marks = page_filters(site)
    cases: list[tuple[str, dict[str, Any]]] = [(q, {}) for q in QUERIES] + FILTERED
    if args.filtered_only:
        cases = FILTERED
    httpd, url = serve(site)
    head = (
        "| query | relevant | listed/total | R@10 | P@10 | found | recall | precision"
        " | proved (precision) | KB | buckets KB | docs KB | requests | ms |"
    )
    lines = [head, "|---|" + "---:|" * (head.count("|") - 2)]
    sums: dict[str, list[float]] = {}
    pf_kb: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for query, filters in cases:
            answers = relevant(texts, query)
            if filters:
                answers = {u for u in answers if kept(marks.get(u), filters)}
            r = own(browser, url, query, filters)
            found, proved = everything(browser, url, query, filters)
            f = Found(r["listed"], r["total"], found, r["bytes"])
            r10, p10 = listed_scores(f, answers)
            rec, prec = full_scores(f, answers) or (0.0, 0.0)
            proved_prec = len(set(proved) & answers) / len(proved) if proved else 1.0
            label = query + (" " + json.dumps(filters, ensure_ascii=False) if filters else "")
            total = f"{r['total']}" if r["exact"] else f"≥{r['total']}"
            parts = r["parts"]
            cells = [
                label,
                str(len(answers)),
                f"{len(r['listed'])}/{total}",
                fmt(r10 if answers else None),
                fmt(p10),
                str(len(found)),
                fmt(rec if answers else None),
                fmt(prec),
                f"{len(proved)} ({proved_prec:.2f})",
                f"{r['bytes'] / 1024:.0f}",
                f"{parts.get('b', 0) / 1024:.0f}",
                f"{parts.get('d', 0) / 1024:.0f}",
                str(r["requests"]),
                f"{r['ms']:.0f}",
            ]
            if args.pagefind and not filters:
                pf = measure(browser, lambda pg, q=query: box(pg, url, q))
                pf_kb.append(pf.bytes / 1024)
                cells.append(f"{pf.bytes / 1024:.0f}")
            lines.append("| " + " | ".join(cells) + " |")
            print(lines[-1], flush=True)
            figures = {
                "R@10": r10 if answers else None,
                "P@10": p10,
                "recall": rec if answers else None,
                "precision": prec,
                "KB": r["bytes"] / 1024,
            }
            for k, v in figures.items():
                if v is not None:
                    sums.setdefault(k, []).append(v)
            print("   snippet:", r["snippet"][:100], flush=True)
        browser.close()
    httpd.shutdown()
    if args.pagefind:
        lines[0] += " Pagefind KB |"
        lines[1] += "---:|"
    kb = sums["KB"]
    summary = ", ".join(f"{k} {statistics.mean(v):.2f}" for k, v in sums.items())
    summary += f"; KB max {max(kb):.0f}, median {statistics.median(kb):.0f}"
    if pf_kb:
        summary += f"; Pagefind KB mean {statistics.mean(pf_kb):.0f}, max {max(pf_kb):.0f}"
    out = "\n".join([*lines, "", f"Means: {summary}.", ""])
    print(out)
    if args.markdown:
        args.markdown.write_text(out, encoding="utf-8")


if __name__ == "__main__":
    main()
