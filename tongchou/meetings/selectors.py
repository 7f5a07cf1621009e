"""Reads: meetings are open to every signed-in person (the committee's members are the units);
action items to those who read everything and to the owner unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.errors import NotFound
from tongchou.core.validation import as_id

from .models import ActionItem, ActionStatus, AgendaItem, Attendee, Decision, Meeting, MeetingStatus


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.select_related("chair")


def meeting_get_for_user(*, user: Any, pk: Any) -> Meeting:
    try:
        return meetings_visible_to(user).get(pk=int(pk))
    except (Meeting.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No such meeting.")) from None


def meeting_full(meeting: Meeting) -> Meeting:
    """The meeting with everything its page and documents show, in a fixed number of queries."""
    return (Meeting.objects.select_related("chair").prefetch_related(
        Prefetch("attendees", queryset=Attendee.objects.select_related("unit", "person")),
        Prefetch("items", queryset=AgendaItem.objects.select_related(
            "project__unit", "review", "change_request", "action_item__owner_unit")
            .prefetch_related("decisions")),
        Prefetch("decisions", queryset=Decision.objects.select_related("item")),
        Prefetch("action_items", queryset=ActionItem.objects.select_related("owner_unit", "decision")),
    ).get(pk=meeting.pk))


def upcoming_meetings(user: Any, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    return meetings_visible_to(user).filter(status=MeetingStatus.SCHEDULED,
                                            starts_at__gte=now - dt.timedelta(hours=12)).order_by("starts_at")


def invitations_for(user: Any) -> QuerySet[Meeting]:
    """Scheduled meetings the person (or their unit) was invited to."""
    mine = Q(attendees__person_id=user.pk) | Q(attendees__person__isnull=True, attendees__unit_id=user.unit_id)
    return upcoming_meetings(user).filter(mine, attendees__invited_at__isnull=False).distinct()


def action_items_visible_to(user: Any) -> QuerySet[ActionItem]:
    qs = ActionItem.objects.select_related("owner_unit", "meeting", "project", "decision")
    if getattr(user, "reads_everything", False):
        return qs
    return qs.filter(owner_unit_id=getattr(user, "unit_id", None))


def action_item_get_for_user(*, user: Any, pk: Any) -> ActionItem:
    try:
        return action_items_visible_to(user).get(pk=int(pk))
    except (ActionItem.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No such action item.")) from None


def overdue_action_items(user: Any, today: dt.date | None = None) -> QuerySet[ActionItem]:
    today = today or timezone.localdate()
    return action_items_visible_to(user).exclude(status=ActionStatus.CLOSED).filter(due_date__lt=today)


def action_item_list(*, user: Any, status: str = "", overdue: bool = False, unit: Any = None,
                     meeting: Any = None) -> QuerySet[ActionItem]:
    qs = overdue_action_items(user) if overdue else action_items_visible_to(user)
    if status in ActionStatus.values:
        qs = qs.filter(status=status)
    elif status == "unclosed":
        qs = qs.exclude(status=ActionStatus.CLOSED)
    if (unit_id := as_id(unit)) is not None:
        qs = qs.filter(owner_unit_id=unit_id)
    if (meeting_id := as_id(meeting)) is not None:
        qs = qs.filter(meeting_id=meeting_id)
    return qs.order_by("status", "due_date", "id")
