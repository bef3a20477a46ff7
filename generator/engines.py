"""Site engines: each turns the rendered Markdown tree into HTML, in its own process.

MkDocs (the default) runs with the thin `disclosure` plugin, told that the tree is
already rendered. Zensical — Material's successor, which reads mkdocs.yml but runs no
MkDocs plugins — gets a generated config beside the rendered tree that inherits
mkdocs.yml and names the tree and its navigation directly. The core never imports either.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import UserError
from generator.publish import held
from generator.write import read_nav, read_site

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
        pass_fds=held(),  # the staging folder's lock: in use while the engine runs
    )


def zensical_binary(root: Path) -> Path:
    """Zensical lives in its own virtual environment (`make zensical`)."""
    found = os.environ.get("ZENSICAL") or shutil.which("zensical")
    path = Path(found) if found else root / ".venv-zensical" / "bin" / "zensical"
    if not path.exists():
        raise UserError(
            "找不到 Zensical：请先运行 make zensical",
            "Zensical is not installed: run `make zensical`",
        )
    return path


def zensical(
    config: Path, out: Path, content: Path, seeds: Path, docs: Path, epoch: str | None
) -> subprocess.CompletedProcess[str]:
    """Zensical build of the same tree, into ``out``.

    Zensical wants docs_dir and site_dir inside the folder of the config it is given, so
    a generated config sits beside the rendered tree (in the work folder, never in the
    project): it inherits mkdocs.yml and names the tree, the navigation and the theme
    overrides by absolute path.
    """
    work = docs.parent
    generated = work / f".zensical-{os.getpid()}.yml"
    inside = work / f".zensical-site-{os.getpid()}"
    lines = [
        f"INHERIT: {json.dumps(str(config.resolve()))}",
        f"docs_dir: {json.dumps(docs.name)}",
        f"site_dir: {json.dumps(inside.name)}",
        f"nav: {json.dumps(read_nav(docs), ensure_ascii=False)}",
    ]
    # Zensical's "classic" variant is Material's look, which theme_overrides/ and its colour
    # contrasts are made for (its default "modern" one has a light footer, other colours).
    lines += ["theme:", "  variant: classic"]
    custom = _custom_dir(config)
    if custom is not None:
        lines.append(f"  custom_dir: {json.dumps(str(custom))}")
    # Zensical runs no MkDocs plugin, so the 示例数据 banner's flag is written here, with
    # the rest of mkdocs.yml's extra (a key given here replaces the inherited one whole).
    extra = {**_config_section(config, "extra"), "gk_sample": read_site(docs).get("sample", False)}
    lines.append(f"extra: {json.dumps(extra, ensure_ascii=False)}")
    # Zensical's own search is on unless told: it wrote a search.json the site never uses
    # (the site has its own index), 7.5 MB at 1,000 reports. No MkDocs plugin runs under
    # Zensical, so the inherited list (the disclosure plugin) is not needed either.
    lines.append('plugins: {"search": {"enabled": false}}')
    try:
        generated.write_text("\n".join(lines) + "\n", encoding="utf-8")
        proc = subprocess.run(
            [
                str(zensical_binary(config.resolve().parent)),
                "build",
                "--clean",
                "-f",
                str(generated),
            ],
            capture_output=True,
            text=True,
            env=_env(content, seeds, docs, epoch),
            cwd=work,
            pass_fds=held(),
        )
        if proc.returncode == 0:
            shutil.move(str(inside), str(out))
    finally:  # a killed build's leftovers are removed by the next one (publish.clean_work)
        generated.unlink(missing_ok=True)
        shutil.rmtree(inside, ignore_errors=True)
    return proc


def _config_section(config: Path, name: str) -> dict[str, Any]:
    """One top-level mapping of ``config`` (mkdocs.yml), {} if it has none."""

    class Loader(yaml.SafeLoader):
        """Reads mkdocs.yml, whose !ENV and !relative tags do not matter here."""

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=Loader)
    section = data.get(name) if isinstance(data, dict) else None
    return section if isinstance(section, dict) else {}


def _custom_dir(config: Path) -> Path | None:
    """The theme's custom_dir named in ``config``, as an absolute path (None if none)."""
    custom = _config_section(config, "theme").get("custom_dir")
    return (config.resolve().parent / custom).resolve() if isinstance(custom, str) else None


ENGINES = {"mkdocs": mkdocs, "zensical": zensical}
