"""`build --admin CONFIG.yml`: the form editor published with the site, at /admin/.

Off by default: a site built without the option has no /admin/. With it, the staging
folder (before the atomic swap, :func:`generator.publish.staged`) gets the same files
`edit` serves (:data:`generator.edit.MOUNTS`): admin/'s page and scripts, the Decap CMS
bundle and js-yaml from node_modules/, the preview's stylesheet, and the hosted
configuration given (``python -m generator cms --backend gitlab|gitea|github``). Nothing
is fetched from a CDN: the page loads only files of the site itself, then talks to the
hosted repository's API to sign the editor in and to save.

Why after the search index: the index never sees the admin page, and the engine's nav and
sitemap never knew it, so /admin/ is neither found by search nor listed anywhere. Its page
carries ``noindex`` for search engines and a Content-Security-Policy of its own (script
only from the site; network only to the site and the repository's server).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from generator.cms import ADMIN, NEEDS
from generator.diagnostics import UserError
from generator.edit import MOUNTS

# admin/'s own files the page loads (config.yml, the local one, is replaced by the hosted).
PAGE_FILES = (
    "index.html",
    "manual-init.js",
    "register.js",
    "record-format.js",
    "record-shape.js",
    "preview.js",
)
# From each mount of `edit`, what the page needs: the bundle's own chunks and WebAssembly
# (its .cms.js twins belong to the npm entry point, the .map files to debugging).
NEEDED = {
    "cms/": ("decap-cms.js", "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt"),
    "vendor/": ("js-yaml.min.js",),
    "site/": ("disclosure.css",),
}
# Where each backend's API and sign-in live when the configuration does not say.
DEFAULT_SERVERS = {
    "gitlab": ("https://gitlab.com/api/v4", "https://gitlab.com"),
    "github": ("https://api.github.com", "https://api.netlify.com"),
    "gitea": ("https://try.gitea.io/api/v1", "https://try.gitea.io"),
}
HOW_TO = (
    "请先用 python -m generator cms --backend gitlab（或 gitea、github）--repo 仓库 -o 文件 "
    "生成托管仓库的配置"
)


def _refuse(zh: str, en: str) -> UserError:
    return UserError(f"{zh}。网站未构建，原有网站保持不变", en + "; nothing built")


def read_config(path: Path) -> dict[str, Any]:
    """The hosted configuration at ``path``; refuse a missing or local one, in Chinese."""
    if not path.is_file():
        raise _refuse(
            f"找不到表单编辑器配置 {path}。{HOW_TO}",
            f"the form editor's configuration {path} does not exist",
        )
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise _refuse(f"表单编辑器配置 {path} 无法读取：{exc}", f"{path} is not YAML") from None
    backend = config.get("backend") if isinstance(config, dict) else None
    name = backend.get("name") if isinstance(backend, dict) else None
    if name not in NEEDS or config.get("local_backend") or not config.get("collections"):
        raise _refuse(
            f"{path} 不是托管仓库的配置（是本机 edit 用的，发布到网站上无法登录）。{HOW_TO}",
            f"{path} is not a hosted configuration (backend: {name or 'local'})",
        )
    return config


def bundle_files() -> list[tuple[str, Path]]:
    """(path under /admin/, file) for every file of node_modules/ the page needs."""
    out: list[tuple[str, Path]] = []
    for prefix, patterns in NEEDED.items():
        for pattern in patterns:
            found = sorted(MOUNTS[prefix].glob(pattern))
            if not found:
                raise _refuse(
                    "表单编辑器尚未安装：请先运行 make cms（用 npm 安装 Decap CMS）",
                    f"the form editor is not installed ({MOUNTS[prefix] / pattern}): run make cms",
                )
            out += [(prefix + file.name, file) for file in found]
    return out


def check(path: Path) -> dict[str, Any]:
    """Everything `build --admin` needs, before any build starts: the hosted configuration
    and the installed bundle. Returns the configuration."""
    config = read_config(path)
    bundle_files()
    return config


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def policy(config: dict[str, Any]) -> str:
    """The admin page's Content-Security-Policy: script only from the site, network only
    to the site and the repository's API and sign-in server. Looser than the public
    pages' in three ways Decap needs: 'unsafe-eval' (it validates its configuration with
    Ajv, which compiles schemas with ``new Function``; still no inline script), inline
    <style> (its widgets are styled by emotion), and avatars from the repository's server."""
    backend = config["backend"]
    api, auth = DEFAULT_SERVERS[backend["name"]]
    servers = sorted(
        {origin(backend.get("api_root") or api), origin(backend.get("base_url") or auth)}
    )
    return (
        "default-src 'none'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; "
        f"font-src 'self' data:; connect-src 'self' {' '.join(servers)}; "
        "frame-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def page(config: dict[str, Any]) -> str:
    """admin/index.html with its Content-Security-Policy (a <meta>, first in <head>)."""
    text = (ADMIN / "index.html").read_text(encoding="utf-8")
    charset = '<meta charset="utf-8">\n'
    meta = f'  <meta http-equiv="Content-Security-Policy" content="{policy(config)}">\n'
    assert charset in text, "admin/index.html lost its charset line"
    return text.replace(charset, charset + meta, 1)


def publish_admin(site: Path, config_path: Path) -> Path:
    """Copy the form editor into ``site``/admin/ (the staging folder of a build)."""
    config = read_config(config_path)
    target = site / "admin"
    target.mkdir()
    for rel, source in [(name, ADMIN / name) for name in PAGE_FILES[1:]] + bundle_files():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / rel)
    (target / "index.html").write_text(page(config), encoding="utf-8")
    shutil.copyfile(config_path, target / "config.yml")
    return target
