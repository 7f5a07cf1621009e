"""The leadership dashboard's plug-in point. Any app may have a ``dashboard.py`` module with

    def dashboard_panels(user, *, year: int) -> list[DashboardPanel]

returning the panels it contributes for ``user`` (the dashboard is open to the office and leaders;
a panel module may still return nothing for a role). Panels are sorted by ``order``. A panel shows
``figures`` (big numbers, each linking to the list behind it) and/or one ``chart`` that
``static/dashboard/dashboard.js`` draws with the vendored ECharts; clicking a bar or slice opens
``chart.links[i]``. A panel may instead name its own ``template`` (rendered with ``panel``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from tongchou.core.hooks import app_modules


@dataclass
class Figure:
    label: str
    value: str
    url: str = ""
    hint: str = ""
    tone: str = ""  # "", "danger", "warning", "success"


@dataclass
class Chart:
    """Data for one ECharts chart. ``kind``: bar, hbar (horizontal bar), pie, line."""

    kind: str
    labels: list[str]
    series: list[dict[str, Any]]  # [{"name": str, "data": [numbers]}]
    links: list[str] = field(default_factory=list)  # one URL per label: the list behind the figure
    unit: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "labels": self.labels,
            "series": self.series,
            "links": self.links,
            "unit": self.unit,
        }


@dataclass
class DashboardPanel:
    key: str  # unique on the page: DOM id of the chart's data
    title: str
    figures: list[Figure] = field(default_factory=list)
    chart: Chart | None = None
    template: str = "dashboard/panels/panel.html"
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    width: int = 6  # Bootstrap columns out of 12
    note: str = ""


def dashboard_panels(user: Any, *, year: int) -> list[DashboardPanel]:
    """Every app's panels for ``user``, computed now (the page reads them through dashboard_snapshot)."""
    panels: list[DashboardPanel] = []
    for module in app_modules("dashboard"):
        panels.extend(module.dashboard_panels(user, year=year))
    return sorted(panels, key=lambda p: p.order)


@dataclass
class Snapshot:
    panels: list[DashboardPanel]
    computed_at: dt.datetime
    cached: bool = False


def dashboard_snapshot(user: Any, *, year: int) -> Snapshot:
    """The panels, computed afresh only when something changed. At province scale computing them
    all takes over a second (tens of aggregates over hundreds of thousands of reports and ledger
    entries), while leaders open the page far more often than the figures change.

    Every change goes through a service that appends an audit event, so the newest audit event's id
    says whether anything changed: it is part of the cache key, with the day (figures such as
    "overdue" and "planned by today" move with the date), the year shown, the language and the role
    (panels may differ by role). The key is checked against the database on every view, so each
    server process serves the same figures; ``TONGCHOU_DASHBOARD_CACHE_SECONDS`` bounds how long a
    snapshot lives in any case (0 turns the cache off), covering writes that bypass the services
    (gen-data, a restore)."""
    seconds = settings.TONGCHOU_DASHBOARD_CACHE_SECONDS
    if seconds <= 0:
        return Snapshot(dashboard_panels(user, year=year), timezone.now())
    from tongchou.core.models import AuditEvent

    last_change = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    key = (f"dashboard:{year}:{timezone.localdate():%Y%m%d}:{get_language()}:{getattr(user, 'role', '')}:"
           f"{int(bool(getattr(user, 'is_office', False)))}:{last_change or 0}")
    snapshot = cache.get(key)
    if snapshot is not None:
        snapshot.cached = True
        return snapshot
    snapshot = Snapshot(dashboard_panels(user, year=year), timezone.now())
    cache.set(key, snapshot, seconds)
    return snapshot
