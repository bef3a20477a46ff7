"""The CI workflows offered to content repositories run here, command for command.

Only the steps that fetch and install the generator are skipped (they need the network);
the check and build commands run exactly as written, in a scratch content repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

DOCS = REPO / "docs" / "ci"


def is_install(command: str) -> bool:
    return command.startswith("git clone") or "pip install" in command


@pytest.fixture
def content_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "content-repo"
    repo.mkdir()
    shutil.copytree(REPO / "content", repo / "content")
    shutil.copytree(REPO / "seeds", repo / "seeds")
    # What the checkout/clone step provides: this project's files (installed already).
    for part in ("theme_overrides", "search", "generator"):
        shutil.copytree(
            REPO / part, repo / ".gkgen" / part, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(REPO / "mkdocs.yml", repo / ".gkgen" / "mkdocs.yml")
    return repo


def run(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_github_actions_workflow(content_repo: Path) -> None:
    workflow = yaml.safe_load((DOCS / "github-actions.yml").read_text(encoding="utf-8"))
    steps = [s["run"] for s in workflow["jobs"]["site"]["steps"] if "run" in s]
    assert any(is_install(s) for s in steps)
    for command in (s for s in steps if not is_install(s)):
        proc = run(command, content_repo)  # each step is its own shell, from the repo root
        assert proc.returncode == 0, f"{command}\n{proc.stderr}"
    assert (content_repo / "site" / "qianjiang" / "heixi" / "2020" / "index.html").is_file()


def test_gitlab_ci_pages_job(content_repo: Path) -> None:
    job = yaml.safe_load((DOCS / "gitlab-ci.yml").read_text(encoding="utf-8"))["pages"]
    script = "\n".join(c for c in job["script"] if not is_install(c))  # one shell, as GitLab
    proc = run(script, content_repo)
    assert proc.returncode == 0, proc.stderr
    assert job["artifacts"]["paths"] == ["public"]
    assert (content_repo / "public" / "qianjiang" / "heixi" / "2020" / "index.html").is_file()


def test_pre_commit_hook_runs_check() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["entry"] == "gkgen check"
    assert hook["language"] == "python"
    gkgen = Path(sys.executable).parent / "gkgen"
    proc = subprocess.run([str(gkgen), "check"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
