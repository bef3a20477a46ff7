"""argparse in Chinese: help headings, option help and argparse's own error messages in
Chinese first with the English after, and the editors' verbs listed first.

Why subclasses rather than patching argparse's gettext: the parser and formatter hooks are
public; argparse's internal strings are not, and change between Python versions.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from typing import Any

# Listed first in the help, in the order an editor meets them; every other verb after.
EDITOR_VERBS = ("new", "import", "edit", "check", "serve", "build")

_SECTIONS = {
    "positional arguments": "位置参数 (positional arguments)",
    "options": "选项 (options)",
    "optional arguments": "选项 (options)",
}
_TYPES = {"int": "整数 (integer)", "Path": "路径 (path)", "float": "数字 (number)"}
# argparse's own messages (Python 3.11 wording), each with its Chinese.
_MESSAGES: list[tuple[str, str]] = [
    (r"the following arguments are required: (?P<a>.+)", "缺少必填参数：{a}"),
    (r"unrecognized arguments: (?P<a>.+)", "无法识别的参数：{a}"),
    (
        r"argument (?P<n>\S+): invalid choice: (?P<v>.+) \(choose from (?P<c>.+)\)",
        "参数 {n} 的取值 {v} 无效，可选：{c}{hint}",
    ),
    (r"argument (?P<n>\S+): expected one argument", "参数 {n} 后面需要跟一个值"),
    (r"argument (?P<n>\S+): expected at least one argument", "参数 {n} 后面至少需要一个值"),
    (r"argument (?P<n>\S+): expected at most one argument", "参数 {n} 后面最多只能有一个值"),
    (
        r"argument (?P<n>\S+): invalid (?P<t>\w+) value: (?P<v>.+)",
        "参数 {n} 的值 {v} 无效，应为{t}",
    ),
    (r"argument (?P<n>\S+): not allowed with argument (?P<a>.+)", "参数 {n} 不能与 {a} 同时使用"),
    (r"argument (?P<n>\S+): ignored explicit argument (?P<v>.+)", "参数 {n} 不接受值 {v}"),
    (r"one of the arguments (?P<a>.+) is required", "以下参数必须给出一个：{a}"),
    (r"ambiguous option: (?P<n>\S+) could match (?P<a>.+)", "选项 {n} 不明确，可能是：{a}"),
]


def _in_chinese(message: str) -> str:
    """argparse's English message in Chinese; the message itself when it is not known."""
    for pattern, zh in _MESSAGES:
        m = re.fullmatch(pattern, message)
        if m is None:
            continue
        found = m.groupdict()
        hint = ""
        if "c" in found:  # a mistyped verb or choice: name the nearest one
            choices = re.findall(r"'([^']*)'", found["c"])
            near = difflib.get_close_matches(found["v"].strip("'"), choices, n=1)
            hint = f"。是否想写“{near[0]}”？" if near else ""
            found["c"] = "、".join(choices) or found["c"]
        if "t" in found:
            found["t"] = _TYPES.get(found["t"], found["t"])
        if found.get("n") == "VERB" and "c" in found:  # a mistyped verb
            verbs = sorted(found["c"].split("、"), key=_verb_rank)
            return f"没有命令 {found['v']}，可用的命令：{'、'.join(verbs)}{hint}"
        if found.get("a") == "VERB":
            return "缺少命令，如 check、serve、build（用 -h 查看全部）"
        if "a" in found:
            found["a"] = found["a"].replace(", ", "、")
        return zh.format(**found, hint=hint)
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's help with Chinese headings: 用法 (usage), 选项 (options)…"""

    def __init__(self, prog: str, **kwargs: Any) -> None:
        kwargs.setdefault("max_help_position", 32)
        kwargs.setdefault("width", 100)
        super().__init__(prog, **kwargs)

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法 (usage): " if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        super().start_section(_SECTIONS.get(heading or "", heading))


class ChineseParser(argparse.ArgumentParser):
    """An argument parser that speaks Chinese first: help, headings and its own errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # our own -h, with Chinese help
        super().__init__(*args, **kwargs)
        self.register("action", "parsers", _Verbs)
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help="显示本帮助并退出 (show this help message and exit)",
            )

    def error(self, message: str) -> Any:
        """Usage, then ``错误：中文 (error: English)``; exit 2 as argparse does."""
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{_in_chinese(message)} (error: {message})\n")


class _Verbs(argparse._SubParsersAction):
    """The verbs, editors' first in the help (the rest in the order they were added)."""

    def _get_subactions(self) -> list[argparse.Action]:
        actions = super()._get_subactions()

        return sorted(actions, key=lambda action: _verb_rank(action.dest))


def _verb_rank(name: str) -> int:
    return EDITOR_VERBS.index(name) if name in EDITOR_VERBS else len(EDITOR_VERBS)
