"""`new`: scaffold an empty report (and its town and district files) for an editor to fill.

The report is written as a draft (``draft: true``): it is never published, even by
mistake, until the editor deletes that line. It still fails `check` until it is filled
in: a draft is checked like any report, and the empty required fields, reported with
their line numbers, are the editor's to-do list.
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
    """The report skeleton: every field in order, each hint on its own line above it.

    Hints never follow a value on its line: a comment after text is an error in a record
    (it may be the rest of the text, cut off by a `#`), and the scaffold must not teach
    otherwise. Written as a draft: nothing in it is ready to publish.
    """
    parts = "".join(
        f"  - title: {PART_TITLES[key].format(year=year, next=year + 1)}\n"
        f"    part: {label}\n"
        "    # 段落，每段一项（以 - 开头）\n"
        "    body:\n      -\n"
        for key, label in PART_LABELS.items()
    )
    return (
        header + f"# {year} 年度法治政府建设情况报告。填写后运行 python -m generator check\n"
        "# 草稿：填写完成、核对无误后删去 draft 这一行，报告才会发布\n"
        "draft: true\n"
        "# 文件标题\n"
        "title:\n"
        "# 发布机构，如 黔江区黑溪镇人民政府\n"
        "issuer:\n"
        "# 主送机关\n"
        "recipient: 区依法治区办\n"
        f"year: {year}\n"
        "# 公开属性：照抄门户网站上的信息，没有的留空\n"
        "metadata:\n"
        "  # 索引号\n"
        "  index_number:\n"
        "  # 发文字号\n"
        "  doc_number:\n"
        "  # 主题分类\n"
        "  topic:\n"
        "  # 体裁分类\n"
        "  genre:\n"
        "  # 成文日期 YYYY-MM-DD\n"
        "  written:\n"
        f"  # 发布日期 YYYY-MM-DD（应在 {year + 1} 年 4 月 1 日之前）\n"
        "  published:\n"
        "  # 有效性\n"
        "  validity:\n"
        "# 开头段落\n"
        "preamble:\n  -\n"
        "# 正文五个法定部分；part 写部分名称，网站自动编号\n"
        "sections:\n" + parts + "closing: 特此报告。\n"
        "# 落款，放在文件最后\n"
        "signature:\n"
        "  # 落款单位\n"
        "  issuer:\n"
        "  # 落款日期 YYYY-MM-DD\n"
        "  date:\n"
    )


def town_kind(name: str) -> str:
    """镇, 乡 or 街道 from the town's name, as `import` infers it from the issuer
    (:func:`generator.importer.places.find_place`); "" when the name does not say."""
    from generator.importer.places import find_place

    place = find_place([name], None) if name else None
    return place.kind if place is not None and place.kind in ("镇", "乡", "街道") else ""


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
            f"# 区县名称，如 黔江区\nname: {district_name}\n",
        ),
        content / district / town / "_town.yml": (
            "town",
            f"# 镇街名称，如 黑溪镇\nname: {town_name}\n"
            f"# 类别：镇、乡、街道、部门…\nkind: {town_kind(town_name)}\n",
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
