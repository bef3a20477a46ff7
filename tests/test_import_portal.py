"""Portal stage: page furniture of each kind is dropped and counted, metadata is read.

Lines are quoted from the real corpus (tests/fixtures/real/, see its SOURCES.md; the file
is named in a comment). Every copy there is cut after ~2,000 bytes, so page footers,
share widgets and related-links lists never survive in it: those tests use lines in the
form the portals print them, marked "not in the corpus".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.importer.portal import Page, strip_portal

REAL = Path(__file__).parent / "fixtures" / "real"
BODY = "2025年,在区委、区政府的坚强领导下,我镇坚持以习近平法治思想为指导。"
HEADING = "一、2025年推进法治政府建设的主要举措和成效"


def stripped(*lines: str) -> Page:
    """strip_portal over ``lines`` followed by a report body that must survive."""
    page = strip_portal([*lines, BODY, HEADING])
    assert page.lines[-2:] == [BODY, HEADING]
    return page


def dropped(page: Page) -> list[str]:
    return [line for _, line in page.removed]


def kinds(page: Page) -> set[str]:
    return {kind for kind, line in page.removed if line.strip()}


def count_note(page: Page) -> str:
    (note,) = [n.zh for n in page.notes if n.zh.startswith("识别为网页副本")]
    return note


# --- furniture, one kind per test -------------------------------------------------------


@pytest.mark.parametrize(
    "crumb",
    [
        "您当前的位置:首页 >法定主动公开内容 >其他法定信息 >法治政府建设年度报告",  # 35
        "当前位置: 信息公开首页 > 政务公开 > 信息公开事项 > 镇街 > 徐庄镇",  # 28
        "首页 >> 政府信息公开 >> 法定主动公开内容",  # 08
        "您现在所在的位置 :",  # 11, the path on the next line
        "首页 > 海丰县人民政府门户网站 > 专题专栏 > 海丰县法治政府建设年度报告公开 > 2025年",  # 11
    ],
)
def test_breadcrumbs(crumb: str) -> None:
    page = stripped(crumb)
    assert dropped(page) == [crumb]
    assert kinds(page) == {"breadcrumb"}


def test_site_name_above_a_breadcrumb_goes_with_it() -> None:
    # 08_yunnan_zhongcunxiang_2022.txt: the site name, then a ">>" path
    page = stripped("禄丰市人民政府", "首页 >> 政府信息公开 >> 法定主动公开内容")
    assert dropped(page) == ["禄丰市人民政府", "首页 >> 政府信息公开 >> 法定主动公开内容"]
    assert page.is_portal


def test_browser_warning() -> None:
    # not in the corpus: the banner old-IE visitors see above the page
    line = "当前浏览器版本过低,建议使用谷歌、火狐等浏览器访问"
    assert dropped(stripped(line)) == [line]


@pytest.mark.parametrize(
    "banner",
    [
        "今天是:2019年10月31日 星期三 农历十月初七",  # 22_tianjin_jinghaiqu_2020.txt
        "天津市静海区人民政府 2019年12月3日星期二",  # 16_tianjin_jinghaiqu_2023.txt
    ],
)
def test_date_banners(banner: str) -> None:
    page = stripped(banner)
    assert dropped(page) == [banner]
    assert kinds(page) == {"date banner"}


def test_stale_header_date_does_not_give_the_year() -> None:
    # 16_tianjin_jinghaiqu_2023.txt: the header's 2019 date was taken as the report year
    lines = (REAL / "16_tianjin_jinghaiqu_2023.txt").read_text("utf-8").splitlines()
    page = strip_portal(lines)
    assert not any("2019" in ln for ln in page.lines)
    assert next(ln for ln in page.lines if ln.strip()) == "静海区2023年度法治政府建设情况报告"
    assert page.fields == {"published": "2024-03-28"}


@pytest.mark.parametrize(
    "toolbar",
    [
        # 33_chongqing_jinqiaozhen_2025.txt: the speech widget, one word per line
        ("语音播报", "语音合成中,请耐心等待...", "进入播报模式", "语音播报", "退出播报模式"),
        ("无障碍 简体| 繁体",),  # 16_tianjin_jinghaiqu_2023.txt
        ("繁体丨 简体 丨 无障碍丨 网站地图",),  # 28_shandong_xuzhuangzhen_2025.txt
        ("长者模式 | 无障碍 | 简体 | 繁体",),  # not in the corpus: elder-mode switch
        ("【字号:大 中 小】",),  # not in the corpus: font-size switch
        ("字体:[ 大 中 小 ]",),  # not in the corpus
    ],
)
def test_accessibility_toolbars(toolbar: tuple[str, ...]) -> None:
    page = stripped(*toolbar)
    assert dropped(page) == list(toolbar)
    assert kinds(page) == {"toolbar"}


@pytest.mark.parametrize(
    "widget",
    [
        "【打印本页】【关闭窗口】",  # tests/fixtures/import/portal.txt
        "扫一扫在手机打开当前页",  # tests/fixtures/import/portal.txt
        "分享到: 微信 微博 QQ空间",  # not in the corpus
        "[打印] [关闭] [返回顶部]",  # not in the corpus
    ],
)
def test_print_close_share_widgets(widget: str) -> None:
    page = stripped(widget)
    assert dropped(page) == [widget]
    assert kinds(page) == {"widget"}


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("时间:2023-02-28 15:36 浏览量:1", {"published": "2023-02-28"}),  # 07
        ("来源:       发布日期:2021-03-30     点击数: 人次", {"published": "2021-03-30"}),  # 21
        ("访问量:1024", {}),  # not in the corpus
    ],
)
def test_view_counters(line: str, fields: dict[str, str]) -> None:
    page = stripped(line)
    assert dropped(page) == [line]
    assert page.fields == fields


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        # 08_yunnan_zhongcunxiang_2022.txt: 3-space separators, 来源 names the township
        (
            "日期:2023年05月11日   作者:中村乡党政办公室   来源:中村乡    点击:[]",
            {"published": "2023-05-11", "issuer": "中村乡"},
        ),
        # 15_hunan_huitangzhen_2023.txt: a space before the colon, an empty 字体大小
        (
            "发布时间 : 2024-01-30 来源:宁乡市灰汤镇 所属单位:宁乡市灰汤镇 字体大小:",
            {"published": "2024-01-30", "issuer": "宁乡市灰汤镇"},
        ),
        # 22_tianjin_jinghaiqu_2020.txt: 文章来源 names an office, not a town: not an issuer
        ("文章来源:司法局 更新时间:2021/03/29 11:30:01", {"published": "2021-03-29"}),
        # 29_shanghai_taopuzhen_2021.txt: just a date and 来源
        ("2021年12月03日 来源: 上海普陀", {"published": "2021-12-03"}),
        # 33_chongqing_jinqiaozhen_2025.txt
        ("日期:2026-02-09", {"published": "2026-02-09"}),
        # 16_tianjin_jinghaiqu_2023.txt
        ("来源:静海区人民政府办公室 发布时间:2024-03-28 09:18", {"published": "2024-03-28"}),
    ],
)
def test_bylines(line: str, fields: dict[str, str]) -> None:
    page = stripped(line)
    assert dropped(page) == [line]
    assert page.fields == fields
    assert count_note(page) == "识别为网页副本：已删除导航、元数据等页面文字 1 行"


def test_recipient_follows_once_the_byline_goes() -> None:
    # 15_hunan_huitangzhen_2023.txt: the recipient came after the byline
    lines = (REAL / "15_hunan_huitangzhen_2023.txt").read_text("utf-8").splitlines()
    kept = [ln for ln in strip_portal(lines).lines if ln.strip()]
    assert kept[:2] == ["灰汤镇2023年度法治政府建设情况报告", "中共宁乡市委、宁乡市人民政府:"]


def test_related_links_list() -> None:
    # not in the corpus: the list under the article
    links = ["相关链接:", "  • 2024年法治政府建设情况报告", "  • 关于开展法治宣传月活动的通知"]
    page = strip_portal([BODY, *links, "", "打印本页"])
    assert page.lines == [BODY, ""]
    assert kinds(page) == {"related", "widget"}


def test_nav_menu_of_short_bullets() -> None:
    # 28_shandong_xuzhuangzhen_2025.txt: the site menu before the breadcrumb
    menu = ["  • 首页", "  • 魅力山亭", "  • 山亭新闻", "  • 政务公开", "  • 服务大厅"]
    page = stripped(*menu)
    assert dropped(page) == menu
    assert kinds(page) == {"menu"}


def test_short_bullets_in_the_report_are_not_a_menu() -> None:
    items = ["  • 学法。", "  • 用法。", "  • 守法。"]
    assert stripped(*items).lines[:3] == items
    items = ["- 学法", "- 用法", "- 守法"]  # after report text, without 首页
    assert strip_portal([BODY, *items]).lines == [BODY, *items]


@pytest.mark.parametrize(
    "footer",
    [
        # not in the corpus: the page footer
        "主办单位:重庆市铜梁区双山镇人民政府 承办单位:双山镇党政办",
        "网站标识码:5001510023 渝ICP备12003428号-1 渝公网安备 50015102500001号",
        "版权所有:茈湖口镇人民政府 联系我们",
    ],
)
def test_footers(footer: str) -> None:
    page = strip_portal([BODY, footer])
    assert page.lines == [BODY]
    assert kinds(page) == {"footer"}


def test_html_title_line() -> None:
    # 15_hunan_huitangzhen_2023.txt (above the breadcrumb there; here on its own)
    line = "灰汤镇2023年度法治政府建设情况报告 - 通知公告 - 宁乡市政府门户网站"
    page = stripped(line)
    assert kinds(page) == {"page title"}


def test_furniture_without_breadcrumb_is_reported() -> None:
    # 07_fujian_jinlongjiedao_2022.txt: only a byline, no breadcrumb
    title = "鲤城区人民政府金龙街道办事处关于2022年度法治政府建设情况的报告"
    page = stripped(title, "时间:2023-02-28 15:36 浏览量:1")
    assert page.is_portal
    assert count_note(page) == "识别为网页副本：已删除导航、元数据等页面文字 1 行"


def test_no_furniture_no_note() -> None:
    # 01_guangxi_sanduzhen_2025.txt: a bare title and body
    page = stripped("三都镇2025年法治政府建设年度报告")
    assert (page.is_portal, page.notes, page.fields) == (False, [], {})


def test_every_removed_line_is_counted() -> None:
    lines = (REAL / "28_shandong_xuzhuangzhen_2025.txt").read_text("utf-8").splitlines()
    page = strip_portal(lines)
    assert len(page.removed) == len(lines) - len(page.lines) == 18
    assert count_note(page) == "识别为网页副本：已删除导航、元数据等页面文字 18 行"


# --- metadata, one layout per test ------------------------------------------------------


def test_bullet_list_with_spaced_labels_and_variant_names() -> None:
    # 28_shandong_xuzhuangzhen_2025.txt: "  • " bullets, 文  号 and 标  题 with two spaces
    lines = [
        "  • 索 引 号:370406/2026-00156",
        "  • 主题分类:法治政府建设",
        "  • 发布机构:徐庄镇",
        "  • 成文时间:2026年01月28日",
        "  • 文  号:无",
        "  • 发文时间:2026年01月28日",
        "  • 标  题:山亭区徐庄镇2025年度法治政府建设情况报告",
        "  • 效力状态:有效",
    ]
    page = stripped(*lines)
    assert dropped(page) == lines
    assert page.fields == {
        "index_number": "370406/2026-00156",
        "topic": "法治政府建设",
        "issuer": "徐庄镇",
        "written": "2026-01-28",
        "doc_number": "",
        "published": "2026-01-28",
        "title": "山亭区徐庄镇2025年度法治政府建设情况报告",
        "validity": "有效",
    }


def test_dash_list_then_title_gives_the_title_year() -> None:
    # 27_shandong_yangzhuangzhen_2025.txt: the year came from the index number (2026)
    lines = (REAL / "27_shandong_yangzhuangzhen_2025.txt").read_text("utf-8").splitlines()
    page = strip_portal(lines)
    assert page.lines[0] == "羊庄镇2025年法治政府建设报告"
    assert page.fields["index_number"] == "370481/2026-00158"
    assert page.fields["written"] == page.fields["published"] == "2026-01-01"
    assert page.fields["validity"] == "有效"


def test_bracket_cells_two_per_row() -> None:
    # 34_chongqing_tieqiaozhen_2025.txt
    lines = [
        "[ 索引号 ] 11500234008646033P/2026-00019 [ 发文字号 ]",
        "[ 发布机构 ] 开州区政府办公室 [ 主题分类 ] 其他",
        "[ 成文日期 ] 2026-01-27 [ 发布日期 ] 2026-01-27",
        "[ 体裁分类 ] 其他 [ 有效性 ]",
    ]
    page = stripped(*lines)
    assert dropped(page) == lines
    assert page.fields == {
        "index_number": "11500234008646033P/2026-00019",
        "doc_number": "",
        "issuer": "开州区政府办公室",
        "topic": "其他",
        "written": "2026-01-27",
        "published": "2026-01-27",
        "genre": "其他",
        "validity": "",
    }


def test_bracket_cells_one_per_line() -> None:
    # tests/fixtures/import/portal.txt (the layout of the shared corpus's 08_fengdu)
    lines = ["[ 索引号 ] 11500999MB1234567X/2026-00004", "[ 发文字号 ]", "[ 发布日期 ] 2026-02-10"]
    page = stripped(*lines)
    assert page.fields == {
        "index_number": "11500999MB1234567X/2026-00004",
        "doc_number": "",
        "published": "2026-02-10",
    }


def test_bracket_cells_all_on_one_line_cut_short() -> None:
    # 33_chongqing_jinqiaozhen_2025.txt: the copy is cut inside the last cell
    line = (
        "[ 索引号 ]11500110588903728C/2026-00070 [ 发文字号 ] [ 发布机构 ]万盛经济技术开发区 "
        "[ 主题分类 ]其他 [ 成文日期 ]2026-02-09 [ 发"
    )
    page = stripped(line)
    assert page.fields["index_number"] == "11500110588903728C/2026-00070"
    assert page.fields["written"] == "2026-02-09"


def test_one_line_strip_with_spaced_label() -> None:
    # 13_hunan_cihukouzhen_2025.txt
    line = (
        "索 引 号:zyqzhkz/2026-2158744 发布机构:茈湖口镇 发文日期:2026-03-16 "
        "信息类别:综合政务 公开范围:全部公开 公开方式:政府网站"
    )
    page = stripped(line)
    assert page.fields == {
        "index_number": "zyqzhkz/2026-2158744",
        "issuer": "茈湖口镇",
        "published": "2026-03-16",
        "topic": "综合政务",
    }


def test_glued_byline() -> None:
    # 32_beijing_tiancunlujiedao_2021.txt: 日期 glued to the issuer's value
    page = stripped("发布机构:田村路街道办事处日期:2022-02-15 11:47")
    assert page.fields == {"issuer": "田村路街道办事处", "published": "2022-02-15"}


@pytest.mark.parametrize(
    "lines",
    [
        [
            "| 索引号：001/2025-01 | 发文字号：x政发〔2025〕1号 |",
            "|---|---|",
            "| 发文机关：x镇 | |",
        ],
        ["| 索引号 | 001/2025-01 | 发文字号 | x政发〔2025〕1号 |", "| 发文机关 | x镇 |"],
        ["索引号\t001/2025-01\t发文字号\tx政发〔2025〕1号", "发文机关\tx镇"],
    ],
)
def test_pipe_and_two_column_tables(lines: list[str]) -> None:
    # not in the corpus: a table copied as text, with or without colons
    page = stripped(*lines)
    assert dropped(page) == lines
    assert page.fields == {
        "index_number": "001/2025-01",
        "doc_number": "x政发〔2025〕1号",
        "issuer": "x镇",
    }


def test_two_column_table_one_field_per_line() -> None:
    # not in the corpus: label and value cells copied onto lines of their own
    lines = ["索引号", "001/2025-01", "主题词", "法治", "成文日期", "2025-12-30"]
    page = stripped(*lines)
    assert dropped(page) == lines
    assert page.fields == {"index_number": "001/2025-01", "topic": "法治", "written": "2025-12-30"}


def test_a_label_alone_never_takes_the_title() -> None:
    # 34_chongqing_tieqiaozhen_2025.txt ends its table with an empty 有效性 cell
    title = "重庆市开州区铁桥镇人民政府关于2025年法治政府建设情况的报告"
    assert strip_portal(["[ 有效性 ]", title]).lines == [title]
    # the shared corpus's 08_fengdu_lizixiang_2025.txt: one cell per line, empty cells
    cells = ["[ 发文字号 ]", "[ 主题分类 ] 公安、安全、司法、法制", "[ 有效性 ]"]
    assert strip_portal([*cells, title, BODY]).lines == [title, BODY]


def test_unlabelled_bullet_values() -> None:
    # 35_chongqing_shuangshanzhen_2025.txt: the labels were lost in the copy
    lines = [
        "  • 11500224691216248X/2026-00002",
        "  • 法制",
        "  • 其他",
        "  • 铜梁区双山镇",
        "  • 2026-01-27",
        "  • 2026-01-27",
    ]
    page = stripped(*lines)
    assert dropped(page) == lines
    assert page.fields == {
        "index_number": "11500224691216248X/2026-00002",
        "written": "2026-01-27",
        "published": "2026-01-27",
    }
    assert any("没有标签" in n.zh and "铜梁区双山镇" in n.zh for n in page.notes)


def test_two_different_values_are_noted() -> None:
    page = stripped("[ 发布日期 ] 2026-02-10", "发布日期:2026-02-11")
    assert page.fields == {"published": "2026-02-10"}
    assert any("两个不同的值" in n.zh for n in page.notes)


def test_a_byline_date_yields_to_a_labelled_one() -> None:
    # 33_chongqing_jinqiaozhen_2025.txt has both; a byline's 日期 never disputes 发布日期
    page = stripped("日期:2026-02-09", "[ 发布日期 ] 2026-02-10")
    assert page.fields == {"published": "2026-02-10"}
    assert not any("两个不同的值" in n.zh for n in page.notes)


@pytest.mark.parametrize(
    "line",
    [
        "来源:群众来信反映的问题均已办结。",  # sentence text with a label-like opening
        "时间:2023年全年,共开展普法活动12场。",
        "首页>政务公开>报告。",
        "（一）加强组织领导,统筹推进法治政府建设",  # 33: a heading with a comma
        "一是语音播报",
        "有效性审查制度不断完善",  # a bare label only stands between spaces
    ],
)
def test_report_text_is_kept(line: str) -> None:
    assert strip_portal([line]).lines == [line]


# --- the property -------------------------------------------------------------------------

_FURNITURE_WORDS = ["来源:", "日期:", "首页 > ", "语音播报", "打印本页", "版权所有", "索引号 ",
                    "  • ", "[ 发布日期 ] ", "2021-02-20 ", "今天是:", "ICP备", "星期三"]  # fmt: skip
_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """A line ending in 。, holding Chinese text and perhaps any furniture word."""
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(_FURNITURE_WORDS),
                st.text(_CJK, min_size=1, max_size=8),
                st.text(st.characters(codec="utf-8"), max_size=4),
            ),
            max_size=8,
        )
    )
    return "".join([draw(st.text(_CJK, min_size=1, max_size=4)), *parts, "。"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(sentences(), st.sampled_from(_FURNITURE_WORDS)), min_size=1))
@example(["当前位置: 首页", "来源:群众来信。"])
@example(["  • 首页", "  • 法制", "  • 一是学法。"])
def test_a_line_ending_in_a_full_stop_is_never_dropped(lines: list[str]) -> None:
    kept = strip_portal(lines).lines
    assert [ln for ln in lines if ln.endswith("。")] == [ln for ln in kept if ln.endswith("。")]
