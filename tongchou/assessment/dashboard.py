"""The dashboard's targets panels: each target's progress against its target value, the overdue and
off-track ones, demonstration townships and villages designated against their goal, and the state
of the year's assessment round. A fixed number of queries whatever the number of targets, sites or
units (the targets of a year are tens; sites and sheets are counted in the database)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from tongchou.dashboard.hooks import Chart, DashboardPanel, Figure

from .models import Assessment, DemonstrationSite, DisputeStatus, SiteKind, SiteStatus, UnitAssessment
from .targets import ATTENTION, ATTENTION_STATUSES, targets_with_status

CHART_LIMIT = 20  # bars that stay legible in the panel; the list has the rest


def _url(name: str, **params: Any) -> str:
    return reverse(name) + "?" + urlencode(params)


def _percent(achieved: Any, value: Decimal) -> float:
    # Chart data only: the share of the target value reached, in percent.
    return float((Decimal(str(achieved or 0)) * 100 / value).quantize(Decimal("0.1")))


def _targets_panel(year: int, rows: list[Any]) -> DashboardPanel:
    done = sum(1 for t in rows if t.status == "done")
    attention = sum(1 for t in rows if t.status in ATTENTION_STATUSES)
    figures = [
        Figure(_("Targets"), str(len(rows)), _url("assessment:target_list", year=year)),
        Figure(_("Done"), str(done), _url("assessment:target_list", year=year, status="done"), tone="success"),
        Figure(_("Overdue or off track"), str(attention),
               _url("assessment:target_list", year=year, status=ATTENTION), tone="danger" if attention else ""),
    ]
    # Furthest behind first, so that what needs a leader's attention is on the chart.
    charted = sorted(rows, key=lambda t: (_percent(t.achieved, t.target_value), t.code))[:CHART_LIMIT]
    chart = Chart("hbar", [f"{t.code} {t.title}" for t in charted],
                  [{"name": _("Achieved (% of the target value)"),
                    "data": [_percent(t.achieved, t.target_value) for t in charted]}],
                  [reverse("assessment:target_detail", args=[t.pk]) for t in charted], unit="%") if rows else None
    note = (_("The %(n)d targets furthest behind of %(total)d; the targets list has them all.")
            % {"n": CHART_LIMIT, "total": len(rows)} if len(rows) > CHART_LIMIT
            else "" if rows else _("No targets for this year."))
    return DashboardPanel("assessment-targets", _("Targets of %(year)d") % {"year": year}, figures=figures,
                          chart=chart, order=70, width=6, note=note)


def _sites_panel(year: int, rows: list[Any]) -> DashboardPanel:
    counts = DemonstrationSite.objects.filter(year=year).aggregate(**{
        f"{kind}_{state}": Count("id", filter=Q(kind=kind, status=state))
        for kind in SiteKind.values for state in (SiteStatus.DESIGNATED, SiteStatus.CANDIDATE)})
    figures = []
    for kind, label in ((SiteKind.TOWNSHIP, _("Demonstration townships")),
                        (SiteKind.VILLAGE, _("Demonstration villages"))):
        # The goal is the year's site-counted targets of that kind (the register counts towards them).
        goal = sum((t.target_value for t in rows if t.counts_sites == kind), Decimal(0))
        designated = counts[f"{kind}_{SiteStatus.DESIGNATED}"]
        figures.append(Figure(
            label, f"{designated} / {goal:.0f}" if goal else str(designated),
            _url("assessment:site_list", year=year, kind=kind, status=SiteStatus.DESIGNATED),
            hint=_("designated / goal; %(n)d candidates") % {"n": counts[f"{kind}_{SiteStatus.CANDIDATE}"]},
            tone="success" if goal and designated >= goal else ""))
    return DashboardPanel("assessment-sites", _("Demonstration sites"), figures=figures, order=72, width=3)


def _round_panel(year: int) -> DashboardPanel:
    assessment = Assessment.objects.filter(year=year).first()
    if assessment is None:
        figures = [Figure(_("Assessment %(year)d") % {"year": year}, _("Not started"),
                          reverse("assessment:index") + f"?year={year}")]
        return DashboardPanel("assessment-round", _("Target responsibility assessment"), figures=figures, order=74,
                              width=3)
    sheets = UnitAssessment.objects.filter(assessment=assessment).aggregate(
        units=Count("id"), submitted=Count("id", filter=Q(self_submitted_at__isnull=False)),
        disputes=Count("id", filter=Q(dispute_status=DisputeStatus.OPEN)))
    link = reverse("assessment:round", args=[year])
    figures = [
        Figure(_("Assessment %(year)d") % {"year": year}, assessment.get_status_display(), link,
               hint=_("%(n)d units assessed") % {"n": sheets["units"]}),
        Figure(_("Self-assessments submitted"), f"{sheets['submitted']} / {sheets['units']}", link),
        Figure(_("Open disputes"), str(sheets["disputes"]), link, tone="warning" if sheets["disputes"] else ""),
    ]
    return DashboardPanel("assessment-round", _("Target responsibility assessment"), figures=figures, order=74,
                          width=3)


def dashboard_panels(user: Any, *, year: int) -> list[DashboardPanel]:
    rows = targets_with_status(year=year)
    return [_targets_panel(year, rows), _sites_panel(year, rows), _round_panel(year)]
