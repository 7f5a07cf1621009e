import json
import re
from urllib.parse import urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from tongchou.dashboard.hooks import DashboardPanel, dashboard_panels
from tongchou.testing.world import make_project


def _charts(html: str) -> dict[str, dict]:
    found = re.findall(r'<script id="chart-data-([\w-]+)" type="application/json">(.*?)</script>', html, re.S)
    return {key: json.loads(body) for key, body in found}


def test_the_dashboard_shows_projects_by_programme_status_and_unit(world, client_for):
    # when
    response = client_for("leader").get(reverse("dashboard:index"))
    # then
    html = response.content.decode()
    charts = _charts(html)
    # Other apps add their own charts (progress, funds …) through their dashboard modules.
    assert {"projects-by-programme", "projects-by-status", "projects-by-unit"} <= set(charts)
    programme = charts["projects-by-programme"]
    assert programme["labels"] == ["城市信息化工程", "电子政务工程"]
    assert programme["series"][0]["data"] == [120.0, 120.0]  # 万元
    assert (
        programme["links"][1].endswith(f"programme={world.programmes['P1'].pk}")
        or f"programme={world.programmes['P1'].pk}" in programme["links"][1]
    )
    assert "240.00万元" in html  # the requested budget, formatted from Decimal


def test_every_figure_links_to_the_list_behind_it(world, client_for):
    html = client_for("office").get(reverse("dashboard:index")).content.decode()
    links = re.findall(r'<a class="d-block text-reset" href="([^"]+)"', html)
    # Every figure opens a page (other apps' panels link to their own lists, e.g. /meetings/actions/).
    assert links and all(resolve(urlsplit(link).path) for link in links)
    assert any(link.startswith(reverse("projects:list") + "?") and "tier=guaranteed" in link for link in links)


def test_the_dashboard_has_no_inline_script_and_uses_vendored_echarts(world, client_for):
    html = client_for("office").get(reverse("dashboard:index")).content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    assert "vendor/echarts/echarts.min.js" in html and "dashboard/dashboard.js" in html


def test_the_dashboard_is_for_leaders_and_the_office(world, client_for):
    assert client_for("unit").get(reverse("dashboard:index")).status_code == 403
    assert client_for("finance").get(reverse("dashboard:index")).status_code == 403


def test_a_bad_year_falls_back_to_this_year(world, client_for):
    assert client_for("office").get(reverse("dashboard:index") + "?year=abc").status_code == 200
    assert client_for("office").get(reverse("dashboard:index") + "?year=99999").status_code == 200


def test_dashboard_queries_do_not_grow_with_the_portfolio(world, client_for):
    client = client_for("office")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("dashboard:index"))
    for i in range(20):
        make_project(
            world,
            unit="A" if i % 2 else "B",
            programme="P1" if i % 3 else "P2",
            code=f"D-{i}",
            name=f"项目{i}",
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("dashboard:index"))
    assert len(many) == len(few)


def test_apps_plug_panels_in_through_their_dashboard_module(world, monkeypatch):
    # given: another app's dashboard module
    import types

    from tongchou.dashboard import hooks

    other = types.SimpleNamespace(
        dashboard_panels=lambda user, *, year: [DashboardPanel("funds", "经费", order=1)]
    )
    monkeypatch.setattr(hooks, "app_modules", lambda name: (other,))
    # when
    panels = dashboard_panels(world.people["office"], year=2026)
    # then
    assert [p.key for p in panels] == ["funds"]
