"""Tables reach the record as tables: pipe rows from every reader → a {caption, header, rows} block."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.importer.emit import _flow
from generator.importer.pipeline import import_file
from generator.importer.tables import row_line, table_block
from generator.load import parse
from generator.model import Table
from generator.text import refused_at

REPORT = """\
测试区测试镇人民政府2022年度法治政府建设情况报告
区依法治区办：
2022年，我镇认真落实法治政府建设各项部署，现将有关情况报告如下：
一、主要举措和成效
（一）深化普法宣传
全年开展普法活动，各村情况如下。
表1 2022年各村普法活动情况
| 村（社区） | 活动次数 | 参加人数 |
|---|---|---|
| 东村 | 12 | 340人次 |
| 西村 | 8 |  |
| 合计 | 20 | 340人次 |
以上活动均有记录。
二、存在的不足和原因
学法不够深入。
特此报告。
测试区测试镇人民政府
2023年1月5日
"""


def test_a_pipe_table_in_text_becomes_a_captioned_table(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text(REPORT, encoding="utf-8")
    item = import_file(source, seeds=tmp_path)
    body = item.report.sections[0].sections[0].body
    assert body == [
        "全年开展普法活动，各村情况如下。",
        Table(
            caption="表1 2022年各村普法活动情况",
            header=["村（社区）", "活动次数", "参加人数"],
            rows=[["东村", "12", "340人次"], ["西村", "8", ""], ["合计", "20", "340人次"]],
        ),
        "以上活动均有记录。",
    ]
    assert item.coverage.ratio == 1.0
    # Figures in a table are laid out already: no metric is proposed from its cells.
    assert all("东村" not in m["sentence"] for m in item.data.get("metrics", []))


def test_short_rows_are_padded_and_a_lone_row_stays_text() -> None:
    merged = [row_line(["项目", "数量", "备注"]), row_line(["行政复议", "3件"])]
    assert table_block(merged) == {
        "caption": None,
        "header": ["项目", "数量", "备注"],
        "rows": [["行政复议", "3件", ""]],
    }
    assert table_block([row_line(["项目", "数量"])]) == "项目　数量"
    assert row_line(["a|b", " c \n d "]) == "| a｜b | c d |"  # a pipe in a cell stays in it


def test_an_imported_table_passes_check_and_is_published_as_a_table(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds" / "ceshi" / "zhen"
    seeds.mkdir(parents=True)
    (seeds / "2022.txt").write_text(REPORT, encoding="utf-8")
    content = tmp_path / "content"
    args = ("--content", str(content), "--seeds", str(tmp_path / "seeds"))
    done = run_cli(
        *args, "import", str(seeds / "2022.txt"), "--district", "ceshi", "--town", "zhen"
    )
    assert done.returncode == 0, done.stderr
    record = (content / "ceshi" / "zhen" / "2022.yml").read_text(encoding="utf-8")
    assert "            header: [村（社区）, 活动次数, 参加人数]\n" in record
    assert '              - [西村, "8", ""]\n' in record  # a row per line, as the table reads
    checked = run_cli(*args, "check")
    assert checked.returncode == 0, checked.stderr
    assert "(0 errors," in checked.stderr


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(st.characters(exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn")), max_size=12),
        min_size=1,
        max_size=5,
    )
)
def test_any_row_the_importer_writes_reads_back_cell_for_cell(cells: list[str]) -> None:
    # Cells as the reader leaves them: single-spaced, no refused character, no line break.
    cells = [" ".join(c.split()) for c in cells]
    assume(all(refused_at(c, "") is None for c in cells))
    loaded = parse(f"rows:\n  - {_flow(cells)}\n", Path("r.yml"), "r.yml")
    assert loaded.data == {"rows": [cells]}
