"""Invitations by email (Django's email backend), each with the meeting's .ics file. Runs after
the inviting transaction commits; an attendee without an address is invited in the app only."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tongchou.org.models import User

from .ics import meeting_ics
from .models import Meeting


def invitation_addresses(meeting: Meeting) -> list[str]:
    addresses: list[str] = []
    for attendee in meeting.attendees.select_related("person"):
        if attendee.person is not None:
            people = [attendee.person]
        else:
            people = list(User.objects.filter(unit=attendee.unit, is_active=True).exclude(email=""))
        addresses.extend(p.email for p in people if p.email and p.is_active)
    return sorted(set(addresses))


def send_invitations(meeting_pk: int) -> int:
    meeting = Meeting.objects.get(pk=meeting_pk)
    addresses = invitation_addresses(meeting)
    if not addresses:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Meeting notice: %(title)s") % {"title": meeting.title}
        body = _("You are invited to %(title)s, %(when)s, at %(place)s.\n\n%(notice)s") % {
            "title": meeting.title, "when": f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}",
            "place": meeting.place, "notice": meeting.notice}
    message = EmailMessage(subject=subject, body=body, to=[settings.DEFAULT_FROM_EMAIL], bcc=addresses)
    message.attach(f"meeting-{meeting.pk}.ics", meeting_ics(meeting, method="REQUEST"),
                   "text/calendar; charset=utf-8; method=REQUEST")
    return message.send()
