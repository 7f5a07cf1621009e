"""Helpers for progress tests: projects moved into implementation through the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tongchou.funds import services as funds
from tongchou.projects.models import Project
from tongchou.projects.tests.factories import add_milestones, advance, unit_person
from tongchou.testing.world import SETUP, World

from ..periods import add_months, month_start


def today() -> dt.date:
    return timezone.localdate()


def last_month() -> dt.date:
    return add_months(month_start(today()), -1)


def reporting(project: Project, *, late: bool = False) -> Project:
    """``project`` in implementation; with ``late``, its first milestone is already past due."""
    t = today()
    if late:
        dates = [t - dt.timedelta(days=40), t + dt.timedelta(days=40)]
    else:
        dates = [t + dt.timedelta(days=3), t + dt.timedelta(days=60)]
    add_milestones(project, dates=dates)
    return advance(project, "in_implementation")


def data(**changes: Any) -> dict[str, Any]:
    return {"percent_complete": "40", "spent_to_date": "0", "work_done": "完成需求调研和系统设计",
            "problems": "", "help_needed": "", "next_plan": "开展系统开发", **changes}


def fund_with_allocation(w: World, project: Project, amount: str = "100万", date: Any = None) -> None:
    from tongchou.funds.models import Fund

    if not Fund.objects.filter(year=project.year).exists():
        funds.fund_create(actor=SETUP, year=project.year, cap="1000万")
    funds.allocation_create(actor=SETUP, project=project, amount=amount, date=date)


def person(project: Project) -> Any:
    return unit_person(project)
