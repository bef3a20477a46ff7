"""Accessibility of the public site in a real browser (WCAG 2.1 AA, which GB/T 37668 follows).

Debian's chromium, driven by Playwright, reads the real demo site (real content plus sample
data) served on 127.0.0.1. axe-core comes bundled in axe-playwright-python: nothing is
fetched. Every page a test opened is kept as a screenshot under test-output/ if it fails.
The browser, the served site and the page helpers are conftest's.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import OUTPUT, PAGE_TYPES, OpenPage, assert_local_only, page_path, visit
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# 360 px: a small phone. 200% zoom of a 1280 px window: 640 CSS px at device scale 2.
NARROW = {"360px": (360, 740, 1), "zoom200": (640, 800, 2)}
BLOCKING = {"serious", "critical"}


def blocking_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations, one readable line each."""
    results: dict[str, Any] = Axe().run(page).response
    lines = []
    for v in results["violations"]:
        if v["impact"] in BLOCKING:
            where = ["/".join(map(str, n["target"])) for n in v["nodes"][:4]]
            lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']} at {where}")
    return lines


# ---- axe-core ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1280, 360], ids=["desktop", "phone"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_no_serious_violation(
    open_page: OpenPage, site_url: str, pages: dict[str, str | None], kind: str, width: int
) -> None:
    path = page_path(pages, kind)
    page = open_page(width=width, height=900)
    visit(page, site_url + path)
    assert page.locator("article h1").first.is_visible()
    assert blocking_violations(page) == [], f"axe-core on {kind} page {path} at {width}px"
    assert_local_only(page)


def test_axe_with_the_navigation_drawer_open(
    open_page: OpenPage, site_url: str, pages: dict[str, str | None]
) -> None:
    """On a phone the navigation is a drawer; opened by keyboard, it must pass too."""
    page = open_page(width=360, height=740)
    visit(page, site_url + page_path(pages, "town"))
    menu = page.locator('.md-header label[for="__drawer"]')
    assert menu.get_attribute("role") == "button"
    assert menu.get_attribute("tabindex") == "0"
    assert menu.get_attribute("aria-expanded") == "false"
    menu.focus()
    page.keyboard.press("Enter")
    assert page.locator("#__drawer").is_checked()
    assert menu.get_attribute("aria-expanded") == "true"
    focused = page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null")
    assert focused, "opening the menu moves focus into it"
    assert blocking_violations(page) == []
    page.keyboard.press("Escape")
    assert not page.locator("#__drawer").is_checked()
    assert page.evaluate("document.activeElement.getAttribute('for')") == "__drawer"
    assert_local_only(page)


# ---- keyboard ---------------------------------------------------------------------------

FOCUS_STATE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const cs = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  let opacity = 1;
  for (let n = e; n && n.nodeType === 1; n = n.parentElement) opacity *= +getComputedStyle(n).opacity;
  const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
    && r.left < innerWidth && r.top < innerHeight;
  const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2)
    || cs.boxShadow !== 'none';
  return {
    what: e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '')
      + ' ' + (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 20),
    href: e.tagName === 'A' ? e.href : null,
    shown: onScreen && opacity > 0.5 && cs.visibility === 'visible',
    ring,
  };
}"""


def is_report_url(url: str) -> bool:
    return re.fullmatch(r"/[^/]+/[^/]+/\d{4}/", urlsplit(url).path) is not None


@pytest.mark.parametrize("width", [1280, 360], ids=["desktop", "phone"])
def test_keyboard_alone_reaches_and_opens_a_report(
    open_page: OpenPage, site_url: str, width: int
) -> None:
    """From the home page, Tab and Enter only: every stop on the way shows where focus is."""
    page = open_page(width=width, height=900)
    visit(page, site_url + "/")
    stops: list[dict[str, Any]] = []
    target: str | None = None
    for _ in range(120):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            continue
        stops.append(state)
        if state["href"] and is_report_url(state["href"]):
            target = state["href"]
            break
    assert target, f"no report link within 120 Tab presses; stops: {[s['what'] for s in stops]}"
    hidden = [s["what"] for s in stops if not (s["shown"] and s["ring"])]
    assert hidden == [], f"focus not visible on: {hidden}"
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"a11y-keyboard-focus-{width}.png"))
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert page.locator("section.gk-meta").is_visible()
    assert "报告" in page.locator("article h1").first.inner_text()
    assert_local_only(page)


# ---- reflow: 360 px and 200% zoom --------------------------------------------------------

# Every table, figure and code block either fits the viewport or sits in a box that scrolls
# sideways by itself, fits the viewport, and can take keyboard focus (to be scrolled).
REFLOW = """() => {
  const vw = document.documentElement.clientWidth;
  const problems = [], scrolling = [];
  const name = e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '');
  const fits = e => { const r = e.getBoundingClientRect(); return r.left >= -1 && r.right <= vw + 1; };
  for (const el of document.querySelectorAll('article table, article figure, article pre')) {
    if (fits(el)) continue;
    let box = el;  // the nearest box that scrolls sideways and itself fits the page
    for (; box && box !== document.body; box = box.parentElement) {
      const o = getComputedStyle(box).overflowX;
      if ((o === 'auto' || o === 'scroll') && fits(box)) break;
    }
    if (!box || box === document.body) {
      problems.push(name(el) + ' is wider than the page and in no scrolling box');
      continue;
    }
    scrolling.push(name(box));
    const focusable = box.tabIndex >= 0
      || box.querySelector('a[href], button, input, [tabindex]:not([tabindex="-1"])');
    if (!focusable) problems.push(name(box) + ' scrolls but cannot take keyboard focus');
  }
  return {width: [document.documentElement.scrollWidth, vw], problems, scrolling};
}"""


@pytest.mark.parametrize("viewport", list(NARROW))
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_nothing_scrolls_sideways(
    open_page: OpenPage, site_url: str, pages: dict[str, str | None], kind: str, viewport: str
) -> None:
    path = page_path(pages, kind)
    width, height, scale = NARROW[viewport]
    page = open_page(width=width, height=height, scale=scale)
    visit(page, site_url + path)
    state = page.evaluate(REFLOW)
    scroll_width, client_width = state["width"]
    assert scroll_width <= client_width, f"{path} scrolls sideways at {viewport}: {state}"
    assert state["problems"] == []
    assert_local_only(page)


def test_wide_table_scrolls_inside_its_box_by_keyboard(open_page: OpenPage, site_url: str) -> None:
    """The home page's status matrix (towns × years) is wider than a phone: its own box scrolls."""
    page = open_page(width=360, height=740)
    visit(page, site_url + "/")
    state = page.evaluate(REFLOW)
    assert state["scrolling"], "expected a table wider than 360px on the home page"
    assert state["width"][0] <= state["width"][1]
    box = page.locator("article table").first
    for _ in range(200):  # Tab, as a keyboard user would, until the scrolling box has focus
        page.keyboard.press("Tab")
        if page.evaluate(
            """() => { const e = document.activeElement;
                   return e !== document.body && e.scrollWidth > e.clientWidth + 1
                     && e.querySelector('table') !== null; }"""
        ):
            break
    else:
        pytest.fail("the scrolling table box is not in the Tab order")
    assert page.evaluate("document.activeElement.scrollLeft") == 0
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.activeElement.scrollLeft > 0")
    assert page.evaluate("document.documentElement.scrollLeft") == 0, "the page itself moved"
    assert box.is_visible()
    assert_local_only(page)
