"""Services of the monthly progress report: create, update, submit, accept, return.

draft → submitted → accepted;  submitted → returned (with the office's comment) → submitted …
Submitting records the milestones reached (their actual dates update the project through the
projects app's service) and, for a late project, the cause analysis and recovery measures
(through ``projects.delays``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.audit import audit_record, register_verbs
from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.money import format_yuan, parse_money
from tongchou.core.validation import clean_date, clean_text
from tongchou.projects import baselines, delays
from tongchou.projects.lifecycle import UNIT, actor_kinds
from tongchou.projects.models import Milestone, Project

from . import notifications, ratings
from .models import ProgressReport, ReportStatus
from .periods import parse_month, report_due_date
from .selectors import REPORTING_STATES, person_or_none, previous_report, project_allocation, unit_people

register_verbs({
    "report.create": _("created a progress report"), "report.update": _("edited a progress report"),
    "report.submit": _("submitted a progress report"), "report.accept": _("accepted a progress report"),
    "report.return": _("returned a progress report"),
})

TEXT_FIELDS = (("work_done", True), ("problems", False), ("help_needed", False), ("next_plan", True),
               ("percent_reason", False), ("spending_comment", False), ("delay_cause", False),
               ("delay_measures", False))
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _labels() -> dict[str, str]:
    return {"work_done": _("Work done this month"), "problems": _("Problems"), "help_needed": _("Help needed"),
            "next_plan": _("Next month's plan"), "percent_reason": _("Reason the percentage went down"),
            "spending_comment": _("Comment on spending above the allocation"),
            "delay_cause": _("Cause analysis"), "delay_measures": _("Recovery measures")}


def can_file(actor: Any, project: Project) -> bool:
    return bool(UNIT in actor_kinds(actor, project) or getattr(actor, "is_office", False))


def _require_filer(actor: Any, project: Project) -> None:
    if not can_file(actor, project):
        raise PermissionRefused(_("Only the responsible unit (or the office) files this project's reports."))


def _percent(value: Any) -> int:
    text = str(value if value is not None else "").strip().rstrip("%").strip()
    if not text:
        raise ValidationFailed(_("Give the percent complete (0–100)."), field="percent_complete")
    try:
        number = Decimal(text)
    except ArithmeticError:
        number = Decimal("NaN")
    if not number.is_finite() or number != number.to_integral_value() or not 0 <= number <= 100:
        raise ValidationFailed(_("The percent complete must be a whole number from 0 to 100 (got “%(value)s”).")
                               % {"value": value}, field="percent_complete")
    return int(number)


def _milestones_reached(project: Project, value: Any, month: dt.date) -> list[dict[str, Any]]:
    """[{"milestone": id, "actual_date": "YYYY-MM-DD"}] → checked list with names."""
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise ValidationFailed(_("Milestones reached must be a list."), field="milestones_reached")
    known = {m.pk: m for m in project.milestones.all()}
    today = timezone.localdate()
    result, seen = [], set()
    for item in value:
        try:
            mid = int(item.get("milestone"))
        except (AttributeError, TypeError, ValueError):
            raise ValidationFailed(_("Each milestone reached names a milestone of the project."),
                                   field="milestones_reached") from None
        if mid not in known or mid in seen:
            raise ValidationFailed(_("Milestone %(id)s is not a milestone of this project (or is named twice).")
                                   % {"id": mid}, field="milestones_reached")
        seen.add(mid)
        actual = clean_date(item.get("actual_date"), field="milestones_reached", label=_("Actual date"),
                            required=True)
        assert actual is not None
        if actual > today:
            raise ValidationFailed(_("The actual date %(date)s of “%(name)s” is in the future.")
                                   % {"date": actual, "name": known[mid].name}, field="milestones_reached")
        if project.planned_start and actual < project.planned_start:
            raise ValidationFailed(_("The actual date %(date)s of “%(name)s” is before the project's start.")
                                   % {"date": actual, "name": known[mid].name}, field="milestones_reached")
        result.append({"milestone": mid, "name": known[mid].name, "actual_date": actual.isoformat()})
    return result


def _clean(project: Project, month: dt.date, data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}

    def attempt(field: str, fn: Any) -> None:
        try:
            cleaned[field] = fn()
        except ValidationFailed as exc:
            errors.setdefault(exc.field or field, []).append(exc.message)

    attempt("percent_complete", lambda: _percent(data.get("percent_complete")))
    attempt("spent_to_date", lambda: parse_money(data.get("spent_to_date") or "0", field="spent_to_date"))
    labels = _labels()
    for field, required in TEXT_FIELDS:
        attempt(field, lambda f=field, r=required: clean_text(data.get(f), field=f, label=labels[f],
                                                               max_length=5000, required=r))
    attempt("milestones_reached", lambda: _milestones_reached(project, data.get("milestones_reached"), month))
    if "percent_complete" in cleaned and "percent_reason" in cleaned:
        previous = previous_report(project, month)
        if previous and cleaned["percent_complete"] < previous.percent_complete and not cleaned["percent_reason"]:
            errors.setdefault("percent_reason", []).append(
                _("The percent complete goes down from %(before)d%% (%(month)s) to %(now)d%%: give the reason.")
                % {"before": previous.percent_complete, "month": f"{previous.month:%Y-%m}",
                   "now": cleaned["percent_complete"]})
    if "spent_to_date" in cleaned and "spending_comment" in cleaned:
        allocation = project_allocation(project)
        if cleaned["spent_to_date"] > allocation and not cleaned["spending_comment"]:
            errors.setdefault("spending_comment", []).append(
                _("Spent to date %(spent)s is above the allocation %(allocation)s: explain it in the comment.")
                % {"spent": format_yuan(cleaned["spent_to_date"]), "allocation": format_yuan(allocation)})
    if errors:
        raise ValidationFailed.from_errors(errors)
    return cleaned


def report_state(report: ProgressReport) -> dict[str, Any]:
    return {"status": report.status, "percent_complete": report.percent_complete,
            "spent_to_date": report.spent_to_date, "milestones_reached": report.milestones_reached,
            "office_comment": report.office_comment}


@transaction.atomic
def report_create(*, actor: Any, project: Project, month: Any, data: dict[str, Any]) -> ProgressReport:
    month = parse_month(month)
    project = Project.objects.select_for_update().get(pk=project.pk)
    _require_filer(actor, project)
    today = timezone.localdate()
    if month > today.replace(day=1):
        raise ValidationFailed(_("%(month)s has not begun yet: a report covers a month that has started.")
                               % {"month": f"{month:%Y-%m}"}, field="month")
    if project.status not in REPORTING_STATES:
        raise ValidationFailed(_("Project %(code)s is “%(status)s”: only active projects report progress.")
                               % {"code": project.code, "status": project.get_status_display()}, field="project")
    if project.planned_start and month < project.planned_start.replace(day=1):
        raise ValidationFailed(_("Project %(code)s starts on %(start)s: no report for %(month)s.")
                               % {"code": project.code, "start": project.planned_start,
                                  "month": f"{month:%Y-%m}"}, field="month")
    existing = ProgressReport.objects.filter(project=project, month=month).first()
    if existing:
        raise Conflict(_("Project %(code)s already has a report for %(month)s (%(status)s): edit that one.")
                       % {"code": project.code, "month": f"{month:%Y-%m}",
                          "status": existing.get_status_display()}, field="month")
    cleaned = _clean(project, month, data)
    try:
        with transaction.atomic():
            report = ProgressReport.objects.create(
                project=project, month=month, due_date=report_due_date(month),
                created_by=person_or_none(actor), **cleaned)
    except IntegrityError:
        raise Conflict(_("Project %(code)s already has a report for %(month)s: edit that one.")
                       % {"code": project.code, "month": f"{month:%Y-%m}"}, field="month") from None
    audit_record(actor=actor, verb="report.create", obj=report, subject=project, after=report_state(report))
    return report


def _lock(report: ProgressReport) -> tuple[Project, ProgressReport]:
    # Project first, then report: the same order as the milestone and delay services.
    project = Project.objects.select_for_update().get(pk=report.project_id)
    return project, ProgressReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def report_update(*, actor: Any, report: ProgressReport, data: dict[str, Any]) -> ProgressReport:
    project, report = _lock(report)
    _require_filer(actor, project)
    if report.status not in EDITABLE:
        raise Conflict(_("The report is “%(status)s”: it can no longer be edited.")
                       % {"status": report.get_status_display()}, field="status")
    before = report_state(report)
    merged = {f.name: getattr(report, f.name) for f in ProgressReport._meta.fields}
    merged.update({k: v for k, v in data.items() if k in merged})
    for key, value in _clean(project, report.month, merged).items():
        setattr(report, key, value)
    report.save()
    audit_record(actor=actor, verb="report.update", obj=report, subject=project, before=before,
                 after=report_state(report))
    return report


@transaction.atomic
def report_submit(*, actor: Any, report: ProgressReport, submitted_at: dt.datetime | None = None) -> ProgressReport:
    """``submitted_at`` records a past submission (the demo, loading history); only work no person
    does may give it. Lateness, and whether the project was late, are judged at that moment."""
    if submitted_at is not None and isinstance(actor, models.Model):
        raise PermissionRefused(_("Only the system records a past submission."))
    project, report = _lock(report)
    _require_filer(actor, project)
    if report.status not in EDITABLE:
        raise Conflict(_("The report is “%(status)s”: only a draft or a returned report is submitted.")
                       % {"status": report.get_status_display()}, field="status")
    # The milestones reached update the project (its own service checks and audits them).
    for item in report.milestones_reached:
        milestone = Milestone.objects.get(pk=item["milestone"])
        if milestone.actual_date is None or milestone.actual_date.isoformat() != item["actual_date"]:
            baselines.milestone_update(actor=actor, milestone=milestone, data={"actual_date": item["actual_date"]})
    now = submitted_at or timezone.now()
    on = timezone.localdate(now)
    unexplained = delays.delay_unexplained(project, on)
    if delays.late_milestones(project, on).exists() and not (report.delay_cause and report.delay_measures):
        names = "、".join(m.name for m in delays.late_milestones(project, on))
        raise ValidationFailed.from_errors({
            "delay_cause": [_("The project is late (%(names)s): give the cause analysis.") % {"names": names}],
            "delay_measures": [_("Give the recovery measures for the late milestones.")],
        })
    for milestone in unexplained:
        delays.delay_explain(actor=actor, milestone=milestone, cause=report.delay_cause,
                             measures=report.delay_measures)
    before = report_state(report)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.submitted_late = timezone.localdate(now) > report.due_date
    report.office_comment = ""
    report.save()
    audit_record(actor=actor, verb="report.submit", obj=report, subject=project, before=before,
                 after={**report_state(report), "late": report.submitted_late})
    ratings.rating_refresh(project=project, month=report.month)
    return report


@transaction.atomic
def report_accept(*, actor: Any, report: ProgressReport, comment: str = "") -> ProgressReport:
    return _decide(actor=actor, report=report, status=ReportStatus.ACCEPTED, comment=comment)


@transaction.atomic
def report_return(*, actor: Any, report: ProgressReport, comment: str = "") -> ProgressReport:
    report = _decide(actor=actor, report=report, status=ReportStatus.RETURNED, comment=comment)
    url = reverse("progress:report_detail", args=[report.pk])
    notifications.notify(
        recipients=unit_people(report.project.unit_id), kind="report_returned",
        key=f"returned:{report.pk}:{report.decided_at:%Y%m%d%H%M%S%f}",
        title=_("Report %(code)s %(month)s was returned") % {"code": report.project.code,
                                                             "month": f"{report.month:%Y-%m}"},
        body=report.office_comment, url=url)
    return report


def _decide(*, actor: Any, report: ProgressReport, status: str, comment: str) -> ProgressReport:
    if not getattr(actor, "is_office", False):
        raise PermissionRefused(_("Only the Committee Office accepts or returns reports."))
    project, report = _lock(report)
    if report.status != ReportStatus.SUBMITTED:
        raise Conflict(_("The report is “%(status)s”: only a submitted report is accepted or returned.")
                       % {"status": report.get_status_display()}, field="status")
    comment = clean_text(comment, field="comment", label=_("Comment"), max_length=5000,
                         required=status == ReportStatus.RETURNED)
    before = report_state(report)
    report.status = status
    report.office_comment = comment
    report.decided_at = timezone.now()
    report.decided_by = person_or_none(actor)
    report.save()
    verb = "report.accept" if status == ReportStatus.ACCEPTED else "report.return"
    audit_record(actor=actor, verb=verb, obj=report, subject=project, before=before, after=report_state(report),
                 reason=comment)
    return report
