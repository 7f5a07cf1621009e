"""Reminders of overdue action items. ``remind_extra`` plugs into the progress app's ``tongchou
remind`` (in-app notification and email, weekly); ``remind_overdue`` is the stand-alone command
``tongchou remind-action-items`` (one email per owner unit)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tongchou.org.models import User

from .models import ActionItem, ActionStatus


def overdue_reminders(today: dt.date | None = None) -> dict[int, list[ActionItem]]:
    today = today or timezone.localdate()
    by_unit: dict[int, list[ActionItem]] = defaultdict(list)
    for item in (ActionItem.objects.exclude(status=ActionStatus.CLOSED).filter(due_date__lt=today)
                 .select_related("owner_unit").order_by("owner_unit_id", "due_date")):
        by_unit[item.owner_unit_id].append(item)
    return dict(by_unit)


def remind_overdue(*, dry_run: bool = False, today: dt.date | None = None) -> list[tuple[str, list[str], int]]:
    result = []
    for unit_id, items in overdue_reminders(today).items():
        addresses = sorted(User.objects.filter(unit_id=unit_id, is_active=True).exclude(email="")
                           .values_list("email", flat=True))
        result.append((items[0].owner_unit.name, addresses, len(items)))
        if dry_run or not addresses:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Overdue action items: %(n)d") % {"n": len(items)}
            body = "\n".join(f"- {i.title} ({_('due')} {i.due_date:%Y-%m-%d}, {i.get_status_display()})"
                             for i in items)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
    return result


def remind_extra(today: dt.date | None = None) -> Counter[str]:
    """Called by the progress app's ``tongchou remind``: each owner unit's people get an in-app
    notification (and its email) per overdue action item, again every week it stays open."""
    from django.urls import reverse

    from tongchou.progress.notifications import notify
    from tongchou.progress.selectors import unit_people

    today = today or timezone.localdate()
    sent: Counter[str] = Counter()
    for unit_id, items in overdue_reminders(today).items():
        for item in items:
            week = (today - item.due_date).days // 7
            sent["action_item_overdue"] += notify(
                recipients=unit_people(unit_id), kind="action_item_overdue", key=f"action:{item.pk}:w{week}",
                title=_("Action item overdue (due %(due)s): %(title)s") % {"due": item.due_date, "title": item.title},
                url=reverse("meetings:action_detail", args=[item.pk]))
    return sent
