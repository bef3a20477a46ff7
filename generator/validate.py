"""Validate stage: loaded YAML → typed records, every problem located and explained.

Errors from pydantic are walked back to the YAML node they concern (line and column)
and reworded in plain Chinese with the English after it. All files are checked and all
errors returned in one run, so an editor fixes everything in one pass.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.advice import advise
from generator.cache import Cache
from generator.diagnostics import (
    Diagnostic,
    Report,
    Severity,
    UserError,
    display_path,
    field_path,
)
from generator.load import Loaded, LoadError, load_file
from generator.model import MAX_SECTION_DEPTH, District, Section, Town
from generator.model import Report as ReportRecord
from generator.tree import DistrictEntry, ReportEntry, Site, TownEntry

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
YEAR_FILE = re.compile(r"^(\d{4})\.yml$")
_UNION_TAGS = {"text", "enumeration"}


def _expected(ctx: dict[str, Any]) -> str:
    return str(ctx.get("expected", "")).replace("'", "")


def explain(err: dict[str, Any], model: type[BaseModel], loc: tuple) -> tuple[str, str]:
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
        return (
            f"日期无效：“{value}”，应写成 YYYY-MM-DD 且确有此日",
            f"invalid date '{value}', expected a real date as YYYY-MM-DD",
        )
    if kind == "literal_error":
        exp = _expected(ctx)
        return f"应为以下之一：{exp.replace(' or ', ', ')}", f"expected one of: {exp}"
    if kind in ("too_short", "string_too_short"):
        return "不能为空", "must not be empty"
    if kind == "greater_than_equal":
        return f"{value} 太小，应不小于 {ctx['ge']}", f"{value} is below the minimum {ctx['ge']}"
    if kind == "less_than_equal":
        return f"{value} 太大，应不大于 {ctx['le']}", f"{value} is above the maximum {ctx['le']}"
    return "内容不正确", err["msg"]


def _known_fields(model: type[BaseModel], loc: tuple) -> list[str]:
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


def to_model(loaded: Loaded, model: type[BaseModel], shown: str) -> tuple[Any, list[Diagnostic]]:
    """Validate loaded data against ``model``; return (record or None, diagnostics)."""
    try:
        return model.model_validate(loaded.data), []
    except ValidationError as exc:
        diags = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if p not in _UNION_TAGS)
            line, col = loaded.where(loc, key=err["type"] in ("extra_forbidden", "missing"))
            zh, en = explain(err, model, loc)
            diags.append(Diagnostic(shown, line, col, field_path(loc), zh, en))
        return None, _dedupe(diags)


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple] = set()
    out = []
    for d in diags:
        key = (d.line, d.col, d.field, d.zh)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _section_checks(loaded: Loaded, report: ReportRecord, shown: str) -> list[Diagnostic]:
    """Structure rules the schema cannot express: depth and where `part` may appear."""
    diags: list[Diagnostic] = []

    def walk(sections: list[Section], loc: tuple, depth: int) -> None:
        for i, sec in enumerate(sections):
            here = (*loc, i)
            if depth > 1 and sec.part is not None:
                line, col = loaded.where((*here, "part"))
                diags.append(
                    Diagnostic(
                        shown,
                        line,
                        col,
                        field_path((*here, "part")),
                        "part 只能用于顶层标题",
                        "part is allowed on top-level sections only",
                    )
                )
            if depth > MAX_SECTION_DEPTH:
                line, col = loaded.where(here)
                diags.append(
                    Diagnostic(
                        shown,
                        line,
                        col,
                        field_path(here),
                        f"标题层级超过 {MAX_SECTION_DEPTH} 级（一、（一）1.（1））",
                        f"more than {MAX_SECTION_DEPTH} heading levels",
                    )
                )
            walk(sec.sections, (*here, "sections"), depth + 1)

    walk(report.sections, ("sections",), 1)
    return diags


def report_text(report: ReportRecord) -> str:
    """All body text of a report in reading order (for checks and search)."""
    parts: list[str] = [*report.preamble]

    def walk(sections: list[Section]) -> None:
        for sec in sections:
            parts.append(sec.title)
            for block in sec.body:
                if isinstance(block, str):
                    parts.append(block)
                else:
                    parts.extend(x for x in (block.lead, *block.items, block.tail) if x)
            walk(sec.sections)

    walk(report.sections)
    return "\n".join(parts)


def _metric_checks(loaded: Loaded, report: ReportRecord, shown: str) -> list[Diagnostic]:
    """A metric must quote the text it comes from, and its value must be in that quote."""
    text = report_text(report)
    diags = []
    for i, metric in enumerate(report.metrics):
        loc = ("metrics", i, "sentence")
        line, col = loaded.where(loc)
        if metric.sentence not in text:
            diags.append(
                Diagnostic(
                    shown,
                    line,
                    col,
                    field_path(loc),
                    "这句话在正文中找不到，请从正文原样复制",
                    "sentence not found verbatim in the report text",
                )
            )
        elif metric.printed() not in metric.sentence:
            diags.append(
                Diagnostic(
                    shown,
                    line,
                    col,
                    field_path(loc),
                    f"句中没有“{metric.printed()}”，请核对数值、单位和限定词",
                    f"'{metric.printed()}' is not in the sentence",
                )
            )
    return diags


def _report_checks(
    loaded: Loaded, report: ReportRecord, shown: str, year: int, today: dt.date, town: Town | None
) -> list[Diagnostic]:
    diags = _section_checks(loaded, report, shown) + _metric_checks(loaded, report, shown)
    if town is not None and not any(town.name in text for text in (*report.issuer, report.title)):
        line, col = loaded.where(("issuer",))
        diags.append(
            Diagnostic(
                shown,
                line,
                col,
                "issuer",
                f"发布机构和标题都不含所在镇街“{town.name}”，文件是否放错了目录？",
                f"neither issuer nor title names the town '{town.name}': "
                "is the file in the wrong folder?",
            )
        )
    line, col = loaded.where(("year",))
    if report.year != year:
        diags.append(
            Diagnostic(
                shown,
                line,
                col,
                "year",
                f"年度 {report.year} 与文件名 {year}.yml 不一致",
                f"year {report.year} does not match file name {year}.yml",
            )
        )
    if report.year > today.year:
        diags.append(
            Diagnostic(
                shown,
                line,
                col,
                "year",
                f"年度 {report.year} 尚未到来",
                f"year {report.year} is in the future",
            )
        )
    return diags


def _source_check(
    loaded: Loaded, report: ReportRecord, shown: str, seeds: Path
) -> list[Diagnostic]:
    if report.source is None:
        return []
    target = (seeds / report.source).resolve()
    if ".." in Path(report.source).parts or not target.is_file():
        line, col = loaded.where(("source",))
        return [
            Diagnostic(
                shown,
                line,
                col,
                "source",
                f"在 seeds/ 中找不到原始文件 {report.source}",
                f"source file {report.source} not found in seeds/",
            )
        ]
    return []


def _read_cached(
    path: Path, model: type[BaseModel], root: Path, report: Report, cache: Cache
) -> Any:
    """A district or town file, validated once per change of the file."""
    st = path.stat()
    key = ("meta", os.path.abspath(path), st.st_mtime_ns, st.st_size, model.__name__, str(root))
    found = cache.get(key)
    if found is None:
        local = Report()
        found = cache.put(key, (_read(path, model, root, local)[1], local.items))
    record, diags = found
    report.extend(diags)
    return record


def _read(
    path: Path, model: type[BaseModel], root: Path, report: Report
) -> tuple[Loaded | None, Any]:
    shown = display_path(path, root)
    try:
        loaded = load_file(path, shown)
    except LoadError as exc:
        report.add(exc.diag)
        return None, None
    record, diags = to_model(loaded, model, shown)
    report.extend(diags)
    return loaded, record


def _bad_name(path: Path, root: Path, zh: str, en: str) -> Diagnostic:
    return Diagnostic(display_path(path, root), 1, 1, "", zh, en)


def build_site(
    content: Path,
    seeds: Path,
    *,
    root: Path | None = None,
    today: dt.date | None = None,
    cache: Cache | None = None,
) -> tuple[Site, Report]:
    """Load and validate the whole content tree; return the site and every diagnostic.

    With a ``cache``, report files unchanged since the last run are not parsed again.
    """
    root = root or Path.cwd()
    cache = cache or Cache()
    today = today or dt.date.today()
    report = Report()
    site = Site()
    if not content.is_dir():
        report.add(_bad_name(content, root, "找不到内容目录", "content directory not found"))
        return site, report
    for ddir in sorted(p for p in content.iterdir() if p.is_dir()):
        entry = _district(ddir, seeds, root, today, report, cache)
        if entry is not None:
            site.districts.append(entry)
    for extra in sorted(p for p in content.iterdir() if p.is_file()):
        if not extra.name.startswith("."):
            report.add(
                Diagnostic(
                    display_path(extra, root),
                    1,
                    1,
                    "",
                    "此处不应有文件：记录应放在 content/<区县>/<镇街>/ 下",
                    "unexpected file; records live in content/<district>/<town>/",
                    Severity.WARNING,
                )
            )
    site.districts.sort(key=lambda d: (d.record.order, d.slug))
    return site, report


def _district(
    ddir: Path, seeds: Path, root: Path, today: dt.date, report: Report, cache: Cache
) -> DistrictEntry | None:
    if not SLUG.match(ddir.name):
        report.add(
            _bad_name(
                ddir,
                root,
                "目录名只能用小写字母、数字和连字符（拼音）",
                "folder names must use a-z, 0-9 and '-'",
            )
        )
        return None
    meta = ddir / "_district.yml"
    if not meta.is_file():
        report.add(_bad_name(meta, root, "缺少区县信息文件 _district.yml", "missing _district.yml"))
        return None
    record = _read_cached(meta, District, root, report, cache)
    towns = [
        t
        for e in _listing(ddir)
        if e.is_dir() and (tdir := ddir / e.name)
        if (t := _town(ddir.name, tdir, seeds, root, today, report, cache)) is not None
    ]
    towns.sort(key=lambda t: (t.record.order, t.slug))
    _duplicate_names(towns, ddir, root, report)
    return DistrictEntry(ddir.name, record, towns) if record is not None else None


def _duplicate_names(towns: list[TownEntry], ddir: Path, root: Path, report: Report) -> None:
    """Two folders holding the same town would publish its reports twice."""
    seen: dict[str, str] = {}
    for town in towns:
        key = town.record.name.casefold()
        if key in seen:
            report.add(
                _bad_name(
                    ddir / town.slug / "_town.yml",
                    root,
                    f"镇街名称“{town.record.name}”与目录 {seen[key]}/ 重复，"
                    "同一镇街的同一年度报告会出现两次",
                    f"town name '{town.record.name}' duplicates folder {seen[key]}/",
                )
            )
        else:
            seen[key] = town.slug


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    """A folder's entries by name, hidden ones left out (one system call, no stat)."""
    with os.scandir(folder) as entries:
        return sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: e.name)


def _town(
    district: str, tdir: Path, seeds: Path, root: Path, today: dt.date, report: Report, cache: Cache
) -> TownEntry | None:
    if not SLUG.match(tdir.name):
        report.add(
            _bad_name(
                tdir,
                root,
                "目录名只能用小写字母、数字和连字符（拼音）",
                "folder names must use a-z, 0-9 and '-'",
            )
        )
        return None
    entries = _listing(tdir)
    meta = tdir / "_town.yml"
    if not any(e.name == "_town.yml" and e.is_file() for e in entries):
        report.add(_bad_name(meta, root, "缺少镇街信息文件 _town.yml", "missing _town.yml"))
        return None
    record = _read_cached(meta, Town, root, report, cache)
    reports: list[ReportEntry] = []
    for entry in entries:
        if entry.name == "_town.yml":
            continue
        path = tdir / entry.name
        match = YEAR_FILE.match(entry.name)
        if not match or not entry.is_file():
            report.add(
                _bad_name(
                    path,
                    root,
                    "文件名应为年度，如 2020.yml",
                    "report files are named by year, e.g. 2020.yml",
                )
            )
            continue
        st = entry.stat()
        stamp = (os.path.abspath(path), st.st_mtime_ns, st.st_size)
        key = ("report", stamp, record.name if record else None, today, str(root))
        cached = cache.get(key) or cache.put(
            key, _check_report(path, int(match.group(1)), record, seeds, root, today)
        )
        rec, diags = cached
        report.extend(diags)
        if rec is not None and not any(d.severity is Severity.ERROR for d in diags):
            reports.append(ReportEntry(district, tdir.name, rec.year, rec, path, stamp))
    return TownEntry(tdir.name, record, reports) if record is not None else None


def _check_report(
    path: Path, year: int, town: Town | None, seeds: Path, root: Path, today: dt.date
) -> tuple[ReportRecord | None, list[Diagnostic]]:
    """One report file: parse, validate, cross-check, advise (cacheable as a unit)."""
    local = Report()
    loaded, rec = _read(path, ReportRecord, root, local)
    if rec is None or loaded is None:
        return None, local.items
    shown = display_path(path, root)
    diags = _report_checks(loaded, rec, shown, year, today, town)
    diags += _source_check(loaded, rec, shown, seeds)
    return rec, local.items + diags + advise(rec, loaded, shown)


def check_paths(paths: list[Path], content: Path, seeds: Path) -> tuple[Site, Report]:
    """Validate the content tree, keeping only diagnostics for ``paths`` when given.

    The whole tree is always checked (rules span files); a path outside it is a mistake
    to report, not a file to pass silently.
    """
    base = os.path.abspath(content)
    for path in paths:
        full = os.path.abspath(path)
        if not path.exists() or not (full == base or full.startswith(base + os.sep)):
            raise UserError(
                f"{path}：不存在或不在内容目录 {content}/ 之内 "
                f"(does not exist or is not inside {content}/; see --content)"
            )
    site, report = build_site(content, seeds)
    if not paths:
        return site, report
    wanted = [os.path.abspath(p) for p in paths]
    kept = Report()
    for d in report.items:
        full = os.path.abspath(d.path)
        if any(full == w or full.startswith(w.rstrip(os.sep) + os.sep) for w in wanted):
            kept.add(d)
    return site, kept
