"""Defence in depth: every page carries a Content-Security-Policy that lets no inline script run.

The policy is a <meta http-equiv> (theme_overrides/main.html): script only from the site's
own files (the search box is plain script: no WebAssembly, no eval); no inline script or
event handler, so even if
escaping ever failed an injected handler could not run. The theme keeps no executable
inline script (Material's and ours live in assets/javascripts/head.js and
material-snippets.js). Checked here on every page type of the real site, the demo site,
the 404 page at any depth and under a sub-path, a Zensical build, and `mkdocs serve`
(whose live-reload script is inline, so previews, and only previews, allow inline script).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import (
    HOST,
    PAGE_TYPES,
    OpenPage,
    assert_local_only,
    copy_project,
    find_pages,
    run_cli,
    serve_site,
    serve_with_404,
    visit,
    wait_until_ready,
)
from playwright.sync_api import ConsoleMessage, Page, expect

from generator.edit import free_port

POLICY = (
    "default-src 'none'; script-src 'self'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)

# Types under which a browser executes a <script> (the HTML standard's JavaScript MIME
# type essences, plus "module"); anything else, such as Material's application/json
# configuration, is data and not subject to script-src.
JS_TYPES = {
    "",
    "module",
    "application/ecmascript",
    "application/javascript",
    "application/x-ecmascript",
    "application/x-javascript",
    "text/ecmascript",
    "text/javascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
    "text/jscript",
    "text/livescript",
    "text/x-ecmascript",
    "text/x-javascript",
}

# Collects every violation the page reports, from the first byte of each document.
COLLECT = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || '?'}`
    + ` at ${e.sourceFile || '?'}:${e.lineNumber} ${e.sample || ''}`);
}, true);
"""


# ---- helpers --------------------------------------------------------------------------------


class Watched:
    """A page whose CSP violations, CSP console messages and script errors are recorded."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        self.errors: list[str] = []
        page.add_init_script(COLLECT)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))

    def _console(self, msg: ConsoleMessage) -> None:
        text = msg.text.lower()  # Chromium writes "Content Security Policy" and "…policy"
        if "content security policy" in text or "content-security-policy" in text:
            self.console.append(f"{self.page.url}: {msg.text}")

    def violations(self) -> list[str]:
        return list(self.page.evaluate("window.__csp"))

    def assert_clean(self, where: str) -> None:
        assert self.violations() == [], where
        assert self.console == [], where
        assert self.errors == [], where


def is_executable(script: Tag) -> bool:
    kind = str(script.get("type", "")).strip().lower()
    return kind.split(";")[0].strip() in JS_TYPES


def loads_or_runs(tag: Tag) -> bool:
    """Would a <head> element, met before the policy, escape it (script, style, fetch)?"""
    if tag.name in ("script", "style", "iframe", "object", "embed"):
        return True
    if tag.name == "link":
        rels = {str(r).lower() for r in tag.get_attribute_list("rel") if r}
        return bool(rels & {"stylesheet", "preload", "modulepreload", "prefetch", "import"})
    return False


def head_problems(html: str) -> list[str]:
    """Where the page's <head> falls short: the policy missing, doubled, wrong or late."""
    head = BeautifulSoup(html, "html.parser").head
    assert head is not None
    metas = head.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    if len(metas) != 1:
        return [f"{len(metas)} CSP <meta> elements"]
    problems = []
    if metas[0].get("content") != POLICY:
        problems.append(f"policy is {metas[0].get('content')!r}")
    for tag in head.find_all(True):
        if tag is metas[0]:
            break
        if loads_or_runs(tag):
            problems.append(f"<{tag.name}> before the policy: {str(tag)[:80]}")
    return problems


URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href")


def inline_code(html: str) -> list[str]:
    """Executable inline scripts, on* handler attributes and javascript: URLs in a page."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for script in soup.find_all("script"):
        if not script.get("src") and is_executable(script):
            found.append(f"inline <script>: {script.get_text()[:60]!r}")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}=…>")
            url = str(value).strip().lower()
            if name.lower() in URL_ATTRS and url.startswith("javascript:"):
                found.append(f"<{tag.name} {name}={value!r}>")
    return found


def all_pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 5, site
    return pages


def head_order_in_browser(page: Page) -> dict[str, int]:
    """Positions, among <head>'s children as parsed, of the policy and the first script."""
    return page.evaluate("""() => {
      const kids = [...document.head.children];
      const meta = kids.findIndex(e => e.matches('meta[http-equiv="Content-Security-Policy"]'));
      const run = kids.findIndex(e => e.matches('script, style, link[rel~="stylesheet"]'));
      return {meta, run, metas: document.querySelectorAll(
        'meta[http-equiv="Content-Security-Policy"]').length};
    }""")


def open_404(page: Page, url: str) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None, url
    assert response.status == 404, url
    wait_until_ready(page)
    expect(page.locator("article h1")).to_have_text("404 - 页面不存在")


def search(page: Page, query: str = "网格员") -> None:
    """Use the header search box (the site's own index) and wait for its results."""
    page.get_by_label("搜索报告").fill(query)
    page.locator(".gk-search__list li").first.wait_for(timeout=20_000)
    assert f"含“{query}”" in page.locator(".gk-search__status").inner_text()


def material_works(page: Page) -> None:
    """Material's bundle ran on the storage helpers head.js now defines."""
    expect(page.locator("html")).to_have_class(
        re.compile(r"(^|\s)js(\s|$)")
    )  # the bundle's first act: no-js → js
    assert page.evaluate("""() => {
      __md_set('gk-csp-check', 7);
      return __md_get('gk-csp-check') === 7
        && localStorage.getItem(__md_scope.pathname + '.gk-csp-check') === '7';
    }""")


# ---- sites ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    """content/ published under a sub-path (GKGEN_SITE_URL …/gk/), once per engine; returns
    the server root."""
    root = tmp_path_factory.mktemp(f"subpath-{engine}")
    url = "https://fzzf.example.gov.cn/gk/"
    proc = run_cli("build", "--engine", engine, "--site", str(root / "gk"), site_url=url)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return root


# Each built once per engine (conftest's engine parameter): MkDocs and Zensical.
SITES = ["built", "demo"]


@pytest.fixture
def site(request: pytest.FixtureRequest, engine: str) -> Path:
    name = {"built": "built_site", "demo": "demo_site"}
    return Path(request.getfixturevalue(name[request.param]))


# ---- (3) the built HTML: the policy first, no inline code ---------------------------------


@pytest.mark.parametrize("site", SITES, indirect=True)
def test_every_page_has_the_policy_before_anything_runs(site: Path) -> None:
    problems = {
        str(p.relative_to(site)): found
        for p in all_pages(site)
        if (found := head_problems(p.read_text(encoding="utf-8")))
    }
    assert problems == {}


@pytest.mark.parametrize("site", SITES, indirect=True)
def test_no_page_has_inline_script_or_handlers(site: Path) -> None:
    found = {
        str(p.relative_to(site)): code
        for p in all_pages(site)
        if (code := inline_code(p.read_text(encoding="utf-8")))
    }
    assert found == {}
    # The check itself sees what it should: Material's data block is not code, these are.
    assert inline_code('<script id="__config" type="application/json">{}</script>') == []
    assert len(inline_code("<script>x()</script><script type=module>y()</script>")) == 2
    assert len(inline_code('<img src=x onerror="x()"><a href=" JavaScript:x()">a</a>')) == 2


# ---- (1) every page type in the browser: no violation, everything still works --------------


@pytest.mark.browser
@pytest.mark.parametrize("site", SITES, indirect=True)
def test_no_violation_on_any_page_while_reading_and_searching(
    open_page: OpenPage, site: Path
) -> None:
    pages = find_pages(site)
    with serve_with_404(site, site / "404.html") as url:
        watched = Watched(open_page(width=1280, height=900))
        page = watched.page
        kinds = [k for k in PAGE_TYPES if pages[k] is not None]
        assert {"home", "district", "town", "report"} <= set(kinds)

        # The font-size switch on the first page; every later page must open at that size.
        visit(page, url + "/")
        page.get_by_role("group", name="字号").get_by_role("button", name="大").click()
        expect(page.locator("html")).to_have_attribute("data-gk-font", "l")

        for kind in kinds:
            visit(page, url + str(pages[kind]))
            where = f"{kind} {pages[kind]}"
            order = head_order_in_browser(page)
            assert order["metas"] == 1, where
            assert 0 <= order["meta"] < order["run"], where
            assert page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content") == (
                POLICY
            )
            expect(page.locator("html")).to_have_attribute("data-gk-font", "l")
            material_works(page)
            watched.assert_clean(where)

        # The search box: plain script over the site's own index, under the same policy.
        visit(page, url + str(pages["report"]))
        search(page)
        assert page.locator(".gk-search__list a").count() >= 1
        watched.assert_clean("search")

        # Material's table of contents follows the reading position (toc.follow).
        page.locator("article h2").last.scroll_into_view_if_needed()
        expect(page.locator(".md-sidebar--secondary .md-nav__link--active").first).to_be_attached()

        # The 404 page, served for a missing page deep in the site (root-relative assets).
        open_404(page, url + "/no/such/page/here/")
        expect(page.locator("html")).to_have_attribute("data-gk-font", "l")
        material_works(page)
        search(page)
        watched.assert_clean("404")
        assert_local_only(page)


@pytest.mark.browser
def test_search_in_a_browser_that_cannot_inflate_gzip(
    open_page: OpenPage, built_site: Path
) -> None:
    """Browsers before DecompressionStream (Safari before 16.4: older iPhones) read the
    plain copy of each document; modern ones the gzipped one. Both under the policy."""
    with serve_site(built_site) as url:
        for old in (True, False):
            watched = Watched(open_page())
            page = watched.page
            fetched: list[str] = []
            page.on("request", lambda r, seen=fetched: seen.append(r.url))
            if old:
                page.add_init_script("delete window.DecompressionStream")
            visit(page, url + "/")
            search(page)
            documents = [u for u in fetched if "/search-index/d/" in u]
            assert documents
            assert all(u.endswith(".json" if old else ".gz") for u in documents), documents
            watched.assert_clean("old browser" if old else "modern browser")
            assert_local_only(page)


@pytest.mark.browser
def test_404_page_under_a_sub_path(open_page: OpenPage, subpath_site: Path) -> None:
    site = subpath_site / "gk"
    assert head_problems((site / "404.html").read_text(encoding="utf-8")) == []
    with serve_with_404(subpath_site, site / "404.html") as url:
        watched = Watched(open_page())
        page = watched.page
        missing = url + "/gk/qianjiang/nowhere/2099/"
        open_404(page, missing)
        assert page.evaluate("__md_scope.pathname") == "/gk/"
        material_works(page)
        search(page)
        page.locator(".gk-search__list a").first.click()
        page.wait_for_url("**/gk/qianjiang/heixi/2020/")
        wait_until_ready(page)
        page.get_by_role("group", name="字号").get_by_role("button", name="小").click()
        open_404(page, missing)  # the 404 page has no switch, but opens at the chosen size
        expect(page.locator("html")).to_have_attribute("data-gk-font", "s")
        watched.assert_clean("sub-path")
        assert_local_only(page)


# ---- (2) if escaping ever failed, injected code still would not run ------------------------


INJECTED = '<img src="x" onerror="window.__pwned=1"><script>window.__pwned=2</script>'


def with_injection(site: Path, into: Path, *, keep_policy: bool = True) -> str:
    """A copy of the site whose real report page carries injected markup in its article."""
    shutil.copytree(site, into)
    report = str(find_pages(site)["report"])
    page = into / report.strip("/") / "index.html"
    html = page.read_text(encoding="utf-8")
    assert html.count('<article class="md-content__inner md-typeset">') == 1
    html = html.replace(
        '<article class="md-content__inner md-typeset">',
        '<article class="md-content__inner md-typeset">' + INJECTED,
    )
    if not keep_policy:
        html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html, count=1)
        assert "Content-Security-Policy" not in html
    page.write_text(html, encoding="utf-8")
    return report


@pytest.mark.browser
def test_injected_handler_and_script_are_blocked(
    open_page: OpenPage, built_site: Path, tmp_path: Path
) -> None:
    report = with_injection(built_site, tmp_path / "site")
    with serve_site(tmp_path / "site") as url:
        watched = Watched(open_page())
        page = watched.page
        visit(page, url + report)
        page.wait_for_function("window.__csp.length >= 2", timeout=10_000)
        assert page.evaluate("window.__pwned") is None  # undefined: neither ran
        blocked = " ".join(watched.violations())
        assert "script-src-elem blocked inline" in blocked  # the <script>
        assert "script-src-attr blocked inline" in blocked  # the onerror handler
        assert watched.console  # Chromium says so in the console too
        material_works(page)  # the page's own scripts still ran
        assert_local_only(page)


@pytest.mark.browser
def test_the_injection_would_run_without_the_policy(
    open_page: OpenPage, built_site: Path, tmp_path: Path
) -> None:
    """The control for the test above: the same page without its <meta> runs the injection."""
    report = with_injection(built_site, tmp_path / "site", keep_policy=False)
    with serve_site(tmp_path / "site") as url:
        page = open_page()
        visit(page, url + report)
        page.wait_for_function("window.__pwned === 1", timeout=10_000)  # 2, then onerror's 1


# ---- previews: `mkdocs serve` injects an inline live-reload script -------------------------


def served(url: str, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


@pytest.mark.browser
def test_live_reload_still_works_in_mkdocs_serve(open_page: OpenPage, tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    port = free_port(HOST)
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"{HOST}:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://{HOST}:{port}/qianjiang/heixi/2020/"
        assert served(url), "mkdocs serve never showed the report"
        watched = Watched(open_page())
        page = watched.page
        reloads: list[str] = []
        page.on("console", lambda m: reloads.append(m.text) if "live reload" in m.text else None)
        visit(page, url)
        policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
        assert policy == POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        page.wait_for_function("document.readyState === 'complete'")
        for _ in range(50):
            if reloads:
                break
            page.wait_for_timeout(100)
        assert reloads == ["Enabled live reload"]  # MkDocs's inline script ran
        record = project / "content/qianjiang/heixi/2020.yml"
        text = record.read_text(encoding="utf-8")
        record.write_text(
            text.replace("健全组织机构，明确责任落实", "健全组织机构（已修改）"), encoding="utf-8"
        )
        # The page reloads by itself once the rebuild is done.
        expect(page.locator("article")).to_contain_text("健全组织机构（已修改）", timeout=60_000)
        watched.assert_clean("serve")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
