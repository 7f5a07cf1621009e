"""The dashboard's targets, demonstration-site and round panels (assessment/dashboard.py), against a
fixture counted by hand. Last year's targets are used so that every deadline has passed: a target
not done is overdue whatever today's date."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from tongchou.assessment import dashboard, targets
from tongchou.assessment.models import TargetShare
from tongchou.org import services as org
from tongchou.testing.world import SETUP

from .helpers import start_round

YEAR = dt.date.today().year - 1


def _target(code, measure, value, counts_sites=""):
    return targets.target_create(actor=SETUP, data={
        "year": YEAR, "code": code, "title": f"目标{code}", "measure": measure, "target_value": value,
        "deadline": dt.date(YEAR, 10, 31), "counts_sites": counts_sites})


def _progress(target, unit, value):
    share = TargetShare.objects.get(target=target, unit=unit)
    targets.progress_update_create(actor=SETUP, share=share, value=value, note="完成", link="https://example.gov.cn/x")


def _site(name, kind, unit, status):
    targets.site_create(actor=SETUP, data={"year": YEAR, "name": name, "kind": kind, "unit": unit.pk, "status": status})


@pytest.fixture
def fixture(world):
    """By hand: T1 3 of 4 (75 %, overdue), T2 done, MB-T 1 of 2 townships (50 %, overdue), MB-V 2 of 3
    villages (66.7 %, overdue): 4 targets, 1 done, 3 overdue; 1 township and 2 villages designated."""
    east = org.unit_create(actor=SETUP, code="TE", name="东镇", kind="township")
    west = org.unit_create(actor=SETUP, code="TW", name="西镇", kind="township")
    a, b = world.units["A"], world.units["B"]
    t1 = _target("T1", "count", "4")
    targets.target_share_set(actor=SETUP, target=t1, unit=a, share="2")
    targets.target_share_set(actor=SETUP, target=t1, unit=b, share="2")
    _progress(t1, a, "2")
    _progress(t1, b, "1")
    t2 = _target("T2", "done", "1")
    targets.target_share_set(actor=SETUP, target=t2, unit=a, share="1")
    _progress(t2, a, "1")
    townships = _target("MB-T", "count", "2", "township")
    targets.target_share_set(actor=SETUP, target=townships, unit=east, share="1")
    targets.target_share_set(actor=SETUP, target=townships, unit=west, share="1")
    villages = _target("MB-V", "count", "3", "village")
    targets.target_share_set(actor=SETUP, target=villages, unit=east, share="3")
    _site("东镇", "township", east, "designated")
    _site("西镇", "township", west, "candidate")
    _site("东镇甲村", "village", east, "designated")
    _site("东镇乙村", "village", east, "designated")
    _site("东镇丙村", "village", east, "candidate")
    start_round(YEAR)
    return {"targets": {t.code: t for t in (t1, t2, townships, villages)}}


def _panels(world):
    return {p.key: p for p in dashboard.dashboard_panels(world.people["leader"], year=YEAR)}


def test_the_targets_panel_charts_each_target_behind_first_and_counts_done_and_overdue(world, fixture):
    panel = _panels(world)["assessment-targets"]
    assert panel.order in range(70, 79)
    assert [(f.label, f.value) for f in panel.figures] == [("目标任务", "4"), ("已完成", "1"), ("逾期或滞后", "3")]
    chart = panel.chart
    assert chart is not None and chart.kind == "hbar" and chart.unit == "%"
    assert chart.labels == ["MB-T 目标MB-T", "MB-V 目标MB-V", "T1 目标T1", "T2 目标T2"]
    assert chart.series[0]["data"] == [50.0, 66.7, 75.0, 100.0]
    codes = fixture["targets"]
    assert chart.links == [reverse("assessment:target_detail", args=[codes[c].pk]) for c in ("MB-T", "MB-V", "T1", "T2")]


def test_the_sites_panel_shows_designated_against_the_goal(world, fixture):
    figures = _panels(world)["assessment-sites"].figures
    assert [(f.label, f.value) for f in figures] == [("示范乡镇", "1 / 2"), ("示范村", "2 / 3")]
    assert "1" in figures[0].hint and "1" in figures[1].hint  # one candidate each


def test_the_round_panel_shows_the_state_and_links_to_the_round(world, fixture):
    round_figures = _panels(world)["assessment-round"].figures
    assert round_figures[0].value == "自评"
    assert round_figures[0].url == reverse("assessment:round", args=[YEAR])


def test_every_link_resolves_and_the_list_behind_it_shows_the_same_count(world, fixture, client_for):
    client = client_for("leader")
    panels = _panels(world)
    targets_figures = {f.label: f for f in panels["assessment-targets"].figures}
    for label, expected in (("目标任务", 4), ("已完成", 1), ("逾期或滞后", 3)):
        response = client.get(targets_figures[label].url)
        assert response.status_code == 200
        assert response.context["page"].paginator.count == expected
    for figure, expected in zip(panels["assessment-sites"].figures, (1, 2), strict=True):
        response = client.get(figure.url)
        assert response.status_code == 200
        assert response.context["page"].paginator.count == expected
        assert all(s.status == "designated" for s in response.context["page"])
    for link in panels["assessment-targets"].chart.links:
        assert client.get(link).status_code == 200
    round_page = client.get(panels["assessment-round"].figures[0].url)
    assert round_page.status_code == 200 and "自评" in round_page.content.decode()
    for panel in panels.values():
        assert all(resolve(urlsplit(f.url).path) for f in panel.figures)


def test_the_dashboard_page_shows_the_panels(world, fixture, client_for):
    html = client_for("office").get(reverse("dashboard:index") + f"?year={YEAR}").content.decode()
    assert 'data-panel="assessment-targets"' in html and 'id="chart-data-assessment-targets"' in html
    assert 'data-panel="assessment-sites"' in html and "1 / 2" in html


def test_a_year_without_targets_or_round_says_so(world):
    panels = {p.key: p for p in dashboard.dashboard_panels(world.people["office"], year=YEAR)}
    assert panels["assessment-targets"].chart is None and panels["assessment-targets"].note == "本年度尚无目标任务。"
    assert panels["assessment-round"].figures[0].value == "未开始"
    assert [f.value for f in panels["assessment-sites"].figures] == ["0", "0"]


def test_the_panels_take_a_fixed_number_of_queries(world, fixture):
    user = world.people["leader"]
    with CaptureQueriesContext(connection) as few:
        dashboard.dashboard_panels(user, year=YEAR)
    # more targets, shares, sites and units in the round
    for n in range(5):
        target = _target(f"X{n}", "count", "2")
        targets.target_share_set(actor=SETUP, target=target, unit=world.units["A"], share="2")
        town = org.unit_create(actor=SETUP, code=f"N{n}", name=f"新{n}镇", kind="township")
        _site(f"新{n}镇甲村", "village", town, "designated")
    with CaptureQueriesContext(connection) as many:
        dashboard.dashboard_panels(user, year=YEAR)
    assert len(many) == len(few) <= 5
