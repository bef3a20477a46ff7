"""Error wording: a pydantic validation error → a located message in plain Chinese.

Each error is walked back to the YAML node it concerns (line and column, from the
loader's marks) and reworded for an editor, with the English after it (as RenderCV keeps
its pydantic error handling apart from its models).
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from generator.diagnostics import Diagnostic, Loc, field_path
from generator.load import Loaded, slip

_UNION_TAGS = {"text", "enumeration", "table"}
_MAPPING_TYPES = {"model_type", "model_attributes_type", "dict_type"}


def _expected(ctx: dict[str, Any]) -> str:
    return str(ctx.get("expected", "")).replace("'", "")


def explain(err: dict[str, Any], model: type[BaseModel], loc: Loc) -> tuple[str, str]:
    """Plain-language (zh, en) for one pydantic error."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    if kind == "gk":
        return ctx["zh"], ctx["en"]
    if kind == "missing":
        return "缺少必填字段", "field required"
    if value is None or value == "":
        return "不能为空", "must not be empty"
    if kind == "extra_forbidden":
        typed = str(loc[-1])
        english = _english_key(typed, model, loc[:-1])
        if english:
            return (
                f"未知字段：字段名要用英文，“{typed}”应写成“{english}”",
                f"unknown field; field names are English: write '{english}' for '{typed}'",
            )
        hint = _suggest(typed, _known_fields(model, loc[:-1]))
        if hint:
            return f"未知字段，是否想写“{hint}”？", f"unknown field; did you mean '{hint}'?"
        return "未知字段", "unknown field"
    simple = {
        "string_type": ("应为一段文字", "expected text"),
        "int_parsing": ("应为整数", "expected a whole number"),
        "int_type": ("应为整数", "expected a whole number"),
        "decimal_parsing": ("应为数字", "expected a number"),
        "decimal_type": ("应为数字", "expected a number"),
        "list_type": ("应为列表（每项以“- ”开头）", "expected a list of '- ' items"),
        "model_type": ("应为“字段: 值”映射", "expected a mapping of fields"),
        "model_attributes_type": ("应为“字段: 值”映射", "expected a mapping of fields"),
        "dict_type": ("应为“字段: 值”映射", "expected a mapping of fields"),
        "string_pattern_mismatch": ("格式不正确", f"does not match {ctx.get('pattern')}"),
    }
    if kind in _MAPPING_TYPES and isinstance(value, str):
        found = slip(value.split("\n"), 0, 0)  # "title：…" or "title:…" read as text
        if found is not None:
            return found[2], found[3]
    if kind in simple:
        return simple[kind]
    if kind.startswith(("date_", "datetime_")):
        shown = str(value) if len(str(value)) <= 40 else str(value)[:40] + "…"
        return (
            f"日期无效：“{shown}”，应写成 YYYY-MM-DD 且确有此日",
            f"invalid date '{shown}', expected a real date as YYYY-MM-DD",
        )
    if kind == "literal_error":
        exp = _expected(ctx)
        return f"应为以下之一：{exp.replace(' or ', ', ')}", f"expected one of: {exp}"
    if kind in ("too_short", "string_too_short"):
        return "不能为空", "must not be empty"
    if kind == "too_long":
        limit = ctx.get("max_length")
        return f"太多：同一级最多 {limit} 项", f"too many: at most {limit} at one level"
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        return f"太长：最多 {limit} 个字", f"too long: at most {limit} characters"
    if kind in ("decimal_max_digits", "decimal_max_places", "finite_number"):
        return (
            "数值超出范围：最多 15 位数字、4 位小数",
            "number out of range: at most 15 digits, 4 decimal places",
        )
    if kind == "bool_parsing":
        return "应为 true 或 false", "expected true or false"
    if kind == "greater_than_equal":
        return f"{value} 太小，应不小于 {ctx['ge']}", f"{value} is below the minimum {ctx['ge']}"
    if kind == "less_than_equal":
        return f"{value} 太大，应不大于 {ctx['le']}", f"{value} is above the maximum {ctx['le']}"
    return "内容不正确", err["msg"]


def _known_fields(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names of the sub-model found at ``loc`` inside ``model``."""
    return list(_field_infos(model, loc))


def _field_infos(model: type[BaseModel], loc: Loc) -> dict[str, FieldInfo]:
    """Fields of the sub-model found at ``loc`` inside ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or part in _UNION_TAGS:
            continue
        info = current.model_fields.get(part)
        if info is None:
            return {}
        current = _model_in(info.annotation)
        if current is None:
            return {}
    return dict(current.model_fields)


def _chinese_name(description: str | None) -> str:
    """The Chinese name a field description starts with: "文件标题 (title)" → 文件标题."""
    return re.split(r"[\s，,(（：:]", description or "", maxsplit=1)[0]


def _english_key(typed: str, model: type[BaseModel], loc: Loc) -> str | None:
    """The English field a key typed in Chinese means (标题 → title, 年度 → year), from the
    Chinese names that start the fields' descriptions; None when it is not Chinese."""
    if not typed or not any("\u4e00" <= c <= "\u9fff" for c in typed):
        return None
    fields = _field_infos(model, loc)
    names = {key: _chinese_name(info.description) for key, info in fields.items()}
    for test in (
        lambda name: name == typed,
        lambda name: typed in name,
        lambda name: bool(name) and name in typed,
    ):
        found = [key for key, name in names.items() if test(name)]
        if found:
            return min(found, key=lambda key: len(names[key]))
    return None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _suggest(word: str, choices: list[str]) -> str | None:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return match[0] if match else None


def _colon_item(data: Any, model: type[BaseModel], loc: Loc) -> Loc | None:
    """The list item on ``loc``'s way that YAML read as ``{text: text}``, if any.

    `- 全镇培训干部: 120人次。` is a one-key mapping to YAML; pydantic then reports the
    missing enumeration items and an unknown field, neither of which helps the editor.
    """
    node: Any = data
    path: Loc = ()
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            item = node[part]
            if (
                isinstance(item, dict)
                and len(item) == 1
                and not isinstance(next(iter(item.values())), dict | list)
                and str(next(iter(item))) not in _known_fields(model, (*path, part))
            ):
                return (*path, part)
        elif not (isinstance(node, dict) and part in node):
            return None
        node, path = node[part], (*path, part)
    return None


def _colon_message(item: dict[Any, Any]) -> tuple[str, str]:
    key = str(next(iter(item)))
    shown = key if len(key) <= 12 else "…" + key[-12:]
    return (
        f"这段文字里的“{shown}: ”有英文冒号加空格，YAML 把整段当成了“字段: 值”。"
        '请把英文冒号“:”改成中文冒号“：”，或把整段放在英文引号 "…" 中',
        f"the ': ' after '{shown}' made YAML read this paragraph as 'field: value': "
        "use the full-width colon '：' or put the whole paragraph in straight quotes",
    )


def located(
    exc: ValidationError, loaded: Loaded, model: type[BaseModel], shown: str
) -> list[Diagnostic]:
    """Every error of ``exc`` as a diagnostic at its line and column in ``loaded``."""
    diags = []
    colons: set[Loc] = set()
    errors = [(tuple(p for p in err["loc"] if p not in _UNION_TAGS), err) for err in exc.errors()]
    # A key typed in Chinese is reported once, as that key: not also as the English
    # field it stands for being missing (标题 is the missing title).
    meant = {
        (*loc[:-1], english)
        for loc, err in errors
        if err["type"] == "extra_forbidden"
        and (english := _english_key(str(loc[-1]), model, loc[:-1]))
    }
    for loc, err in errors:
        if err["type"] == "missing" and loc in meant:
            continue
        item = _colon_item(loaded.data, model, loc)
        if item is not None:
            if item not in colons:  # one message for the paragraph, not one per field
                colons.add(item)
                line, col = loaded.where(item)
                zh, en = _colon_message(_at(loaded.data, item))
                diags.append(Diagnostic(shown, line, col, field_path(item), zh, en))
            continue
        line, col = loaded.where(loc, key=err["type"] in ("extra_forbidden", "missing"))
        zh, en = explain(dict(err), model, loc)
        diags.append(Diagnostic(shown, line, col, field_path(loc), zh, en))
    return _dedupe(diags)


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[int, int, str, str]] = set()
    out = []
    for d in diags:
        key = (d.line, d.col, d.field, d.zh)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out
