"""YAML slips: what an editor typed wrong, read from a line YAML could not parse.

The loader (:mod:`generator.load`) hands a syntax error's line and column here; a slip
recognised on that line (a full-width colon, a missing space after a colon, indentation
off by a space or two, Chinese quotes, a value starting with a character YAML reserves, a
tab after a list dash) becomes a specific message in plain Chinese, English after it.
libyaml's own complaints get plain wording from :data:`YAML_PROBLEMS`.
"""

from __future__ import annotations

import re

# Slips editors make, recognised on a line that YAML could not read (see :func:`slip`).
_KEY = r"(?P<lead>[ ]*(?:-[ ]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)"
_FULLWIDTH_COLON = re.compile(_KEY + r"[ ]*：")
_NO_SPACE = re.compile(_KEY + r":(?=[^\s/:])")
_VALUE_START = re.compile(r"(?P<lead>[ ]*(?:-[ ]+|[^\s#\"'][^#]*?:[ ]+))(?P<char>[%@`*!\[{\"'])")
_ALWAYS_BAD = "%@`*!"  # YAML never reads a value starting with these as text
_CN_QUOTES = "“”"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def is_content(line: str) -> bool:
    """A line that holds YAML, not only space or a comment."""
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _levels(lines: list[str], at: int) -> list[tuple[int, bool]]:
    """Indentations a line at ``lines[at]`` may line up with, each with whether it is a
    list dash's: the previous line's (and, after ``- ``, its item's), then every
    enclosing block's."""
    levels: list[tuple[int, bool]] = []
    floor = None
    for line in reversed(lines[:at]):
        if not is_content(line):
            continue
        ind = _indent(line)
        if floor is None or ind < floor:
            item = re.match(r"[ ]*(-[ ]+)+", line)
            if item and floor is None:
                levels.append((item.end(), False))
            levels.append((ind, bool(item)))
            floor = ind
        if floor == 0:
            break
    return levels


def _goes_on(line: str, at: int) -> bool:
    """Whether text follows the bracketed or quoted value starting at ``line[at]``."""
    close = {"[": "]", "{": "}"}.get(line[at], line[at])
    end = line.rfind(close) if close in "]}" else line.find(close, at + 1)
    rest = line[end + 1 :].strip() if end > at else ""
    return bool(rest) and not rest.startswith(("#", ","))


def slip(lines: list[str], line: int, col: int) -> tuple[int, int, str, str] | None:
    """A common slip at or above where YAML stopped (0-based ``line``/``col``), as
    (1-based line, column, zh, en), or None when it is nothing recognisable."""
    here = lines[line] if line < len(lines) else ""
    tab = re.match(r"[ ]*-\t", here)
    if tab:
        return (
            line + 1,
            tab.end(),
            "列表的“-”后面不能用 Tab 键，请改成一个空格",
            "use a space, not a tab, after a list '-'",
        )
    start = _VALUE_START.match(here)
    if start and is_content(here):
        char, at = start["char"], start.end("lead")
        if char in _ALWAYS_BAD or _goes_on(here, at):
            if char in "\"'":
                other = "“”" if char == '"' else "‘’"
                wrap = "' '" if char == '"' else '" "'
                return (
                    line + 1,
                    at + 1,
                    f"值以引号 {char} 开头，引号后面却还有文字：请把其中的 {char} 改成中文引号"
                    f"{other}，或把整段文字放在 {wrap} 中",
                    f"the value starts with {char} but goes on after the closing quote: use "
                    f"{other} instead, or put the whole text in {wrap}",
                )
            return (
                line + 1,
                at + 1,
                f'值不能以“{char}”开头：请把整段文字放在英文引号 " " 中',
                f"a value cannot start with '{char}': put the whole text in straight quotes \" \"",
            )
    for i in range(min(line, len(lines) - 1), -1, -1):
        text = lines[i]
        if not is_content(text):
            continue
        found = _FULLWIDTH_COLON.match(text)
        if found:
            key = found["key"]
            return (
                i + 1,
                found.end(),
                f"键“{key}”后面应为半角冒号“:”，而不是全角“：”；冒号后再空一格，如“{key}: …”",
                f"write an ASCII colon ':' after the key '{key}', not '：', then a space",
            )
        found = _NO_SPACE.match(text)
        if found:
            key = found["key"]
            return (
                i + 1,
                found.end() + 1,
                f"键“{key}”的冒号后面缺少空格：应写成“{key}: …”（冒号后空一格）",
                f"a space is missing after the colon of '{key}': write '{key}: ...'",
            )
        if i < line - 1:
            break  # only the line YAML stopped at and the one before
    if any(q in here for q in _CN_QUOTES) and ":" in here[here.find("“") :]:
        return (
            line + 1,
            col + 1,
            '中文引号“”在这里不起作用：含冒号的文字请放在英文引号 " " 中（中文引号可以留在里面）',
            "Chinese quotes do not quote in YAML: put text containing ':' in straight quotes \" \"",
        )
    if is_content(here):
        levels = _levels(lines, line)
        ind, dash = _indent(here), here.lstrip().startswith("-")
        above = next((text for text in reversed(lines[:line]) if is_content(text)), "")
        opens = re.search(r"(:|^[ ]*-)[ ]*(#.*)?$", above) is not None  # "key:" or "-"
        if levels and ind not in [n for n, _ in levels] and not (opens and ind > levels[0][0]):
            near = min(levels, key=lambda lv: (abs(lv[0] - ind), lv[1] != dash, -lv[0]))[0]
            if 0 < abs(near - ind) <= 2:
                return (
                    line + 1,
                    ind + 1,
                    f"缩进不对：这一行前面有 {ind} 个空格，上面同一层用的是 {near} 个",
                    f"wrong indentation: this line is indented {ind} space(s), "
                    f"the block above {near}",
                )
    return None


# Plain-language versions of libyaml's most common complaints.
YAML_PROBLEMS = [
    (
        "cannot start any token",
        "found character '\\t'",
        "不能用 Tab 键缩进，请改用空格",
        "tabs cannot be used for indentation; use spaces",
    ),
    (
        "mapping values are not allowed",
        "",
        '此处不能出现冒号“: ”；含冒号的文字请放在英文引号 " " 中',
        "a colon is not allowed here; put text containing ': ' in straight quotes \" \"",
    ),
    ("found unexpected end of stream", "", "引号没有闭合", "a quoted string is not closed"),
    ("while scanning a quoted scalar", "", "引号没有闭合", "a quoted string is not closed"),
    ("did not find expected key", "", "缩进不一致，请检查这一行的空格", "inconsistent indentation"),
    ("expected <block end>", "", "缩进不一致，请检查这一行的空格", "inconsistent indentation"),
    (
        "did not find expected '-' indicator",
        "",
        "列表缩进不一致，请检查这一行的空格",
        "inconsistent list indentation",
    ),
    (
        "could not find expected ':'",
        "",
        "缺少冒号，或上一行的引号没有闭合",
        "missing ':' or an unclosed quote above",
    ),
]
