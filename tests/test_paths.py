"""Nothing outside content/ and seeds/ is read or published, and no cached result is stale.

Families of generated attacks, not single cases:

- ``source:`` paths: absolute, ``..`` in every form, links in seeds/ (files, folders,
  chains, loops, devices, FIFOs) leading outside — each a located error at the field,
  and the render stage refuses the same file if it is swapped in after the check;
- links inside content/ at every level (district and town folders, ``_district.yml``,
  ``_town.yml``, records) leading outside, nowhere or round in a loop — each a located
  error at the link; hidden loops (``.loop -> .``) are ignored and never hang a build;
- links the user made on purpose (content/ or seeds/ themselves, links staying inside)
  keep working;
- the cache: after every change to an input a result depends on (the seed document, the
  seeds folder, the town's record, the date, the record's bytes behind an unchanged
  mtime, the generator and its libraries), a cached walk says what a fresh one says.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINIMAL_REPORT, copy_project, run_cli

from generator import cache as cache_module
from generator.cache import Cache, fingerprint
from generator.edit import free_port
from generator.render import render_site
from generator.rules import MAX_SEED_BYTES, SeedProblem
from generator.walk import load_catalog

TODAY = dt.date(2026, 11, 28)
RECORD = "content/ceshi/zhen/2020.yml"
# `source:` goes just before the signature (which must come last)
SOURCE_LINE = MINIMAL_REPORT.splitlines().index("signature:") + 1
MARKER = "外部机密标记"  # text only files outside content/ hold


def set_source(content: Path, source: str) -> None:
    text = MINIMAL_REPORT.replace("\nsignature:\n", f"\nsource: {source}\nsignature:\n")
    (content / "ceshi" / "zhen" / "2020.yml").write_text(text, encoding="utf-8")


def errors(
    content: Path,
    seeds: Path | None = None,
    *,
    cache: Cache | None = None,
    today: dt.date = TODAY,
    root: Path | None = None,
) -> list[str]:
    _, diags = load_catalog(
        content,
        seeds if seeds is not None else content.parent / "seeds",
        root=root or content.parent,
        today=today,
        cache=cache,
    )
    return [d.format() for d in diags.errors]


def at_source(zh: str) -> str:
    return f"{RECORD}:{SOURCE_LINE}:9: source: {zh}"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside content/ and seeds/ holding what must never be read: a secret and
    a complete, valid district (whose report would be published if it were walked)."""
    folder = tmp_path / "outside"
    town = folder / "waibu" / "zhen"
    town.mkdir(parents=True)
    (folder / "secret.txt").write_text(MARKER, encoding="utf-8")
    (folder / "waibu" / "_district.yml").write_text("name: 外部区\n", encoding="utf-8")
    (town / "_town.yml").write_text("name: 测试镇\nkind: 镇\n", encoding="utf-8")
    (town / "2020.yml").write_text(
        MINIMAL_REPORT.replace("情况报告", f"情况报告{MARKER}", 1), encoding="utf-8"
    )
    return folder


# ---- source: paths refused by their text ------------------------------------------------

ABSOLUTE = ["/etc/passwd", "/etc/hostname", "//etc/passwd", "/proc/self/environ", "/dev/zero"]
DOTDOT = [
    "../x.txt",
    "../../../etc/passwd",
    "..",
    "a/..",
    "a/../b.txt",  # would stay inside, still refused: `..` never appears in a source
    "a/../../x.txt",
    "./../x.txt",
    "a/./b/../../../x.txt",
    "a/b/c/../../../../outside/secret.txt",
]


@pytest.mark.parametrize("source", ABSOLUTE)
def test_absolute_source_is_a_located_error(content: Path, source: str) -> None:
    set_source(content, source)
    assert errors(content) == [
        at_source(
            f"原始文件路径 {source} 不能以 / 开头，请写 seeds/ 下的相对路径 "
            f"(source path {source} must be relative to seeds/, not absolute)"
        )
    ]


def test_absolute_path_into_seeds_is_refused_too(content: Path) -> None:
    seeds = content.parent / "seeds"
    (seeds / "doc.txt").write_text("正文", encoding="utf-8")
    set_source(content, str(seeds / "doc.txt"))
    assert len(errors(content)) == 1
    assert "不能以 / 开头" in errors(content)[0]


@pytest.mark.parametrize("source", DOTDOT)
def test_dotdot_source_is_a_located_error(content: Path, outside: Path, source: str) -> None:
    seeds = content.parent / "seeds"
    (seeds / "b.txt").write_text("正文", encoding="utf-8")
    (seeds / "a" / "b" / "c").mkdir(parents=True)
    set_source(content, source)
    assert errors(content) == [
        at_source(f"在 seeds/ 中找不到原始文件 {source} (source file {source} not found in seeds/)")
    ]


# ---- source: links and special files in seeds/ -------------------------------------------

OUT = "原始文件 {s} 是指向 seeds/ 之外的链接，不能发布"
LOOP = "原始文件 {s} 的链接循环指向自身"
MISSING = "在 seeds/ 中找不到原始文件 {s}"
NOT_FILE = "seeds/ 中的 {s} 不是普通文件"


def _link(path: Path, target: str | Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def _chain(s: Path, o: Path) -> str:
    _link(s / "b.txt", o / "secret.txt")
    _link(s / "a.txt", "b.txt")
    return "a.txt"


def _inner_folder_out(s: Path, o: Path) -> str:
    _link(s / "sub" / "deeper", "../../outside")
    _link(s / "d", "sub")
    return "d/deeper/secret.txt"


def _two_link_loop(s: Path, o: Path) -> str:
    _link(s / "a.txt", "b.txt")
    _link(s / "b.txt", "a.txt")
    return "a.txt"


def _fifo(s: Path, o: Path) -> str:
    os.mkfifo(s / "pipe.txt")
    return "pipe.txt"


def _link_to_fifo(s: Path, o: Path) -> str:
    os.mkfifo(s / "pipe")
    _link(s / "doc.txt", "pipe")
    return "doc.txt"


def _folder(s: Path, o: Path) -> str:
    (s / "sub").mkdir()
    return "sub"


def _linked(name: str, target: str | Callable[[Path], Path], source: str = "") -> Plant:
    """Plant a link ``name`` in seeds/ to ``target`` (text, or made from the outside folder)."""

    def plant(s: Path, o: Path) -> str:
        _link(s / name, target if isinstance(target, str) else target(o))
        return source or name

    return plant


Plant = Callable[[Path, Path], str]
# name → (plant the attack in a seeds folder given the outside folder; its source), message
SEED_ATTACKS: dict[str, tuple[Plant, str]] = {
    "file link, absolute": (_linked("doc.txt", lambda o: o / "secret.txt"), OUT),
    "file link, relative": (_linked("doc.txt", "../outside/secret.txt"), OUT),
    "file link to /etc/passwd": (_linked("doc.txt", "/etc/passwd"), OUT),
    "file link to a device": (_linked("doc.txt", "/dev/zero"), OUT),
    "folder link, absolute": (_linked("docs", lambda o: o, "docs/secret.txt"), OUT),
    "folder link, relative": (_linked("docs", "../outside", "docs/secret.txt"), OUT),
    "folder link to /etc": (_linked("docs", "/etc", "docs/passwd"), OUT),
    "link to seeds' parent": (_linked("up", "..", "up/outside/secret.txt"), OUT),
    "chain of file links": (_chain, OUT),
    "inner folder link leading out": (_inner_folder_out, OUT),
    "link to a record in content/": (_linked("rec.yml", "../content/ceshi/zhen/_town.yml"), OUT),
    "self loop": (_linked("loop.txt", "loop.txt"), LOOP),
    "two-link loop": (_two_link_loop, LOOP),
    "dangling link": (_linked("gone.txt", "nothing.txt"), MISSING),
    "FIFO": (_fifo, NOT_FILE),
    "link to a FIFO": (_link_to_fifo, NOT_FILE),
    "a folder": (_folder, NOT_FILE),
}


@pytest.mark.parametrize("name", SEED_ATTACKS)
def test_seed_links_leading_out_are_located_errors(content: Path, outside: Path, name: str) -> None:
    plant, message = SEED_ATTACKS[name]
    source = plant(content.parent / "seeds", outside)
    set_source(content, source)
    found = errors(content)
    assert len(found) == 1, found
    assert found[0].startswith(at_source(message.format(s=source))), found
    assert MARKER not in found[0]


@pytest.mark.parametrize("name", SEED_ATTACKS)
def test_render_reads_seeds_only_through_the_check(content: Path, outside: Path, name: str) -> None:
    """A seed swapped for an attack after the check is refused when rendered, not read."""
    seeds = content.parent / "seeds"
    plant, _ = SEED_ATTACKS[name]
    probe = content.parent / "probe"
    probe.mkdir()
    source = plant(probe, outside)  # the source name the attack uses
    shutil.rmtree(probe)
    (seeds / source).parent.mkdir(parents=True, exist_ok=True)
    (seeds / source).write_text("检查时的原始文件", encoding="utf-8")
    set_source(content, source)
    catalog, diags = load_catalog(content, seeds, root=content.parent, today=TODAY)
    assert diags.errors == []
    assert catalog.reports()
    (seeds / source).unlink()
    for child in list(seeds.iterdir()):  # the attack replaces the checked seed
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    plant(seeds, outside)
    with pytest.raises(SeedProblem) as caught:
        render_site(catalog, seeds, today=TODAY)
    assert "2020.yml" in caught.value.zh


# ---- links the user made on purpose ------------------------------------------------------


def test_links_inside_seeds_are_followed(content: Path) -> None:
    seeds = content.parent / "seeds"
    (seeds / "store").mkdir()
    (seeds / "store" / "real.txt").write_bytes(b"original document")
    _link(seeds / "doc.txt", "store/real.txt")
    _link(seeds / "alias", "store")
    for source in ("doc.txt", "alias/real.txt"):
        set_source(content, source)
        catalog, diags = load_catalog(content, seeds, root=content.parent, today=TODAY)
        assert diags.errors == []
        files = render_site(catalog, seeds, today=TODAY).files
        # Text is published with a UTF-8 byte-order mark (README, 原文下载).
        assert files["ceshi/zhen/2020/source.txt"] == b"\xef\xbb\xbforiginal document"


def test_seeds_and_content_may_themselves_be_links(tmp_path: Path, content: Path) -> None:
    """The folders the user names are taken as they are: a link there is their choice."""
    real_seeds = tmp_path / "elsewhere" / "seeds"
    real_seeds.mkdir(parents=True)
    (real_seeds / "doc.txt").write_bytes(b"linked seeds")
    seeds_link = tmp_path / "seeds-link"
    seeds_link.symlink_to(real_seeds)
    content_link = tmp_path / "content-link"
    content_link.symlink_to(content)
    set_source(content, "doc.txt")
    catalog, diags = load_catalog(content_link, seeds_link, root=tmp_path, today=TODAY)
    assert diags.errors == []
    files = render_site(catalog, seeds_link, today=TODAY).files
    assert files["ceshi/zhen/2020/source.txt"] == b"\xef\xbb\xbflinked seeds"  # BOM: text


def test_links_staying_inside_content_are_followed(content: Path) -> None:
    store = content / ".store"  # hidden: never walked itself
    store.mkdir()
    shutil.move(content / "ceshi" / "zhen" / "2020.yml", store / "2020.yml")
    _link(content / "ceshi" / "zhen" / "2020.yml", "../../.store/2020.yml")
    catalog, diags = load_catalog(content, content.parent / "seeds", today=TODAY)
    assert diags.errors == []
    assert [r.year for r in catalog.reports()] == [2020]


# ---- links in content/ -----------------------------------------------------------------

# Where a link is planted (relative to content/), and what it stands for outside.
LEVELS = {
    "district folder": ("evil", "waibu"),
    "town folder": ("ceshi/evil", "waibu/zhen"),
    "_district.yml": ("ceshi/_district.yml", "waibu/_district.yml"),
    "_town.yml": ("ceshi/zhen/_town.yml", "waibu/zhen/_town.yml"),
    "record": ("ceshi/zhen/2020.yml", "waibu/zhen/2020.yml"),
    "new record": ("ceshi/zhen/2019.yml", "waibu/zhen/2020.yml"),
    "file at the top": ("stray.yml", "secret.txt"),
}
OUTSIDE_MSG = "链接指向内容目录之外（{real}），不会读取"
BROKEN_MSG = "链接无效：目标不存在或链接循环"


def _target(kind: str, link: Path, outside: Path, stands_for: str) -> tuple[str, str]:
    """The link's target for an attack ``kind``, and the message expected at the link."""
    counterpart = outside / stands_for
    if kind == "absolute":
        target = str(counterpart)
    elif kind == "relative":
        target = os.path.relpath(counterpart, link.parent)
    elif kind == "system":
        target = "/etc" if counterpart.is_dir() else "/etc/passwd"
    elif kind == "via an inner link":
        hop = link.parent / ".hop"  # hidden, so never walked itself
        hop.symlink_to(outside)
        target = f".hop/{stands_for}"
    elif kind == "dangling":
        return "nowhere", BROKEN_MSG
    elif kind == "self loop":
        return link.name, BROKEN_MSG
    else:
        raise AssertionError(kind)
    return target, OUTSIDE_MSG.format(real=os.path.realpath(link.parent / target))


KINDS = ["absolute", "relative", "system", "via an inner link", "dangling", "self loop"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("level", LEVELS)
def test_content_links_leading_out_are_located_errors(
    content: Path, outside: Path, level: str, kind: str
) -> None:
    where, stands_for = LEVELS[level]
    link = content / where
    target, message = _target(kind, link, outside, stands_for)
    if link.exists():
        link.unlink()
    link.symlink_to(target)
    catalog, diags = load_catalog(
        content, content.parent / "seeds", root=content.parent, today=TODAY
    )
    found = [d.format() for d in diags.errors]
    assert len(found) == 1, found
    assert found[0].startswith(f"content/{where}:1:1: {message} ("), found
    assert all(MARKER not in d.format() for d in diags.items)
    assert all(MARKER not in r.record.title for r in catalog.reports())
    if level in ("record", "_town.yml", "_district.yml"):
        assert catalog.reports() == []  # the report is not published with an outside record


@pytest.mark.parametrize("level", ["", "ceshi/", "ceshi/zhen/"])
def test_visible_loops_are_errors_hidden_ones_ignored(content: Path, level: str) -> None:
    folder = content / level
    (folder / ".loop").symlink_to(".")
    (folder / ".up").symlink_to("..")
    assert errors(content) == []
    (folder / "loop").symlink_to("loop")  # a self loop: leads nowhere
    found = errors(content)
    assert found == [
        f"content/{level}loop:1:1: {BROKEN_MSG} (broken link: no target, or a link loop)"
    ]


def _loops_everywhere(content: Path, town: str = "ceshi/zhen") -> None:
    """Two hidden loops in every folder: exponential for anything that follows links."""
    for folder in (content, (content / town).parent, content / town):
        (folder / ".loop").symlink_to(".")
        (folder / ".back").symlink_to("..")


def test_hidden_loops_do_not_hang_the_build(content: Path, tmp_path: Path) -> None:
    _loops_everywhere(content)
    proc = run_cli(
        "--content", str(content), "--seeds", str(tmp_path / "seeds"),
        "build", "--site", str(tmp_path / "site"),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "site" / "ceshi" / "zhen" / "2020" / "index.html").is_file()


def test_hidden_loops_do_not_hang_mkdocs_build(tmp_path: Path) -> None:
    """`mkdocs build` from a project whose content/ has loops (MkDocs used to walk it)."""
    project = copy_project(tmp_path)
    _loops_everywhere(project / "content", "qianjiang/heixi")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    assert (project / "site" / "qianjiang" / "heixi" / "2020" / "index.html").is_file()


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, needle: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if needle in _page(url):
            return True
        time.sleep(0.3)
    return False


def test_hidden_loops_do_not_hang_mkdocs_serve(tmp_path: Path) -> None:
    """`mkdocs serve` polls what it watches; with loops in content/ it still serves and
    still rebuilds when a record is saved."""
    project = copy_project(tmp_path)
    _loops_everywhere(project / "content", "qianjiang/heixi")
    _loops_everywhere(project / "seeds", "qianjiang/heixi")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/qianjiang/heixi/2020/"
        assert _wait_for(url, "健全组织机构，明确责任落实"), "serve never showed the report"
        record = project / "content/qianjiang/heixi/2020.yml"
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace("明确责任落实", "已修改"), encoding="utf-8")
        assert _wait_for(url, "健全组织机构，已修改"), "serve did not rebuild after the edit"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_source_outside_seeds_is_never_published(content: Path, tmp_path: Path) -> None:
    set_source(content, "/etc/passwd")
    proc = run_cli(
        "--content", str(content), "--seeds", str(tmp_path / "seeds"),
        "build", "--site", str(tmp_path / "site"),
    )  # fmt: skip
    assert proc.returncode == 1
    assert (
        f"2020.yml:{SOURCE_LINE}:9: source: 原始文件路径 /etc/passwd 不能以 / 开头" in proc.stderr
    )
    assert not (tmp_path / "site").exists()
    assert "Traceback" not in proc.stderr


# ---- the cache is never stale --------------------------------------------------------------


def _save_now(cache: Cache) -> None:
    """What Cache.save does, without the background thread: memory and disk."""
    assert cache.path is not None
    cache_module._MEMORY[cache.path] = (cache.stamp, cache.new)
    cache._write(cache.path, dict(cache.new))


def _cached_equals_fresh(content: Path, cache_path: Path, **kw: object) -> list[str]:
    """Walk with the cache (as kept in memory by `mkdocs serve`, and as read back from
    disk by the next build) and without; all three must agree."""
    in_memory = Cache(cache_path)
    with_memory = errors(content, cache=in_memory, **kw)  # type: ignore[arg-type]
    _save_now(in_memory)
    cache_module._MEMORY.pop(cache_path, None)
    on_disk = Cache(cache_path)
    from_disk = errors(content, cache=on_disk, **kw)  # type: ignore[arg-type]
    _save_now(on_disk)
    fresh = errors(content, **kw)  # type: ignore[arg-type]
    assert with_memory == fresh, "in-memory cache is stale"
    assert from_disk == fresh, "on-disk cache is stale"
    return fresh


def _seed_change(change: str, seeds: Path, outside: Path) -> None:
    doc = seeds / "doc.txt"
    if change == "seed deleted":
        doc.unlink()
    elif change == "seed replaced by a link out":
        doc.unlink()
        doc.symlink_to(outside / "secret.txt")
    elif change == "seed replaced by a folder":
        doc.unlink()
        doc.mkdir()
    elif change == "seed replaced by a FIFO":
        doc.unlink()
        os.mkfifo(doc)
    elif change == "inner link retargeted out":
        (seeds / "store").rename(seeds / "store-old")
        (seeds / "store").symlink_to(outside)
        (outside / "real.txt").write_text(MARKER, encoding="utf-8")
    else:
        raise AssertionError(change)


SEED_CHANGES = [
    "seed deleted",
    "seed replaced by a link out",
    "seed replaced by a folder",
    "seed replaced by a FIFO",
    "inner link retargeted out",
]


@pytest.mark.parametrize("change", SEED_CHANGES)
def test_cache_follows_the_seed_document(
    content: Path, outside: Path, tmp_path: Path, change: str
) -> None:
    seeds = content.parent / "seeds"
    (seeds / "store").mkdir()
    (seeds / "store" / "real.txt").write_text("原始文件", encoding="utf-8")
    (seeds / "doc.txt").symlink_to("store/real.txt")
    set_source(content, "doc.txt")
    cache_path = tmp_path / "work" / "cache.pickle"
    assert _cached_equals_fresh(content, cache_path) == []
    _seed_change(change, seeds, outside)
    assert len(_cached_equals_fresh(content, cache_path)) == 1
    # and back: the error goes away as soon as the seed is a good file again
    for child in (seeds / "doc.txt", seeds / "store"):
        if child.is_symlink() or child.is_file() or child.is_fifo():
            child.unlink()
        elif child.is_dir():
            shutil.rmtree(child)
    (seeds / "doc.txt").write_text("新的原始文件", encoding="utf-8")
    assert _cached_equals_fresh(content, cache_path) == []


def test_cache_follows_a_seed_that_appears(content: Path, tmp_path: Path) -> None:
    set_source(content, "later.txt")
    cache_path = tmp_path / "work" / "cache.pickle"
    assert len(_cached_equals_fresh(content, cache_path)) == 1
    (content.parent / "seeds" / "later.txt").write_text("补交的原始文件", encoding="utf-8")
    assert _cached_equals_fresh(content, cache_path) == []


def test_cache_follows_the_seeds_folder(content: Path, tmp_path: Path) -> None:
    """Another --seeds folder, or seeds/ as a link retargeted, is another input."""
    (content.parent / "seeds" / "doc.txt").write_text("原始文件", encoding="utf-8")
    empty = tmp_path / "empty-seeds"
    empty.mkdir()
    link = tmp_path / "seeds-link"
    link.symlink_to(content.parent / "seeds")
    set_source(content, "doc.txt")
    cache_path = tmp_path / "work" / "cache.pickle"
    assert _cached_equals_fresh(content, cache_path, seeds=link) == []
    assert len(_cached_equals_fresh(content, cache_path, seeds=empty)) == 1
    link.unlink()
    link.symlink_to(empty)
    assert len(_cached_equals_fresh(content, cache_path, seeds=link)) == 1


def test_cache_follows_the_town_record(content: Path, tmp_path: Path) -> None:
    cache_path = tmp_path / "work" / "cache.pickle"
    assert _cached_equals_fresh(content, cache_path) == []
    (content / "ceshi" / "zhen" / "_town.yml").write_text("name: 别的镇\nkind: 镇\n", "utf-8")
    found = _cached_equals_fresh(content, cache_path)
    assert len(found) == 1
    assert "别的镇" in found[0]


def test_cache_follows_the_date(content: Path, tmp_path: Path) -> None:
    (content / "ceshi" / "zhen" / "2020.yml").write_text(
        MINIMAL_REPORT.replace("2020", "2027").replace("2021-01-05", "2028-01-05"),
        encoding="utf-8",
    )
    (content / "ceshi" / "zhen" / "2020.yml").rename(content / "ceshi" / "zhen" / "2027.yml")
    cache_path = tmp_path / "work" / "cache.pickle"
    found = _cached_equals_fresh(content, cache_path, today=dt.date(2026, 12, 31))
    assert any("尚未到来" in m for m in found)
    found = _cached_equals_fresh(content, cache_path, today=dt.date(2027, 1, 1))
    assert not any("尚未到来" in m for m in found)


def test_cache_follows_where_messages_are_shown_from(content: Path, tmp_path: Path) -> None:
    (content / "ceshi" / "zhen" / "2020.yml").write_text(
        MINIMAL_REPORT.replace("recipient:", "recipent:"), encoding="utf-8"
    )
    cache_path = tmp_path / "work" / "cache.pickle"
    one = _cached_equals_fresh(content, cache_path, root=content.parent)
    two = _cached_equals_fresh(content, cache_path, root=content)
    assert one[0].startswith("content/ceshi/")
    assert two[0].startswith("ceshi/")


@pytest.mark.parametrize("name", ["2020.yml", "_town.yml", "_district.yml"])
def test_cache_sees_an_edit_behind_an_unchanged_mtime_and_size(
    content: Path, tmp_path: Path, name: str
) -> None:
    """`cp -p`, `touch -r` or a restored backup keep the mtime: the bytes still count."""
    path = next(content.rglob(name))
    cache_path = tmp_path / "work" / "cache.pickle"
    assert _cached_equals_fresh(content, cache_path) == []
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    broken = (
        text.replace("name:", "nane:") if name != "2020.yml" else text.replace("title:", "titel:")
    )
    assert len(broken.encode()) == len(text.encode())
    path.write_text(broken, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert path.stat().st_size == before.st_size
    assert len(_cached_equals_fresh(content, cache_path)) >= 1


def test_fingerprint_follows_code_data_and_libraries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "generator"
    shutil.copytree(
        Path(cache_module.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(cache_module, "PACKAGE", package)
    seen = {fingerprint()}
    for rel in ("walk.py", "templates/report.md.j2"):
        path = package / rel
        st = path.stat()
        data = path.read_bytes()
        path.write_bytes((b"%" if data[:1] == b"#" else b"#") + data[1:])  # same size
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the mtime put back
        seen.add(fingerprint())
    (package / "data.json").write_text("{}", encoding="utf-8")  # any file, not only .py
    seen.add(fingerprint())
    monkeypatch.setattr(cache_module, "_version", lambda name: "999")
    seen.add(fingerprint())
    assert len(seen) == 5


def test_check_and_build_agree_after_a_seed_is_deleted(content: Path, tmp_path: Path) -> None:
    """The reported case: build with a seed, delete it, and both verbs must fail."""
    seeds = tmp_path / "seeds"
    (seeds / "doc.txt").write_text("原始文件", encoding="utf-8")
    set_source(content, "doc.txt")
    common = ("--content", str(content), "--seeds", str(seeds))
    site = str(tmp_path / "site")
    assert run_cli(*common, "build", "--site", site).returncode == 0
    (seeds / "doc.txt").unlink()
    check = run_cli(*common, "check")
    build = run_cli(*common, "build", "--site", site)
    assert check.returncode == build.returncode == 1
    expected = f"2020.yml:{SOURCE_LINE}:9: source: 在 seeds/ 中找不到原始文件 doc.txt"
    assert expected in check.stderr
    assert expected in build.stderr


def test_hard_linked_seed_is_refused(content: Path, outside: Path) -> None:
    """A hard link cannot be told from a file by its path, but it has more than one name:
    a seed with two names may be any file of the disk, so it is not published."""
    seeds = content.parent / "seeds"
    secret = outside / "hard-secret.txt"
    secret.write_text("机密", encoding="utf-8")
    os.link(secret, seeds / "doc.txt")
    set_source(content, "doc.txt")
    (error,) = errors(content)
    assert "是硬链接（共 2 个名字），不能发布" in error


def test_oversized_seed_is_refused(content: Path) -> None:
    seeds = content.parent / "seeds"
    with (seeds / "big.pdf").open("wb") as handle:
        handle.truncate(MAX_SEED_BYTES + 1)  # sparse: no disk used
    set_source(content, "big.pdf")
    (error,) = errors(content)
    assert "原始文件 big.pdf 过大" in error
