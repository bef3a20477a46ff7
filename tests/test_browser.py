"""A citizen in a real browser: Debian's chromium driven by Playwright, site on localhost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import OUTPUT, OpenPage, assert_local_only, serve_site, visit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    with serve_site(built_site) as url:
        yield url


def test_search_finds_the_report_and_opens_it(open_page: OpenPage, server: str) -> None:
    page = open_page(width=1280, height=900)
    visit(page, server + "/")
    page.get_by_label("搜索报告").fill("网格员")
    results = page.locator(".gk-search__list li")
    results.first.wait_for(timeout=15_000)
    assert "含“网格员”的页面" in page.locator(".gk-search__status").inner_text()
    hit = results.filter(has_text="黑溪镇")
    assert hit.count() >= 1
    assert "网格员" in hit.first.inner_text()
    assert hit.first.locator("mark").count() >= 1
    hit.first.locator("a").first.click()
    page.wait_for_url("**/qianjiang/heixi/2020/**")

    box = page.locator("section.gk-meta")
    assert box.is_visible()
    assert "黔江区黑溪镇人民政府" in box.inner_text()
    sentence = page.get_by_text("在主要街道、路口悬挂宣传横幅", exact=False).first
    assert sentence.is_visible()  # a sentence of section （4）
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "report-page.png"))
    assert_local_only(page)
