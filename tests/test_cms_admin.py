"""`build --admin CONFIG.yml`: the form editor published with the site at /admin/, or not.

Built for real from a scratch content tree; the published admin is served over HTTP and
opened in headless Chromium, which must reach Decap's login screen for the hosted backend
while asking nothing of any host but 127.0.0.1 and breaking none of the page's own
Content-Security-Policy. Without the option the site has no /admin/; a local or missing
configuration, or a CMS not installed, is refused in Chinese and nothing is built.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import OUTPUT, OpenPage, assert_local_only, build_project, run_cli, serve_site
from playwright.sync_api import expect

from generator import admin_site
from generator.diagnostics import UserError

HOSTED = {
    "gitlab": (["--app-id", "test-app"], "使用 GitLab 登录"),
    "gitea": (
        ["--app-id", "test-app", "--base-url", "https://git.example.gov.cn"],
        "使用 Gitea 登录",
    ),
    "github": (["--base-url", "https://oauth.example.gov.cn"], "使用 GitHub 登录"),
}


def hosted(tmp_path: Path, backend: str) -> Path:
    """A hosted configuration written by `cms --backend`, as an admin would make it."""
    out = tmp_path / f"{backend}.yml"
    options, _ = HOSTED[backend]
    proc = run_cli("cms", "--backend", backend, "--repo", "yfzq/content", *options, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


def test_without_the_option_there_is_no_admin(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    assert not (built_site / "admin").exists()


@pytest.mark.parametrize("which", ["local", "missing", "not-yaml"])
def test_a_local_or_missing_configuration_is_refused(
    content: Path, tmp_path: Path, which: str
) -> None:
    config = {
        "local": admin_site.ADMIN / "config.yml",
        "missing": tmp_path / "nowhere.yml",
        "not-yaml": tmp_path / "bad.yml",
    }[which]
    (tmp_path / "bad.yml").write_text("backend: [\n", encoding="utf-8")
    proc = build_project(tmp_path, "--admin", str(config))
    assert proc.returncode == 1
    assert "网站未构建" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "site").exists()


def test_a_cms_not_installed_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path
) -> None:
    """node_modules/ without the bundle (no `make cms`): refused before anything is built."""
    monkeypatch.setitem(admin_site.MOUNTS, "cms/", tmp_path / "node_modules" / "dist")
    with pytest.raises(UserError, match="make cms"):
        admin_site.check(hosted(tmp_path, "gitlab"))


def fragments_text(site: Path) -> bytes:
    """Every document of the search index (URL, title, text), one blob."""
    return b"".join(f.read_bytes() for f in sorted(site.glob("search-index/d/*.json")))


@pytest.mark.browser
@pytest.mark.parametrize("backend", sorted(HOSTED))
def test_the_published_admin_opens_on_its_login(
    open_page: OpenPage, content: Path, tmp_path: Path, backend: str
) -> None:
    config = hosted(tmp_path, backend)
    proc = build_project(tmp_path, "--admin", str(config))
    assert proc.returncode == 0, proc.stderr
    site = tmp_path / "site"
    admin = site / "admin"
    for name in ("index.html", "register.js", "record-format.js", "record-shape.js"):
        assert (admin / name).is_file(), name
    assert (admin / "cms" / "decap-cms.js").is_file()
    assert (admin / "vendor" / "js-yaml.min.js").is_file()
    assert not list(admin.rglob("*.map"))  # the bundle, not its debugging maps
    published = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert published["backend"]["name"] == backend
    assert published["backend"]["repo"] == "yfzq/content"
    page_html = (admin / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in page_html
    assert '<meta name="robots" content="noindex">' in page_html
    assert "<script>" not in page_html  # no inline script: the policy forbids it
    # Neither listed nor found: not in the sitemap, the home page's nav or the search index.
    assert "/admin/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "admin/" not in (site / "index.html").read_text(encoding="utf-8")
    fragments = fragments_text(site)
    assert b"/admin/" not in fragments
    assert "报告编辑".encode() not in fragments
    assert fragments  # the site's own pages are indexed

    violations: list[str] = []
    with serve_site(site) as url:
        page = open_page()
        page.on(
            "console",
            lambda msg: violations.append(msg.text) if "Content Security" in msg.text else None,
        )
        page.goto(f"{url}/admin/")
        login = page.get_by_role("button", name=re.compile(HOSTED[backend][1]))
        expect(login).to_be_visible(timeout=30_000)
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / f"cms-published-{backend}-login.png"))
    assert not violations, violations
    assert_local_only(page)
