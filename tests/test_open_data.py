"""开放数据: data/reports.json and data/metrics.csv in the built site (issue #14, part C).

Both files are loaded as a journalist would (json.loads; csv with utf-8-sig, as Excel
reads a UTF-8 file with a BOM) and checked against the records as the generator's own
loader reads them: every report present, every value equal. On the real site and on the
demo of real plus sample reports, where sample reports must say so.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import REPO
from hypothesis import given
from hypothesis import strategies as st

from generator.opendata import (
    FORMULA_START,
    METADATA_FIELDS,
    METRIC_COLUMNS,
    REPORT_FIELDS,
    csv_bytes,
    reports_json,
)
from generator.regulation import PART_LABELS
from generator.tree import Catalog, ReportEntry
from generator.walk import load_catalog

SITES = ["built_site", "demo_site"]


def records(which: str, site: Path) -> Catalog:
    """The records the site was built from, read by the generator's loader."""
    content = REPO / "content" if which == "built_site" else site.parent / "content"
    catalog, diags = load_catalog(content, REPO / "seeds")
    assert diags.errors == []
    return catalog


def published(catalog: Catalog) -> dict[tuple[str, str, int], ReportEntry]:
    return {
        (r.district.slug, r.town.slug, r.year): r for r in catalog.reports() if not r.record.draft
    }


@pytest.fixture(params=SITES)
def built(request: pytest.FixtureRequest, engine: str) -> tuple[str, Path, Catalog]:
    site: Path = request.getfixturevalue(request.param)
    return request.param, site, records(request.param, site)


def load_json(site: Path) -> dict[str, Any]:
    return json.loads((site / "data" / "reports.json").read_text(encoding="utf-8"))


def test_reports_json_holds_every_report_as_recorded(built: tuple[str, Path, Catalog]) -> None:
    which, site, catalog = built
    doc = load_json(site)
    expected = published(catalog)
    assert doc["format"] == "gkgen-open-data/1"
    assert doc["count"] == len(expected) == len(doc["reports"])
    seen = set()
    for item in doc["reports"]:
        assert list(item) == [key for key, _, _ in REPORT_FIELDS]
        key = (item["district_slug"], item["town_slug"], item["year"])
        seen.add(key)
        r = expected[key]
        rec = r.record
        assert item["district"] == r.district.record.name
        assert item["town"] == r.town.record.name
        assert item["title"] == rec.title
        assert item["issuer"] == list(rec.issuer)
        assert item["recipient"] == rec.recipient
        for field, _ in METADATA_FIELDS:
            value = getattr(rec.metadata, field)
            assert item["metadata"][field] == (str(value) if value is not None else None)
        published_on = rec.metadata.published
        assert item["published"] == (published_on.isoformat() if published_on else None)
        marked = {s.part for s in rec.sections if s.part}
        assert set(item["parts"]) == marked
        assert set(item["parts"]) <= set(PART_LABELS)
        assert len(item["metrics"]) == len(rec.metrics)
        for got, metric in zip(item["metrics"], rec.metrics, strict=True):
            assert got["label"] == metric.label
            assert Decimal(str(got["value"])) == metric.value
            assert got["unit"] == metric.unit
            assert got["qualifier"] == metric.qualifier
            assert got["sentence"] == metric.sentence
            assert got["printed"] == metric.printed()
        assert [(c["date"], c["note"]) for c in item["changes"]] == [
            (c.date.isoformat(), c.note) for c in rec.changes
        ]
        assert item["original_url"] == rec.original_url
        # The page and the source file are real files of the built site.
        assert (site / item["page"] / "index.html").is_file()
        if rec.source:
            assert (site / item["source_file"]).is_file()
        else:
            assert item["source_file"] is None
        # Sample data is marked: the demo's only real district is content/'s own.
        assert item["sample"] is (which == "demo_site" and item["district_slug"] != "qianjiang")
    assert seen == set(expected)


def test_metrics_csv_opens_in_excel_and_matches_the_records(
    built: tuple[str, Path, Catalog],
) -> None:
    which, site, catalog = built
    raw = (site / "data" / "metrics.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, so Excel reads Chinese right"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    assert header == [zh for _, zh, _ in METRIC_COLUMNS]
    assert header[:4] == ["区县", "镇街", "年度", "指标"]
    expected = [
        (r, m)
        for r in sorted(published(catalog).values(), key=lambda r: catalog.reports().index(r))
        for m in r.record.metrics
    ]
    assert len(body) == len(expected) > 0
    keys = [key for key, _, _ in METRIC_COLUMNS]
    for row, (r, m) in zip(body, expected, strict=True):
        got = dict(zip(keys, row, strict=True))
        assert got["district"] == r.district.record.name
        assert got["town"] == r.town.record.name
        assert int(got["year"]) == r.year
        assert got["label"] == m.label
        assert Decimal(got["value"]) == m.value
        assert got["unit"] == m.unit
        assert got["qualifier"] == (m.qualifier or "")
        assert got["printed"] == m.printed()
        assert got["sentence"] == m.sentence
        assert (site / got["page"] / "index.html").is_file()
        sample = which == "demo_site" and r.district.slug != "qianjiang"
        assert got["sample"] == ("是" if sample else "否")


def test_data_page_documents_every_field_and_is_linked_from_home(
    built: tuple[str, Path, Catalog],
) -> None:
    _, site, _ = built
    page = BeautifulSoup((site / "data" / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = page.select_one("article")
    assert article.select_one("h1").get_text(strip=True) == "开放数据"
    codes = {c.get_text() for c in article.select("code")}
    assert {key for key, _, _ in REPORT_FIELDS} <= codes
    assert {key for key, _, _ in METRIC_COLUMNS} <= codes
    assert {key for key, _ in METADATA_FIELDS} <= codes
    assert set(PART_LABELS) <= codes
    text = article.get_text()
    for _, zh, _ in METRIC_COLUMNS:
        assert zh in text
    hrefs = {a["href"] for a in article.select("a[href]")}
    assert {"reports.json", "metrics.csv"} <= hrefs
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a for a in home.select("article a[href]") if a.get_text(strip=True) == "开放数据"]
    assert [a["href"] for a in links] == ["data/"]


def test_open_data_is_deterministic() -> None:
    catalog, _ = load_catalog(REPO / "content", REPO / "seeds")
    first = reports_json(catalog)
    again, _ = load_catalog(REPO / "content", REPO / "seeds")
    assert reports_json(again) == first


@given(st.lists(st.text(max_size=20), min_size=1, max_size=5))
def test_no_csv_cell_is_ever_a_spreadsheet_formula(cells: list[str]) -> None:
    data = csv_bytes(["列"] * len(cells), [cells])
    assert data.startswith(b"\xef\xbb\xbf")
    header, row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert header == ["列"] * len(cells)
    for cell, text in zip(row, cells, strict=True):
        assert not cell.startswith(FORMULA_START)
        assert cell in (text, "'" + text)  # nothing lost: at most an apostrophe in front
