"""The dashboard's progress panels against the hand-worked portfolio (tests/portfolio.py)."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from tongchou.dashboard.hooks import dashboard_panels
from tongchou.testing.world import make_project

from ..dashboard import progress_by_programme, timeliness
from .factories import last_month, reporting, today
from .portfolio import CAUSE, build_portfolio, file_report


@pytest.fixture
def portfolio(world):
    return build_portfolio(world)


def _pct(days: int, duration: int) -> Decimal:
    return (Decimal(days) * 100 / Decimal(duration)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _page(client) -> str:
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    return response.content.decode()


def _chart(html: str, key: str) -> dict:
    body = re.search(rf'<script id="chart-data-{key}" type="application/json">(.*?)</script>', html, re.S)
    assert body, key
    return json.loads(body.group(1))


def _panel(html: str, key: str) -> str:
    start = html.index(f'data-panel="{key}"')
    end = html.find('<div class="col-md-', start)
    return html[start:end if end > 0 else len(html)]


def _figures(panel_html: str) -> dict[str, tuple[str, str]]:
    """label → (value, link) of each figure in a panel."""
    found = re.findall(r'<a class="d-block text-reset" href="([^"]+)" data-figure="([^"]+)">'
                       r'<div class="text-secondary small">[^<]*</div>\s*<div class="h1[^"]*">([^<]+)</div>', panel_html)
    return {label: (value, link.replace("&amp;", "&")) for link, label, value in found}


def _rows(client, url: str, testid: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode().count(f'data-testid="{testid}"')


def test_progress_by_programme_averages_latest_reports_against_the_baselines_plan(portfolio):
    # given: P1 has A (40 %, calendar-year plan) and A2 (30 %: its accepted report, not last month's
    # draft; 200 of 364 days elapsed); P2 has B (20 %, 200/364) while B2 filed nothing (left out).
    t = today()
    a_planned = _pct((t - dt.date(t.year, 1, 1)).days, (dt.date(t.year, 12, 31) - dt.date(t.year, 1, 1)).days)
    b_planned = _pct(200, 364)  # 54.9
    # when
    rows = progress_by_programme(portfolio.people["leader"], t.year, t)
    # then
    assert [(g["name"], g["n"], g["reported"], g["planned"]) for g in rows] == [
        ("城市信息化工程", 1, Decimal("20.0"), b_planned),
        ("电子政务工程", 2, Decimal("35.0"), ((a_planned + b_planned) / 2).quantize(Decimal("0.1"), ROUND_HALF_UP)),
    ]


def test_the_progress_chart_links_every_bar_to_the_programmes_projects(portfolio, client_for):
    client = client_for("leader")
    chart = _chart(_page(client), "progress-by-programme")
    assert chart["labels"] == ["城市信息化工程", "电子政务工程"]
    assert chart["series"][0]["data"] == [20.0, 35.0]
    assert chart["series"][0]["name"] == "已报完成进度（%）"
    for label, link in zip(chart["labels"], chart["links"], strict=True):
        query = parse_qs(urlsplit(link).query)
        programme = next(p for p in portfolio.programmes.values() if p.name == label)
        assert query == {"year": [str(today().year)], "programme": [str(programme.pk)]}
        listing = client.get(link).content.decode()
        codes = {p.code for p in portfolio.projects.values() if p.programme_id == programme.pk}
        assert all(code in listing for code in codes)


def test_health_figures_count_current_ratings_and_link_to_lists_of_the_same_count(portfolio, client_for):
    client = client_for("leader")
    html = _page(client)
    figures = _figures(_panel(html, "progress-health"))
    assert {label: value for label, (value, _link) in figures.items()} == {"正常": "2", "预警": "1", "严重滞后": "1"}
    for value, link in figures.values():
        assert resolve(urlsplit(link).path).url_name == "ratings"
        assert _rows(client, link, "rating-row") == int(value)
    pie = _chart(html, "progress-health")
    assert pie["kind"] == "pie" and pie["labels"] == ["正常", "预警", "严重滞后"]
    assert pie["series"][0]["data"] == [2, 1, 1]
    assert pie["links"] == [figures[label][1] for label in pie["labels"]]


def test_red_projects_are_listed_with_unit_and_cause_each_linking_to_its_page(portfolio, client_for):
    html = _panel(_page(client_for("office")), "progress-red-projects")
    b = portfolio.projects["B"]
    assert f'href="{reverse("projects:detail", args=[b.pk])}"' in html
    assert "乙街道视频监控平台" in html and "乙街道" in html and CAUSE in html
    assert "甲镇数字城管平台" not in html  # yellow, not red
    assert 'data-testid="red-count">1<' in html


def test_timeliness_counts_each_units_reports_of_last_month(portfolio):
    # Unit A: A on time, A2 only a draft (not filed); unit B: B late, B2 nothing.
    t = timeliness(portfolio.people["office"], today())
    assert t["month"] == last_month()
    assert t["totals"] == {"due": 4, "on_time": 1, "late": 1, "missing": 2}
    assert {u["unit__name"]: (u["due"], u["on_time"], u["late"], u["missing"]) for u in t["units"]} == {
        "甲镇": (2, 1, 0, 1), "乙街道": (2, 0, 1, 1)}


def test_timeliness_figures_link_to_the_overview_listing_the_same_count(portfolio, client_for):
    client = client_for("leader")
    html = _panel(_page(client), "progress-timeliness")
    figures = _figures(html)
    assert {label: value for label, (value, _link) in figures.items()} == {
        "应报": "4", "按时报送": "1", "逾期报送": "1", "未报送": "2"}
    for value, link in figures.values():
        assert resolve(urlsplit(link).path).url_name == "overview"
        assert _rows(client, link, "overview-row") == int(value)
    # The per-unit table: every number links to the overview of that unit in that state.
    cells = re.findall(r'<a (?:class="[^"]*" )?href="([^"]+unit=\d+[^"]*)">(\d+)</a>', html)
    assert len(cells) == 8
    for link, value in cells:
        assert _rows(client, link.replace("&amp;", "&"), "overview-row") == int(value)


def test_the_panels_follow_the_dashboard_year(portfolio):
    panels = {p.key: p for p in dashboard_panels(portfolio.people["office"], year=today().year - 1)}
    assert panels["progress-by-programme"].chart.labels == []
    assert [f.value for f in panels["progress-health"].figures] == ["0", "0", "0"]
    # Reports due this month are due whatever the plan year of their project.
    assert panels["progress-timeliness"].figures[0].value == "4"


def test_the_progress_panels_cost_the_same_queries_whatever_the_portfolio(portfolio, client_for):
    client = client_for("office")
    with CaptureQueriesContext(connection) as few:
        _page(client)
    for i in range(4):
        project = reporting(make_project(portfolio, unit="A" if i % 2 else "B", programme="P1" if i % 3 else "P2",
                                         code=f"X-{i}", name=f"新增项目{i}"))
        file_report(project, last_month(), 10 + i, late=bool(i % 2))
    with CaptureQueriesContext(connection) as many:
        html = _page(client)
    assert _figures(_panel(html, "progress-timeliness"))["应报"][0] == "8"  # the new rows are counted
    assert len(many) == len(few)
