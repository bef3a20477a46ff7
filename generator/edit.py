"""`edit`: the form editor (Decap CMS) on this computer, against the working copy.

Three local services, all bound to 127.0.0.1:

- decap-server (from node_modules/, installed by `make cms`): Decap's local backend. In its
  git mode every save of the form is a commit on the current branch of the repository that
  holds content/ (it runs `git add .` then `git commit`), so the editor never types git;
- this module's small web server: admin/index.html, the CMS bundle and js-yaml from
  node_modules/, and the configuration (admin/config.yml plus the backend, written here
  with the ports and branch of this run). Nothing is fetched from outside this computer;
- the live preview (`serve`), so a saved record shows as the site shows it.
"""

from __future__ import annotations

import functools
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import Any
from urllib.parse import urlsplit

import yaml

from generator.cms import ADMIN
from generator.diagnostics import UserError

PROJECT = ADMIN.parent
NODE_MODULES = PROJECT / "node_modules"
# URL prefix under /admin/ → the folder it is served from (nothing else is served).
MOUNTS = {
    "cms/": NODE_MODULES / "decap-cms" / "dist",
    "vendor/": NODE_MODULES / "js-yaml" / "dist",
    "site/": PROJECT / "theme_overrides" / "assets" / "stylesheets",  # the preview's styles
    "": ADMIN,
}
SERVER = NODE_MODULES / "decap-server" / "dist" / "index.js"


@dataclass(frozen=True)
class Repo:
    """Where the form saves: the repository root, its branch, content/ inside it."""

    root: Path
    branch: str | None  # None: not a git repository, files are saved without commits
    folder: str  # content/ relative to root, as the CMS names it

    @property
    def commits(self) -> bool:
        return self.branch is not None


def _git(root: Path, *args: str) -> str | None:
    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 else None


def find_repo(content: Path, *, commit: bool = True) -> Repo:
    """The repository holding ``content``; refuse what the CMS could not work with."""
    if not content.is_dir():
        raise UserError(f"内容目录 {content} 不存在", f"content folder {content} does not exist")
    top = _git(content, "rev-parse", "--show-toplevel") if commit else None
    root = Path(top).resolve() if top else content.resolve().parent
    folder = content.resolve().relative_to(root).as_posix()
    if not top:
        return Repo(root, None, folder)
    branch = _git(root, "symbolic-ref", "--quiet", "--short", "HEAD")
    if not branch:
        raise UserError(
            "仓库不在任何分支上（detached HEAD）：请先 git switch 到一个分支",
            "the repository is not on a branch (detached HEAD): switch to a branch first",
        )
    return Repo(root, branch, folder)


def uncommitted(repo: Repo) -> list[str]:
    """Paths with uncommitted changes: git mode would commit them with the next save."""
    if not repo.commits:
        return []
    out = _git(repo.root, "status", "--porcelain") or ""
    return [line[3:] for line in out.splitlines() if line]


def free_port(host: str = "127.0.0.1", wanted: int = 0) -> int:
    """``wanted`` if it is free, else any free port."""
    for port in (wanted, 0) if wanted else (0,):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    raise UserError("找不到空闲端口", "no free port")  # pragma: no cover


def site_config(repo: Repo, backend_port: int, preview: str | None) -> dict[str, Any]:
    """admin/config.yml with this run's backend (and folders, if content/ is elsewhere)."""
    config = yaml.safe_load((ADMIN / "config.yml").read_text(encoding="utf-8"))
    for collection in config["collections"]:
        collection["folder"] = repo.folder
    config["backend"].update(
        name="proxy",
        proxy_url=f"http://127.0.0.1:{backend_port}/api/v1",
        branch=repo.branch or "main",
    )
    config["publish_mode"] = "simple"  # review happens on the hosted repository
    if preview:
        config["site_url"] = config["display_url"] = preview
    return config


class AdminHandler(SimpleHTTPRequestHandler):
    """Serves /admin/ from MOUNTS and the generated configuration; nothing else."""

    config_text = ""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path in ("/", "/admin"):
            self.send_response(302)
            self.send_header("Location", "/admin/")
            self.end_headers()
            return
        if path == "/admin/config.yml":
            self._send(self.config_text.encode("utf-8"), "text/yaml; charset=utf-8")
            return
        target = self._file(path)
        if target is None:
            self.send_error(404)
            return
        kind = self.guess_type(str(target))
        self._send(target.read_bytes(), kind + ("; charset=utf-8" if "text" in kind else ""))

    def _file(self, path: str) -> Path | None:
        if not path.startswith("/admin/"):
            return None
        rest = path.removeprefix("/admin/") or "index.html"
        for prefix, folder in MOUNTS.items():
            if rest.startswith(prefix):
                target = (folder / rest.removeprefix(prefix)).resolve()
                inside = target.is_relative_to(folder.resolve())
                return target if inside and target.is_file() else None
        return None

    def _send(self, data: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)


def check_installed() -> None:
    missing = [p for p in (SERVER, MOUNTS["cms/"], MOUNTS["vendor/"]) if not p.exists()]
    if missing:
        raise UserError(
            "表单编辑器尚未安装：请先运行 make cms（用 npm 安装 Decap CMS）",
            f"the form editor is not installed ({missing[0]}): run `make cms` (npm ci)",
        )


def wait_for(port: int, proc: subprocess.Popen[bytes], what: str) -> None:
    """Until ``port`` accepts connections; a child that dies first is a user error."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise UserError(f"{what} 启动失败", f"{what} failed to start")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise UserError(f"{what} 启动超时", f"{what} did not start in 30 s")


def start_backend(repo: Repo, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MODE": "git" if repo.commits else "fs",
        "GIT_REPO_DIRECTORY": str(repo.root),
        "LOG_LEVEL": "warn",
    }
    proc = subprocess.Popen(["node", str(SERVER)], cwd=repo.root, env=env)
    wait_for(port, proc, "decap-server")
    return proc


def start_preview(content: Path, seeds: Path, port: int) -> subprocess.Popen[bytes]:
    # Absolute: the preview runs from the project folder (its mkdocs.yml), not from here.
    where = ["--content", str(content.resolve()), "--seeds", str(seeds.resolve())]
    cmd = [sys.executable, "-m", "generator", *where]
    cmd += ["serve", "--addr", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(cmd, cwd=PROJECT)
    wait_for(port, proc, "预览 (preview)")
    return proc


@contextmanager
def admin_server(config: dict[str, Any], port: int) -> Iterator[int]:
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    handler = type("Handler", (AdminHandler,), {"config_text": text})
    httpd = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler))
    Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield int(httpd.server_address[1])
    finally:
        httpd.shutdown()


def _stop_on_sigterm() -> None:
    """SIGTERM ends `edit` as Ctrl-C does, so the children are stopped too."""

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def warn_uncommitted(repo: Repo) -> None:
    dirty = uncommitted(repo)
    if dirty:
        print(
            f"注意：仓库中有 {len(dirty)} 处未提交的改动，表单保存时会一并提交；"
            "不想这样请先提交，或用 --no-commit 只保存文件 "
            f"(note: {len(dirty)} uncommitted changes will be committed with the next save)",
            file=sys.stderr,
        )


def run(content: Path, seeds: Path, *, port: int, preview_port: int | None, commit: bool) -> int:
    """Start everything, print the address, wait for Ctrl-C, stop everything."""
    check_installed()
    repo = find_repo(content, commit=commit)
    warn_uncommitted(repo)
    _stop_on_sigterm()
    children: list[subprocess.Popen[bytes]] = []
    try:
        backend_port = free_port()
        children.append(start_backend(repo, backend_port))
        preview = None
        if preview_port is not None:
            preview_port = free_port(wanted=preview_port)
            children.append(start_preview(content, seeds, preview_port))
            preview = f"http://127.0.0.1:{preview_port}/"
        with admin_server(site_config(repo, backend_port, preview), free_port(wanted=port)) as at:
            print(f"表单编辑器 (form editor): http://127.0.0.1:{at}/admin/", flush=True)
            if preview:
                print(f"预览 (preview): {preview}", flush=True)
            mode = "保存即提交到分支 " + str(repo.branch) if repo.commits else "只保存文件，不提交"
            print(f"{mode}；按 Ctrl-C 结束 (Ctrl-C to stop)", flush=True)
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
            return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
