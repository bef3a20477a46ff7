"""The public site tells only the truth (issue #14): claims its records and its districts'
declared coverage support, dates that mean what they say, unknown fields said in words,
sample data never mixed in unmarked, and citizen language on every page type.

Checked on real builds (`python -m generator build`), parsed as HTML, and in the browser.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import (
    MINIMAL_DISTRICT,
    MINIMAL_REPORT,
    MINIMAL_TOWN,
    PAGE_TYPES,
    REPO,
    OpenPage,
    build_project,
    page_path,
    run_cli,
    serve_site,
    visit,
)

from generator.gitdates import commit_dates
from generator.pipeline import build_date

BANNER = "本站含示例数据"
# Words that read as accusations, editor jargon or English where a citizen reads Chinese.
NEVER = [
    "✘ 未标注",
    "据版本库提交记录",
    "Atom 订阅源",
    "跳转至",
    "Page not found",
    "（镇）",
    "日期不详",
    "发布后未作更正",
]


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def article(site: Path, rel: str) -> str:
    return soup(site, rel).select_one("article").get_text()


def git(repo: Path, *args: str, when: str = "2024-05-06T10:00:00") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "编辑",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "编辑",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


# ---- coverage: 未收录 unless the district declares the site complete ---------------------


DECLARED = MINIMAL_DISTRICT + "towns: [测试镇, 未建镇]\ncomplete: true\nfirst_year: 2021\n"


@pytest.fixture(scope="module")
def declared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A district declaring two towns (one without records), complete from 2021; built on a
    fixed day (SOURCE_DATE_EPOCH, as a reproducible build sets it): 2024-06-01."""
    root = tmp_path_factory.mktemp("declared")
    town = root / "content" / "ceshi" / "zhen"
    town.mkdir(parents=True)
    (root / "content" / "ceshi" / "_district.yml").write_text(DECLARED, encoding="utf-8")
    (town / "_town.yml").write_text(MINIMAL_TOWN, encoding="utf-8")
    (town / "2020.yml").write_text(MINIMAL_REPORT, encoding="utf-8")
    (root / "seeds").mkdir()
    proc = build_project(root, epoch=1717200000)  # 2024-06-01
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return root / "site"


def test_declared_towns_and_complete_record_are_graded(declared: Path) -> None:
    matrix = soup(declared, "ceshi/index.html").select_one("table.gk-status")
    years = [th.get_text() for th in matrix.select("thead th")][1:]
    assert years == ["2023年度", "2022年度", "2021年度", "2020年度"]  # newest first
    rows = {
        r.th.get_text(): [td.get_text() for td in r.select("td")] for r in matrix.select("tbody tr")
    }
    # 2020 is before the declared first year: on the site, not graded; then 未公开 (complete).
    assert rows["测试区测试镇"] == ["未公开", "未公开", "未公开", "已收录"]
    # A declared town without records has a row too: its gaps are 未公开, not silence.
    assert rows["测试区未建镇"] == ["未公开", "未公开", "未公开", "不评定"]
    text = article(declared, "ceshi/index.html")
    assert "截至 2024-06-01（本页生成之日）" in text
    assert "本站收录测试区 2 个镇街中 1 个镇街的 1 份报告；未建镇的报告本站尚未收录。" in text
    assert "测试区已声明本站收录其公开的全部年度报告" in text
    assert "早于应报告的第一个年度（2021 年度），不评定" in text
    district_table = soup(declared, "ceshi/index.html").select("article table:not(.gk-status)")[0]
    assert ["未建镇", "暂未收录"] in [
        [td.get_text() for td in tr.select("td")] for tr in district_table.select("tbody tr")
    ]
    assert "（共 2 个镇街）" in article(declared, "index.html")


def test_content_without_declarations_claims_nothing_missing(built_site: Path) -> None:
    """The real content/ declares no coverage: 未收录, never 未公开 or 逾期."""
    for rel in ("index.html", "qianjiang/index.html"):
        cells = [td.get_text() for td in soup(built_site, rel).select("table.gk-status td")]
        assert cells[-1] == "日期未注明", rel  # 2020, the oldest year: the last column
        assert set(cells[:-1]) == {"未收录"}, rel
        text = article(built_site, rel)
        assert "未公开" not in text.replace("不代表该报告未公开", "").replace(
            "不据此认定未公开", ""
        ).replace("不代表没有公开", "")
        assert "逾期" not in text.replace("不据此认定未公开或逾期", "")
    assert "本站收录黔江区 1 个镇街的 1 份报告" in article(built_site, "qianjiang/index.html")


# ---- dates ------------------------------------------------------------------------------


def test_build_date_is_the_real_day_unless_source_date_epoch_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    # content/ was last committed on some earlier day; the build speaks for today.
    assert build_date(REPO / "content") == dt.date.today()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1609804800")
    assert build_date(REPO / "content") == dt.date(2021, 1, 5)


def test_status_is_as_of_the_build_day(built_site: Path) -> None:
    text = article(built_site, "index.html")
    days = {dt.date.today(), dt.datetime.now(dt.UTC).date()}
    assert any(f"截至 {d.isoformat()}（本页生成之日）" in text for d in days), text[:400]


def test_added_and_corrected_dates_are_told_apart(tmp_path: Path) -> None:
    """收录日期 is the record's first commit; a later commit is not a correction of the
    report; corrections are the record's own `changes:`."""
    (tmp_path / "content" / "ceshi" / "zhen").mkdir(parents=True)
    (tmp_path / "content" / "ceshi" / "_district.yml").write_text(MINIMAL_DISTRICT, "utf-8")
    (tmp_path / "content" / "ceshi" / "zhen" / "_town.yml").write_text(MINIMAL_TOWN, "utf-8")
    record = tmp_path / "content" / "ceshi" / "zhen" / "2020.yml"
    record.write_text(MINIMAL_REPORT, encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "收录", when="2024-05-06T10:00:00")
    record.write_text(
        MINIMAL_REPORT.replace(
            "signature:", "changes:\n  - {date: 2024-07-01, note: 更正第一部分的数字。}\nsignature:"
        ),
        encoding="utf-8",
    )
    git(tmp_path, "commit", "-qam", "更正", when="2024-07-02T10:00:00")
    dates = commit_dates(tmp_path / "content")
    assert dates[str(record.resolve())] == (dt.date(2024, 5, 6), dt.date(2024, 7, 2))
    proc = build_project(tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = article(tmp_path / "site", "ceshi/zhen/2020/index.html")
    assert "收录日期：2024年5月6日（本报告加入本站的日期）" in text
    assert "本报告发布后的更正：" in text
    assert "2024年7月1日：更正第一部分的数字。" in text
    assert "本站最后一次修改本页资料：2024年7月2日" in text


# ---- empty metadata ---------------------------------------------------------------------


def test_unknown_fields_say_so_and_the_date_is_under_the_title(built_site: Path) -> None:
    page = soup(built_site, "qianjiang/heixi/2020/index.html")
    values = {
        dt_.get_text(strip=True): dd.get_text(strip=True)
        for dt_, dd in zip(page.select(".gk-meta dt"), page.select(".gk-meta dd"), strict=True)
    }
    assert values["发布日期"] == "未注明"
    assert values["索引号"] == "未注明"
    assert "—" not in values.values()
    h1 = page.select_one("article h1")
    dateline = h1.find_next_sibling()
    assert dateline["class"] == ["gk-dateline"]
    assert dateline.get_text() == "发布日期：未注明"


def test_an_empty_publication_date_is_a_strict_warning() -> None:
    proc = run_cli("check", "--strict")
    assert proc.returncode == 1
    assert "没有填写发布日期" in proc.stdout + proc.stderr


# ---- sample data ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/ plus `python -m generator sample` output, in a scratch content tree."""
    root = tmp_path_factory.mktemp("mixed")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "seeds", root / "seeds")
    proc = run_cli("sample", "--out", str(root / "sample"), "--count", "20")
    assert proc.returncode == 0, proc.stderr
    for district in (root / "sample").iterdir():
        shutil.copytree(district, root / "content" / district.name)
    return root


def test_build_refuses_to_mix_sample_and_real_records(mixed: Path) -> None:
    proc = build_project(mixed)
    assert proc.returncode == 1
    assert "内容中混有示例数据" in proc.stderr
    assert "--allow-sample" in proc.stderr
    assert "黔江区黑溪镇2020年度报告" in proc.stderr
    assert not (mixed / "site").exists()


def test_a_sample_report_in_a_real_district_is_caught(tmp_path: Path, content: Path) -> None:
    """The SAMPLE- index number marks a sample report wherever it is copied."""
    sample = tmp_path / "sample"
    assert run_cli("sample", "--out", str(sample), "--count", "1").returncode == 0
    (copied,) = sample.glob("*/*/[0-9]*.yml")
    # Even renamed to fit its new town, the SAMPLE- index number gives it away.
    text = copied.read_text(encoding="utf-8").replace("示例一镇", "测试镇")
    (content / "ceshi" / "zhen" / copied.name).write_text(text, encoding="utf-8")
    proc = build_project(tmp_path)
    assert proc.returncode == 1
    assert "内容中混有示例数据" in proc.stderr


def test_allowed_mix_is_marked_on_every_page(mixed: Path) -> None:
    proc = build_project(mixed, "--allow-sample")
    assert proc.returncode == 0, proc.stderr
    site = mixed / "site"
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    for html in pages:
        banner = soup(html.parent, html.name).select_one(".md-banner .gk-sample-banner")
        assert banner is not None, html
        assert BANNER in banner.get_text(), html


def test_real_and_sample_only_sites_are_marked_as_they_are(built_site: Path) -> None:
    for html in built_site.rglob("*.html"):
        assert BANNER not in html.read_text(encoding="utf-8"), html
        assert soup(html.parent, html.name).select_one(".md-banner") is None, html


# ---- words ------------------------------------------------------------------------------


def test_no_page_uses_jargon_or_accusing_words(demo_site: Path, built_site: Path) -> None:
    for site in (demo_site, built_site):
        for html in site.rglob("*.html"):
            text = soup(html.parent, html.name).get_text()
            found = [w for w in NEVER if w in text]
            assert not found, f"{html.relative_to(site)}: {found}"
    home = article(built_site, "index.html")
    assert "部门" not in home  # content/ has no department: the home page promises none
    assert "跳到正文" in soup(built_site, "index.html").select_one(".md-skip").get_text()


def test_report_parts_say_where_not_accuse(built_site: Path) -> None:
    page = soup(built_site, "qianjiang/heixi/2020/index.html")
    table = page.select_one("#gk-parts").find_next("table")
    rows = {
        tr.select("td")[0].get_text(): tr.select("td")[1].get_text()
        for tr in table.select("tbody tr")
    }
    assert rows["主要举措和成效"] == "一、2020年工作开展情况"
    assert rows["其他需要报告的情况"] == "本站未标出"
    assert "不等于报告没有写到相关内容" in page.select_one("#gk-parts").find_next("p").get_text()


# ---- in the browser ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_url(demo_site: Path) -> Iterator[str]:
    with serve_site(demo_site) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("kind", [*PAGE_TYPES, "404"])
def test_reader_sees_the_sample_banner(
    open_page: OpenPage, demo_url: str, pages: dict[str, str | None], kind: str
) -> None:
    page = open_page(width=360, height=800)
    path = "/404.html" if kind == "404" else page_path(pages, kind)
    if kind == "404":
        page.goto(demo_url + path, wait_until="load")
    else:
        visit(page, demo_url + path)
    banner = page.locator(".gk-sample-banner")
    assert banner.is_visible()
    assert BANNER in banner.inner_text()


@pytest.mark.browser
def test_reader_sees_the_publication_date_and_the_legend(
    open_page: OpenPage, demo_url: str
) -> None:
    page = open_page()
    visit(page, demo_url + "/qianjiang/heixi/2020/")
    dateline = page.locator("article .gk-dateline")
    assert dateline.inner_text() == "发布日期：未注明"
    title_box = page.locator("article h1").bounding_box()
    date_box = dateline.bounding_box()
    assert title_box
    assert date_box
    assert date_box["y"] > title_box["y"]
    assert date_box["y"] - (title_box["y"] + title_box["height"]) < 40
    visit(page, demo_url + "/")
    legend = page.locator("ul.gk-legend li").filter(has_text="未收录").first
    assert legend.is_visible()
    assert "不代表没有公开" in legend.inner_text()
