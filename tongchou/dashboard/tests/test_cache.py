"""The dashboard's figures are kept until something changes (a service's audit event), the day turns,
or the snapshot's time is up; a change made through the services shows at once."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tongchou.dashboard.hooks import dashboard_snapshot
from tongchou.testing.world import make_project


@pytest.fixture
def cached(settings):  # type: ignore[no-untyped-def]
    settings.TONGCHOU_DASHBOARD_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def _projects_figure(snapshot) -> str:  # type: ignore[no-untyped-def]
    panel = next(p for p in snapshot.panels if p.key == "projects-figures")
    return panel.figures[0].value


def test_a_second_view_without_changes_is_served_from_the_snapshot(world, cached, django_assert_max_num_queries):
    office = world.people["office"]
    first = dashboard_snapshot(office, year=dt.date.today().year)
    assert not first.cached
    with django_assert_max_num_queries(1):  # the newest audit event's id only
        again = dashboard_snapshot(office, year=dt.date.today().year)
    assert again.cached and again.computed_at == first.computed_at
    assert _projects_figure(again) == _projects_figure(first)


def test_a_change_through_a_service_shows_at_once(world, cached):
    office = world.people["office"]
    year = dt.date.today().year
    before = dashboard_snapshot(office, year=year)
    make_project(world, unit="A", programme="P1", code="CACHE-1", name="缓存测试项目", actor=office)
    after = dashboard_snapshot(office, year=year)
    assert not after.cached
    assert int(_projects_figure(after)) == int(_projects_figure(before)) + 1


def test_the_snapshot_is_kept_per_year_role_and_day(world, cached, monkeypatch):
    year = dt.date.today().year
    dashboard_snapshot(world.people["office"], year=year)
    assert not dashboard_snapshot(world.people["office"], year=year - 1).cached
    assert not dashboard_snapshot(world.people["leader"], year=year).cached
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    assert not dashboard_snapshot(world.people["office"], year=year).cached


def test_turned_off_it_computes_every_time(world, settings):
    settings.TONGCHOU_DASHBOARD_CACHE_SECONDS = 0
    cache.clear()
    office = world.people["office"]
    dashboard_snapshot(office, year=dt.date.today().year)
    assert not dashboard_snapshot(office, year=dt.date.today().year).cached


def test_the_page_says_when_its_figures_were_computed(world, client_for, cached):
    html = client_for("leader").get(reverse("dashboard:index")).content.decode()
    assert "数据时间" in html
