"""Head stage: title, issuer, recipient and opening paragraphs, before the first heading.

The title block is the run of short lines without sentence punctuation at the top
(黔江区黑溪镇人民政府 / 2020年度法治政府建设情况报告); a line repeated later in the block
(portal copies print the title several times) is furniture. Then an optional recipient
line ending in a colon (区依法治区办：), then the opening paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importer.tail import is_org, split_orgs

_HEADLINE_PUNCT = re.compile(r"[。；;：:，,！？!?]")
_TITLE_WORD = re.compile(r"报告|汇报|总结|情况")
_RECIPIENT = re.compile(r"^(?P<name>[^，。；,;]{2,30}?)[：:]$")
# The issuer that opens a title: 某某镇人民政府关于… / 某某镇人民政府2020年度…
_TITLE_ISSUER = re.compile(
    r"^(.+?(?:人民政府|委员会|办事处|党工委|党委|管委会))"
    r"(?=关于|\d{4}|[〇二]〇|年度)"
)
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
