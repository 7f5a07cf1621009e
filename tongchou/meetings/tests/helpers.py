"""Meetings for tests, made through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tongchou.meetings import services
from tongchou.meetings.models import Meeting
from tongchou.testing.world import SETUP, World


def past(days: int = 1) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def future(days: int = 7) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def make_meeting(w: World, *, kind: str = "quarterly", starts_at: Any = None, held: bool = False,
                 **extra: Any) -> Meeting:
    meeting = services.meeting_create(actor=SETUP, kind=kind, starts_at=starts_at or (past() if held else future()),
                                      place="市行政中心第一会议室", chair=w.people["leader"],
                                      attendees=[w.people["office"].pk], attendee_units=[w.units["A"].pk], **extra)
    if held:
        meeting = services.meeting_hold(actor=SETUP, meeting=meeting)
    return meeting
