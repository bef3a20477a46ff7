"""Portal stage: a copy of a portal page → its metadata, without the page furniture.

Saved portal pages open with breadcrumbs, a site name and a metadata list (索引号,
发文字号, 主题分类 … as bullets, "[ 索引号 ] …" table cells, or "发布日期:…"), and carry
widget text (打印本页, 关闭窗口 …). The metadata becomes the record's; the rest is dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from generator.importer.draft import Note

LABELS: dict[str, str | None] = {
    "索引号": "index_number",
    "发文字号": "doc_number",
    "文号": "doc_number",
    "主题分类": "topic",
    "体裁分类": "genre",
    "成文日期": "written",
    "发布日期": "published",
    "有效性": "validity",
    "文件标题": "title",
    "发布机构": "issuer",
    "发文机关": "issuer",
    # Shown by some portals, not kept by the record:
    "组配分类": None,
    "服务对象分类": None,
    "生效日期": None,
    "废止日期": None,
    "公开方式": None,
    "公开范围": None,
    "公开时限": None,
}
_LABEL = re.compile(
    r"[\[【]?\s*(" + "|".join(sorted(LABELS, key=len, reverse=True)) + r")\s*[\]】]?\s*[:：]?\s*"
)
_BULLET = re.compile(r"^[\s•·●▪◆\-*]+")
_BREADCRUMB = re.compile(
    r"^(您当前的位置|您当前所在位置|当前位置|当前所在位置|您的位置|"
    r"您所在的位置|所在位置)\s*[:：]|^(\S+\s*[>＞»]\s*){2,}\S+$"
)
_WIDGET = re.compile(
    r"^(?:[【\[]?\s*(?:打印本页|打印|关闭本页|关闭窗口|关闭|返回顶部|返回|收藏本页|加入收藏|收藏|"
    r"分享到|分享|纠错|我要纠错)\s*[】\]]?[\s|]*)+$"
    r"|^[【\[]?\s*(?:字号|字体)\s*[:：]?\s*[【\[]?\s*大"
    r"|^扫一扫在手机(上)?打开当前页"
    r"|^(?:浏览次数|访问次数|阅读次数|点击数|来源|信息来源|作者|责任编辑|上一篇|下一篇)\s*[:：]"
)
# The page's own address, when the copy kept it (a "URL:" line, or the bare address).
_URL = re.compile(
    r"^(?:原文链接|原文地址|网址|链接|URL)?\s*[:：]?\s*(https?://[^\s/?#]+\S*)$", re.IGNORECASE
)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
HEADER_LINES = 5  # a site name above the breadcrumbs is at most a few lines


@dataclass
class Page:
    """The report's lines and the portal metadata found around them."""

    lines: list[str]
    fields: dict[str, str] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    is_portal: bool = False


def strip_portal(lines: list[str]) -> Page:
    """Drop breadcrumbs, site header, metadata list and widgets; keep the metadata."""
    page = Page([])
    crumbs = [i for i, ln in enumerate(lines) if _BREADCRUMB.search(ln.strip())]
    start = crumbs[0] + 1 if crumbs and crumbs[0] < HEADER_LINES else 0
    dropped = start
    for ln in lines[start:]:
        text = _BULLET.sub("", ln).strip()
        if _BREADCRUMB.search(text) or _WIDGET.search(text):
            dropped += 1
        elif (url := _URL.match(text)) is not None:
            page.fields.setdefault("original_url", url.group(1))
            dropped += 1
        elif _LABEL.match(text) and len(text) <= 200:
            _read_fields(text, page)
            dropped += 1
        else:
            page.lines.append(ln)
    page.is_portal = bool(crumbs or page.fields)
    if page.is_portal:
        page.notes.append(
            Note(
                f"识别为网页副本：已删除导航、元数据等页面文字 {dropped} 行",
                f"portal page copy: {dropped} lines of page furniture removed",
            )
        )
    return page


def _read_fields(line: str, page: Page) -> None:
    """Read "[ 索引号 ] X [ 发文字号 ] Y" or "索引号 X" or "发布日期:X" into ``page``."""
    matches = list(_LABEL.finditer(line))
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        key = LABELS[m.group(1)]
        value = line[m.end() : nxt.start() if nxt else len(line)].strip()
        if key is None:
            continue
        if key in ("written", "published"):
            value = iso_date(value) or ""
        old = page.fields.get(key)
        if old is None or (not old and value):
            page.fields[key] = value
        elif value and value != old:
            page.notes.append(
                Note(
                    f"网页元数据“{m.group(1)}”出现两个不同的值：{old}、{value}，取前者",
                    f"two values for {key}: {old!r}, {value!r}; kept the first",
                )
            )


def iso_date(text: str) -> str | None:
    """ "2021-02-20 13:55:00", "2021年2月20日", "2021/2/20" → "2021-02-20"."""
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return dt.date(*(int(g) for g in m.groups())).isoformat()
    except ValueError:
        return None
