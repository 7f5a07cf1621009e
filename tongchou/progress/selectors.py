"""Reads of progress: reports and ratings scoped through the projects a user may see."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.errors import NotFound
from tongchou.core.money import quantize
from tongchou.core.validation import filter_id
from tongchou.funds.models import LedgerEntry
from tongchou.org.models import Role, User
from tongchou.projects.lifecycle import ACTIVE_STATES
from tongchou.projects.models import Project, ProjectStatus
from tongchou.projects.selectors import projects_visible_to

from .models import Bulletin, BulletinStatus, HealthRating, Notification, ProgressReport, ReportStatus
from .periods import add_months, month_start, parse_month, report_due_date

# Projects that report every month: approved and not suspended, until acceptance.
REPORTING_STATES = frozenset(ACTIVE_STATES - {ProjectStatus.SUSPENDED})


def reporting_projects(user: Any = None) -> QuerySet[Project]:
    qs = projects_visible_to(user) if user is not None else Project.objects.all()
    return qs.filter(status__in=REPORTING_STATES)


def reports_visible_to(user: Any) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(project__in=projects_visible_to(user))


def report_list(*, user: Any, month: dt.date | None = None, status: str = "", project: Any = None,
                unit: Any = None) -> QuerySet[ProgressReport]:
    qs = reports_visible_to(user).select_related("project__unit", "project__programme")
    if month:
        qs = qs.filter(month=month)
    if status:
        qs = qs.filter(status=status)
    if project:
        qs = qs.filter(project_id=project)
    if unit:
        qs = qs.filter(project__unit_id=unit)
    return qs.order_by("-month", "project__code", "id")




def report_filters(params: Any) -> dict[str, Any]:
    """The report list's filters from a query string (the page, its export and the API read the same)."""
    status = params.get("status", "") or ""
    return {"month": parse_month(params["month"]) if params.get("month") else None,
            "status": status if status in ReportStatus.values else "",
            "project": filter_id(params.get("project")), "unit": filter_id(params.get("unit"))}


def report_get_for_user(*, user: Any, pk: Any) -> ProgressReport:
    try:
        return (reports_visible_to(user).select_related("project__unit", "project__programme", "decided_by",
                                                        "created_by").get(pk=int(pk)))
    except (ProgressReport.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No such progress report.")) from None


def previous_report(project: Project, month: dt.date) -> ProgressReport | None:
    return (ProgressReport.objects.filter(project=project, month__lt=month)
            .exclude(status=ReportStatus.DRAFT).order_by("-month").first())


def project_allocation(project: Project) -> Decimal:
    """Money committed to the project by every year's fund (the ledger's sum)."""
    return quantize(LedgerEntry.objects.filter(project=project).aggregate(t=Sum("committed_delta"))["t"])


# The overview's states of a month's report, as its ``state`` filter names them.
OVERVIEW_STATES = ("missing", "late", "on_time")


# A project of the overview has not filed when it has no report for the month, or only a draft.
OVERVIEW_MISSING = Q(month_report__id__isnull=True) | Q(month_report__status=ReportStatus.DRAFT)


def report_overview(*, user: Any, month: dt.date, missing_only: bool = False,
                    unit: Any = None, state: str = "") -> QuerySet[Project]:
    """The office's overview: every reporting project with its report for ``month`` (or none),
    one query whatever the number of rows. The month's report is LEFT JOINed (a project has at most
    one per month: the unique (project, month) index answers it), not looked up by a subquery per
    column, which cost four index probes per project at province scale.
    ``state``: ``missing`` (no filed, i.e. non-draft, report; also ``missing_only``), ``late`` (filed
    after the due date) or ``on_time``. The dashboard's timeliness panel counts these same states."""
    qs = (reporting_projects(user).select_related("unit", "programme")
          .annotate(month_report=FilteredRelation("progress_reports",
                                                  condition=Q(progress_reports__month=month)))
          .annotate(report_id=F("month_report__id"), report_status=F("month_report__status"),
                    report_late=F("month_report__submitted_late")))
    if missing_only or state == "missing":
        qs = qs.filter(OVERVIEW_MISSING)
    elif state in ("late", "on_time"):
        qs = qs.filter(~OVERVIEW_MISSING, month_report__submitted_late=state == "late")
    if unit is not None:
        qs = qs.filter(unit_id=unit)
    return qs.order_by("unit__code", "code")


def reporting_month(today: dt.date | None = None) -> dt.date:
    """The month units are reporting on now: the previous month."""
    return add_months(month_start(today or timezone.localdate()), -1)


def missing_reports(month: dt.date) -> QuerySet[Project]:
    filed = ProgressReport.objects.filter(project=OuterRef("pk"), month=month).exclude(status=ReportStatus.DRAFT)
    return reporting_projects().filter(~Exists(filed)).select_related("unit")


def report_is_overdue(month: dt.date, today: dt.date) -> bool:
    return today > report_due_date(month)


def current_rating(project: Project) -> HealthRating | None:
    return project.health_ratings.order_by("-month", "-id").first()


def latest_rating() -> QuerySet[HealthRating]:
    """The current rating of the project ``OuterRef("pk")``: the latest month's latest row. The one
    rule for "current" (the ratings list and the dashboard's health figures both read it)."""
    return HealthRating.objects.filter(project=OuterRef("pk")).order_by("-month", "-id")


def ratings_latest(*, user: Any, level: str = "", year: Any = None, active: bool = False) -> QuerySet[HealthRating]:
    """Each visible project's latest rating (latest month, then latest row). ``year``: projects of that
    plan year only; ``active``: projects still reporting only. One index look-up per project."""
    projects = projects_visible_to(user)
    if year:
        projects = projects.filter(year=year)
    if active:
        projects = projects.filter(status__in=REPORTING_STATES)
    qs = (HealthRating.objects.filter(pk__in=projects.annotate(latest=Subquery(latest_rating().values("pk")[:1]))
                                      .values("latest"))
          .select_related("project__unit", "project__programme", "rated_by"))
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("project__code", "id")


def person_or_none(actor: Any) -> User | None:
    """The actor as a user row, or None for work no person does (SystemActor)."""
    return actor if isinstance(actor, User) else None


def unit_people(unit_id: Any) -> QuerySet[User]:
    return User.objects.filter(unit_id=unit_id, role__in=(Role.UNIT, Role.GROUP_LEAD), is_active=True)


def office_people() -> QuerySet[User]:
    return User.objects.filter(Q(role=Role.OFFICE) | Q(is_superuser=True), is_active=True)


def notifications_for(user: Any, *, unread: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient_id=getattr(user, "pk", None))
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def bulletins_visible_to(user: Any) -> QuerySet[Bulletin]:
    qs = Bulletin.objects.all()
    if not getattr(user, "is_office", False):
        qs = qs.filter(status=BulletinStatus.PUBLISHED)
    return qs.order_by("-period_start", "kind")


def bulletin_get_for_user(*, user: Any, period: Any) -> Bulletin:
    try:
        return bulletins_visible_to(user).get(period=str(period).strip().upper())
    except Bulletin.DoesNotExist:
        raise NotFound(_("No bulletin for “%(period)s”.") % {"period": period}) from None
