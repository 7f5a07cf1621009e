"""Pages of progress: the unit's reports, the office's overview, ratings, notifications, bulletins."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.forms import run_service
from tongchou.core.permissions import require_office
from tongchou.core.redirects import redirect_back
from tongchou.documents.official import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE, render_docx, render_pdf
from tongchou.org.models import Unit
from tongchou.projects import delays
from tongchou.projects.selectors import project_get_for_user

from . import bulletins as bulletin_services
from . import ratings as rating_services
from . import reports as report_services
from .exports import overview_export_xlsx, overview_filters, report_export_xlsx, xlsx_response
from .forms import BulletinEditForm, ReportForm
from .models import BulletinStatus, HealthLevel, ReportStatus
from .notifications import notification_mark_read
from .periods import add_months, month_start, parse_month, period_key
from .selectors import (
    OVERVIEW_MISSING,
    bulletin_get_for_user,
    bulletins_visible_to,
    notifications_for,
    ratings_latest,
    report_get_for_user,
    report_list,
    report_overview,
    reporting_month,
)

PAGE_SIZE = 50


def _month_param(request: HttpRequest, default: dt.date) -> dt.date:
    try:
        return parse_month(request.GET.get("month") or default)
    except ValidationFailed:
        return default


def _milestones_from_post(request: HttpRequest) -> list[dict[str, Any]]:
    """Each ``reached_<milestone id>`` date field that was filled in."""
    reached = []
    for key, value in request.POST.items():
        text = str(value).strip()
        if key.startswith("reached_") and text:
            reached.append({"milestone": key.removeprefix("reached_"), "actual_date": text})
    return reached


@login_required
def report_list_view(request: HttpRequest) -> HttpResponse:
    """A unit's projects for the reporting month (with the report or a link to file it), and its reports."""
    month = _month_param(request, reporting_month())
    rows = report_overview(user=request.user, month=month)
    status = request.GET.get("status", "")
    status = status if status in ReportStatus.values else ""
    page = Paginator(report_list(user=request.user, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "progress/report_list.html", {
        "month": month, "rows": rows[:PAGE_SIZE], "page": page, "statuses": ReportStatus.choices,
        "status": status, "previous": add_months(month, -1), "next": add_months(month, 1),
        "this_month": month_start(timezone.localdate())})


def _report_form_context(project: Any, month: dt.date, form: ReportForm, report: Any = None) -> dict[str, Any]:
    reached = {int(m["milestone"]): m["actual_date"] for m in (report.milestones_reached if report else [])}
    return {"project": project, "month": month, "form": form, "report": report,
            "milestones": list(project.milestones.all()), "reached": reached,
            "late": list(delays.late_milestones(project)),
            "allocation": report_services.project_allocation(project)}


@login_required
def report_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, pk=pk)
    if not report_services.can_file(request.user, project):
        raise PermissionRefused(_("Only the responsible unit (or the office) files this project's reports."))
    month = _month_param(request, reporting_month())
    if request.method == "POST":
        month = parse_month(request.POST.get("month") or month)
        form = ReportForm(request.POST)
        if form.is_valid():
            data = {**form.cleaned_data, "milestones_reached": _milestones_from_post(request)}

            def create_and_maybe_submit() -> Any:
                from django.db import transaction

                with transaction.atomic():
                    report = report_services.report_create(actor=request.user, project=project, month=month,
                                                           data=data)
                    if "submit" in request.POST:
                        report = report_services.report_submit(actor=request.user, report=report)
                return report

            report = run_service(form, create_and_maybe_submit)
            if report is not None:
                messages.success(request, _("Report submitted.") if report.status == ReportStatus.SUBMITTED
                                 else _("Draft saved."))
                return redirect("progress:report_detail", pk=report.pk)
        status = 400
    else:
        form = ReportForm()
        status = 200
    return render(request, "progress/report_form.html", _report_form_context(project, month, form), status=status)


@login_required
def report_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get_for_user(user=request.user, pk=pk)
    can_file = report_services.can_file(request.user, report.project)
    return render(request, "progress/report_detail.html", {
        "report": report, "project": report.project,
        "can_edit": can_file and report.status in report_services.EDITABLE,
        "can_decide": getattr(request.user, "is_office", False) and report.status == ReportStatus.SUBMITTED,
        "rating": report.project.health_ratings.order_by("-month", "-id").first()})


@login_required
def report_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get_for_user(user=request.user, pk=pk)
    if not report_services.can_file(request.user, report.project):
        raise PermissionRefused(_("Only the responsible unit (or the office) files this project's reports."))
    if report.status not in report_services.EDITABLE:
        messages.info(request, _("The report is “%(status)s”: it can no longer be edited.")
                      % {"status": report.get_status_display()})
        return redirect("progress:report_detail", pk=report.pk)
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            data = {**form.cleaned_data, "milestones_reached": _milestones_from_post(request)}

            def update_and_maybe_submit() -> Any:
                from django.db import transaction

                with transaction.atomic():
                    updated = report_services.report_update(actor=request.user, report=report, data=data)
                    if "submit" in request.POST:
                        updated = report_services.report_submit(actor=request.user, report=updated)
                return updated

            updated = run_service(form, update_and_maybe_submit)
            if updated is not None:
                messages.success(request, _("Report submitted.") if updated.status == ReportStatus.SUBMITTED
                                 else _("Draft saved."))
                return redirect("progress:report_detail", pk=report.pk)
        status = 400
    else:
        form = ReportForm(initial={f: getattr(report, f) for f in ReportForm.base_fields if hasattr(report, f)})
        status = 200
    return render(request, "progress/report_form.html",
                  _report_form_context(report.project, report.month, form, report), status=status)


def _back_to_report(request: HttpRequest, report: Any, call: Any, success: str) -> HttpResponse:
    try:
        call()
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("progress:report_detail", pk=report.pk)


@login_required
@require_POST
def report_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get_for_user(user=request.user, pk=pk)
    return _back_to_report(request, report, lambda: report_services.report_submit(actor=request.user, report=report),
                           _("Report submitted."))


@login_required
@require_POST
def report_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get_for_user(user=request.user, pk=pk)
    return _back_to_report(request, report, lambda: report_services.report_accept(
        actor=request.user, report=report, comment=request.POST.get("comment", "")), _("Report accepted."))


@login_required
@require_POST
def report_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get_for_user(user=request.user, pk=pk)
    return _back_to_report(request, report, lambda: report_services.report_return(
        actor=request.user, report=report, comment=request.POST.get("comment", "")), _("Report returned."))


def _require_reader(user: Any) -> None:
    # The overview covers every unit: the office works from it; leaders and finance (who read
    # everything) reach it from the leadership dashboard's timeliness figures.
    if not getattr(user, "reads_everything", False):
        raise PermissionRefused(_("The overview of every unit's reports is for the Committee Office and leaders."))


@login_required
def overview_view(request: HttpRequest) -> HttpResponse:
    """The office's overview of a month: every reporting project, its report or its absence."""
    _require_reader(request.user)
    filters = overview_filters(request.GET)
    month, unit = filters["month"], filters["unit"]
    page = Paginator(report_overview(user=request.user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    # Both counts in one pass over the month's projects.
    counts = report_overview(user=request.user, month=month, unit=unit).aggregate(
        total=Count("id"), missing=Count("id", filter=OVERVIEW_MISSING))
    unit_param = f"&unit={unit}" if unit is not None else ""
    return render(request, "progress/overview.html", {
        "month": month, "page": page, "state": filters["state"], "statuses": ReportStatus.choices,
        "missing_count": counts["missing"], "total": counts["total"],
        "due": report_services.report_due_date(month), "today": timezone.localdate(),
        "previous": add_months(month, -1), "next": add_months(month, 1), "unit_param": unit_param,
        "unit_name": Unit.objects.filter(pk=unit).values_list("name", flat=True).first() if unit else "",
        "export_query": request.GET.urlencode()})


@login_required
def overview_export_view(request: HttpRequest) -> HttpResponse:
    """The overview as .xlsx, with its filters. Scoped like the report list's own table of the month,
    so a unit exports its own projects only."""
    return xlsx_response(*overview_export_xlsx(user=request.user, params=request.GET))


@login_required
def report_export_view(request: HttpRequest) -> HttpResponse:
    """The report list as .xlsx, with its filters (month, status, project, unit)."""
    return xlsx_response(*report_export_xlsx(user=request.user, params=request.GET))


def _year_param(request: HttpRequest) -> int | None:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else None


@login_required
def ratings_view(request: HttpRequest) -> HttpResponse:
    level = request.GET.get("level", "")
    level = level if level in HealthLevel.values else ""
    year, active = _year_param(request), request.GET.get("active") == "1"
    page = Paginator(ratings_latest(user=request.user, level=level, year=year, active=active),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    # The level buttons keep the other filters (the dashboard links here with year and active).
    scope = "&".join(([f"year={year}"] if year else []) + (["active=1"] if active else []))
    return render(request, "progress/ratings.html", {"page": page, "level": level, "levels": HealthLevel.choices,
                                                     "year": year, "active": active, "scope": scope})


@login_required
def rating_history_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, pk=pk)
    history = project.health_ratings.select_related("rated_by").order_by("-month", "-id")
    return render(request, "progress/rating_history.html", {
        "project": project, "history": history[:200], "levels": HealthLevel.choices,
        "reports": project.progress_reports.order_by("-month")[:24]})


@login_required
@require_POST
def rating_override_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, pk=pk)
    require_office(request.user)
    try:
        rating_services.rating_override(actor=request.user, project=project, level=request.POST.get("level"),
                                        reason=request.POST.get("reason"))
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Rating overridden."))
    return redirect("progress:rating_history", pk=project.pk)


@login_required
def notifications_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "progress/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_read_view(request: HttpRequest) -> HttpResponse:
    notification_mark_read(actor=request.user, pk=request.POST.get("pk") or None)
    return redirect_back(request, "progress:notifications")


@login_required
def bulletin_list_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(bulletins_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(request, "progress/bulletin_list.html", {
        "page": page, "suggested": f"{reporting_month(today):%Y-%m}",
        "suggested_quarter": period_key("quarterly", add_months(month_start(today), -3))})


@login_required
@require_POST
def bulletin_create_view(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    try:
        bulletin = bulletin_services.bulletin_create(actor=request.user, period=request.POST.get("period", ""))
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
        return redirect("progress:bulletin_list")
    messages.success(request, _("Draft created: preview it, edit the foreword and conclusion, then publish."))
    return redirect("progress:bulletin_edit", period=bulletin.period)


def _bulletin_context(bulletin: Any) -> dict[str, Any]:
    data = bulletin_services.bulletin_figures(bulletin)
    return {"bulletin": bulletin, "data": data, "doc": bulletin_services.bulletin_document(bulletin, data)}


@login_required
def bulletin_detail_view(request: HttpRequest, period: str) -> HttpResponse:
    bulletin = bulletin_get_for_user(user=request.user, period=period)
    try:
        context = _bulletin_context(bulletin)
    except ValidationFailed as exc:
        context = {"bulletin": bulletin, "no_data": exc.message}
    return render(request, "progress/bulletin_detail.html", context)


@login_required
def bulletin_edit_view(request: HttpRequest, period: str) -> HttpResponse:
    require_office(request.user)
    bulletin = bulletin_get_for_user(user=request.user, period=period)
    if bulletin.status == BulletinStatus.PUBLISHED:
        messages.info(request, _("The bulletin is published: it no longer changes."))
        return redirect("progress:bulletin_detail", period=bulletin.period)
    if request.method == "POST":
        form = BulletinEditForm(request.POST)
        if form.is_valid():
            def save() -> Any:
                from django.db import transaction

                with transaction.atomic():
                    saved = bulletin_services.bulletin_update(actor=request.user, bulletin=bulletin,
                                                              data=form.cleaned_data)
                    if "publish" in request.POST:
                        saved = bulletin_services.bulletin_publish(actor=request.user, bulletin=saved)
                return saved

            saved = run_service(form, save)
            if saved is not None:
                messages.success(request, _("Published.") if saved.status == BulletinStatus.PUBLISHED
                                 else _("Saved."))
                return redirect("progress:bulletin_detail", period=saved.period)
    else:
        form = BulletinEditForm(initial={"number": bulletin.number, "foreword": bulletin.foreword,
                                         "conclusion": bulletin.conclusion})
    try:
        context = _bulletin_context(bulletin)
    except ValidationFailed as exc:
        context = {"bulletin": bulletin, "no_data": exc.message}
    return render(request, "progress/bulletin_edit.html", {**context, "form": form},
                  status=400 if form.errors else 200)


def bulletin_file_response(bulletin: Any, fmt: str) -> HttpResponse:
    doc = bulletin_services.bulletin_document(bulletin)
    if fmt == "pdf":
        body, content_type = render_pdf(doc), PDF_CONTENT_TYPE
    else:
        body, content_type = render_docx(doc), DOCX_CONTENT_TYPE
    from urllib.parse import quote

    response = HttpResponse(body, content_type=content_type)
    filename = f"{bulletin.title}.{fmt}"
    response["Content-Disposition"] = (f"attachment; filename=\"bulletin-{bulletin.period}.{fmt}\"; "
                                       f"filename*=UTF-8''{quote(filename)}")
    return response


@login_required
def bulletin_download_view(request: HttpRequest, period: str, fmt: str) -> HttpResponse:
    bulletin = bulletin_get_for_user(user=request.user, period=period)
    return bulletin_file_response(bulletin, fmt)

