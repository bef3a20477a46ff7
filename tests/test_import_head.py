"""The head of an imported report: who issued it, its title and year, never refused.

Every source of the issuer has a test (title forms, opening paragraph, signature, the
page's 发布机构, the town's _town.yml, --issuer); a document naming no issuer anywhere is
still imported, as a draft whose empty fields `check` lists. The lines are quoted from
the real corpus, tests/fixtures/real/ (see SOURCES.md there): each test names its file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import UserError
from generator.importer.pipeline import Given, Imported, import_file
from tests.conftest import MINIMAL_DISTRICT, run_cli

# A body for the heads under test: one numbered heading and its paragraph (from 09).
BODY = [
    "一、工作开展情况",
    "一是优化法治化营商环境,全面实施市场准入负面清单制度,普遍落实“非禁即入”。",
]
# The opening of 12, which names its town only as 我镇.
NO_PLACE = (
    "2021年,我镇在云安区委、区政府的坚强领导下,以习近平新时代中国特色社会主义思想为指导,"
    "全面依法行政。"
)


def imported(tmp_path: Path, *head: str, given: Given | None = None) -> Imported:
    """Import a document made of ``head`` lines and the shared body."""
    path = tmp_path / "report.txt"
    path.write_text("\n".join([*head, *BODY]) + "\n", encoding="utf-8")
    return import_file(path, seeds=tmp_path / "seeds", given=given)


def notes(item: Imported) -> str:
    return " ".join(n.zh for n in item.notes)


# ---- the title --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "place", "issuer"),
    [
        ("三都镇2025年法治政府建设年度报告", "三都镇", "三都镇人民政府"),  # 01
        ("2020年静海区法治政府建设情况报告", "静海区", "静海区人民政府"),  # 22: year first
        ("2021年度桃浦镇法治政府建设的情况报告", "桃浦镇", "桃浦镇人民政府"),  # 29
        ("东湖街道2024年度法治政府建设情况报告", "东湖街道", "东湖街道办事处"),  # 30
    ],
)
def test_issuer_from_a_place_in_the_title(
    tmp_path: Path, title: str, place: str, issuer: str
) -> None:
    item = imported(tmp_path, title, NO_PLACE)
    assert item.data["issuer"] == issuer
    assert item.data["title"] == title
    assert f"取自标题中的“{place}”：“{issuer}”" in notes(item)


def test_issuer_and_title_on_two_lines(tmp_path: Path) -> None:
    # 34: 重庆市开州区铁桥镇人民政府 / 关于2025年法治政府建设情况的报告
    item = imported(tmp_path, "重庆市开州区铁桥镇人民政府", "关于2025年法治政府建设情况的报告")
    assert item.data["issuer"] == "重庆市开州区铁桥镇人民政府"
    assert item.data["title"] == "重庆市开州区铁桥镇人民政府关于2025年法治政府建设情况的报告"


def test_district_government_and_its_office_are_one_issuer(tmp_path: Path) -> None:
    # 07 and 32: a 街道办事处 is named with the district government that sends it out.
    item = imported(tmp_path, "鲤城区人民政府金龙街道办事处关于2022年度法治政府建设情况的报告")
    assert item.data["issuer"] == "鲤城区人民政府金龙街道办事处"
    assert item.place is not None
    assert item.place.town == "金龙街道"
    item = imported(tmp_path, "北京市海淀区人民政府田村路街道办事处2021年法治政府建设情况报告")
    assert item.data["issuer"] == "北京市海淀区人民政府田村路街道办事处"
    assert (item.place and item.place.district) == "海淀区"


@pytest.mark.parametrize(
    "head",
    [
        # 36, as printed: the party committee and the government on lines of their own
        [
            "中共重庆市荣昌区吴家镇委员会",
            "重庆市荣昌区吴家镇人民政府",
            "关于2025年法治政府建设情况的报告",
        ],
        # the same names on the title's line (中共X委员会 X人民政府关于…)
        ["中共重庆市荣昌区吴家镇委员会 重庆市荣昌区吴家镇人民政府关于2025年法治政府建设情况的报告"],
    ],
)
def test_a_joint_issuer_stays_two(tmp_path: Path, head: list[str]) -> None:
    item = imported(tmp_path, *head)
    assert item.data["issuer"] == ["中共重庆市荣昌区吴家镇委员会", "重庆市荣昌区吴家镇人民政府"]
    assert item.place is not None
    assert item.place.town == "吴家镇"


def test_a_title_doubled_by_its_split_copy_is_printed_once(tmp_path: Path) -> None:
    # 20: the full title, then the same title over two lines
    item = imported(
        tmp_path,
        "黔江区黎水镇人民政府2020年法治政府建设情况报告",
        "黔江区黎水镇人民政府",
        "2020年法治政府建设情况报告",
    )
    assert item.data["title"] == "黔江区黎水镇人民政府2020年法治政府建设情况报告"
    assert item.data["issuer"] == "黔江区黎水镇人民政府"
    assert "重复的标题行" in notes(item)


# ---- the opening paragraph, the signature, the page -----------------------------------


@pytest.mark.parametrize(
    ("opening", "issuer"),
    [
        # 02: the place is the sentence's subject, before 在区委…
        (
            "2025年,大中街道在区委、区政府的坚强领导下,坚持以习近平新时代中国特色社会主义"
            "思想为指导,深入学习宣传贯彻习近平法治思想,扎实推进依法行政。",
            "大中街道办事处",
        ),
        # 10: after 在区委…领导下
        (
            "2025年度,在区委、区政府的正确领导下,春江街道按照《法治政府建设与责任落实督查"
            "工作规定》文件要求,上下齐聚一心。",
            "春江街道办事处",
        ),
        # 36: X镇党委、政府…
        (
            "2025年,吴家镇党委、政府坚持以习近平法治思想为指引,深入贯彻落实党的二十大和"
            "二十届历次全会精神。",
            "吴家镇人民政府",
        ),
        # 26: the government named in full
        (
            "2022年,清河县人民政府坚持以习近平新时代中国特色社会主义思想为指导,深入贯彻党的"
            "十九大和十九届历次全会精神。",
            "清河县人民政府",
        ),
        # 19: only in 现将…报告如下
        (
            "根据《法治政府建设实施纲要(2015-2020年)》《法治政府建设与责任落实督查工作规定》"
            "等要求,现将庆隆镇2020年度法治政府建设情况报告如下:",
            "庆隆镇人民政府",
        ),
    ],
)
def test_issuer_from_the_opening(tmp_path: Path, opening: str, issuer: str) -> None:
    item = imported(tmp_path, opening)
    assert item.data["issuer"] == issuer
    # no title in the source: one is composed from the issuer, and noted (as before)
    assert item.data["title"].startswith(issuer)
    assert "取自开头段落" in notes(item)
    assert "已拟定为" in notes(item)


def test_issuer_from_the_signature(tmp_path: Path) -> None:
    # The signature of ../shared/corpus/real/14_shenzhen_guangmingqu_2021.txt (the real
    # corpus here is excerpts, cut before their signatures) under 12's opening.
    path = tmp_path / "report.txt"
    lines = [NO_PLACE, *BODY, "特此报告。", "深圳市光明区人民政府", "2022年1月5日"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    item = import_file(path, seeds=tmp_path / "seeds")
    assert item.data["issuer"] == "深圳市光明区人民政府"
    assert item.data["signature"]["issuer"] == "深圳市光明区人民政府"
    assert "draft" not in item.data
    assert "找不到发布机构" not in notes(item)


def test_issuer_from_the_page(tmp_path: Path) -> None:
    # 13's metadata strip, its 发布机构 on a line of its own, above 12's opening
    item = imported(tmp_path, "发布机构:茈湖口镇", "发文日期:2026-03-16", NO_PLACE)
    assert item.data["issuer"] == "茈湖口镇人民政府"
    assert "取自网页信息中的“茈湖口镇”" in notes(item)


# ---- the year ---------------------------------------------------------------------------


def test_year_from_the_body_when_the_head_names_none(tmp_path: Path) -> None:
    # 09 starts at its first heading; only the body names the year
    path = tmp_path / "report.txt"
    body = (
        "一是紧扣深入学习贯彻习近平法治思想这一主题。乡党委坚持将学习习近平法治思想列入"
        "《2022年度党委理论学习中心组学习计划》,党委中心组集中学习习近平法治思想6次。"
    )
    path.write_text(f"一、工作开展情况\n{body}\n", encoding="utf-8")
    item = import_file(path, seeds=tmp_path / "seeds")
    assert item.report.year == 2022
    assert "正文中出现最多的年份：2022" in notes(item)


def test_year_from_the_signature(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    lines = ["现将有关情况报告如下:", *BODY, "深圳市光明区人民政府", "2022年1月5日"]  # 14 (shared)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    item = import_file(path, seeds=tmp_path / "seeds")
    assert item.report.year == 2021
    assert "落款日期 2022-01-05 的前一年" in notes(item)


def test_no_year_anywhere_is_refused_naming_the_option(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("\n".join(["现将有关情况报告如下:", *BODY]) + "\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        import_file(path, seeds=tmp_path / "seeds")
    assert "--year" in " ".join(err.value.lines())
    assert import_file(path, seeds=tmp_path / "seeds", year=2021).report.year == 2021


# ---- through the command line: _town.yml, --issuer, nothing found ---------------------


def project(tmp_path: Path, town_yml: str | None = None) -> tuple[Path, list[str]]:
    """A scratch content tree and seeds; the document is 24's opening (it says only 我乡)."""
    content, seeds = tmp_path / "content", tmp_path / "seeds"
    seeds.mkdir()
    if town_yml is not None:
        (content / "ceshi" / "shuqiao").mkdir(parents=True)
        (content / "ceshi" / "_district.yml").write_text(MINIMAL_DISTRICT, encoding="utf-8")
        (content / "ceshi" / "shuqiao" / "_town.yml").write_text(town_yml, encoding="utf-8")
    doc = tmp_path / "report.txt"
    opening = (
        "2024年,得益于县委、县政府的坚强领导和县委全面依法治县委员会的坚实引领,我乡积极作为,"
        "勇于探索,坚定遵循习近平法治思想,致力于法治政府的深入构建。"
    )
    doc.write_text("\n".join([opening, *BODY]) + "\n", encoding="utf-8")
    tree = ["--content", str(content), "--seeds", str(seeds)]
    return content / "ceshi" / "shuqiao" / "2024.yml", [
        *tree,
        "import",
        str(doc),
        "--district",
        "ceshi",
        "--town",
        "shuqiao",
    ]


def test_issuer_from_the_towns_record(tmp_path: Path) -> None:
    record, argv = project(tmp_path, "name: 舒桥乡\nkind: 乡\n")
    proc = run_cli(*argv)
    assert proc.returncode == 0, proc.stderr
    text = record.read_text(encoding="utf-8")
    assert "issuer: 测试区舒桥乡人民政府\n" in text
    assert "按 _town.yml 和 _district.yml 的名称拼成" in proc.stdout


def test_issuer_option(tmp_path: Path) -> None:
    record, argv = project(tmp_path, "name: 舒桥乡\nkind: 乡\n")
    proc = run_cli(*argv, "--issuer", "中共舒桥乡委员会", "--issuer", "舒桥乡人民政府")
    assert proc.returncode == 0, proc.stderr
    text = record.read_text(encoding="utf-8")
    assert "issuer:\n  - 中共舒桥乡委员会\n  - 舒桥乡人民政府\n" in text
    assert "title: 舒桥乡人民政府2024年度法治政府建设情况报告\n" in text  # the government's
    assert "_town.yml" not in proc.stdout


def test_no_issuer_anywhere_gives_a_draft_to_fill(tmp_path: Path) -> None:
    record, argv = project(tmp_path)
    proc = run_cli(*argv)
    assert proc.returncode == 0, proc.stderr
    lines = record.read_text(encoding="utf-8").splitlines()
    assert "draft: true" in lines
    title, issuer = lines.index("title:") + 1, lines.index("issuer:") + 1
    assert f"第 {issuer} 行 issuer：找不到发布机构" in proc.stdout
    assert f"第 {title} 行 title：原文没有标题" in proc.stdout
    assert "草稿，请填写 (draft; fill in): " in proc.stdout
    # `check` then lists the empty fields at their lines: the editor's to-do list
    (record.parent.parent / "_district.yml").write_text(MINIMAL_DISTRICT, encoding="utf-8")
    (record.parent / "_town.yml").write_text("name: 舒桥乡\nkind: 乡\n", encoding="utf-8")
    check = run_cli(*argv[:4], "check")
    assert check.returncode == 1
    assert f"2024.yml:{title}:" in check.stdout + check.stderr
    assert f"2024.yml:{issuer}:" in check.stdout + check.stderr
