"""Search index: the site's own static index over the built HTML, whatever engine built it.

Why our own (issue 15/16; bench/search_index-prototype-2026-11-30.md, README, Search): Pagefind's
per-query download grows with the site (its metadata lists every page; its index chunks
hold a fixed number of postings with positions), 252 KB a query on average at 5,000
reports. Here a query costs one small bucket file per term and one small document per
result shown, whatever the number of pages: 45 KB on average on the same site.

Chinese is indexed as character pairs (bigrams) and single characters, as Lucene's CJK
analyser does, not as words: no segmenter decides what is searched, so the query and the
index always cut text the same way (网格员 is the pairs 网格 格员 wherever it stands).

Layout of ``search-index/`` (plain files; any static host serves them):

- ``meta.json``: page and document counts, the bucket count B, the ranges of continuation
  documents (below). The browser reads it first.
- ``b/<i>.bin``: the terms whose FNV-1a 32 hash (over UTF-8) is i mod B, each with the
  documents holding it and the pages whose title holds it (titles rank first), each list
  as delta varints or a bitmap, whichever is smaller. B grows until no bucket exceeds
  ``BUCKET_MAX``, so one term costs at most that, at any size.
- ``d/<id>.gz`` and ``d/<id>.json``: one document ``{"u": url, "t": title, "x": text,
  "p": page}``, gzipped and plain, the text with blocks on their own lines (for the check
  that a phrase is really there, and for snippets). Browsers that can inflate gzip
  themselves fetch the small one; older ones the plain one.
- ``filters.json``: 区县/镇街/年度 values with their page counts (results page); the
  filters themselves are terms (``"\\x01区县=黔江区"``), one bucket each.
- ``manifest.json``: every file's size and CRC-32, for :func:`index_problems` (never
  fetched by the browser).

Terms of a document (no positions; generator/search_text.py): distinct pairs of Chinese
characters within a run (runs stop at block ends), distinct single Chinese characters,
lower-cased runs of letters and digits of other scripts. A page of at most 6,000
characters is one document with its page id (0..P-1, in rank order); a longer one
(comparison pages hold 100,000–200,000 characters) is cut at block ends into parts of
about 2,000 characters, part 0 keeping the page id, the rest numbered from P up, so a
result fetches only the parts holding the words.
"""

from __future__ import annotations

import gzip
import json
import math
import shutil
import zlib
from collections import defaultdict
from pathlib import Path

from generator import sitewalk
from generator.diagnostics import UserError
from generator.early import Early, digest
from generator.parallel import in_parts
from generator.publish import checkpoint
from generator.search_text import analysed, built_pages, filters, page_record, parts_of

FOLDER = "search-index"
VERSION = 1
BUCKET_MEAN = 8 * 1024  # bytes: the first guess of a bucket's mean size
BUCKET_MAX = 12 * 1024  # bytes: B grows until no bucket is larger
FILTER_MARK = "\x01"
FACETS = ("区县", "镇街", "年度")


def fnv1a(text: str) -> int:
    """FNV-1a 32 over the UTF-8 bytes of ``text`` (search.js computes the same)."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


# ---- encoding ------------------------------------------------------------------------------


def varint(n: int, out: bytearray) -> None:
    """Append ``n`` as an unsigned LEB128 varint."""
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def id_list(ids: list[int], doc_count: int, out: bytearray) -> None:
    """Append a sorted id list: 0 then its count and deltas, or 1 then a bitmap of
    ``doc_count`` bits, whichever is smaller (a common term is in most documents)."""
    width = math.ceil(doc_count / 8)
    if len(ids) < width:  # else each id's delta alone (a byte at least) outweighs a bitmap
        listed = bytearray()
        varint(len(ids), listed)
        last = 0
        for i in ids:
            step, last = i - last, i
            if step < 0x80:  # most steps: one byte, no call
                listed.append(step)
            else:
                varint(step, listed)
        if len(listed) <= width + 1:
            out.append(0)
            out += listed
            return
    bits = bytearray(width)
    for d in ids:
        bits[d >> 3] |= 1 << (d & 7)
    out.append(1)
    out += bits


def record(term: str, docs: list[int], titled: list[int], doc_count: int) -> bytes:
    """One term's record: its UTF-8 key, its documents, the pages whose title holds it."""
    out = bytearray()
    key = term.encode("utf-8")
    varint(len(key), out)
    out += key
    id_list(docs, doc_count, out)
    id_list(titled, doc_count, out)
    return bytes(out)


def bucket_count(encoded: list[tuple[int, bytes]]) -> int:
    """The fewest buckets, from a mean of BUCKET_MEAN up, for which no bucket exceeds
    BUCKET_MAX (a record larger than that sits in a bucket of its own size)."""
    total = sum(len(r) for _, r in encoded)
    buckets = max(1, math.ceil(total / BUCKET_MEAN))
    limit = max([BUCKET_MAX, *(len(r) for _, r in encoded)])
    while True:
        sizes = [0] * buckets
        for h, r in encoded:
            sizes[h % buckets] += len(r)
        if max(sizes) <= limit:
            return buckets
        buckets = math.ceil(buckets * 1.05)


# ---- pages and documents -------------------------------------------------------------------


def rank_key(rel: str) -> tuple[int, int, str]:
    """A page's static rank (page ids follow it; pages whose title holds the words come
    before all of them in the browser): reports, newest year first, since a reader looks
    for a report; then the hub pages (district, town) that list them; then the rest."""
    parts = rel.split("/")
    if len(parts) == 4 and parts[2].isdigit():
        return (0, -int(parts[2]), rel)
    if parts[-1] == "index.html" and len(parts) in (2, 3) and parts[0] not in ("compare", "years"):
        return (1, 0, rel)
    return (2, 0, rel)


def url_of(rel: str) -> str:
    """A page's URL relative to the site root (a folder's URL for its index.html)."""
    if rel == "index.html":
        return ""
    return rel.removesuffix("index.html")


Indexed = tuple[str, str, list[str] | None]  # title, text, and its terms when known


def _read(site: Path, pages: list[Path]) -> list[tuple[str, Indexed | None]]:
    """(path in the site, title, text and terms) of each page; None for a page with
    nothing to index. Terms are worked out here, on the worker's core."""
    out: list[tuple[str, Indexed | None]] = []
    for page in pages:
        record = page_record(page)
        found = None if record is None else (*record, analysed(*record))
        out.append((page.relative_to(site).as_posix(), found))
    return out


def read_site(site: Path, early: Early | None = None) -> dict[str, Indexed]:
    """Every indexable page of ``site`` → (title, text, terms).

    ``early``: records and terms worked out while the engine still wrote the pages
    (generator/early.py), by page path, with the digest of the bytes they were read from;
    each is used only if the page on disk has those very bytes. The other pages are read
    here, on all cores when many (reading the pages is most of the index stage's time).
    """
    early = early or {}
    records: dict[str, Indexed | None] = {}
    missing = []
    for page in built_pages(site):
        rel = page.relative_to(site).as_posix()
        known = early.get(rel)
        if known is not None and known[0] == digest(page.read_bytes()):
            _, record, found = known
            records[rel] = None if record is None else (*record, found)
        else:
            missing.append(page)
    records.update(pair for part in in_parts(_read, missing, site) for pair in part)
    return {rel: record for rel, record in sorted(records.items()) if record is not None}


# ---- the index -----------------------------------------------------------------------------


class Writer:
    """The index folder's files, each written once, with their sizes and CRCs noted."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: dict[str, list[int]] = {}

    def write(self, rel: str, data: bytes) -> None:
        """Write ``data`` at ``rel`` under the folder and note it in the manifest."""
        (self.folder / rel).write_bytes(data)
        self.files[rel] = [len(data), zlib.crc32(data)]

    def json(self, rel: str, value: object) -> bytes:
        """Write ``value`` as compact UTF-8 JSON; return the bytes written."""
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.write(rel, data)
        return data


Document = tuple[int, dict[str, object]]  # its id, its {"u", "t", "x", "p"}


def write_documents(folder: Path, documents: list[Document]) -> dict[str, list[int]]:
    """Write each document twice: gzip for browsers that inflate it themselves
    (DecompressionStream: Chrome 80, Safari 16.4, Firefox 113), plain for older ones (the
    phones of many older readers). Returns the files written, with their sizes and CRCs.

    Module level and self-contained: it runs on every core (gzip and the writes are most
    of the index's own time)."""
    out = Writer(folder)
    for doc, value in documents:
        data = out.json(f"d/{doc}.json", value)
        out.write(f"d/{doc}.gz", gzip.compress(data, compresslevel=6, mtime=0))
    return out.files


def split(joined: str) -> list[str]:
    """The terms :func:`generator.search_text.analysed` joined into one string."""
    return joined.split("\0") if joined else []


def write_index(site: Path, records: dict[str, Indexed]) -> dict[str, int]:
    """Write ``site/search-index`` for ``records`` (path → title, text and the terms
    already worked out, if any); return counts."""
    folder = site / FOLDER
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "b").mkdir(parents=True)
    (folder / "d").mkdir()
    out = Writer(folder)
    titles = {rel: title for rel, (title, _, _) in records.items()}
    order = sorted(records, key=rank_key)
    postings: dict[str, list[int]] = defaultdict(list)
    titled: dict[str, list[int]] = defaultdict(list)
    facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    extra: list[list[int]] = []  # [first continuation document, its page]
    documents: list[Document] = []
    next_doc = len(order)
    for page, rel in enumerate(order):
        title, text, known = records[rel]
        *found, in_title = known or analysed(title, text)
        marks = filters(rel, titles)
        for name, value in marks.items():
            facets[name][value] = facets[name].get(value, 0) + 1
        for n, (part, joined) in enumerate(zip(parts_of(text), found, strict=True)):
            doc = page
            if n:
                doc, next_doc = next_doc, next_doc + 1
                if n == 1:
                    extra.append([doc, page])
            for term in [*split(joined), *(f"{FILTER_MARK}{k}={v}" for k, v in marks.items())]:
                postings[term].append(doc)
            documents.append((doc, {"u": url_of(rel), "t": title, "x": part, "p": page}))
        for term in split(in_title):
            titled[term].append(page)
    for written in in_parts(write_documents, documents, folder):
        out.files.update(written)
    for ids in postings.values():
        ids.sort()  # continuation documents come after later pages
    encoded = [
        (fnv1a(term), record(term, ids, titled.get(term, []), next_doc))
        for term, ids in sorted(postings.items())
    ]
    buckets = bucket_count(encoded)
    files = [bytearray() for _ in range(buckets)]
    for h, data in encoded:
        files[h % buckets] += data
    for i, bucket in enumerate(files):
        out.write(f"b/{i}.bin", bytes(bucket))
    meta = {"version": VERSION, "pages": len(order), "docs": next_doc, "buckets": buckets}
    out.json("meta.json", {**meta, "extra": extra})
    out.json("filters.json", facets)
    # Last: a build cut short has no manifest, and the check says so.
    manifest = json.dumps({**meta, "files": out.files}, separators=(",", ":")).encode("utf-8")
    (folder / "manifest.json").write_bytes(manifest)
    size = len(manifest) + sum(n for n, _ in out.files.values())
    return {**meta, "terms": len(postings), "bytes": size}


def index_site(site: Path, early: Early | None = None) -> int:
    """Index ``site`` in place and verify the index; return its size in bytes.

    ``early``: records read while the engine wrote the pages (generator/early.py).
    """
    checkpoint("search")
    written = write_index(site, read_site(site, early))
    checkpoint("index")
    problems = index_problems(site)
    if problems:
        raise UserError(
            "搜索索引不完整（磁盘是否已满？），未发布",
            "the search index is incomplete (is the disk full?); nothing published",
            detail=problems[:10],
        )
    return written["bytes"]  # as checked: every file has the size the manifest says


def index_problems(site: Path) -> list[str]:
    """What is wrong with the search index of ``site``; empty when it is whole.

    The manifest parses and agrees with meta.json; every file it lists is there with the
    size and CRC-32 it was written with; there is one bucket file per bucket and one
    document per document; no file is there that it does not list; and pages were
    indexed when the site has any.
    """
    folder = site / FOLDER
    try:
        manifest = json.loads((folder / "manifest.json").read_bytes())
        files: dict[str, list[int]] = manifest["files"]
        meta = json.loads((folder / "meta.json").read_bytes())
        expected = {f"b/{i}.bin" for i in range(int(manifest["buckets"]))}
        expected |= {
            f"d/{i}.{kind}" for i in range(int(manifest["docs"])) for kind in ("json", "gz")
        }
        expected |= {"meta.json", "filters.json"}
        same = all(
            meta.get(key) == manifest[key] for key in ("version", "pages", "docs", "buckets")
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return [f"{FOLDER}/manifest.json: 无法读取 (unreadable): {exc!r}"]
    problems = [] if same else [f"{FOLDER}/meta.json: 与清单不符 (does not match the manifest)"]
    problems += [
        f"{FOLDER}/{rel}: 清单中缺少 (not in the manifest)" for rel in sorted(expected - set(files))
    ]
    for rel, (size, crc) in sorted(files.items()):
        try:
            data = (folder / rel).read_bytes()
        except OSError:
            problems.append(f"{FOLDER}/{rel}: 缺失 (missing)")
            continue
        if len(data) != size or zlib.crc32(data) != crc:
            kind = "空文件 (empty file)" if not data else "不完整 (truncated or damaged)"
            problems.append(f"{FOLDER}/{rel}: {kind}")
    on_disk = set(sitewalk.files(folder))
    problems += [
        f"{FOLDER}/{rel}: 多余的文件 (not in the manifest)"
        for rel in sorted(on_disk - set(files) - {"manifest.json"})
    ]
    if manifest["pages"] == 0 and any(site.glob("*.html")):
        problems.append(f"{FOLDER}: 没有索引任何页面 (no page indexed)")
    return problems
