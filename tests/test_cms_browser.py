"""The form editor for real: `python -m generator edit` (Decap CMS, decap-server in git
mode) on a scratch git repository holding a copy of content/, driven in headless Chromium.

A new town and its report are created through the form and published by `build`; one
paragraph of the seed report is changed and only it changes; an empty required field is
refused in Chinese; the admin page asks nothing of any host but 127.0.0.1. Screenshots
go to test-output/ (cms-*.png).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import OUTPUT, REPO, OpenPage, assert_local_only, build_project, run_cli
from playwright.sync_api import Page, expect

from generator.load import parse
from generator.model import Report

SEED_PARAGRAPH = "我镇党委、政府高度重视法治政府建设工作"
NEW_PARAGRAPH = "2021年，水田乡组织干部学法培训12次，培训干部360人次。"


def git(root: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A content repository: content/ and the seed's source document, committed."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "content", root / "content")
    seed = root / "seeds" / "qianjiang" / "heixi"
    seed.mkdir(parents=True)
    shutil.copy(REPO / "seeds" / "qianjiang" / "heixi" / "2020.txt", seed)
    git(root.parent, "init", "-q", "-b", "main", str(root))
    git(root, "config", "user.name", "编辑")
    git(root, "config", "user.email", "editor@example.invalid")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "初始内容 (initial content)")
    return root


@pytest.fixture
def editor(scratch: Path) -> Iterator[str]:
    """`python -m generator edit` on the scratch repository; yields the admin's address."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "generator", "--content", str(scratch / "content")]
    cmd += ["--seeds", str(scratch / "seeds"), "edit", "--addr", "127.0.0.1:0", "--no-preview"]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+/admin/", first)
    assert match, first
    try:
        yield match.group(0)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def log_in(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("年度报告").first).to_be_visible(timeout=30_000)


def open_form(page: Page, url: str, where: str) -> None:
    """Load a page of the CMS afresh (a new document: nothing left of the last form)."""
    page.goto("about:blank")
    page.goto(url + where)
    login = page.get_by_role("button", name="登录")
    form = page.locator('[id*="-field-"]').first
    expect(login.or_(form)).to_be_visible(timeout=30_000)
    if login.is_visible():
        login.click()
    expect(form).to_be_visible(timeout=30_000)


def saved(page: Page) -> None:
    """Decap's own confirmation, then its move to the saved entry's page."""
    expect(page.get_by_text("内容已保存")).to_be_visible(timeout=30_000)
    page.wait_for_url(re.compile(r"/entries/"), timeout=30_000)


def field(page: Page, name: str, nth: int = 0):  # type: ignore[no-untyped-def]
    return page.locator(f'[id^="{name}-field-"]').nth(nth)


def choose(page: Page, name: str, label: str, nth: int = 0) -> None:
    """A select: type the option's label, take the first match."""
    field(page, name, nth).fill(label)
    page.keyboard.press("Enter")


def add_item(page: Page, label: str, kind: str | None = None) -> None:
    """The list's add button (新增…/Add …); a typed list then asks which kind."""
    page.get_by_role("button", name=re.compile(label)).last.click()
    if kind:
        page.get_by_role("menuitem", name=kind).or_(page.get_by_text(kind, exact=True)).last.click()


def publish(page: Page) -> None:
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_text("立即发布").click()


GUIDE_IMAGES = REPO / "docs" / "guide" / "images"  # the editors' guide shows these


def shot(page: Page, name: str, *, guide: bool = False) -> None:
    """test-output/cms-NAME.png (the whole form); with ``guide``, also the visible part as
    docs/guide/images/edit-NAME.png, refreshed in place like the preview's screenshots."""
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"cms-{name}.png"), full_page=True)
    if guide:  # animations ended first: a toast caught sliding in differs run to run
        page.screenshot(path=str(GUIDE_IMAGES / f"edit-{name}.png"), animations="disabled")


def report_record(path: Path) -> dict:  # type: ignore[type-arg]
    loaded = parse(path.read_text(encoding="utf-8"), path, path.name)
    return Report.model_validate(loaded.data).model_dump(warnings=False)


@pytest.mark.browser
def test_new_town_and_report_through_the_form(
    open_page: OpenPage, editor: str, scratch: Path
) -> None:
    page = open_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "leave this page?" after a save
    log_in(page, editor)
    open_form(page, editor, "#/collections/towns/new")
    field(page, "district_dir").fill("qianjiang")
    field(page, "town_dir").fill("shuitian")
    field(page, "name").fill("水田乡")
    choose(page, "kind", "乡")
    publish(page)
    town = scratch / "content" / "qianjiang" / "shuitian" / "_town.yml"
    saved(page)
    assert town.is_file()

    open_form(page, editor, "#/collections/reports/new")
    field(page, "district_dir").fill("qianjiang")
    field(page, "town_dir").fill("shuitian")
    field(page, "title").fill("黔江区水田乡人民政府2021年度法治政府建设情况报告")
    add_item(page, "发布机构")
    field(page, "item").fill("黔江区水田乡人民政府")
    field(page, "year").fill("2021")
    add_item(page, "正文各部分|标题")
    field(page, "title", 1).fill("主要举措和成效")
    choose(page, "part", "主要举措和成效")
    add_item(page, "正文段落", "段落")
    field(page, "text").fill(NEW_PARAGRAPH)
    add_item(page, "主要数据")
    field(page, "label").fill("培训干部")
    field(page, "value").fill("360")
    field(page, "unit").fill("人次")
    field(page, "sentence").fill(NEW_PARAGRAPH)
    add_item(page, "落款单位")
    field(page, "item", 1).fill("黔江区水田乡人民政府")
    field(page, "date").fill("2022-01-10")
    field(page, "title").scroll_into_view_if_needed()
    shot(page, "new-report", guide=True)
    publish(page)
    report = scratch / "content" / "qianjiang" / "shuitian" / "2021.yml"
    saved(page)
    assert report.is_file(), sorted(p.name for p in report.parent.iterdir())
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/report.schema.json")
    assert "kind:" not in text
    assert "district_dir" not in text
    assert "新建" in git(scratch, "log", "--format=%s")  # the form committed for the editor
    assert git(scratch, "status", "--porcelain") == ""

    check = run_cli(
        "--content", str(scratch / "content"), "--seeds", str(scratch / "seeds"), "check"
    )
    assert check.returncode == 0, check.stderr
    built = build_project(scratch)
    assert built.returncode == 0, built.stderr
    page_html = (scratch / "site" / "qianjiang" / "shuitian" / "2021" / "index.html").read_text()
    assert NEW_PARAGRAPH in page_html
    assert_local_only(page)


@pytest.mark.browser
def test_editing_one_paragraph_changes_only_it(
    open_page: OpenPage, editor: str, scratch: Path
) -> None:
    seed = scratch / "content" / "qianjiang" / "heixi" / "2020.yml"
    before = report_record(seed)
    page = open_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "leave this page?" after a save
    log_in(page, editor)
    open_form(page, editor, "#/collections/reports/entries/qianjiang/heixi/2020")
    boxes = page.locator("textarea")
    expect(boxes.first).to_be_visible(timeout=30_000)
    # The preview beside the form: the site's numbering and disclosure box, its stylesheet.
    preview = page.frame_locator("iframe").first
    expect(preview.locator("h2").first).to_have_text("一、2020年工作开展情况")
    expect(preview.locator("h3").first).to_have_text("（一）健全组织机构，明确责任落实")
    expect(preview.locator("h4").first).to_have_text("1.强化组织领导")
    expect(preview.locator(".gk-meta")).to_contain_text("成文日期")
    shot(page, "preview", guide=True)
    values = boxes.evaluate_all("els => els.map(e => e.value)")
    index = next(i for i, v in enumerate(values) if v.startswith(SEED_PARAGRAPH))
    changed = values[index].replace("高度重视", "始终高度重视")
    boxes.nth(index).fill(changed)
    publish(page)
    saved(page)
    shot(page, "edit-paragraph")
    assert "修改" in git(scratch, "log", "-1", "--format=%s")
    after = report_record(seed)
    body = after["sections"][0]["sections"][0]["sections"][0]["body"]
    assert body[0] == changed
    body[0] = before["sections"][0]["sections"][0]["sections"][0]["body"][0]
    assert after == before
    assert_local_only(page)


@pytest.mark.browser
def test_an_empty_required_field_is_refused_in_chinese(
    open_page: OpenPage, editor: str, scratch: Path
) -> None:
    page = open_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "leave this page?" after a save
    log_in(page, editor)
    open_form(page, editor, "#/collections/reports/new")
    field(page, "district_dir").fill("qianjiang")
    field(page, "town_dir").fill("heixi")
    field(page, "year").fill("2021")
    publish(page)
    expect(page.get_by_text("“文件标题”是必填项")).to_be_visible()
    shot(page, "refused", guide=True)
    assert not (scratch / "content" / "qianjiang" / "heixi" / "2021.yml").exists()
    assert len(git(scratch, "log", "--format=%s").splitlines()) == 1
    assert_local_only(page)


@pytest.mark.browser
def test_hosted_gitlab_config_loads_to_its_login(open_page: OpenPage) -> None:
    """The hosted configuration (editorial workflow, GitLab PKCE) is one Decap accepts: the
    admin page opens on GitLab's login button, still asking nothing outside 127.0.0.1."""
    from generator.cms import hosted_config
    from generator.edit import admin_server

    config = hosted_config("gitlab", "yfzq/content", app_id="test-app")
    with admin_server(config, 0) as port:
        page = open_page()
        page.goto(f"http://127.0.0.1:{port}/admin/")
        expect(page.get_by_role("button", name=re.compile("GitLab"))).to_be_visible(timeout=30_000)
        shot(page, "hosted-login")
    assert_local_only(page)


@pytest.mark.browser
def test_a_new_record_without_its_folders_is_refused_in_chinese(
    open_page: OpenPage, editor: str, scratch: Path
) -> None:
    """The folders decide where a new record's file goes: left empty, nothing is saved."""
    page = open_page()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, editor)
    open_form(page, editor, "#/collections/towns/new")
    field(page, "name").fill("水田乡")
    choose(page, "kind", "乡")
    publish(page)
    expect(page.get_by_text(re.compile("新建记录须填写区县目录名、镇街目录名"))).to_be_visible()
    shot(page, "refused-folders")
    assert git(scratch, "status", "--porcelain", "--untracked-files=all") == ""
    assert len(git(scratch, "log", "--format=%s").splitlines()) == 1
    assert_local_only(page)


# The seed's report (seeds/qianjiang/heixi/2020.txt) as next year's Word document, as a
# town office would have it: its 26 lines of text, without the 落款 (a copy taken before
# it was signed), so `import` makes a draft for the editor to finish in the form.
IMPORTED_PARAGRAPH = "2021年，在区委、区政府的正确领导下"


def word_report(path: Path) -> Path:
    import docx

    lines = (REPO / "seeds" / "qianjiang" / "heixi" / "2020.txt").read_text("utf-8").splitlines()
    document = docx.Document()
    for line in lines[:29]:  # then the 落款 (2 lines) and a passage repeated by extraction
        text = line.strip().replace("2021年", "2022年").replace("2020", "2021")
        if text:
            document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


@pytest.mark.browser
def test_an_imported_word_report_is_finished_in_the_form(
    open_page: OpenPage, editor: str, scratch: Path
) -> None:
    """Import is the on-ramp: Word → draft record → finished in the form → published.

    Each step is photographed for the guide (§6.2): docs/guide/images/edit-import-*.png.
    """
    tree = ("--content", str(scratch / "content"), "--seeds", str(scratch / "seeds"))
    docx_file = word_report(scratch / "seeds" / "qianjiang" / "heixi" / "2021.docx")
    imported = run_cli(*tree, "import", str(docx_file))
    assert imported.returncode == 0, imported.stderr
    record = scratch / "content" / "qianjiang" / "heixi" / "2021.yml"
    assert "draft: true" in record.read_text(encoding="utf-8")  # no 落款: a draft
    git(scratch, "add", "-A")
    git(scratch, "commit", "-q", "-m", "导入 2021 年度报告 (import)")

    page = open_page()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, editor)
    open_form(page, editor, "#/collections/reports/entries/qianjiang/heixi/2021")
    draft = field(page, "draft")
    expect(draft).to_have_attribute("aria-checked", "true")
    expect(field(page, "title")).to_have_value("黔江区黑溪镇人民政府2021年度法治政府建设情况报告")
    shot(page, "import-draft", guide=True)

    field(page, "published").fill("2022-01-20")  # the date picker's own input
    field(page, "published").blur()
    field(page, "published").scroll_into_view_if_needed()
    shot(page, "import-date", guide=True)
    add_item(page, "落款单位")
    page.locator('[id^="item-field-"]').last.fill("黔江区黑溪镇人民政府")
    signed = page.locator('[id^="date-field-"]').last
    signed.fill("2022-01-05")
    signed.blur()  # a focused date field's highlighted part differs from run to run
    signed.scroll_into_view_if_needed()
    shot(page, "import-signature", guide=True)
    draft.click()
    expect(draft).to_have_attribute("aria-checked", "false")
    draft.scroll_into_view_if_needed()
    shot(page, "import-undraft", guide=True)
    publish(page)
    saved(page)
    shot(page, "import-saved")

    text = record.read_text(encoding="utf-8")
    assert "draft" not in text
    assert "published: 2022-01-20" in text
    assert "signature:\n  issuer: 黔江区黑溪镇人民政府\n  date: 2022-01-05" in text
    assert git(scratch, "log", "-1", "--format=%s").startswith("修改报告：qianjiang/heixi/2021")
    assert git(scratch, "status", "--porcelain") == ""
    check = run_cli(*tree, "check")
    assert check.returncode == 0, check.stderr
    assert "2 份报告" in check.stdout
    assert "草稿" not in check.stdout
    built = build_project(scratch)
    assert built.returncode == 0, built.stderr
    published = scratch / "site" / "qianjiang" / "heixi" / "2021" / "index.html"
    assert IMPORTED_PARAGRAPH in published.read_text(encoding="utf-8")
    assert_local_only(page)
