"""Atom feed of reports, newest publication first, for readers and supervisors."""

from __future__ import annotations

import datetime as dt
import re
from xml.sax.saxutils import escape as _escape

from generator.tree import Catalog, ReportEntry

MAX_ENTRIES = 50
# What XML 1.0 cannot hold even as a character reference: C0 controls but tab and line
# breaks, surrogates, U+FFFE and U+FFFF. Records never hold them (generator.text refuses
# them, and more); should one get here, it becomes U+FFFD rather than a broken feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """Text for XML content or a double-quoted attribute: always well-formed.

    A carriage return is written as a reference, or XML readers would turn it into a
    line feed."""
    text = _NOT_XML.sub("\ufffd", text)
    return _escape(text, {'"': "&quot;", "\r": "&#13;"})


def report_date(entry: ReportEntry) -> dt.date | None:
    """When the report was made public, or the best date known."""
    rec = entry.record
    sig = rec.signature.date if rec.signature else None
    return rec.metadata.published or rec.metadata.written or sig


def atom(catalog: Catalog, title: str, base_url: str = "") -> bytes:
    """The feed; links are absolute when the site's URL is known, else relative."""
    dated = [(report_date(r), r) for r in catalog.reports()]
    entries = sorted(
        ((d, r) for d, r in dated if d), key=lambda x: (x[0], x[1].url_path), reverse=True
    )[:MAX_ENTRIES]
    updated = entries[0][0].isoformat() if entries else "2000-01-01"
    base = base_url.rstrip("/") + "/" if base_url else ""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"<title>{escape(title)}</title>",
        f'<link rel="alternate" href="{escape(base)}"/>',
        f"<id>tag:gkgen,2026:{escape(base or 'site')}</id>",
        f"<updated>{updated}T00:00:00Z</updated>",
    ]
    for day, r in entries:
        rec = r.record
        lines += [
            "<entry>",
            f"<title>{escape(rec.title)}</title>",
            f'<link rel="alternate" href="{escape(base + r.url_path)}/"/>',
            f"<id>tag:gkgen,2026:{escape(r.url_path)}</id>",
            f"<updated>{day.isoformat()}T00:00:00Z</updated>",
            f"<author><name>{escape('、'.join(rec.issuer))}</name></author>",
            f"<summary>{escape((rec.preamble or [rec.title])[0][:140])}</summary>",
            "</entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode()
