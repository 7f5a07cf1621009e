"""The dashboard's savings panel: what consolidation saved this year, in all and by kind (shared
infrastructure, merged platforms and modules, reused systems), each linking to the savings ledger
or report behind it. The figures are the savings report's (``selectors.savings_report``), so the
dashboard and the report agree to the cent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from tongchou.core.money import WAN, format_wan, format_yuan, quantize
from tongchou.dashboard.hooks import Chart, DashboardPanel, Figure

from .models import SavingStatus
from .selectors import savings_report


def _url(name: str, **filters: Any) -> str:
    query = urlencode({k: v for k, v in filters.items() if v not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


def _wan(value: Decimal) -> float:
    # Chart data only (ECharts draws floats); the figures are formatted from Decimal.
    return float((quantize(value) / WAN).quantize(Decimal("0.01")))


def dashboard_panels(user: Any, *, year: int) -> list[DashboardPanel]:
    report = savings_report(user=user, year=year)
    ledger = "consolidation:saving_list"
    figures = [
        Figure(
            _("Total saved"),
            format_wan(report["total"]),
            _url("consolidation:reports", year=year),
            hint=_("%(amount)s · %(n)d entries") % {"amount": format_yuan(report["total"]), "n": report["count"]},
            tone="success" if report["total"] else "",
        ),
        Figure(
            _("Confirmed"),
            format_wan(report["confirmed"]),
            _url(ledger, year=year, status=SavingStatus.CONFIRMED),
            hint=format_yuan(report["confirmed"]),
        ),
        Figure(
            _("Estimated, to confirm"),
            format_wan(report["estimated"]),
            _url(ledger, year=year, status=SavingStatus.ESTIMATED),
            hint=format_yuan(report["estimated"]),
        ),
    ]
    by_kind = report["by_kind"]
    chart = (
        Chart(
            "pie",
            [r["label"] for r in by_kind],
            [{"name": _("Saved (10,000 yuan)"), "data": [_wan(r["total"]) for r in by_kind]}],
            [_url(ledger, year=year, kind=r["key"]) for r in by_kind],
            unit=_("10,000 yuan"),
        )
        if by_kind
        else None
    )
    return [
        DashboardPanel(
            "savings",
            _("Savings from consolidation in %(year)d") % {"year": year},
            figures=figures,
            chart=chart,
            order=80,
            width=6,
            note="" if by_kind else _("No savings recorded for this year."),
        )
    ]
