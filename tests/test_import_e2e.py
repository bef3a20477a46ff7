"""End to end: import → check → build (one real MkDocs build) → every clause on the page.

Runs in a temporary copy of the project layout (mkdocs.yml, theme_overrides/, the jieba
dictionary), so the repository's content/, build/ and site/ are never touched.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.importer.cli import add_parser, run
from generator.numbering import strip_marker

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "import"
# seed file → (town slug, year, first body line, last body line): what is between is the body
CASES = {
    REPO / "seeds" / "qianjiang" / "heixi" / "2020.txt": (
        "heixi",
        2020,
        "黔江区黑溪镇人民政府",
        "2021年1月5日",
    ),
    FIXTURES / "drift.txt": ("qingxi", 2020, "测试区清溪镇人民政府", "2021年1月5日"),
    FIXTURES / "runin.txt": ("ceshi", 2021, "中共测试镇委员会", "测试镇人民政府"),
    FIXTURES / "portal.txt": (
        "shiqiao",
        2025,
        "测试县石桥乡人民政府2025年",
        "全年办理行政复议案件",
    ),
    FIXTURES / "untitled.txt": ("guangming", 2021, "现将有关情况报告如下", "深圳市测试区人民政府"),
}
ARTIFACT = re.compile(r"\[bookmark:[^\]]*\]")
CLAUSE = re.compile(r"[，。；：、,;:！？!?\n]")


def body_clauses(path: Path, first: str, last: str) -> list[str]:
    """The source's body (furniture and the repeated tail cut off) as clauses, in order."""
    lines = [ARTIFACT.sub("", ln).strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    start = next(i for i, ln in enumerate(lines) if ln.startswith(first))
    end = max(i for i, ln in enumerate(lines) if ln.startswith(last))
    body = "\n".join(strip_marker(ln) for ln in lines[start : end + 1])
    return [re.sub(r"\s+", "", c) for c in CLAUSE.split(body) if c.strip()]


def import_into(root: Path, path: Path, town: str) -> None:
    seed = root / "seeds" / "testqu" / town / path.name
    seed.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, seed)
    parser = argparse.ArgumentParser()
    parser.add_argument("--content", type=Path, default=root / "content")
    parser.add_argument("--seeds", type=Path, default=root / "seeds")
    add_parser(parser.add_subparsers(dest="verb", required=True))
    assert run(parser.parse_args(["import", str(seed)])) == 0


def generator(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "generator", "--content", "content", "--seeds", "seeds", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def complete_draft(record: Path) -> None:
    """What an editor does to a draft: add the signature and take the draft mark off."""
    text = record.read_text(encoding="utf-8")
    assert text.count("draft: true\n") == 1
    text = text.replace("draft: true\n", "")
    text += "signature:\n  issuer: 测试县石桥乡人民政府\n  date: 2026-01-10\n"
    record.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme_overrides", root / "theme_overrides")
    shutil.copytree(REPO / "search", root / "search")
    for path, (town, _, _, _) in CASES.items():
        import_into(root, path, town)
    # The portal copy ends without a signature: it imports as a draft, which check
    # accepts and lists, and which is not published until an editor completes it.
    check = generator(root, "check")
    assert check.returncode == 0, check.stderr
    assert f"{len(CASES) - 1} 份报告" in check.stdout
    assert "草稿 1 份" in check.stdout
    assert "content/testqu/shiqiao/2025.yml" in check.stdout
    complete_draft(root / "content" / "testqu" / "shiqiao" / "2025.yml")
    check = generator(root, "check")
    assert check.returncode == 0, check.stderr
    assert f"{len(CASES)} 份报告" in check.stdout
    build = generator(root, "build", "--config", "mkdocs.yml", "--site", "site")
    assert build.returncode == 0, build.stderr + build.stdout
    return root / "site"


@pytest.mark.parametrize("path", list(CASES), ids=[p.name for p in CASES])
def test_every_body_clause_of_the_source_is_on_the_page(site: Path, path: Path) -> None:
    town, year, first, last = CASES[path]
    page = BeautifulSoup(
        (site / "testqu" / town / str(year) / "index.html").read_text("utf-8"), "html.parser"
    )
    article = page.select_one("article")
    for table in article.select("table"):  # key figures quote the text: look at the body only
        table.decompose()
    text = re.sub(r"\s+", "", article.get_text())
    at = 0
    for clause in body_clauses(path, first, last):
        if re.fullmatch(
            r"[〇一二三四五六七八九十\d]+年[一二三四五六七八九十\d]+月[一二三四五六七八九十\d]+日",
            clause,
        ):
            continue  # the site prints the signed date its own way: 2022年1月10日
        found = text.find(clause, at)
        assert found >= 0, f"missing or out of order: {clause}"
        at = found + len(clause)


def test_source_document_is_offered_for_download(site: Path) -> None:
    page = site / "testqu" / "ceshi" / "2021"
    link = BeautifulSoup((page / "index.html").read_text("utf-8"), "html.parser").find(
        "a", string=re.compile("下载原始文件")
    )
    published = (page / link["href"]).resolve().read_bytes()
    assert published == b"\xef\xbb\xbf" + (FIXTURES / "runin.txt").read_bytes()  # text: BOM
