"""The dashboard's own panels: what main holds today (projects by programme, status and unit,
and their budgets). Funds, progress, targets, savings and meetings add theirs from their own
``dashboard.py`` (see hooks.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from tongchou.core.money import WAN, format_wan, quantize
from tongchou.projects.models import ProjectStatus, Tier
from tongchou.projects.selectors import projects_visible_to

from .hooks import Chart, DashboardPanel, Figure

TOP_UNITS = 15


def _list_url(**filters: Any) -> str:
    return (
        reverse("projects:list") + "?" + urlencode({k: v for k, v in filters.items() if v not in (None, "")})
    )


def _wan(value: Any) -> float:
    # Chart data only (ECharts draws floats); every figure shown as text is formatted from Decimal.
    return float((quantize(value) / WAN).quantize(Decimal("0.01")))


def dashboard_panels(user: Any, *, year: int) -> list[DashboardPanel]:
    projects = projects_visible_to(user).filter(year=year)
    totals = projects.aggregate(
        count=Count("id"),
        budget=Sum("requested_budget"),
        guaranteed=Sum("requested_budget", filter=Q(tier=Tier.GUARANTEED)),
        guaranteed_count=Count("id", filter=Q(tier=Tier.GUARANTEED)),
        reserve=Sum("requested_budget", filter=Q(tier=Tier.RESERVE)),
        reserve_count=Count("id", filter=Q(tier=Tier.RESERVE)),
        in_work=Count("id", filter=Q(status=ProjectStatus.IN_IMPLEMENTATION)),
    )
    figures = [
        Figure(_("Projects"), str(totals["count"]), _list_url(year=year)),
        Figure(
            _("Requested budget"),
            format_wan(quantize(totals["budget"])),
            _list_url(year=year, ordering="-requested_budget"),
        ),
        Figure(
            _("Guaranteed projects"),
            format_wan(quantize(totals["guaranteed"])),
            _list_url(year=year, tier=Tier.GUARANTEED),
            hint=_("%(n)d projects") % {"n": totals["guaranteed_count"]},
        ),
        Figure(
            _("Reserve projects"),
            format_wan(quantize(totals["reserve"])),
            _list_url(year=year, tier=Tier.RESERVE),
            hint=_("%(n)d projects") % {"n": totals["reserve_count"]},
        ),
        Figure(
            _("In implementation"),
            str(totals["in_work"]),
            _list_url(year=year, status=ProjectStatus.IN_IMPLEMENTATION),
        ),
    ]
    panels = [
        DashboardPanel(
            "projects-figures",
            _("Projects of %(year)d") % {"year": year},
            figures=figures,
            order=10,
            width=12,
        )
    ]

    by_programme = list(
        projects.values("programme_id", "programme__name")
        .annotate(n=Count("id"), budget=Sum("requested_budget"))
        .order_by("programme__name")
    )
    panels.append(
        DashboardPanel(
            "projects-by-programme",
            _("Projects by programme"),
            order=20,
            width=6,
            chart=Chart(
                "bar",
                [r["programme__name"] for r in by_programme],
                [
                    {
                        "name": _("Requested budget (10,000 yuan)"),
                        "data": [_wan(r["budget"]) for r in by_programme],
                    },
                    {"name": _("Projects"), "data": [r["n"] for r in by_programme], "axis": 1},
                ],
                [_list_url(year=year, programme=r["programme_id"]) for r in by_programme],
                unit=_("10,000 yuan"),
            ),
        )
    )

    labels = dict(ProjectStatus.choices)
    by_status = list(projects.values("status").annotate(n=Count("id")).order_by("status"))
    panels.append(
        DashboardPanel(
            "projects-by-status",
            _("Projects by status"),
            order=30,
            width=6,
            chart=Chart(
                "pie",
                [str(labels.get(r["status"], r["status"])) for r in by_status],
                [{"name": _("Projects"), "data": [r["n"] for r in by_status]}],
                [_list_url(year=year, status=r["status"]) for r in by_status],
            ),
        )
    )

    by_unit = list(
        projects.values("unit_id", "unit__name")
        .annotate(n=Count("id"), budget=Sum("requested_budget"))
        .order_by("-budget", "unit__name")[:TOP_UNITS]
    )
    panels.append(
        DashboardPanel(
            "projects-by-unit",
            _("Units with the largest requested budgets"),
            order=40,
            width=12,
            note=_("Top %(n)d units, in 10,000 yuan.") % {"n": TOP_UNITS},
            chart=Chart(
                "hbar",
                [r["unit__name"] for r in by_unit],
                [{"name": _("Requested budget (10,000 yuan)"), "data": [_wan(r["budget"]) for r in by_unit]}],
                [_list_url(year=year, unit=r["unit_id"]) for r in by_unit],
                unit=_("10,000 yuan"),
            ),
        )
    )
    return panels
