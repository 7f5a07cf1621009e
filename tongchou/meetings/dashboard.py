"""The dashboard's meetings panel: the next meeting and the action items not yet closed."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.dashboard.hooks import DashboardPanel, Figure

from .models import ActionItem, ActionStatus
from .selectors import upcoming_meetings


def dashboard_panels(user: Any, *, year: int) -> list[DashboardPanel]:
    today = timezone.localdate()
    upcoming = upcoming_meetings(user).first()
    counts = ActionItem.objects.aggregate(
        open=Count("id", filter=~Q(status=ActionStatus.CLOSED)),
        overdue=Count("id", filter=~Q(status=ActionStatus.CLOSED) & Q(due_date__lt=today)),
        closed=Count("id", filter=Q(status=ActionStatus.CLOSED, closed_at__year=year)))
    actions = reverse("meetings:actions")
    figures = [
        Figure(_("Next meeting"), f"{timezone.localtime(upcoming.starts_at):%m-%d}" if upcoming else "—",
               reverse("meetings:detail", args=[upcoming.pk]) if upcoming else reverse("meetings:list"),
               hint=upcoming.title if upcoming else _("None scheduled")),
        Figure(_("Action items open"), str(counts["open"]), actions + "?status=unclosed"),
        Figure(_("Overdue action items"), str(counts["overdue"]), actions + "?overdue=1&status=unclosed",
               tone="danger" if counts["overdue"] else ""),
        Figure(_("Closed this year"), str(counts["closed"]), actions + "?status=closed", tone="success"),
    ]
    return [DashboardPanel("meetings", _("Committee meetings and action items"), figures=figures, order=60,
                           width=6)]
