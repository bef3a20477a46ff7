"""`mkdocs serve` from the project root rebuilds when an editor saves a YAML record; a
broken record gets the Chinese error page instead of a hung request."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import REPO, copy_project

from generator import search_index
from generator.edit import free_port


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, needle: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and needle in body:
            return True
        time.sleep(0.5)
    return False


def start(
    cmd: list[str], port: int, cwd: Path, log: Path | None = None, **extra: str
) -> subprocess.Popen[bytes]:
    """Start a preview server (``cmd`` is `mkdocs serve` or `python -m generator serve`)
    on ``port``, with ``extra`` in its environment; its output goes to ``log`` if given."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1", **extra}
    addr = ["-a" if "mkdocs" in cmd else "--addr", f"127.0.0.1:{port}"]
    if log is None:
        return subprocess.Popen(
            [*cmd, *addr], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    with log.open("w", encoding="utf-8") as out:
        return subprocess.Popen(
            [*cmd, *addr], cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT
        )


def test_serve_reloads_when_a_record_changes(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    port = free_port()
    proc = start([sys.executable, "-m", "mkdocs", "serve"], port, project)
    try:
        url = f"http://127.0.0.1:{port}/qianjiang/heixi/2020/"
        assert wait_for(url, "健全组织机构，明确责任落实"), "serve never showed the report"
        record = project / "content/qianjiang/heixi/2020.yml"
        text = record.read_text(encoding="utf-8")
        record.write_text(
            text.replace("健全组织机构，明确责任落实", "健全组织机构（已修改）"), encoding="utf-8"
        )
        assert wait_for(url, "健全组织机构（已修改）"), "serve did not rebuild after the edit"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_answers_with_the_error_list_every_time(tmp_path: Path) -> None:
    """A broken record: every address answers with the Chinese error page (status 404, so
    no page is mistaken for the site), the terminal lists the errors on every rebuild
    (not "Aborted"), and the fixed record is served again."""
    project = copy_project(tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    proc = start([sys.executable, "-m", "generator", "serve"], port, project, log)
    try:
        url = f"http://127.0.0.1:{port}/qianjiang/heixi/2020/"
        assert wait_for(url, "健全组织机构，明确责任落实"), "serve never showed the report"
        record = project / "content/qianjiang/heixi/2020.yml"
        good = record.read_text(encoding="utf-8")
        for attempt in (1, 2):
            record.write_text(good.replace("date: 2021-01-05", "date: 2021-02-30"), "utf-8")
            assert wait_for_error(url, "日期无效：“2021-02-30”"), f"no error page ({attempt})"
            page = wait_for_error(f"http://127.0.0.1:{port}/", "记录有误")
            assert page is not None
            assert '<html lang="zh-CN">' in page
            assert "  date: 2021-02-30</pre>" in page  # the source line, quoted
            record.write_text(good, encoding="utf-8")
            assert wait_for(url, "健全组织机构，明确责任落实"), f"not fixed ({attempt})"
        terminal = log.read_text(encoding="utf-8")
        assert terminal.count("内容有误，未发布：共 1 个错误") == 2, terminal
        assert terminal.count("日期无效：“2021-02-30”") == 2, terminal
        assert "Aborted" not in terminal
        assert "Traceback" not in terminal
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def wait_for_error(url: str, needle: str, seconds: float = 60) -> str | None:
    """The body of an error answer (HTTP 404 or 200) containing ``needle``, polled."""
    import urllib.error

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                body = resp.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8")
        except OSError:
            body = ""
        if needle in body:
            return body
        time.sleep(0.5)
    return None


TEXT_ANCHOR = "现将有关情况报告如下："  # in every sample report's preamble
TITLE_ANCHOR = "法治政府建设情况报告"  # in every sample report's title


def test_serve_rebuilds_only_what_a_save_changed(tmp_path: Path) -> None:
    """`python -m generator serve` on sample records: a text edit shows on its page and
    rewrites no other report's page; a title edit shows on the town page that lists it;
    a removed record's page is gone and its town's other pages no longer list its year."""
    from generator.sample import generate

    content = tmp_path / "content"
    reports = generate(content, 30, seed=1)
    scratch = tmp_path / "tmp"  # MkDocs's serve puts its site in a temporary folder: here
    scratch.mkdir()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    env = {"TMPDIR": str(scratch), "GKGEN_BUILD_DIR": str(tmp_path / "build")}

    def url(record: Path) -> str:
        return f"{base}/{record.relative_to(content).with_suffix('').as_posix()}/"

    def rebuilds() -> int:
        return log.read_text(encoding="utf-8").count("预览已更新：")

    def wait_for_rebuild(count: int) -> None:
        deadline = time.monotonic() + 60
        while rebuilds() < count and time.monotonic() < deadline:
            time.sleep(0.2)
        assert rebuilds() >= count, log.read_text(encoding="utf-8")[-3000:]

    edited, untouched, retitled = reports[3], reports[5], reports[14]
    gone = reports[20]
    assert edited.parent == untouched.parent  # same town: same navigation
    cmd = [sys.executable, "-m", "generator", "--content", str(content), "serve"]
    proc = start(cmd, port, REPO, log, **env)
    try:
        assert wait_for(url(edited), TEXT_ANCHOR), "serve never showed the report"
        wait_for_rebuild(1)
        (site,) = scratch.glob("mkdocs_*")
        rel = untouched.relative_to(content).with_suffix("")
        page = site / rel / "index.html"
        before = page.stat().st_mtime_ns
        town_page = site / rel.parent / "index.html"
        town_before = town_page.stat().st_mtime_ns

        # A text edit: the page shows it; the other report of its town is not rebuilt.
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text.replace(TEXT_ANCHOR, "现将有关情况（已修改）报告如下："), "utf-8")
        assert wait_for(url(edited), "现将有关情况（已修改）报告如下："), "text edit not shown"
        wait_for_rebuild(2)
        assert page.stat().st_mtime_ns == before, "an untouched report page was rewritten"
        assert town_page.stat().st_mtime_ns == town_before, "its town page was rewritten"

        # A title edit: the town page listing the report shows the new title.
        town_url = f"{base}/{retitled.parent.relative_to(content).as_posix()}/"
        title = retitled.read_text(encoding="utf-8")
        assert TITLE_ANCHOR in title
        retitled.write_text(title.replace(TITLE_ANCHOR, "法治政府建设（改题）情况报告", 1), "utf-8")
        assert wait_for(town_url, "法治政府建设（改题）情况报告"), "title not shown on the town"
        assert wait_for(url(retitled), "法治政府建设（改题）情况报告")
        wait_for_rebuild(3)

        # A removed record: its page is gone; a sibling's navigation drops its year.
        sibling = next(r for r in reports if r.parent == gone.parent and r != gone)
        year = f"{gone.stem}年度"
        assert year in (fetch(url(sibling)) or "")
        gone.unlink()
        deadline = time.monotonic() + 60
        while fetch(url(gone)) is not None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert fetch(url(gone)) is None, "a removed record's page is still served"
        wait_for_rebuild(4)
        assert year not in (fetch(url(sibling)) or ""), "a sibling still lists the year"
        # Search is indexed behind the rebuilds; its page says so in the preview.
        assert wait_for(f"{base}/search/", "搜索索引在后台重建")
        deadline = time.monotonic() + 120
        while "搜索索引已更新" not in log.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the preview never indexed its pages"
            time.sleep(0.5)
        # The index's own first file (generator/search_index.py), whatever its layout.
        assert fetch(f"{base}/{search_index.FOLDER}/meta.json") is not None
        terminal = log.read_text(encoding="utf-8")
        assert "Traceback" not in terminal
        assert "A 'dirty' build" not in terminal
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_stopping_serve_stops_the_preview_server(tmp_path: Path) -> None:
    """SIGTERM to `python -m generator serve` (a supervisor, a test) ends the MkDocs server
    it started too: it used to keep running, orphaned, holding the port."""
    project = copy_project(tmp_path)
    port = free_port()
    proc = start([sys.executable, "-m", "generator", "serve"], port, project)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/qianjiang/heixi/2020/", "健全组织机构")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    deadline = time.monotonic() + 20
    while fetch(f"http://127.0.0.1:{port}/") is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert fetch(f"http://127.0.0.1:{port}/") is None, "the preview server outlived serve"
