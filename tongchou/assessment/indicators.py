"""Automatic indicators: a registry of named computations, one function per kind of indicator.

Each computation takes the units to assess and the year and returns, per unit, an ``Outcome``:
a ratio between 0 and 1 (the indicator's score is ``max_score × ratio``, rounded to 0.01) and the
items it counted, so anyone can check the figure by hand on the unit's sheet. A computation whose
data source is not installed returns ``available=False`` with a reason: the sheet shows the reason
and no score (never a made-up one).

When a unit has nothing the computation could count (no project due, no infrastructure need…),
the outcome is full marks with the note "nothing to assess": nothing was asked of the unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongchou.org.models import Unit

ONE = Decimal("1")
CENT = Decimal("0.01")


@dataclass
class Outcome:
    available: bool = True
    ratio: Decimal | None = None
    numerator: int = 0
    denominator: int = 0
    items: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""

    def score(self, max_score: Decimal) -> Decimal | None:
        if not self.available or self.ratio is None:
            return None
        return (max_score * self.ratio).quantize(CENT, rounding=ROUND_HALF_UP)

    def as_detail(self) -> dict[str, Any]:
        return {"available": self.available, "ratio": str(self.ratio) if self.ratio is not None else None,
                "numerator": self.numerator, "denominator": self.denominator, "items": self.items[:200],
                "message": self.message}


def ratio_outcome(items: list[dict[str, Any]]) -> Outcome:
    """Counted items, each with ``ok``: the share that is ok, or full marks when there is none."""
    done = sum(1 for i in items if i["ok"])
    if not items:
        return Outcome(ratio=ONE, items=[], message=str(_("Nothing to assess: full marks.")))
    return Outcome(ratio=(Decimal(done) / Decimal(len(items))).quantize(Decimal("0.0001")), numerator=done,
                   denominator=len(items), items=items)


Computation = Callable[[list[Unit], int, dt.date], dict[int, Outcome]]


@dataclass(frozen=True)
class Entry:
    key: str
    label: str | Promise
    reads: str | Promise
    compute: Computation


REGISTRY: dict[str, Entry] = {}


def register(key: str, label: str | Promise, reads: str | Promise) -> Callable[[Computation], Computation]:
    def wrap(fn: Computation) -> Computation:
        REGISTRY[key] = Entry(key, label, reads, fn)
        return fn
    return wrap


def choices() -> list[tuple[str, str]]:
    return [(e.key, str(e.label)) for e in REGISTRY.values()]


def compute(key: str, units: Iterable[Unit], year: int, today: dt.date) -> dict[int, Outcome]:
    unit_list = list(units)
    entry = REGISTRY.get(key)
    if entry is None:
        return {u.pk: Outcome(available=False, message=_("Unknown computation “%(key)s”.") % {"key": key})
                for u in unit_list}
    return entry.compute(unit_list, year, today)


def _by_unit(units: list[Unit]) -> dict[int, list[dict[str, Any]]]:
    return {u.pk: [] for u in units}


# -- the computations ---------------------------------------------------------------------------------
@register("milestones_on_baseline", gettext_lazy("Milestones met against the baseline"),
          gettext_lazy("Projects of the year (projects app): each milestone of the latest baseline that "
                       "was due by the assessment date, and its actual date."))
def milestones_on_baseline(units: list[Unit], year: int, today: dt.date) -> dict[int, Outcome]:
    """A milestone counts when its baseline planned date (latest baseline version) is on or before
    ``today`` (or the year's end, whichever is earlier); it is met when its actual date is on or
    before that planned date. Projects without a baseline have no commitment yet and are skipped."""
    from tongchou.projects.models import Baseline, Milestone

    cutoff = min(today, dt.date(year, 12, 31))
    found = _by_unit(units)
    latest: dict[int, Baseline] = {}
    for baseline in (Baseline.objects.filter(project__year=year, project__unit__in=units)
                     .select_related("project").order_by("project_id", "version")):
        latest[baseline.project_id] = baseline
    actual = dict(Milestone.objects.filter(project_id__in=list(latest)).values_list("id", "actual_date"))
    for baseline in latest.values():
        for m in baseline.data.get("milestones", []):
            planned = dt.date.fromisoformat(m["planned_date"])
            if planned > cutoff:
                continue
            done = actual.get(m.get("id"))
            found[baseline.project.unit_id].append({
                "project": baseline.project.code, "milestone": m["name"], "planned": planned.isoformat(),
                "actual": done.isoformat() if done else None, "baseline": baseline.version,
                "ok": bool(done and done <= planned)})
    return {pk: ratio_outcome(items) for pk, items in found.items()}


@register("targets_done", gettext_lazy("Targets done"),
          gettext_lazy("Target shares of the year (this app): the unit's progress against its share."))
def targets_done(units: list[Unit], year: int, today: dt.date) -> dict[int, Outcome]:
    """Each of the unit's target shares of the year counts; it is done when progress ≥ share."""
    from .models import TargetShare

    found = _by_unit(units)
    for share in TargetShare.objects.filter(target__year=year, unit__in=units).select_related("target"):
        found[share.unit_id].append({"target": share.target.code, "title": share.target.title,
                                     "share": str(share.share), "progress": str(share.progress),
                                     "ok": share.progress >= share.share})
    return {pk: ratio_outcome(items) for pk, items in found.items()}


@register("duplicates_resolved", gettext_lazy("Duplicate-construction findings resolved"),
          gettext_lazy("The duplicate-construction check (consolidation app) run on each project of the "
                       "unit of the year, and the office's overlap decisions."))
def duplicates_resolved(units: list[Unit], year: int, today: dt.date) -> dict[int, Outcome]:
    """A finding is a pair (the unit's project, another project) the check scores at or above its
    threshold. It is resolved when the office recorded a decision on that pair (either way round):
    merge, reuse, hosting or "no real overlap"."""
    if not apps.is_installed("tongchou.consolidation"):
        return {u.pk: Outcome(available=False, message=_("Not available: consolidation is not installed."))
                for u in units}
    from tongchou.consolidation.models import OverlapDecision
    from tongchou.consolidation.overlap import overlap_check_for_project
    from tongchou.projects.models import Project, ProjectStatus

    found = _by_unit(units)
    projects = list(Project.objects.filter(year=year, unit__in=units)
                    .exclude(status__in=[ProjectStatus.DRAFT, ProjectStatus.CANCELLED, ProjectStatus.REJECTED])
                    .prefetch_related("modules"))
    decided = {frozenset((a, b)) for a, b in OverlapDecision.objects.filter(
        other_project__isnull=False).values_list("project_id", "other_project_id")}
    for project in projects:
        for match in overlap_check_for_project(project, limit=20).matches:
            found[project.unit_id].append({
                "project": project.code, "other": match.project.code, "score": round(match.score, 3),
                "ok": frozenset((project.pk, match.project.pk)) in decided})
    return {pk: ratio_outcome(items) for pk, items in found.items()}


@register("shared_infrastructure", gettext_lazy("Shared infrastructure used"),
          gettext_lazy("Infrastructure needs of the unit's projects of the year (consolidation app) and "
                       "whether each is hosted on shared capacity."))
def shared_infrastructure(units: list[Unit], year: int, today: dt.date) -> dict[int, Outcome]:
    """Each infrastructure need of the unit's projects of the year counts; it is met when hosted on
    a shared asset rather than built by the project itself or still open."""
    if not apps.is_installed("tongchou.consolidation"):
        return {u.pk: Outcome(available=False, message=_("Not available: consolidation is not installed."))
                for u in units}
    from tongchou.consolidation.models import InfraNeed, NeedStatus

    found = _by_unit(units)
    for need in InfraNeed.objects.filter(project__year=year, project__unit__in=units).select_related("project"):
        found[need.project.unit_id].append({"project": need.project.code, "need": need.description,
                                            "status": need.status, "ok": need.status == NeedStatus.HOSTED})
    return {pk: ratio_outcome(items) for pk, items in found.items()}


PROGRESS_APP = "tongchou.progress"
NOT_INSTALLED = gettext_lazy("Not available: progress reports not installed.")


@register("progress_reports_on_time", gettext_lazy("Monthly progress reports on time"),
          gettext_lazy("Monthly progress reports (progress app) of the unit's approved projects of the year: "
                       "each month owed and whether its report was filed by the due date."))
def progress_reports_on_time(units: list[Unit], year: int, today: dt.date) -> dict[int, Outcome]:
    """A project owes a report for each month of the year from the later of its approval (first
    baseline) and its planned start, until the month it was accepted, once that month's due date
    (the progress app's ``report_due_date``) has passed by ``today``. A month is on time when its
    report was filed (not a draft) and not submitted late. Suspended and cancelled projects owe
    nothing. Without the progress app installed nothing is computed and the sheet says why."""
    if not apps.is_installed(PROGRESS_APP):
        return {u.pk: Outcome(available=False, message=str(NOT_INSTALLED)) for u in units}
    from tongchou.progress.models import ProgressReport, ReportStatus
    from tongchou.progress.periods import add_months, report_due_date
    from tongchou.projects.models import Baseline, Project, ProjectStatus, ProjectTransition

    approved = dict(Baseline.objects.filter(version=1, project__year=year, project__unit__in=units)
                    .values_list("project_id", "created_at"))
    projects = list(Project.objects.filter(pk__in=list(approved))
                    .exclude(status__in=[ProjectStatus.SUSPENDED, ProjectStatus.CANCELLED]).order_by("code"))
    accepted = dict(ProjectTransition.objects.filter(project__in=projects, action="accept")
                    .values_list("project_id", "created_at"))
    filed = {(r["project_id"], r["month"]): r for r in ProgressReport.objects.filter(
        project__in=projects, month__year=year).values("project_id", "month", "status", "submitted_late")}
    found = _by_unit(units)
    for project in projects:
        starts = [dt.date(year, 1, 1), _local_date(approved[project.pk]).replace(day=1)]
        if project.planned_start:
            starts.append(project.planned_start.replace(day=1))
        month = max(starts)
        end = _local_date(accepted[project.pk]).replace(day=1) if project.pk in accepted else dt.date(year + 1, 1, 1)
        while month < end and month.year == year and report_due_date(month) < today:
            report = filed.get((project.pk, month))
            on_file = report is not None and report["status"] != ReportStatus.DRAFT
            found[project.unit_id].append({
                "project": project.code, "month": f"{month:%Y-%m}", "due": report_due_date(month).isoformat(),
                "filed": report["status"] if report else None, "late": bool(report and report["submitted_late"]),
                "ok": bool(on_file and report and not report["submitted_late"])})
            month = add_months(month, 1)
    return {pk: ratio_outcome(items) for pk, items in found.items()}


def _local_date(moment: dt.datetime) -> dt.date:
    from django.utils import timezone

    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
