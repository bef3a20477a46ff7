"""The form editor's configuration (Decap CMS), generated from the record model.

Two files are generated and committed in admin/ (``python -m generator cms``; a test fails
when either is stale, as for the JSON Schemas):

- ``config.yml``: the collections (districts, towns, reports), every field with its Chinese
  label and hint, required flags, patterns, the five required parts as a select, date
  pickers, sections nested to the depth reports use. The backend is not in it: ``edit``
  adds the local one when it serves the page (see :mod:`generator.edit`).
- ``record-shape.js``: what admin/record-format.js needs to write a record back in the
  project's style: the model's key order (signature last), the Chinese part names, the
  modelines.

Why from the JSON Schema: it is already the model's own account of every field (types,
patterns, lengths, enums, required); reading it keeps one source of truth and one walk.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from generator.model import MAX_SECTION_DEPTH, PART_NAMES
from generator.numbering import MAX_SIBLINGS, enumeration_marker, heading_label
from generator.regulation import PART_LABELS
from generator.schema import json_schema

ADMIN = Path(__file__).resolve().parents[1] / "admin"
KINDS = ("report", "town", "district")
# Fields that hold prose: a multi-line box rather than one line.
PROSE = {"preamble", "lead", "tail", "sentence", "note", "items", "text", "closing"}
# Where the description's first words make a poor label, or a checkbox needs its own hint.
LABELS = {"part": "法定部分", "body": "正文段落", "rows": "各行", "source": "原始文件"}
LABELS["complete"] = "收录完整"
HINTS = {
    "part": "仅顶层标题选择：这一部分对应的法定报告部分 (top level only: the required part)",
    "draft": "勾选表示尚未完成：可预览，不发布 (ticked: previewed, never published)",
}
# The folders a new record goes into: asked in the form, never written into the record.
PATH_FIELDS: dict[str, list[dict[str, Any]]] = {
    "district": [
        {"name": "district_dir", "label": "区县目录名", "zh": "拼音小写，如 qianjiang"},
    ],
    "town": [
        {"name": "district_dir", "label": "区县目录名", "zh": "拼音小写，如 qianjiang"},
        {"name": "town_dir", "label": "镇街目录名", "zh": "拼音小写，如 heixi"},
    ],
}
PATH_FIELDS["report"] = PATH_FIELDS["town"]
# The disclosure box of the report page (report_page.metadata_rows), for the form's preview:
# label, then where the value is in the record.
META_ROWS = [
    ["索引号", "metadata.index_number"],
    ["发文字号", "metadata.doc_number"],
    ["主题分类", "metadata.topic"],
    ["体裁分类", "metadata.genre"],
    ["发布机构", "issuer"],
    ["有效性", "metadata.validity"],
    ["成文日期", "metadata.written"],
    ["发布日期", "metadata.published"],
    ["文件标题", "title"],
]
SLUG = "^[a-z0-9-]+$"
SUMMARIES = {
    "metrics": "{{fields.label}} {{fields.value}}{{fields.unit}}",
    "changes": "{{fields.date}}",
}
COLLECTIONS = {
    # kind: (collection name, label, singular, path template, slug template, summary)
    # Path templates name fields without `fields.`: Decap turns the '.' of a path template
    # into '-' before reading it (slug templates are read as they are).
    "report": ("reports", "年度报告", "报告", "{{district_dir}}/{{town_dir}}/{{slug}}",
               "{{fields.year}}", "{{year}} {{title}}"),
    "town": ("towns", "镇街", "镇街", "{{district_dir}}/{{slug}}/_town",
             "{{fields.town_dir}}", "{{name}}"),
    "district": ("districts", "区县", "区县", "{{slug}}/_district",
                 "{{fields.district_dir}}", "{{name}}"),
}  # fmt: skip


def label_and_hint(name: str, description: str) -> tuple[str, str]:
    """Split a bilingual description ("名称，如 黔江区 (short name)") into a label ("名称")
    and a hint ("如 黔江区 (short name)")."""
    match = re.fullmatch(r"(.*?)\s*(\([^()]*\))?", description.strip(), re.S)
    zh, en = (match.group(1), match.group(2) or "") if match else (description, "")
    head, *more = re.split(r"[，：\s]", zh, maxsplit=1)
    rest = more[0].strip() if more else ""
    if not re.search(r"[\u4e00-\u9fff]", head):  # "true 表示…": no label in it
        head, rest = name, zh
    label = LABELS.get(name, head or name)
    hint = HINTS.get(name, f"{rest} {en}".strip())
    return label, hint


class Builder:
    """One walk of a record kind's JSON Schema into Decap CMS fields."""

    def __init__(self, kind: str):
        self.schema = json_schema(kind)
        self.defs: dict[str, Any] = self.schema.get("$defs", {})

    def resolve(self, prop: dict[str, Any]) -> dict[str, Any]:
        ref = prop.get("$ref")
        if ref:
            return {
                **self.defs[ref.rsplit("/", 1)[1]],
                **{k: v for k, v in prop.items() if k != "$ref"},
            }
        return prop

    def fields(self, schema: dict[str, Any], depth: int = 0) -> list[dict[str, Any]]:
        """The fields of one object schema, in the model's order."""
        schema = self.resolve(schema)
        required = set(schema.get("required", []))
        out = []
        for name, prop in schema["properties"].items():
            if name == "part" and depth > 1:
                continue  # a required part is marked on top-level sections only
            if name == "sections" and depth >= MAX_SECTION_DEPTH:
                continue  # 一、（一）1.（1）: four levels
            out.append(self.field(name, prop, name in required or "minItems" in prop, depth))
        return out

    def field(self, name: str, prop: dict[str, Any], required: bool, depth: int) -> dict[str, Any]:
        label, hint = label_and_hint(name, prop.get("description", ""))
        base: dict[str, Any] = {"name": name, "label": label}
        if hint:
            base["hint"] = hint
        base["required"] = required
        return {**base, **self.widget(name, prop, required, depth)}

    def widget(self, name: str, prop: dict[str, Any], required: bool, depth: int) -> dict[str, Any]:
        variants = [self.resolve(v) for v in prop.get("anyOf", [prop]) if v.get("type") != "null"]
        first = {**prop, **variants[0]} if len(variants) == 1 else prop
        if name == "part":
            options = [{"label": lab, "value": code} for code, lab in PART_LABELS.items()]
            return {"widget": "select", "options": options}
        if name == "sections":
            return self.sections(depth + 1, prop)
        if name == "body":
            return self.body()
        if name == "rows":
            return self.rows(prop)
        if any(v.get("type") == "array" for v in variants):  # a list, or one-or-more
            array = next(v for v in variants if v.get("type") == "array")
            return self.list_of(name, array, prop)
        if first.get("type") == "object":
            return {"widget": "object", "collapsed": False, "fields": self.fields(first, depth)}
        return self.scalar(name, first, required, variants)

    def scalar(
        self, name: str, prop: dict[str, Any], required: bool, variants: list[dict[str, Any]]
    ) -> dict[str, Any]:
        if prop.get("type") == "boolean":
            return {"widget": "boolean", "default": False}
        if prop.get("format") == "date":
            picker = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD"}
            return {**picker, "time_format": False, "picker_utc": True, "default": ""}
        if "enum" in prop:
            return {"widget": "select", "options": list(prop["enum"])}
        out: dict[str, Any] = {"widget": "text" if name in PROSE else "string"}
        pattern = self.pattern(name, prop, variants)
        if pattern:
            out["pattern"] = pattern
        return out

    def pattern(
        self, name: str, prop: dict[str, Any], variants: list[dict[str, Any]]
    ) -> list[str] | None:
        """A [regex, message] pair the form checks before saving, as `check` would."""
        if prop.get("type") == "integer" and prop.get("minimum") == 2000:
            return ["^20[0-9]{2}$", "应为四位年份，如 2021 (a year such as 2021)"]
        if prop.get("type") == "integer":
            return ["^-?[0-9]{1,9}$", "应为整数 (a whole number)"]
        if {v.get("type") for v in variants} == {"number", "string"}:
            return [
                r"^-?[0-9]{1,11}(\.[0-9]{1,4})?$",
                "应为数字，如 47 或 98.5 (a number such as 47 or 98.5)",
            ]
        regex = prop.get("pattern") or next(
            (v["pattern"] for v in variants if "pattern" in v), None
        )
        if regex:
            return [regex, "格式不对，请看下方说明 (invalid format; see the hint)"]
        if "maxLength" in prop:
            n = prop["maxLength"]
            return [f"^[\\s\\S]{{1,{n}}}$", f"不超过 {n} 个字 (at most {n} characters)"]
        return None

    def list_of(self, name: str, array: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any]:
        items = self.resolve(array.get("items", {}))
        out: dict[str, Any] = {"widget": "list", "collapsed": False}
        if items.get("type") == "object":
            # Without it a new record starts with one empty item (its date fields have a
            # default), which the form then asks to fill in.
            out["default"] = []
            out["fields"] = self.fields(items)
            out["summary"] = SUMMARIES.get(name, "")
        else:
            widget = "text" if name in PROSE else "string"
            out["field"] = {"name": "item", "label": "一项", "widget": widget}
            if name == "header":
                out["field"]["required"] = False  # a blank header cell is allowed
        for key, word in (("minItems", "min"), ("maxItems", "max")):
            if key in prop or key in array:
                out[word] = prop.get(key, array.get(key))
        return out

    def sections(self, depth: int, prop: dict[str, Any]) -> dict[str, Any]:
        section = self.defs["Section"]
        out: dict[str, Any] = {"widget": "list", "collapsed": False, "summary": "{{fields.title}}"}
        out["label_singular"] = "标题"
        out["fields"] = self.fields(section, depth)
        if "minItems" in prop:
            out["min"] = prop["minItems"]
        out["max"] = prop.get("maxItems", 99)
        return out

    def body(self) -> dict[str, Any]:
        """A body item is a paragraph, an enumeration or a table: typed list items, tagged
        with ``kind`` in the form (admin/record-format.js removes the tag on saving)."""
        paragraph: dict[str, Any] = {
            "name": "paragraph",
            "label": "段落",
            "widget": "object",
            "summary": "{{fields.text}}",
        }
        paragraph["fields"] = [
            {"name": "text", "label": "段落", "widget": "text", "required": True},
        ]
        enumeration: dict[str, Any] = {
            "name": "enumeration",
            "label": "列举（一是…二是…）",
            "widget": "object",
        }
        enumeration["fields"] = self.fields(self.defs["Enumeration"])
        enumeration["summary"] = "{{fields.lead}}"
        table: dict[str, Any] = {
            "name": "table",
            "label": "表格",
            "widget": "object",
            "summary": "{{fields.caption}}",
        }
        table["fields"] = self.fields(self.defs["Table"])
        types = [paragraph, enumeration, table]
        return {"widget": "list", "typeKey": "kind", "collapsed": False, "types": types}

    def rows(self, prop: dict[str, Any]) -> dict[str, Any]:
        """Table rows: a list of rows, each a list of cells (Decap lists hold objects)."""
        cells: dict[str, Any] = {
            "name": "cells",
            "label": "各格",
            "widget": "list",
            "required": True,
        }
        cells["field"] = {"name": "cell", "label": "一格", "widget": "string", "required": False}
        return {
            "widget": "list",
            "min": prop["minItems"],
            "max": prop["maxItems"],
            "fields": [cells],
        }


def path_fields(kind: str) -> list[dict[str, Any]]:
    """The folder names a new record is saved under (only asked of new records)."""
    hint = (
        "新建时必填，已有记录不用填：{}（只决定文件位置，不写入记录）(new records only: the folder)"
    )
    return [
        {"name": f["name"], "label": f["label"], "hint": hint.format(f["zh"]), "widget": "string",
         "required": False, "pattern": [SLUG, "只能用小写字母、数字和 - (a-z, 0-9 and -)"]}
        for f in PATH_FIELDS[kind]
    ]  # fmt: skip


def collection(kind: str, folder: str = "content") -> dict[str, Any]:
    name, label, singular, path, slug, summary = COLLECTIONS[kind]
    return {
        "name": name,
        "label": label,
        "label_singular": singular,
        "folder": folder,
        "path": path,
        "slug": slug,
        "summary": summary,
        "extension": "yml",
        "format": f"gk-{kind}",
        "filter": {"field": "gk_record", "value": kind},
        "create": True,
        "fields": path_fields(kind) + Builder(kind).fields(json_schema(kind)),
    }


def config(folder: str = "content") -> dict[str, Any]:
    """The Decap CMS configuration, without a backend (``edit`` adds it)."""
    commits = {
        "create": "新建{{collection}}：{{slug}} (create {{path}})",
        "update": "修改{{collection}}：{{slug}} (update {{path}})",
        "delete": "删除{{collection}}：{{slug}} (delete {{path}})",
        "uploadMedia": "上传 {{path}} (upload)",
        "deleteMedia": "删除 {{path}} (delete)",
    }
    return {
        # The backend's name and address are added by `edit` (local) or by the hosted
        # configuration; the commit messages are the same everywhere.
        "backend": {"commit_messages": commits},
        "locale": "zh_Hans",
        "media_folder": "seeds",
        "slug": {"encoding": "ascii", "clean_accents": True},
        "collections": [collection(kind, folder) for kind in ("report", "town", "district")],
    }


def model_order(kind: str) -> list[str]:
    return list(json_schema(kind)["properties"])


def record_shape() -> dict[str, Any]:
    """What admin/record-format.js needs to write records as the project writes them."""
    defs = json_schema("report")["$defs"]
    order = {kind: model_order(kind) for kind in KINDS}
    order["report"] = [k for k in order["report"] if k != "signature"] + ["signature"]
    order.update({name: list(d["properties"]) for name, d in sorted(defs.items())})
    depth = {"report": 3, "town": 3, "district": 2}  # content/<d>/<t>/<year>.yml → ../../../
    modelines = {
        k: f"# yaml-language-server: $schema={'../' * n}schema/{k}.schema.json"
        for k, n in depth.items()
    }
    paths = {kind: [f["name"] for f in PATH_FIELDS[kind]] for kind in KINDS}
    flags = {kind: _top_level(kind, lambda p: p.get("type") == "boolean") for kind in KINDS}
    lists = {kind: _top_level(kind, _is_text_list) for kind in KINDS}
    return {
        "order": order,
        "part_names": PART_NAMES,
        "modeline": modelines,
        "path_fields": paths,
        "booleans": flags,
        "text_lists": lists,
        "meta_rows": META_ROWS,
        "numbering": numbering(),
    }


def numbering() -> dict[str, Any]:
    """The site's heading numbers (一、（一）1.（1）) and enumeration markers (一是…), spelled
    by generator/numbering.py, for the form's preview (one spelling, not two)."""
    levels = range(1, MAX_SECTION_DEPTH + 1)
    numbers = range(1, MAX_SIBLINGS + 1)
    return {
        "headings": [[heading_label(level, n) for n in numbers] for level in levels],
        "markers": [enumeration_marker(n) for n in numbers],
    }


def _is_text_list(prop: dict[str, Any]) -> bool:
    """A list of text, or one text where a list is allowed (issuer, preamble, towns)."""
    arrays = [v for v in prop.get("anyOf", [prop]) if v.get("type") == "array"]
    return bool(arrays) and arrays[0].get("items", {}).get("type") == "string"


def _top_level(kind: str, test: Any) -> list[str]:
    return [name for name, prop in json_schema(kind)["properties"].items() if test(prop)]


HEADER = "# 由 python -m generator cms 生成，请勿手改 (generated by `generator cms`; do not edit)\n"


def config_text() -> str:
    return HEADER + yaml.safe_dump(config(), allow_unicode=True, sort_keys=False, width=100)


def shape_text() -> str:
    body = json.dumps(record_shape(), ensure_ascii=False, indent=2)
    return (
        "// 由 python -m generator cms 生成，请勿手改 (generated; do not edit)\n"
        f"var GKGEN_SHAPE = {body};\n"
        'if (typeof module !== "undefined") module.exports = GKGEN_SHAPE;\n'
    )


def generated() -> dict[str, str]:
    """Every generated file of admin/, by name, with its text."""
    return {"config.yml": config_text(), "record-shape.js": shape_text()}


def write(folder: Path = ADMIN) -> list[Path]:
    """Write the generated files; return those that changed."""
    changed = []
    for name, text in generated().items():
        target = folder / name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed.append(target)
    return changed


# ---- hosted repositories: review before publishing ----------------------------------------

# What each hosted backend needs to sign an editor in (Decap's own login, in the browser):
# GitLab and Gitea an OAuth application's ID (PKCE: no secret, no server of ours); GitHub an
# OAuth server of one's own (its address), since GitHub has no PKCE flow for Decap.
NEEDS = {"gitlab": "app_id", "gitea": "app_id", "github": "base_url"}
# Decap 3.16.3's Gitea backend refuses the editorial workflow ("The Gitea backend does not
# support editorial workflow", decap-cms-backend-gitea): there every save is a commit on
# --branch (a working branch), and the reviewer merges it into main by a pull request.
WORKFLOW = {"gitlab", "github"}


def hosted_config(
    backend: str,
    repo: str,
    *,
    branch: str = "main",
    app_id: str | None = None,
    base_url: str | None = None,
    api_root: str | None = None,
) -> dict[str, Any]:
    """The configuration for a hosted content repository.

    GitLab and GitHub: the editorial workflow on, each save is a branch and a merge (pull)
    request, 草稿 → 待审核 → 准备发布; CI checks and builds it; the reviewer merges. Gitea:
    saves are commits on ``branch`` (Decap has no workflow for Gitea), merged by a reviewer.
    """
    given = {"app_id": app_id, "base_url": base_url, "api_root": api_root}
    missing = NEEDS[backend]
    if not given[missing]:
        raise ValueError("--" + missing.replace("_", "-"))  # the option to give
    settings: dict[str, Any] = {"name": backend, "repo": repo, "branch": branch}
    if backend == "gitlab":
        settings["auth_type"] = "pkce"
    settings.update({key: value for key, value in given.items() if value})
    result = config()
    result["backend"] = {**settings, **result["backend"]}
    result["publish_mode"] = "editorial_workflow" if backend in WORKFLOW else "simple"
    return result


def hosted_text(backend: str, repo: str, **options: Any) -> str:
    text = yaml.safe_dump(
        hosted_config(backend, repo, **options), allow_unicode=True, sort_keys=False
    )
    return HEADER + text
