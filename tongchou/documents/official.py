"""Chinese official documents (公文, GB/T 9704-2012) as Word and PDF: the layout and the fonts.
The renderers take a plain document — title, number, issuer, date, foreword, sections of
paragraphs and tables, conclusion — and know no business rule.

    {"title": str, "number": str, "issuer": str, "date": "2026年11月5日", "foreword": str,
     "sections": [{"heading": str, "paragraphs": [str], "table": {"columns": [str], "rows": [[…]]}}],
     "conclusion": str}

Fonts: GB/T 9704 names 小标宋 for the title, 黑体 / 楷体 for headings, 仿宋_GB2312 for the body. A
government PC has them; elsewhere each has fallbacks to CJK fonts that are commonly installed
(Debian's fonts-noto-cjk here), so the text never shows as empty boxes.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"

# Chinese type sizes (字号) in points.
SIZE_2 = Pt(22)  # 二号: title
SIZE_3 = Pt(16)  # 三号: body and headings
SIZE_4 = Pt(14)  # 四号: page numbers
SIZE_SMALL_4 = Pt(12)  # 小四: tables

# Each GB/T 9704 face and what stands in for it where it is not installed, best first.
FONTS: dict[str, list[str]] = {
    "title": ["方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "Noto Serif CJK SC",
              "Source Han Serif SC", "SimSun"],
    "heading": ["黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei"],
    "subheading": ["楷体_GB2312", "楷体", "KaiTi", "STKaiti", "Noto Serif CJK SC"],
    "body": ["仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC",
             "SimSun"],
    "number": ["宋体", "SimSun", "Noto Serif CJK SC"],
}
LATIN = "Times New Roman"


def css_font_family(role: str) -> str:
    return ", ".join(f'"{name}"' for name in FONTS[role]) + ", serif"


# --- Word ---------------------------------------------------------------------------------------

def _set_font(run: Any, role: str, size: Any, bold: bool = False) -> None:
    run.font.size = size
    if bold:  # not bold is the default: writing it to each of thousands of table runs costs seconds
        run.font.bold = True
    run.font.name = LATIN
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONTS[role][0])
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)


def _paragraph(doc: Any, text: str, *, role: str = "body", size: Any = SIZE_3, align: Any = None,
               indent: bool = True, bold: bool = False, space_before: int = 0) -> Any:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28.9)  # 22 lines a page (GB/T 9704 §5.2.2)
    fmt.space_after = Pt(0)
    fmt.space_before = Pt(space_before)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号
    if align is not None:
        p.alignment = align
    _set_font(p.add_run(text), role, size, bold)
    return p


def _page_number_footer(paragraph: Any, align: Any) -> None:
    """「— 1 —」 in 4号 宋体: odd pages on the right, even pages on the left (GB/T 9704 §7.5)."""
    paragraph.alignment = align
    _set_font(paragraph.add_run("— "), "number", SIZE_4)
    run = paragraph.add_run()
    _set_font(run, "number", SIZE_4)
    for tag, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _set_font(paragraph.add_run(" —"), "number", SIZE_4)


def _table(doc: Any, table: dict[str, Any]) -> None:
    columns, rows = table["columns"], table["rows"]
    grid = doc.add_table(rows=1 + len(rows), cols=len(columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    # A new table's cells each hold one empty paragraph; the rows are walked once (indexing a row
    # walks the table again, which made a 500-row table take seconds).
    grid_rows = list(grid.rows)
    for cell, header in zip(grid_rows[0].cells, columns, strict=True):
        _set_font(cell.paragraphs[0].add_run(str(header)), "heading", SIZE_SMALL_4)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for grid_row, row in zip(grid_rows[1:], rows, strict=True):
        for cell, value in zip(grid_row.cells, row, strict=True):
            _set_font(cell.paragraphs[0].add_run("" if value is None else str(value)), "body", SIZE_SMALL_4)
    doc.add_paragraph()


def render_docx(document: dict[str, Any]) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    # GB/T 9704 §5.2.1: top 37 mm, bottom 35 mm, inside 28 mm, outside 26 mm (type area 156 × 225 mm).
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    normal = doc.styles["Normal"]
    _set_font(normal, "body", SIZE_3)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_footer(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)

    if document.get("number"):
        _paragraph(doc, document["number"], align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, document["title"], role="title", size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
               space_before=12)
    _paragraph(doc, "", indent=False)
    if document.get("foreword"):
        for line in str(document["foreword"]).splitlines():
            if line.strip():
                _paragraph(doc, line.strip())
    for sec in document.get("sections", []):
        _paragraph(doc, sec["heading"], role="heading")
        for text in sec.get("paragraphs", []):
            _paragraph(doc, text)
        if sec.get("table") and sec["table"]["rows"]:
            _table(doc, sec["table"])
    if document.get("conclusion"):
        for line in str(document["conclusion"]).splitlines():
            if line.strip():
                _paragraph(doc, line.strip())
    _paragraph(doc, "", indent=False)
    # Issuer and date: right-aligned, four characters from the right margin (GB/T 9704 §7.3.5).
    for text in (document.get("issuer", ""), document.get("date", "")):
        p = _paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(64)
    _font_table_fallbacks(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _font_table_fallbacks(doc: Any) -> None:
    font_part = None
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            font_part = rel.target_part
    if font_part is None:
        return
    from lxml import etree

    root = etree.fromstring(font_part.blob)
    for role in ("title", "heading", "subheading", "body", "number"):
        names = FONTS[role]
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), names[0])
        alt = etree.SubElement(font, qn("w:altName"))
        alt.set(qn("w:val"), ",".join(names[1:]))
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")  # GB2312
        family = etree.SubElement(font, qn("w:family"))
        family.set(qn("w:val"), "modern" if role == "heading" else "roman")
    font_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- PDF ----------------------------------------------------------------------------------------

def render_pdf(document: dict[str, Any]) -> bytes:
    """The same document through WeasyPrint; CJK glyphs are embedded from the installed fonts."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    html = render_to_string("documents/official.html", {
        "doc": document, "title_font": css_font_family("title"), "heading_font": css_font_family("heading"),
        "body_font": css_font_family("body"), "number_font": css_font_family("number")})
    return HTML(string=html).write_pdf()
