"""Who runs the site, Chinese typography and the elder-friendly tools (issue #14, part C).

The footer says who sponsors and runs the site, with its filing numbers and links, from
mkdocs.yml's extra.gk_site; placeholders are marked on the page and `check --strict` lists
them. Pages say lang="zh-CN", use Chinese system fonts and keep short tokens (2020年度,
黑溪镇) on one line; the title is in full contrast. 高对比度 persists across pages and
朗读 reads the page with the browser's own speech synthesis. Checked on real builds (the
real site and the demo of real plus sample reports) and in Debian's chromium.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import (
    PAGE_TYPES,
    REPO,
    OpenPage,
    assert_local_only,
    find_pages,
    page_path,
    run_cli,
    serve_site,
    visit,
)
from playwright.sync_api import Page
from test_a11y import blocking_violations

from generator.site_identity import FIELDS

LABELS = ["主办单位", "承办单位", "联系方式", "网站标识码", "ICP 备案号", "公安备案号"]
LINKS = ["政府信息公开指南", "依申请公开", "纠错"]
FILLED = {
    "sponsor": "测试市测试区人民政府办公室",
    "organizer": "测试市测试区司法局",
    "contact": "023-12345678",
    "site_code": "5001140001",
    "icp": "渝ICP备12345678号",
    "police": "渝公网安备 50011402000001号",
    "police_url": "https://beian.mps.gov.cn/#/query/webSearch?code=50011402000001",
    "guide_url": "https://www.example.gov.cn/zwgk/zn/",
    "apply_url": "/ysqgk/",
    "correction": "jiucuo@example.gov.cn",
}


def html_pages(site: Path) -> list[Path]:
    """One built page per page type (the ones the site has)."""
    pages = find_pages(site)
    return [
        site / p.strip("/") / "index.html" if p != "/" else site / "index.html"
        for p in pages.values()
        if p is not None
    ]


def footer(page: Path) -> BeautifulSoup:
    found = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(
        "footer.md-footer"
    )
    assert found is not None, page
    return found


# ---- who runs the site ---------------------------------------------------------------------


@pytest.mark.parametrize("which", ["built_site", "demo_site"])
@pytest.mark.usefixtures("engine")  # built_site/demo_site: once per engine
def test_footer_marks_every_unfilled_item_as_a_placeholder(
    which: str, request: pytest.FixtureRequest
) -> None:
    """The repository's mkdocs.yml ships placeholders: each shows as （待填写）, with no
    number and no link, on every page type."""
    site: Path = request.getfixturevalue(which)
    for page in [*html_pages(site), site / "404.html"]:
        foot = footer(page)
        terms = [dt.get_text(strip=True) for dt in foot.select("dl.gk-site__list dt")]
        assert terms == LABELS, page
        for dd in foot.select("dl.gk-site__list dd"):
            assert dd.get_text(strip=True) == "（待填写）"
            assert dd.select_one(".gk-placeholder") is not None
            assert dd.find("a") is None
        links = foot.select("nav.gk-site__links li")
        assert [li.get_text(strip=True) for li in links] == [f"{t}（待填写）" for t in LINKS]
        assert foot.select("nav.gk-site__links a") == []
        assert not re.search(r"\d{4,}", foot.get_text()), "no number may stand in for one"


@pytest.fixture(scope="module")
def filled_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real site built with a mkdocs.yml whose extra.gk_site is filled in."""
    root = tmp_path_factory.mktemp("filled")
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("custom_dir: theme_overrides", f"custom_dir: {REPO / 'theme_overrides'}")
    block = "  gk_site:\n" + "".join(f"    {k}: {v!r}\n" for k, v in FILLED.items())
    text = re.sub(r"  gk_site:\n(    .*\n)+", block, text)
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    site = root / "site"
    proc = run_cli(
        "--content",
        str(REPO / "content"),
        "--seeds",
        str(REPO / "seeds"),
        "build",
        "--config",
        str(root / "mkdocs.yml"),
        "--site",
        str(site),
        cwd=root,
    )
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return root / "mkdocs.yml", site


def test_filled_footer_names_the_site_and_links_the_filing_lookup(
    filled_site: tuple[Path, Path],
) -> None:
    _, site = filled_site
    for page in html_pages(site):
        foot = footer(page)
        values = {
            dt.get_text(strip=True): dd
            for dt, dd in zip(foot.select("dt"), foot.select("dd"), strict=True)
        }
        assert values["主办单位"].get_text(strip=True) == FILLED["sponsor"]
        assert values["承办单位"].get_text(strip=True) == FILLED["organizer"]
        assert values["联系方式"].get_text(strip=True) == FILLED["contact"]
        assert values["网站标识码"].get_text(strip=True) == FILLED["site_code"]
        icp = values["ICP 备案号"].find("a")
        assert icp.get_text(strip=True) == FILLED["icp"]
        assert icp["href"] == "https://beian.miit.gov.cn/"
        assert values["公安备案号"].find("a")["href"] == FILLED["police_url"]
        links = {a.get_text(strip=True): a["href"] for a in foot.select("nav.gk-site__links a")}
        assert links == {
            "政府信息公开指南": FILLED["guide_url"],
            "依申请公开": FILLED["apply_url"],
            "纠错": "mailto:" + FILLED["correction"],
        }
        assert foot.select(".gk-placeholder") == []


def test_check_strict_warns_while_the_footer_is_unfilled(filled_site: tuple[Path, Path]) -> None:
    plain = run_cli("check")
    assert "gk_site" not in plain.stderr + plain.stdout
    strict = run_cli("check", "--strict")
    assert strict.returncode == 1
    lines = [ln for ln in strict.stderr.splitlines() if ln.startswith("mkdocs.yml:")]
    assert len(lines) == len(FIELDS), strict.stderr
    for line, (key, label) in zip(lines, FIELDS.items(), strict=True):
        assert f"extra.gk_site.{key}" in line
        assert f"“{label}”尚未填写" in line
        assert "mkdocs.yml" in line.split(": ", 1)[1]
        number = int(line.split(":")[1])
        assert key in (REPO / "mkdocs.yml").read_text(encoding="utf-8").splitlines()[number - 1]
    config, _ = filled_site
    filled = run_cli("check", "--strict", "--config", str(config))
    assert "gk_site" not in filled.stderr, filled.stderr


# ---- typography ----------------------------------------------------------------------------

FONT_STACK = ["PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC"]

# WCAG contrast of an element's text against the first opaque background behind it
# (semi-transparent text, like Material's, is composited over that background first).
CONTRAST = """e => {
  const rgba = s => { const v = s.match(/[\\d.]+/g).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
  let bg = null;
  for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
    const c = rgba(getComputedStyle(n).backgroundColor);
    if (c[3] === 1) { bg = c; break; }
  }
  bg = bg || [255, 255, 255, 1];
  const fg = rgba(getComputedStyle(e).color);
  const mix = fg.slice(0, 3).map((c, i) => c * fg[3] + bg[i] * (1 - fg[3]));
  const lum = c => { const [r, g, b] = c.map(x => x / 255)
    .map(x => x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [a, b] = [lum(mix), lum(bg.slice(0, 3))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""

# On how many lines does each occurrence of ``token`` inside ``selector`` lie?
LINES_OF = """([selector, token]) => {
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const text = el.textContent;
    let at = text.indexOf(token);
    if (at < 0) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const nodes = []; let pos = 0;
    while (walker.nextNode()) { nodes.push([walker.currentNode, pos]); pos += walker.currentNode.length; }
    const place = i => { for (const [n, p] of nodes) if (i < p + n.length) return [n, i - p]; };
    const range = document.createRange();
    range.setStart(...place(at));
    const [endNode, endOffset] = place(at + token.length - 1);
    range.setEnd(endNode, endOffset + 1);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    out.push(tops.size);
  }
  return out;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 360])
def test_pages_are_zh_cn_in_chinese_system_fonts(
    open_page: OpenPage, built_site: Path, width: int
) -> None:
    with serve_site(built_site) as url:
        page = open_page(width=width)
        for path in find_pages(built_site).values():
            if path is None:
                continue
            visit(page, url + path)
            assert page.evaluate("document.documentElement.lang") == "zh-CN"
            for selector in ("body", "article h1", "article p"):
                family = page.evaluate(
                    f"getComputedStyle(document.querySelector({selector!r})).fontFamily"
                )
                names = [f.strip().strip('"') for f in family.split(",")]
                assert names[: len(FONT_STACK)] == FONT_STACK, (selector, family)
                assert names[-1] == "sans-serif"
            # No web font: no @font-face at all, and nothing fetched but the site's own.
            assert page.evaluate("document.fonts.size") == 0
            assert (
                page.evaluate(
                    "performance.getEntriesByType('resource').filter(r => /\\.(woff2?|ttf|otf)/.test(r.name)).length"
                )
                == 0
            )
        assert_local_only(page)


@pytest.mark.browser
@pytest.mark.parametrize("contrast", ["normal", "high"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_title_is_in_full_contrast(
    open_page: OpenPage, site_url: str, pages: dict[str, str | None], contrast: str, scheme: str
) -> None:
    page = open_page()
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.add_init_script(f"localStorage.setItem('gk.contrast', {contrast!r})")
    for kind in ("home", "report"):
        visit(page, site_url + page_path(pages, kind))
        h1 = page.locator("article h1").first
        assert h1.evaluate(CONTRAST) >= 7, kind
        body_colour = page.evaluate("getComputedStyle(document.querySelector('article')).color")
        assert h1.evaluate("e => getComputedStyle(e).color") == body_colour
        assert page.locator("article p:not([class])").first.evaluate(CONTRAST) >= 7
    assert_local_only(page)


@pytest.mark.browser
@pytest.mark.parametrize("size", ["s", "m", "l"])
def test_short_tokens_stay_on_one_line_on_a_phone(
    open_page: OpenPage, built_site: Path, size: str
) -> None:
    """At 360 px, whatever the font size: 2020年度 and 黑溪镇 are never cut in two, in the
    status table nor in the report's headings."""
    with serve_site(built_site) as url:
        page = open_page(width=360, height=740)
        page.add_init_script(f"localStorage.setItem('gk.fontSize', {size!r})")
        visit(page, url + "/")
        for token in ("2020年度", "黑溪镇"):
            lines = page.evaluate(LINES_OF, ["table.gk-status th, table.gk-status td", token])
            assert lines, token
            assert set(lines) == {1}, (token, lines)
        visit(page, url + find_pages(built_site)["report"])
        for token in ("2020年度", "黑溪镇"):
            lines = page.evaluate(LINES_OF, ["article h1, article h2, article h3", token])
            assert lines, token
            assert set(lines) == {1}, (token, lines)
        assert_local_only(page)


# ---- 高对比度 ---------------------------------------------------------------------------


def contrast_button(page: Page) -> Any:
    return page.get_by_role("button", name="高对比度")


@pytest.mark.browser
def test_high_contrast_persists_across_pages_by_keyboard(
    open_page: OpenPage, site_url: str, pages: dict[str, str | None]
) -> None:
    page = open_page()
    visit(page, site_url + page_path(pages, "report"))
    button = contrast_button(page)
    assert button.get_attribute("aria-pressed") == "false"
    assert page.evaluate("document.documentElement.dataset.gkContrast") == "normal"
    button.focus()
    page.keyboard.press("Enter")  # a real <button>: the keyboard works
    assert button.get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.documentElement.dataset.gkContrast") == "high"
    assert page.locator("article p:not([class])").first.evaluate(CONTRAST) >= 7
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"

    # Another page, loaded anew: still on, from before the body is parsed.
    page.add_init_script("""
      new MutationObserver((_, observer) => {
        if (!document.body) return;
        window.gkAtBody = document.documentElement.getAttribute('data-gk-contrast');
        observer.disconnect();
      }).observe(document, {childList: true, subtree: true});
    """)
    visit(page, site_url + page_path(pages, "town"))
    assert page.evaluate("window.gkAtBody") == "high"
    assert contrast_button(page).get_attribute("aria-pressed") == "true"
    assert page.locator("article p:not([class])").first.evaluate(CONTRAST) >= 7
    contrast_button(page).focus()
    page.keyboard.press(" ")
    assert contrast_button(page).get_attribute("aria-pressed") == "false"
    visit(page, site_url + page_path(pages, "home"))
    assert page.evaluate("document.documentElement.dataset.gkContrast") == "normal"
    assert_local_only(page)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 360], ids=["desktop", "phone"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_in_high_contrast(
    open_page: OpenPage, site_url: str, pages: dict[str, str | None], kind: str, width: int
) -> None:
    page = open_page(width=width, height=900)
    page.add_init_script("localStorage.setItem('gk.contrast', 'high')")
    visit(page, site_url + page_path(pages, kind))
    assert page.evaluate("document.documentElement.dataset.gkContrast") == "high"
    assert blocking_violations(page) == [], f"axe-core in high contrast on {kind} at {width}px"
    assert_local_only(page)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_with_the_reading_tools_in_each_colour_scheme(
    open_page: OpenPage, site_url: str, pages: dict[str, str | None], scheme: str
) -> None:
    page = open_page(width=360, height=740)
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    visit(page, site_url + page_path(pages, "report"))
    assert page.get_by_role("button", name="朗读").is_visible()
    assert blocking_violations(page) == []
    assert_local_only(page)


# ---- 朗读 --------------------------------------------------------------------------------

# Observe (not replace) the browser's speech synthesis: record what the page asks it to do.
RECORD_SPEECH = """
  window.gkSpoken = []; window.gkCancelled = 0;
  const synth = window.speechSynthesis;
  const speak = synth.speak.bind(synth), cancel = synth.cancel.bind(synth);
  synth.speak = u => { window.gkSpoken.push({text: u.text, lang: u.lang}); return speak(u); };
  synth.cancel = () => { window.gkCancelled += 1; return cancel(); };
"""


@pytest.mark.browser
@pytest.mark.parametrize("which", ["built_site", "demo_site"])
@pytest.mark.usefixtures("engine")  # built_site/demo_site: once per engine
def test_read_aloud_reads_the_report_and_stops(
    open_page: OpenPage, which: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(which)
    with serve_site(site) as url:
        page = open_page(width=360, height=740)
        page.add_init_script(RECORD_SPEECH)
        visit(page, url + find_pages(site)["report"])
        assert page.evaluate("typeof window.speechSynthesis.speak") == "function"
        read = page.get_by_role("button", name="朗读")
        stop = page.get_by_role("button", name="停止")
        assert read.is_visible()
        assert stop.is_visible()
        assert read.get_attribute("aria-pressed") == "false"
        read.focus()
        page.keyboard.press("Enter")
        spoken = page.evaluate("window.gkSpoken")
        title = page.locator("article h1").first.inner_text().strip()
        assert spoken, "朗读 asked the browser to speak nothing"
        assert spoken[0]["text"].startswith(title)
        assert {s["lang"] for s in spoken} == {"zh-CN"}
        text = "".join(s["text"] for s in spoken)
        assert page.locator("article p:not([class])").nth(2).inner_text().strip()[
            :20
        ] in text.replace("\n", "")
        assert "¶" not in text
        assert "主办单位" not in text  # the page's text, not the footer
        before = page.evaluate("window.gkCancelled")
        stop.click()
        assert page.evaluate("window.gkCancelled") == before + 1
        assert page.evaluate("window.speechSynthesis.speaking") is False
        assert read.get_attribute("aria-pressed") == "false"
        assert_local_only(page)


@pytest.mark.browser
def test_read_aloud_is_hidden_without_speech_synthesis(
    open_page: OpenPage, site_url: str, pages: dict[str, str | None]
) -> None:
    page = open_page()
    page.add_init_script(
        "Object.defineProperty(window, 'speechSynthesis', {value: undefined});"
        "Object.defineProperty(window, 'SpeechSynthesisUtterance', {value: undefined});"
    )
    visit(page, site_url + page_path(pages, "report"))
    assert page.evaluate("window.speechSynthesis === undefined")
    assert page.get_by_role("button", name="朗读").count() == 0
    assert page.get_by_role("button", name="停止").count() == 0
    assert contrast_button(page).is_visible()
    assert_local_only(page)
