"""Load stage: strict YAML, one test per kind of error, message and position asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import MAX_BYTES, LoadError, load_file, parse


def load_text(text: str) -> object:
    return parse(text, Path("r.yml"), "r.yml").data


def error_of(text: str) -> str:
    with pytest.raises(LoadError) as info:
        load_text(text)
    return str(info.value)


def test_scalars_stay_text() -> None:
    data = load_text("a: yes\nb: 01234\nc: 1.10\nd: 2021-01-05\ne: no\nf: ~\ng:\nh: ''\n")
    assert data == {
        "a": "yes",
        "b": "01234",
        "c": "1.10",
        "d": "2021-01-05",
        "e": "no",
        "f": None,
        "g": None,
        "h": "",
    }


def test_positions_are_recorded() -> None:
    loaded = parse("a: 1\nlist:\n  - x: 2\n", Path("r.yml"), "r.yml")
    assert loaded.where(("list", 0, "x")) == (3, 8)
    assert loaded.where(("list", 0, "x"), key=True) == (3, 5)
    assert loaded.where(("missing", "deeper")) == (1, 1)


def test_duplicate_key_names_both_lines() -> None:
    assert error_of("title: a\nyear: 1\ntitle: b\n") == (
        "r.yml:3:1: 键“title”重复（第 1 行和第 3 行） (duplicate key 'title' (lines 1 and 3))"
    )


def test_anchor_and_alias_rejected() -> None:
    assert error_of("a: &x 1\nb: *x\n").startswith("r.yml:1:4: 不支持锚点和别名")


def test_unsafe_tag_rejected() -> None:
    msg = error_of("a: !!python/object/apply:os.system [ls]\n")
    assert msg.startswith("r.yml:1:4: 不支持的标签 !!python/object/apply:os.system")


def test_unclosed_quote_points_at_opening() -> None:
    assert error_of('a: 1\nb: "open\nc: 2\n') == (
        "r.yml:2:4: 引号没有闭合 (a quoted string is not closed)"
    )


def test_tab_indentation() -> None:
    assert error_of("a:\n\t- b\n") == (
        "r.yml:2:1: 不能用 Tab 键缩进，请改用空格 (tabs cannot be used for indentation; use spaces)"
    )


def test_unquoted_colon() -> None:
    assert error_of("title: 通知: 关于\n").startswith("r.yml:1:10: 此处不能出现冒号")


def test_bad_indentation() -> None:
    assert error_of("a:\n  b: 1\n c: 2\n").startswith(
        "r.yml:3:2: 缩进不对：这一行前面有 1 个空格，上面同一层用的是 2 个"
    )


def test_several_documents() -> None:
    assert error_of("a: 1\n---\nb: 2\n").startswith("r.yml:2:1: 一个文件只能有一份记录")


@pytest.mark.parametrize("text", ["", "# 只有注释\n"])
def test_empty_file(text: str) -> None:
    assert (
        error_of(text) == "r.yml:1:1: 文件为空（或只有注释） (file is empty or holds only comments)"
    )


def test_top_level_list() -> None:
    assert error_of("- a\n- b\n").startswith("r.yml:1:1: 文件顶层应为“字段: 值”映射")


def test_deep_nesting_rejected() -> None:
    text = "a: " + "[" * 100 + "]" * 100 + "\n"
    assert "嵌套层级过深" in error_of(text)


def test_gbk_file_says_save_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "r.yml"
    path.write_bytes("title: 黑溪镇\n".encode("gbk"))
    with pytest.raises(LoadError) as info:
        load_file(path, "r.yml")
    assert str(info.value).startswith(
        "r.yml:1:8: 文件似乎是 GBK/GB18030 编码，请在编辑器中“另存为 UTF-8”"
    )


def test_utf16_rejected(tmp_path: Path) -> None:
    path = tmp_path / "r.yml"
    path.write_bytes("title: 黑溪镇\n".encode("utf-16"))
    with pytest.raises(LoadError, match="UTF-16"):
        load_file(path, "r.yml")


def test_bom_and_crlf_accepted(tmp_path: Path) -> None:
    path = tmp_path / "r.yml"
    path.write_bytes(b"\xef\xbb\xbftitle: a\r\nyear: 2020\r\n")
    assert load_file(path, "r.yml").data == {"title": "a", "year": "2020"}


def test_oversized_file_rejected_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "r.yml"
    with path.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(LoadError, match="文件过大"):
        load_file(path, "r.yml")
