from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.errors import PermissionRefused
from tongchou.org.models import Role

from .hooks import dashboard_snapshot


def can_see_dashboard(user: Any) -> bool:
    """The leadership dashboard (领导驾驶舱) is for leaders and the Committee Office."""
    return bool(getattr(user, "is_authenticated", False) and (user.is_office or user.role == Role.LEADER))


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    if not can_see_dashboard(request.user):
        raise PermissionRefused(_("The leadership dashboard is for leaders and the Committee Office."))
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        year = this_year
    if not 2000 <= year <= 2100:
        year = this_year
    snapshot = dashboard_snapshot(request.user, year=year)
    panels = snapshot.panels
    charts = [
        {"id": f"chart-data-{p.key}", "key": p.key, "data": p.chart.as_dict()} for p in panels if p.chart
    ]
    return render(
        request,
        "dashboard/dashboard.html",
        {"panels": panels, "charts": charts, "year": year, "computed_at": snapshot.computed_at,
         "years": range(this_year + 1, this_year - 6, -1)},
    )
