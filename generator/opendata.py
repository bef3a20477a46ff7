"""开放数据: the records as data files, for journalists, researchers and supervisors.

Two files beside the site's pages, written by :func:`open_data` from the catalogue that the
pages are rendered from (so they say exactly what the pages say):

- ``data/reports.json``: every published report — where, which year, title, issuer, the
  disclosure metadata, publication date, which of the five required parts it marks, its
  key figures with their source sentences, its page and its source file.
- ``data/metrics.csv``: one row per key figure, UTF-8 with a byte-order mark so that Excel
  opens the Chinese text correctly; Chinese column headers, each with a stable English key
  (the same keys as in the JSON), documented on the page ``data/`` (templates/data.md.j2),
  which is rendered from :data:`REPORT_FIELDS` and :data:`METRIC_COLUMNS` below.

Output is deterministic: the same records give the same bytes (no build date inside; the
catalogue's own order; keys in a fixed order). Sample reports are marked (``sample``).
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from generator.cache import Cache
from generator.model import Metric
from generator.regulation import PART_LABELS
from generator.sample import is_sample
from generator.tree import Catalog, ReportEntry

DATA_DIR = "data"
REPORTS_JSON = f"{DATA_DIR}/reports.json"
METRICS_CSV = f"{DATA_DIR}/metrics.csv"
DATA_PAGE = f"{DATA_DIR}/index.md"
FORMAT = "gkgen-open-data/1"  # changes only when a key changes meaning or goes away

# (key, 中文名, what it holds): one report in reports.json. No examples with real names or
# figures in the descriptions: the data page is searchable, and a query for a town or a figure
# (黑溪镇, 网格员) must find the reports, not this page.
REPORT_FIELDS: list[tuple[str, str, str]] = [
    ("district", "区县", "区县名称"),
    ("district_slug", "区县目录名", "区县的拼音目录名，也是网址的第一段"),
    ("town", "镇街", "镇（乡、街道）名称"),
    ("town_slug", "镇街目录名", "镇街的拼音目录名，也是网址的第二段"),
    ("year", "年度", "报告的年度（整数）"),
    ("title", "标题", "报告标题"),
    ("issuer", "发布机构", "发布机构（列表，联合发文时有多个）"),
    ("recipient", "主送机关", "主送机关；未注明时为 null"),
    (
        "metadata",
        "公开属性",
        "索引号、发文字号、主题分类、体裁分类、成文日期、发布日期、有效性，"
        "键名见下表；未注明的项为 null",
    ),
    ("published", "发布日期", "发布日期（YYYY-MM-DD）；未注明时为 null"),
    ("parts", "法定报告部分", "报告标出的法定部分（英文键名的列表，含义见下表）"),
    ("metrics", "主要数据", "报告中的主要数据（列表，每项的键名与 metrics.csv 的列相同）"),
    ("changes", "更正记录", "发布后的更正（日期 date 与说明 note 的列表）"),
    ("page", "报告页面", "本站上的报告页面，相对于本站首页的路径（区县/镇街/年度/）"),
    ("source_file", "原文文件", "本站保存的原始文件，相对于本站首页的路径；没有时为 null"),
    ("original_url", "原发布网址", "报告最初发布的网址；未注明时为 null"),
    ("sample", "示例数据", "true 表示自动生成的示例数据，不是真实的政府信息"),
]

# (key, 中文名 = the CSV's column header, what it holds): one key figure in metrics.csv.
METRIC_COLUMNS: list[tuple[str, str, str]] = [
    ("district", "区县", "区县名称"),
    ("town", "镇街", "镇（乡、街道）名称"),
    ("year", "年度", "报告的年度"),
    ("label", "指标", "指标名称"),
    ("value", "数值", "数值（阿拉伯数字，不含单位和限定词）"),
    ("unit", "单位", "单位，如 名、个、件、%"),
    ("qualifier", "限定词", "原文的限定词：余、多、约、以上等；没有时为空"),
    ("printed", "原文写法", "数值连同单位和限定词在报告中的写法"),
    ("sentence", "原文句子", "报告中给出这个数据的原句"),
    ("page", "报告页面", "报告页面，相对于本站首页的路径"),
    ("sample", "示例数据", "是 表示示例数据（JSON 中为 true）；真实报告为 否"),
]

METADATA_FIELDS: list[tuple[str, str]] = [
    ("index_number", "索引号"),
    ("doc_number", "发文字号"),
    ("topic", "主题分类"),
    ("genre", "体裁分类"),
    ("written", "成文日期"),
    ("published", "发布日期"),
    ("validity", "有效性"),
]


def _number(value: Decimal) -> int | float:
    """A metric's value as a JSON number: whole numbers stay integers (35, not 35.0)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _metric(m: Metric) -> dict[str, Any]:
    return {
        "label": m.label,
        "value": _number(m.value),
        "unit": m.unit,
        "qualifier": m.qualifier,
        "printed": m.printed(),
        "sentence": m.sentence,
    }


def _page(r: ReportEntry) -> str:
    return r.url_path + "/"


def report_record(r: ReportEntry) -> dict[str, Any]:
    """One report as reports.json lists it (keys in :data:`REPORT_FIELDS` order)."""
    rec = r.record
    meta = rec.metadata
    present = {s.part for s in rec.sections if s.part}
    metadata = {key: getattr(meta, key) for key, _ in METADATA_FIELDS}
    return {
        "district": r.district.record.name,
        "district_slug": r.district.slug,
        "town": r.town.record.name,
        "town_slug": r.town.slug,
        "year": r.year,
        "title": rec.title,
        "issuer": list(rec.issuer),
        "recipient": rec.recipient,
        "metadata": {
            k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in metadata.items()
        },
        "published": meta.published.isoformat() if meta.published else None,
        "parts": [key for key in PART_LABELS if key in present],
        "metrics": [_metric(m) for m in rec.metrics],
        "changes": [{"date": c.date.isoformat(), "note": c.note} for c in rec.changes],
        "page": _page(r),
        "source_file": r.source_file,
        "original_url": rec.original_url,
        "sample": is_sample(r),
    }


def published(catalog: Catalog) -> list[ReportEntry]:
    """The reports the public site shows (a preview's drafts left out), in catalogue order."""
    return [r for r in catalog.reports() if not r.record.draft]


def _memo(cache: Cache | None, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    """Through the build cache when there is one: a preview re-run after one save
    serialises one report, not 5,000."""
    return make() if cache is None else cache.memo(key, make)


def _identity(r: ReportEntry) -> tuple[Any, ...]:
    """What a report's open-data entry is made from: its file, and where it is filed."""
    return (r.stamp, r.district.slug, r.district.record.name, r.town.slug, r.town.record.name)


def _report_line(r: ReportEntry) -> str:
    return json.dumps(report_record(r), ensure_ascii=False)


def reports_json(catalog: Catalog, cache: Cache | None = None) -> bytes:
    """data/reports.json: every published report, with the format's name and the count.

    One report a line: each is serialised by the json module's C encoder (an indented
    dump runs in pure Python, seconds at 5,000 reports) and the file still reads and diffs
    a report at a time.
    """
    reports = [
        _memo(
            cache,
            ("reports.json", *_identity(r)),
            functools.partial(_report_line, r),
        )
        for r in published(catalog)
    ]
    head = json.dumps({"format": FORMAT, "count": len(reports)}, ensure_ascii=False)[:-1]
    body = ",\n".join(reports)
    return f'{head}, "reports": [\n{body}\n]}}\n'.encode()


# A spreadsheet runs a cell that begins with one of these as a formula (CSV injection):
# such text gets a leading apostrophe, which Excel and WPS show as plain text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """``value`` as a CSV cell that a spreadsheet shows and never evaluates."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_lines(rows: Sequence[Sequence[object]], guard: bool = True) -> str:
    """CSV lines as Excel writes them (CRLF); text cells guarded by :func:`spreadsheet_cell`."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerows([spreadsheet_cell(cell) for cell in row] if guard else row for row in rows)
    return buf.getvalue()


def csv_bytes(header: list[str], rows: list[list[object]], body: str | None = None) -> bytes:
    """CSV as Excel writes it (CRLF), UTF-8 with a byte-order mark so that Excel reads the
    Chinese as UTF-8 rather than GBK; text cells guarded by :func:`spreadsheet_cell`.
    ``body``: the rows' lines, already written (:func:`csv_lines`), instead of ``rows``."""
    lines = csv_lines(rows) if body is None else body
    return ("\ufeff" + csv_lines([header], guard=False) + lines).encode("utf-8")


def metrics_csv(catalog: Catalog, cache: Cache | None = None) -> bytes:
    """data/metrics.csv: a row per key figure, Chinese headers, UTF-8 with a BOM (Excel)."""
    lines = "".join(
        _memo(cache, ("metrics.csv", *_identity(r)), functools.partial(_metric_lines, r))
        for r in published(catalog)
    )
    return csv_bytes([zh for _, zh, _ in METRIC_COLUMNS], [], body=lines)


def _metric_lines(r: ReportEntry) -> str:
    return csv_lines(_metric_rows(r))


def _metric_rows(r: ReportEntry) -> list[list[object]]:
    """One report's rows of data/metrics.csv."""
    rows: list[list[object]] = []
    for m in r.record.metrics:
        row = {
            "district": r.district.record.name,
            "town": r.town.record.name,
            "year": r.year,
            **_metric(m),
            "value": format(m.value.normalize(), "f"),
            "qualifier": m.qualifier or "",
            "page": _page(r),
            "sample": "是" if is_sample(r) else "否",
        }
        rows.append([row[key] for key, _, _ in METRIC_COLUMNS])
    return rows


def open_data(
    catalog: Catalog, page: Callable[..., bytes], cache: Cache | None = None
) -> dict[str, bytes]:
    """The data files and their page (开放数据, at data/), by path in the rendered tree.

    ``page(template, here, **values)`` renders a page template (render.Context.page);
    ``cache`` keeps each report's entries between runs.
    """
    return {
        REPORTS_JSON: reports_json(catalog, cache),
        METRICS_CSV: metrics_csv(catalog, cache),
        DATA_PAGE: page("data.md.j2", DATA_DIR, **page_values(catalog)),
    }


def page_values(catalog: Catalog) -> dict[str, Any]:
    """What templates/data.md.j2 needs: the documented fields and a few counts."""
    reports = published(catalog)
    return {
        "format_name": FORMAT,
        "report_fields": REPORT_FIELDS,
        "metric_columns": METRIC_COLUMNS,
        "metadata_fields": METADATA_FIELDS,
        "parts": list(PART_LABELS.items()),
        "count": len(reports),
        "metric_count": sum(len(r.record.metrics) for r in reports),
        "has_sample": any(is_sample(r) for r in reports),
    }
