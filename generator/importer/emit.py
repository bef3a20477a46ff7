"""Emit stage: record data → YAML text in the style of the hand-written records.

Block style throughout; a string is written plain when YAML would read it back as the
same string, else in double quotes (code: "500114", unit: "%"). Numbers and dates the
schema types (year, value, dates) are written plain. No anchors or tags, and flow style
only for a table's rows (``- [东村, "12", 340人次]``, a row per line, as the table reads),
so the strict loader (generator/load.py) reads every file this writes.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

# Written plain: the schema gives them a type, and yaml-language-server checks that type.
TYPED = {"draft", "year", "value", "date", "written", "published", "order"}
# Top-level keys preceded by a blank line, as in content/qianjiang/heixi/2020.yml.
SPACED = {"metadata", "preamble", "sections", "closing", "signature", "metrics"}


def dump(data: dict[str, Any], comments: list[str]) -> str:
    """A whole YAML file: comment lines, then the mapping."""
    lines = [f"# {c}" if not c.startswith("#") else c for c in comments]
    for key, value in data.items():
        if key in SPACED and lines and lines[-1] != "":
            lines.append("")
        lines += _entry(key, value, 0, top=True)
    return "\n".join(lines) + "\n"


def _entry(key: str, value: Any, indent: int, *, top: bool = False) -> list[str]:
    pad = " " * indent
    if key == "header" and isinstance(value, list):  # a table's header row, on one line
        return [f"{pad}{key}: {_flow(value)}"]
    if isinstance(value, dict):
        return [f"{pad}{key}:", *_mapping(value, indent + 2)]
    if isinstance(value, list):
        return [f"{pad}{key}:", *_sequence(value, indent + 2, spaced=top and key == "sections")]
    text = scalar(value, typed=key in TYPED)
    return [f"{pad}{key}: {text}" if text else f"{pad}{key}:"]


def _mapping(data: dict[str, Any], indent: int) -> list[str]:
    return [line for key, value in data.items() for line in _entry(key, value, indent)]


def _sequence(items: list[Any], indent: int, *, spaced: bool = False) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for n, item in enumerate(items):
        if spaced and n:
            lines.append("")  # top-level sections are separated by a blank line
        if isinstance(item, dict):
            inner = _mapping(item, indent + 2)
            lines += [f"{pad}- {inner[0].lstrip()}", *inner[1:]]
        elif isinstance(item, list):
            lines.append(f"{pad}- {_flow(item)}")
        else:
            lines.append(f"{pad}- {scalar(item)}")
    return lines


def scalar(value: Any, *, typed: bool = False) -> str:
    """One scalar: plain when that reads back as the same string, else double-quoted."""
    if value is None:
        return ""
    text = str(value)
    if typed or _plain_is_safe(text):
        return text
    return json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


# Plain inside a flow sequence: no YAML indicator, comma, bracket, quote, '#' or ': '.
_FLOW_PLAIN = re.compile(r"[^\s,\[\]{}#&*!|>'\"%@`:\-?][^,\[\]{}#:'\"]*")


def _flow(cells: list[Any]) -> str:
    """A table row as a flow sequence: a cell plain when that is unambiguous, else quoted."""
    shown = []
    for cell in cells:
        text = "" if cell is None else str(cell)
        plain = _FLOW_PLAIN.fullmatch(text) and _plain_is_safe(text) and not text.isdigit()
        shown.append(text if plain else json.dumps(text, ensure_ascii=False))
    return "[" + ", ".join(shown) + "]"


def _plain_is_safe(text: str) -> bool:
    if not text or text != text.strip() or "\n" in text:
        return False
    out = yaml.safe_dump(text, allow_unicode=True, width=1_000_000)
    return out.split("\n", 1)[0] == text and yaml.safe_load(out) == text
