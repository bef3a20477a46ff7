"""`mkdocs serve` from the project root rebuilds when an editor saves a YAML record; a
broken record gets the Chinese error page instead of a hung request."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import REPO

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


def test_serve_reloads_when_a_record_changes(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for name in ("content", "seeds", "theme_overrides", "search"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
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
    project = tmp_path / "project"
    for name in ("content", "seeds", "theme_overrides", "search"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
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
