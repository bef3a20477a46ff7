"""Compacted HTML renders as the engine's own output does, and is smaller (issue 16).

The pages `mkdocs build` writes at the repository root are not compacted (the plugin leaves
them as Material renders them), so they are the reference: each page type is shown in
Chromium as written and as compacted, and the pixels and the text must be the same.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, serve_site, visit
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from generator.compact import compact_html, compact_site

# ---- any text ---------------------------------------------------------------------------

SPACE = st.sampled_from([" ", "\n", "  \n  ", "\t", "\n\n", "\r\n", "\u3000"])
WORD = st.text(alphabet="ab中文<>&;", min_size=0, max_size=6)
KEPT = st.builds(
    lambda tag, body: f"<{tag}>{body}</{tag}>",
    st.sampled_from(["pre", "textarea", "script", "style", "PRE"]),
    st.text(alphabet=" \n\tx中<", max_size=12),
)
PIECE = st.one_of(SPACE, WORD, KEPT, st.sampled_from(["<p>", "</p>", "<span>", "</span>"]))
DOCS = st.lists(PIECE, max_size=30).map("".join)


def _kept(page: str) -> list[str]:
    return [
        m.group()
        for m in re.finditer(r"<(pre|textarea|script|style)\b.*?</\1\s*>", page, re.S | re.I)
    ]


def _flow(page: str) -> str:
    """What a browser shows outside the kept elements: white space runs as one space."""
    outside = re.sub(r"<(pre|textarea|script|style)\b.*?</\1\s*>", "\x00", page, flags=re.S | re.I)
    return re.sub(r"[ \t\n\r\f]+", " ", outside)


@given(DOCS)
def test_only_collapsible_white_space_goes(page: str) -> None:
    small = compact_html(page)
    assert _kept(small) == _kept(page)  # pre, textarea, script, style byte for byte
    assert _flow(small) == _flow(page)  # every other run of white space still separates
    assert len(small) <= len(page)
    assert compact_html(small) == small


def test_a_run_with_a_line_break_becomes_one() -> None:
    page = "<ul>\n      <li>\n\n   甲\n  </li>\n</ul>\n<pre>  a\n\n  b </pre>\n  <p>x  y</p>"
    assert compact_html(page) == "<ul>\n<li>\n甲\n</li>\n</ul>\n<pre>  a\n\n  b </pre>\n<p>x  y</p>"


def test_compact_site_rewrites_only_html(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>\n   x\n</p>\n", encoding="utf-8")
    (tmp_path / "data.txt").write_text("  keep\n\n  as is ", encoding="utf-8")
    saved = compact_site(tmp_path)
    assert (tmp_path / "a" / "index.html").read_text(encoding="utf-8") == "<p>\nx\n</p>\n"
    assert (tmp_path / "data.txt").read_text(encoding="utf-8") == "  keep\n\n  as is "
    assert saved == 3  # the three spaces before x


# ---- the real pages ---------------------------------------------------------------------

REPORT = "qianjiang/heixi/2020/index.html"


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The site as `mkdocs build` writes it, and the same site compacted."""
    root = tmp_path_factory.mktemp("compact")
    plain = root / "plain"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(plain)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    small = root / "small"
    shutil.copytree(plain, small)
    assert compact_site(small) > 0
    return plain, small


def test_the_built_pages_shrink(pair: tuple[Path, Path]) -> None:
    plain, small = pair
    before = (plain / REPORT).stat().st_size
    after = (small / REPORT).stat().st_size
    assert after < 0.9 * before, (before, after)  # 37.7 → 31.3 KB with one district


def test_the_built_site_is_compacted(built_site: Path) -> None:
    page = (built_site / REPORT).read_text(encoding="utf-8")
    outside = re.sub(r"<(pre|textarea|script|style)\b.*?</\1\s*>", "\x00", page, flags=re.S | re.I)
    assert not re.search(r"\n[ \t]|[ \t]\n|\n\n", outside)


# Every element's box, to the pixel: white space that mattered would move something.
BOXES = """() => Array.from(document.querySelectorAll("body *")).map(e => {
  const r = e.getBoundingClientRect();
  return [e.tagName, Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)];
})"""


@pytest.mark.browser
@pytest.mark.parametrize(
    "rel", ["index.html", "qianjiang/index.html", "qianjiang/heixi/index.html", REPORT]
)
@pytest.mark.parametrize("width", [1280, 360])
def test_chromium_shows_the_same_page(
    pair: tuple[Path, Path], browser, rel: str, width: int
) -> None:
    plain, small = pair
    boxes, texts = [], []
    for folder in (plain, small):
        with serve_site(folder) as url:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.emulate_media(reduced_motion="reduce")
            visit(page, url + "/" + rel.removesuffix("index.html"))
            page.evaluate("document.fonts.ready.then(() => 0)")
            texts.append(page.inner_text("body"))
            boxes.append(page.evaluate(BOXES))
            page.close()
    assert texts[0] == texts[1]
    moved = [(x, y) for x, y in zip(boxes[0], boxes[1], strict=True) if x != y]
    assert not moved, f"{rel} at {width}px: elements moved once compacted: {moved[:5]}"


def test_lxml_reads_the_same_text(pair: tuple[Path, Path]) -> None:
    plain, small = pair
    for rel in ("index.html", REPORT):
        a = lxml_html.fromstring((plain / rel).read_bytes()).text_content()
        b = lxml_html.fromstring((small / rel).read_bytes()).text_content()
        assert re.sub(r"\s+", " ", a) == re.sub(r"\s+", " ", b)
