"""Compact built HTML: drop the indentation and blank lines the theme's templates leave.

Why: Material renders its navigation from deeply nested Jinja templates, and every item
carries a few hundred bytes of spaces and empty lines. At 5,000 reports a report page was
61 KB, three quarters of it the sidebar's whitespace (issue 16: ≤ 50 KB per page).

Only whitespace that a browser collapses anyway is touched: a run of white space that
holds a line break becomes one line break. The contents of ``pre``, ``textarea``,
``script`` and ``style`` are kept byte for byte, so code, forms and data stay as written.
Engine-neutral: under `build`, the MkDocs glue has each page compacted as MkDocs writes it
(generator/early.py); :func:`compact_site` compacts every other page afterwards (all of
them for another engine).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from generator import sitewalk
from generator.parallel import in_parts

# Elements whose white space is content, not layout.
KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)


# HTML's white space; not U+3000, the ideographic space that indents Chinese paragraphs.
HTML_SPACE = " \t\n\r\f"


def _squeeze(text: str) -> str:
    """Each line stripped, empty lines dropped: runs with a line break become one."""
    lines = [line.strip(HTML_SPACE) for line in text.split("\n")]
    out = "\n".join(line for line in lines if line)
    # A run at either end still separates this part from the element beside it.
    if out and text[0] in HTML_SPACE:
        out = "\n" + out
    if out and text[-1] in HTML_SPACE:
        out += "\n"
    return out or ("\n" if "\n" in text else text)


def compact_html(page: str) -> str:
    """``page`` without the layout white space a browser would collapse anyway."""
    out: list[str] = []
    last = 0
    for match in KEPT.finditer(page):
        out.append(_squeeze(page[last : match.start()]))
        out.append(match.group())
        last = match.end()
    out.append(_squeeze(page[last:]))
    return "".join(out)


def _compact_files(pages: list[Path]) -> int:
    """Compact ``pages`` in place; the bytes saved."""
    saved = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        small = compact_html(text)
        if small != text:
            page.write_text(small, encoding="utf-8")
            saved += len(text.encode("utf-8")) - len(small.encode("utf-8"))
    return saved


def compact_site(site: Path, skip: Collection[str] = ()) -> int:
    """Compact every HTML page of ``site`` in place, on every core, but those at the paths
    in ``skip`` (compacted as the engine wrote them); the bytes saved."""
    pages = [site / rel for rel in sitewalk.files(site, ".html") if rel not in skip]
    return sum(in_parts(_compact_files, pages))
