"""The leadership dashboard's plug-in point. Any app may have a ``dashboard.py`` module with

    def dashboard_panels(user, *, year: int) -> list[DashboardPanel]

returning the panels it contributes for ``user`` (the dashboard is open to the office and leaders;
a panel module may still return nothing for a role). Panels are sorted by ``order``. A panel shows
``figures`` (big numbers, each linking to the list behind it) and/or one ``chart`` that
``static/dashboard/dashboard.js`` draws with the vendored ECharts; clicking a bar or slice opens
``chart.links[i]``. A panel may instead name its own ``template`` (rendered with ``panel``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
    panels: list[DashboardPanel] = []
    for module in app_modules("dashboard"):
        panels.extend(module.dashboard_panels(user, year=year))
    return sorted(panels, key=lambda p: p.order)
