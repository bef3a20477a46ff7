"""A citizen in a real browser: Debian's chromium driven by Playwright, site on localhost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import OUTPUT, serve_site
from playwright import sync_api as playwright

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    with serve_site(built_site) as url:
        yield url


@pytest.fixture
def page(request: pytest.FixtureRequest) -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Debian chromium is missing: run `make test`, which installs it")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        pg.requests = []  # every URL the page asked for
        pg.on("request", lambda req: pg.requests.append(req.url))
        yield pg
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            OUTPUT.mkdir(exist_ok=True)
            pg.screenshot(path=str(OUTPUT / f"{request.node.name}-failed.png"), full_page=True)
        browser.close()


def test_search_finds_the_report_and_opens_it(page: object, server: str) -> None:
    page.goto(server + "/")
    page.get_by_label("搜索报告").fill("网格员")
    results = page.locator(".gk-search__list li")
    results.first.wait_for(timeout=15_000)
    assert "含“网格员”的页面" in page.locator(".gk-search__status").inner_text()
    hit = results.filter(has_text="黑溪镇")
    assert hit.count() >= 1
    assert "网格员" in hit.first.inner_text() and hit.first.locator("mark").count() >= 1
    hit.first.locator("a").first.click()
    page.wait_for_url("**/qianjiang/heixi/2020/**")

    box = page.locator("section.gk-meta")
    assert box.is_visible()
    assert "黔江区黑溪镇人民政府" in box.inner_text()
    sentence = page.get_by_text("在主要街道、路口悬挂宣传横幅", exact=False).first
    assert sentence.is_visible()  # a sentence of section （4）
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "report-page.png"))

    hosts = {urlsplit(url).hostname for url in page.requests}
    assert hosts == {"127.0.0.1"}, f"requests left localhost: {sorted(hosts)}"
