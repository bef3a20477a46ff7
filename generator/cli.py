"""Command line: ``python -m generator VERB`` (also installed as ``gkgen``).

User mistakes (bad records, missing files, a failed engine) are caught in one place,
:func:`main`, for every verb: printed cleanly, exit 1, no traceback. Anything else is a
bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.cli_chinese import ChineseParser
from generator.diagnostics import Diagnostics, UserError, display_path

if TYPE_CHECKING:
    from generator.tree import ReportEntry

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str) -> Callable:
    def register(func: Callable[[argparse.Namespace], int]) -> Callable:
        COMMANDS[name] = func
        return func

    return register


def _print_diagnostics(diags: Diagnostics, *, strict: bool = False) -> int:
    """Print diagnostics; return the number that count as errors."""
    for diag in diags.sorted():
        print(diag.format(), file=sys.stderr)
    errors = len(diags.errors) + (len(diags.warnings) if strict else 0)
    files = len({d.path for d in diags.items})
    if diags.items:
        print(
            f"共 {len(diags.errors)} 个错误、{len(diags.warnings)} 条提示，涉及 {files} 个文件 "
            f"({len(diags.errors)} errors, {len(diags.warnings)} warnings in {files} files)",
            file=sys.stderr,
        )
    return errors


def _check_paths(paths: list[Path], content: Path) -> None:
    """Each path given to `check` must lie inside ``content``: a path outside it is a
    mistake to report, not a file to pass silently."""
    base = os.path.abspath(content)
    for path in paths:
        full = os.path.abspath(path)
        if not path.exists() or not (full == base or full.startswith(base + os.sep)):
            raise UserError(
                f"{path}：不存在或不在内容目录 {content}/ 之内",
                f"{path} does not exist or is not inside {content}/; see --content",
            )


def _only_under(diags: Diagnostics, paths: list[Path]) -> Diagnostics:
    """The diagnostics of files under ``paths`` (all of them when none are given).

    The whole tree is always checked (rules span files); only the output is limited.
    """
    if not paths:
        return diags
    wanted = [os.path.abspath(p).rstrip(os.sep) for p in paths]
    kept = Diagnostics()
    for d in diags.items:
        full = os.path.abspath(d.path)
        if any(full == w or full.startswith(w + os.sep) for w in wanted):
            kept.add(d)
    return kept


@command("check")
def cmd_check(args: argparse.Namespace) -> int:
    from generator.walk import load_catalog

    _check_paths(args.paths, args.content)  # before the walk: a typo fails at once
    catalog, diags = load_catalog(args.content, args.seeds)
    if args.strict:  # who runs the site (footer): a publisher's duty, not an editor's
        from generator.site_identity import problems

        diags.extend(problems(args.config))
    if _print_diagnostics(_only_under(diags, args.paths), strict=args.strict):
        return 1
    count = len(catalog.reports())
    print(f"检查通过：{count} 份报告 (OK: {count} reports)")
    _print_drafts(catalog.drafts)
    return 0


def _warn_engine_end_of_life() -> None:
    from generator.doctor import material_warning
    from generator.pipeline import build_date

    warning = material_warning(build_date())
    if warning:
        print(warning, file=sys.stderr)


def _print_drafts(drafts: list[ReportEntry]) -> None:
    """Drafts are checked like any report but never published: say which they are."""
    if drafts:
        print(f"草稿 {len(drafts)} 份，不发布 ({len(drafts)} drafts, not published):")
        for entry in drafts:
            print(f"  {display_path(entry.path)}")


@command("doctor")
def cmd_doctor(args: argparse.Namespace) -> int:
    from generator.doctor import doctor

    findings, code = doctor(args.today or dt.date.today(), Path.cwd())
    print("环境检查 (doctor)")
    for finding in findings:
        print(finding.line())
    if code:
        print("✗ 的项目缺失，网站无法构建：运行 make site 安装 (missing: run `make site`)")
    return code


@command("schema")
def cmd_schema(args: argparse.Namespace) -> int:
    from generator.schema import json_schema

    text = json.dumps(json_schema(args.kind), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"已写入 {args.output} (written)")
    else:
        sys.stdout.write(text)
    return 0


@command("cms")
def cmd_cms(args: argparse.Namespace) -> int:
    from generator.cms import hosted_text, write

    if args.backend:
        if not args.repo:
            raise UserError("请用 --repo 写明内容仓库，如 yfzq/content", "--repo is needed")
        options = {"branch": args.branch, "app_id": args.app_id, "base_url": args.base_url}
        try:
            text = hosted_text(args.backend, args.repo, api_root=args.api_root, **options)
        except ValueError as exc:
            need = f"{args.backend} 需要 {exc}"
            raise UserError(need, f"{args.backend} needs {exc}") from None
        if args.output is None:
            sys.stdout.write(text)
            return 0
        args.output.write_text(text, encoding="utf-8")
        print(f"已写入 {args.output} (written)")
        return 0
    changed = write()
    for path in changed:
        print(f"已写入 {display_path(path)} (written)")
    if not changed:
        print("表单编辑器配置已是最新 (admin/ is up to date)")
    return 0


@command("edit")
def cmd_edit(args: argparse.Namespace) -> int:
    from generator.edit import run

    port = _port_of(args.addr)
    preview = None if args.no_preview else 8000
    return run(args.content, args.seeds, port=port, preview_port=preview, commit=args.commit)


def _port_of(addr: str) -> int:
    host, _, port = addr.rpartition(":")
    if host not in ("127.0.0.1", "localhost") or not port.isdigit():
        raise UserError(
            f"地址“{addr}”无效：表单编辑器只在本机运行，应写成 127.0.0.1:端口",
            f"invalid address '{addr}': the editor runs on this computer only (127.0.0.1:PORT)",
        )
    return int(port)


@command("render")
def cmd_render(args: argparse.Namespace) -> int:
    from generator.pipeline import run_pipeline

    start = time.perf_counter()
    result = run_pipeline(args.content, args.seeds, args.out)
    if _print_diagnostics(result.diagnostics) or result.rendered is None:
        return 1
    print(
        f"已生成 {len(result.rendered.files)} 个文件，改写 {len(result.written)} 个，"
        f"用时 {time.perf_counter() - start:.2f} 秒 → {args.out}"
    )
    return 0


def _sources(args: argparse.Namespace) -> dict[str, Any]:
    """What every building verb takes from the command line besides its output."""
    return {"content": args.content, "seeds": args.seeds, "engine": args.engine}


@command("build")
def cmd_build(args: argparse.Namespace) -> int:
    from generator.build import build

    summary = build(
        args.config,
        args.site,
        **_sources(args),
        shards=args.shards,
        allow_sample=args.allow_sample,
        admin=args.admin,
    )
    if _print_diagnostics(summary.diagnostics):
        print(
            f"未发布：{args.site}/ 保持原样 (nothing published; {args.site}/ left as it was)",
            file=sys.stderr,
        )
        return 1
    print(summary.describe())
    print(summary.timing())
    _print_drafts(summary.drafts)
    _warn_engine_end_of_life()
    return 0


@command("shard")
def cmd_shard(args: argparse.Namespace) -> int:
    from generator.build import build_shard

    diags = build_shard(
        args.config,
        args.site,
        **_sources(args),
        index=args.index,
        of=args.of,
        allow_sample=args.allow_sample,
    )
    if _print_diagnostics(diags):
        return 1
    print(f"已构建第 {args.index + 1}/{args.of} 部分 → {args.site} (built part {args.index})")
    return 0


@command("join")
def cmd_join(args: argparse.Namespace) -> int:
    from generator.build import join_site

    search = join_site(args.parts, args.site)
    print(
        f"已合并 {len(args.parts)} 部分 → {args.site}，搜索索引 {search / 1024:.1f} KB "
        f"(joined {len(args.parts)} parts)"
    )
    return 0


@command("serve")
def cmd_serve(args: argparse.Namespace) -> int:
    import signal
    import subprocess

    _check_port(args.addr)
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        # mkdocs.yml reads docs_dir from GKGEN_CONTENT; the plugin reads GKGEN_SEEDS.
        "GKGEN_CONTENT": os.path.abspath(args.content),
        "GKGEN_SEEDS": os.path.abspath(args.seeds),
    }
    # --dirty: after a save MkDocs rebuilds only the pages the disclosure plugin marks
    # (rewritten Markdown, changed navigation), not all of them (generator/mkdocs_plugin.py).
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(args.config)]
    cmd += ["-a", args.addr]
    proc = subprocess.Popen(cmd, env=env)

    def stop(signum: int, frame: object) -> None:
        # Ctrl+C reaches both processes; a plain SIGTERM (a supervisor, a test) reaches
        # only this one, and would leave the preview server running on its port.
        proc.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.wait()
        return 0


def _check_port(addr: str) -> None:
    """Refuse, in one line, an address whose port is taken (a preview already running)."""
    import errno
    import socket

    host, sep, port_text = addr.rpartition(":")
    host = host.strip("[]")
    if not sep or not port_text.isdigit() or not host:
        raise UserError(
            f"地址“{addr}”无效，应写成 主机:端口，如 127.0.0.1:8000",
            f"invalid address '{addr}'; expected HOST:PORT such as 127.0.0.1:8000",
        )
    port = int(port_text)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if os.name != "nt":  # as the preview server does; on Windows it would steal the port
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)) or (
                getattr(exc, "winerror", None) in (10048, 10013)
            ):
                raise UserError(
                    f"端口 {port} 已被占用：可能已有一个预览在运行，"
                    f"或用 --addr {host}:{port + 1} 换一个端口",
                    f"port {port} is in use: a preview may already be running, "
                    f"or pass --addr {host}:{port + 1}",
                ) from None
            raise UserError(
                f"无法使用地址 {addr}：{exc.strerror or exc}",
                f"cannot listen on {addr}: {exc.strerror or exc}",
            ) from None


@command("new")
def cmd_new(args: argparse.Namespace) -> int:
    from generator.scaffold import scaffold

    created = scaffold(
        args.content,
        args.district,
        args.town,
        args.year,
        district_name=args.district_name,
        town_name=args.town_name,
    )
    for path in created:
        print(f"已创建 {path} (created)")
    print("请填写后运行 python -m generator check (fill it in, then run check)")
    return 0


@command("clean")
def cmd_clean(args: argparse.Namespace) -> int:
    from generator.paste import run

    return run(args.file)


@command("sample")
def cmd_sample(args: argparse.Namespace) -> int:
    from generator.sample import generate

    if args.out.resolve() == args.content.resolve():
        raise UserError(
            "示例数据不能写入 content/，那里只放真实报告",
            "sample data never goes into content/: it holds real reports only",
        )
    paths = generate(args.out, args.count, seed=args.seed)
    print(f"已生成 {len(paths)} 份示例报告 → {args.out} (wrote {len(paths)} sample reports)")
    return 0


def _config_option(verb: argparse.ArgumentParser) -> None:
    verb.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="MkDocs 配置文件 (site configuration, default: mkdocs.yml)",
    )


def _sample_option(verb: argparse.ArgumentParser) -> None:
    verb.add_argument(
        "--allow-sample",
        action="store_true",
        help="允许示例数据与真实记录同站（演示用，每页标明含示例数据） "
        "(allow sample records beside real ones, for a demo)",
    )


def _engine_option(verb: argparse.ArgumentParser) -> None:
    verb.add_argument(
        "--engine",
        choices=["mkdocs", "zensical"],
        default="mkdocs",
        help="网站引擎，默认 mkdocs (site engine, default: mkdocs; zensical needs `make zensical`)",
    )


def parser() -> argparse.ArgumentParser:
    p = ChineseParser(
        prog="python -m generator",
        description="法治政府建设年度报告公开网站生成器 (rule-of-law report site generator)",
        epilog="查看某个命令的用法：python -m generator 命令 -h "
        "(help on one verb: python -m generator VERB -h)",
    )
    p.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        help="YAML 记录目录 (records folder, default: content)",
    )
    p.add_argument(
        "--seeds",
        type=Path,
        default=Path("seeds"),
        help="原始文件目录 (source documents, default: seeds)",
    )
    sub = p.add_subparsers(
        dest="verb",
        required=True,
        metavar="VERB",
        title="命令 (verbs)",
        description="前六个是编辑常用的命令，其余供维护人员使用 "
        "(the first six are the editors' verbs; the rest are for maintainers)",
    )

    s = sub.add_parser("check", help="检查记录，列出全部错误 (validate records)")
    s.add_argument("paths", nargs="*", type=Path, help="只报告这些文件或目录 (limit output)")
    s.add_argument("--strict", action="store_true", help="提示也算错误 (warnings fail)")
    _config_option(s)  # --strict also checks the footer's extra.gk_site in mkdocs.yml

    s = sub.add_parser("schema", help="输出 JSON Schema (print the record's JSON Schema)")
    s.add_argument(
        "--kind",
        choices=["report", "town", "district"],
        default="report",
        help="记录种类：报告、镇街或区县 (record kind; default: report)",
    )
    s.add_argument("-o", "--output", type=Path, help="写入文件 (write to a file)")

    s = sub.add_parser(
        "edit",
        help="表单编辑器：在浏览器中填写、保存即提交 (form editor on this computer)",
        description="启动表单编辑器（Decap CMS，本机后端）和实时预览，打印网址；"
        "保存即提交到当前分支 (start the form editor with its local backend, plus the live "
        "preview; every save is a git commit on the current branch)",
    )
    s.add_argument(
        "--addr",
        default="127.0.0.1:8080",
        help="编辑器地址，端口被占用时另选 (editor address, default 127.0.0.1:8080; 0 = any port)",
    )
    s.add_argument(
        "--no-commit",
        dest="commit",
        action="store_false",
        help="只保存文件，不提交 (save files without committing)",
    )
    s.add_argument("--no-preview", action="store_true", help="不启动预览 (no live preview)")

    from generator.importer import cli as importer

    importer.add_parser(sub)
    COMMANDS["import"] = importer.run

    s = sub.add_parser(
        "cms", help="生成表单编辑器配置 admin/ (write admin/config.yml from the model)"
    )
    s.add_argument(
        "--backend",
        choices=["gitlab", "github", "gitea"],
        help="改为输出托管仓库的配置（编辑流程：草稿→待审核→发布）(hosted configuration)",
    )
    s.add_argument("--repo", help="内容仓库，如 yfzq/content (hosted repository)")
    s.add_argument("--branch", default="main", help="发布分支 (default branch, default: main)")
    s.add_argument("--app-id", help="OAuth 应用 ID（GitLab、Gitea）(OAuth application ID)")
    s.add_argument("--base-url", help="服务器或 OAuth 服务地址 (server or OAuth server URL)")
    s.add_argument("--api-root", help="自建服务器的 API 地址 (API root of a self-hosted server)")
    s.add_argument("-o", "--output", type=Path, help="写入文件 (write to a file)")

    s = sub.add_parser("render", help="只生成 Markdown 树 (render the Markdown tree)")
    s.add_argument(
        "--out",
        type=Path,
        default=Path("build/docs"),
        help="输出目录 (output folder, default: build/docs)",
    )

    s = sub.add_parser("build", help="检查并构建网站，成功才替换 site/ (atomic build)")
    _config_option(s)
    s.add_argument(
        "--site", type=Path, default=Path("site"), help="网站输出目录 (output, default: site)"
    )
    _engine_option(s)
    s.add_argument(
        "--shards",
        type=int,
        default=1,
        help="按区县分成 N 份并行构建后合并 (build N district shards in parallel)",
    )
    _sample_option(s)
    s.add_argument(
        "--admin",
        type=Path,
        metavar="CONFIG.yml",
        help="同时发布表单编辑器到 /admin/，使用这份托管仓库配置（cms --backend 生成）；"
        "默认不发布 (publish the form editor at /admin/ with this hosted configuration)",
    )

    s = sub.add_parser("new", help="新建一份空白报告 (scaffold a new report)")
    s.add_argument("--district", required=True, help="区县目录名（拼音），如 qianjiang")
    s.add_argument("--town", required=True, help="镇街目录名（拼音），如 heixi")
    s.add_argument("--year", required=True, type=int, help="报告年度，如 2021")
    s.add_argument("--district-name", default="", help="区县名称，如 黔江区")
    s.add_argument("--town-name", default="", help="镇街名称，如 黑溪镇")

    s = sub.add_parser("clean", help="清理从 Word/PDF 复制的文字 (clean pasted text)")
    s.add_argument(
        "file", nargs="?", type=Path, help="文本文件；不写则粘贴输入 (a .txt; default: paste)"
    )

    s = sub.add_parser("sample", help="生成示例数据，用于演示和测试 (generate sample data)")
    s.add_argument("--out", type=Path, required=True, help="输出目录，不能是 content/")
    s.add_argument("--count", type=int, default=100, help="报告份数 (how many, default: 100)")
    s.add_argument("--seed", type=int, default=1, help="随机种子 (random seed, default: 1)")

    s = sub.add_parser("shard", help="分片构建中的一份，供 CI 并行 (build one district shard)")
    s.add_argument("--index", type=int, required=True, help="第几份，从 0 开始 (0-based)")
    s.add_argument("--of", type=int, required=True, help="共几份 (number of shards)")
    s.add_argument("--site", type=Path, required=True, help="这一份的输出目录 (output)")
    _config_option(s)
    _engine_option(s)
    _sample_option(s)

    s = sub.add_parser("join", help="合并各份并建立搜索索引 (join shards, index search)")
    s.add_argument(
        "parts", nargs="+", type=Path, help="各份输出目录，第 0 份在前 (part folders, 0 first)"
    )
    s.add_argument(
        "--site", type=Path, default=Path("site"), help="网站输出目录 (output, default: site)"
    )

    s = sub.add_parser(
        "serve",
        help="本地预览，保存即刷新 (live preview)",
        description="本地预览网站：保存 YAML 记录后浏览器自动刷新；记录有误时浏览器显示错误清单 "
        "(live preview; a broken record shows its errors in the browser)",
    )
    _config_option(s)
    s.add_argument(
        "--addr",
        default="127.0.0.1:8000",
        help="预览地址 主机:端口 (address HOST:PORT, default: 127.0.0.1:8000)",
    )

    s = sub.add_parser(
        "doctor",
        help="检查本机环境和网站引擎的维护期限 (check this machine and the engine's end of life)",
    )
    s.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        help="按这一天检查，格式 2027-05-06 (check as of this day, default: today)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one verb; user errors exit 1 with a message, never a traceback."""
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.verb](args)
    except UserError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
