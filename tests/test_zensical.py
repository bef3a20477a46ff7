"""Engine exit path: the same rendered tree and config build with Zensical (pinned)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import REPO, run_cli

from generator.engines import ZENSICAL_VERSION


def test_zensical_builds_report_pages_with_their_text(tmp_path: Path) -> None:
    binary = REPO / ".venv-zensical" / "bin" / "zensical"
    assert binary.exists(), "run `make zensical` (make test does) to install Zensical"
    proc = run_cli("build", "--engine", "zensical", "--site", str(tmp_path / "site"))
    assert proc.returncode == 0, proc.stderr
    assert "zensical" in proc.stdout
    page = BeautifulSoup(
        (tmp_path / "site/qianjiang/heixi/2020/index.html").read_text("utf-8"), "html.parser"
    )
    text = page.get_text()
    assert "在主要街道、路口悬挂宣传横幅" in text  # section （4）
    assert page.select_one("section.gk-meta") is not None  # theme overrides apply too
    assert page.title.get_text().startswith("黔江区黑溪镇人民政府2020年度法治政府建设情况报告")
    assert (tmp_path / "site/qianjiang/heixi/2020/source.txt").is_file()
    assert ZENSICAL_VERSION in (REPO / "Makefile").read_text(encoding="utf-8")
