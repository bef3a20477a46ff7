"""What the site search reads of a built page (its title, text and filters), and what a
text is found by (the analyser: :func:`terms`, :func:`parts_of`, :func:`analysed`).

Only the part of a page marked ``data-search-body`` (the page's own content: no menus, no
footer) is read, less what is marked ``data-search-ignore`` (breadcrumbs, year links).
Blocks (headings, paragraphs, table cells) keep their own lines, so no pair of Chinese
characters spans two blocks and snippets stop where a block ends. Whatever engine built
the page, this is read from its HTML: the index does not depend on the engine.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import html as lxml_html

from generator import sitewalk

BODY = "data-search-body"
IGNORE = "data-search-ignore"

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
SKIPPED = frozenset(["script", "style", "template", "noscript", "svg"])
# Top-level folders that are not pages to find: the index itself, the results page.
NOT_PAGES = frozenset(["search-index", "search"])


def _text(node: lxml_html.HtmlElement, out: list[str]) -> None:
    """The text of ``node`` (ignored parts left out), blocks on their own lines."""
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in SKIPPED or node.get(IGNORE) is not None:
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


def _article(data: bytes) -> bytes | None:
    """The part of a page from its searched body to the end of the article holding it, as
    a document of its own; None when the page is not laid out so."""
    start = data.find(b"<div " + BODY.encode())
    end = data.find(b"</article>", start)
    if start < 0 or end < 0 or data.find(BODY.encode(), start + 6) >= 0:
        return None
    return b"<html><body>" + data[start:end] + b"</body></html>"


def page_record(page: Path, whole: bool = False) -> tuple[str, str] | None:
    """A built page's title and indexed text, or None when it has nothing to index."""
    return record_of(page.read_bytes(), whole)


def record_of(data: bytes, whole: bool = False) -> tuple[str, str] | None:
    """The title and indexed text of a page's HTML, or None when it has nothing to index.

    Only the article is parsed when the page has one searched body inside it (every page
    of the theme: a fraction of the bytes, the sidebars left out, and parsing is most of
    the index stage's time). ``whole`` parses the whole page (the tests compare the two).
    """
    part = None if whole else _article(data)
    doc = lxml_html.fromstring(part or data, parser=UTF8)
    bodies = doc.xpath(f"//*[@{BODY}]")
    if not bodies:
        return None
    if part is not None and not bodies[0].xpath(".//h1"):
        return record_of(data, whole=True)  # its title is then the page's <title>
    out: list[str] = []
    for body in bodies:
        _text(body, out)
    text = re.sub(r"[ \t\u3000\xa0]+", " ", "".join(out))
    text = re.sub(r"\s*\n\s*", "\n", text).strip()
    heads = bodies[0].xpath(".//h1")
    title = heads[0].text_content().strip() if heads else (doc.findtext(".//title") or "")
    return " ".join(title.split()), text


def built_pages(site: Path) -> Iterator[Path]:
    """Every HTML page of the built site but the index's own folder and the results page."""
    for rel in sitewalk.files(site, ".html"):
        if rel.split("/", 1)[0] not in NOT_PAGES:
            yield site / rel


REPORT_PATH = re.compile(r"([^/]+)/([^/]+)/(\d{4})/index\.html")


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


# ---- the analyser: what a text is found by -------------------------------------------------

HAN = r"\u4e00-\u9fff"  # CJK Unified Ideographs: every character the reports use
# A run of Chinese characters, or of letters/digits of any other script (Python's \w
# less "_" is letters and numbers, as the browser's [\p{L}\p{N}]).
PIECES = re.compile(rf"[{HAN}]+|[^\W_{HAN}]+")
SPLIT = 6000  # characters: a longer page is cut into parts
PART = 2000  # characters per part of a long page

# Spaces between two Chinese characters do not end a run: a table cell's 姓  名 or a
# name spaced out to line up (张  三) is still found by 姓名, as the reader sees it.
SPACED = re.compile(rf"(?<=[{HAN}])[ \t\u3000\xa0]+(?=[{HAN}])")


def terms(text: str) -> set[str]:
    """The index terms of ``text``: pairs and single characters of each Chinese run (runs
    stop at line ends, i.e. blocks, not at spaces) and lower-cased words of other scripts."""
    out: set[str] = set()
    for match in PIECES.finditer(SPACED.sub("", text.lower())):
        piece = match.group()
        if "\u4e00" <= piece[0] <= "\u9fff":
            out.update(piece)
            out.update(map(operator.add, piece, piece[1:]))  # the pairs, joined in C
        else:
            out.add(piece)
    return out


def parts_of(text: str) -> list[str]:
    """A page's text as one part, or cut at block ends into parts of ~PART characters
    (a block longer than that at a sentence end). No character is lost: the parts
    joined by line ends are the text."""
    if len(text) <= SPLIT:
        return [text]
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        if current and size + len(line) > PART:
            parts.append("\n".join(current))
            current, size = [], 0
        while len(line) > PART:  # one block longer than a part: cut at a sentence end
            cut = max(line.rfind(p, 0, PART) for p in "。；！？.;")
            cut = cut + 1 if cut > 0 else PART
            parts.append(line[:cut])
            line = line[cut:]
        current.append(line)
        size += len(line) + 1
    if current:
        parts.append("\n".join(current))
    return parts


def analysed(title: str, text: str) -> list[str]:
    """The terms of each part of ``text`` (:func:`parts_of`), then of ``title``, each as one
    string joined by NUL: cheap to hand from a worker process to the index stage."""
    return ["\0".join(terms(part)) for part in [*parts_of(text), title]]
