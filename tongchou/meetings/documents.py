"""The meeting notice (会议通知) and the minutes (会议纪要) as .docx and PDF in the official-document
layout of GB/T 9704, through the shared renderer ``tongchou.documents.official``.

``notice_data`` / ``minutes_data`` turn the meeting into plain values; the renderers know no rule."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Attendance, Meeting, Outcome
from .selectors import meeting_full

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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


def official_document(data: dict[str, Any]) -> dict[str, Any]:
    """Our plain values in the shape of tongchou.documents.official (GB/T 9704 layout)."""
    foreword = "\n".join(([data["recipients"]] if data["recipients"] else []) + data["paragraphs"])
    return {"title": data["title"], "number": data["number"], "issuer": data["signature"], "date": data["date"],
            "foreword": foreword, "conclusion": "",
            "sections": [{"heading": heading, "paragraphs": lines} for heading, lines in data["sections"]]}


def render_docx(data: dict[str, Any]) -> bytes:
    from tongchou.documents.official import render_docx as official_docx

    return official_docx(official_document(data))


def render_pdf(data: dict[str, Any]) -> bytes:
    from tongchou.documents.official import render_pdf as official_pdf

    return official_pdf(official_document(data))
