"""Head stage: title, issuer, recipient and opening paragraphs, before the first heading.

The title block is the run of short lines without sentence punctuation at the top
(黔江区黑溪镇人民政府 / 2020年度法治政府建设情况报告); a line repeated later in the block
(portal copies print the title several times) is furniture. Then an optional recipient
line ending in a colon (区依法治区办：), then the opening paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from generator.importer.places import official_name
from generator.importer.tail import is_org, split_orgs

_HEADLINE_PUNCT = re.compile(r"[。；;：:，,！？!?]")
_TITLE_WORD = re.compile(r"报告|汇报|总结|情况")
_RECIPIENT = re.compile(r"^(?P<name>[^，。；,;]{2,30}?)[：:]$")
# The issuer that opens a title: 某某镇人民政府关于… / 某某镇人民政府2020年度…
_TITLE_ISSUER = re.compile(
    r"^(.+?(?:人民政府|委员会|办事处|党工委|党委|管委会))"
    r"(?=关于|\d{4}|[〇二]〇|年度)"
)
# A place name: a few characters and a place suffix (街道 before 街: the longer first).
_NAME = r"(?P<name>(?![我本全该各在])[\u4e00-\u9fff]{1,20}?(?:街道|街|镇|乡|区|县|市))"
# A title naming a bare place: 三都镇2025年…, 2020年静海区法治…, 2021年度桃浦镇法治…
_TITLE_PLACE = re.compile(rf"^(?:20\d{{2}}年度?)?{_NAME}(?=20\d{{2}}|关于|法治|年度)")
# A preamble clause opening with the place: 大中街道在区委…, 清河县人民政府坚持…,
# 吴家镇党委、政府坚持…, 鼓楼街道办事处深入…
_CLAUSE_PLACE = re.compile(
    rf"^{_NAME}(?P<office>人民政府|街道办事处|办事处|党委、政府|党工委、办事处|党委|党工委)?"
    r"(?=在|坚持|深入|始终|持续|按照|认真|积极|全面|紧紧|以|把|将|围绕|牢牢|切实|高度|严格|"
    r"不断|扎实|聚焦|立足|紧扣|结合|着力|进一步|法治|$)"
)
# …现将庆隆镇2020年度法治政府建设情况报告如下
_REPORTING_PLACE = re.compile(rf"现将{_NAME}(?=20\d{{2}}|本?年度|一年来|法治)")
# What opens a preamble before its subject: 2025年, 一年来, 在区委、区政府的领导下
_LEAD_CLAUSE = re.compile(r"^(?:20\d{2}年(?:度|以来|来)?|一年来|今年以来|在.*下)$")
_CLAUSE_END = re.compile(r"[，,；;。：:]")
_YEAR = re.compile(r"(?<![\d\-－—–~～至到])(20\d{2})\s*年")


@dataclass
class Head:
    """What comes before the first numbered heading."""

    title: str | None = None
    issuers: list[str] = field(default_factory=list)
    recipient: str | None = None
    preamble: list[str] = field(default_factory=list)
    furniture: list[int] = field(default_factory=list)  # indices of duplicate title lines


def is_headline(line: str) -> bool:
    """A short line with no sentence punctuation: part of a title or an issuer."""
    return len(line) <= 60 and not _HEADLINE_PUNCT.search(line)


def read_head(lines: list[str]) -> Head:
    """Split the lines before the first heading into title, recipient and preamble."""
    head = Head()
    end = 0
    while end < len(lines) and is_headline(lines[end]):
        end += 1
    block = [
        k for k in range(end) if not any(lines[k] in lines[later] for later in range(k + 1, end))
    ]
    block = _drop_split_copy(lines, block)
    head.furniture = [k for k in range(end) if k not in block]
    titled = [k for k in block if _TITLE_WORD.search(lines[k])]
    first_title = titled[0] if titled else end
    head.issuers = [
        o for k in block if k < first_title and is_org(lines[k]) for o in split_orgs(lines[k])
    ]
    if titled:
        head.title = "".join(lines[k] for k in block)
    if head.title and not head.issuers and (m := _TITLE_ISSUER.match(head.title)):
        head.issuers = split_orgs(m.group(1))
    # Without a title, short lines that name no body are the opening's first lines.
    rest = [lines[k] for k in block if not titled and not is_org(lines[k])] + lines[end:]
    if rest and (m := _RECIPIENT.match(rest[0])) and "如下" not in rest[0]:
        head.recipient = m.group("name")
        rest = rest[1:]
    head.preamble = rest
    return head


def find_year(*texts: str | None) -> int | None:
    """The first year (20xx年) in the first text that names one; ranges are skipped."""
    for text in texts:
        if text and (m := _YEAR.search(text)):
            return int(m.group(1))
    return None


def most_frequent_year(texts: list[str]) -> int | None:
    """The year the body names most often (the earliest on a tie): a report's own year
    is named again and again, other years (plans, 纲要 periods) less often."""
    counts = Counter(int(m.group(1)) for text in texts for m in _YEAR.finditer(text))
    if not counts:
        return None
    return max(sorted(counts), key=lambda year: counts[year])


def title_place(title: str | None) -> str | None:
    """The place a title names without its office: 三都镇2025年… → 三都镇."""
    m = _TITLE_PLACE.match(title or "")
    return m.group("name") if m else None


def preamble_issuer(paragraphs: list[str]) -> tuple[str, str] | None:
    """The issuer the opening paragraphs name, and the words it was read from.

    Only where a sentence's subject stands (after 2025年, 在区委…领导下) or in 现将…报告如下:
    a place named elsewhere in a sentence is rarely the one reporting.
    """
    for text in paragraphs[:3]:
        clauses = [c.strip() for c in _CLAUSE_END.split(text)]
        subjects = [c for c in clauses[:4] if not _LEAD_CLAUSE.match(c)][:1]
        for clause in subjects:
            if m := _CLAUSE_PLACE.match(clause):
                office = m.group("office") or ""
                named = office in ("人民政府", "街道办事处", "办事处")
                return official_name(m.group("name") + (office if named else "")), m.group(0)
    for text in paragraphs:
        if m := _REPORTING_PLACE.search(text):
            return official_name(m.group("name")), m.group(0)
    return None


def _drop_split_copy(lines: list[str], block: list[int]) -> list[int]:
    """A title followed by the same title split over lines (黔江区黎水镇人民政府2020年…报告 /
    黔江区黎水镇人民政府 / 2020年…报告) is printed once: the split copy is furniture."""
    for n, k in enumerate(block):
        for end in range(n + 2, len(block) + 1):
            if "".join(lines[j] for j in block[n + 1 : end]) == lines[k]:
                return block[: n + 1] + block[end:]
    return block
