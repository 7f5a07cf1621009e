"""What ``tongchou remind`` sends on a given day. Every message has a key naming what it is about
and when, so running it many times a day sends nothing twice."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.hooks import app_modules
from tongchou.projects.models import ChangeRequest, ChangeStatus, Milestone, Project, ProjectStatus

from .models import ProgressReport, ReportStatus
from .notifications import notify
from .periods import month_start, report_due_date
from .ratings import rating_refresh
from .selectors import REPORTING_STATES, missing_reports, office_people, reporting_month, unit_people

DUE_SOON_DAYS = 3
MILESTONE_AHEAD_DAYS = 7


@transaction.atomic
def remind(today: dt.date | None = None) -> Counter[str]:
    today = today or timezone.localdate()
    sent: Counter[str] = Counter()
    month = reporting_month(today)
    due = report_due_date(month)
    label = f"{month:%Y-%m}"
    missing = list(missing_reports(month))
    new_url = reverse("progress:report_list")
    if due - dt.timedelta(days=DUE_SOON_DAYS) <= today <= due:
        for project in missing:
            sent["report_due"] += notify(
                recipients=unit_people(project.unit_id), kind="report_due", key=f"due:{project.pk}:{label}",
                title=_("Report for %(code)s %(month)s is due on %(due)s")
                % {"code": project.code, "month": label, "due": due},
                body=project.name, url=new_url)
    if today > due:
        # Weekly while it stays overdue: the key carries the week since the due date.
        week = (today - due).days // 7
        for project in missing:
            sent["report_overdue"] += notify(
                recipients=unit_people(project.unit_id), kind="report_overdue",
                key=f"overdue:{project.pk}:{label}:w{week}",
                title=_("Report for %(code)s %(month)s is overdue (due %(due)s)")
                % {"code": project.code, "month": label, "due": due},
                body=project.name, url=new_url)
        if missing:
            sent["overdue_summary"] += notify(
                recipients=office_people(), kind="overdue_summary", key=f"overdue-summary:{label}:w{week}",
                title=_("%(count)d reports for %(month)s are overdue") % {"count": len(missing), "month": label},
                body="、".join(sorted({p.unit.name for p in missing})),
                url=reverse("progress:overview") + f"?month={label}")
    upcoming = (Milestone.objects.filter(actual_date__isnull=True, planned_date__gte=today,
                                         planned_date__lte=today + dt.timedelta(days=MILESTONE_AHEAD_DAYS),
                                         project__status__in=REPORTING_STATES)
                .select_related("project"))
    for milestone in upcoming:
        sent["milestone_due"] += notify(
            recipients=unit_people(milestone.project.unit_id), kind="milestone_due",
            key=f"milestone:{milestone.pk}:{milestone.planned_date}",
            title=_("Milestone “%(name)s” of %(code)s is due on %(date)s")
            % {"name": milestone.name, "code": milestone.project.code, "date": milestone.planned_date},
            url=reverse("projects:detail", args=[milestone.project_id]))
    # The month's health ratings follow the data (a new row only where a rating changed).
    for project in Project.objects.filter(status__in=REPORTING_STATES):
        before = project.health_ratings.count()
        if rating_refresh(project=project, month=month_start(today)) and project.health_ratings.count() > before:
            sent["ratings_changed"] += 1
    pending = _pending_approvals()
    if sum(pending.values()):
        sent["pending_approvals"] += notify(
            recipients=office_people(), kind="pending_approvals", key=f"pending:{today}",
            title=_("Waiting for the office: %(reports)d reports, %(changes)d change requests, %(projects)d "
                    "projects to review") % pending,
            url=reverse("progress:overview"))
    # Other apps' reminders (a ``reminders`` module with ``remind_extra(today)``, e.g. meetings' action items).
    for module in app_modules("reminders"):
        if module.__name__ != __name__ and hasattr(module, "remind_extra"):
            sent.update(module.remind_extra(today))
    return sent


def _pending_approvals() -> dict[str, int]:
    return {
        "reports": ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).count(),
        "changes": ChangeRequest.objects.filter(status=ChangeStatus.PENDING).count(),
        "projects": Project.objects.filter(status=ProjectStatus.SUBMITTED).count(),
    }

