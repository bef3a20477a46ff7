"""Reading a report in a real browser: print view (打印), the print button, the font-size switch.

Same machinery as test_a11y.py (Debian's chromium, the demo site on 127.0.0.1, screenshots
of failing pages under test-output/): conftest's fixtures and helpers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import (
    OUTPUT,
    PAGE_TYPES,
    OpenPage,
    assert_local_only,
    page_path,
    visit,
    wait_until_ready,
)
from playwright.sync_api import Page

CHROME = [
    ".md-header",
    ".md-tabs",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-search",
    ".md-footer",
    ".md-top",
    ".md-skip",
    ".md-path",
    ".gk-tools",
    "[data-gk-print]",
]

A4_TEXT_WIDTH = 673  # CSS px between the 16 mm side margins of an A4 page (@page in the CSS)

# WCAG relative luminance contrast of an element's text colour against white paper.
CONTRAST_ON_WHITE = """e => {
  const [r, g, b] = getComputedStyle(e).color.match(/[\\d.]+/g).slice(0, 3).map(Number)
    .map(c => c / 255).map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}"""


def font_px(page: Page, selector: str = "article") -> float:
    return float(
        page.evaluate(
            f"parseFloat(getComputedStyle(document.querySelector({selector!r})).fontSize)"
        )
    )


def size_button(page: Page, label: str) -> object:
    return page.get_by_role("group", name="字号").get_by_role("button", name=label, exact=True)


def pressed(page: Page) -> list[str]:
    """Labels of the size buttons that say aria-pressed=true."""
    buttons = page.get_by_role("group", name="字号").get_by_role("button")
    return [b.inner_text() for b in buttons.all() if b.get_attribute("aria-pressed") == "true"]


# ---- print view ---------------------------------------------------------------------------


@pytest.mark.browser
def test_print_view_is_the_metadata_box_then_the_report(
    open_page: OpenPage, site_url: str, pages: dict[str, str | None]
) -> None:
    page = open_page(width=1280, height=900)
    visit(page, site_url + page_path(pages, "report"))
    assert page.locator(".gk-tools").is_visible()  # on screen, the toolbar is there
    page.emulate_media(media="print")

    shown = [sel for sel in CHROME for el in page.locator(sel).all() if el.is_visible()]
    assert shown == [], f"chrome still printed: {shown}"

    meta = page.locator("section.gk-meta")
    assert meta.is_visible()
    above = page.evaluate("""() => {
      const meta = document.querySelector('section.gk-meta');
      const top = meta.getBoundingClientRect().top;
      return [...document.body.querySelectorAll('*')].filter(e => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.bottom <= top + 1 && !e.contains(meta)
          && getComputedStyle(e).visibility === 'visible' && e.textContent.trim() !== '';
      }).map(e => e.tagName + '.' + e.className);
    }""")
    assert above == [], f"printed above the metadata box: {above}"
    h1 = page.locator("article h1").first
    assert meta.bounding_box()["y"] < h1.bounding_box()["y"]

    # Page breaks: headings stay with what follows; rows, tables, the box, the signature whole.
    breaks = page.evaluate("""() => {
      const css = (sel, prop) => { const e = document.querySelector(sel);
        return e ? getComputedStyle(e)[prop] : 'missing: ' + sel; };
      return {
        h2After: css('article h2', 'breakAfter'), h3After: css('article h3', 'breakAfter'),
        trInside: css('article tr', 'breakInside'),
        tableInside: css('article table', 'breakInside'),
        metaInside: css('section.gk-meta', 'breakInside'),
        signatureInside: css('.gk-signature', 'breakInside'),
        signatureBefore: css('.gk-signature', 'breakBefore'),
        theadDisplay: css('article thead', 'display'),
        orphans: css('article p', 'orphans'), widows: css('article p', 'widows'),
      };
    }""")
    assert breaks == {
        "h2After": "avoid",
        "h3After": "avoid",
        "trInside": "avoid",
        "tableInside": "avoid",
        "metaInside": "avoid",
        "signatureInside": "avoid",
        "signatureBefore": "avoid",
        "theadDisplay": "table-header-group",
        "orphans": "3",
        "widows": "3",
    }

    # Links readable on paper: dark (≥ 4.5:1 on white) and underlined.
    printed = [link for link in page.locator("article a[href]").all() if link.is_visible()]
    assert "下载原始文件（TXT，8 KB）" in [link.inner_text() for link in printed]
    for link in printed:
        contrast = link.evaluate(CONTRAST_ON_WHITE)
        underline = link.evaluate("e => getComputedStyle(e).textDecorationLine")
        assert contrast >= 4.5, (link.inner_text(), contrast)
        assert "underline" in underline, (link.inner_text(), underline)

    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "reading-print-view.png"))
    # The stylesheet's @page asks for A4 (595 x 842 pt); the report does not fit on one sheet.
    pdf = page.pdf(path=str(OUTPUT / "reading-print-report.pdf"), prefer_css_page_size=True)
    sizes = [
        (round(float(w)), round(float(h)))
        for w, h in re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    ]
    assert len(sizes) == len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= 2
    assert set(sizes) == {(595, 842)}, sizes
    assert_local_only(page)


@pytest.mark.browser
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_print_layout_fits_the_paper_width(
    open_page: OpenPage, site_url: str, pages: dict[str, str | None], kind: str
) -> None:
    """Paper cannot scroll: wide tables wrap to the A4 text width instead of shrinking the page."""
    path = page_path(pages, kind)
    page = open_page(width=A4_TEXT_WIDTH, height=1000)
    visit(page, site_url + path)
    page.emulate_media(media="print")
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    wide = page.evaluate(
        """w => [...document.querySelectorAll('article *')]
        .filter(e => e.getBoundingClientRect().right > w + 1)
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""",
        client_width,
    )
    assert scroll_width <= client_width, f"{path} wider than the paper: {wide}"
    assert_local_only(page)


# ---- print button ----------------------------------------------------------------------------


# Enter on a desktop, Space on a phone: one print per page, as Chromium ignores a second
# scripted print that follows the first within a couple of seconds.
@pytest.mark.browser
@pytest.mark.parametrize(
    ("width", "key"), [(1280, "Enter"), (360, " ")], ids=["desktop-Enter", "phone-Space"]
)
def test_print_button_prints_from_the_keyboard(
    open_page: OpenPage, site_url: str, pages: dict[str, str | None], width: int, key: str
) -> None:
    page = open_page(width=width, height=900)
    visit(page, site_url + page_path(pages, "report"))
    button = page.get_by_role("button", name="打印", exact=True)
    assert button.is_visible()
    assert button.evaluate("e => e.tagName") == "BUTTON"
    # The browser fires beforeprint when window.print() starts a print job.
    page.evaluate("window.gkPrints = 0; addEventListener('beforeprint', () => window.gkPrints++)")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-gk-print')"):
            break
    else:
        pytest.fail("the 打印 button is not in the Tab order")
    assert page.evaluate("window.gkPrints") == 0
    page.keyboard.press(key)
    page.wait_for_function("window.gkPrints === 1")
    assert_local_only(page)


# ---- font size --------------------------------------------------------------------------------


@pytest.mark.browser
def test_font_size_persists_across_pages_and_reloads(
    open_page: OpenPage, site_url: str, pages: dict[str, str | None]
) -> None:
    page = open_page(width=1280, height=900)
    report = site_url + page_path(pages, "report")
    visit(page, report)
    assert page.get_by_role("group", name="字号").is_visible()
    assert pressed(page) == ["中"]  # nothing saved yet: the default
    medium = font_px(page)
    medium_meta = font_px(page, "section.gk-meta")

    size_button(page, "大").click()
    assert pressed(page) == ["大"]
    large = font_px(page)
    assert large >= medium * 1.15
    assert font_px(page, "section.gk-meta") > medium_meta  # the box follows the text

    # Every page type, reached by loading it anew, opens at the chosen size.
    for kind in PAGE_TYPES:
        if pages[kind] is None:
            continue
        visit(page, site_url + pages[kind])
        assert page.evaluate("document.documentElement.dataset.gkFont") == "l", kind
        assert pressed(page) == ["大"], kind
        assert font_px(page) == large, kind
    page.reload(wait_until="load")
    wait_until_ready(page)
    assert pressed(page) == ["大"]
    assert font_px(page) == large

    # The keyboard works too: Tab to 小, Space.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.gkSize === 's'"):
            break
    else:
        pytest.fail("the 小 button is not in the Tab order")
    page.keyboard.press(" ")
    assert pressed(page) == ["小"]
    assert font_px(page) < medium

    again = page.context.new_page()  # another tab of the same browser
    visit(again, report)
    assert pressed(again) == ["小"]
    assert font_px(again) < medium
    size_button(again, "大").click()
    again.set_viewport_size({"width": 360, "height": 740})
    OUTPUT.mkdir(exist_ok=True)
    again.screenshot(path=str(OUTPUT / "reading-large-360.png"))
    assert_local_only(page)


@pytest.mark.browser
def test_saved_font_size_is_applied_before_the_body_exists(
    open_page: OpenPage, site_url: str, pages: dict[str, str | None]
) -> None:
    """No flash of the wrong size: the <html> attribute is set before <body> is parsed."""
    page = open_page()
    visit(page, site_url + page_path(pages, "town"))
    size_button(page, "大").click()

    fresh = page.context.new_page()
    fresh.add_init_script("""
      new MutationObserver((_, observer) => {
        if (!document.body) return;
        window.gkAtBody = document.documentElement.getAttribute('data-gk-font');
        observer.disconnect();
      }).observe(document, {childList: true, subtree: true});
    """)
    visit(fresh, site_url + page_path(pages, "report"))
    assert fresh.evaluate("window.gkAtBody") == "l"
    assert_local_only(page)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_font_size_is_applied_by_a_blocking_head_script(
    demo_site: Path, pages: dict[str, str | None], kind: str
) -> None:
    """The size is applied before the body paints, by a synchronous same-origin script in
    <head> (nothing inline: the Content-Security-Policy allows no inline script); the
    rest of the reading tools load deferred."""
    path = page_path(pages, kind)
    html = (demo_site / path.strip("/") / "index.html").read_text(encoding="utf-8")
    head = BeautifulSoup(html, "html.parser").head
    assert head.find_all("script", src=False) == []
    scripts = head.find_all("script", src=True)
    boot = [s for s in scripts if s["src"].endswith("assets/javascripts/head.js")]
    assert len(boot) == 1
    assert not boot[0].has_attr("defer")
    assert not boot[0].has_attr("async")
    assert not boot[0]["src"].startswith(("http:", "https:", "//"))
    code = (demo_site / "assets/javascripts/head.js").read_text(encoding="utf-8")
    assert "data-gk-font" in code
    assert "localStorage" in code
    reading = [s for s in scripts if "reading.js" in s["src"]]
    assert len(reading) == 1
    assert reading[0].has_attr("defer")
