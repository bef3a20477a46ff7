"""Tables in a report: the record's table block, its checks and the accessible page table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import MINIMAL_REPORT, run_cli

from generator.walk import load_catalog

TODAY = dt.date(2026, 11, 28)
ITEM = "      - 全镇培训干部120人次。\n"
TABLE = """\
      - caption: 2020年各村（社区）普法活动情况
        header: [村（社区）, 活动次数, 参加人数]
        rows:
          - [东村, "12", 340人]
          - [西村, "8", ""]
          - ["<b>合计</b>", "20", "*340*"]
"""


def with_table(table: str = TABLE) -> str:
    return MINIMAL_REPORT.replace(ITEM, ITEM + table)


def diagnostics(content: Path, text: str) -> list[str]:
    (content / "ceshi" / "zhen" / "2020.yml").write_text(text, encoding="utf-8")
    _, diags = load_catalog(content, content.parent / "seeds", root=content.parent, today=TODAY)
    return [d.format().removeprefix("content/ceshi/zhen/2020.yml:") for d in diags.items]


def test_a_table_is_a_valid_block_and_its_figures_need_no_metrics(content: Path) -> None:
    # 340人 in a cell is laid out already: no "figure not in metrics" advice.
    assert diagnostics(content, with_table()) == []


def test_a_row_shorter_than_the_header_is_located_and_explained(content: Path) -> None:
    text = with_table(TABLE.replace('[西村, "8", ""]', '[西村, "8"]'))
    assert diagnostics(content, text) == [
        "11:9: 第一部分第 2 段: 表格第 2 行（rows 第 2 项）有 2 格，表头有 3 格：每行格数要与"
        '表头相同（空格写 ""） (sections[0].body[1]: row 2 has 2 cells, the header 3: rows '
        'must match the header (write "" for a blank cell))'
    ]


def test_a_table_needs_a_header_and_rows(content: Path) -> None:
    text = with_table("      - caption: 空表\n        header: []\n        rows: []\n")
    assert diagnostics(content, text) == [
        "12:17: 第一部分第 2 段的表头: 不能为空 (sections[0].body[1].header: must not be empty)",
        "13:15: 第一部分第 2 段的表格各行: 不能为空 (sections[0].body[1].rows: must not be empty)",
    ]


def test_a_bad_cell_is_named_by_row_and_column(content: Path) -> None:
    text = with_table(TABLE.replace('"8"', '"8\\u202e"'))
    (found,) = diagnostics(content, text)
    assert found.startswith(
        "15:18: 第一部分第 2 段的表格第 2 行第 2 格: 含有不可见的格式字符 U+202E"
    )


def test_the_page_shows_an_accessible_table_with_its_text_literal(
    content: Path, tmp_path: Path
) -> None:
    (content / "ceshi" / "zhen" / "2020.yml").write_text(with_table(), encoding="utf-8")
    site = tmp_path / "site"
    args = ("--content", str(content), "--seeds", str(content.parent / "seeds"))
    proc = run_cli(*args, "build", "--site", str(site))
    assert proc.returncode == 0, proc.stderr
    html = (site / "ceshi" / "zhen" / "2020" / "index.html").read_text(encoding="utf-8")
    table = BeautifulSoup(html, "html.parser").select_one("article table.gk-data")
    assert table is not None
    wrap = table.parent
    assert wrap["role"] == "region"
    assert wrap["tabindex"] == "0"
    assert wrap["aria-label"] == "2020年各村（社区）普法活动情况"
    assert table.caption.get_text() == "2020年各村（社区）普法活动情况"
    assert [th["scope"] for th in table.select("thead th")] == ["col"] * 3
    assert [th.get_text() for th in table.select("tbody th[scope=row]")] == [
        "东村",
        "西村",
        "<b>合计</b>",  # record text stays text
    ]
    assert [[td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")] == [
        ["12", "340人"],
        ["8", ""],
        ["20", "*340*"],
    ]
