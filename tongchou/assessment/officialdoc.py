"""A Word document in official-document layout (GB/T 9704-2012, 党政机关公文格式), built with
python-docx. It knows layout, not business: a caller gives the issuer, title, paragraphs and tables.

Layout: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in 小标宋 2号 (22 pt)
centred; body in 仿宋_GB2312 3号 (16 pt) with a two-character first-line indent and a fixed line
pitch giving 22 lines a page; first-level headings in 黑体 3号; page numbers in 4号 (14 pt) Song
type as "— 1 —" at the foot, odd pages right, even pages left.

Fonts: each role lists the standard font first and then fallbacks. The first one installed on this
machine (fontconfig) is written into the file; when fontconfig knows none of them, the standard
name is written, which is what a government PC has.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FONTS = {
    "title": ("方正小标宋简体", "小标宋", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", "Noto Sans CJK SC"),
    "body": ("仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", "Noto Sans CJK SC"),
    "heading": ("黑体", "SimHei", "Noto Sans CJK SC", "Noto Serif CJK SC"),
    "page": ("宋体", "SimSun", "Noto Serif CJK SC", "Noto Sans CJK SC"),
}
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_TABLE = Pt(12)  # 小四, for tables that must fit the width
LINE_PITCH = Pt(28.95)  # 22 lines in the 225 mm text block


@functools.cache
def installed_families() -> frozenset[str]:
    if not shutil.which("fc-list"):
        return frozenset()
    try:
        out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(","))


def font_for(role: str) -> str:
    candidates = FONTS[role]
    installed = installed_families()
    return next((name for name in candidates if name in installed), candidates[0])


def _font(run: Any, role: str, size: Any, bold: bool = False) -> None:
    name = font_for(role)
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)


def _paragraph_format(paragraph: Any, *, indent: bool = True, align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY) -> None:
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 3号


def _page_number(paragraph: Any) -> None:
    """"— PAGE —" with a PAGE field."""
    def text(value: str) -> None:
        _font(paragraph.add_run(value), "page", SIZE_4)

    text("— ")
    run = paragraph.add_run()
    _font(run, "page", SIZE_4)
    for kind, value in (("begin", None), ("instr", " PAGE "), ("separate", None), ("end", None)):
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = value
            run._r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
    text(" —")


@dataclass
class Table:
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    caption: str = ""
    widths_mm: Sequence[float] = field(default_factory=tuple)


@dataclass
class Section:
    heading: str = ""
    paragraphs: Sequence[str] = field(default_factory=tuple)
    tables: Sequence[Table] = field(default_factory=tuple)


def render(*, title: str, sections: Sequence[Section], issuer: str = "", date_text: str = "") -> bytes:
    document = Document()
    for section in document.sections:
        section.page_height, section.page_width = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(20)
        section.start_type = WD_SECTION_START.NEW_PAGE
        section.different_first_page_header_footer = False
    # Odd pages right, even pages left.
    settings = document.settings.element
    settings.append(OxmlElement("w:evenAndOddHeaders"))
    sect = document.sections[0]
    odd = sect.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_number(odd)
    even = sect.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _page_number(even)

    style = document.styles["Normal"]
    style.font.size = SIZE_3
    style.font.name = font_for("body")
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font_for("body"))

    head = document.add_paragraph()
    _paragraph_format(head, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    head.paragraph_format.line_spacing = Pt(35)
    _font(head.add_run(title), "title", SIZE_2)
    blank = document.add_paragraph()
    _paragraph_format(blank, indent=False)

    for part in sections:
        if part.heading:
            p = document.add_paragraph()
            _paragraph_format(p)
            _font(p.add_run(part.heading), "heading", SIZE_3)
        for text in part.paragraphs:
            p = document.add_paragraph()
            _paragraph_format(p)
            _font(p.add_run(text), "body", SIZE_3)
        for table in part.tables:
            if table.caption:
                p = document.add_paragraph()
                _paragraph_format(p, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
                _font(p.add_run(table.caption), "heading", SIZE_4)
            grid = document.add_table(rows=1, cols=len(table.headers))
            grid.style = "Table Grid"
            grid.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
                cell.text = ""
                _font(cell.paragraphs[0].add_run(str(header)), "heading", SIZE_TABLE)
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            for values in table.rows:
                cells = grid.add_row().cells
                for cell, value in zip(cells, values, strict=True):
                    cell.text = ""
                    _font(cell.paragraphs[0].add_run("" if value is None else str(value)), "body", SIZE_TABLE)
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            if table.widths_mm:
                for row in grid.rows:
                    for cell, width in zip(row.cells, table.widths_mm, strict=False):
                        cell.width = Mm(width)
            p = document.add_paragraph()
            _paragraph_format(p, indent=False)

    if issuer or date_text:
        for text in (issuer, date_text):
            if text:
                p = document.add_paragraph()
                _paragraph_format(p, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
                p.paragraph_format.right_indent = Pt(64)  # 右空四字
                _font(p.add_run(text), "body", SIZE_3)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
