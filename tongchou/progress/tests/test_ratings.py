from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from tongchou.core.errors import PermissionRefused, ValidationFailed
from tongchou.projects.tests.factories import add_milestones, advance

from .. import ratings
from ..models import HealthLevel, HealthRating
from .factories import data, fund_with_allocation, last_month, person, reporting, today


@pytest.mark.parametrize(("variance", "level"), [
    ("0", "green"), ("9.9", "green"), ("10", "yellow"), ("30", "yellow"), ("30.1", "red"), ("80", "red")])
def test_thresholds_follow_the_federal_it_dashboard(variance, level):
    assert ratings.level_for(Decimal(variance)) == level


@override_settings(TONGCHOU_HEALTH_THRESHOLDS=(5, 15))
def test_thresholds_are_configurable():
    assert ratings.level_for(Decimal("12")) == "yellow"
    assert ratings.level_for(Decimal("16")) == "red"


def test_a_project_on_schedule_is_green(world):
    project = reporting(world.projects["A"])
    rating = ratings.rating_refresh(project=project)
    assert rating.level == HealthLevel.GREEN
    assert rating.schedule_variance == 0


def test_a_long_delay_against_the_baseline_is_red(world):
    # given: a year-long project whose first milestone is 150 days late (150/364 ≈ 41 %)
    project = world.projects["A"]
    t = today()
    from tongchou.projects import services

    project = services.project_update(actor=world.people["office"], project=project, data={
        "planned_start": t - dt.timedelta(days=200), "planned_end": t + dt.timedelta(days=164)})
    add_milestones(project, dates=[t - dt.timedelta(days=150), t + dt.timedelta(days=100)])
    project = advance(project, "in_implementation")
    # when
    rating = ratings.rating_refresh(project=project)
    # then
    assert rating.level == HealthLevel.RED
    assert rating.schedule_variance == Decimal("41.2")


def test_spending_above_the_allocation_raises_the_cost_variance(world):
    project = reporting(world.projects["A"])
    fund_with_allocation(world, project, "10万")
    from .. import reports

    report = reports.report_create(actor=person(project), project=project, month=last_month(),
                                   data=data(spent_to_date="12万", spending_comment="自筹"))
    reports.report_submit(actor=person(project), report=report)
    rating = HealthRating.objects.filter(project=project).latest("id")
    assert rating.cost_variance == Decimal("20.0")
    assert rating.level == HealthLevel.YELLOW


def test_refreshing_twice_keeps_one_row_and_the_override_stands_with_history(world):
    # given
    project = reporting(world.projects["A"])
    first = ratings.rating_refresh(project=project)
    assert ratings.rating_refresh(project=project).pk == first.pk
    # when
    override = ratings.rating_override(actor=world.people["office"], project=project, level="red",
                                       reason="关键设备采购流标，实际进度严重滞后")
    again = ratings.rating_refresh(project=project)
    # then
    assert override.is_override and override.computed_level == "green"
    assert again.pk == override.pk
    assert list(project.health_ratings.order_by("id").values_list("level", flat=True)) == ["green", "red"]


def test_an_override_needs_the_office_a_reason_and_a_known_level(world):
    project = reporting(world.projects["A"])
    with pytest.raises(PermissionRefused):
        ratings.rating_override(actor=world.people["unit"], project=project, level="red", reason="x")
    with pytest.raises(ValidationFailed) as refused:
        ratings.rating_override(actor=world.people["office"], project=project, level="purple", reason="")
    assert set(refused.value.errors) == {"level", "reason"}
    assert not HealthRating.objects.exists()
