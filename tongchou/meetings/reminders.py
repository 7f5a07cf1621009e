"""Reminders of overdue action items, one email per owner unit to its people with an address.
``overdue_reminders()`` is also the shape a central reminder command can call."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

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
