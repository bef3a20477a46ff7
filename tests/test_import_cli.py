"""The `import` verb as an editor uses it: files written, never overwritten, clear errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.load import load_file
from generator.model import District, Report, Town
from generator.walk import load_catalog

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "import"


def cli(root: Path, *argv: str) -> int:
    """`python -m generator --content … --seeds … import …`, through the real entry point
    (which is where user errors become a message and exit 1)."""
    return main(
        ["--content", str(root / "content"), "--seeds", str(root / "seeds"), "import", *argv]
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project with seeds/ holding the fixtures as seeds/<district>/<town>/<name>."""
    for name, town in (("drift.txt", "qingxi"), ("runin.txt", "ceshi"), ("portal.txt", "shiqiao")):
        (tmp_path / "seeds" / "testqu" / town).mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / name, tmp_path / "seeds" / "testqu" / town / name)
    return tmp_path


def test_import_writes_record_town_and_district(root: Path, capsys: pytest.CaptureFixture) -> None:
    seed = root / "seeds" / "testqu" / "qingxi" / "drift.txt"
    assert cli(root, str(seed), "--district", "testqu", "--town", "qingxi") == 0
    record = root / "content" / "testqu" / "qingxi" / "2020.yml"
    text = record.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/report.schema.json\n")
    assert "(converted from seeds/testqu/qingxi/drift.txt)" in text.splitlines()[1]
    report = Report.model_validate(load_file(record, "2020.yml").data)
    assert report.source == "testqu/qingxi/drift.txt"
    assert (
        (record.parent / "_town.yml")
        .read_text("utf-8")
        .startswith("# yaml-language-server: $schema=../../../schema/town.schema.json\n")
    )
    town = Town.model_validate(load_file(record.parent / "_town.yml", "_town.yml").data)
    district = District.model_validate(
        load_file(record.parent.parent / "_district.yml", "_district.yml").data
    )
    assert (town.name, town.kind, district.name) == ("清溪镇", "镇", "测试区")
    out = capsys.readouterr().out
    for expected in (
        "章节 (sections): 3 个顶层",
        "数据 (metrics): 5 项",
        "覆盖率 (coverage): 100.0%",
        "提示 (warnings): 2",
        "已创建",
    ):
        assert expected in out
    site, diags = load_catalog(root / "content", root / "seeds", root=root)
    assert diags.errors == []
    assert len(site.reports()) == 1


def test_district_and_town_default_to_the_seeds_folders(root: Path) -> None:
    assert cli(root, str(root / "seeds" / "testqu" / "ceshi" / "runin.txt")) == 0
    assert (root / "content" / "testqu" / "ceshi" / "2021.yml").is_file()


def test_output_is_deterministic(root: Path, capsys: pytest.CaptureFixture) -> None:
    seed = str(root / "seeds" / "testqu" / "shiqiao" / "portal.txt")
    assert cli(root, seed, "--stdout") == 0
    first = capsys.readouterr().out
    assert cli(root, seed, "--stdout") == 0
    assert capsys.readouterr().out == first
    assert not (root / "content").exists()  # --stdout writes nothing
    # and what it printed is the record: the portal copy's title, place and metadata
    modeline = first.splitlines()[0]
    assert modeline.startswith("# yaml-language-server: $schema=")
    assert modeline.endswith("/report.schema.json")
    (root / "printed.yml").write_text(first, encoding="utf-8")
    report = Report.model_validate(load_file(root / "printed.yml", "2025.yml").data)
    assert report.title == "测试县石桥乡人民政府2025年法治政府建设情况报告"
    assert (report.year, report.source) == (2025, "testqu/shiqiao/portal.txt")
    assert report.metadata.index_number == "11500999MB1234567X/2026-00004"


def test_existing_record_is_not_overwritten_without_force(
    root: Path, capsys: pytest.CaptureFixture
) -> None:
    seed = str(root / "seeds" / "testqu" / "qingxi" / "drift.txt")
    record = root / "content" / "testqu" / "qingxi" / "2020.yml"
    record.parent.mkdir(parents=True)
    record.write_text("# edited by hand\n", encoding="utf-8")
    capsys.readouterr()
    assert cli(root, seed) == 1
    err = capsys.readouterr().err
    assert "已存在" in err
    assert "--force" in err
    assert "Traceback" not in err
    assert record.read_text(encoding="utf-8") == "# edited by hand\n"
    assert cli(root, seed, "--force") == 0
    assert record.read_text(encoding="utf-8").startswith("# yaml-language-server")
    assert not (record.parent / "_town.yml").read_text(encoding="utf-8").startswith("# edited")


def test_year_option_names_the_file(root: Path, capsys: pytest.CaptureFixture) -> None:
    seed = str(root / "seeds" / "testqu" / "qingxi" / "drift.txt")
    assert cli(root, seed, "--year", "2019") == 0
    assert (root / "content" / "testqu" / "qingxi" / "2019.yml").is_file()
    assert "文件中的年度是 2020" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.txt", "--district", "a", "--town", "b"], "找不到文件"),
        (["{fixture}"], "请用 --district 和 --town"),
        (["{fixture}", "--district", "Bad Slug", "--town", "b"], "只能用小写字母"),
        (["{fixture}", "{fixture}", "--year", "2020", "--district", "a", "--town", "b"], "--year"),
    ],
)
def test_user_errors_exit_1_with_bilingual_message(
    tmp_path: Path, capsys: pytest.CaptureFixture, argv: list[str], message: str
) -> None:
    args = [a.replace("{fixture}", str(FIXTURES / "drift.txt")) for a in argv]
    assert cli(tmp_path, *args) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "(error: " in err
    assert "Traceback" not in err


def test_many_files_show_progress_and_a_table(root: Path, capsys: pytest.CaptureFixture) -> None:
    seeds = sorted((root / "seeds").rglob("*.txt"))
    broken = root / "scan.pdf"
    broken.write_bytes(b"%PDF-1.4 nothing")
    assert cli(root, *map(str, seeds), str(broken), "--district", "testqu", "--town", "all") == 1
    captured = capsys.readouterr()
    assert "[4/4] scan.pdf" in captured.err  # progress, one line per file when not a terminal
    table = captured.out.splitlines()
    assert table[0].split()[:2] == ["文件", "file"]
    assert any(line.startswith("drift.txt") and "100.0%" in line for line in table)
    assert any(line.startswith("scan.pdf") and "无法打开 PDF" in line for line in table)
    assert "成功 3 个，失败 1 个" in captured.out
    years = sorted(p.name for p in (root / "content" / "testqu" / "all").glob("2*.yml"))
    assert years == ["2020.yml", "2021.yml", "2025.yml"]


def test_python_m_generator_import(root: Path) -> None:
    """`python -m generator import` writes once and refuses to overwrite without --force."""
    seed = root / "seeds" / "testqu" / "qingxi" / "drift.txt"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "--content",
            str(root / "content"),
            "--seeds",
            str(root / "seeds"),
            "import",
            str(seed),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "--content",
            str(root / "content"),
            "--seeds",
            str(root / "seeds"),
            "import",
            str(seed),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "已存在" in proc.stderr
