"""Screenshots of the public site's page types at 1280 and 360 px, for before/after reviews.

Builds two sites from a project checkout — the real one (content/) and a mixed demo
(content/ plus sample reports, marked as such) — serves each on localhost and takes a
full-page screenshot of home, district, report, comparison and search results at both
widths in Debian's chromium::

    .venv/bin/python bench/screens.py --project . --out test-output/screens/after
    .venv/bin/python bench/screens.py --project /tmp/before --out test-output/screens/before

``--project`` may be an older checkout (``git archive REV | tar -x -C DIR``): its own
generator builds its sites, so the pictures show that revision. Run by hand, not by tests.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

WIDTHS = (1280, 360)
QUERY = "网格员"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def _serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def _build(project: Path, content: Path, site: Path, *extra: str) -> None:
    """Build with the project's own generator (its folder first on sys.path)."""
    env = {**os.environ, "PYTHONPATH": str(project), "GKGEN_BUILD_DIR": str(site) + "-build"}
    args = ["--content", str(content), "--seeds", str(project / "seeds"), "build"]
    cmd = [sys.executable, "-m", "generator", *args, "--site", str(site), *extra]
    proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"build failed in {project}:\n{proc.stdout}\n{proc.stderr}")


def _help(project: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(project)}
    cmd = [sys.executable, "-m", "generator", "build", "--help"]
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True).stdout


def _pages(site: Path) -> dict[str, str]:
    """URL paths of one page per type: the richest district, the real report, a chart."""
    reports = sorted(p.parent for p in site.glob("*/*/[0-9][0-9][0-9][0-9]/index.html"))
    districts = sorted({r.parent.parent for r in reports})
    district = max(districts, key=lambda d: sum(r.parent.parent == d for r in reports))
    pages = {
        "home": "/",
        "district": f"/{district.relative_to(site).as_posix()}/",
        "report": "/qianjiang/heixi/2020/",
        "search": f"/search/?q={QUERY}",
    }
    compares = sorted(site.glob("compare/*/index.html"))
    if compares:
        pages["compare"] = f"/{compares[0].parent.relative_to(site).as_posix()}/"
    return pages


def _shoot(site: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with _serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, path in _pages(site).items():
                page.goto(base + path, wait_until="networkidle")
                page.wait_for_timeout(300)
                page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
            page.close()
        browser.close()


def main() -> int:
    """Build the real and the mixed site of ``--project`` and shoot both into ``--out``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--project", type=Path, default=Path("."))
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--samples", type=int, default=300)
    args = ap.parse_args()
    project = args.project.resolve()
    sys.path.insert(0, str(project))
    from generator.sample import generate  # the project's own sample generator

    with tempfile.TemporaryDirectory(prefix="gk-screens-") as tmp:
        real, demo = Path(tmp) / "real", Path(tmp) / "demo"
        _build(project, project / "content", real)
        shutil.copytree(project / "content", Path(tmp) / "content")
        generate(Path(tmp) / "content", args.samples, seed=3, years=8, towns_per_district=12)
        # Older revisions had no --allow-sample: they built a mix without asking.
        mixed = ("--allow-sample",) if "allow-sample" in _help(project) else ()
        _build(project, Path(tmp) / "content", demo, *mixed)
        _shoot(real, args.out / "real")
        _shoot(demo, args.out / "demo")
    print(f"screenshots in {args.out}/real and {args.out}/demo")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
