"""Site engines: each turns the rendered Markdown tree into HTML, in its own process.

MkDocs (the default) runs with the thin `disclosure` plugin, told that the tree is
already rendered. Zensical — Material's successor, which reads mkdocs.yml but runs no
MkDocs plugins — gets a generated config at the project root that inherits mkdocs.yml
and names the rendered tree and its navigation directly. The core never imports either.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.diagnostics import UserError

ZENSICAL_VERSION = "0.0.73"  # pinned: its config reading still changes between releases


def _env(content: Path, seeds: Path, docs: Path, epoch: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "GKGEN_PRERENDERED": "1",
        "GKGEN_DOCS_DIR": str(docs),
        "GKGEN_CONTENT": str(content.resolve()),
        "GKGEN_SEEDS": str(seeds.resolve()),
    }
    if "SOURCE_DATE_EPOCH" not in env and epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    return env


def mkdocs(
    config: Path, out: Path, content: Path, seeds: Path, docs: Path, epoch: str | None
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the rendered tree into ``out``."""
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--quiet",
        "--config-file",
        str(config),
        "--site-dir",
        str(out.resolve()),
    ]
    return subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        env=_env(content, seeds, docs, epoch),
        cwd=config.resolve().parent,
    )


def zensical_binary(root: Path) -> Path:
    """Zensical lives in its own virtual environment (`make zensical`)."""
    found = os.environ.get("ZENSICAL") or shutil.which("zensical")
    path = Path(found) if found else root / ".venv-zensical" / "bin" / "zensical"
    if not path.exists():
        raise UserError(
            "找不到 Zensical：请先运行 make zensical "
            "(Zensical is not installed: run `make zensical`)"
        )
    return path


def zensical(
    config: Path, out: Path, content: Path, seeds: Path, docs: Path, epoch: str | None
) -> subprocess.CompletedProcess[str]:
    """Zensical build of the same tree. Its site_dir must lie inside the project, so it
    builds under build/ and the result is moved to ``out``."""
    root = config.resolve().parent
    inside = root / "build" / f".zensical-site-{os.getpid()}"
    nav = json.loads((docs.parent / "nav.json").read_text(encoding="utf-8"))
    generated = root / f".zensical-{os.getpid()}.yml"  # at the root: custom_dir resolves here
    generated.write_text(
        f"INHERIT: {config.name}\n"
        f"docs_dir: {os.path.relpath(docs, root)}\n"
        f"site_dir: {os.path.relpath(inside, root)}\n"
        f"nav: {json.dumps(nav, ensure_ascii=False)}\n",
        encoding="utf-8",
    )
    try:
        proc = subprocess.run(
            [str(zensical_binary(root)), "build", "--clean", "-f", str(generated)],
            capture_output=True,
            text=True,
            env=_env(content, seeds, docs, epoch),
            cwd=root,
        )
    finally:
        generated.unlink()
    if proc.returncode == 0:
        shutil.move(str(inside), str(out))
    else:
        shutil.rmtree(inside, ignore_errors=True)
    return proc


ENGINES = {"mkdocs": mkdocs, "zensical": zensical}
