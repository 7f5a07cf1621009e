"""The savings panel on the leadership dashboard agrees with the savings report to the cent, and
every figure and slice opens the ledger or report behind it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import urlsplit

from django.test import Client
from django.urls import resolve, reverse

from tongchou.consolidation.dashboard import dashboard_panels
from tongchou.consolidation.models import Saving
from tongchou.core.money import WAN
from tongchou.demo.seed import seed_demo_city
from tongchou.org.models import User
from tongchou.testing.queries import assert_constant_queries

TODAY = dt.date(2026, 11, 27)


def _yuan(text: str) -> Decimal:
    match = re.search(r"¥[\d,]+\.\d{2}", text)
    assert match, text
    return Decimal(match.group(0).replace("¥", "").replace(",", ""))


def _get(client: Client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    assert resolve(urlsplit(url).path)
    return response


def _listed_total(client: Client, url: str) -> Decimal:
    page = _get(client, url).context["page"]
    assert page.paginator.num_pages == 1
    return sum((s.amount for s in page.object_list), Decimal("0.00"))


def test_the_savings_panel_agrees_with_the_savings_report_on_the_demo_city(db):
    # given the demo city's savings (shared infrastructure, merged platform, merged modules)
    seed_demo_city(password="Demo-pass-2026", today=TODAY)
    leader = User.objects.get(username="leader")
    client = Client()
    client.force_login(leader)
    # when
    [panel] = dashboard_panels(leader, year=2026)
    figures = {f.label: f for f in panel.figures}
    # then the total is the report page's, to the cent, and links there
    total = figures["节约资金合计"]
    report = _get(client, total.url).context["report"]
    assert report["total"] > 0 and report["count"] == Saving.objects.filter(year=2026).count()
    assert _yuan(total.hint) == report["total"]
    # confirmed and estimated open the ledger, whose entries add up to the figure
    for label, key in [("已确认", "confirmed"), ("预估待确认", "estimated")]:
        assert _yuan(figures[label].hint) == report[key]
        assert _listed_total(client, figures[label].url) == report[key]
    # the slices are the report's kinds, each opening that kind's ledger
    assert panel.chart is not None
    by_kind = {r["label"]: r for r in report["by_kind"]}
    assert panel.chart.labels == list(by_kind) and len(by_kind) >= 2
    assert panel.chart.series[0]["data"] == [
        float((r["total"] / WAN).quantize(Decimal("0.01"))) for r in by_kind.values()
    ]
    for label, link in zip(panel.chart.labels, panel.chart.links, strict=True):
        assert _listed_total(client, link) == by_kind[label]["total"]
    # and the dashboard page shows it
    html = _get(client, reverse("dashboard:index") + "?year=2026").content.decode()
    assert 'data-panel="savings"' in html and total.hint in html


def test_a_year_without_savings_shows_zero_and_no_chart(world):
    [panel] = dashboard_panels(world.people["office"], year=2031)
    assert panel.chart is None and [f.value for f in panel.figures] == ["0.00万元"] * 3


def test_the_savings_panel_queries_do_not_grow_with_the_ledger(world):
    from tongchou.consolidation import services

    office = world.people["office"]
    made = [0]

    def grow(n: int) -> None:
        for _ in range(n):
            made[0] += 1
            services.saving_create(
                actor=office,
                data={
                    "title": f"节约{made[0]}",
                    "year": 2026,
                    "kind": "reused_system" if made[0] % 2 else "merged_modules",
                    "amount": "1000",
                    "basis": "复用已有系统",
                    "projects": [world.projects["A"].pk, world.projects["B"].pk],
                },
            )

    assert_constant_queries(lambda: dashboard_panels(office, year=2026), grow, limit=10)
