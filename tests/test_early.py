"""Pages finished while the engine writes the next (generator/early.py): compaction and
search records in a worker process, used only for the very bytes they were made from."""

from __future__ import annotations

from pathlib import Path

from generator.compact import compact_html
from generator.early import EarlyPages, early_file, load_early
from generator.search_index import read_site
from generator.search_text import page_record

PAGE = """<!doctype html>
<html>
  <body>
    <nav>
      <ul>
        <li>菜单</li>
      </ul>
    </nav>
    <article>
      <div data-search-body>
        <h1>{title}</h1>
        <p>
          {text}
        </p>
      </div>
    </article>
  </body>
</html>
"""


def test_each_page_is_compacted_in_place_and_its_record_kept(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    docs = tmp_path / "docs"
    early = EarlyPages(site, early_file(docs))
    pages = {
        f"t{i}/index.html": PAGE.format(title=f"报告{i}", text="网格员" * i) for i in range(30)
    }
    for rel, html in pages.items():
        early.add(rel, html)
        (site / rel).parent.mkdir()
        (site / rel).write_bytes(html.encode())  # as MkDocs writes it, after on_post_page
    early.save()
    records = load_early([early_file(docs)])
    assert not early_file(docs).exists()  # read once, by the build it belongs to
    assert set(records) == set(pages)
    for rel, html in pages.items():
        assert (site / rel).read_text(encoding="utf-8") == compact_html(html)
        assert records[rel][1] == page_record(site / rel)
    assert records["t3/index.html"][1] == ("报告3", "报告3\n网格员网格员网格员")


def test_a_record_is_used_only_for_the_bytes_it_was_read_from(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    early = EarlyPages(site, tmp_path / "records.pickle")
    early.add("a/index.html", PAGE.format(title="旧标题", text="旧内容"))
    (site / "a/index.html").write_text(PAGE.format(title="旧标题", text="旧内容"), "utf-8")
    early.save()
    records = load_early([tmp_path / "records.pickle"])
    # Changed after the engine wrote it: read from disk instead.
    (site / "a/index.html").write_text(PAGE.format(title="新标题", text="新内容"), "utf-8")
    assert read_site(site, records) == {"a/index.html": ("新标题", "新标题\n新内容")}


def test_a_page_the_engine_wrote_differently_is_left_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    early = EarlyPages(site, tmp_path / "records.pickle")
    early.add("a/index.html", PAGE.format(title="甲", text="一"))
    (site / "a/index.html").write_text("<p>something else</p>\n\n\n", "utf-8")
    early.save()
    assert (site / "a/index.html").read_text("utf-8") == "<p>something else</p>\n\n\n"
    assert load_early([tmp_path / "records.pickle"]) == {}


def test_no_records_or_broken_ones_mean_the_pages_are_read(tmp_path: Path) -> None:
    broken = tmp_path / "records.pickle"
    broken.write_bytes(b"\x80\x05 cut short")
    assert load_early([broken, tmp_path / "none.pickle"]) == {}
    assert not broken.exists()
