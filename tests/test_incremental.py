"""The preview's incremental reruns give the same site as a build from nothing.

`python -m generator serve` reruns the pipeline after every save in one process: records,
pages and the site-wide pages (districts, years, comparisons, home) are kept between runs
under digests of what they show (generator/render.py, site_digest), and the write stage
remembers what it wrote. After each kind of edit, the tree a warm rerun leaves must equal,
byte for byte, the tree a run with no cache writes: a page kept under a digest that misses
one of its inputs would show up here as a difference.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.pipeline import run_pipeline
from generator.sample import generate

Edit = Callable[[list[Path]], None]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _first_line(path: Path, key: str) -> str:
    return next(
        line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(key)
    )


def _metric(reports: list[Path]) -> None:
    # The figure in the text, in the metric's sentence and as its value, all at once.
    path = reports[4]
    value = _first_line(path, "  value: ").split("'")[1]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(value, str(int(value) + 1)), encoding="utf-8")


def _published(reports: list[Path]) -> None:
    # Into the home page's 最新报告 (the newest publication date of all).
    path = reports[7]
    _replace(path, _first_line(path, "  published: "), "  published: '2025-12-30'")


def _draft(reports: list[Path]) -> None:
    text = reports[9].read_text(encoding="utf-8")
    reports[9].write_text("draft: true\n" + text, encoding="utf-8")


def _aside(reports: list[Path]) -> Path:
    """Where a removed record waits, outside the content folder."""
    return reports[0].parents[3] / "removed.yml"


def _remove(reports: list[Path]) -> None:
    shutil.move(reports[11], _aside(reports))


def _restore(reports: list[Path]) -> None:
    shutil.move(_aside(reports), reports[11])


def _district(reports: list[Path]) -> None:
    meta = reports[0].parent.parent / "_district.yml"
    _replace(meta, "parent: 示例市", "parent: 示例市\nfull_name: 示例市示例一区（全称）")


EDITS: dict[str, Edit] = {
    "text": lambda r: _replace(r[1], "现将有关情况报告如下：", "现将有关情况（改）报告如下："),
    "title": lambda r: _replace(r[2], "法治政府建设情况报告", "法治政府建设（改题）情况报告"),
    "closing": lambda r: _replace(r[3], "closing: 特此报告。", "closing: 特此报告（改）。"),
    "metric": _metric,
    "published": _published,
    "published title": lambda r: _replace(
        r[7], "法治政府建设情况报告", "法治政府建设情况（新）报告"
    ),
    "draft": _draft,
    "removed record": _remove,
    "record back": _restore,
    "district record": _district,
    "town record": lambda r: _replace(r[13].parent / "_town.yml", "kind: ", "order: 99\nkind: "),
}


def _tree(out: Path) -> dict[str, bytes]:
    """Every file of a rendered tree, with its navigation and site facts beside it."""
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    for name in ("nav.json", "site.json"):
        files[name] = (out.parent / name).read_bytes()
    return files


@pytest.mark.parametrize("preview", [True, False], ids=["preview", "build"])
def test_warm_reruns_equal_fresh_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, preview: bool
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: one date for all
    content, seeds = tmp_path / "content", tmp_path / "seeds"
    seeds.mkdir()
    reports = generate(content, 30, seed=1)
    warm = tmp_path / "warm" / "docs"  # one build folder, its cache kept in memory
    run = run_pipeline(content, seeds, warm, root=tmp_path, preview=preview)
    assert run.rendered is not None
    for i, (name, edit) in enumerate(EDITS.items()):
        edit(reports)
        again = run_pipeline(content, seeds, warm, root=tmp_path, preview=preview)
        assert again.rendered is not None, (name, [d.format() for d in again.diagnostics.errors])
        assert again.written, f"{name}: nothing rewritten"
        fresh = tmp_path / f"fresh-{i}" / "docs"  # a new build folder: no cache at all
        assert run_pipeline(content, seeds, fresh, root=tmp_path, preview=preview).rendered
        kept, anew = _tree(warm), _tree(fresh)
        assert kept.keys() == anew.keys(), name
        differ = sorted(rel for rel in kept if kept[rel] != anew[rel])
        assert not differ, f"after the {name} edit, kept pages differ from fresh: {differ}"


def test_a_warm_rerun_still_removes_files_it_did_not_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write stage remembers the tree it wrote; a file put there by anything else,
    deep in the tree, is still noticed and removed (the tree holds only what is rendered)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    content, seeds = tmp_path / "content", tmp_path / "seeds"
    seeds.mkdir()
    generate(content, 10, seed=1)
    out = tmp_path / "build" / "docs"
    assert run_pipeline(content, seeds, out, root=tmp_path).rendered is not None
    stray = out / "sample-01" / "town-01" / "stray.md"
    stray.write_text("stale", encoding="utf-8")
    assert run_pipeline(content, seeds, out, root=tmp_path).written == []
    assert not stray.exists()
