"""Publishing a built site: one build at a time, staged beside site/, swapped in whole.

The only place that replaces a published folder. What it guarantees:

- **One complete site is live at every instant.** A build stages into its own hidden
  folder beside the target, ``.site-tmp-<pid>/`` (same filesystem, so publishing is a
  rename), and the finished site replaces the target by one atomic exchange (Linux
  ``renameat2(RENAME_EXCHANGE)``). Where the filesystem cannot exchange, two renames are
  used and the old site waits inside the staging folder between them; a build killed
  right there leaves no site/, and the next build (or staging) puts the old one back.
- **Nothing a killed build left survives the next build.** Each build holds a lock on its
  staging folder, and so do the engine and worker processes it starts (they inherit the
  lock, :func:`held`): a staging folder nobody holds was left by a dead build and is
  removed, under a lock on the folder it sits in, at the start of every build and staging.
- **Nobody waits for the old site to go.** Once the new site is live, the old copy is
  removed by a detached process that holds the staging folder's lock until it is done;
  other builds leave a held folder alone, and the next build removes what a killed
  remover left.
- **Failures say what is live.** An OS error the operator can fix (permissions, a full
  disk, a read-only filesystem) is a :class:`UserError` that says whether the old site,
  the new site or nothing is live now; never a traceback.

A test hook, :func:`checkpoint`, lets tests/test_faults.py stop a build at a named stage.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.diagnostics import UserError

# OS errors an operator can fix: reported as user errors, never as tracebacks.
FIXABLE = frozenset(
    {
        errno.EACCES,
        errno.EPERM,
        errno.ENOSPC,
        errno.EDQUOT,
        errno.EROFS,
        errno.EFBIG,
        errno.EIO,
        errno.EMFILE,
        errno.ENFILE,
    }
)
# renameat2 answers these where the system or filesystem cannot exchange two paths.
NO_EXCHANGE = frozenset({errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP})

_HELD: list[int] = []  # descriptors of the staging-folder locks this process holds


def held() -> tuple[int, ...]:
    """The descriptors of this process's staging-folder locks, for the processes it starts
    to inherit (``pass_fds``): a staging folder is in use while any of them lives."""
    return tuple(_HELD)


def checkpoint(stage: str) -> None:
    """Test hook, inert unless ``$GKGEN_TEST_PAUSE_AT`` names ``stage``: the process then
    stops itself (SIGSTOP) so a test can kill it there, or damage what was written.
    Stages, in order: ``validate`` (records checked), ``engine`` (the engine wrote its
    pages), ``search`` (the search index is about to be written), ``index`` (it is
    written, not yet checked), ``swap`` (about to publish), ``swap-half`` (between the two
    renames of the fallback swap), ``remove`` (the detached remover of the old site,
    which stops itself before it starts: :func:`_remove_old`)."""
    if os.environ.get("GKGEN_TEST_PAUSE_AT") == stage:
        os.kill(os.getpid(), signal.SIGSTOP)


def fixable(exc: OSError) -> bool:
    return exc.errno in FIXABLE


def os_error(exc: OSError, zh: str, en: str) -> UserError:
    """An OS error as a user error: what happened, what it means for the site, the cause."""
    return UserError(zh, en, detail=[f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")])


def _warn(zh: str, en: str) -> None:
    print(f"警告 warning: {zh} ({en})", file=sys.stderr)


@contextmanager
def unchanged_on_error(site: Path) -> Iterator[None]:
    """Report a fixable OS error raised before anything was published as a user error
    saying so (what :func:`staged` publishes reports its own failures)."""
    try:
        yield
    except OSError as exc:
        if not fixable(exc):
            raise
        raise os_error(
            exc, f"构建中断，{site}/ 保持原样", f"the build stopped; {site}/ is left as it was"
        ) from None


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """One build of a tree at a time (a second waits), so pages are never mixed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / ".lock").open("w")
    except OSError as exc:
        if not fixable(exc):
            raise
        raise os_error(
            exc,
            f"无法使用工作目录 {folder}/，网站未改动",
            f"cannot use the work folder {folder}/; no site was changed",
        ) from None
    with handle:
        # Not inherited by the engine (unlike a staging folder's lock): if this process
        # is killed and its engine lives on, the next build need not wait for it.
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def clean_work(work: Path) -> None:
    """Remove what killed builds left in the work folder ``work`` (call under
    :func:`locked`): Zensical's generated config and site, the cache's temporary file."""
    for path in sorted([*work.glob(".zensical-*"), *work.glob("cache.pickle.*.tmp")]):
        _discard(path)


def clean_stale(target: Path) -> None:
    """Remove the staging folders beside ``target`` that no live build holds, putting the
    old site back first if a build died in the middle of a fallback swap."""
    real = _real(target)
    if real.parent.is_dir():
        with _dir_locked(real.parent):
            _clean(real, target)


# A built site has at least one of these (every engine writes them, every shard too).
SITE_MARKERS = ("index.html", "404.html", "sitemap.xml")


def check_target(target: Path, keep: Iterable[Path] = ()) -> None:
    """Refuse to publish to a folder whose replacement would destroy something else.

    Publishing replaces the target whole, so ``--site .``, ``--site ..``, ``--site ~``,
    ``--site content`` or a folder of documents would be deleted. The target must not be
    (or hold) the working folder, the home folder or any folder in ``keep``, and if it
    exists it must be a folder that is empty or holds a built site.
    """
    real = _real(target)
    for folder in (Path.cwd(), Path.home(), *keep):
        held = _real(folder)
        if held == real or held.is_relative_to(real):
            raise UserError(
                f"不能发布到 {target}/：它就是或包含 {folder}，替换它会把后者删掉",
                f"refusing to publish to {target}/: it is or holds {folder}, which replacing it "
                "would delete",
            )
    if os.path.lexists(real) and not real.is_dir():
        raise UserError(
            f"不能发布到 {target}：它不是目录", f"refusing to publish to {target}: not a folder"
        )
    if real.is_dir() and any(real.iterdir()) and not any((real / m).exists() for m in SITE_MARKERS):
        raise UserError(
            f"{target}/ 不是构建出的网站（没有 index.html、404.html 或 sitemap.xml），不会替换它",
            f"refusing to replace {target}/: it is not a built site (no index.html, 404.html "
            "or sitemap.xml)",
        )


@contextmanager
def staged(target: Path, keep: Iterable[Path] = ()) -> Iterator[Path]:
    """A fresh staging path for ``target``; swapped in if the block succeeds.

    Why not build into ``target`` directly: a failure halfway would leave the public
    site half updated. On any exception the staging folder is removed and ``target`` is
    left exactly as it was. ``target`` may be a link: the folder it leads to is replaced.
    """
    check_target(target, keep)
    real = _real(target)
    parent = real.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with _dir_locked(parent):
            _clean(real, target)
            box = parent / f"{_prefix(real)}{os.getpid()}"
            box.mkdir()
            fd = os.open(box, os.O_RDONLY | os.O_DIRECTORY)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if not fixable(exc):
            raise
        raise os_error(
            exc,
            f"无法在 {parent}/ 中建立临时目录，{target}/ 保持原样",
            f"cannot create a staging folder in {parent}/; {target}/ is left as it was",
        ) from None
    _HELD.append(fd)
    stranded = False
    published = False
    try:
        try:
            yield box / real.name
        except OSError as exc:
            if not fixable(exc):
                raise
            raise os_error(
                exc,
                f"构建失败，{target}/ 保持原样",
                f"the build failed; {target}/ is left as it was",
            ) from None
        checkpoint("swap")
        try:
            with _dir_locked(parent):
                _swap(box / real.name, real, box, target)
        except _Stranded:
            stranded = True  # both sites are in the staging folder: the next build restores
            raise
        published = True
    finally:
        _HELD.remove(fd)
        if published:
            _remove_old(box, fd)
        elif not stranded:
            _remove_box(box, False)
        os.close(fd)


class _Stranded(UserError):
    """No site is live: the old one could not be put back (the next build does)."""


def _swap(new: Path, real: Path, box: Path, target: Path) -> None:
    """Put ``new`` in place of ``real``; on failure say exactly what is live."""
    if not os.path.lexists(real):
        try:
            new.rename(real)
        except OSError as exc:
            raise os_error(
                exc,
                f"未能发布到 {target}/，目前没有在线的网站",
                f"could not publish to {target}/; no site is live",
            ) from None
        return
    old_live = (
        f"未能替换 {target}/，旧网站仍在线",
        f"could not replace {target}/; the old site is still live",
    )
    try:
        _exchange(new, real)
        return
    except OSError as exc:
        if exc.errno not in NO_EXCHANGE:
            raise os_error(exc, *old_live) from None
    old = box / "old"
    try:
        real.rename(old)
    except OSError as exc:
        raise os_error(exc, *old_live) from None
    checkpoint("swap-half")
    try:
        new.rename(real)
    except OSError as exc:
        try:
            old.rename(real)
        except OSError:
            raise _Stranded(
                f"未能替换 {target}/，也未能放回旧网站：目前没有在线的网站。"
                f"旧网站在 {old}/，新网站在 {new}/；下次构建会先放回旧网站",
                f"could not replace {target}/ nor put the old site back: no site is live. "
                f"The old site is in {old}/, the new one in {new}/; the next build puts the "
                "old one back first",
                detail=[f"{exc.strerror}: {exc.filename}"],
            ) from None
        raise os_error(exc, *old_live) from None


def _exchange(a: Path, b: Path) -> None:
    """Swap two paths in one step (Linux renameat2 with RENAME_EXCHANGE)."""
    renameat2 = _renameat2()
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(b))


@functools.cache
def _renameat2() -> Any:
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


def _real(target: Path) -> Path:
    return Path(os.path.realpath(target))


def _prefix(real: Path) -> str:
    return f".{real.name}-tmp-"


@contextmanager
def _dir_locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` itself (no file is made in it): builds publishing
    side by side create, clean and swap their staging folders one at a time."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _clean(real: Path, target: Path) -> None:
    """Remove staging folders beside ``real`` that no process holds (call under the lock
    of their folder). Also the older layout's ``-old`` and ``-partN`` siblings."""
    with os.scandir(real.parent) as entries:
        names = sorted(e.name for e in entries if e.name.startswith(_prefix(real)))
    for name in names:
        path = real.parent / name
        try:
            fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            continue  # not a folder, or gone: nothing a build left
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live build's
            _restore(path, real, target)
            _remove_box(path, False)
        finally:
            os.close(fd)


def _restore(box: Path, real: Path, target: Path) -> None:
    """If the target is missing and ``box`` holds the site a dead swap set aside, put it back."""
    if os.path.lexists(real):
        return
    old = box if box.name.endswith("-old") else box / "old"
    if old.is_dir():
        old.rename(real)
        _warn(
            f"上次构建在替换网站时中断，已放回旧网站 {target}/",
            f"a build died while replacing the site; the old {target}/ was put back",
        )


def _remove_box(box: Path, published: bool) -> None:
    """Remove a staging folder; if something in it resists, warn (the next build retries)."""
    failed: list[str] = []

    def note(func: Any, path: str, info: Any) -> None:
        failed.append(f"{path}: {info[1]}")

    shutil.rmtree(box, onerror=note)
    if failed and os.path.lexists(box):
        live = "新网站已上线；" if published else ""
        live_en = "the new site is live; " if published else ""
        _warn(
            f"{live}临时目录 {box}/ 未能完全删除（{failed[0]}），下次构建会再试",
            f"{live_en}could not fully remove {box}/ ({failed[0]}); the next build tries again",
        )


def _remove_old(box: Path, fd: int) -> None:
    """Remove a published build's staging folder (now holding the old site) in a
    detached ``rm -rf``, or here if that cannot be started.

    Why: removing the old copy of a large site takes seconds (6.7 s of a 160 s build at
    5,000 reports) and the new site is already live, so nobody should wait for it. The
    remover inherits the folder's lock (``fd``), so other builds treat the folder as in
    use until it is gone; if the remover is killed, the next build removes what is left
    (:func:`_clean`) and warns there if something resists.
    """
    remover = 'rm -rf -- "$1"'
    if os.environ.get("GKGEN_TEST_PAUSE_AT") == "remove":  # the hook of :func:`checkpoint`
        remover = f"kill -STOP $$; {remover}"
    try:
        # The outer sh starts the remover in the background and exits at once: nothing
        # for us to wait for or reap.
        subprocess.run(
            ["sh", "-c", '"$0" -c "$2" sh "$1" >/dev/null 2>&1 &', "sh", str(box), remover],
            pass_fds=(fd,),
            start_new_session=True,  # a Ctrl-C meant for the build does not stop it
            stdin=subprocess.DEVNULL,
            check=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        _remove_box(box, True)


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def remove(folder: Path) -> None:
    """Remove a folder the build made, if it is there."""
    shutil.rmtree(folder, ignore_errors=True)
