"""The command line speaks Chinese first (English after): help, argparse's own errors,
and the import verb's advice. Every test runs the real `python -m generator`."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO, run_cli

USAGE = "用法 (usage): python -m generator"


def test_help_is_chinese_with_editor_verbs_first() -> None:
    proc = run_cli("--help")
    assert proc.returncode == 0
    out = proc.stdout
    assert out.startswith(USAGE)
    assert "选项 (options):" in out
    assert "显示本帮助并退出 (show this help message and exit)" in out
    assert "命令 (verbs):" in out
    listed = [
        line.split()[0]
        for line in out.splitlines()
        if line.startswith("    ") and line.split() and line.split()[0].isalpha()
    ]
    assert listed[:6] == ["new", "import", "edit", "check", "serve", "build"], listed
    assert {"schema", "render", "sample", "shard", "join", "doctor"} <= set(listed[6:])
    assert "usage:" not in out  # argparse's English heading is replaced, not added


def test_verb_help_is_chinese() -> None:
    proc = run_cli("check", "-h")
    assert proc.returncode == 0
    assert proc.stdout.startswith(f"{USAGE} check")
    assert "位置参数 (positional arguments):" in proc.stdout
    assert "选项 (options):" in proc.stdout
    serve = run_cli("serve", "-h").stdout
    assert "预览地址 主机:端口 (address HOST:PORT, default: 127.0.0.1:8000)" in serve


def test_a_mistyped_verb_names_the_nearest() -> None:
    proc = run_cli("chek")
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert lines[0].startswith(USAGE)
    assert lines[-1].startswith(
        "错误：没有命令 'chek'，可用的命令：new、import、edit、check、serve、build、schema"
    )
    assert "。是否想写“check”？ (error: argument VERB: invalid choice: 'chek'" in lines[-1]


def test_no_verb() -> None:
    proc = run_cli()
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == (
        "错误：缺少命令，如 check、serve、build（用 -h 查看全部） "
        "(error: the following arguments are required: VERB)"
    )


def test_argparse_messages_in_chinese() -> None:
    cases = {
        ("new", "--town", "x"): "错误：缺少必填参数：--district、--year "
        "(error: the following arguments are required: --district, --year)",
        (
            "check",
            "--bogus",
        ): "错误：无法识别的参数：--bogus (error: unrecognized arguments: --bogus)",
        ("serve", "--addr"): "错误：参数 --addr 后面需要跟一个值 "
        "(error: argument --addr: expected one argument)",
        ("build", "--shards", "x"): "错误：参数 --shards 的值 'x' 无效，应为整数 (integer) "
        "(error: argument --shards: invalid int value: 'x')",
        ("schema", "--kind", "twon"): "错误：参数 --kind 的取值 'twon' 无效，可选：report、town、"
        "district。是否想写“town”？ (error: argument --kind: invalid choice: 'twon' "
        "(choose from 'report', 'town', 'district'))",
    }
    for argv, message in cases.items():
        proc = run_cli(*argv)
        assert proc.returncode == 2, argv
        assert proc.stderr.splitlines()[-1] == message, argv
        assert "Traceback" not in proc.stderr


def test_import_suggests_a_safe_name_and_keeps_a_backup(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds" / "qianjiang" / "heixi"
    seeds.mkdir(parents=True)
    name = "黑溪镇 2020年报告.txt"
    shutil.copy(REPO / "seeds/qianjiang/heixi/2020.txt", seeds / name)
    (tmp_path / "content").mkdir()
    doc = f"seeds/qianjiang/heixi/{name}"

    first = run_cli("import", doc, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert (
        f"  提示：文件名 qianjiang/heixi/{name} 含中文、空格或其他符号，不能作为 source"
        "（原始文件下载），建议改名为 qianjiang-heixi-2020.txt：" in first.stdout
    )
    assert f'    mv "{doc}" seeds/qianjiang/heixi/qianjiang-heixi-2020.txt' in first.stdout
    assert (
        f'    Windows：ren "seeds\\qianjiang\\heixi\\{name}" qianjiang-heixi-2020.txt'
        in first.stdout
    )
    assert (
        "  改名后重新导入：python -m generator import "
        "seeds/qianjiang/heixi/qianjiang-heixi-2020.txt --force" in first.stdout
    )

    record = tmp_path / "content/qianjiang/heixi/2020.yml"
    record.write_text(record.read_text(encoding="utf-8") + "# 编辑改过\n", encoding="utf-8")
    refused = run_cli("import", doc, cwd=tmp_path)
    assert refused.returncode == 1
    assert "已存在，未覆盖；确需覆盖请加 --force" in refused.stderr

    forced = run_cli("import", doc, "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    backups = list(record.parent.glob(".2020.yml.bak-*"))
    assert len(backups) == 1
    assert backups[0].read_text(encoding="utf-8").endswith("# 编辑改过\n")
    rel = backups[0].relative_to(tmp_path).as_posix()
    assert f"  已覆盖 content/qianjiang/heixi/2020.yml，原记录备份为 {rel} " in forced.stdout
    # The backup is hidden: `check` does not take it for a stray file.
    check = run_cli("check", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert ".bak" not in check.stderr


def test_the_renamed_file_becomes_the_source(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds" / "qianjiang" / "heixi"
    seeds.mkdir(parents=True)
    shutil.copy(REPO / "seeds/qianjiang/heixi/2020.txt", seeds / "qianjiang-heixi-2020.txt")
    (tmp_path / "content").mkdir()
    proc = run_cli("import", "seeds/qianjiang/heixi/qianjiang-heixi-2020.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "建议改名" not in proc.stdout
    text = (tmp_path / "content/qianjiang/heixi/2020.yml").read_text(encoding="utf-8")
    assert "source: qianjiang/heixi/qianjiang-heixi-2020.txt" in text
