"""Every report of the real-world corpus (tests/fixtures/real, see SOURCES.md there) imports.

The fidelity report (bench/import_eval.py) run as a test, file by file, with its targets:
a draft for every readable file (never a refusal), at least 99.5% of the body's clauses
in the record, no page furniture left in it, and a record the strict loader reads back
(or one whose only errors are the fields left empty for the editor to fill).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REPO

REAL = REPO / "tests" / "fixtures" / "real"
FILES = sorted(REAL.glob("*.txt"))


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_eval", REPO / "bench" / "import_eval.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


EVAL = _eval_module()


def test_the_corpus_is_wide() -> None:
    sources = (REAL / "SOURCES.md").read_text(encoding="utf-8")
    assert len(FILES) >= 30
    assert all(f.name in sources for f in FILES)  # every file says where it came from


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_a_real_report_imports_whole_and_clean(path: Path, tmp_path: Path) -> None:
    res = EVAL.evaluate(path, tmp_path)
    assert res.error == ""
    assert res.coverage >= 0.995, res.coverage
    assert res.left == []  # no breadcrumb, toolbar, byline or metadata line in the record
    assert res.reload == "ok" or res.reload.startswith("to fill: "), res.reload
