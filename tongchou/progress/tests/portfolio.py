"""A small reporting portfolio whose dashboard figures are worked out by hand in the tests.

    P1 电子政务工程   A   甲镇    on schedule (green)       last month 40 %, submitted on time
                      A2  甲镇    a milestone 60 days late  two months ago 30 %, accepted;
                                  (16.5 % → yellow)         last month a draft of 90 % (not filed)
    P2 城市信息化工程 B   乙街道  a milestone 150 days late last month 20 %, submitted late
                                  (41.2 % → red)
                      B2  乙街道  on schedule (green)       nothing filed

A2 and B run from 200 days ago to 164 days ahead (a 364-day plan, 200 days elapsed); A runs over
the calendar year (world.make_project's default). Every project is of this year and in implementation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tongchou.projects import services as project_services
from tongchou.projects.tests.factories import add_milestones, advance
from tongchou.testing.world import SETUP, World, make_project

from .. import ratings, reports
from ..periods import add_months, report_due_date
from .factories import data, last_month, person, reporting, today

CAUSE = "关键设备采购流标"
MEASURES = "重新组织采购，增派实施人员"


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def _late_by(project: Any, days: int) -> Any:
    """``project`` over a 364-day plan 200 days in, its first milestone ``days`` late, in implementation."""
    t = today()
    project = project_services.project_update(actor=SETUP, project=project, data={
        "planned_start": t - dt.timedelta(days=200), "planned_end": t + dt.timedelta(days=164)})
    add_milestones(project, dates=[t - dt.timedelta(days=days), t + dt.timedelta(days=100)])
    return advance(project, "in_implementation")


def file_report(project: Any, month: dt.date, percent: int, *, late: bool = False, submit: bool = True,
                accept: bool = False, explain: bool = False) -> Any:
    """A report of ``month``: on time (the 1st of the month after) or late (the day after it was due;
    for last month that may still be ahead of today, which only the lateness flag depends on)."""
    extra = {"delay_cause": CAUSE, "delay_measures": MEASURES} if explain else {}
    report = reports.report_create(actor=person(project), project=project, month=month,
                                   data=data(percent_complete=str(percent), **extra))
    if submit:
        due = report_due_date(month)
        when = _at(due + dt.timedelta(days=1)) if late else _at(add_months(month, 1))
        report = reports.report_submit(actor=SETUP, report=report, submitted_at=when)
    if accept:
        report = reports.report_accept(actor=SETUP, report=report)
    return report


def build_portfolio(w: World) -> World:
    a = reporting(w.projects["A"])
    a2 = _late_by(make_project(w, unit="A", programme="P1", code="A-002", name="甲镇数字城管平台"), 60)
    b = _late_by(w.projects["B"], 150)
    b2 = reporting(make_project(w, unit="B", programme="P2", code="B-002", name="乙街道数据交换平台"))
    w.projects.update({"A": a, "A2": a2, "B": b, "B2": b2})
    file_report(a, last_month(), 40)
    file_report(a2, add_months(last_month(), -1), 30, accept=True, explain=True)
    file_report(a2, last_month(), 90, submit=False)
    file_report(b, last_month(), 20, late=True, explain=True)
    # The month's ratings, as the monthly job leaves them.
    for project in (a, a2, b, b2):
        ratings.rating_refresh(project=project)
    return w
