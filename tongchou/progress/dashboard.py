"""The leadership dashboard's progress panels (issue 10): progress by programme against plan, health
ratings with the red projects, and units' report timeliness this month.

Every figure is an aggregate query over the same selectors the lists behind the figures use
(``ratings_latest``, ``report_overview``), so a figure and its list agree; the query count does not
grow with the portfolio (tongchou/progress/tests/test_dashboard.py counts them)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.dashboard.hooks import Chart, DashboardPanel, Figure
from tongchou.projects.models import Baseline, DelayExplanation, Project

from .models import HealthLevel, ProgressReport, ReportStatus
from .periods import report_due_date
from .ratings import baseline_window, planned_percent
from .selectors import latest_rating, reporting_month, reporting_projects

# Reports that count as the project's word on its progress: filed and not sent back.
COUNTED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
RED_LIMIT = 10
UNIT_LIMIT = 12
TONES = {HealthLevel.GREEN: "success", HealthLevel.YELLOW: "warning", HealthLevel.RED: "danger"}


def _url(name: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


def _one_decimal(value: Decimal) -> float:
    # Chart data only (ECharts draws floats).
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def dashboard_panels(user: Any, *, year: int) -> list[DashboardPanel]:
    today = timezone.localdate()
    return [_progress_panel(user, year, today), *_health_panels(user, year), _timeliness_panel(user, today)]


# Progress by programme against plan ------------------------------------------------------------

def _progress_rows(projects: QuerySet[Project]) -> list[tuple[Any, ...]]:
    """(project, programme id, programme name, latest counted percent, planned start, planned end)."""
    latest = (ProgressReport.objects.filter(project=OuterRef("pk"), status__in=COUNTED)
              .order_by("-month").values("percent_complete")[:1])
    return list(projects.annotate(percent=Subquery(latest))
                .values_list("pk", "programme_id", "programme__name", "percent", "planned_start", "planned_end"))


def _current_baselines(projects: QuerySet[Project]) -> dict[int, dict[str, Any]]:
    """Each project's current (highest-version) baseline: only the parts the plan's window is read
    from. A plain join (a project has one or a few versions), not a look-up per project."""
    current: dict[int, tuple[int, dict[str, Any]]] = {}
    rows = (Baseline.objects.filter(project__in=projects.values("pk"))
            .values_list("project_id", "version", "data__planned_start", "data__planned_end", "data__milestones"))
    for pid, version, start, end, milestones in rows:
        if pid not in current or version > current[pid][0]:
            current[pid] = (version, {"planned_start": start, "planned_end": end, "milestones": milestones or []})
    return {pid: data for pid, (_version, data) in current.items()}


def progress_by_programme(user: Any, year: int, as_of: dt.date) -> list[dict[str, Any]]:
    """Per programme: the average latest reported percent of its reporting projects of ``year`` and
    the average percent their current baselines plan by ``as_of`` (the elapsed share of planned start
    → finish, ``ratings.planned_percent``). Projects with no counted report or no baseline are left
    out of both averages, so the two bars compare the same projects."""
    projects = reporting_projects(user).filter(year=year)
    baselines = _current_baselines(projects)
    sums: dict[int, dict[str, Any]] = {}
    for pid, programme_id, name, percent, start, end in _progress_rows(projects):
        window = baseline_window(baselines[pid], start, end) if pid in baselines else None
        if percent is None or window is None:
            continue
        g = sums.setdefault(programme_id, {"id": programme_id, "name": name, "n": 0, "reported": Decimal(0),
                                           "planned": Decimal(0)})
        g["n"] += 1
        g["reported"] += Decimal(percent)
        g["planned"] += planned_percent(window, as_of)
    rows = sorted(sums.values(), key=lambda g: g["name"])
    for g in rows:
        g["reported"] = (g["reported"] / g["n"]).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        g["planned"] = (g["planned"] / g["n"]).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return rows


def _progress_panel(user: Any, year: int, today: dt.date) -> DashboardPanel:
    rows = progress_by_programme(user, year, today)
    return DashboardPanel(
        "progress-by-programme", _("Progress by programme against plan"), order=45, width=6,
        note=_("Average percent complete of the programme's projects in implementation (latest report) "
               "against the share of their baseline's planned time elapsed by today."),
        chart=Chart("bar", [g["name"] for g in rows],
                    [{"name": _("Reported complete (%)"), "data": [_one_decimal(g["reported"]) for g in rows]},
                     {"name": _("Planned by today (%)"), "data": [_one_decimal(g["planned"]) for g in rows]}],
                    [_url("projects:list", year=year, programme=g["id"]) for g in rows], unit="%"))


# Health ratings ----------------------------------------------------------------------------------

def _cause() -> Any:
    """Why a red project is late: its latest delay explanation, else its latest report's cause
    analysis, else the office's override reason (the same order as the bulletin's)."""
    explanation = (DelayExplanation.objects.filter(project=OuterRef("pk")).order_by("-recorded_at", "-id")
                   .values("cause")[:1])
    report = (ProgressReport.objects.filter(project=OuterRef("pk")).exclude(status=ReportStatus.DRAFT)
              .order_by("-month").values("delay_cause")[:1])
    return Coalesce(NullIf(Subquery(explanation), Value("")), NullIf(Subquery(report), Value("")),
                    NullIf(Subquery(latest_rating().values("reason")[:1]), Value("")), Value(""),
                    output_field=TextField())


def _health_panels(user: Any, year: int) -> list[DashboardPanel]:
    # The projects and rating rule of ratings_latest(year=…, active=True), the list the figures open;
    # read from the project side (one index look-up each) rather than through a join of every rating.
    rated = reporting_projects(user).filter(year=year).annotate(
        level=Subquery(latest_rating().values("level")[:1]))
    counts = dict(rated.values_list("level").annotate(n=Count("id")).order_by())
    levels = list(HealthLevel)
    links = [_url("progress:ratings", level=level.value, year=year, active=1) for level in levels]
    figures = [Figure(str(level.label), str(counts.get(level.value, 0)), link, tone=TONES[level])
               for level, link in zip(levels, links, strict=True)]
    health = DashboardPanel(
        "progress-health", _("Project health"), figures=figures, order=50, width=6,
        note=_("Current rating of each project of %(year)d still in implementation.") % {"year": year},
        chart=Chart("pie", [str(level.label) for level in levels],
                    [{"name": _("Projects"), "data": [counts.get(level.value, 0) for level in levels]}], links)
        if any(counts.values()) else None)
    red = list(rated.filter(level=HealthLevel.RED).select_related("unit")
               .annotate(variance=Subquery(latest_rating().values("schedule_variance")[:1]), cause=_cause())
               .order_by("-variance", "code")[:RED_LIMIT])
    red_count = counts.get(HealthLevel.RED.value, 0)
    red_panel = DashboardPanel(
        "progress-red-projects", _("Projects seriously behind"), order=52, width=6,
        template="progress/dashboard/red_projects.html",
        context={"projects": red, "count": red_count, "all_url": links[levels.index(HealthLevel.RED)]})
    return [health, red_panel]


# Report timeliness this month --------------------------------------------------------------------

def timeliness(user: Any, today: dt.date) -> dict[str, Any]:
    """The reporting month (last month, due on the configured day of this month), with per-unit
    counts of reports due, filed on time, filed late and not filed, the worst units first.

    The states are report_overview's (the list the figures link to): due = a reporting project,
    filed = a non-draft report of the month (one per project and month), late = filed after the due
    date, missing = due − filed. Two grouped queries (projects per unit, the month's filed reports per
    unit) rather than a correlated look-up per project, so the cost stays flat at province scale."""
    month = reporting_month(today)
    projects = reporting_projects(user)
    due = projects.values_list("unit_id", "unit__name").annotate(n=Count("id")).order_by()
    reports = (ProgressReport.objects.filter(month=month, project__in=projects.values("pk"))
               .exclude(status=ReportStatus.DRAFT).values_list("project__unit_id")
               .annotate(n=Count("id"), late=Count("id", filter=Q(submitted_late=True))).order_by())
    filed = {unit: (n, late) for unit, n, late in reports}
    units = []
    for unit_id, name, n in due:
        sent, late = filed.get(unit_id, (0, 0))
        units.append({"unit_id": unit_id, "unit__name": name, "due": n, "on_time": sent - late, "late": late,
                      "missing": n - sent})
    totals = {key: sum(u[key] for u in units) for key in ("due", "on_time", "late", "missing")}
    units.sort(key=lambda u: (-u["missing"], -u["late"], u["unit__name"]))
    return {"month": month, "due_date": report_due_date(month), "totals": totals, "units": units[:UNIT_LIMIT],
            "unit_count": len(units)}


def _timeliness_panel(user: Any, today: dt.date) -> DashboardPanel:
    t = timeliness(user, today)
    month = f"{t['month']:%Y-%m}"
    overdue = today > t["due_date"]

    def link(state: str = "", unit: Any = None) -> str:
        return _url("progress:overview", month=month, state=state, unit=unit)

    totals = t["totals"]
    figures = [
        Figure(_("Reports due"), str(totals["due"]), link(), hint=_("by %(date)s") % {"date": t["due_date"]}),
        Figure(_("Filed on time"), str(totals["on_time"]), link("on_time"), tone="success"),
        Figure(_("Filed late"), str(totals["late"]), link("late"), tone="warning" if totals["late"] else ""),
        Figure(_("Not filed"), str(totals["missing"]), link("missing"),
               tone="danger" if overdue and totals["missing"] else ""),
    ]
    rows = [{**u, "links": {key: link(state, u["unit_id"]) for key, state in
                            (("due", ""), ("on_time", "on_time"), ("late", "late"), ("missing", "missing"))}}
            for u in t["units"]]
    return DashboardPanel(
        "progress-timeliness", _("Units' report timeliness: reports on %(month)s") % {"month": month},
        figures=figures, order=55, width=12, template="progress/dashboard/timeliness.html",
        context={"units": rows, "unit_count": t["unit_count"], "overdue": overdue, "all_url": link()},
        note=_("Reports on %(month)s were due on %(date)s.") % {"month": month, "date": t["due_date"]})

