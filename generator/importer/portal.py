"""Portal stage: a copy of a portal page → its metadata, without the page furniture.

Saved portal pages open with breadcrumbs, a site name and a metadata list (索引号,
发文字号, 主题分类 … as bullets, "[ 索引号 ] …" table cells, "| 索引号：… |" pipe tables,
one-line strips, or "发布日期:…"), a byline (时间:… 来源:… 浏览量:…), and carry toolbars
and widgets (语音播报, 打印本页 …) and a footer. The metadata becomes the record's; the
rest is dropped (the kinds of furniture are in :mod:`.furniture`) and counted in one note.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from generator.importer.draft import Note
from generator.importer.furniture import (
    BULLET,
    furniture_kind,
    is_breadcrumb,
    is_sentence,
    menu_run,
    related_run,
)


@dataclass(frozen=True)
class Label:
    """How a portal label is read."""

    key: str | None  # the record's field; None: shown by portals, not kept
    weak: bool = False  # a byline's guess: fills an empty field, never disputes one
    bare: bool = False  # may stand without a colon or brackets ("索引号 123/2021-1")


_STRONG = {
    "索引号": "index_number",
    "发文字号": "doc_number",
    "主题分类": "topic",
    "体裁分类": "genre",
    "成文日期": "written",
    "发布日期": "published",
    "有效性": "validity",
    "文件标题": "title",
    "发布机构": "issuer",
    # Variant names used by other site families:
    "发文机关": "issuer",
    "发文日期": "published",
    "发文时间": "published",
    "发布时间": "published",
    "成文时间": "written",
    "效力状态": "validity",
    "主题词": "topic",
}
_SHORT = {"文号": "doc_number", "标题": "title"}  # too common to stand without a colon
# Byline fields: a guess at the publication date or the issuing town, no more.
_WEAK = {
    "日期": "published",
    "时间": "published",
    "更新时间": "published",
    "信息类别": "topic",
    "来源": "issuer",
    "文章来源": "issuer",
    "信息来源": "issuer",
    "所属单位": "issuer",
}
# Shown by portals, not kept by the record: classification, bylines, counters, footers.
_IGNORED_BARE = (
    "组配分类",
    "服务对象分类",
    "生效日期",
    "废止日期",
    "公开方式",
    "公开范围",
    "公开时限",
)
_IGNORED = (
    "作者", "责任编辑", "编辑", "审核", "发布人", "供稿", "字体大小", "字体", "字号",
    "浏览量", "浏览次数", "点击", "点击数", "点击量", "点击率", "访问量", "访问次数",
    "阅读次数", "阅读量", "主办单位", "承办单位", "网站标识码", "技术支持",
)  # fmt: skip
LABELS: dict[str, Label] = {
    **{name: Label(key, bare=len(name) >= 3) for name, key in _STRONG.items()},
    **{name: Label(key) for name, key in _SHORT.items()},
    **{name: Label(key, weak=True) for name, key in _WEAK.items()},
    **{name: Label(None, bare=True) for name in _IGNORED_BARE},
    **{name: Label(None) for name in _IGNORED},
}
# A label, maybe spaced (索 引 号, 文  号) or in brackets ([ 索引号 ], 【发布机构】).
_LABEL = re.compile(
    r"(?P<open>[\[【]\s*)?(?P<label>"
    + "|".join(r"\s*".join(name) for name in sorted(LABELS, key=len, reverse=True))
    + r")\s*(?P<close>[\]】])?\s*(?P<colon>[:：])?\s*"
)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
# A byline that opens with the date itself: "2021年12月03日 来源: 上海普陀".
_DATE_FIRST = re.compile(
    r"^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*"
)
# Index numbers: a credit code or site code, then year and serial (11500…X/2026-00002).
_INDEX_NUMBER = re.compile(r"^[0-9A-Za-z]{5,}/\d{4}-\d+$")
_PLACE = re.compile(r"(?:镇|乡|街道|人民政府|办事处)$")  # a weak issuer must name a body
_NONE = ("无", "暂无", "-", "—", "/")
# The page's own address, when the copy kept it (a "URL:" line, or the bare address).
_URL = re.compile(
    r"^(?:原文链接|原文地址|网址|链接|URL)?\s*[:：]?\s*(https?://[^\s/?#]+\S*)$", re.IGNORECASE
)
HEADER_LINES = 5  # a site name above the breadcrumbs is at most a few lines
UNLABELLED_RUN = 3  # a list of bare metadata values is at least this long


@dataclass
class Page:
    """The report's lines and the portal metadata found around them."""

    lines: list[str]
    fields: dict[str, str] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    is_portal: bool = False
    removed: list[tuple[str, str]] = field(default_factory=list)  # (kind, line)
    weak: set[str] = field(default_factory=set)  # fields only a byline has filled


def strip_portal(lines: list[str]) -> Page:
    """Drop breadcrumbs, site header, metadata, bylines, widgets, menus and footers."""
    page = Page([])
    crumbs = [i for i, ln in enumerate(lines) if is_breadcrumb(BULLET.sub("", ln).strip())]
    i = 0
    while i < len(lines):
        if crumbs and i < crumbs[0] < HEADER_LINES and not is_sentence(lines[i]):
            page.removed.append(("site header", lines[i]))
            i += 1
        else:
            i += _take(lines, i, page)
    dropped = len(page.removed)
    page.is_portal = bool(crumbs or page.fields or dropped)
    if page.is_portal:
        page.notes.append(
            Note(
                f"识别为网页副本：已删除导航、元数据等页面文字 {dropped} 行",
                f"portal page copy: {dropped} lines of page furniture removed",
            )
        )
    return page


def _take(lines: list[str], i: int, page: Page) -> int:
    """Keep or drop ``lines[i]`` (and any run it opens); return how many lines it used."""
    line = lines[i]
    text = BULLET.sub("", line).strip()
    if not text or is_sentence(text):
        page.lines.append(line)
        return 1
    if kind := furniture_kind(line):
        return _drop(page, kind, [line])
    if (url := _URL.match(text)) is not None:
        page.fields.setdefault("original_url", url.group(1))
        return _drop(page, "address", [line])
    if (pairs := parse_fields(text)) is not None:
        used = _lone_label_value(lines, i, pairs)
        _read_fields(pairs, page)
        return _drop(page, "metadata", lines[i : i + used])
    if n := _unlabelled_run(lines, i):
        _read_unlabelled(lines[i : i + n], page)
        return _drop(page, "metadata", lines[i : i + n])
    if (n := menu_run(lines, i)) and (_at_top(page) or "首页" in "".join(lines[i : i + n])):
        return _drop(page, "menu", lines[i : i + n])
    if n := related_run(lines, i):
        return _drop(page, "related", lines[i : i + n])
    page.lines.append(line)
    return 1


def _at_top(page: Page) -> bool:
    """Nothing of the report kept yet: short bullet lines here are the site's menu."""
    return not any(ln.strip() for ln in page.lines)


def _drop(page: Page, kind: str, lines: list[str]) -> int:
    page.removed += [(kind, ln) for ln in lines]
    return len(lines)


def parse_fields(text: str) -> list[tuple[str, str]] | None:
    """The (label, value) pairs when all of ``text`` is labelled fields, else None.

    Reads "[ 索引号 ] X [ 发文字号 ] Y", "索 引 号:X 发布机构:Y", "| 索引号：X | …",
    "时间:2023-02-28 15:36 浏览量:1" and "2021年12月03日 来源: 上海普陀".
    """
    if is_sentence(text) or len(text) > 300:
        return None
    text = re.sub(r"[|｜]", " ", text).strip()
    pairs: list[tuple[str, str]] = []
    if (first := _DATE_FIRST.match(text)) and first.end() < len(text):
        pairs.append(("日期", first.group().strip()))
        text = text[first.end() :]
    matches = [m for m in _LABEL.finditer(text) if _delimited(m, text)]
    if not matches or matches[0].start() != 0:
        return None
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        label = re.sub(r"\s", "", m.group("label"))
        value = text[m.end() : nxt.start() if nxt else len(text)].strip(" \t[]【】")
        if not _fits(LABELS[label], value):
            return None
        pairs.append((label, value))
    return pairs


def _delimited(m: re.Match[str], text: str) -> bool:
    """A label stands as one: in brackets, before a colon, or (if bare) between spaces.

    So "索引号 123/2021-1" is a field, "有效性审查制度…" is not.
    """
    if (m.group("open") and m.group("close")) or m.group("colon"):
        return True
    label = LABELS[re.sub(r"\s", "", m.group("label"))]
    before = m.start() == 0 or text[m.start() - 1] in " \t]】"
    after = m.end("label") == len(text) or text[m.end("label")].isspace()
    return label.bare and before and after


def _fits(label: Label, value: str) -> bool:
    """A label's value, not report text: a date where a date belongs, short otherwise."""
    if label.key in ("written", "published"):
        return not value or _DATE.match(value) is not None
    return len(value) <= (120 if label.key == "title" else 60)


def _lone_label_value(lines: list[str], i: int, pairs: list[tuple[str, str]]) -> int:
    """2 when ``lines[i]`` is a label alone and the next line its value, else 1.

    Tables copied one cell per line give "索引号" / "123/2021-1" / "主题分类" / …; the
    value is taken only inside such a table (a label line two lines before or after), so
    the title under a lone "[ 有效性 ]" is never taken.
    """
    if len(pairs) != 1 or pairs[0][1] or i + 1 >= len(lines):
        return 1
    value = BULLET.sub("", lines[i + 1]).strip()
    if not value or _fielded(value) or is_sentence(value) or len(value) > 60:
        return 1
    in_table = (i + 2 < len(lines) and _fielded(lines[i + 2])) or (
        i >= 2 and _is_lone_label(lines[i - 2]) and not _fielded(lines[i - 1])
    )
    if not in_table or not _fits(LABELS[pairs[0][0]], value):
        return 1
    pairs[0] = (pairs[0][0], value)
    return 2


def _fielded(line: str) -> bool:
    return parse_fields(BULLET.sub("", line).strip()) is not None


def _is_lone_label(line: str) -> bool:
    pairs = parse_fields(BULLET.sub("", line).strip())
    return pairs is not None and len(pairs) == 1 and not pairs[0][1]


def _read_fields(pairs: list[tuple[str, str]], page: Page) -> None:
    """Store labelled values in ``page.fields``; a byline's guess yields to a label."""
    for name, raw in pairs:
        label = LABELS[name]
        value = _value(label, raw)
        if label.key is None or value is None:
            continue
        old = page.fields.get(label.key)
        if label.weak:
            if not old and value:
                page.fields[label.key] = value
                page.weak.add(label.key)
        elif old is None or (not old and value) or (label.key in page.weak and value):
            page.fields[label.key] = value
            page.weak.discard(label.key)
        elif value and value != old:
            page.notes.append(
                Note(
                    f"网页元数据“{name}”出现两个不同的值：{old}、{value}，取前者",
                    f"two values for {label.key}: {old!r}, {value!r}; kept the first",
                )
            )


def _value(label: Label, raw: str) -> str | None:
    """The field's value: a date as ISO, "无" as empty; None when a guess does not fit."""
    value = "" if raw in _NONE else raw
    if label.key in ("written", "published"):
        return iso_date(value) or ""
    if label.weak and label.key == "issuer" and not _PLACE.search(value):
        return None  # 来源: 上海普陀 / 司法局 names no town or government
    return value


def _unlabelled_run(lines: list[str], start: int) -> int:
    """How many bullet lines from ``start`` are metadata values whose labels were lost."""
    end = start
    while end < len(lines) and BULLET.match(lines[end]) and _is_bare_value(lines[end]):
        end += 1
    values = [BULLET.sub("", ln).strip() for ln in lines[start:end]]
    if end - start < UNLABELLED_RUN or not any(_INDEX_NUMBER.match(v) for v in values):
        return 0
    return end - start


def _is_bare_value(line: str) -> bool:
    text = BULLET.sub("", line).strip()
    return 0 < len(text) <= 40 and not is_sentence(text)


def _read_unlabelled(lines: list[str], page: Page) -> None:
    """Keep the index number and the dates of a label-less list; note what was dropped."""
    values = [BULLET.sub("", ln).strip() for ln in lines]
    index = next(v for v in values if _INDEX_NUMBER.match(v))
    dates = [d for v in values if _DATE_FIRST.fullmatch(v) and (d := iso_date(v))]
    rest = [v for v in values if v != index and not _DATE_FIRST.fullmatch(v)]
    page.fields.setdefault("index_number", index)
    if dates:
        page.fields.setdefault("published", dates[-1])
    if len(dates) > 1:
        page.fields.setdefault("written", dates[0])  # portals list 成文日期 before 发布日期
    page.notes.append(
        Note(
            f"网页元数据没有标签：只取了索引号和日期，其余未读：{'、'.join(rest) or '无'}",
            f"unlabelled portal metadata: kept the index number and dates, "
            f"left out {len(rest)} values",
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
