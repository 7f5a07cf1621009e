"""The fund's panels on the leadership dashboard agree with the fund's own pages to the cent, and
every figure opens the list behind it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import urlsplit

from django.test import Client
from django.urls import resolve, reverse

from tongchou.core.money import WAN, format_yuan
from tongchou.dashboard.hooks import DashboardPanel, Figure
from tongchou.demo.seed import seed_demo_city
from tongchou.funds import services
from tongchou.funds.dashboard import dashboard_panels
from tongchou.org.models import User
from tongchou.projects.models import Tier
from tongchou.testing.queries import assert_constant_queries
from tongchou.testing.world import SETUP, make_project

from .conftest import approve

TODAY = dt.date(2026, 11, 27)


def _figures(panels: list[DashboardPanel]) -> dict[str, Figure]:
    return {f.label: f for p in panels for f in p.figures}


def _yuan(text: str) -> Decimal:
    """The amount a figure's hint shows to the cent (¥1,234.50)."""
    match = re.search(r"-?¥[\d,]+\.\d{2}", text)
    assert match, text
    return Decimal(match.group(0).replace("¥", "").replace(",", ""))


def _wan(amount: Decimal) -> float:
    return float((amount / WAN).quantize(Decimal("0.01")))


def _get(client: Client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    assert resolve(urlsplit(url).path)
    return response


def test_the_fund_panel_agrees_with_the_fund_pages_on_the_demo_city(db):
    # given the demo city: a 10,000,000 fund with allocations, disbursements, an advance and reserve projects
    seed_demo_city(password="Demo-pass-2026", today=TODAY)
    leader = User.objects.get(username="leader")
    client = Client()
    client.force_login(leader)
    # when
    panels = dashboard_panels(leader, year=2026)
    figures = _figures(panels)
    # then the cap, committed, disbursed and remaining are the fund page's, to the cent
    page = _get(client, reverse("funds:detail", args=[2026]))
    totals = page.context["totals"]
    html = page.content.decode()
    for label, key in [("经费上限", "cap"), ("已安排", "committed"), ("已拨付", "disbursed"), ("剩余可安排", "remaining")]:
        figure = figures[label]
        assert _yuan(figure.hint) == totals[key], label
        assert format_yuan(totals[key]) in html
    assert totals["committed"] == Decimal("9500000.00") and totals["disbursed"] == Decimal("3300000.00")
    # the committed and disbursed figures open the ledger of the entries that make them up
    committed = _get(client, figures["已安排"].url)
    assert committed.context["sums"]["committed"] == totals["committed"]
    assert format_yuan(totals["committed"]) in committed.content.decode()
    disbursed = _get(client, figures["已拨付"].url)
    assert disbursed.context["sums"]["disbursed"] == totals["disbursed"]
    assert {e.kind for e in disbursed.context["page"].object_list} <= {"disbursement", "reversal"}
    assert _get(client, figures["经费上限"].url).context["fund"].year == 2026
    # the reserve projects waiting are the analysis page's list, count and amount
    waiting = figures["待安排备选项目"]
    analysis = _get(client, waiting.url).context["data"]
    assert urlsplit(waiting.url).fragment == "reserve-waiting"
    assert analysis["waiting"], "the demo has reserve projects waiting"
    assert _yuan(waiting.hint) == analysis["waiting_total"]
    assert waiting.hint.startswith(f"{len(analysis['waiting'])} 个项目")
    # the chart's bars are the analysis by programme, each opening that programme's ledger
    chart = next(p.chart for p in panels if p.key == "fund-by-programme")
    assert chart is not None
    by_programme = {r["label"]: r for r in analysis["by_programme"]}
    assert chart.labels == list(by_programme)
    assert chart.series[0]["data"] == [_wan(r["committed"]) for r in by_programme.values()]
    assert chart.series[1]["data"] == [_wan(r["disbursed"]) for r in by_programme.values()]
    for label, link in zip(chart.labels, chart.links, strict=True):
        sums = _get(client, link).context["sums"]
        assert (sums["committed"], sums["disbursed"]) == (
            by_programme[label]["committed"],
            by_programme[label]["disbursed"],
        )
    use = next(p.chart for p in panels if p.key == "fund-use")
    assert use is not None and sum(use.series[0]["data"]) == _wan(totals["cap"])
    assert all(_get(client, link) for link in use.links)


def test_the_dashboard_shows_the_fund_right_after_the_projects(world, fund, client_for):
    services.allocation_create(actor=SETUP, project=world.projects["A"], amount="600000")
    html = client_for("leader").get(reverse("dashboard:index") + f"?year={fund.year}").content.decode()
    panels = re.findall(r'data-panel="([\w-]+)"', html)
    assert panels.index("projects-figures") < panels.index("fund-figures") < panels.index("projects-by-programme")
    assert "¥600,000.00" in html and "60.00万元" in html


def test_a_year_without_fund_says_so_and_links_to_the_funds(world, client_for):
    panels = dashboard_panels(world.people["office"], year=2031)
    [figure] = _figures(panels).values()
    assert figure.value == "—" and "2031" in figure.hint
    assert figure.url == reverse("funds:list")


def test_the_fund_panels_are_for_readers_of_the_whole_fund(world, fund):
    assert dashboard_panels(world.people["unit"], year=fund.year) == []
    assert dashboard_panels(world.people["leader"], year=fund.year)


def test_the_dashboard_queries_do_not_grow_with_the_fund(world, fund, client_for):
    client = client_for("office")
    made = [0]

    def grow(n: int) -> None:
        for _ in range(n):
            i = made[0] = made[0] + 1
            funded = make_project(world, unit="A", programme="P1" if i % 2 else "P2", code=f"F-{i}",
                                  name=f"经费项目{i}", budget="100000")
            waiting = make_project(world, unit="B", programme="P2", code=f"R-{i}", name=f"备选项目{i}",
                                   budget="50000", tier=Tier.RESERVE)
            approve(funded, waiting)
            services.allocation_create(actor=SETUP, project=funded, amount="10000")
            services.disbursement_create(actor=SETUP, project=funded, amount="1000", payee="某公司",
                                         voucher_number=f"V{i}")

    assert_constant_queries(lambda: client.get(reverse("dashboard:index") + f"?year={fund.year}"), grow, limit=60)
