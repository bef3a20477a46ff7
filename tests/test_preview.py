"""The preview (`python -m generator serve`) shows a broken record in the browser, in Chinese.

A scratch project (mkdocs.yml, theme, search dictionary) with its records and seeds in
another folder, named by --content and --seeds: the preview must show those. An editor
opens the report, saves a bad date, sees the error page by itself, fixes the date and
sees the report again without reloading by hand; marks it a draft and sees the 草稿
banner. The screenshots illustrate the editors' guide: they are written in place into
docs/guide/images/ (tracked files), so the guide always shows the preview as it is now;
a changed screenshot shows up in `git status`, to be committed with the change.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import REPO, OpenPage, assert_local_only, run_cli, visit
from playwright.sync_api import expect

from generator.edit import free_port

REPORT = "qianjiang/heixi/2020"
GUIDE_IMAGES = REPO / "docs" / "guide" / "images"
GOOD_DATE = "date: 2021-01-05"
BAD_DATE = "date: 2021-02-30"


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """`python -m generator --content … --seeds … serve` on a free port: (url, record, log)."""
    project = tmp_path / "project"
    for name in ("theme_overrides", "search"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    # Not the project's content/ and seeds/: --content and --seeds must be honoured.
    mine = project
    shutil.copytree(REPO / "content", mine / "records")
    shutil.copytree(REPO / "seeds", mine / "sources")
    (project / "content").mkdir()  # what a bare `mkdocs serve` would show: nothing
    record = mine / "records" / f"{REPORT}.yml"
    assert GOOD_DATE in record.read_text(encoding="utf-8")
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator",
                "--content",
                str(mine / "records"),
                "--seeds",
                str(mine / "sources"),
                "serve",
                "--addr",
                f"127.0.0.1:{port}",
            ],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            yield f"http://127.0.0.1:{port}", record, log
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def wait_for_server(page: Any, url: str, seconds: float = 90) -> None:
    """Poll the first page until the preview answers (its first build takes seconds)."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            response = page.request.get(url, timeout=5000)
            if response.ok:
                return
        except Exception:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"the preview never answered at {url}")
        time.sleep(0.5)


@pytest.mark.browser
def test_preview_shows_the_error_page_and_recovers(
    open_page: OpenPage, preview: tuple[str, Path, Path]
) -> None:
    base, record, log = preview
    page = open_page(width=1280, height=800)
    wait_for_server(page, f"{base}/{REPORT}/")
    visit(page, f"{base}/{REPORT}/")
    expect(page.locator("article h1").first).to_contain_text("黑溪镇")
    GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(GUIDE_IMAGES / "preview.png"))

    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace(GOOD_DATE, BAD_DATE), encoding="utf-8")
    # MkDocs's live-reload script reloads the page; the address now has the error page.
    error = page.locator("#gkgen-preview-error")
    expect(error).to_be_visible(timeout=60_000)
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    expect(page.locator("h1")).to_have_text("记录有误，预览暂停")
    item = error.locator("li").first
    expect(item).to_contain_text("records/qianjiang/heixi/2020.yml 第 ")
    expect(item).to_contain_text("落款日期：日期无效：“2021-02-30”")  # where, as the report reads
    expect(item).to_contain_text("signature.date: invalid date")
    expect(item.locator("pre")).to_contain_text(BAD_DATE)
    page.screenshot(path=str(GUIDE_IMAGES / "error-page.png"))
    results: dict[str, Any] = Axe().run(page).response
    serious = [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], f"axe-core on the error page: {serious}"

    record.write_text(text, encoding="utf-8")
    # The error page reloads itself after the next rebuild: the report is back.
    expect(page.locator("article h1").first).to_contain_text("黑溪镇", timeout=60_000)
    expect(error).to_have_count(0)

    # A draft (no 落款 yet) is previewed under its banner, and listed as one on its town.
    draft = "draft: true\n" + text[: text.index("signature:")]
    record.write_text(draft, encoding="utf-8")
    banner = page.locator("article .gk-draft")
    expect(banner).to_contain_text("草稿", timeout=60_000)
    expect(banner).to_contain_text("不会发布")
    page.screenshot(path=str(GUIDE_IMAGES / "draft.png"))
    visit(page, f"{base}/{REPORT.rsplit('/', 1)[0]}/")
    expect(page.locator("article")).to_contain_text("（草稿，仅在预览中显示，不发布）")
    assert_local_only(page)

    terminal = log.read_text(encoding="utf-8")
    assert "内容有误，未发布：共 1 个错误" in terminal
    assert "日期无效：“2021-02-30”" in terminal
    assert "Aborted" not in terminal
    assert "Traceback" not in terminal


def test_second_preview_on_a_busy_port_says_so(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = run_cli("serve", "--addr", f"127.0.0.1:{port}", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        f"错误：端口 {port} 已被占用：可能已有一个预览在运行，或用 --addr 127.0.0.1:{port + 1} "
        f"换一个端口 (error: port {port} is in use: a preview may already be running, "
        f"or pass --addr 127.0.0.1:{port + 1})"
    )
