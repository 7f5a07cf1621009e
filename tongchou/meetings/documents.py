"""The meeting notice (会议通知) and the minutes (会议纪要) as .docx in the official-document
layout (red masthead, document number, red rule, centred title, 16-pt body in an FangSong face,
A4 with the standard margins) and as PDF through WeasyPrint with the Noto CJK fonts.

``notice_data`` / ``minutes_data`` turn the meeting into plain values; the renderers know no rule."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Attendance, Meeting, Outcome
from .selectors import meeting_full

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RED = (0xC0, 0x00, 0x00)


def _when(meeting: Meeting) -> str:
    local = timezone.localtime(meeting.starts_at)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _date_cn(day: Any) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notice_data(meeting: Meeting) -> dict[str, Any]:
    meeting = meeting_full(meeting)
    attendees = [a.name if a.person_id is None else f"{a.name}（{a.unit}）" if a.unit_id else a.name
                 for a in meeting.attendees.all()]
    paragraphs = [
        _("The Committee will hold %(title)s. The arrangements are as follows.") % {"title": meeting.title},
    ]
    sections = [
        (_("1. Time"), [_when(meeting)]),
        (_("2. Place"), [meeting.place]),
        (_("3. Chair"), [meeting.chair_name or "—"]),
        (_("4. Attendees"), ["、".join(attendees) or "—"]),
        (_("5. Agenda"), [f"{i.position}. {i.title}" + (f"（{i.presenter}）" if i.presenter else "")
                          for i in meeting.items.all()] or ["—"]),
    ]
    if meeting.notice:
        sections.append((_("6. Requirements"), meeting.notice.splitlines()))
    return {"issuer": _("Informatization Committee Office"), "number": meeting.number,
            "title": _("Notice of %(title)s") % {"title": meeting.title}, "recipients": _("Members of the committee:"),
            "paragraphs": paragraphs, "sections": sections, "signature": _("Informatization Committee Office"),
            "date": _date_cn(timezone.localtime(meeting.invited_at or meeting.created_at).date())}


def minutes_data(meeting: Meeting) -> dict[str, Any]:
    meeting = meeting_full(meeting)
    present = [a.name for a in meeting.attendees.all() if a.attendance == Attendance.PRESENT]
    excused = [a.name for a in meeting.attendees.all() if a.attendance in (Attendance.EXCUSED, Attendance.ABSENT)]
    opening = _("On %(when)s the Committee held %(title)s at %(place)s, chaired by %(chair)s.") % {
        "when": _when(meeting), "title": meeting.title, "place": meeting.place, "chair": meeting.chair_name or "—"}
    sections: list[tuple[str, list[str]]] = []
    for item in meeting.items.all():
        lines = [line for line in item.minutes.splitlines() if line.strip()]
        for decision in item.decisions.all():
            prefix = _("The meeting decided: ") if decision.outcome != Outcome.NOTED else _("The meeting agreed: ")
            lines.append(prefix + decision.text + (f"（{decision.effect}）" if decision.effect else ""))
        sections.append((f"{item.position}. {item.title}", lines or ["—"]))
    general = [d for d in meeting.decisions.all() if d.item_id is None]
    if general:
        sections.append((_("Other decisions"), [d.text for d in general]))
    actions = [f"{n}. {a.title}（{_('owner')}：{a.owner_unit}；{_('due')}：{_date_cn(a.due_date)}）"
               for n, a in enumerate(meeting.action_items.all(), 1)]
    if actions:
        sections.append((_("Action items"), actions))
    paragraphs = [opening]
    if present:
        paragraphs.append(_("Present: %(names)s.") % {"names": "、".join(present)})
    if excused:
        paragraphs.append(_("Excused or absent: %(names)s.") % {"names": "、".join(excused)})
    if meeting.summary:
        paragraphs.extend(meeting.summary.splitlines())
    return {"issuer": _("Informatization Committee Office"), "number": meeting.number,
            "title": _("Minutes of %(title)s") % {"title": meeting.title}, "recipients": "",
            "paragraphs": paragraphs, "sections": sections, "signature": _("Informatization Committee Office"),
            "date": _date_cn(timezone.localtime(meeting.held_at or meeting.starts_at).date())}


def render_docx(data: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    def run(paragraph: Any, text: str, *, size: int = 16, font: str = "仿宋_GB2312", bold: bool = False,
            color: tuple[int, int, int] | None = None) -> None:
        r = paragraph.add_run(text)
        r.font.size = Pt(size)
        r.font.name = font
        r.font.bold = bold
        r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        if color:
            r.font.color.rgb = RGBColor(*color)

    def para(text: str = "", *, align: Any = None, indent: bool = True, **kwargs: Any) -> Any:
        p = document.add_paragraph()
        p.paragraph_format.line_spacing = Pt(28)
        if align is not None:
            p.alignment = align
        if indent and align is None:
            p.paragraph_format.first_line_indent = Pt(32)
        if text:
            run(p, text, **kwargs)
        return p

    para(data["issuer"], align=WD_ALIGN_PARAGRAPH.CENTER, size=26, font="方正小标宋简体", color=RED)
    if data["number"]:
        para(data["number"], align=WD_ALIGN_PARAGRAPH.CENTER)
    rule = para("", align=WD_ALIGN_PARAGRAPH.CENTER)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "1"), ("w:color", "C00000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    rule._p.get_or_add_pPr().append(border)
    para(data["title"], align=WD_ALIGN_PARAGRAPH.CENTER, size=22, font="方正小标宋简体")
    if data["recipients"]:
        para(data["recipients"], indent=False)
    for text in data["paragraphs"]:
        para(text)
    for heading, lines in data["sections"]:
        para(heading, font="黑体")
        for line in lines:
            para(line)
    para("")
    para(data["signature"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(data["date"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_pdf(data: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("meetings/official_document.html", {"doc": data})
    return HTML(string=html).write_pdf()
