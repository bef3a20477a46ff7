"""Every source format, imported for real: Word and PDF generated here with python-docx and
reportlab, saved portal pages (.html) and OFD files written here, a legacy .doc from fixtures."""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile
from pathlib import Path

import pytest

from generator.diagnostics import UserError
from generator.importer import doc as doc_reader
from generator.importer.pipeline import import_file
from generator.model import Enumeration, Table

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# A list definition as Word writes one: 一、 / （一） / 1. on levels 0–2.
ABSTRACT = f"""<w:abstractNum {W_NS} w:abstractNumId="90">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""
LONG = (
    "镇党委、政府高度重视法治政府建设，成立了以党委书记为组长的领导小组，全年召开专题会议5次，"
    "研究解决法治建设中的重点难点问题，推动各项任务落地见效，依法行政水平不断提高。"
)


def make_docx(path: Path) -> Path:
    """A report with automatic numbering, a bold run-in heading, a table and a bookmark."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml

    doc = docx.Document()
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(ABSTRACT))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(level: int, *runs: tuple[str, bool]) -> None:
        p = doc.add_paragraph()
        for text, bold in runs:
            p.add_run(text).bold = bold
        num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = 90

    for text in ("测试区新华街道办事处", "2022年度法治政府建设情况报告"):
        doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("区依法治区办：")
    doc.add_paragraph("2022年，新华街道认真落实法治政府建设各项部署。现将有关情况报告如下：")
    numbered(0, ("主要举措和成效", False))
    numbered(
        1, ("加强组织领导", True), ("街道党工委成立法治建设领导小组，召开专题会议3次。", False)
    )
    numbered(
        1, ("深化普法宣传。", True), ("一是开展法治讲座12场；二是发放宣传资料2000余份。", False)
    )
    numbered(2, ("建设法治文化阵地。新建法治文化长廊1处。", False))
    table = doc.add_table(rows=2, cols=2)
    for r, row in enumerate((("项目", "数量"), ("法治讲座", "12场"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    numbered(0, ("存在的不足和原因", False))
    p = doc.add_paragraph("基层法治力量还比较薄弱。")
    p._p.insert(0, parse_xml(f'<w:bookmarkStart {W_NS} w:id="0" w:name="_GoBack"/>'))
    numbered(0, ("下一年度主要安排", False))
    doc.add_paragraph("继续加强法治队伍建设，提升依法行政能力。")
    doc.add_paragraph("特此报告。")
    for text in ("测试区新华街道办事处", "2023年1月6日"):
        doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(str(path))
    return path


def make_pdf(path: Path, *, text: bool = True) -> Path:
    """A two-page report set in STSong-Light, paragraphs wrapping over several lines."""
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle(
        "body", fontName="STSong-Light", fontSize=12, leading=20, firstLineIndent=24, wordWrap="CJK"
    )
    head = ParagraphStyle("head", parent=body, firstLineIndent=0)
    title = ParagraphStyle("title", parent=head, alignment=TA_CENTER, fontSize=16, leading=26)
    right = ParagraphStyle("right", parent=head, alignment=TA_RIGHT)

    def page_number(canvas, doc) -> None:
        canvas.setFont("STSong-Light", 10)
        canvas.drawCentredString(300, 30, f"- {doc.page} -")

    story = [
        Paragraph("测试县石门镇人民政府", title),
        Paragraph("2023年度法治政府建设情况报告", title),
        Paragraph("县依法治县办：", head),
        Paragraph(
            "2023年，石门镇认真落实法治政府建设各项部署，依法行政水平不断提高，为全镇"
            "经济社会发展提供了有力的法治保障。现将有关情况报告如下：",
            body,
        ),
        Paragraph("一、主要举措和成效", head),
        Paragraph("（一）加强组织领导。" + LONG, head),
        Paragraph("（二）深化普法宣传", head),
        Paragraph(
            "一是开展法治讲座8场，参与群众600余人次；二是发放宣传资料3000余份，"
            "覆盖全镇所有村（社区），群众法治意识明显增强。",
            body,
        ),
        PageBreak(),
        Paragraph("二、存在的不足和原因", head),
        Paragraph("法治队伍力量还比较薄弱，部分干部运用法治思维解决问题的能力有待提高。", body),
        Paragraph("三、下一年度主要安排", head),
        Paragraph("继续加强法治队伍建设，提升依法行政能力。", body),
        Paragraph("特此报告。", body),
        Paragraph("测试县石门镇人民政府", right),
        Paragraph("2024年1月8日", right),
    ]
    if not text:  # a "scan": pages with drawings and no text layer
        story = []
    doc = SimpleDocTemplate(str(path))
    if story:
        doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
    else:
        from reportlab.pdfgen.canvas import Canvas

        canvas = Canvas(str(path))
        canvas.rect(100, 100, 300, 500, fill=1)
        canvas.showPage()
        canvas.save()
    return path


def test_docx_numbering_bold_run_in_heading_and_table(tmp_path: Path) -> None:
    item = import_file(make_docx(tmp_path / "report.docx"), seeds=tmp_path)
    rec = item.report
    assert item.kind == "docx"
    assert item.coverage.ratio == 1.0
    assert rec.title == "测试区新华街道办事处2022年度法治政府建设情况报告"
    assert rec.recipient == "区依法治区办"
    assert [s.part for s in rec.sections] == ["measures", "shortcomings", "plans"]
    first = rec.sections[0].sections
    assert [s.title for s in first] == ["加强组织领导", "深化普法宣传"]
    # bold "加强组织领导" with no stop: the bold run is where the title ends
    assert first[0].body == ["街道党工委成立法治建设领导小组，召开专题会议3次。"]
    assert isinstance(first[1].body[0], Enumeration)
    (third,) = first[1].sections
    assert third.title == "建设法治文化阵地"
    # The Word table is a table block: first row the header, cells kept apart.
    assert third.body == [
        "新建法治文化长廊1处。",
        Table(header=["项目", "数量"], rows=[["法治讲座", "12场"]]),
    ]
    assert rec.sections[1].body == ["基层法治力量还比较薄弱。"]  # no bookmark text
    assert rec.closing == "特此报告。"
    assert rec.signature.date == dt.date(2023, 1, 6)
    assert any("表格" in n.zh for n in item.notes)
    assert item.place.town == "新华街道"
    assert item.place.kind == "街道"


def test_pdf_lines_broken_by_layout_are_joined(tmp_path: Path) -> None:
    item = import_file(make_pdf(tmp_path / "report.pdf"), seeds=tmp_path)
    rec = item.report
    assert item.kind == "pdf"
    assert item.coverage.ratio == 1.0
    assert rec.title == "测试县石门镇人民政府2023年度法治政府建设情况报告"
    assert rec.preamble == [
        "2023年，石门镇认真落实法治政府建设各项部署，依法行政水平不断提高，"
        "为全镇经济社会发展提供了有力的法治保障。现将有关情况报告如下："
    ]
    first = rec.sections[0].sections
    assert [s.title for s in first] == ["加强组织领导", "深化普法宣传"]
    assert first[0].body == [LONG]
    assert len(first[1].body[0].items) == 2
    assert [s.part for s in rec.sections] == ["measures", "shortcomings", "plans"]
    assert rec.signature.date == dt.date(2024, 1, 8)
    assert "- 1 -" not in str(rec.model_dump(mode="json", warnings=False))  # page numbers dropped


def test_scanned_pdf_is_a_clear_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"没有文字层.*OCR") as exc:
        import_file(make_pdf(tmp_path / "scan.pdf", text=False), seeds=tmp_path)
    assert "(error: the PDF has no text layer" in str(exc.value)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.docx", b"not a zip file", "无法打开 Word 文件"),
        ("broken.pdf", b"%PDF-1.4 garbage", "PDF"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
        ("broken.ofd", b"PK not really a zip", "无法打开 OFD 文件"),
        ("rtf.doc", b"{\\rtf1\\ansi report}", "实为 RTF 格式.*另存为 .docx"),
        ("page.mht", b"MIME-Version: 1.0", "另存为“网页，仅 HTML”"),
    ],
)
def test_unreadable_files_are_user_errors(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UserError, match=message):
        import_file(path, seeds=tmp_path)


# --- saved portal pages (.html) -------------------------------------------------------

META_TABLE = """<table class="table_info">
<tr><td>索引号：</td><td>11500999MB1234567X/2026-00004</td><td>发文字号：</td><td></td></tr>
<tr><td>主题分类：</td><td>公安、安全、司法、法制</td><td>体裁分类：</td><td>工作报告</td></tr>
<tr><td>发布机构：</td><td>测试县石桥乡人民政府</td><td>有效性：</td><td></td></tr>
<tr><td>成文日期：</td><td>2026-01-22</td><td>发布日期：</td><td>2026-02-10</td></tr>
</table>"""
META_LIST = """<ul class="xxgk_info">
<li><b>索 引 号：</b><span>11500999MB1234567X/2026-00004</span></li>
<li><b>主题分类：</b><span>公安、安全、司法、法制</span></li>
<li><b>体裁分类：</b><span>工作报告</span></li>
<li><b>发布机构：</b><span>测试县石桥乡人民政府</span></li>
<li><b>成文日期：</b><span>2026年01月22日</span></li>
</ul>"""
PAGE = """<!DOCTYPE html>
<!-- saved from url=(0062)http://www.cstest.gov.cn/zwgk/fzzfjsbg/202602/t20260210_1.html -->
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>测试县石桥乡人民政府2025年法治政府建设情况报告_乡镇街道_测试县人民政府网</title>
{article_meta}
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav {{ color: #c00; }}</style>
</head><body>
<div class="top"><a href="/">网站首页</a> | <a href="#">无障碍浏览</a> | <a href="#">简体</a> | <a href="#">繁體</a></div>
<div class="header"><img src="logo.png" alt="测试县人民政府网"><form><input name="q" placeholder="请输入关键字"><button>搜索</button></form></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjcx/">走进测试</a></li></ul>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt;
<a href="#">法治政府建设报告</a> &gt; <span>乡镇街道</span></div>
<div class="xxgk-info">{meta}</div>
<div class="article">
<h1>测试县石桥乡人民政府2025年法治政府建设情况报告</h1>
<div class="info"><span>发布时间：2026-02-10 09:30</span> <span>来源：测试县石桥乡人民政府</span>
<span>浏览次数：<script>document.write(123)</script></span>
<span>【字号：<a>大</a> <a>中</a> <a>小</a>】</span></div>
<div class="TRS_Editor" id="zoom">
<p style="text-indent:2em">2025年，在县委、县政府的坚强领导下，乡党委、政府深入学习贯彻习近平法治思想，扎实推进法治政府建设各项工作，现将有关情况报告如下：</p>
<p style="text-indent:2em"><strong>一、2025年推进法治政府建设的主要举措和成效</strong></p>
<p style="text-indent:2em"><strong>（一）深入学习习近平法治思想。</strong>组织干部职工集中学法4次，邀请律师王镕开展专题讲座2场，网上普法考试参考率和合格率均达100%。</p>
<p style="text-indent:2em"><strong>（二）推进依法行政。</strong>全年办理行政复议案件3件，行政诉讼案件2件，行政机关负责人出庭应诉率100%。</p>
<table class="data" border="1"><tr><td>项目</td><td>数量</td></tr><tr><td>行政复议</td><td>3件</td></tr></table>
<p style="text-indent:2em"><strong>二、存在的不足和原因</strong></p>
<p style="text-indent:2em">法治队伍力量还比较薄弱，部分干部运用法治思维解决问题的能力有待提高。</p>
<p style="text-indent:2em"><strong>三、2026年推进法治政府建设的主要安排</strong></p>
<p style="text-indent:2em">继续加强法治队伍建设，提升依法行政能力。</p>
<p style="text-indent:2em">特此报告。</p>
<p style="text-align:right">测试县石桥乡人民政府</p>
<p style="text-align:right">2026年1月22日</p>
</div>
<div class="print">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="share">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>
<div class="qr"><img src="qr.png"><p>扫一扫在手机打开当前页</p></div>
</div>
<div class="links">相关链接：<a>测试市人民政府</a> <a>测试县人大常委会</a></div>
<div class="footer">
<p>主办单位：测试县人民政府办公室　承办单位：测试县大数据发展中心</p>
<p>网站标识码：5001000001　<a>渝ICP备05001234号</a>　<a>渝公网安备 50010002000001号</a></p>
<p>联系电话：023-12345678　<a>网站地图</a>　<a>联系我们</a></p>
</div>
</body></html>
"""
ARTICLE_META = """<meta name="ArticleTitle" content="测试县石桥乡人民政府2025年法治政府建设情况报告">
<meta name="PubDate" content="2026-02-10 09:30">
<meta name="ContentSource" content="测试县石桥乡人民政府">"""
FURNITURE = (
    "当前位置",
    "网站首页",
    "政务服务",
    "统计代码",
    "发布时间",
    "浏览次数",
    "字号",
    "打印本页",
    "分享到",
    "扫一扫",
    "相关链接",
    "主办单位",
    "ICP备",
    "网站标识码",
    "测试县人民政府网",
    "索引号",
)


def make_html(
    path: Path,
    *,
    charset: str = "gb2312",
    meta: str = META_TABLE,
    article: bool = True,
    layout: bool = False,
) -> Path:
    """A portal page as a browser saves it: nav, breadcrumb, metadata, article, footer.

    With ``layout``, an older template: the article sits in a cell of a layout table.
    """
    page = PAGE.format(charset=charset, meta=meta, article_meta=ARTICLE_META if article else "")
    if layout:
        start, end = page.index('<div class="article">'), page.index('<div class="links">')
        page = (
            f'{page[:start]}<table width="1000"><tr><td width="200"><a>栏目导航</a><br>'
            f'<a>通知公告</a></td><td class="content">{page[start:end]}</td></tr></table>{page[end:]}'
        )
    path.write_bytes(page.encode("gbk" if charset.startswith("gb") else charset))
    return path


@pytest.mark.parametrize(
    ("charset", "meta", "article", "layout", "published"),
    [
        ("gb2312", META_TABLE, True, False, dt.date(2026, 2, 10)),  # TRS: table, ArticleTitle
        ("utf-8", META_LIST, False, False, None),  # <li><b>label</b>value</li>, <h1> title
        ("gbk", META_TABLE, True, True, dt.date(2026, 2, 10)),  # article in a layout table
    ],
)
def test_portal_page_body_metadata_and_no_furniture(
    tmp_path: Path,
    charset: str,
    meta: str,
    article: bool,
    layout: bool,
    published: dt.date | None,
) -> None:
    page = make_html(
        tmp_path / "t20260210_1.html", charset=charset, meta=meta, article=article, layout=layout
    )
    item = import_file(page, seeds=tmp_path)
    rec = item.report
    assert item.kind == "portal"
    assert item.coverage.ratio == 1.0
    assert rec.title == "测试县石桥乡人民政府2025年法治政府建设情况报告"
    assert rec.metadata.index_number == "11500999MB1234567X/2026-00004"
    assert rec.metadata.genre == "工作报告"
    assert rec.metadata.topic == "公安、安全、司法、法制"
    assert rec.metadata.written == dt.date(2026, 1, 22)
    assert rec.metadata.published == published
    assert rec.original_url == "http://www.cstest.gov.cn/zwgk/fzzfjsbg/202602/t20260210_1.html"
    assert rec.preamble[0].startswith("2025年，在县委、县政府的坚强领导下")
    assert [s.part for s in rec.sections] == ["measures", "shortcomings", "plans"]
    first = rec.sections[0].sections
    assert [s.title for s in first] == ["深入学习习近平法治思想", "推进依法行政"]
    assert "王镕" in first[0].body[0]  # a GBK character outside GB2312, decoded right
    assert first[1].body[1:] == [Table(header=["项目", "数量"], rows=[["行政复议", "3件"]])]
    assert rec.sections[1].body == [
        "法治队伍力量还比较薄弱，部分干部运用法治思维解决问题的能力有待提高。"
    ]
    assert rec.closing == "特此报告。"
    assert rec.signature.date == dt.date(2026, 1, 22)
    text = str(rec.model_dump(mode="json", warnings=False))
    for furniture in FURNITURE:
        assert furniture not in text, furniture
    assert item.place.town == "石桥乡"
    assert any("GB18030" in n.zh for n in item.notes) == charset.startswith("gb")


def test_portal_page_through_the_cli(tmp_path: Path) -> None:
    from generator.cli import main

    (tmp_path / "seeds" / "testqu" / "shiqiao").mkdir(parents=True)
    page = make_html(tmp_path / "seeds" / "testqu" / "shiqiao" / "report.htm")
    argv = ["--content", str(tmp_path / "content"), "--seeds", str(tmp_path / "seeds")]
    assert main([*argv, "import", str(page), "--district", "testqu", "--town", "shiqiao"]) == 0
    record = (tmp_path / "content" / "testqu" / "shiqiao" / "2025.yml").read_text("utf-8")
    assert "index_number: 11500999MB1234567X/2026-00004" in record
    assert "主办单位" not in record
    assert "当前位置" not in record


def test_page_without_main_text_is_a_user_error(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text(
        '<html><head><meta charset="utf-8"><title>首页</title></head>'
        '<body><ul class="nav"><li><a href="/">首页</a></li></ul>'
        "<script>loadArticle()</script></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(UserError, match=r"找不到正文.*\.txt") as exc:
        import_file(page, seeds=tmp_path)
    assert "no main text found" in str(exc.value)


# --- legacy Word (.doc) ---------------------------------------------------------------
# tests/fixtures/import/report.doc: a Word 97 file saved by LibreOffice
# (`soffice --headless --convert-to doc`) from a .docx made with python-docx: typed
# heading numbers, a table, a right-aligned signature. 20 KB; no tool here writes .doc.


def test_doc_is_read_by_antiword(tmp_path: Path) -> None:
    item = import_file(FIXTURES / "report.doc", seeds=tmp_path)
    rec = item.report
    assert item.kind == "doc"
    assert item.coverage.ratio == 1.0
    assert rec.title == "测试县石门镇人民政府2023年度法治政府建设情况报告"
    assert rec.recipient == "县依法治县办"
    assert [s.part for s in rec.sections] == ["measures", "shortcomings", "plans"]
    first = rec.sections[0].sections
    assert [s.title for s in first] == ["加强组织领导", "深化普法宣传"]
    assert first[1].body[-1] == Table(header=["项目", "数量"], rows=[["法治讲座", "8场"]])
    assert rec.signature.date == dt.date(2024, 1, 8)
    assert any("antiword" in n.zh for n in item.notes)


def test_doc_that_is_really_docx_or_html_is_read_as_such(tmp_path: Path) -> None:
    item = import_file(
        make_docx(tmp_path / "saved.docx").rename(tmp_path / "r.doc"), seeds=tmp_path
    )
    assert item.kind == "docx"
    assert item.report.title == "测试区新华街道办事处2022年度法治政府建设情况报告"
    assert "实为.docx" in item.notes[0].zh
    item = import_file(make_html(tmp_path / "page.doc"), seeds=tmp_path)
    assert item.report.metadata.index_number == "11500999MB1234567X/2026-00004"
    assert any("实为网页" in n.zh for n in item.notes)


def test_doc_without_antiword_names_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doc_reader.shutil, "which", lambda _name: None)
    with pytest.raises(
        UserError, match=r"需要 antiword.*apt-get install antiword.*另存为 \.docx"
    ) as exc:
        import_file(FIXTURES / "report.doc", seeds=tmp_path)
    assert "install it (apt-get install antiword), or save the file as .docx" in str(exc.value)


def test_doc_that_hangs_antiword_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def hang(cmd: list[str], **kwargs: object) -> None:
        assert kwargs["timeout"] == doc_reader.TIMEOUT
        assert cmd[1:5] == ["-m", "UTF-8.txt", "-w", "0"]
        raise subprocess.TimeoutExpired(cmd, doc_reader.TIMEOUT)

    monkeypatch.setattr(doc_reader.subprocess, "run", hang)
    with pytest.raises(UserError, match="超时"):
        import_file(FIXTURES / "report.doc", seeds=tmp_path)


# --- OFD (GB/T 33190) -----------------------------------------------------------------

OFD_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
SIZE = 5.0  # mm per character
LEFT, CHARS = 25.0, 32  # text block: 32 characters from x = 25 mm to 185 mm


def _text_object(oid: int, x: float, y: float, text: str) -> str:
    delta = f' DeltaX="g {len(text) - 1} {SIZE}"' if len(text) > 1 else ""
    return (
        f'<ofd:TextObject ID="{oid}" Boundary="{x} {y} {len(text) * SIZE} 7" Font="3" Size="{SIZE}">'
        f'<ofd:TextCode X="0" Y="5"{delta}>{text}</ofd:TextCode></ofd:TextObject>'
    )


def _layout(paragraphs: list[tuple[str, str]]) -> list[tuple[float, str]]:
    """(x, line) per printed line: "c"entred, "r"ight, "h"eading or indented "b"ody, wrapped."""
    out: list[tuple[float, str]] = []
    for style, text in paragraphs:
        if style in "cr":
            slack = (CHARS - len(text)) * SIZE
            out.append((LEFT + (slack / 2 if style == "c" else slack), text))
            continue
        text = "\u3000\u3000" + text if style == "b" else text
        for i in range(0, len(text), CHARS):
            line = text[i : i + CHARS]
            lead = len(line) - len(line.lstrip("\u3000"))
            out.append((LEFT + lead * SIZE, line.lstrip("\u3000")))
    return out


def _page(lines: list[tuple[float, str]], number: int, *, scatter: bool = False) -> str:
    """A page's Content.xml: a TextObject per line (or per character), bottom line first."""
    objects = [_text_object(900, 100, 280, f"- {number} -")]  # the page number, written first
    for row, (x, text) in enumerate(lines):
        y = 30 + row * 9
        if scatter and row == 0:  # some producers write one object per character
            objects += [_text_object(100 + i, x + i * SIZE, y, ch) for i, ch in enumerate(text)]
        else:
            objects.append(_text_object(row + 1, x, y, text))
    layer = "".join(reversed(objects)) if scatter else "".join(objects)
    return f'<ofd:Page {OFD_NS}><ofd:Content><ofd:Layer ID="1">{layer}</ofd:Layer></ofd:Content></ofd:Page>'


def make_ofd(path: Path, pages: list[list[tuple[str, str]]]) -> Path:
    """A minimal valid OFD: OFD.xml → Doc_0/Document.xml → Doc_0/Pages/Page_N/Content.xml."""
    entries = "".join(
        f'<ofd:Page ID="{i + 10}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages))
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {OFD_NS} DocType="OFD" Version="1.0">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0c8f1f2a</ofd:DocID></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        z.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {OFD_NS}><ofd:CommonData>'
            "<ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
            "</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>"
            f"<ofd:Pages>{entries}</ofd:Pages></ofd:Document>",
        )
        for i, paragraphs in enumerate(pages):
            z.writestr(
                f"Doc_0/Pages/Page_{i}/Content.xml",
                _page(_layout(paragraphs), i + 1, scatter=i == 0),
            )
    return path


OFD_PAGES = [
    [
        ("c", "测试县石门镇人民政府"),
        ("c", "2023年度法治政府建设情况报告"),
        ("h", "县依法治县办："),
        (
            "b",
            "2023年，石门镇认真落实法治政府建设各项部署，依法行政水平不断提高，为全镇"
            "经济社会发展提供了有力的法治保障。现将有关情况报告如下：",
        ),
        ("h", "一、主要举措和成效"),
        ("h", "（一）加强组织领导。" + LONG),
        ("h", "（二）深化普法宣传"),
        (
            "b",
            "一是开展法治讲座8场，参与群众600余人次；二是发放宣传资料3000余份，覆盖全镇所有村（社区）。",
        ),
    ],
    [
        ("h", "二、存在的不足和原因"),
        ("b", "法治队伍力量还比较薄弱，部分干部运用法治思维解决问题的能力有待提高。"),
        ("h", "三、下一年度主要安排"),
        ("b", "继续加强法治队伍建设，提升依法行政能力。"),
        ("b", "特此报告。"),
        ("r", "测试县石门镇人民政府"),
        ("r", "2024年1月8日"),
    ],
]


def test_ofd_text_in_reading_order_with_paragraphs_joined(tmp_path: Path) -> None:
    item = import_file(make_ofd(tmp_path / "report.ofd", OFD_PAGES), seeds=tmp_path)
    rec = item.report
    assert item.kind == "ofd"
    assert item.coverage.ratio == 1.0
    assert rec.title == "测试县石门镇人民政府2023年度法治政府建设情况报告"
    assert rec.recipient == "县依法治县办"
    assert rec.preamble == [OFD_PAGES[0][3][1]]  # three printed lines, one paragraph
    first = rec.sections[0].sections
    assert [s.title for s in first] == ["加强组织领导", "深化普法宣传"]
    assert first[0].body == [LONG]
    assert [s.part for s in rec.sections] == ["measures", "shortcomings", "plans"]
    assert rec.closing == "特此报告。"
    assert rec.signature.date == dt.date(2024, 1, 8)
    assert "- 1 -" not in str(rec.model_dump(mode="json", warnings=False))


def test_ofd_without_text_asks_for_ocr(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"OFD 没有文字.*OCR"):
        import_file(make_ofd(tmp_path / "scan.ofd", [[]]), seeds=tmp_path)
