"""An iCalendar (RFC 5545) file for a meeting: one VEVENT, times in UTC, text escaped and lines folded."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from .models import Meeting, MeetingStatus


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > 75:
            out.append(current.decode("utf-8"))
            current = b" "
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n".join(out)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_ics(meeting: Meeting, *, method: str = "PUBLISH") -> bytes:
    host = (getattr(settings, "ALLOWED_HOSTS", None) or ["tongchou"])[0].strip(".*") or "tongchou"
    items = "\n".join(f"{i.position}. {i.title}" for i in meeting.items.all())
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tongchou//Committee meetings//ZH", "CALSCALE:GREGORIAN",
        f"METHOD:{method}", "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{_utc(meeting.updated_at)}",
        f"DTSTART:{_utc(meeting.starts_at)}",
        f"DTEND:{_utc(meeting.ends_at)}",
        f"SUMMARY:{_escape(meeting.title)}",
        f"LOCATION:{_escape(meeting.place)}",
        f"DESCRIPTION:{_escape((meeting.notice + chr(10) + items).strip())}",
        f"STATUS:{'CANCELLED' if meeting.status == MeetingStatus.CANCELLED else 'CONFIRMED'}",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")
