"""Word and PDF sources, generated here with python-docx and reportlab, imported for real."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.diagnostics import UserError
from generator.importer.pipeline import import_file
from generator.model import Enumeration

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
    assert third.body == ["新建法治文化长廊1处。", "项目|数量", "法治讲座|12场"]
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
    ],
)
def test_unreadable_files_are_user_errors(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UserError, match=message):
        import_file(path, seeds=tmp_path)
