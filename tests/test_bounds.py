"""Resource bombs and truncated files: bounded numbers, counts and lengths, a build linear
in the size of a record, and no report published without its ending (落款)."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import MINIMAL_REPORT, REPO, run_cli

from generator.pipeline import run_pipeline
from generator.walk import load_catalog

TODAY = dt.date(2026, 11, 28)
RECORD = "content/ceshi/zhen/2020.yml"


def errors_of(content: Path, text: str) -> list[str]:
    """The errors `check` reports for the report file holding ``text``."""
    (content / "ceshi" / "zhen" / "2020.yml").write_text(text, encoding="utf-8")
    _, diags = load_catalog(content, content.parent / "seeds", root=content.parent, today=TODAY)
    return [d.format() for d in diags.errors]


RANGE = "数值超出范围：最多 15 位数字、4 位小数"
FORM = "应为数字，如 47 或 98.5（不用科学计数法）"
ASCII = "请用半角数字 0–9，不要用全角或其他文字的数字"


@pytest.mark.parametrize(
    ("value", "message"),
    [("6e999999999", FORM), ("-6e999999999", FORM), ("1e-999999999", FORM), ("NaN", FORM),
     ("Infinity", FORM), ("-Infinity", FORM), ("0x10", FORM), ("1_000", FORM), ("+47", FORM),
     ('" 47"', FORM), ("4 7", FORM), ("９８", ASCII), ("٤٧", ASCII), ("9" * 40, RANGE),
     ("0.000001", RANGE), ("1" * 4000, FORM)],
)  # fmt: skip
def test_metric_values_are_plain_and_bounded(content: Path, value: str, message: str) -> None:
    text = MINIMAL_REPORT.replace("value: 120,", f"value: {value},")
    errors = errors_of(content, text)
    assert len(errors) == 1
    (error,) = errors
    assert error.startswith(f"{RECORD}:16:")
    assert f"主要数据第 1 项的数值: {message}" in error
    assert "(metrics[0].value: " in error
    assert len(error) < 300  # the message never echoes a huge value


@pytest.mark.parametrize("year", ["２０２０", "+2020", "2_020", "2020.0", '" 2020"', "0x7E4"])
def test_years_are_ascii_whole_numbers(content: Path, year: str) -> None:
    (error,) = errors_of(content, MINIMAL_REPORT.replace("year: 2020", f"year: {year}"))
    assert error.startswith(f"{RECORD}:4:7: year: ")
    assert "应为整数" in error or ASCII in error


def sections(count: int) -> str:
    return "\n".join(f"  - {{title: 第{n}项工作, body: [开展工作。]}}" for n in range(count))


@pytest.mark.parametrize("where", ["top", "nested", "items"])
def test_more_than_99_siblings_is_a_located_error(content: Path, where: str) -> None:
    if where == "top":
        body = "sections:\n" + sections(100)
    elif where == "nested":
        body = "sections:\n  - title: 主要举措\n    sections:\n" + sections(100).replace(
            "  - ", "      - "
        )
    else:
        items = ", ".join(f"第{n}项" for n in range(100))
        body = f"sections:\n  - title: 主要举措\n    body:\n      - {{items: [{items}]}}"
    head = "title: 测试镇人民政府2020年度法治政府建设情况报告\nissuer: 测试镇人民政府\nyear: 2020\n"
    tail = "\nsignature: {issuer: 测试镇人民政府, date: 2021-01-05}\n"
    (error,) = errors_of(content, head + body + tail)
    assert "太多：同一级最多 99 项 (" in error
    assert "too many: at most 99 at one level)" in error


def test_99_siblings_are_numbered_to_the_end(content: Path, tmp_path: Path) -> None:
    head = "title: 测试镇人民政府2020年度法治政府建设情况报告\nissuer: 测试镇人民政府\nyear: 2020\n"
    text = head + "sections:\n" + sections(99)
    text += "\nsignature: {issuer: 测试镇人民政府, date: 2021-01-05}\n"
    (content / "ceshi" / "zhen" / "2020.yml").write_text(text, encoding="utf-8")
    args = ("--content", str(content), "--seeds", str(content.parent / "seeds"))
    proc = run_cli(*args, "render", "--out", str(tmp_path / "docs"))
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "docs" / "ceshi" / "zhen" / "2020" / "index.md").read_text(encoding="utf-8")
    assert "## 九十九、第98项工作" in page


@pytest.mark.parametrize(("field", "limit"), [("title", 200), ("issuer", None)])
def test_titles_and_names_are_bounded(content: Path, field: str, limit: int | None) -> None:
    long = "测" * 201
    if field == "title":
        text = MINIMAL_REPORT.replace("title: 主要举措和成效", f"title: {long}")
        (error,) = errors_of(content, text)
        assert f"太长：最多 {limit} 个字" in error
        assert "sections[0].title" in error
    else:  # names of places are bounded too (they head tables and navigation)
        (content / "ceshi" / "zhen" / "_town.yml").write_text(
            f"name: {long}\nkind: 镇\n", encoding="utf-8"
        )
        _, diags = load_catalog(content, content.parent / "seeds", root=content.parent)
        assert any("name: 太长：最多 50 个字" in d.format() for d in diags.errors)


def test_every_cut_of_a_real_record_fails_check(content: Path) -> None:
    """A file cut short at any line, as a half-saved or half-copied file is: whatever still
    parses must not pass, because the 落款 comes last."""
    full = (REPO / "content" / "qianjiang" / "heixi" / "2020.yml").read_text(encoding="utf-8")
    (content / "ceshi" / "zhen" / "_town.yml").write_text("name: 黑溪镇\nkind: 镇\n", "utf-8")
    seeds = content.parent / "seeds" / "qianjiang" / "heixi"
    seeds.mkdir(parents=True)
    (seeds / "2020.txt").write_bytes((REPO / "seeds/qianjiang/heixi/2020.txt").read_bytes())
    lines = full.splitlines(keepends=True)
    assert errors_of(content, full) == []
    passed = [n for n in range(1, len(lines)) if not errors_of(content, "".join(lines[:n]))]
    assert passed == []


def test_signature_must_come_last(content: Path) -> None:
    signature = "signature:\n  issuer: 测试镇人民政府\n  date: 2021-01-05\n"
    assert MINIMAL_REPORT.endswith(signature)
    assert errors_of(content, MINIMAL_REPORT) == []
    # Signature above metrics, as records were laid out before this rule.
    moved = MINIMAL_REPORT.removesuffix(signature).replace("metrics:", signature + "metrics:")
    (error,) = errors_of(content, moved)
    assert error.startswith(f"{RECORD}:18:1: metrics: 落款（signature）应是文件的最后一项")


def test_a_draft_may_lack_its_signature_and_is_not_published(content: Path) -> None:
    text = "draft: true\n" + MINIMAL_REPORT.split("signature:")[0]
    assert errors_of(content, text) == []
    catalog, _ = load_catalog(content, content.parent / "seeds", root=content.parent)
    assert catalog.reports() == []
    assert [d.year for d in catalog.drafts] == [2020]


def test_only_the_preview_renders_a_draft_under_its_banner(content: Path, tmp_path: Path) -> None:
    (content / "ceshi" / "zhen" / "2020.yml").write_text(
        "draft: true\n" + MINIMAL_REPORT.split("signature:")[0], encoding="utf-8"
    )
    seeds = content.parent / "seeds"
    published = run_pipeline(content, seeds, tmp_path / "published", root=content.parent)
    assert published.rendered is not None
    assert not any("2020" in path for path in published.rendered.files)
    preview = run_pipeline(content, seeds, tmp_path / "preview", root=content.parent, preview=True)
    assert preview.rendered is not None
    page = preview.rendered.files["ceshi/zhen/2020/index.md"].decode("utf-8")
    assert '<p class="gk-draft" role="note"><strong>草稿</strong>' in page
    town = preview.rendered.files["ceshi/zhen/index.md"].decode("utf-8")
    assert "（草稿，仅在预览中显示，不发布）" in town


def test_a_megabyte_of_punctuation_builds_and_shows_literally(content: Path) -> None:
    """Python-Markdown's inline pass is quadratic in the number of escaped characters;
    paragraphs are raw HTML blocks, so the build stays linear in the record's size."""
    rng = random.Random(1)
    punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    paragraph = "".join(rng.choice(punctuation) for _ in range(900_000))
    text = MINIMAL_REPORT.replace(
        "      - 全镇培训干部120人次。",
        "      - 全镇培训干部120人次。\n      - " + json.dumps(paragraph),
    )
    (content / "ceshi" / "zhen" / "2020.yml").write_text(text, encoding="utf-8")
    site = content.parent / "site"
    args = ("--content", str(content), "--seeds", str(content.parent / "seeds"))
    proc = run_cli(*args, "build", "--site", str(site))  # run_cli's timeout guards a hang
    assert proc.returncode == 0, proc.stderr
    html = (site / "ceshi" / "zhen" / "2020" / "index.html").read_text(encoding="utf-8")
    texts = [p.get_text() for p in BeautifulSoup(html, "html.parser").select("article p")]
    assert paragraph in texts
