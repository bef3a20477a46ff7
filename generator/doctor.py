"""`python -m generator doctor`: what this machine has for building, editing and testing.

Why it exists: the engine under the site is on a clock. Material for MkDocs ends on
2027-05-05 and MkDocs 1.x has had no release since 2024-08; the exit path is Zensical
(README, "Engines"). The doctor — and every build's summary — says so in plain words
when the installed Material is past its end of life, so nobody keeps publishing on an
unmaintained engine without knowing.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata as md
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import UserError
from generator.engines import ZENSICAL_VERSION, zensical_binary

# Material for MkDocs: end of life announced by its maintainers (squidfunk) for 2027-05-05.
MATERIAL_END_OF_LIFE = dt.date(2027, 5, 5)
# The engine decision is revisited before then (README, "Engines"); after this day the
# doctor reminds that it is due.
REVISIT_ENGINE_BY = dt.date(2027, 3, 1)


@dataclass
class Finding:
    """One line of the doctor's report: what, its state, and whether it needs action."""

    what: str
    state: str
    level: str = "ok"  # ok | warn | missing (missing: the site cannot be built)

    def line(self) -> str:
        mark = {"ok": "✓", "warn": "！", "missing": "✗"}[self.level]
        return f"  {mark} {self.what}：{self.state}"


def _version(dist: str) -> str | None:
    try:
        return md.version(dist)
    except md.PackageNotFoundError:
        return None


def material_warning(today: dt.date) -> str | None:
    """The end-of-life warning for the installed Material, or None while it is supported."""
    version = _version("mkdocs-material")
    if version is None or today < MATERIAL_END_OF_LIFE:
        return None
    return (
        f"警告：已安装的 Material for MkDocs {version} 已于 "
        f"{MATERIAL_END_OF_LIFE.isoformat()} 停止维护，不再修复错误和安全问题；"
        "请按 README 的 Engines 一节改用 Zensical（--engine zensical） "
        f"(warning: Material for MkDocs {version} reached its end of life on "
        f"{MATERIAL_END_OF_LIFE.isoformat()}; move to Zensical, see README, Engines)"
    )


def _engines(today: dt.date, root: Path) -> list[Finding]:
    found = [Finding("MkDocs", _version("mkdocs") or "未安装 (not installed)")]
    if found[0].state.startswith("未安装"):
        found[0].level = "missing"
    material = _version("mkdocs-material")
    if material is None:
        found.append(Finding("Material for MkDocs", "未安装 (not installed)", "missing"))
    elif today >= MATERIAL_END_OF_LIFE:
        state = f"{material}，已于 {MATERIAL_END_OF_LIFE.isoformat()} 停止维护：请改用 Zensical"
        found.append(Finding("Material for MkDocs", state, "warn"))
    else:
        days = (MATERIAL_END_OF_LIFE - today).days
        state = f"{material}，{MATERIAL_END_OF_LIFE.isoformat()} 停止维护（还有 {days} 天）"
        found.append(Finding("Material for MkDocs", state, "warn" if days <= 90 else "ok"))
    try:
        binary = zensical_binary(root)
        proc = subprocess.run([str(binary), "--version"], capture_output=True, text=True)
        got = (proc.stdout or proc.stderr).strip().split()[-1:] or ["?"]
        level = "ok" if got[0] == ZENSICAL_VERSION else "warn"
        found.append(Finding("Zensical", f"{got[0]}（固定版本 {ZENSICAL_VERSION}）", level))
    except (UserError, OSError):
        found.append(Finding("Zensical", "未安装：make zensical (not installed)", "warn"))
    if today >= REVISIT_ENGINE_BY:
        state = f"应在 {MATERIAL_END_OF_LIFE.isoformat()} 前重新决定默认引擎（README, Engines）"
        found.append(Finding("引擎决定 (engine decision)", state, "warn"))
    return found


def _have(what: str, present: bool, otherwise: str) -> Finding:
    return Finding(what, "有" if present else otherwise, "ok" if present else "warn")


def _tools(root: Path) -> list[Finding]:
    found = []
    git = shutil.which("git")
    found.append(_have("git", bool(git), "没有：报告页的收录日期无从得知"))
    decap = (root / "node_modules" / "decap-cms" / "package.json").is_file()
    found.append(_have("表单编辑器 (Decap CMS)", decap, "未安装：make cms"))
    chromium = Path("/usr/bin/chromium").exists()
    found.append(_have("Chromium（测试用）", chromium, "没有：make test 会安装"))
    return found


def doctor(today: dt.date, root: Path) -> tuple[list[Finding], int]:
    """Every finding, and the exit code: 1 when the site cannot be built here."""
    found = _engines(today, root) + _tools(root)
    return found, int(any(f.level == "missing" for f in found))
