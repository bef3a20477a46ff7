"""Load stage: read one YAML file strictly, keeping where every value came from.

Why not ``yaml.safe_load``: it turns ``yes`` into True, ``01234`` into 668, ``2021-01-05``
into a date, silently keeps the last of two duplicate keys and expands aliases (the
"billion laughs" bomb). Records are typed by the schema, not by YAML, so here every
scalar stays a string (or None when empty), and anything surprising is an error that
names its line and column. Characters the policy of :mod:`generator.text` refuses are
refused anywhere in the file (values, keys, comments) before YAML sees them.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Diagnostic, Loc, Severity, field_path
from generator.text import LINE_BREAKS, refusal_message, refused_at
from generator.yaml_slips import YAML_PROBLEMS, is_content, slip

# C event parser when libyaml is present (10x faster); same events and marks otherwise.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 1_000_000  # a 15,000-character report is ~60 KB; 1 MB is generous
MAX_DEPTH = 40  # the record nests ~12 levels deep at most
_STR_TAGS = {None, "!", "tag:yaml.org,2002:str"}
_MAP_TAGS = {None, "tag:yaml.org,2002:map"}
_SEQ_TAGS = {None, "tag:yaml.org,2002:seq"}
_NULLS = {"", "~", "null", "Null", "NULL"}
_LONE_CR = re.compile(r"\r(?!\n)")  # a CR of a CRLF ending is fine; alone it is a control
# Keys whose values are codes, numbers, dates or paths, not prose: a comment after them
# on the same line (``year: 2020  # 年度``) loses nothing an editor means to publish.
TYPED_KEYS = frozenset(
    {"year", "order", "value", "date", "written", "published", "kind", "part", "code"}
    | {"qualifier", "source", "original_url", "draft"}
)
_TRAILING_COMMENT = re.compile(r"[ \t]+#")


@dataclass
class Loaded:
    """A parsed YAML document: plain data plus the position of each value and key."""

    path: Path
    shown: str  # the path as editors see it, for messages
    data: Any
    marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``loc``, or its nearest parent."""
        table = self.key_marks if key and loc in self.key_marks else self.marks
        for i in range(len(loc), -1, -1):
            if loc[:i] in table:
                return table[loc[:i]]
        return (1, 1)

    def problem(
        self, loc: Loc, zh: str, en: str, severity: Severity = Severity.ERROR
    ) -> Diagnostic:
        """A diagnostic located at the value at ``loc`` (or its nearest parent)."""
        line, col = self.where(loc)
        return Diagnostic(self.shown, line, col, field_path(loc), zh, en, severity)


class LoadError(Exception):
    """The file cannot be read as a record; carries the located diagnostic."""

    def __init__(self, diag: Diagnostic):
        super().__init__(diag.format())
        self.diag = diag


def _err(path: str, line: int, col: int, zh: str, en: str) -> LoadError:
    return LoadError(Diagnostic(path, line, col, "", zh, en))


def read_text(path: Path, shown: str) -> str:
    """Read a record file as UTF-8 text, with a helpful message for other encodings."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise _err(
            shown,
            1,
            1,
            f"文件过大（{size:,} 字节，上限 {MAX_BYTES:,}）",
            f"file too large: {size:,} bytes, limit {MAX_BYTES:,}",
        )
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _err(
            shown, 1, 1, "文件是 UTF-16 编码，请另存为 UTF-8", "file is UTF-16; save it as UTF-8"
        )
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]  # Windows Notepad adds it; harmless
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        start = raw.rfind(b"\n", 0, exc.start) + 1  # columns count characters, not bytes
        col = len(raw[start : exc.start].decode("utf-8", "replace")) + 1
        zh, en = "文件不是 UTF-8 编码，请另存为 UTF-8", "file is not UTF-8; save it as UTF-8"
        try:
            raw.decode("gb18030")
            zh = "文件似乎是 GBK/GB18030 编码，请在编辑器中“另存为 UTF-8”"
            en = "file looks like GBK/GB18030; save it as UTF-8"
        except UnicodeDecodeError:
            pass
        raise _err(shown, line, col, zh, en) from None


def _located(source: str, position: int) -> tuple[int, int]:
    """Line and column (1-based) of ``source[position]``, counted as editors count them:
    lines end at "\\n" only (YAML also ends them at U+0085, U+2028 and U+2029)."""
    line = source.count("\n", 0, position) + 1
    return line, position - (source.rfind("\n", 0, position) + 1) + 1


def first_refused(source: str) -> int | None:
    """Where the first character the policy refuses is, anywhere in the file (values,
    keys, comments: a bidi override in a comment can disguise the values around it)."""
    at = refused_at(source, allowed="\t\n\r")
    lone_cr = _LONE_CR.search(source)
    if lone_cr is not None and (at is None or lone_cr.start() < at):
        at = lone_cr.start()
    return at


def _refused(shown: str, source: str, at: int, builder: _Builder | None = None) -> LoadError:
    """The error for the refused character at ``source[at]``: its exact line and column,
    and the field it is in when the file could be parsed."""
    line, col = _located(source, at)
    where = builder.field_at(line - 1, col - 1) if builder is not None else ""
    return LoadError(Diagnostic(shown, line, col, where, *refusal_message(source[at])))


def _reader_error(shown: str, exc: yaml.reader.ReaderError, source: str) -> LoadError:
    """A character YAML refuses outright, located (the policy refuses these first)."""
    position = exc.position
    if _Loader is not yaml.SafeLoader:  # libyaml counts bytes of the UTF-8 text
        position = len(source.encode("utf-8")[:position].decode("utf-8", "ignore"))
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
    return _err(shown, *_located(source, position), *refusal_message(chr(code)))


def _syntax_error(shown: str, exc: yaml.YAMLError, source: str = "") -> LoadError:
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_error(shown, exc, source)
    text = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or exc}"
    opened = getattr(exc, "context_mark", None)
    mark = getattr(exc, "problem_mark", None) or opened
    if "quoted scalar" in text and opened is not None:
        mark = opened  # where the quote was opened, not where the file ended
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if mark is not None and source and "quoted scalar" not in text:  # (not an escape)
        found = slip(source.split("\n"), mark.line, mark.column)
        if found is not None:
            return _err(shown, *found)
    if mark is not None and source:
        lines = source.splitlines()
        if mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
            text += " found character '\\t'"
    for needle, extra, zh, en in YAML_PROBLEMS:
        if needle in text and extra in text:
            return _err(shown, line, col, zh, en)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return _err(shown, line, col, "YAML 语法错误", f"YAML syntax error: {problem}")


def _position(event: yaml.Event) -> tuple[int, int]:
    """Line and column (1-based) where a parser event starts."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


class _Builder:
    """Builds plain data from parser events, refusing what a record never needs."""

    def __init__(self, shown: str, source: str = ""):
        self.shown = shown
        self.lines = source.split("\n")
        self.marks: dict[Loc, tuple[int, int]] = {}
        self.key_marks: dict[Loc, tuple[int, int]] = {}
        # Where each scalar (value or key) starts and ends, 0-based (line, column).
        self.spans: list[tuple[tuple[int, int], tuple[int, int], Loc]] = []

    def span(self, event: Any, loc: Loc) -> None:
        start, end = event.start_mark, event.end_mark
        if start is not None and end is not None:
            self.spans.append(((start.line, start.column), (end.line, end.column), loc))

    def field_at(self, line: int, col: int) -> str:
        """The field whose value (or key) holds the character at ``line``, ``col``."""
        for start, end, loc in self.spans:
            if start <= (line, col) < end:
                return field_path(loc)
        return ""

    def fail(self, event: Any, zh: str, en: str) -> LoadError:
        return _err(self.shown, *_position(event), zh, en)

    def check(self, event: Any, allowed: set[str | None]) -> None:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise self.fail(
                event,
                "不支持锚点和别名（& 与 *），请直接写出内容",
                "anchors and aliases (& and *) are not allowed",
            )
        if event.tag not in allowed:
            tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
            raise self.fail(event, f"不支持的标签 {tag}，请删除它", f"unsupported tag {tag}")

    def node(self, events: Any, event: Any, loc: Loc) -> Any:
        if len(loc) > MAX_DEPTH:
            raise self.fail(
                event,
                f"嵌套层级过深（超过 {MAX_DEPTH} 层）",
                f"nesting deeper than {MAX_DEPTH} levels",
            )
        self.marks[loc] = _position(event)
        if isinstance(event, yaml.ScalarEvent):
            self.check(event, _STR_TAGS)
            self.span(event, loc)
            if event.implicit[0] and event.tag is None and event.value in _NULLS:
                return None
            self.comment_after(event, loc)
            return event.value
        if isinstance(event, yaml.SequenceStartEvent):
            self.check(event, _SEQ_TAGS)
            items: list[Any] = []
            while not isinstance(ev := next(events), yaml.SequenceEndEvent):
                items.append(self.node(events, ev, (*loc, len(items))))
            return items
        if isinstance(event, yaml.MappingStartEvent):
            self.check(event, _MAP_TAGS)
            return self.mapping(events, loc)
        self.check(event, set())  # aliases end up here
        raise self.fail(event, "无法识别的 YAML 内容", "unexpected YAML content")

    def comment_after(self, event: Any, loc: Loc) -> None:
        """Refuse ``文字 #话题#``: YAML drops `` #`` and what follows a plain value as a
        comment, so text the editor typed would vanish without a word. Quoted values,
        empty values (the scaffold's hints) and typed values (year, dates…) may be
        followed by a comment."""
        if event.style or event.end_mark is None:  # None (PyYAML) or "" (libyaml): plain
            return
        key = next((p for p in reversed(loc) if isinstance(p, str)), "")
        if key in TYPED_KEYS:
            return
        line, col = event.end_mark.line, event.end_mark.column
        rest = self.lines[line][col:] if line < len(self.lines) else ""
        found = _TRAILING_COMMENT.match(rest)
        if found is None:
            return
        at = col + found.end()  # 1-based column of the '#'
        raise LoadError(
            Diagnostic(
                self.shown,
                line + 1,
                at,
                field_path(loc),
                "“#”前有空格，YAML 会把“ #”和它后面的文字当作注释丢掉：请把整段文字放在"
                '英文引号 " " 中，或删去“#”前的空格；如果是说明，请移到单独一行',
                "' #' starts a comment, so the rest of the line would be dropped: put the "
                "whole text in straight quotes \" \", or remove the space before '#'; "
                "move a note to its own line",
            )
        )

    def mapping(self, events: Any, loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        while not isinstance(ev := next(events), yaml.MappingEndEvent):
            if not isinstance(ev, yaml.ScalarEvent):
                raise self.fail(ev, "键必须是简单文字", "keys must be plain text")
            self.check(ev, _STR_TAGS)
            key = ev.value
            line, col = _position(ev)
            if key in seen:
                raise self.fail(
                    ev,
                    f"键“{key}”重复（第 {seen[key]} 行和第 {line} 行）",
                    f"duplicate key '{key}' (lines {seen[key]} and {line})",
                )
            seen[key] = line
            self.key_marks[(*loc, key)] = (line, col)
            self.span(ev, (*loc, key))
            out[key] = self.node(events, next(events), (*loc, key))
        return out


def parse(text: str, path: Path, shown: str) -> Loaded:
    """Parse YAML text into a :class:`Loaded` mapping; raise :class:`LoadError` if unusable.

    A character the policy (:mod:`generator.text`) refuses is the error, wherever it is,
    named at its own line and column. U+0085, U+2028, U+2029 and a lone CR are refused
    before parsing: YAML counts them as line breaks and editors do not, so every later
    line number would be off. Any other is refused after parsing, to name its field too.
    """
    at = first_refused(text)
    if at is not None and (text[at] in LINE_BREAKS + "\r" or "\ud800" <= text[at] <= "\udfff"):
        raise _refused(shown, text, at)  # (a surrogate: YAML cannot even be given it)
    builder = _Builder(shown, text)
    try:
        loaded = _parse(text, path, shown, builder)
    except LoadError:
        if at is None:
            raise
        raise _refused(shown, text, at) from None
    if at is not None:
        raise _refused(shown, text, at, builder)
    return loaded


def _parse(text: str, path: Path, shown: str, builder: _Builder) -> Loaded:
    docs: list[Any] = []
    try:
        events = yaml.parse(text, Loader=_Loader)
        for ev in events:
            if isinstance(ev, yaml.DocumentStartEvent):
                if docs:
                    raise builder.fail(
                        ev,
                        "一个文件只能有一份记录（发现多个 --- 文档）",
                        "only one YAML document per file",
                    )
                docs.append(builder.node(events, next(events), ()))
    except yaml.YAMLError as exc:
        raise _syntax_error(shown, exc, text) from None
    if not docs or docs[0] is None:
        raise _err(shown, 1, 1, "文件为空（或只有注释）", "file is empty or holds only comments")
    if isinstance(docs[0], str):  # ``title：…`` or ``title:…`` alone: one long text
        lines = text.split("\n")
        first = next((i for i, line in enumerate(lines) if is_content(line)), 0)
        found = slip(lines, first, 0)
        if found is not None:
            raise _err(shown, *found)
    if not isinstance(docs[0], dict):
        raise _err(
            shown,
            1,
            1,
            "文件顶层应为“字段: 值”映射，而不是列表或文字",
            "the top level must be a mapping of fields",
        )
    return Loaded(path, shown, docs[0], builder.marks, builder.key_marks)


def load_file(path: Path, shown: str) -> Loaded:
    """Read and parse one record file strictly."""
    return parse(read_text(path, shown), path, shown)
