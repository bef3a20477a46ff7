"""Markup safety: record text is data, never Markdown, HTML or Jinja.

Every value a template prints goes through ``finalize``, which escapes it for Markdown
and HTML, so ``<script>``, ``**`` or ``{{ }}`` typed into a record shows literally on the
page. Only values wrapped in :class:`Md` (markup the generator itself produced) pass
through untouched.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path
from typing import Any

import jinja2

from generator.numbering import chinese_date

TEMPLATES = Path(__file__).parent / "templates"

# ASCII characters with a meaning in Markdown or HTML (quotes too: values also land in
# HTML attributes). They are written as numeric character references, which every
# Markdown engine passes through as literal text.
_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!<>&|~^\"']")


class Md(str):
    """Markup produced by the generator itself: printed as is, never escaped."""


def escape_md(value: str) -> Md:
    """Make arbitrary text literal in Markdown (and in HTML blocks inside it)."""
    return Md(_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", value))


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Md):
        return value
    return escape_md(str(value))


@functools.cache
def template_env() -> jinja2.Environment:
    """The Jinja environment for page templates (Markdown out, everything escaped).

    One per process: compiled templates are reused across rebuilds (`mkdocs serve`);
    Jinja still reloads a template whose file changed.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # finalize escapes for Markdown, which HTML escaping would not cover
    )
    env.filters["cndate"] = lambda d: chinese_date(d.year, d.month, d.day) if d else ""
    # Long free text (paragraphs, notes, quoted sentences) goes into raw HTML blocks, which
    # the Markdown engine passes through untouched: escaping it as Markdown entities would
    # make the engine's inline pass quadratic in the number of special characters.
    env.filters["html_text"] = lambda v: Md(html.escape(str(v), quote=True))
    env.filters["safe_md"] = lambda v: Md(str(v))  # generator-made markup only, never record text
    env.filters["href"] = lambda url: Md(html.escape(url, quote=True))  # validated http(s) or /
    env.filters["front_matter"] = front_matter
    from generator.typography import nowrap  # imports this module: registered here

    env.filters["nowrap"] = nowrap  # 2020年度, 黑溪镇 never cut in two (headings)
    return env


# Anything but printable ASCII in front matter is written as a YAML escape.
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")


def _yaml_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xD800 <= code <= 0xDFFF:  # refused in records (generator.text): a bug if it gets here
        raise ValueError(f"U+{code:04X} is a surrogate: no YAML can hold it")
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def front_matter(value: Any) -> Md:
    """``value`` as one line of YAML front matter (flow style), in printable ASCII only.

    Why: when the front matter fails to parse, MkDocs (and Zensical) silently render it
    as Markdown, page text and raw HTML included. Written as JSON (valid YAML) whose every
    other character is a YAML escape, it parses whatever the record holds: no control,
    noncharacter, line separator or BOM reaches the YAML reader. Characters above U+FFFF
    are written as \\UXXXXXXXX, not as JSON's surrogate pairs, which libyaml refuses (that
    would drop the front matter of any title with a CJK Extension B character).
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return Md(_NOT_PRINTABLE_ASCII.sub(_yaml_escape, text))


def nav_title(text: str) -> str:
    """Navigation titles go into HTML unescaped by the theme: escape them here."""
    return html.escape(text, quote=False)
