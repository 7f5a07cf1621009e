"""The dashboard's fund panels, right after the projects' figures: the year's cap, what is committed
and disbursed, what remains, and the reserve projects still waiting, each linking to the list behind
it; and where the money went. Every figure comes from the selectors the fund's own pages use
(``fund_totals``, ``reserve_waiting``, ``breakdown``), so the dashboard and the fund page agree to the cent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from tongchou.core.money import WAN, format_wan, format_yuan, quantize
from tongchou.dashboard.hooks import Chart, DashboardPanel, Figure

from .models import Fund
from .selectors import breakdown, can_read_fund, fund_totals, reserve_waiting, waiting_totals


def ledger_url(year: int, **filters: Any) -> str:
    query = urlencode({k: v for k, v in filters.items() if v not in (None, "")})
    return reverse("funds:ledger", args=[year]) + (f"?{query}" if query else "")


def waiting_url(year: int) -> str:
    """The reserve list: the analysis page's table of reserve projects still waiting."""
    return reverse("funds:analysis", args=[year]) + "#reserve-waiting"


def _wan(value: Decimal) -> float:
    # Chart data only (ECharts draws floats); the figures are formatted from Decimal.
    return float((quantize(value) / WAN).quantize(Decimal("0.01")))


def _money(label: str, amount: Decimal, url: str, **extra: Any) -> Figure:
    """In 万元 as leaders read it, and to the cent below (as the fund page shows it)."""
    return Figure(label, format_wan(amount), url, hint=format_yuan(amount), **extra)


def dashboard_panels(user: Any, *, year: int) -> list[DashboardPanel]:
    if not can_read_fund(user):
        return []
    fund = Fund.objects.filter(year=year).first()
    if fund is None:
        return [
            DashboardPanel(
                "fund-figures",
                _("Special fund %(year)s") % {"year": year},
                figures=[
                    Figure(
                        _("Special fund"),
                        "—",
                        reverse("funds:list"),
                        hint=_("There is no special fund for %(year)s.") % {"year": year},
                    )
                ],
                order=11,
                width=12,
            )
        ]
    totals = fund_totals(fund)
    waiting = reserve_waiting(fund)
    waiting_total = waiting_totals(waiting)["waiting_total"]
    detail = reverse("funds:detail", args=[year])
    figures = [
        _money(_("Cap"), totals["cap"], detail),
        _money(_("Committed"), totals["committed"], ledger_url(year, moves="committed")),
        _money(_("Disbursed"), totals["disbursed"], ledger_url(year, moves="disbursed")),
        _money(
            _("Remaining"),
            totals["remaining"],
            detail,
            tone="danger" if totals["remaining"] < 0 else "",
        ),
        Figure(
            _("Reserve projects waiting"),
            format_wan(waiting_total),
            waiting_url(year),
            hint=_("%(n)d projects · %(amount)s") % {"n": len(waiting), "amount": format_yuan(waiting_total)},
            tone="warning" if waiting else "",
        ),
    ]
    panels = [
        DashboardPanel(
            "fund-figures",
            _("Special fund %(year)s") % {"year": year},
            figures=figures,
            order=11,
            width=12,
            note=_("Execution rate %(rate)s%% (disbursed of committed).") % {"rate": totals["execution_rate"]},
        )
    ]
    by_programme = breakdown(fund, "programme")
    if by_programme:
        panels.append(
            DashboardPanel(
                "fund-by-programme",
                _("Fund committed and disbursed by programme"),
                order=12,
                width=6,
                chart=Chart(
                    "bar",
                    [r["label"] for r in by_programme],
                    [
                        {"name": _("Committed"), "data": [_wan(r["committed"]) for r in by_programme]},
                        {"name": _("Disbursed"), "data": [_wan(r["disbursed"]) for r in by_programme]},
                    ],
                    [ledger_url(year, programme=r["key"]) for r in by_programme],
                    unit=_("10,000 yuan"),
                ),
            )
        )
        panels.append(
            DashboardPanel(
                "fund-use",
                _("Use of the cap"),
                order=13,
                width=6,
                chart=Chart(
                    "pie",
                    [_("Disbursed"), _("Committed, not yet disbursed"), _("Remaining")],
                    [
                        {
                            "name": _("10,000 yuan"),
                            "data": [
                                _wan(totals["disbursed"]),
                                _wan(totals["committed"] - totals["disbursed"]),
                                _wan(max(totals["remaining"], Decimal(0))),
                            ],
                        }
                    ],
                    [ledger_url(year, moves="disbursed"), ledger_url(year, moves="committed"), detail],
                    unit=_("10,000 yuan"),
                ),
            )
        )
    return panels
