"""Shared fixtures: the repository, a scratch content tree, and one real site build."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "test-output"  # screenshots and other artefacts worth keeping

MINIMAL_DISTRICT = "name: 测试区\n"
MINIMAL_TOWN = "name: 测试镇\nkind: 镇\n"
# Line numbers matter: tests assert them.
MINIMAL_REPORT = """\
title: 测试镇人民政府2020年度法治政府建设情况报告
issuer: 测试镇人民政府
recipient: 区依法治区办
year: 2020
preamble: 现将有关情况报告如下：
sections:
  - title: 主要举措和成效
    part: measures
    body:
      - 全镇培训干部120人次。
  - {title: 存在的不足和原因, part: shortcomings, body: [学法不够深入。]}
  - {title: 第一责任人职责履行情况, part: duty, body: [主要负责人带头学法。]}
  - {title: 下一年度主要安排, part: plans, body: [继续加强学法。]}
  - {title: 其他需要报告的情况, part: other, body: [无。]}
signature:
  issuer: 测试镇人民政府
  date: 2021-01-05
metrics:
  - {label: 培训干部, value: 120, unit: 人次, sentence: 全镇培训干部120人次。}
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve_site(folder: Path, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve a built site on localhost for the browser; yield its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = ThreadingHTTPServer((host, 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://{host}:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run ``python -m generator`` for real, as an editor would."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A valid one-report content tree at tmp_path/content (seeds at tmp_path/seeds)."""
    root = tmp_path / "content"
    town = root / "ceshi" / "zhen"
    town.mkdir(parents=True)
    (root / "ceshi" / "_district.yml").write_text(MINIMAL_DISTRICT, encoding="utf-8")
    (town / "_town.yml").write_text(MINIMAL_TOWN, encoding="utf-8")
    (town / "2020.yml").write_text(MINIMAL_REPORT, encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    return root


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once from content/ with `python -m generator build`."""
    site = tmp_path_factory.mktemp("built") / "site"
    proc = run_cli("build", "--site", str(site))
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return site


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # noqa: ANN201
    """Keep each phase's report on the test item, so fixtures can see a failure."""
    rep = yield
    setattr(item, f"rep_{rep.when}", rep)
    return rep


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/'s real reports plus clearly marked sample data (示例数据), built once.

    Several districts, towns and years, for browsing, comparison and accessibility tests.
    """
    from generator.sample import generate

    root = tmp_path_factory.mktemp("demo")
    shutil.copytree(REPO / "content", root / "content")
    generate(root / "content", 36, seed=3, years=6, towns_per_district=3)
    proc = run_cli(
        "--content",
        str(root / "content"),
        "--seeds",
        str(REPO / "seeds"),
        "build",
        "--site",
        str(root / "site"),
    )
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return root / "site"
