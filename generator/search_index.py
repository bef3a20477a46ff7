"""Search index: Pagefind over the built HTML, whatever engine built it, verified whole.

Pagefind writes pagefind/ beside the pages: a small entry file, index chunks and one
fragment per page, fetched as a query needs them. Pagefind can exit 0 having written empty
or cut-off files (a disk that filled while it wrote), so the index is checked before the
site may be published.

Chinese is indexed as overlapping character pairs (bigrams), as Lucene's CJK analyser
does, not as words: Pagefind cuts a page into words with one segmenter when indexing and
the browser cuts the query with another (Intl.Segmenter), so 网格员 became 网/格/员 in the
query while the index held 网格, and queries lost their pages (issue 15). Pairs need no
segmenter on either side: 网格员 is the phrase 网格 格员 wherever it stands. Each pair is
written as one ASCII word (``encode``) in a copy of each page's text, which Pagefind
indexes as plain words; search.js encodes the query the same way and decodes the text
for snippets. The last character of every run is also written alone, so a one-character
query (镇) finds every page holding it, as the prefix of a pair or a run's last character.
"""

from __future__ import annotations

import gzip
import html
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

from lxml import html as lxml_html

from generator.diagnostics import UserError
from generator.parallel import in_parts
from generator.publish import checkpoint, held

# Pagefind's ready-made interfaces; the site uses the plain API (pagefind.js) instead.
UNUSED_UI = (
    "pagefind-ui.*",
    "pagefind-component-ui.*",
    "pagefind-modular-ui.*",
    "pagefind-highlight.js",
)
# Every compressed Pagefind file (index, fragments, metadata, wasm) starts so once inflated.
SIGNATURE = b"pagefind_dcd"


def pagefind_command() -> list[str]:
    """The bundled Pagefind, or the program ``$GKGEN_PAGEFIND`` names (another Pagefind
    build; the fault tests put a stub there)."""
    other = os.environ.get("GKGEN_PAGEFIND")
    return [other] if other else [sys.executable, "-m", "pagefind_bin_extended"]


# ---- Chinese as character pairs ----------------------------------------------------------

HAN_FIRST, HAN_LAST = 0x4E00, 0x9FFF  # CJK Unified Ideographs: every character reports use
LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Letters only: Pagefind's segmenters never split a run of lower-case letters, while they
# may split letters from digits. 26**4 > 20,992 characters, so 4 letters a character.
WIDTH = 4
RUNS = re.compile(r"[\u4e00-\u9fff]+|[^\u4e00-\u9fff]+")
# A word of the page's own that looks like an encoded one (4 or 8 lower-case letters) is
# capitalised, so the browser never decodes it; search lowercases, so it is still found.
LOOKALIKE = re.compile(r"\b[a-z]{4}\b|\b[a-z]{8}\b")


def code(char: str) -> str:
    """One Chinese character as four letters (一 → aaaa)."""
    n = ord(char) - HAN_FIRST
    out = ""
    for _ in range(WIDTH):
        n, rest = divmod(n, len(LETTERS))
        out = LETTERS[rest] + out
    return out


# Every character's code, worked out once: encoding is the index stage's inner loop
# (about 25 million characters at 5,000 reports), so no code is computed twice.
CODES = {chr(n): code(chr(n)) for n in range(HAN_FIRST, HAN_LAST + 1)}


def encode_run(run: str) -> str:
    """A run of Chinese characters as its pairs, then its last character alone."""
    codes = [CODES[char] for char in run]
    pairs = [a + b for a, b in itertools.pairwise(codes)]
    return " ".join([*pairs, codes[-1]])


def encode(text: str) -> str:
    """Text with every run of Chinese characters replaced by its encoded pairs."""
    out = []
    for match in RUNS.finditer(text):
        part = match.group()
        if HAN_FIRST <= ord(part[0]) <= HAN_LAST:
            out.append(f" {encode_run(part)} ")
        else:
            out.append(LOOKALIKE.sub(lambda m: m.group().capitalize(), part))
    return re.sub(r"\s+", " ", "".join(out)).strip()


# ---- the text Pagefind indexes -------------------------------------------------------------

# Elements whose text stands apart from the next (so no pair spans a heading and its text).
BLOCKS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "td",
        "th",
        "tr",
        "caption",
        "dt",
        "dd",
        "table",
        "ul",
        "ol",
        "section",
        "article",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "header",
        "footer",
        "nav",
        "br",
    ]
)
BLOCK_END = "¶"  # punctuation: Pagefind indexes no word for it
SKIPPED = frozenset(["script", "style", "template", "noscript", "svg"])


def _text(node: lxml_html.HtmlElement, out: list[str]) -> None:
    """The text of ``node`` (data-pagefind-ignore parts left out), blocks on their lines."""
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in SKIPPED or node.get("data-pagefind-ignore") is not None:
        return
    block = tag in BLOCKS
    if block:
        out.append("\n")
    out.append(node.text or "")
    for child in node:
        _text(child, out)
        out.append(child.tail or "")
    if block:
        out.append("\n")


UTF8 = lxml_html.HTMLParser(encoding="utf-8")  # the engines write UTF-8, said or not


def page_record(page: Path) -> tuple[str, str] | None:
    """A built page's title and indexed text, or None when it has nothing to index."""
    doc = lxml_html.fromstring(page.read_bytes(), parser=UTF8)
    bodies = doc.xpath("//*[@data-pagefind-body]")
    if not bodies:
        return None
    out: list[str] = []
    for body in bodies:
        _text(body, out)
    text = re.sub(r"[ \t\u3000\xa0]+", " ", "".join(out))
    text = re.sub(r"\s*\n\s*", "\n", text).strip()
    heads = bodies[0].xpath(".//h1")
    title = heads[0].text_content().strip() if heads else (doc.findtext(".//title") or "")
    return title, text


SOURCE_PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8">
<title>{title}</title></head><body><div data-pagefind-body>
<meta data-pagefind-meta="title[content]" content="{title}">{filters}
<p>{text}</p></div></body></html>
"""
FILTER = '<meta data-pagefind-filter="{name}[content]" content="{value}">'
REPORT_PATH = re.compile(r"([^/]+)/([^/]+)/(\d{4})/index\.html")


def built_pages(site: Path) -> Iterator[Path]:
    """Every HTML page of the built site but Pagefind's own folder and the results page."""
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).parts[0] not in ("pagefind", "search", SOURCE_DIR):
            yield page


def place_name(town: str, district: str) -> str:
    """A town page's heading without its district (黔江区黑溪镇 → 黑溪镇)."""
    for start in range(len(district)):
        if town.startswith(district[start:]) and len(town) > len(district) - start:
            return town[len(district) - start :]
    return town


def filters(rel: str, titles: dict[str, str]) -> dict[str, str]:
    """A report page's 区县, 镇街 and 年度 filters (results page), from its URL."""
    match = REPORT_PATH.fullmatch(rel)
    if not match:
        return {}
    district_slug, town_slug, year = match.groups()
    district = titles.get(f"{district_slug}/index.html", district_slug)
    town = titles.get(f"{district_slug}/{town_slug}/index.html", town_slug)
    return {"区县": district, "镇街": place_name(town, district), "年度": year}


def _encoded(site: Path, pages: list[Path]) -> list[tuple[str, str, str]]:
    """For each page that has something to index: its path in the site, title and encoded
    text (¶ marks where a block ended — a heading, a cell — so snippets stop there)."""
    out = []
    for page in pages:
        record = page_record(page)
        if record is not None:
            title, text = record
            body = encode(text.replace("\n", f" {BLOCK_END} "))
            out.append((page.relative_to(site).as_posix(), title, body))
    return out


def _encode_all(site: Path) -> list[tuple[str, str, str]]:
    """Every indexable page of ``site``, encoded, in path order; on all cores when large
    (reading and encoding the pages is most of the index stage's own time)."""
    return [record for part in in_parts(_encoded, list(built_pages(site)), site) for record in part]


def write_sources(site: Path, folder: Path) -> int:
    """Write, for every indexable page of ``site``, its encoded text at the same path under
    ``folder``, for Pagefind to index; return how many pages were written."""
    records = _encode_all(site)
    titles = {rel: title for rel, title, _ in records}
    for rel, title, encoded in records:
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        marks = "".join(
            FILTER.format(name=name, value=html.escape(value))
            for name, value in filters(rel, titles).items()
        )
        body = html.escape(encoded, quote=False)
        page_html = SOURCE_PAGE.format(title=html.escape(title), filters=marks, text=body)
        target.write_text(page_html, encoding="utf-8")
    return len(records)


# The scratch copy lives inside the site (same disk, so a full disk shows in Pagefind's
# own output as it would without it) and is removed once the index is moved beside it.
SOURCE_DIR = ".gk-search-source"


def index_site(site: Path) -> int:
    """Index ``site`` in place and verify the index; return its size in bytes."""
    source = site / SOURCE_DIR
    shutil.rmtree(source, ignore_errors=True)
    try:
        write_sources(site, source)
        _run_pagefind(source)
        target = site / "pagefind"
        shutil.rmtree(target, ignore_errors=True)
        if (source / "pagefind").is_dir():
            (source / "pagefind").rename(target)
    finally:
        shutil.rmtree(source, ignore_errors=True)
    return _verified(site)


def _run_pagefind(site: Path) -> None:
    """Run Pagefind over ``site``; a failure is the editor's error, in Chinese first."""
    cmd = [*pagefind_command(), "--site", str(site), "--quiet"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, pass_fds=held())
    except OSError as exc:
        raise UserError(f"无法运行 Pagefind：{exc}", f"cannot run Pagefind: {exc}") from None
    except subprocess.TimeoutExpired:
        raise UserError("Pagefind 超时（30 分钟）", "Pagefind timed out (30 minutes)") from None
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise UserError("建立搜索索引失败", "Pagefind failed", detail=detail)


def _verified(site: Path) -> int:
    """Drop Pagefind's unused interfaces, check the index is whole; return its bytes."""
    checkpoint("index")
    folder = site / "pagefind"
    for unused in UNUSED_UI:  # the site has its own search box (search.js)
        for path in folder.glob(unused):
            path.unlink()
    problems = index_problems(site)
    if problems:
        raise UserError(
            "搜索索引不完整（磁盘是否已满？），未发布",
            "the search index is incomplete (is the disk full?); nothing published",
            detail=problems[:10],
        )
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def index_problems(site: Path) -> list[str]:
    """What is wrong with the Pagefind index of ``site``; empty when it is whole.

    The entry file parses and names files that exist (each language's metadata and
    wasm, besides pagefind.js and its worker); no file is empty; every compressed file
    inflates whole; there is a fragment for every page indexed, and pages were indexed
    when the site has any.
    """
    folder = site / "pagefind"
    problems = []
    needed = ["pagefind.js", "pagefind-worker.js"]
    pages: int | None = 0
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_bytes())
        for info in entry["languages"].values():
            needed.append(f"pagefind.{info['hash']}.pf_meta")
            needed.append(f"wasm.{info.get('wasm') or 'unknown'}.pagefind")
            pages = (pages or 0) + int(info.get("page_count", 0))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        problems.append(f"pagefind/pagefind-entry.json: 无法读取 (unreadable): {exc!r}")
        pages = None  # unknown: the files are still checked
    missing = [name for name in needed if not (folder / name).is_file()]
    problems += [f"pagefind/{name}: 缺失 (missing)" for name in missing]
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if not data:
            problems.append(f"{rel}: 空文件 (empty file)")
        elif path.suffix.startswith(".pf_") or path.suffix == ".pagefind":
            try:
                whole = gzip.decompress(data).startswith(SIGNATURE)
            except (OSError, EOFError, zlib.error):
                whole = False
            if not whole:
                problems.append(f"{rel}: 不完整 (truncated or damaged)")
    if pages is None:
        return problems
    fragments = sum(1 for _ in folder.glob("fragment/*.pf_fragment"))
    if fragments < pages:
        problems.append(f"pagefind/fragment: {fragments} 个片段，应有 {pages} 个 (fragments)")
    if pages == 0 and any(site.glob("*.html")):
        problems.append("pagefind: 没有索引任何页面 (no page indexed)")
    return problems
