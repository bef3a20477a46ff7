"""Shared fixtures: the repository, a scratch content tree, real site builds, the browser.

Everything more than one test module uses lives here, once; test modules import from
here, never from each other.

- The suite never writes into the repository (but for the guide's screenshots, refreshed
  in docs/guide/images/): every run gets one temporary build folder
  (``GKGEN_BUILD_DIR``, inherited by every subprocess), and the session fails if the
  repository's tree gained a path (besides test-output/ and tool caches).
- Browser tests (Debian's chromium driven by Playwright, sites served on 127.0.0.1) are
  marked ``browser``: ``pytest -m "not browser"`` is the fast loop and starts no browser.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "test-output"  # screenshots and other artefacts worth keeping

MINIMAL_DISTRICT = "name: 测试区\n"
MINIMAL_TOWN = "name: 测试镇\nkind: 镇\n"
# Line numbers matter: tests assert them.
MINIMAL_REPORT = """\
title: 测试镇人民政府2020年度法治政府建设情况报告
issuer: 测试镇人民政府
recipient: 区依法治区办
year: 2020
preamble: 现将有关情况报告如下：
sections:
  - title: 主要举措和成效
    part: measures
    body:
      - 全镇培训干部120人次。
  - {title: 存在的不足和原因, part: shortcomings, body: [学法不够深入。]}
  - {title: 第一责任人职责履行情况, part: duty, body: [主要负责人带头学法。]}
  - {title: 下一年度主要安排, part: plans, body: [继续加强学法。]}
  - {title: 其他需要报告的情况, part: other, body: [无。]}
metrics:
  - {label: 培训干部, value: 120, unit: 人次, sentence: 全镇培训干部120人次。}
metadata: {published: 2021-01-10}
signature:
  issuer: 测试镇人民政府
  date: 2021-01-05
"""


# ---- comparing built sites ----------------------------------------------------------------


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file of a built site → its SHA-256 (builds of the same content are equal,
    search index included)."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# ---- the repository stays clean ----------------------------------------------------------

BUILD_DIR_VAR = "GKGEN_BUILD_DIR"
# What a test run may leave in the repository: kept artefacts and tools' caches.
ALLOWED_TOP = {"test-output", ".pytest_cache", ".ruff_cache", ".mypy_cache", ".hypothesis"}
_build_dir = pytest.StashKey[tuple[Path, str | None]]()
_repo_paths = pytest.StashKey[set[str] | None]()


def pytest_configure(config: pytest.Config) -> None:
    """One temporary build folder for the session, before any test module is imported.

    Set in os.environ, so every subprocess (run_cli, `mkdocs build`, `mkdocs serve`, the CI
    workflow scripts) inherits it: work trees, nav.json, the build cache and the lock go
    there, not into the repository's build/.
    """
    folder = Path(tempfile.mkdtemp(prefix="gkgen-build-"))
    config.stash[_build_dir] = (folder, os.environ.get(BUILD_DIR_VAR))
    os.environ[BUILD_DIR_VAR] = str(folder)


def pytest_unconfigure(config: pytest.Config) -> None:
    folder, previous = config.stash.get(_build_dir, (None, None))
    if folder is None:
        return
    shutil.rmtree(folder, ignore_errors=True)
    if previous is None:
        os.environ.pop(BUILD_DIR_VAR, None)
    else:
        os.environ[BUILD_DIR_VAR] = previous


def repo_paths() -> set[str] | None:
    """Every untracked, ignored or modified path in the repository; None if not a checkout."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if Path(top).resolve() != REPO:
            return None  # a copy inside some other repository: not ours to judge
        out = subprocess.run(
            ["git", "status", "--porcelain", "-z", "--ignored", "--untracked-files=all"],
            cwd=REPO,
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8", "surrogateescape")
    except (OSError, subprocess.CalledProcessError):
        return None
    paths: set[str] = set()
    entries = iter(out.split("\0"))
    for entry in entries:
        if not entry:
            continue
        paths.add(entry[3:])
        if entry[0] in "RC":
            next(entries, None)  # a rename's or copy's source path follows
    return paths


# The editors' guide's screenshots, which tests/test_preview.py refreshes in place (tracked
# files: a changed one is committed with the change that made it).
GUIDE_IMAGES = "docs/guide/images/"


def allowed(path: str) -> bool:
    parts = Path(path).parts
    return parts[0] in ALLOWED_TOP or "__pycache__" in parts or path.startswith(GUIDE_IMAGES)


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_repo_paths] = repo_paths()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the session if the tests left anything new in the repository.

    The check compares `git status --ignored` before and after; a file created or changed
    by someone else while the suite runs is reported too.
    """
    before = session.config.stash.get(_repo_paths, None)
    if before is None:
        return
    after = repo_paths()
    new = sorted(p for p in (after or set()) - before if not allowed(p))
    if not new:
        return
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    write = reporter.write_line if reporter else functools.partial(print, file=sys.stderr)
    if reporter:
        reporter.write_sep("=", "the tests wrote into the repository", red=True)
    else:
        write("the tests wrote into the repository:")
    for path in new:
        write(f"  {path}")
    write("Write to tmp_path (or test-output/ for artefacts worth keeping).")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that uses the browser must say so, or `-m "not browser"` would start it."""
    unmarked = [
        item.nodeid
        for item in items
        if {"browser", "open_page"} & set(getattr(item, "fixturenames", ()))
        and item.get_closest_marker("browser") is None
    ]
    if unmarked:
        raise pytest.UsageError(
            "tests using the browser must be marked @pytest.mark.browser: " + ", ".join(unmarked)
        )


# ---- running the generator --------------------------------------------------------------


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve_site(folder: Path, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve a built site on localhost for the browser; yield its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = ThreadingHTTPServer((host, 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://{host}:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


class NotFoundHandler(QuietHandler):
    """A static server set up as the README says: 404.html answers every missing address."""

    not_found: Path

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404 or not self.not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve_with_404(folder: Path, not_found: Path, port: int = 0) -> Iterator[str]:
    """Serve ``folder`` on localhost (``port``, or a free one) with ``not_found`` for every
    missing path; yield the origin."""
    handler = type("Handler", (NotFoundHandler,), {"not_found": not_found})
    httpd = ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(handler, directory=str(folder))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def copy_project(tmp_path: Path) -> Path:
    """A scratch copy of the project as `mkdocs serve` and `mkdocs build` use it at its root:
    content/, seeds/, the theme overrides, the search dictionary and mkdocs.yml."""
    project = tmp_path / "project"
    for name in ("content", "seeds", "theme_overrides", "search"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return project


def run_cli(
    *args: str, cwd: Path = REPO, epoch: int | None = None, site_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m generator`` for real, as an editor would; ``epoch`` sets
    SOURCE_DATE_EPOCH, the day a build speaks for; ``site_url`` sets GKGEN_SITE_URL."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    if site_url is not None:
        env["GKGEN_SITE_URL"] = site_url
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def build_project(
    root: Path, *args: str, epoch: int | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m generator build` of root/content and root/seeds into root/site."""
    tree = ("--content", str(root / "content"), "--seeds", str(root / "seeds"))
    return run_cli(*tree, "build", "--site", str(root / "site"), *args, epoch=epoch)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A valid one-report content tree at tmp_path/content (seeds at tmp_path/seeds)."""
    root = tmp_path / "content"
    town = root / "ceshi" / "zhen"
    town.mkdir(parents=True)
    (root / "ceshi" / "_district.yml").write_text(MINIMAL_DISTRICT, encoding="utf-8")
    (town / "_town.yml").write_text(MINIMAL_TOWN, encoding="utf-8")
    (town / "2020.yml").write_text(MINIMAL_REPORT, encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    return root


# The engines the built-site fixtures are made with: each test of a built site — pages,
# search, accessibility, reading tools, safety, outside requests — runs once per engine,
# MkDocs (the default engine) and Zensical (the exit path), both in `make test`.
# GKGEN_TEST_ENGINES=mkdocs (or zensical: `make test-zensical`) runs one engine only.
SITE_ENGINES = [e for e in os.environ.get("GKGEN_TEST_ENGINES", "mkdocs,zensical").split(",") if e]


@pytest.fixture(scope="session", params=SITE_ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """The site engine of this run of the built-site fixtures: mkdocs, then zensical."""
    return str(request.param)


SiteOf = Callable[[str, str], Path]


@pytest.fixture(scope="session")
def site_of(tmp_path_factory: pytest.TempPathFactory) -> SiteOf:
    """``site_of(kind, engine)``: a site built once per session, kind and engine.

    kind "real" is content/ as published; "demo" is content/'s real reports plus clearly
    marked sample data (示例数据): several districts, towns and years, for browsing,
    comparison and accessibility tests, its records beside it in ``site.parent / "content"``.
    Shared by built_site and demo_site (one engine each) and by tests comparing engines.
    """
    built: dict[tuple[str, str], Path] = {}

    def build(kind: str, engine: str) -> Path:
        if (kind, engine) in built:
            return built[kind, engine]
        root = tmp_path_factory.mktemp(f"{kind}-{engine}")
        if kind == "real":
            proc = run_cli("build", "--engine", engine, "--site", str(root / "site"))
        else:
            from generator.sample import generate

            shutil.copytree(REPO / "content", root / "content")
            generate(root / "content", 36, seed=3, years=6, towns_per_district=3)
            proc = run_cli(
                "--content",
                str(root / "content"),
                "--seeds",
                str(REPO / "seeds"),
                "build",
                "--engine",
                engine,
                "--allow-sample",  # real and sample records together: a demo, refused without it
                "--site",
                str(root / "site"),
            )
        assert proc.returncode == 0, proc.stderr + proc.stdout
        built[kind, engine] = root / "site"
        return root / "site"

    return build


@pytest.fixture(scope="session")
def built_site(site_of: SiteOf, engine: str) -> Path:
    """The real site, built once per engine from content/ with `python -m generator build`."""
    return site_of("real", engine)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the test item, so fixtures can see a failure."""
    rep = yield
    setattr(item, f"rep_{rep.when}", rep)
    return rep


@pytest.fixture(scope="session")
def demo_site(site_of: SiteOf, engine: str) -> Path:
    """content/'s real reports plus clearly marked sample data (示例数据), built once per
    engine (see site_of); its records are in ``demo_site.parent / "content"``."""
    return site_of("demo", engine)


# ---- the browser ------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HOST = "127.0.0.1"
PAGE_TYPES = ["home", "district", "town", "report", "compare-index", "compare"]

OpenPage = Callable[..., Page]


def find_pages(site: Path) -> dict[str, str | None]:
    """One URL path per page type in a built site; None when the site has no such page."""

    def url(folder: Path) -> str:
        rel = folder.relative_to(site).as_posix()
        return "/" if rel == "." else f"/{rel}/"

    reports = sorted(p.parent for p in site.glob("*/*/[0-9][0-9][0-9][0-9]/index.html"))
    assert reports, f"no report pages (<district>/<town>/<year>/) in {site}"
    towns = sorted({r.parent for r in reports})
    districts = sorted({t.parent for t in towns})
    # The richest district and town: more rows in their tables, more to get wrong.
    district = max(
        districts, key=lambda d: (sum(t.parent == d for t in towns), -districts.index(d))
    )
    town = max(
        (t for t in towns if t.parent == district),
        key=lambda t: sum(r.parent == t for r in reports),
    )
    compares = sorted(p.parent for p in site.glob("compare/*/index.html"))
    return {
        "home": "/",
        "district": url(district),
        "town": url(town),
        "report": url(reports[0]),  # content/'s real report sorts first: the richest one
        "compare-index": "/compare/" if (site / "compare" / "index.html").is_file() else None,
        "compare": url(compares[0]) if compares else None,
    }


def page_path(pages: dict[str, str | None], kind: str) -> str:
    path = pages[kind]
    if path is None:
        pytest.skip(
            f"the demo site has no {kind} page yet (/compare/ not built): "
            "this case runs once comparison pages exist"
        )
    return path


@pytest.fixture(scope="module")
def site_url(demo_site: Path) -> Iterator[str]:
    """The demo site, served on 127.0.0.1."""
    with serve_site(demo_site, HOST) as url:
        yield url


@pytest.fixture(scope="module")
def pages(demo_site: Path) -> dict[str, str | None]:
    return find_pages(demo_site)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium (Playwright never downloads a browser of its own)."""
    if not CHROMIUM.exists():
        pytest.fail("Debian chromium is missing: run `make test`, which installs it")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


REQUESTS: dict[int, list[str]] = {}  # id(context) -> every URL its pages asked for


def offsite(context: BrowserContext) -> list[str]:
    """URLs a context requested from anywhere but the local test server."""
    return [
        u
        for u in REQUESTS.get(id(context), [])
        if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname != HOST
    ]


def safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("_")


@pytest.fixture
def open_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[OpenPage]:
    """Open a page in a fresh context (empty localStorage); record every request.

    Anything not for 127.0.0.1 is recorded, then aborted: a test never reaches the network.
    Motion is reduced (Material then drops its transitions), so states are final at once.
    On failure, every page the test opened is saved as test-output/<test>-failed[-N].png.
    """
    contexts: list[BrowserContext] = []

    def _open(width: int = 1280, height: int = 900, scale: float = 1) -> Page:
        ctx = browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=scale,
            locale="zh-CN",
            reduced_motion="reduce",
        )
        log: list[str] = []
        REQUESTS[id(ctx)] = log
        ctx.on("request", lambda req: log.append(req.url))
        ctx.route(
            lambda url: urlsplit(url).hostname not in (HOST, None), lambda route: route.abort()
        )
        contexts.append(ctx)
        return ctx.new_page()

    yield _open
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        OUTPUT.mkdir(exist_ok=True)
        shots = [pg for ctx in contexts for pg in ctx.pages if not pg.is_closed()]
        for n, pg in enumerate(shots):
            suffix = "" if n == 0 else f"-{n}"
            try:
                pg.screenshot(
                    path=str(OUTPUT / f"{safe_name(request.node.name)}-failed{suffix}.png"),
                    full_page=True,
                )
            except Exception as exc:
                print(f"screenshot of {pg.url} failed: {exc}")
    for ctx in contexts:
        REQUESTS.pop(id(ctx), None)
        ctx.close()


def wait_until_ready(page: Page) -> None:
    """Wait until a loaded page is as a reader finds it: text shown, its scripts set up.

    The page's heading is visible, and reading.js has turned Material's menu label into a
    button (the last thing it does when the document is parsed), so the font-size buttons'
    aria-pressed, the keyboard access to wide tables and the menu are in place. Call it
    after the load event: by then every script, deferred ones included, has run.
    """
    expect(page.locator("article h1").first).to_be_visible()
    expect(page.locator('.md-header label[for="__drawer"]')).to_have_attribute("role", "button")


def visit(page: Page, url: str) -> None:
    """Load a page (the load event: scripts, stylesheets, images) and wait until it is ready.

    Nothing loads later by itself: the search engine and its index are fetched only when a
    query is typed, so what a test checks next sees the whole page.
    """
    response = page.goto(url, wait_until="load")
    assert response is not None, url
    assert response.ok, f"{url}: HTTP {response.status}"
    wait_until_ready(page)


def assert_local_only(page: Page) -> None:
    outside = offsite(page.context)
    assert not outside, f"requests left {HOST}: {outside}"
