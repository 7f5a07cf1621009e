"""gen-data's progress history keeps the report rules and agrees with the rating service; the bench
operations of progress run at the tiny scale (no timing is asserted)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Count
from django.utils import timezone

from tongchou.org.models import User
from tongchou.projects.models import DelayExplanation, Milestone, Project
from tongchou.scale.bench import ClientSender
from tongchou.scale.generator import generate, make_generator
from tongchou.scale.operations import build_context

from .. import reports, scale
from ..models import Bulletin, HealthRating, ProgressReport, ReportStatus
from ..periods import month_start, report_due_date
from ..ratings import rating_compute, worse_level
from ..selectors import REPORTING_STATES, previous_report, project_allocation
from .factories import data


def _generate(seed: int) -> Any:
    return generate(make_generator(scale="tiny", seed=seed, year=timezone.localdate().year, write=lambda line: None))


@pytest.mark.django_db
def test_generated_reports_keep_the_report_rules() -> None:
    # when
    _generate(seed=4)
    # then: some of every kind, one per project and month, within the project's months
    reports = list(ProgressReport.objects.select_related("project").order_by("project_id", "month"))
    statuses = Counter(r.status for r in reports)
    assert len(reports) > 100 and statuses[ReportStatus.ACCEPTED] > len(reports) / 2
    assert {ReportStatus.DRAFT, ReportStatus.SUBMITTED} <= set(statuses)
    assert not ProgressReport.objects.values("project", "month").annotate(n=Count("id")).filter(n__gt=1).exists()
    this_month = month_start(timezone.localdate())
    milestones: dict[int, list[Milestone]] = {}
    for m in Milestone.objects.all():
        milestones.setdefault(m.project_id, []).append(m)
    previous: dict[int, ProgressReport] = {}
    late = 0
    for r in reports:
        assert r.project.planned_start.replace(day=1) <= r.month <= this_month
        assert r.month < this_month or r.status == ReportStatus.DRAFT  # a month not over is still being written
        assert 0 <= r.percent_complete <= 100 and r.work_done and r.next_plan
        before = previous.get(r.project_id)
        assert before is None or r.percent_complete >= before.percent_complete or r.percent_reason
        assert before is None or r.spent_to_date >= before.spent_to_date
        previous[r.project_id] = r
        assert r.spent_to_date <= project_allocation(r.project) or r.spending_comment
        assert r.due_date == report_due_date(r.month)
        assert (r.submitted_at is None) == (r.status == ReportStatus.DRAFT)
        if r.submitted_at:
            on = timezone.localdate(r.submitted_at)
            assert r.submitted_late == (on > r.due_date)
            overdue = [m for m in milestones.get(r.project_id, [])
                       if m.planned_date < on and (m.actual_date is None or m.actual_date > on)]
            # a report filed while a milestone was overdue carries the analysis, and the milestone is explained
            assert not overdue or (r.delay_cause and r.delay_measures)
            late += bool(overdue)
            assert {m.pk for m in overdue} <= set(DelayExplanation.objects.filter(project_id=r.project_id)
                                                  .values_list("milestone_id", flat=True))
        assert (r.decided_at is not None) == (r.status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED))
        assert r.status != ReportStatus.RETURNED or r.office_comment
    assert late and any(r.submitted_late for r in reports)


@pytest.mark.django_db
def test_generated_ratings_are_what_the_rating_service_computes() -> None:
    # when
    _generate(seed=4)
    # then: every filed report's month is rated, by the worse of the two variances
    this_month = month_start(timezone.localdate())
    rated = set(HealthRating.objects.values_list("project_id", "month"))
    filed = set(ProgressReport.objects.exclude(status=ReportStatus.DRAFT).values_list("project_id", "month"))
    assert filed <= rated
    assert all(r.level == worse_level(r.schedule_variance, r.cost_variance)
               for r in HealthRating.objects.filter(is_override=False))
    # and each active project's rating of this month is the service's, as ``tongchou remind`` would record it
    active = list(Project.objects.filter(status__in=REPORTING_STATES, health_ratings__month=this_month).distinct())
    assert active
    for project in active:
        row = project.health_ratings.filter(month=this_month, is_override=False).get()
        figures = rating_compute(project, this_month)
        assert (row.level, row.schedule_variance, row.cost_variance) == (
            figures["level"], figures["schedule_variance"], figures["cost_variance"]), project.code
    assert {"green", "yellow", "red"} & set(HealthRating.objects.values_list("level", flat=True))
    assert HealthRating.objects.filter(schedule_variance__gt=Decimal(0)).exists()


def test_history_is_cut_to_the_scale_s_size_at_the_go_live_month() -> None:
    # given: three projects of 10, 5 and 3 months ending in the same month
    projects = [scale._Project(row=None, rng=None, first=100 - n, last=99, built=99)  # type: ignore[arg-type]
                for n in (10, 5, 3)]
    # when / then: months are kept from the latest back while they fit
    assert scale._go_live(projects, size=100) == 90
    assert scale._go_live(projects, size=9) == 97  # 3 + 3 + 3 months from 97 on
    assert scale._go_live(projects, size=8) == 98


@pytest.mark.django_db(transaction=True)
def test_the_progress_bench_operations_run() -> None:
    # given: tiny data, and a unit person drafting this month's report of an active project
    _generate(seed=4)
    this_month = month_start(timezone.localdate())
    project = (Project.objects.filter(status__in=REPORTING_STATES).exclude(progress_reports__month=this_month)
               .order_by("id").first())
    assert project is not None
    User.objects.filter(username="unit0001").update(unit_id=project.unit_id)
    person = User.objects.get(username="unit0001")
    before = previous_report(project, this_month)
    reports.report_create(actor=person, project=project, month=this_month, data=data(
        percent_complete=str(before.percent_complete if before else 0), spent_to_date="0"))
    ctx = build_context(scale="tiny")
    sender = ClientSender(ctx)
    # when
    operations = scale.bench_operations(ctx)
    results = {op.name: [sender.send(op, i)[0] for i in range(2)] for op in operations}
    # then: every operation answered as expected, the unit person acted for their unit
    names = list(results)
    assert [n.split(" ")[1] for n in names] == ["new", "edit", "office", "bulletin", "bulletin"]
    assert all(status == op.expect for op in operations for status in results[op.name]), results
    assert ctx.users["progress_unit"].unit_id is not None
    assert names[-1].endswith("→ PDF") and "active projects" in names[-1]
    assert not Bulletin.objects.exists()  # the bulletins were built, not saved
