"""`mkdocs serve` from the project root rebuilds when an editor saves a YAML record."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import REPO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
