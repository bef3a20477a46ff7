"""Render stage: validated site → Markdown tree + navigation, written to disk.

Engine-neutral: nothing here knows about MkDocs. Output is deterministic (same input,
same bytes) and only files whose bytes change are rewritten, so a site engine watching
the tree rebuilds only what changed.

Record text is data. Every value a template prints goes through ``finalize``, which
escapes it for Markdown and HTML, so ``<script>``, ``**`` or ``{{ }}`` typed into a
record shows literally on the page. Only values wrapped in :class:`Md` (markup the
generator itself produced) pass through untouched.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from generator.model import PART_LABELS, Enumeration, Section
from generator.numbering import chinese_date, enumeration_marker, heading_label
from generator.tree import ReportEntry, Site

TEMPLATES = Path(__file__).parent / "templates"

# ASCII characters with a meaning in Markdown or HTML. They are written as numeric
# character references, which every Markdown engine passes through as literal text.
_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!<>&|~^]")


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


def _env() -> jinja2.Environment:
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
    env.filters["safe_md"] = lambda v: Md(str(v))  # generator-made markup only, never record text
    env.filters["href"] = lambda url: Md(html.escape(url, quote=True))  # validated http(s) or /
    env.filters["json"] = lambda v: Md(json.dumps(v, ensure_ascii=False, sort_keys=True))
    return env


@dataclass
class Heading:
    """A numbered heading of the report, flattened in reading order."""

    level: int  # 1–4
    label: str  # 一、 （一） 1. （1）
    anchor: str  # s1, s1-2, s1-2-3
    title: str
    body: list[str | Enumeration]
    part: str | None


def outline(sections: list[Section], level: int = 1, prefix: str = "s") -> list[Heading]:
    """Number every section in the official order, whatever the source used."""
    out: list[Heading] = []
    for n, sec in enumerate(sections, start=1):
        anchor = f"{prefix}{n}" if level == 1 else f"{prefix}-{n}"
        out.append(Heading(level, Md(heading_label(level, n)), Md(anchor), sec.title,
                           list(sec.body), sec.part))
        out.extend(outline(sec.sections, level + 1, anchor))
    return out


def enumeration_text(block: Enumeration) -> str:
    """An inline enumeration as the one paragraph it was printed as."""
    items = "".join(enumeration_marker(i) + item for i, item in enumerate(block.items, 1))
    return f"{block.lead or ''}{items}{block.tail or ''}"


def paragraphs(body: list[str | Enumeration]) -> list[str]:
    return [b if isinstance(b, str) else enumeration_text(b) for b in body]


@dataclass
class Rendered:
    """The rendered tree: relative path → bytes, plus the navigation."""

    files: dict[str, bytes] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)


def _metadata_rows(entry: ReportEntry) -> list[list[str]]:
    """The disclosure box as Chinese portals lay it out: label, value."""
    rec, meta = entry.record, entry.record.metadata

    def day(d: Any) -> str:
        return d.isoformat() if d else ""

    return [
        ["索引号", meta.index_number or ""],
        ["发文字号", meta.doc_number or ""],
        ["主题分类", meta.topic or ""],
        ["体裁分类", meta.genre or ""],
        ["发布机构", "、".join(rec.issuer)],
        ["有效性", meta.validity or ""],
        ["成文日期", day(meta.written)],
        ["发布日期", day(meta.published)],
        ["文件标题", rec.title],
    ]


def _source_name(entry: ReportEntry) -> str | None:
    if not entry.record.source:
        return None
    return f"{entry.year}/source{Path(entry.record.source).suffix}"


def render_report(env: jinja2.Environment, entry: ReportEntry, town: str,
                  district: str) -> str:
    rec = entry.record
    front = {"gk_report": True, "gk_meta": _metadata_rows(entry)}
    return env.get_template("report.md.j2").render(
        front=front, r=rec, headings=outline(rec.sections), paragraphs=paragraphs,
        town=town, district=district, parts=PART_LABELS, source=_source_name(entry),
        present={s.part for s in rec.sections if s.part},
        heading_prefix=lambda level: Md("#" * (level + 1)),
    )


def nav_title(text: str) -> str:
    """Navigation titles go into HTML unescaped by the theme: escape them here."""
    return html.escape(text, quote=False)


def render_site(site: Site, seeds: Path) -> Rendered:
    """Render every page of the site and its navigation (district → town → year)."""
    env = _env()
    out = Rendered()
    reports = sorted(site.reports(), key=lambda r: (-r.year, r.district, r.town))
    names = {(d.slug, t.slug): (d.record.name, t.record.name)
             for d in site.districts for t in d.towns}
    home = env.get_template("home.md.j2").render(site=site, latest=reports[:20], names=names)
    out.files["index.md"] = home.encode()
    out.nav.append({"首页": "index.md"})
    for d in site.districts:
        out.files[f"{d.slug}/index.md"] = env.get_template("district.md.j2").render(
            d=d).encode()
        d_nav: list[Any] = [f"{d.slug}/index.md"]
        for t in d.towns:
            base = f"{d.slug}/{t.slug}"
            out.files[f"{base}/index.md"] = env.get_template("town.md.j2").render(
                d=d, t=t).encode()
            t_nav: list[Any] = [f"{base}/index.md"]
            for r in sorted(t.reports, key=lambda r: -r.year):
                page = render_report(env, r, t.record.name, d.record.name)
                out.files[f"{base}/{r.year}.md"] = page.encode()
                if r.record.source:
                    out.files[f"{base}/{_source_name(r)}"] = (seeds / r.record.source).read_bytes()
                t_nav.append({nav_title(f"{r.year}年度"): f"{base}/{r.year}.md"})
            d_nav.append({nav_title(t.record.name): t_nav})
        out.nav.append({nav_title(d.record.name): d_nav})
    return out


def write_tree(rendered: Rendered, out_dir: Path) -> list[str]:
    """Write the tree under ``out_dir``; touch only changed files, remove stale ones.

    Returns the relative paths that were written (for logging and tests).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for rel, data in sorted(rendered.files.items()):
        target = out_dir / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)  # readers never see a half-written page
        written.append(rel)
    for path in sorted(out_dir.rglob("*"), reverse=True):
        rel = path.relative_to(out_dir).as_posix()
        if path.is_file() and rel not in rendered.files:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    nav_file = out_dir.parent / "nav.json"
    nav_bytes = json.dumps(rendered.nav, ensure_ascii=False, indent=1).encode() + b"\n"
    if not nav_file.is_file() or nav_file.read_bytes() != nav_bytes:
        nav_file.write_bytes(nav_bytes)
    return written
