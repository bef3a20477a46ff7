"""`doctor` and the build summary say when the engine under the site is past its end of life."""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

from conftest import build_project, run_cli

from generator.doctor import MATERIAL_END_OF_LIFE


def test_doctor_names_the_engines_and_days_left_on_material() -> None:
    proc = run_cli("doctor", "--today", "2026-12-01")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "MkDocs：1." in out
    days = (MATERIAL_END_OF_LIFE - dt.date(2026, 12, 1)).days
    assert f"2027-05-05 停止维护（还有 {days} 天）" in out
    assert "Zensical：" in out
    assert "Pagefind" not in out  # the site has its own search index
    assert "已停止维护" not in out
    assert "重新决定默认引擎" not in out


def test_doctor_warns_once_material_is_past_its_end_of_life() -> None:
    proc = run_cli("doctor", "--today", "2027-05-06")
    assert proc.returncode == 0  # a warning, not a failure: the site still builds
    assert "！ Material for MkDocs：" in proc.stdout
    assert "已于 2027-05-05 停止维护：请改用 Zensical" in proc.stdout
    assert "应在 2027-05-05 前重新决定默认引擎" in proc.stdout


def test_a_bad_date_is_a_chinese_usage_error() -> None:
    proc = run_cli("doctor", "--today", "2027-13-01")
    assert proc.returncode == 2
    assert "错误" in proc.stderr
    assert "Traceback" not in proc.stderr


def _build_on(day: dt.date, tmp_path: Path) -> str:
    proc = build_project(tmp_path, epoch=calendar.timegm(day.timetuple()))
    assert proc.returncode == 0, proc.stderr
    return proc.stderr


def test_the_build_summary_warns_past_end_of_life(content: Path, tmp_path: Path) -> None:
    assert "停止维护" not in _build_on(dt.date(2026, 12, 1), tmp_path)
    warned = _build_on(dt.date(2027, 6, 1), tmp_path)
    assert "警告：已安装的 Material for MkDocs" in warned
    assert "已于 2027-05-05 停止维护" in warned
