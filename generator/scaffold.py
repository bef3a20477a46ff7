"""`new`: scaffold an empty report (and its town and district files) for an editor to fill.

The scaffold deliberately fails `check` until it is filled in: empty required fields are
reported with their line numbers, which doubles as the editor's to-do list.
"""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import UserError
from generator.regulation import PART_LABELS
from generator.schema import modeline
from generator.tree import is_slug

PART_TITLES = {
    "measures": "{year}年度推进法治政府建设的主要举措和成效",
    "shortcomings": "存在的不足和原因",
    "duty": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "plans": "{next}年度推进法治政府建设的主要安排",
    "other": "其他需要报告的情况",
}


def skeleton(year: int, header: str) -> str:
    """The report skeleton: every field in order, with a Chinese hint on each."""
    parts = "".join(
        f"  - title: {PART_TITLES[key].format(year=year, next=year + 1)}\n"
        f"    part: {key}            # {label}\n"
        "    body:\n      -                      # 段落，每段一项\n"
        for key, label in PART_LABELS.items()
    )
    return (
        header + f"# {year} 年度法治政府建设情况报告。填写后运行 python -m generator check\n"
        "title:                   # 文件标题\n"
        "issuer:                  # 发布机构，如 黔江区黑溪镇人民政府\n"
        "recipient: 区依法治区办   # 主送机关\n"
        f"year: {year}\n"
        "metadata:\n"
        "  index_number:          # 索引号\n"
        "  doc_number:            # 发文字号\n"
        "  topic:                 # 主题分类\n"
        "  genre:                 # 体裁分类\n"
        "  written:               # 成文日期 YYYY-MM-DD\n"
        "  published:             # 发布日期 YYYY-MM-DD（应在次年 4 月 1 日之前）\n"
        "  validity:              # 有效性\n"
        "preamble:\n  -                        # 开头段落\n"
        "sections:\n" + parts + "closing: 特此报告。\n"
        "signature:\n"
        "  issuer:                # 落款单位\n"
        "  date:                  # 落款日期 YYYY-MM-DD\n"
    )


def scaffold(
    content: Path,
    district: str,
    town: str,
    year: int,
    *,
    district_name: str = "",
    town_name: str = "",
) -> list[Path]:
    """Create the report file (and missing _town.yml/_district.yml); never overwrite."""
    for slug in (district, town):
        if not is_slug(slug):
            raise UserError(
                f"“{slug}”不能用作目录名：只能用小写字母、数字和连字符（拼音）",
                f"'{slug}' is not a valid slug: use a-z, 0-9 and '-'",
            )
    target = content / district / town / f"{year}.yml"
    if target.exists():
        raise UserError(f"{target} 已存在，不会覆盖", f"{target} already exists; not overwritten")
    created = []
    files = {
        content / district / "_district.yml": (
            "district",
            f"name: {district_name}             # 区县名称，如 黔江区\n",
        ),
        content / district / town / "_town.yml": (
            "town",
            f"name: {town_name}             # 镇街名称，如 黑溪镇\n"
            "kind: 镇  # 镇、乡、街道、部门\n",
        ),
        target: ("report", None),
    }
    for path, (kind, body) in files.items():
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        header = modeline(kind, path, content) + "\n"
        text = skeleton(year, header) if body is None else header + body
        path.write_text(text, encoding="utf-8")
        created.append(path)
    return created
