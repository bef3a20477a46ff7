"""Search evaluation on real report text: the site's box vs Material's built-in search.

    python bench/search_eval.py                      # seed, seed + real corpus
    python bench/search_eval.py --sites large --count 1000
    python bench/search_eval.py --no-material        # the site's box only (faster)

Sites: ``seed`` (content/ alone), ``real`` (content/ plus every report of
tests/fixtures/real, imported with ``python -m generator import`` into a scratch tree, see
bench/real_corpus.py) and ``large`` (those plus N sample reports). In a real browser
(Debian chromium) each query is typed into the header box as a reader would, and into
Material's box on the same pages built with its lunr + jieba search.

Relevance comes from the pages' own text: a page is relevant when its indexed text
(``data-search-body``, what the reader sees) contains every word of the query
(whitespace ignored); a quoted query is one exact phrase. Per query and in total it prints
recall and precision of the first ten pages listed (recall against min(relevant, 10)),
recall and precision of everything the site's box finds (all pages of its results, when
the box exposes them), and the bytes of search machinery downloaded for the query.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from real_corpus import import_real  # noqa: E402

from generator.sample import generate  # noqa: E402

# What a citizen, a journalist and a supervisor type: policy terms, place + topic,
# figures, part names, a few quoted phrases. Words separated by spaces mean "all of them".
QUERIES = [
    # citizens
    "网格员",
    "民法典",
    "法律顾问",
    "矛盾纠纷",
    "人民调解",
    "公共法律服务",
    "法律明白人",
    "电信网络诈骗",
    "禁毒",
    "信访",
    "营商环境",
    "普法宣传",
    # places + topics
    "黑溪镇",
    "黑溪镇 网格员",
    "黑溪 2020",
    "黑溪镇 2020 网格员",
    "三都镇 普法",
    "静海区 法治政府建设",
    "黔江区 法律顾问",
    "街道 营商环境",
    "2025 习近平法治思想",
    # journalists: figures and themes
    "100%",
    "专题学习",
    "法治培训",
    "法治 培训",
    "宪法 培训",
    "覆盖 群众",
    "八五 普法",
    "放管服",
    # supervisors: duties and procedures
    "合法性审查",
    "重大行政决策",
    "规范性文件",
    "行政执法",
    "依法行政",
    "第一责任人",
    "党政主要负责人",
    "习近平法治思想",
    "政务公开",
    "述法",
    "权责清单",
    "安全生产",
    # part names
    "主要举措和成效",
    "存在的不足和原因",
    "下一年度主要安排",
    "其他需要报告的情况",
    # exact phrases
    '"法治政府建设情况报告"',
    '"依法治区"',
]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Bytes counted per query: Material's index and workers, or the site's own index plus its
# search script (loaded with every page, counted here anyway, as Pagefind's script was).
MACHINERY = (
    "/search/search_index",
    "/lunr/",
    "/workers/",
    "/search-index/",
    "/assets/javascripts/search.js",
)
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
SHOWN = 10
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


@dataclass
class Found:
    """What one engine showed for one query."""

    listed: list[str]  # URL paths of the first pages listed, in order
    total: int  # the count the interface announced
    everything: list[str] | None = None  # every page found, when the box exposes it
    bytes: int = 0


@dataclass
class Row:
    query: str
    relevant: set[str]
    engines: dict[str, Found] = field(default_factory=dict)


def words(query: str) -> list[str]:
    """The query's words: a quoted query is one phrase, otherwise split on whitespace."""
    query = query.strip()
    if len(query) > 1 and query[0] == query[-1] == '"':
        return [re.sub(r"\s+", "", query[1:-1])]
    return query.split()


def page_texts(site: Path) -> dict[str, str]:
    """URL path → the page's indexed text (data-search-body), whitespace removed."""
    texts = {}
    for page in site.rglob("index.html"):
        rel = page.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search")):  # search/ and search-index/
            continue
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        body = soup.select_one("[data-search-body]")
        if body is None:
            continue
        for skip in body.select("[data-search-ignore], script, style"):
            skip.decompose()
        texts["/" if rel == "." else f"/{rel}/"] = re.sub(r"\s+", "", body.get_text())
    return texts


def relevant(texts: dict[str, str], query: str) -> set[str]:
    return {url for url, text in texts.items() if all(w in text for w in words(query))}


def material(page: Any, url: str, query: str) -> Found:
    """Material's own search box: its hit count and the first pages it lists."""
    page.goto(url)
    box = page.locator(".md-search__input")
    box.click()
    box.fill(query)
    page.keyboard.press("End")
    page.wait_for_function(
        "/\\d|没有/.test((document.querySelector('.md-search-result__meta') || {}).textContent)",
        timeout=300_000,
    )
    meta = page.locator(".md-search-result__meta").inner_text()
    total = int(m.group(1)) if (m := re.search(r"(\d+)", meta)) else 0
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a", "els => els.map(e => new URL(e.href).pathname)"
    )
    return Found(list(dict.fromkeys(hrefs))[:SHOWN], total)


STATUS = ".gk-search__status"
# The box's status line once a search finished (before and after the issue-15 change).
DONE = "/找到|没有|显示|共|约|至少/.test(document.querySelector('.gk-search__status').textContent)"


def box(page: Any, url: str, query: str) -> Found:
    """The site's header box: the pages it lists and the total it announces."""
    page.goto(url)
    page.locator("#gk-search-input").fill(query)
    page.wait_for_function(DONE, timeout=180_000)
    status = page.locator(STATUS).inner_text()
    nums = [int(n) for n in re.findall(r"\d+", status.split("“")[0] + status.split("”")[-1])]
    hrefs = page.eval_on_selector_all(
        ".gk-search__list a", "els => els.map(e => new URL(e.href).pathname)"
    )
    return Found(hrefs, max(nums) if nums else 0)


def everything(browser: Any, url: str, query: str) -> list[str] | None:
    """Every page the box's search finds (window.gkSearch.all), or None if it has none."""
    page = browser.new_page(bypass_csp=True)  # lets Playwright poll with eval
    page.goto(url)
    found = page.evaluate("q => window.gkSearch ? window.gkSearch.all(q) : null", query)
    page.close()
    return None if found is None else [str(u) for u in found]


def measure(browser: Any, run: Callable[[Any], Found]) -> Found:
    """Run one query on a fresh page; record the search machinery's bytes."""
    page = browser.new_page(bypass_csp=True)  # lets Playwright poll with eval
    sizes: list[int] = []

    def finished(req: Any) -> None:
        if any(p in req.url for p in MACHINERY):
            sizes.append(req.sizes()["responseBodySize"])

    page.on("requestfinished", finished)
    found = run(page)
    page.wait_for_load_state("networkidle")
    page.close()
    found.bytes = sum(sizes)
    return found


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def listed_scores(found: Found, answers: set[str]) -> tuple[float, float]:
    """Recall (against min(relevant, 10)) and precision of the pages listed first.

    Nothing listed is precise only when nothing was to be found.
    """
    hits = sum(u in answers for u in found.listed)
    recall = hits / min(len(answers), SHOWN) if answers else 1.0
    if not found.listed:
        return recall, 0.0 if answers else 1.0
    return recall, hits / len(found.listed)


def full_scores(found: Found, answers: set[str]) -> tuple[float, float] | None:
    """Recall and precision of everything found, when the box exposes it."""
    if found.everything is None:
        return None
    got = set(found.everything)
    recall = len(got & answers) / len(answers) if answers else 1.0
    precision = len(got & answers) / len(got) if got else (0.0 if answers else 1.0)
    return recall, precision


def build(content: Path, site: Path) -> None:
    cmd = [sys.executable, "-m", "generator", "--content", str(content)]
    cmd += ["--seeds", str(content.parent / "seeds"), "build", "--site", str(site)]
    cmd += ["--allow-sample"]  # the large site mixes real and sample reports, as a demo
    # Its own build folder: another build running in the repository holds build/'s lock.
    env = {**ENV, "GKGEN_BUILD_DIR": str(content.parent / "build")}
    proc = subprocess.run(cmd, cwd=REPO, env=env, check=True, capture_output=True, text=True)
    print(*proc.stdout.strip().splitlines()[-2:], sep="\n", file=sys.stderr)  # time per stage


def build_material(content: Path, site: Path) -> None:
    """The same records built with Material's search (a config beside mkdocs.yml)."""
    config = REPO / f".search-eval-{os.getpid()}.yml"
    config.write_text(MATERIAL_CONFIG, encoding="utf-8")
    try:
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
        env = {**ENV, "GKGEN_CONTENT": str(content), "GKGEN_BUILD_DIR": str(site) + "-build"}
        subprocess.run(cmd, cwd=REPO, check=True, capture_output=True, env=env)
    finally:
        config.unlink()


def make_content(root: Path, kind: str, count: int) -> Path:
    """A scratch content tree for one evaluated site: seed, real or large."""
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    shutil.copytree(REPO / "seeds", root / "seeds")
    if kind in ("real", "large"):
        import_real(content, root / "seeds")
    if kind == "large":
        generate(content, count, seed=1)
    return content


def evaluate(kind: str, count: int, with_material: bool) -> tuple[str, list[Row]]:
    from playwright.sync_api import sync_playwright

    root = Path(tempfile.mkdtemp(prefix=f"search-eval-{kind}-"))
    content = make_content(root, kind, count)
    site = root / "site"
    build(content, site)
    texts = page_texts(site)
    rows = [Row(q, relevant(texts, q)) for q in QUERIES]
    servers = [serve(site)]
    if with_material:
        build_material(content, root / "material-site")
        servers.append(serve(root / "material-site"))
    url = servers[0][1]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for row in rows:
            row.engines["box"] = measure(browser, functools.partial(box, url=url, query=row.query))
            row.engines["box"].everything = everything(browser, url, row.query)
            if with_material:
                at = servers[1][1]
                run = functools.partial(material, url=at, query=row.query)
                row.engines["material"] = measure(browser, run)
        browser.close()
    for httpd, _ in servers:
        httpd.shutdown()
    reports = sum(1 for _ in content.rglob("[0-9][0-9][0-9][0-9].yml"))
    pages = len(texts)
    shutil.rmtree(root)
    return f"{kind}: {reports} reports, {pages} indexed pages", rows


def fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def scores(row: Row, engine: str) -> dict[str, float | None]:
    """One query's figures for one engine; None where a figure does not apply.

    Recall counts only for queries with relevant pages; precision for queries where
    something was listed or was to be found (a page listed for a query with no relevant
    page is a wrong answer).
    """
    f = row.engines[engine]
    r10, p10 = listed_scores(f, row.relevant)
    full = full_scores(f, row.relevant)
    asked = bool(row.relevant or f.listed)
    out: dict[str, float | None] = {
        "R@10": r10 if row.relevant else None,
        "P@10": p10 if asked else None,
        "KB": f.bytes / 1024,
    }
    if engine == "box":
        everything = bool(row.relevant or f.everything)
        out["recall"] = full[0] if full and row.relevant else None
        out["precision"] = full[1] if full and everything else None
    return out


def table(title: str, rows: list[Row]) -> list[str]:
    """The Markdown table for one site: per query, then the means."""
    engines = list(rows[0].engines)
    head = ["query", "relevant"]
    for e in engines:
        head += [f"{e} listed/total", f"{e} R@10", f"{e} P@10", f"{e} KB"]
        if e == "box":
            head += ["box found", "box recall", "box precision"]
    out = [f"### {title}", "", "| " + " | ".join(head) + " |"]
    out.append("|---|" + "---:|" * (len(head) - 1))
    sums: dict[str, list[float]] = {}
    for row in rows:
        cells = [row.query, str(len(row.relevant))]
        for e in engines:
            f = row.engines[e]
            figures = scores(row, e)
            cells += [f"{len(f.listed)}/{f.total}", fmt(figures["R@10"]), fmt(figures["P@10"])]
            cells.append(f"{f.bytes / 1024:.0f}")
            if e == "box":
                n = "–" if f.everything is None else str(len(f.everything))
                cells += [n, fmt(figures["recall"]), fmt(figures["precision"])]
            for k, v in figures.items():
                if v is not None:
                    sums.setdefault(f"{e} {k}", []).append(v)
        out.append("| " + " | ".join(cells) + " |")
    empty = sum(1 for r in rows if r.relevant and not r.engines["box"].listed)
    means = ", ".join(f"{k} {sum(v) / len(v):.2f}" for k, v in sums.items() if v)
    out += ["", f"Means: {means}.", ""]
    out.append(f"Queries with relevant pages where the box listed nothing: {empty}.")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", default="seed,real", help="seed, real, large (comma-separated)")
    ap.add_argument("--count", type=int, default=1000, help="sample reports in 'large'")
    ap.add_argument("--no-material", action="store_true", help="skip Material's search")
    args = ap.parse_args()
    for kind in args.sites.split(","):
        title, rows = evaluate(kind, args.count, not args.no_material)
        print("\n".join(table(title, rows)), flush=True)
        print()


if __name__ == "__main__":
    main()
