from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tongchou.funds import services
from tongchou.funds.models import Fund
from tongchou.projects.models import Project, ProjectStatus
from tongchou.testing.world import SETUP, World, make_project


def approve(*projects: Project, status: str = ProjectStatus.APPROVED) -> None:
    """Issue 4's lifecycle is not here yet: tests set the status directly."""
    Project.objects.filter(pk__in=[p.pk for p in projects]).update(status=status)
    for project in projects:
        project.refresh_from_db()


@pytest.fixture
def year() -> int:
    return dt.date.today().year


@pytest.fixture
def fund(world: World, year: int) -> Fund:
    """The world's year with a 10,000,000 yuan fund; projects A and B approved."""
    approve(world.projects["A"], world.projects["B"])
    return services.fund_create(actor=SETUP, year=year, cap="1000万")


@pytest.fixture
def big(world: World, fund: Fund) -> Project:
    project = make_project(
        world, unit="A", programme="P1", code="A-BIG", name="甲镇大项目", budget="9000000.00"
    )
    approve(project)
    return project


def money(text: str) -> Decimal:
    return Decimal(text)
