"""Faults while publishing: kills, concurrent builds, permissions, full disks.

What `python -m generator build` guarantees (see generator/publish.py): site/ changes only
by one atomic swap of a complete, verified build; whatever a killed build left is removed
by the next build; an OS error the operator can fix is a one-paragraph user error saying
what is live, never a traceback; a --site whose replacement would delete something else
(the working folder, content/, a folder of documents, a file) is refused.

How faults are made here:

- **kill -9 at a stage:** the build runs with ``GKGEN_TEST_PAUSE_AT=<stage>`` (a test hook,
  inert unless set: :func:`generator.publish.checkpoint`), stops itself there, and the
  test kills its whole process group (or only the build, leaving its engine alive);
- **permissions:** as root (these tests usually are) permissions are ignored, so the
  files are made immutable with ``chattr +i``; as another user, ``chmod`` does it;
- **a full disk:** a real tmpfs is mounted when the system allows it (root) and filled
  while the build waits at the hook before the search index is written, or the space
  left is too small for the engine. Where mounting is not allowed those tests skip, and
  the damaged-index family (the build waits at the hook after the index is written; the
  test empties, cuts, removes or alters its files as a full disk or a crash would) still
  runs.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import MINIMAL_DISTRICT, MINIMAL_REPORT, MINIMAL_TOWN, REPO, tree_digest

from generator.pipeline import work_dir

EPOCH = "1609804800"  # 2021-01-05: builds of the same content are byte-identical
ORIGINAL = "学法不够深入。"
EDITED = "学法不够深入（已修改）。"
IS_ROOT = os.geteuid() == 0


def env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": EPOCH,
        **extra,
    }


class Project:
    """A content tree, its seeds and a published site, in a folder of their own."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.seeds = root / "seeds"
        self.site = root / "pub" / "site"

    @property
    def record(self) -> Path:
        return self.content / "ceshi" / "zhen" / "2020.yml"

    def args(self, site: Path | None = None) -> list[str]:
        return [
            sys.executable,
            "-m",
            "generator",
            "--content",
            str(self.content),
            "--seeds",
            str(self.seeds),
            "build",
            "--site",
            str(site or self.site),
        ]

    def build(self, site: Path | None = None, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.args(site), cwd=REPO, env=env(**extra), capture_output=True, text=True, timeout=300
        )

    def start(self, **extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.args(),
            cwd=REPO,
            env=env(**extra),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, to kill it with its engine
        )

    def edit(self, on: bool = True) -> None:
        text = self.record.read_text(encoding="utf-8")
        old, new = (ORIGINAL, EDITED) if on else (EDITED, ORIGINAL)
        self.record.write_text(text.replace(old, new), encoding="utf-8")

    def leftovers(self) -> list[str]:
        """Staging folders beside site/, and temporary files in the work folder."""
        work = work_dir(REPO, self.content)
        found = [p.name for p in self.site.parent.glob(f".{self.site.name}-tmp-*")]
        found += [p.name for p in work.glob(".zensical-*")]
        found += [p.name for p in work.glob("cache.pickle.*.tmp")]
        return sorted(found)

    def settled(self, expect: list[str] | None = None, seconds: float = 60) -> list[str]:
        """:meth:`leftovers`, once the old site a published build handed to a detached
        remover (generator/publish.py, ``_remove_old``) is gone: polled until only
        ``expect`` is left, or ``seconds`` passed (then what is left, for the assert)."""
        deadline = time.monotonic() + seconds
        while (found := self.leftovers()) != sorted(expect or []):
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        return found

    def live_text(self) -> str:
        return (self.site / "ceshi" / "zhen" / "2020" / "index.html").read_text("utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One content tree and its published site, built once; each test copies them."""
    root = tmp_path_factory.mktemp("faults")
    project = Project(root)
    town = project.content / "ceshi" / "zhen"
    town.mkdir(parents=True)
    (project.content / "ceshi" / "_district.yml").write_text(MINIMAL_DISTRICT, "utf-8")
    (town / "_town.yml").write_text(MINIMAL_TOWN, "utf-8")
    project.record.write_text(MINIMAL_REPORT, "utf-8")
    project.seeds.mkdir()
    proc = project.build()
    assert proc.returncode == 0, proc.stderr
    assert project.settled() == []  # each test copies pub/: nothing may vanish meanwhile
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Project:
    for name in ("content", "seeds", "pub"):
        shutil.copytree(built / name, tmp_path / name, symlinks=True)
    return Project(tmp_path)


def wait_stopped(proc: subprocess.Popen[str], seconds: float = 120) -> int:
    """The pid of the process in ``proc``'s group that stopped itself at the hook."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[2]) == proc.pid and fields[0] in "Tt":
                return int(entry)
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"the build ended (exit {proc.returncode}) before the stage:\n{err}")
        time.sleep(0.05)
    pytest.fail("the build never reached the stage")


def wait_dead(pid: int, seconds: float = 30) -> None:
    """Until ``pid`` has exited (a zombie holds no files, so no locks)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return
        if stat[stat.rindex(")") + 2] in "ZX":
            return
        time.sleep(0.05)
    pytest.fail(f"process {pid} did not die")


def wait_unheld(folder: Path, seconds: float = 60) -> None:
    """Until no process holds ``folder``'s lock (a detached remover has ended)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    deadline = time.monotonic() + seconds
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    pytest.fail(f"{folder} is still held")
                time.sleep(0.05)
    finally:
        os.close(fd)


def stopped_holding(folder: Path, seconds: float = 30) -> int:
    """The pid of the stopped process whose command line names ``folder`` (a remover
    paused by ``GKGEN_TEST_PAUSE_AT=remove``)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for entry in filter(str.isdigit, os.listdir("/proc")):
            try:
                args = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if os.fsencode(folder) in args and stat[stat.rindex(")") + 2] in "Tt":
                return int(entry)
        time.sleep(0.05)
    pytest.fail(f"no stopped process holds {folder}")


def kill_group(proc: subprocess.Popen[str]) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


# ---- kill -9 at every stage -------------------------------------------------------------


@pytest.mark.parametrize("stage", ["validate", "engine", "search", "index", "swap"])
def test_kill_at_any_stage_leaves_site_and_the_next_build_cleans_up(
    project: Project, stage: str
) -> None:
    before = tree_digest(project.site)
    project.edit()  # what the killed build would have published
    proc = project.start(GKGEN_TEST_PAUSE_AT=stage)
    wait_stopped(proc)
    staging = project.leftovers()
    assert bool(staging) == (stage != "validate"), staging  # it was killed mid-build
    kill_group(proc)
    assert tree_digest(project.site) == before
    project.edit(on=False)
    done = project.build()
    assert done.returncode == 0, done.stderr
    assert tree_digest(project.site) == before  # same content, same bytes
    assert project.settled() == []


FALLBACK = """
import sys
import generator.publish as publish
publish._renameat2 = lambda: None  # as on a filesystem that cannot exchange two paths
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_kill_between_the_renames_of_a_fallback_swap_is_undone(project: Project) -> None:
    before = tree_digest(project.site)
    project.edit()
    args = [sys.executable, "-c", FALLBACK, *project.args()[3:]]
    proc = subprocess.Popen(
        args,
        cwd=REPO,
        env=env(GKGEN_TEST_PAUSE_AT="swap-half"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    wait_stopped(proc)
    kill_group(proc)
    assert not project.site.exists()  # the one instant with no site: the old one is aside
    project.record.write_text("title: 半截\n", encoding="utf-8")  # even a failing build …
    failed = project.build()
    assert failed.returncode == 1
    assert "已放回旧网站" in failed.stderr  # … puts the old site back first
    assert tree_digest(project.site) == before
    assert project.settled() == []


def test_a_fallback_swap_publishes(project: Project) -> None:
    project.edit()
    args = [sys.executable, "-c", FALLBACK, *project.args()[3:]]
    proc = subprocess.run(args, cwd=REPO, env=env(), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert EDITED in project.live_text()
    assert project.settled() == []


def test_an_engine_outliving_its_build_keeps_its_folder_until_it_ends(project: Project) -> None:
    """Only the build is killed; its engine lives on, holding the staging folder's lock
    (inherited): the next build leaves that folder alone, the one after removes it."""
    before = tree_digest(project.site)
    proc = project.start(GKGEN_TEST_PAUSE_AT="engine")
    engine = wait_stopped(proc)
    assert engine != proc.pid
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    orphaned = project.leftovers()
    assert len(orphaned) == 1
    done = project.build()
    assert done.returncode == 0, done.stderr
    assert tree_digest(project.site) == before
    assert project.settled(orphaned) == orphaned  # still in use by the engine
    os.kill(engine, signal.SIGKILL)
    wait_dead(engine)
    done = project.build()
    assert done.returncode == 0, done.stderr
    assert project.settled() == []


# ---- two builds at once -----------------------------------------------------------------


def test_two_builds_of_one_tree_at_once(project: Project, tmp_path: Path) -> None:
    project.edit()
    reference = project.build(site=tmp_path / "reference")
    assert reference.returncode == 0, reference.stderr
    procs = [project.start(), project.start()]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert tree_digest(project.site) == tree_digest(tmp_path / "reference")
    assert project.settled() == []


def test_two_builds_of_different_trees_into_one_site(project: Project, tmp_path: Path) -> None:
    """Different trees do not share a work lock: they race for site/, and site/ ends as
    one of them, whole."""
    other = Project(tmp_path / "other")
    shutil.copytree(project.content, other.content)
    shutil.copytree(project.seeds, other.seeds)
    other.site = project.site
    other.edit()
    references = []
    for n, which in enumerate((project, other)):
        done = which.build(site=tmp_path / f"reference-{n}")
        assert done.returncode == 0, done.stderr
        references.append(tree_digest(tmp_path / f"reference-{n}"))
    assert references[0] != references[1]
    procs = [project.start(), other.start()]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert tree_digest(project.site) in references
    assert project.settled() == []


# ---- permissions ------------------------------------------------------------------------


@contextmanager
def read_only(path: Path) -> Iterator[str]:
    """Make ``path`` unwritable for this user; yield how."""
    if IS_ROOT:
        if shutil.which("chattr") is None:
            pytest.skip("running as root and chattr is missing: cannot make anything read-only")
        proc = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
        if proc.returncode != 0:
            pytest.skip(f"chattr +i is not supported here: {proc.stderr.strip()}")
        try:
            yield "chattr +i"
        finally:
            subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield "chmod"
        finally:
            path.chmod(mode)


def _assert_clean_failure(proc: subprocess.CompletedProcess[str], first: str) -> None:
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0].startswith(first), proc.stderr


def test_unwritable_site_parent(project: Project) -> None:
    before = tree_digest(project.site)
    project.edit()
    with read_only(project.site.parent):
        proc = project.build()
    _assert_clean_failure(proc, "错误：无法在 ")
    assert "中建立临时目录" in proc.stderr
    assert "保持原样" in proc.stderr
    assert tree_digest(project.site) == before
    assert project.settled() == []


def test_read_only_site_folder(project: Project) -> None:
    before = tree_digest(project.site)
    project.edit()
    with read_only(project.site):
        proc = project.build()
    _assert_clean_failure(proc, "错误：未能替换 ")
    assert "旧网站仍在线" in proc.stderr
    assert tree_digest(project.site) == before
    assert project.settled() == []


def test_read_only_file_inside_site(project: Project) -> None:
    """The new site goes live; the old copy cannot all be removed: the build after says
    so and exits 0; once the file is released, the next build removes it."""
    project.edit()
    # As root an immutable file; otherwise a read-only folder (a read-only file alone
    # can be removed by its owner, so nothing would fail).
    stuck = project.site / "index.html" if IS_ROOT else project.site / "assets"
    rel = stuck.relative_to(project.site)
    with read_only(stuck):
        proc = project.build()
        assert proc.returncode == 0, proc.stderr
        assert EDITED in project.live_text()
        (box,) = project.site.parent.glob(f".{project.site.name}-tmp-*")
        wait_unheld(box)  # the detached remover gave up on it
        assert (box / "site" / rel).exists()
        again = project.build()
        assert again.returncode == 0, again.stderr
        assert "Traceback" not in again.stderr
        assert "未能完全删除" in again.stderr
        assert "下次构建会再试" in again.stderr
        # the lock follows the file into the old site's copy: release it there
        if IS_ROOT:
            subprocess.run(["chattr", "-i", str(box / "site" / rel)], check=True)
        else:
            (box / "site" / rel).chmod(0o755)
    done = project.build()
    assert done.returncode == 0, done.stderr
    assert project.settled() == []


def test_the_build_does_not_wait_for_the_old_site_to_go(project: Project) -> None:
    """The old copy is removed by a detached process holding the staging folder's lock:
    the build returns with it still there, a build meanwhile leaves it alone, and if the
    remover is killed the next build removes what it left."""
    before = tree_digest(project.site)
    project.edit()
    done = project.build(GKGEN_TEST_PAUSE_AT="remove")  # the remover stops itself
    assert done.returncode == 0, done.stderr
    assert EDITED in project.live_text()
    (box,) = project.leftovers()
    old = project.site.parent / box / "site"
    assert tree_digest(old) == before  # the old site, whole, waiting to be removed
    remover = stopped_holding(project.site.parent / box)
    project.edit(on=False)
    meanwhile = project.build()
    assert meanwhile.returncode == 0, meanwhile.stderr
    assert tree_digest(project.site) == before
    assert project.settled([box]) == [box]  # held by the remover: left alone
    os.kill(remover, signal.SIGKILL)
    wait_dead(remover)
    done = project.build()
    assert done.returncode == 0, done.stderr
    assert project.settled() == []


# ---- a full disk ------------------------------------------------------------------------


def _damage(folder: Path, mode: str) -> None:
    """Damage a written search index as a full disk or a crash would."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    if mode == "every file empty":
        for path in files:
            path.write_bytes(b"")
    elif mode == "no manifest":
        (folder / "manifest.json").unlink()
    elif mode == "garbage manifest":
        (folder / "manifest.json").write_bytes(b'{"files": ')
    elif mode == "cut bucket":
        bucket = max(folder.glob("b/*.bin"), key=lambda p: p.stat().st_size)
        bucket.write_bytes(bucket.read_bytes()[: bucket.stat().st_size // 2])
    elif mode == "meta missing":
        (folder / "meta.json").unlink()
    elif mode == "document lost":
        next(folder.glob("d/*.gz")).unlink()
    elif mode == "document damaged":
        doc = next(folder.glob("d/*.json"))
        doc.write_bytes(doc.read_bytes().replace("法".encode(), "去".encode()))
    elif mode == "nothing written":
        shutil.rmtree(folder)


DAMAGE = [
    "every file empty",
    "no manifest",
    "garbage manifest",
    "cut bucket",
    "meta missing",
    "document lost",
    "document damaged",
    "nothing written",
]


@pytest.mark.parametrize("mode", DAMAGE)
def test_a_damaged_search_index_is_never_published(project: Project, mode: str) -> None:
    """The build stops itself once the index is written (the ``index`` hook), the index
    is damaged there, and the build goes on: it must refuse to publish."""
    before = tree_digest(project.site)
    project.edit()
    proc = project.start(GKGEN_TEST_PAUSE_AT="index")
    pid = wait_stopped(proc)
    (staging,) = project.leftovers()
    index = project.site.parent / staging / project.site.name / "search-index"
    assert (index / "manifest.json").is_file()
    _damage(index, mode)
    os.kill(pid, signal.SIGCONT)
    out, err = proc.communicate(timeout=120)
    _assert_clean_failure(
        subprocess.CompletedProcess(proc.args, proc.returncode, out, err), "错误：搜索索引不完整"
    )
    assert tree_digest(project.site) == before
    assert project.settled() == []


Mount = Callable[[str, int], Path]


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Mount]:
    """Mount a small tmpfs: ``tmpfs(name, kilobytes)`` → its mount point (or skip)."""
    mounted: list[Path] = []

    def mount(name: str, kilobytes: int) -> Path:
        point = tmp_path / name
        point.mkdir()
        proc = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs", str(point)],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({proc.stderr.strip()}); stubs cover it")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def _kilobytes(folder: Path) -> int:
    return sum(p.stat().st_blocks for p in folder.rglob("*")) // 2 + 64


def _on_disk(project: Project, disk: Path) -> None:
    """Move the published site onto ``disk``."""
    shutil.copytree(project.site, disk / "site", symlinks=True)
    project.site = disk / "site"


def test_disk_full_while_the_search_index_is_written(project: Project, tmpfs: Mount) -> None:
    disk = tmpfs("disk", 3 * _kilobytes(project.site))
    _on_disk(project, disk)
    before = tree_digest(project.site)
    project.edit()
    proc = project.start(GKGEN_TEST_PAUSE_AT="search")  # the pages are written; fill up
    pid = wait_stopped(proc)
    subprocess.run(["dd", "if=/dev/zero", f"of={disk / 'fill'}", "bs=64k"], capture_output=True)
    os.kill(pid, signal.SIGCONT)
    out, err = proc.communicate(timeout=120)
    (disk / "fill").unlink()
    _assert_clean_failure(
        subprocess.CompletedProcess(proc.args, proc.returncode, out, err), "错误："
    )
    assert "No space left" in err
    assert tree_digest(project.site) == before
    assert project.settled() == []


def test_disk_full_while_the_engine_writes(project: Project, tmpfs: Mount) -> None:
    size = _kilobytes(project.site)
    disk = tmpfs("disk", size + size // 3)  # room for the site, not for a second copy
    _on_disk(project, disk)
    before = tree_digest(project.site)
    project.edit()
    proc = project.build()
    _assert_clean_failure(proc, "错误：网站引擎 mkdocs 构建失败")
    assert "No space left" in proc.stderr
    assert tree_digest(project.site) == before
    assert project.settled() == []


def test_disk_full_in_the_work_folder(project: Project, tmpfs: Mount) -> None:
    disk = tmpfs("work", 256)
    subprocess.run(["dd", "if=/dev/zero", f"of={disk / 'fill'}", "bs=4k"], capture_output=True)
    before = tree_digest(project.site)
    project.edit()
    proc = project.build(GKGEN_BUILD_DIR=str(disk))
    _assert_clean_failure(proc, "错误：")
    assert "保持原样" in proc.stderr or "网站未改动" in proc.stderr
    assert "No space left" in proc.stderr
    assert tree_digest(project.site) == before


# ---- a --site that is not a site ----------------------------------------------------------

# name → (where the build runs from, relative to the project, or None: from the repository;
# the --site it is given, {root} standing for the project folder)
WRONG_TARGETS = {
    "the working folder": (".", "."),
    "a parent of the working folder": ("pub", ".."),
    "content/": (".", "content"),
    "seeds/": (".", "seeds"),
    "the project folder, holding content/": (None, "{root}"),
    "content/, from elsewhere": (None, "{root}/content"),
    "a folder of documents": (".", "documents"),
    "a file": (".", "documents/notes.txt"),
}


@pytest.mark.parametrize("name", WRONG_TARGETS)
def test_a_site_folder_that_would_destroy_something_is_refused(project: Project, name: str) -> None:
    """Publishing replaces the target whole: a typo in --site must not delete a folder."""
    (project.root / "documents").mkdir()
    (project.root / "documents" / "notes.txt").write_text("别删我", encoding="utf-8")
    before = tree_digest(project.root)
    cwd, site = WRONG_TARGETS[name]
    args = [*project.args()[:-1], site.format(root=project.root)]
    proc = subprocess.run(
        args,
        cwd=REPO if cwd is None else project.root / cwd,
        env=env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    _assert_clean_failure(proc, "错误：")
    assert "不能发布到" in proc.stderr or "不会替换它" in proc.stderr
    assert tree_digest(project.root) == before


def test_what_a_killed_zensical_build_left_in_the_work_folder_is_removed(
    project: Project,
) -> None:
    work = work_dir(REPO, project.content)
    work.mkdir(parents=True, exist_ok=True)
    (work / ".zensical-4242.yml").write_text("INHERIT: x\n", encoding="utf-8")
    (work / ".zensical-site-4242").mkdir()
    (work / ".zensical-site-4242" / "index.html").write_text("<p>half</p>", encoding="utf-8")
    (work / "cache.pickle.4242.tmp").write_bytes(b"\0" * 100)
    # and an older layout's siblings of a staging folder, beside the site
    for name in (".site-tmp-4242-old", ".site-tmp-4242-part0"):
        (project.site.parent / name).mkdir()
    assert len(project.leftovers()) == 5
    done = project.build()
    assert done.returncode == 0, done.stderr
    assert project.settled() == []


def test_a_site_that_is_a_link_stays_a_link(project: Project, tmp_path: Path) -> None:
    """The folder the link leads to is replaced; the link is left as the operator made it."""
    real = tmp_path / "www" / "html"
    real.parent.mkdir()
    project.site.rename(real)
    project.site.symlink_to(real)
    project.edit()
    done = project.build()
    assert done.returncode == 0, done.stderr
    assert project.site.is_symlink()
    assert EDITED in (real / "ceshi" / "zhen" / "2020" / "index.html").read_text("utf-8")
    assert list(real.parent.glob(".html-tmp-*")) == []
    assert project.settled() == []
