"""站内搜索 on real report text (issue 15, and the results page of issue 14).

The browser tests run on a site holding the seed report and thirteen real reports
(tests/fixtures/real/01–13, imported with `python -m generator import` into a scratch
tree by bench/real_corpus.py): on the one-report site every failure below went unnoticed.
What a query should find is computed from the pages' own text, as bench/search_eval.py
does: a page is relevant when its indexed text holds every word of the query.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import quote

import pytest
from conftest import (
    HOST,
    REPO,
    OpenPage,
    assert_local_only,
    run_cli,
    serve_site,
    tree_digest,
    visit,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import Page, expect

from generator.compact import compact_html
from generator.search_index import FOLDER, fnv1a, index_problems, index_site
from generator.search_text import (
    PART,
    analysed,
    built_pages,
    filters,
    page_record,
    parts_of,
    place_name,
    terms,
)


def _bench(name: str) -> ModuleType:
    """A module of bench/ (not a package), loaded as the evaluation loads it."""
    sys.path.insert(0, str(REPO / "bench"))
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


REAL_FILES = [f"{p.name}" for p in sorted((REPO / "tests/fixtures/real").glob("[01][0-9]_*.txt"))]
SEVERAL = REAL_FILES[:13]


# ---- the index, without a browser -----------------------------------------------------------


def test_chinese_is_indexed_as_pairs_and_single_characters_without_crossing_runs() -> None:
    assert terms("网格员") == {"网", "格", "员", "网格", "格员"}
    # Runs are apart: no pair spans punctuation, digits or a line (block) end.
    found = terms("黑溪镇2020年，法治、培训\n学习")
    assert {"2020", "黑溪", "溪镇", "法治", "培训", "学习"} <= found
    assert not {"镇2", "年法", "治培", "训学", "，"} & found
    # Spaces between two Chinese characters do not end a run (a spaced-out 姓  名).
    assert {"姓名", "名张", "张三"} <= terms("姓  名 张\u3000三")
    assert "a张" not in terms("a 张")
    assert terms("WiFi 覆盖 Ⅳ") == {"wifi", "覆", "盖", "覆盖", "ⅳ"}


def test_a_long_page_is_cut_at_block_ends_and_no_text_is_lost() -> None:
    lines = [f"第{i}段：" + "依法行政" * (i % 7 + 1) * 20 for i in range(200)]
    lines.append("长" * 5000 + "。" + "尾" * 10)  # one block longer than a part
    text = "\n".join(lines)
    parts = parts_of(text)
    assert len(parts) > 10
    # Nothing lost; a block longer than a part gains a line end where it is cut.
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")
    assert "\n".join(parts[:3]) == text[: len("\n".join(parts[:3]))]
    assert all(len(p) <= PART + 200 for p in parts)
    assert parts_of("短文本") == ["短文本"]
    # What a worker hands the index stage: each part's terms, then the title's.
    *found, in_title = analysed("报告标题", text)
    assert [set(f.split("\0")) for f in found] == [terms(p) for p in parts]
    assert set(in_title.split("\0")) == terms("报告标题")


def test_the_hash_is_fnv1a_over_utf8_as_the_browser_computes_it() -> None:
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C  # the published FNV-1a 32 test vector
    assert fnv1a("网格") == fnv1a("网格")
    assert fnv1a("网格") != fnv1a("格网")


def test_filters_name_a_report_page_by_district_town_and_year() -> None:
    titles = {"qianjiang/index.html": "重庆市黔江区", "qianjiang/heixi/index.html": "黔江区黑溪镇"}
    assert filters("qianjiang/heixi/2020/index.html", titles) == {
        "区县": "重庆市黔江区",
        "镇街": "黑溪镇",
        "年度": "2020",
    }
    assert filters("qianjiang/heixi/index.html", titles) == {}
    assert place_name("三都镇", "柳州市柳江区") == "三都镇"


def test_the_indexed_text_leaves_out_what_the_page_marks_ignored(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text(
        "<html><body><nav>菜单</nav><div data-search-body><h1>标题</h1>"
        "<p>正文<b>加粗</b>。</p><div data-search-ignore>不要</div><td>表格</td>"
        "</div></body></html>",
        encoding="utf-8",
    )
    record = page_record(page)
    assert record is not None
    title, text = record
    assert title == "标题"
    assert text.split("\n") == ["标题", "正文加粗。", "表格"]


# ---- a site with several real reports -------------------------------------------------------


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    """content/ plus thirteen real reports, imported and published in a scratch tree (once
    per engine: the search box and results page run on either engine's pages)."""
    root = tmp_path_factory.mktemp(f"real-search-{engine}")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "seeds", root / "seeds")
    _bench("real_corpus").import_real(root / "content", root / "seeds", SEVERAL)
    tree = ("--content", str(root / "content"), "--seeds", str(root / "seeds"))
    proc = run_cli(*tree, "build", "--engine", engine, "--site", str(root / "site"))
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return root / "site"


@pytest.fixture(scope="module")
def texts(real_site: Path) -> dict[str, str]:
    return _bench("search_eval").page_texts(real_site)


@pytest.fixture(scope="module")
def real_url(real_site: Path) -> Iterator[str]:
    with serve_site(real_site, HOST) as url:
        yield url


def relevant(texts: dict[str, str], query: str) -> set[str]:
    words = query.split()
    return {u for u, t in texts.items() if all(w in t for w in words)}


def test_the_site_holds_several_real_reports_and_no_scratch_copy(real_site: Path) -> None:
    reports = list(real_site.glob("*/*/[0-9][0-9][0-9][0-9]/index.html"))
    assert len(reports) == 14
    assert index_problems(real_site) == []
    assert not list(real_site.glob("pagefind*"))
    assert (real_site / FOLDER / "meta.json").is_file()
    assert (real_site / "search" / "index.html").is_file()


def test_reading_only_the_article_reads_what_the_whole_page_holds(real_site: Path) -> None:
    pages = list(built_pages(real_site))
    assert len(pages) > 30
    for page in pages:
        assert page_record(page) == page_record(page, whole=True), page


def search_box(page: Page, url: str, query: str) -> tuple[str, list[str]]:
    """Type a query into the header box; the status line and the pages listed."""
    visit(page, url)
    page.locator("#gk-search-input").fill(query)
    status = page.locator(".gk-search__status")
    expect(status).to_have_text(re.compile("找到|没有|约"), timeout=30_000)
    hrefs = page.eval_on_selector_all(
        ".gk-search__list a", "els => els.map(e => new URL(e.href).pathname)"
    )
    return status.inner_text(), hrefs


def everything(page: Page, query: str) -> set[str]:
    return set(page.evaluate("q => window.gkSearch.all(q)", query))


@pytest.mark.browser
def test_a_compound_whose_characters_begin_other_words_finds_its_report(
    open_page: OpenPage, real_url: str, texts: dict[str, str]
) -> None:
    # 格 begins 格局 and 严格 holds it in other real reports; 网格 is in two of them.
    assert any("格局" in t for t in texts.values())
    assert sum("网格" in t for t in texts.values()) > len(relevant(texts, "网格员"))
    page = open_page()
    status, listed = search_box(page, real_url + "/", "网格员")
    assert "/qianjiang/heixi/2020/" in listed
    assert set(listed) == relevant(texts, "网格员")
    assert status.startswith(f"找到 {len(relevant(texts, '网格员'))} 个")
    assert_local_only(page)


@pytest.mark.browser
def test_a_compound_with_few_hits_keeps_every_verified_hit(
    open_page: OpenPage, real_url: str, texts: dict[str, str]
) -> None:
    expected = relevant(texts, "民法典")
    assert 0 < len(expected) < 10
    page = open_page()
    _, listed = search_box(page, real_url + "/", "民法典")
    assert set(listed) == expected
    assert_local_only(page)


@pytest.mark.browser
def test_two_separated_words_find_pages_holding_both_in_any_order(
    open_page: OpenPage, real_url: str, texts: dict[str, str]
) -> None:
    expected = relevant(texts, "法治 培训")
    assert len(expected) > len(relevant(texts, "法治培训"))  # not only where they touch
    page = open_page()
    status, listed = search_box(page, real_url + "/", "法治 培训")
    assert status.startswith(f"找到 {len(expected)} 个")
    assert set(listed) <= expected
    assert len(listed) == min(10, len(expected))
    assert everything(page, "法治 培训") == expected
    assert everything(page, "培训 法治") == expected


@pytest.mark.browser
@pytest.mark.parametrize("query", ["黑溪镇 2020 网格员", "黑溪镇 网格员", "黑溪 2020"])
def test_place_year_and_term_mix(
    open_page: OpenPage, real_url: str, texts: dict[str, str], query: str
) -> None:
    expected = relevant(texts, query)
    assert "/qianjiang/heixi/2020/" in expected
    page = open_page()
    _, listed = search_box(page, real_url + "/", query)
    assert set(listed) == expected


@pytest.mark.browser
def test_a_quoted_query_is_one_exact_phrase(
    open_page: OpenPage, real_url: str, texts: dict[str, str]
) -> None:
    page = open_page()
    visit(page, real_url + "/")
    assert everything(page, '"依法 治区"') == relevant(texts, "依法治区")
    assert everything(page, "依法 治区") == relevant(texts, "依法 治区")


@pytest.mark.browser
def test_snippets_are_clean_sentences_from_the_page(open_page: OpenPage, real_url: str) -> None:
    page = open_page()
    search_box(page, real_url + "/", "民法典")
    for item in page.locator(".gk-search__list a").all():
        text = item.inner_text()
        assert "民法典" in text
        assert "|" not in text
        assert not re.search(r"\b[a-z]{8}\b", text)


@pytest.mark.browser
def test_enter_opens_the_results_page_with_total_paging_and_filters(
    open_page: OpenPage, real_url: str, texts: dict[str, str]
) -> None:
    expected = relevant(texts, "法治")
    assert len(expected) > 10
    page = open_page()
    visit(page, real_url + "/")
    page.locator("#gk-search-input").fill("法治")
    page.locator("#gk-search-input").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    status = page.locator(".gk-results__status")
    expect(status).to_have_text(re.compile(f"找到 {len(expected)} 个"), timeout=30_000)
    expect(page.locator(".gk-results__list li")).to_have_count(10)
    page.locator(".gk-results__pages a", has_text="下一页").click()
    expect(status).to_contain_text("第 2 页")
    second = page.eval_on_selector_all(
        ".gk-results__list a", "els => els.map(e => new URL(e.href).pathname)"
    )
    assert set(second) <= expected
    assert second
    # 年度 filter: only the 2020 reports.
    page.goto(real_url + "/search/?q=" + quote("法治") + "&year=2020")
    expect(status).to_have_text(re.compile("找到 \\d+ 个"), timeout=30_000)
    years = page.eval_on_selector_all(
        ".gk-results__list a", "els => els.map(e => new URL(e.href).pathname)"
    )
    assert years
    assert all(re.fullmatch(r"/[^/]+/[^/]+/2020/", u) for u in years)
    expect(page.locator("#gk-results-year")).to_have_value("2020")
    assert_local_only(page)


@pytest.mark.browser
def test_the_results_page_is_accessible_at_360_px(open_page: OpenPage, real_url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(width=360, height=800)
    visit(page, real_url + "/search/?q=" + quote("法治 培训"))
    expect(page.locator(".gk-results__status")).to_contain_text("找到", timeout=30_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    results = Axe().run(page)
    serious = [
        v["id"]
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert serious == []
    assert_local_only(page)


# ---- the browser and the index agree, whatever the text ----------------------------------

# Text as reports hold it and worse: Chinese, full-width and half-width digits and
# punctuation, Latin letters in both cases, spaces of every kind, any other character.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            "法治政府网格员黑溪镇培训学习年度２０2025１%％.,，。、；（）() \t\u3000\xa0"
        ),
        # Cn: unassigned in Python's Unicode (14.0 on 3.11); Chromium's is newer, and the
        # two disagree only on characters no report holds yet.
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn")),
    ),
    min_size=1,
    max_size=40,
)


WORDY = re.compile(r"[^\W_\u4e00-\u9fff]{2}")  # two letters/digits of a word, not Chinese


@pytest.mark.browser
def test_any_piece_of_a_page_finds_that_page(open_page: OpenPage, real_url: str) -> None:
    """For any text and any piece of one of its lines, the terms the browser looks up are
    all terms the index holds for that text, and the browser's own check accepts the
    text: no query cut from a page can miss it (Hypothesis, in Chromium)."""
    page = open_page()
    visit(page, real_url + "/")

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.lists(st.tuples(TEXT, st.integers(0, 39), st.integers(1, 12)), max_size=20))
    def agree(cases: list[tuple[str, int, int]]) -> None:
        batch = []
        for text, start, size in cases:
            line = text.split("\n")[0]
            end = start + size
            # Letters and digits match whole words and numbers (2020 finds 2020年, not
            # 20201231), as in any word search: the piece is widened to whole ones.
            while 0 < start < len(line) and WORDY.match(line[start - 1 : start + 1]):
                start -= 1
            while 0 < end < len(line) and WORDY.match(line[end - 1 : end + 1]):
                end += 1
            query = line[start:end].strip()
            if query and not re.fullmatch(r'["“].*["”]', query):
                batch.append((text, query))
        answers = page.evaluate(
            """cases => cases.map(([text, q]) => {
                 const p = window.gkSearch.parse(q);
                 return [p.pieces, p.words.every(w => text.replace(/\\s+/g, "")
                   .toLowerCase().indexOf(w) >= 0)];
               })""",
            batch,
        )
        for (text, query), (pieces, holds) in zip(batch, answers, strict=True):
            held = terms(text)
            missing = {t for word in pieces for t in word} - held
            assert not missing, (text, query, missing)
            assert holds, (text, query)

    agree()


@pytest.mark.browser
@pytest.mark.parametrize(
    "query", ["网格员", "黑溪镇 2020 网格员", "法治", '"法治政府建设情况报告"']
)
def test_a_query_downloads_a_few_small_pieces(
    open_page: OpenPage, real_url: str, query: str
) -> None:
    """One bucket per term looked up and one document per result shown: tens of KB, not
    the index (the 5,000-report figures are in README, Search)."""
    page = open_page()
    got: list[tuple[str, int]] = []
    page.on("requestfinished", lambda r: got.append((r.url, r.sizes()["responseBodySize"])))
    visit(page, real_url + "/")
    got.clear()
    search_box(page, real_url + "/", query)
    page.wait_for_load_state("networkidle")
    index = [(u, n) for u, n in got if "/search-index/" in u]
    terms_asked = page.evaluate("q => window.gkSearch.parse(q).terms.length", query)
    buckets = [u for u, _ in index if "/b/" in u]
    documents = [u for u, _ in index if "/d/" in u]
    assert 0 < len(buckets) <= terms_asked
    assert 0 < len(documents) <= 14  # the ten shown, and a few checked that failed
    assert sum(n for _, n in index) < 150 * 1024
    assert not [u for u, _ in got if "pagefind" in u]


def test_records_read_as_the_engine_wrote_give_the_same_index(
    real_site: Path, tmp_path: Path
) -> None:
    """The build reads most pages' records while MkDocs still writes the site
    (generator/early.py); indexing a copy from its pages alone writes the same bytes,
    and every page was left compacted."""
    copy = tmp_path / "site"
    shutil.copytree(real_site, copy)
    index_site(copy)
    assert tree_digest(copy / FOLDER) == tree_digest(real_site / FOLDER)
    for page in real_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert compact_html(text) == text, page
