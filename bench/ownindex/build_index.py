"""Build the prototype static search index (issue 15/16) for a built site: <site>/gk-index/.

    python bench/ownindex/build_index.py /tmp/oi-site            # gzip documents only
    python bench/ownindex/build_index.py /tmp/oi-site --plain    # and plain copies too

Why: Pagefind's per-query cost grows with the site (its metadata file holds every page,
its index chunks hold a fixed number of postings with positions). Here every query costs
one bucket file per term looked up (a fixed size however many pages there are), a tiny
manifest, and one small document per result shown.

Layout (all little files, no server logic):
- meta.json: page and document counts, bucket count B, the ranges of continuation
  documents (see below), whether plain documents exist.
- b/<i>.bin: the terms whose FNV-1a 32 hash (over UTF-8) is i mod B, each with its sorted
  documents and the pages whose title holds the term (ranks those pages first), each list
  as delta varints, or a bitmap when that is smaller.
- d/<doc>.gz: gzip of JSON {"u": url, "t": title, "x": text, "p": page}; the text keeps
  the page's blocks (headings, paragraphs, cells) on their own lines, for snippets.
- filters.json: 区县/镇街/年度 values with their page counts (results page only); the
  filters themselves are terms of the index ("\x01区县=黔江区"), one bucket each.

Documents: a page of at most SPLIT characters is one document whose id is its page id
(0..P-1, in rank order); a longer page (the comparison pages hold 100,000–200,000
characters) is cut at block boundaries into parts of about PART characters, part 0 keeps
the page id and the rest get ids from P up, listed as ranges in meta.json, so a result
fetches only the parts that hold the words and the browser still counts pages.

Terms per document (no positions): distinct Chinese character pairs within a run (a run
never crosses a block), distinct single Chinese characters, and lower-cased runs of
letters/digits of other scripts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from generator.search_index import built_pages, filters, page_record  # noqa: E402

HAN = r"\u4e00-\u9fff"
# A run of Chinese characters, or of letters/digits of any other script (Python's \w
# without "_" is letters and numbers, as the browser's [\p{L}\p{N}]).
PIECES = re.compile(rf"[{HAN}]+|[^\W_{HAN}]+")
SPLIT = 6000  # characters: a longer page is cut into parts
PART = 2000  # characters per part of a long page
BUCKET_MEAN = 8 * 1024  # bytes: first guess of a bucket's mean size
BUCKET_MAX = 12 * 1024  # bytes: B grows until no bucket is larger
FILTER_MARK = "\x01"
OUT = "gk-index"
JS = Path(__file__).with_name("own-search.js")


def fnv1a(text: str) -> int:
    """FNV-1a 32 over the UTF-8 bytes of ``text`` (own-search.js computes the same)."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def terms(text: str) -> set[str]:
    """The index terms of ``text``: pairs and single characters of each Chinese run (runs
    stop at line ends, i.e. blocks) and lower-cased words of other scripts."""
    out: set[str] = set()
    for match in PIECES.finditer(text.lower()):
        piece = match.group()
        if "\u4e00" <= piece[0] <= "\u9fff":
            out.update(piece)
            out.update(piece[i : i + 2] for i in range(len(piece) - 1))
        else:
            out.add(piece)
    return out


def varint(n: int, out: bytearray) -> None:
    """Append ``n`` as an unsigned LEB128 varint."""
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def deltas(ids: list[int], out: bytearray) -> None:
    """Append a sorted id list as its count and delta varints."""
    varint(len(ids), out)
    last = 0
    for i in ids:
        varint(i - last, out)
        last = i


def record(term: str, docs: list[int], titled: list[int], doc_count: int) -> bytes:
    """One term's record: key, postings (deltas or bitmap, the smaller), title postings."""
    out = bytearray()
    key = term.encode("utf-8")
    varint(len(key), out)
    out += key
    for ids in (docs, titled):  # a title list can be as dense as a word's ("年度")
        listed = bytearray()
        deltas(ids, listed)
        bitmap_size = math.ceil(doc_count / 8)
        if len(listed) <= bitmap_size + 1:
            out.append(0)
            out += listed
        else:
            out.append(1)
            bits = bytearray(bitmap_size)
            for d in ids:
                bits[d >> 3] |= 1 << (d & 7)
            out += bits
    return bytes(out)


def rank_key(rel: str) -> tuple[int, int, str]:
    """The static rank of a page (ids follow it): hub pages (district, town), then reports
    newest year first, then everything else."""
    parts = rel.split("/")
    if len(parts) == 4 and parts[2].isdigit():
        return (1, -int(parts[2]), rel)
    if parts[-1] == "index.html" and len(parts) in (2, 3) and parts[0] not in ("compare", "years"):
        return (0, 0, rel)
    return (2, 0, rel)


def url_of(rel: str) -> str:
    """A page's URL relative to the site root (directory URLs for index.html)."""
    if rel == "index.html":
        return ""
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def parts_of(text: str) -> list[str]:
    """A page's text as one part, or cut at line (block) boundaries into ~PART characters."""
    if len(text) <= SPLIT:
        return [text]
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        while len(line) > PART:  # a block longer than a part: cut it at a sentence end
            cut = max(line.rfind(p, 0, PART) for p in "。；！？.;")
            cut = cut + 1 if cut > 0 else PART
            parts.append("\n".join([*current, line[:cut]]))
            current, size, line = [], 0, line[cut:]
        if size + len(line) > PART and current:
            parts.append("\n".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current:
        parts.append("\n".join(current))
    return parts


def bucket_count(encoded: list[tuple[int, bytes]]) -> tuple[int, list[int]]:
    """The number of buckets B (the fewest, from a mean of BUCKET_MEAN up, for which no
    bucket exceeds BUCKET_MAX) and the bucket sizes it gives."""
    total = sum(len(r) for _, r in encoded)
    buckets = max(1, math.ceil(total / BUCKET_MEAN))
    limit = max(BUCKET_MAX, *(len(r) for _, r in encoded))  # a larger record sits alone
    while True:
        sizes = [0] * buckets
        for h, r in encoded:
            sizes[h % buckets] += len(r)
        if max(sizes) <= limit:
            return buckets, sizes
        buckets = math.ceil(buckets * 1.05)


def simulate(
    postings: dict[str, list[int]], titled: dict[str, list[int]], docs: int, k: int
) -> dict[str, int]:
    """Bucket figures for a site ``k`` times larger, every document repeated ``k`` times
    (same vocabulary: an upper bound on each term's postings, a lower one on terms)."""
    encoded = []
    for term, ids in postings.items():
        big = [d * k + j for d in ids for j in range(k)]
        tbig = [d * k + j for d in titled.get(term, []) for j in range(k)]
        encoded.append((fnv1a(term), record(term, big, tbig, docs * k)))
    buckets, sizes = bucket_count(encoded)
    sizes.sort()
    return {
        "scale": k,
        "docs": docs * k,
        "buckets": buckets,
        "bucket_bytes_total": sum(sizes),
        "bucket_bytes_median": sizes[len(sizes) // 2],
        "bucket_bytes_p90": sizes[int(len(sizes) * 0.9)],
        "bucket_bytes_max": sizes[-1],
        "bitmap_terms": sum(1 for _, r in encoded if r[r[0] + 1] == 1),
    }


def build(site: Path, plain: bool, scale: int = 0) -> dict[str, object]:
    """Write <site>/gk-index; return figures (seconds, bytes, counts)."""
    started = time.perf_counter()
    out = site / OUT
    shutil.rmtree(out, ignore_errors=True)
    (out / "b").mkdir(parents=True)
    (out / "d").mkdir()
    records: dict[str, tuple[str, str]] = {}
    for page in built_pages(site):
        rel = page.relative_to(site).as_posix()
        if rel.split("/")[0] == OUT:
            continue
        got = page_record(page)
        if got is not None:
            records[rel] = got
    read = time.perf_counter()
    titles = {rel: title for rel, (title, _) in records.items()}
    order = sorted(records, key=rank_key)
    pages = len(order)
    postings: dict[str, list[int]] = defaultdict(list)
    titled: dict[str, list[int]] = defaultdict(list)
    facets: dict[str, dict[str, int]] = {"区县": {}, "镇街": {}, "年度": {}}
    extra: list[list[int]] = []  # [first continuation doc id, page id]
    next_doc = pages
    doc_bytes = plain_bytes = 0
    docs: list[tuple[int, int, str]] = []  # (doc, page, text)
    for pid, rel in enumerate(order):
        title, text = records[rel]
        marks = filters(rel, titles)
        for name, value in marks.items():
            facets[name][value] = facets[name].get(value, 0) + 1
        for n, part in enumerate(parts_of(text)):
            doc = pid if n == 0 else next_doc
            if n == 1:
                extra.append([next_doc, pid])
            if n > 0:
                next_doc += 1
            docs.append((doc, pid, part))
            found = terms(part)
            found.update(f"{FILTER_MARK}{k}={v}" for k, v in marks.items())
            for term in found:
                postings[term].append(doc)
            body = json.dumps(
                {"u": url_of(rel), "t": title, "x": part, "p": pid}, ensure_ascii=False
            ).encode("utf-8")
            packed = gzip.compress(body, compresslevel=9, mtime=0)
            (out / "d" / f"{doc}.gz").write_bytes(packed)
            doc_bytes += len(packed)
            if plain:
                (out / "d" / f"{doc}.json").write_bytes(body)
                plain_bytes += len(body)
        for term in terms(title):
            titled[term].append(pid)
    doc_count = next_doc
    for ids in postings.values():
        ids.sort()  # continuation ids come after later pages' ids
    encoded = [
        (fnv1a(t), record(t, ids, titled.get(t, []), doc_count)) for t, ids in postings.items()
    ]
    buckets, sizes = bucket_count(encoded)
    total = sum(sizes)
    files: list[bytearray] = [bytearray() for _ in range(buckets)]
    for h, r in sorted(encoded, key=lambda x: x[1]):
        files[h % buckets] += r
    for i, data in enumerate(files):
        (out / "b" / f"{i}.bin").write_bytes(bytes(data))
    meta = {
        "version": 1,
        "pages": pages,
        "docs": doc_count,
        "buckets": buckets,
        "extra": extra,
        "plain": plain,
    }
    (out / "meta.json").write_text(json.dumps(meta, separators=(",", ":")), encoding="utf-8")
    (out / "filters.json").write_text(json.dumps(facets, ensure_ascii=False), encoding="utf-8")
    shutil.copyfile(JS, out / "own-search.js")
    elapsed = time.perf_counter() - started
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    sizes.sort()
    figures: dict[str, object] = {
        "seconds": round(elapsed, 1),
        "seconds_reading_pages": round(read - started, 1),
        "pages": pages,
        "docs": doc_count,
        "terms": len(postings),
        "postings": sum(len(v) for v in postings.values()),
        "buckets": buckets,
        "bucket_bytes_total": total,
        "bucket_bytes_median": sizes[len(sizes) // 2],
        "bucket_bytes_max": sizes[-1],
        "bucket_bytes_p90": sizes[int(len(sizes) * 0.9)],
        "doc_gz_bytes_total": doc_bytes,
        "doc_gz_bytes_mean": round(doc_bytes / max(len(docs), 1)),
        "doc_plain_bytes_total": plain_bytes,
        "index_bytes_total": size,
        "meta_bytes": (out / "meta.json").stat().st_size,
        "filters_bytes": (out / "filters.json").stat().st_size,
        "bitmap_terms": sum(1 for _, r in encoded if r[r[0] + 1] == 1),
    }
    if scale > 1:
        figures["simulated"] = simulate(postings, titled, doc_count, scale)
    return figures


def read_index(out: Path) -> tuple[dict[str, list[int]], dict[str, list[int]], int]:
    """Postings, title postings and document count back from a built gk-index/ (for
    --simulate without reading the pages again)."""
    meta = json.loads((out / "meta.json").read_text("utf-8"))
    docs = int(meta["docs"])
    width = math.ceil(docs / 8)
    postings: dict[str, list[int]] = {}
    titled: dict[str, list[int]] = {}

    def num(b: bytes, at: int) -> tuple[int, int]:
        n = shift = 0
        while True:
            byte = b[at]
            at += 1
            n |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return n, at

    def listed(b: bytes, at: int) -> tuple[list[int], int]:
        count, at = num(b, at)
        ids, last = [], 0
        for _ in range(count):
            step, at = num(b, at)
            last += step
            ids.append(last)
        return ids, at

    for path in (out / "b").glob("*.bin"):
        b = path.read_bytes()
        at = 0
        while at < len(b):
            size, at = num(b, at)
            term = b[at : at + size].decode("utf-8")
            at += size
            for table in (postings, titled):
                kind = b[at]
                at += 1
                if kind == 1:
                    bits = b[at : at + width]
                    table[term] = [d for d in range(docs) if bits[d >> 3] >> (d & 7) & 1]
                    at += width
                else:
                    table[term], at = listed(b, at)
    return postings, titled, docs


def main() -> None:
    """Command line: build the index for one built site and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path, help="a built site (a copy: gk-index/ is written in it)")
    ap.add_argument("--plain", action="store_true", help="also write uncompressed documents")
    ap.add_argument("--simulate", type=int, default=0, help="bucket figures at K× the pages")
    ap.add_argument("--from-index", action="store_true", help="simulate from gk-index/ only")
    args = ap.parse_args()
    if args.from_index:
        postings, titled, docs = read_index(args.site / OUT)
        print(json.dumps(simulate(postings, titled, docs, args.simulate or 4), indent=1))
        return
    print(json.dumps(build(args.site, args.plain, args.simulate), indent=1))


if __name__ == "__main__":
    main()
