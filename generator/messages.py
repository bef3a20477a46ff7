"""Error wording: a pydantic validation error → a located message in plain Chinese.

Each error is walked back to the YAML node it concerns (line and column, from the
loader's marks) and reworded for an editor, with the English after it (as RenderCV keeps
its pydantic error handling apart from its models).
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.diagnostics import Diagnostic, Loc, field_path
from generator.load import Loaded

_UNION_TAGS = {"text", "enumeration"}


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
        hint = _suggest(str(loc[-1]), _known_fields(model, loc[:-1]))
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
    current: Any = model
    for part in loc:
        if isinstance(part, int) or part in _UNION_TAGS:
            continue
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _model_in(info.annotation)
        if current is None:
            return []
    return list(current.model_fields)


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


def located(
    exc: ValidationError, loaded: Loaded, model: type[BaseModel], shown: str
) -> list[Diagnostic]:
    """Every error of ``exc`` as a diagnostic at its line and column in ``loaded``."""
    diags = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if p not in _UNION_TAGS)
        line, col = loaded.where(loc, key=err["type"] in ("extra_forbidden", "missing"))
        zh, en = explain(dict(err), model, loc)
        diags.append(Diagnostic(shown, line, col, field_path(loc), zh, en))
    return _dedupe(diags)


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[int, int, str, str]] = set()
    out = []
    for d in diags:
        key = (d.line, d.col, d.field, d.zh)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out
