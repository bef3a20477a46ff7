"""Page furniture: the lines of a saved portal page that are not the report.

One table of patterns per kind. Every pattern is anchored to the whole line (after a
leading bullet), so a line is dropped only when all of it is furniture; a line holding
a 。 is report text and never furniture (:func:`is_sentence`). Bylines and metadata
lists are furniture too, but they carry values, so :mod:`.portal` reads them.
"""

from __future__ import annotations

import re

BULLET = re.compile(r"^[\s•·●▪◆■□◇○\-*]+")
# Between toolbar or widget words: spaces, bars (| 丨 ｜), slashes, dots, commas.
_SEP = r"[\s|丨｜/·•,，、]*"


def _words(*words: str) -> re.Pattern[str]:
    """A line made only of ``words`` (each maybe in 【】 or []), with separators between."""
    alt = "|".join(words)
    return re.compile(rf"^(?:[【\[]?\s*(?:{alt})\s*[】\]]?{_SEP})+$")


# Breadcrumb labels: the rest of the line (or the next one) is the path to the page.
_CRUMB_LABEL = re.compile(
    r"^(?:您当前的位置|您当前所在位置|您现在所在的位置|您现在的位置|当前位置|当前所在位置|"
    r"您的位置|您所在的位置|所在位置)\s*[:：]"
)
# A bare path: 首页 > 政务公开 > 报告, 首页 >> 政府信息公开 >> …, 首页 » …
_CRUMB_STEP = re.compile(r"\s*(?:>>|[>＞»›])\s*")

# Each kind: why its lines are never report text.
KINDS: dict[str, re.Pattern[str]] = {
    # Old-browser banners shown above the page.
    "browser": re.compile(
        r"^.{0,30}(?:浏览器版本(?:过低|太低)|不支持当前浏览器|请升级(?:您的)?浏览器|"
        r"建议(?:使用|您使用).{0,30}浏览器).{0,60}$"
    ),
    # Date banners: 今天是…星期三 农历…, a site name then today's date and 星期.
    "date banner": re.compile(
        r"^(?:今天是\s*[:：]?\s*\d{4}年.{0,30}"
        r"|\S{0,30}\s*\d{4}年\d{1,2}月\d{1,2}日\s*(?:星期|周)[一二三四五六日天]"
        r"(?:\s*农历\S{0,10})?)$"
    ),
    # Accessibility, elder-mode, language and speech toolbars.
    "toolbar": _words(
        r"语音播报",
        r"语音合成中[,，]?\s*请耐心等待[.。…]*",
        r"(?:进入|退出)?播报模式",
        r"(?:进入|退出)?(?:长者|关怀|适老化|无障碍)(?:模式|版|浏览|阅读)?",
        r"简体(?:中文|版)?",
        r"繁体(?:中文|版)?",
        r"网站地图",
        r"English",
        r"手机版",
        r"(?:字号|字体|文字|字体大小)\s*[:：]?\s*[\[【]?(?:\s*[大中小])*\s*[\]】]?",
    ),
    # Print, close, share, favourite and QR-code widgets.
    "widget": _words(
        r"打印(?:本页|此页|文章)?",
        r"关闭(?:本页|窗口|此页)?",
        r"返回(?:顶部|首页)?",
        r"(?:收藏本页|加入收藏|收藏)",
        r"分享到\s*[:：]?(?:\s*(?:微信|微博|新浪微博|腾讯微博|QQ空间|QQ|朋友圈|人人网))*",
        r"分享",
        r"我要纠错|纠错",
        r"扫一扫在手机(?:上)?打开(?:当前页|本页)?",
        r"【?\s*(?:大|中|小)\s*】?",
    ),
    # Site footers: sponsor, ICP licence, police record, copyright, contact.
    "footer": re.compile(
        r"^(?:(?:主办单位|承办单位|主办|承办|协办单位|技术支持|运维单位|维护单位|网站标识码|"
        r"网站识别码|版权所有|联系我们|Copyright|©).{0,200}"
        r"|.{0,160}(?:ICP备|ICP证|公网安备|网站标识码|版权所有|All Rights Reserved).{0,160})$",
        re.IGNORECASE,
    ),
    # The HTML <title>: 报告标题 - 栏目 - 某某政府门户网站.
    "page title": re.compile(r"^.{2,120}\s[-_|]\s.{0,40}(?:门户网站|政府网|网站)$"),
    # A markdown or text table's rule row: |---|---|.
    "table rule": re.compile(r"^(?=.*\|)(?=.*-)[|\-:\s+]+$"),
}

# A list heading after which come links to other pages, not report text.
RELATED = re.compile(
    r"^[【\[]?(?:相关链接|相关文章|相关阅读|相关新闻|相关信息|相关文件|相关附件|相关稿件|"
    r"相关推荐|相关解读|延伸阅读|附件下载|上一篇|下一篇)[】\]]?\s*[:：]?"
)
# A nav-menu entry: a very short bullet line without digits or punctuation.
_MENU_ITEM = re.compile(r"^\s*[•·●▪◆■\-*]\s*[^\d\s，。,.:：;；!?！？()（）]{1,8}\s*$")
MENU_RUN = 3  # a nav menu is at least three such lines in a row


def is_sentence(text: str) -> bool:
    """Report text: a line holding a 。 is never page furniture."""
    return "。" in text


def is_breadcrumb(text: str) -> bool:
    """您当前的位置：…, 当前位置: 首页 > …, or a bare path 首页 >> 政府信息公开 >> …"""
    if is_sentence(text):
        return False
    if _CRUMB_LABEL.match(text):
        return True
    steps = _CRUMB_STEP.split(text)
    if len(steps) < 2 or not all(0 < len(s) <= 30 for s in steps):
        return False
    return len(steps) >= 3 or steps[0] in ("首页", "网站首页", "主页")


def furniture_kind(line: str) -> str | None:
    """The kind of furniture ``line`` is, or None when it may be report text."""
    text = BULLET.sub("", line).strip()
    if not text or is_sentence(text):
        return None
    if is_breadcrumb(text):
        return "breadcrumb"
    return next((kind for kind, pattern in KINDS.items() if pattern.match(text)), None)


def menu_run(lines: list[str], start: int) -> int:
    """How many lines from ``start`` form a nav menu (0 if they do not)."""
    end = start
    while end < len(lines) and _MENU_ITEM.match(lines[end]):
        end += 1
    return end - start if end - start >= MENU_RUN else 0


def related_run(lines: list[str], start: int) -> int:
    """How many lines from ``start`` are a related-links list (heading and its links)."""
    if not RELATED.match(BULLET.sub("", lines[start]).strip()) or is_sentence(lines[start]):
        return 0
    end = start + 1
    while end < len(lines) and _is_link(lines[end]):
        end += 1
    return end - start


def _is_link(line: str) -> bool:
    """A link in a related-links list: a bullet line, or a short title ending in a date."""
    text = BULLET.sub("", line).strip()
    if not text or is_sentence(text) or len(text) > 80:
        return False
    return bool(BULLET.match(line)) or bool(_DATED.search(text))


_DATED = re.compile(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\]?\)?$")
