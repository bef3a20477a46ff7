"""HTML reader: a saved portal page (.html/.htm) → metadata lines, title and main text.

Why trafilatura: it is the best-kept main-text extractor for Python (maintained, benchmarked,
works on a string without any network); it drops the page furniture (navigation, share and
print widgets, footer with 主办单位/ICP备) and keeps every paragraph of the article.

Why also lxml: trafilatura treats the metadata block (索引号, 发文字号, 发布日期 … in a table,
a list or rows of divs) as furniture, yet it belongs to the record. The block is found in the
parsed tree, written out as ``索引号：X`` lines (what :mod:`.portal` reads), and removed
before extraction. The title comes from the page's ArticleTitle meta, <h1> or <title>.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from generator.diagnostics import UserError
from generator.importer.draft import Note
from generator.importer.plaintext import decode
from generator.importer.source import Source
from generator.importer.tables import row_line

_PRESCAN = 4096  # a <meta charset> must sit in the page's first bytes
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# The labels of a 政府信息公开 metadata block. Bylines (发布时间, 来源) and footers (主办单位)
# are not: they stay in the page for trafilatura, then for the portal stage, to judge.
META_LABELS = (
    "索引号", "发文字号", "文号", "主题分类", "体裁分类", "组配分类", "服务对象分类", "主题词",
    "成文日期", "发布日期", "发文日期", "生效日期", "废止日期", "有效性", "效力状态",
    "文件标题", "发布机构", "发文机关", "公开方式", "公开范围", "公开时限",
)  # fmt: skip
LAYOUT_CELL = 200  # characters: a table cell holding more is page layout, not data
MIN_TEXT = 50  # characters: a report has thousands; fewer means the article is not there
_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030", "euc-cn", "hz-gb-2312"}
# "索引号：X", "[ 索引号 ]", "索 引 号:" — one of the portal labels opening a cell.
_LABEL_CELL = re.compile(
    r"^[\[【]?\s*("
    + "|".join(r"\s*".join(map(re.escape, lb)) for lb in sorted(META_LABELS, key=len, reverse=True))
    + r")\s*[\]】]?\s*[:：]?\s*(.*)$",
    re.S,
)
_CELLS = {"table": ("td", "th"), "ul": ("li",), "ol": ("li",), "dl": ("dt", "dd")}
_TITLE_CUT = re.compile(r"\s*(?:_|\s-\s|\s–\s|\s—\s|\|)\s*")
_URL_XPATHS = ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content")
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(https?://\S+?)\s*-->")
_TABLE_ROW = re.compile(r"^\|.*\|\s*$")


def read_html(path: Path) -> Source:
    """The page's address, metadata, title and main text, one paragraph a line."""
    text, notes = decode_html(path.read_bytes(), path)
    tree = _parse(text, path)
    lines = _address(tree, text)
    lines += meta_lines(tree)
    title = page_title(tree)
    _unwrap_layout_tables(tree)
    body, tables = _main_text(tree)
    if sum(len(ln) for ln in body) < MIN_TEXT:
        raise UserError(
            f"网页中找不到正文（可能由脚本生成），请复制正文另存为 .txt 再导入：{path}",
            f"no main text found in the page (built by scripts?); save its text as .txt: {path}",
        )
    if title and _squash(title) not in {_squash(ln) for ln in body[:3]}:
        lines.append(title)
    notes.append(
        Note("网页已提取正文与元数据，页面导航等已删除，请核对", "HTML page: main text extracted")
    )
    if tables:
        notes.append(
            Note(
                f"正文含 {tables} 个表格，已转为记录中的表格（第一行作表头），请核对",
                f"{tables} table(s) kept as tables (first row as header): check them",
            )
        )
    return Source(path, "html", lines + body, notes)


def decode_html(raw: bytes, path: Path) -> tuple[str, list[Note]]:
    """Decode by BOM, else by the page's declared charset, else as a text file would be.

    Why GB18030 for every GB name: pages declared gb2312 routinely hold GBK characters
    (镕, 堃 …), and GB18030 is a superset of both.
    """
    declared = _CHARSET.search(raw[:_PRESCAN])
    if raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or not declared:
        return decode(raw, path)
    name = declared.group(1).decode("ascii").lower()
    codec = "gb18030" if name in _GB else name
    try:
        text = raw.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return decode(raw, path)
    if codec == "gb18030":
        return text, [
            Note(f"网页声明编码为 {name}，已按 GB18030 转换", f"decoded {name} as GB18030")
        ]
    return text, []


def _parse(text: str, path: Path) -> Any:
    import lxml.etree
    import lxml.html

    try:
        return lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError):
        raise UserError(f"无法解析网页：{path}", f"cannot parse the HTML page: {path}") from None


def meta_lines(tree: Any) -> list[str]:
    """``标签：值`` lines of the page's metadata blocks, which are then removed from ``tree``."""
    lines: list[str] = []
    for block, cells in _meta_blocks(tree):
        lines += _fields(cells)
        block.drop_tree()
    pub = tree.xpath("//meta[@name='PubDate']/@content")
    if pub and not any(ln.startswith("发布日期") for ln in lines):
        lines.append(f"发布日期：{pub[0].strip()}")
    return lines


def _meta_blocks(tree: Any) -> list[tuple[Any, list[str]]]:
    """The innermost tables, lists and divs with two or more labelled cells."""
    found = []
    for el in tree.iter("table", "ul", "ol", "dl", "div"):
        cells = [_text(c) for c in (el.iter(*_CELLS[el.tag]) if el.tag in _CELLS else el)]
        if sum(1 for c in cells if len(c) <= 200 and _LABEL_CELL.match(c)) >= 2:
            found.append((el, cells))
    blocks = {id(el) for el, _ in found}
    return [
        (el, cells) for el, cells in found if not any(id(d) in blocks for d in el.iterdescendants())
    ]


def _fields(cells: list[str]) -> list[str]:
    """Cells ["索引号：", "X", "发文字号：", ""] → ["索引号：X", "发文字号："]."""
    fields: list[list[str]] = []
    for cell in cells:
        m = _LABEL_CELL.match(cell) if len(cell) <= 200 else None
        if m:
            fields.append(["".join(m.group(1).split()), m.group(2).strip()])
        elif fields and cell:
            fields[-1].append(cell)
    return [f"{label}：{' '.join(v for v in values if v)}" for label, *values in fields]


def page_title(tree: Any) -> str:
    """The ArticleTitle meta (government sites' standard), else <h1>, else <title> cut."""
    for xpath in ("//meta[@name='ArticleTitle']/@content", "//h1", "//title"):
        for hit in tree.xpath(xpath):
            text = hit.strip() if isinstance(hit, str) else _text(hit)
            if xpath == "//title":
                text = _TITLE_CUT.split(text)[0]
            if text:
                return text
    return ""


def _address(tree: Any, text: str) -> list[str]:
    """``原文链接：URL`` from the canonical link, og:url or a browser's "saved from" mark."""
    for xpath in _URL_XPATHS:
        for url in tree.xpath(xpath):
            if url.strip().startswith(("http://", "https://")):
                return [f"原文链接：{url.strip()}"]
    saved = _SAVED_FROM.search(text[:_PRESCAN])
    return [f"原文链接：{saved.group(1)}"] if saved else []


def _unwrap_layout_tables(tree: Any) -> None:
    """Turn tables that lay out the page (a cell holding the article) into plain divs.

    Why: older portal templates put the whole article in one cell of a layout table;
    left a table, it would come out as a single "|"-joined row.
    """
    rows = "./tr | ./*/tr"
    for table in list(tree.iter("table")):
        cells = [c for row in table.xpath(rows) for c in row if c.tag in ("td", "th")]
        if any(len(_text(c)) > LAYOUT_CELL for c in cells):
            for el in [table, *table.xpath("./*[not(self::tr)]"), *table.xpath(rows), *cells]:
                el.tag = "div"


def _main_text(tree: Any) -> tuple[list[str], int]:
    """The article's paragraphs (trafilatura), tables as pipe rows; and the table count."""
    import trafilatura

    text = trafilatura.extract(
        tree,
        output_format="txt",
        include_tables=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        favor_recall=True,
        deduplicate=False,
    )
    lines: list[str] = []
    tables = 0
    in_table = False
    for ln in (text or "").splitlines():
        row = _TABLE_ROW.match(ln)
        tables += bool(row) and not in_table
        in_table = bool(row)
        if row:
            ln = row_line(ln.strip()[1:-1].split("|"))
        if ln.strip():
            lines.append(ln.strip())
    return lines, tables


def _text(el: Any) -> str:
    """An element's text with runs of whitespace (NBSP, U+3000 included) made one space."""
    return " ".join(el.text_content().split())


def _squash(text: str) -> str:
    return "".join(text.split())
