"""Pages finished while the engine writes the next (generator/early.py): compaction and
search records in a worker process, used only for the very bytes they were made from."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, copy_project

from generator.compact import compact_html
from generator.early import EarlyPages, digest, early_file, load_early
from generator.pipeline import work_dir
from generator.search_index import read_site
from generator.search_text import analysed, page_record

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
        early.add(rel)
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
    early.add("a/index.html")
    (site / "a/index.html").write_text(PAGE.format(title="旧标题", text="旧内容"), "utf-8")
    early.save()
    records = load_early([tmp_path / "records.pickle"])
    # Changed after the engine wrote it: read from disk instead.
    (site / "a/index.html").write_text(PAGE.format(title="新标题", text="新内容"), "utf-8")
    title, text, _ = read_site(site, records)["a/index.html"]
    assert (title, text) == ("新标题", "新标题\n新内容")


def test_a_page_that_is_not_utf8_is_left_to_the_later_stages(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    early = EarlyPages(site, tmp_path / "records.pickle")
    early.add("a/index.html")
    (site / "a/index.html").write_bytes(b"<p>\xff\xfe</p>\n\n\n")
    early.save()
    assert (site / "a/index.html").read_bytes() == b"<p>\xff\xfe</p>\n\n\n"
    assert load_early([tmp_path / "records.pickle"]) == {}


def test_a_page_that_cannot_be_written_fails_the_build(tmp_path: Path) -> None:
    """What the worker cannot do (here: read a page that is a folder) is raised where
    the build collects the worker's results; a page MkDocs skipped is passed over."""
    site = tmp_path / "site"
    (site / "a" / "index.html").mkdir(parents=True)
    early = EarlyPages(site, tmp_path / "records.pickle")
    early.add("skipped/index.html")  # never written (MkDocs skips an empty page)
    early.add("a/index.html")
    with pytest.raises(IsADirectoryError):
        early.save()
    assert not (tmp_path / "records.pickle").exists()


def test_no_records_or_broken_ones_mean_the_pages_are_read(tmp_path: Path) -> None:
    broken = tmp_path / "records.pickle"
    broken.write_bytes(b"\x80\x05 cut short")
    assert load_early([broken, tmp_path / "none.pickle"]) == {}
    assert not broken.exists()


def _stopped_in_group(group: int, seconds: float = 180) -> int:
    """The pid of the process of ``group`` that stopped itself at the test hook."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for entry in filter(str.isdigit, os.listdir("/proc")):
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[2]) == group and fields[0] in "Tt":
                return int(entry)
        time.sleep(0.05)
    raise AssertionError("the build never reached the hook")


def test_a_build_finishes_mkdocs_pages_as_they_are_written(tmp_path: Path) -> None:
    """`python -m generator build`: when MkDocs has written its last page, every page it
    built is already compacted, with its record waiting for the index stage."""
    project = copy_project(tmp_path)
    site = tmp_path / "site"
    env = {**os.environ, "PYTHONPATH": str(REPO), "GKGEN_TEST_PAUSE_AT": "engine"}
    args = [sys.executable, "-m", "generator", "--content", str(project / "content")]
    args += ["--seeds", str(project / "seeds"), "build", "--site", str(site)]
    proc = subprocess.Popen(
        args,
        cwd=project,
        env=env,
        start_new_session=True,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _stopped_in_group(proc.pid)
        records_file = early_file(work_dir(project, project / "content") / "docs")
        records = load_early([records_file])
        (staging,) = site.parent.glob(f".{site.name}-tmp-*/{site.name}")
        built = {p.relative_to(staging).as_posix() for p in staging.rglob("index.html")}
        assert len(records) > 10
        assert set(records) <= built
        for rel, (key, record, found) in records.items():
            data = (staging / rel).read_bytes()
            assert key == digest(data)
            assert compact_html(data.decode("utf-8")).encode() == data
            assert record == page_record(staging / rel)
            # The same terms, part by part (each part's in any order: sets).
            expected = [] if record is None else analysed(*record)
            assert [set(t.split("\0")) for t in found or []] == [
                set(t.split("\0")) for t in expected
            ]
    finally:
        os.killpg(proc.pid, signal.SIGCONT)
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err  # the records were taken: the index read the pages
    assert (site / "search-index" / "manifest.json").is_file()
