from __future__ import annotations

import datetime as dt

import pytest

from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.models import AuditEvent
from tongchou.projects.models import DelayExplanation

from .. import reports
from ..models import Notification, ProgressReport, ReportStatus
from ..periods import add_months, month_start
from .factories import data, fund_with_allocation, last_month, person, reporting, today


def test_a_unit_files_and_submits_a_report_and_the_office_accepts_it(world):
    # given
    project = reporting(world.projects["A"])
    unit = person(project)
    # when
    report = reports.report_create(actor=unit, project=project, month=f"{last_month():%Y-%m}", data=data())
    report = reports.report_submit(actor=unit, report=report)
    report = reports.report_accept(actor=world.people["office"], report=report, comment="收到")
    # then
    assert report.status == ReportStatus.ACCEPTED
    assert report.percent_complete == 40
    assert report.due_date == add_months(last_month(), 1).replace(day=5)
    verbs = set(AuditEvent.objects.filter(subject=f"projects.project:{project.pk}").values_list("verb", flat=True))
    assert {"report.create", "report.submit", "report.accept", "rating.compute"} <= verbs
    assert project.health_ratings.count() == 1


def test_milestones_reached_update_the_project(world):
    # given
    project = reporting(world.projects["A"])
    milestone = project.milestones.order_by("planned_date").first()
    reached = today() - dt.timedelta(days=1)
    # when
    report = reports.report_create(actor=person(project), project=project, month=month_start(today()), data=data(
        milestones_reached=[{"milestone": milestone.pk, "actual_date": reached.isoformat()}]))
    reports.report_submit(actor=person(project), report=report)
    # then
    milestone.refresh_from_db()
    assert milestone.actual_date == reached


def test_a_late_project_needs_the_cause_analysis_which_goes_to_the_delays_module(world):
    # given
    project = reporting(world.projects["A"], late=True)
    unit = person(project)
    report = reports.report_create(actor=unit, project=project, month=last_month(), data=data())
    # when / then: without the analysis the submission is refused and nothing changes
    with pytest.raises(ValidationFailed) as refused:
        reports.report_submit(actor=unit, report=report)
    assert refused.value.field == "delay_cause"
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    # when
    report = reports.report_update(actor=unit, report=report, data={"delay_cause": "供应商人员变动",
                                                                   "delay_measures": "增派人员，周报跟踪"})
    reports.report_submit(actor=unit, report=report)
    # then
    explanation = DelayExplanation.objects.get(project=project)
    assert explanation.cause == "供应商人员变动"


@pytest.mark.parametrize(("changes", "field"), [
    ({"percent_complete": "120"}, "percent_complete"),
    ({"percent_complete": "-1"}, "percent_complete"),
    ({"percent_complete": "abc"}, "percent_complete"),
    ({"percent_complete": ""}, "percent_complete"),
    ({"work_done": ""}, "work_done"),
    ({"spent_to_date": "12.345"}, "spent_to_date"),
    ({"milestones_reached": [{"milestone": 999999, "actual_date": "2026-01-01"}]}, "milestones_reached"),
])
def test_bad_input_names_the_field_and_writes_nothing(world, changes, field):
    # given
    project = reporting(world.projects["A"])
    # when
    with pytest.raises(ValidationFailed) as refused:
        reports.report_create(actor=person(project), project=project, month=last_month(), data=data(**changes))
    # then
    assert refused.value.field == field
    assert not ProgressReport.objects.exists()


def test_percent_going_backwards_needs_a_reason(world):
    # given
    project = reporting(world.projects["A"])
    unit = person(project)
    earlier = add_months(last_month(), -1)
    reports.report_submit(actor=unit, report=reports.report_create(actor=unit, project=project, month=earlier,
                                                                   data=data(percent_complete="50")))
    # when / then
    with pytest.raises(ValidationFailed) as refused:
        reports.report_create(actor=unit, project=project, month=last_month(), data=data(percent_complete="30"))
    assert refused.value.field == "percent_reason"
    report = reports.report_create(actor=unit, project=project, month=last_month(),
                                   data=data(percent_complete="30", percent_reason="需求调整，部分模块重做"))
    assert report.percent_complete == 30


def test_spending_above_the_allocation_needs_a_comment(world):
    # given
    project = reporting(world.projects["A"])
    fund_with_allocation(world, project, "10万")
    # when / then
    with pytest.raises(ValidationFailed) as refused:
        reports.report_create(actor=person(project), project=project, month=last_month(),
                              data=data(spent_to_date="12万"))
    assert refused.value.field == "spending_comment"
    assert "100,000.00" in refused.value.message
    report = reports.report_create(actor=person(project), project=project, month=last_month(),
                                   data=data(spent_to_date="12万", spending_comment="单位自筹2万元"))
    assert report.spent_to_date == 120000


def test_a_month_not_yet_begun_is_refused(world):
    project = reporting(world.projects["A"])
    with pytest.raises(ValidationFailed) as refused:
        reports.report_create(actor=person(project), project=project, month=add_months(month_start(today()), 1),
                              data=data())
    assert refused.value.field == "month"


def test_a_project_not_active_is_refused(world):
    project = world.projects["A"]  # a draft
    with pytest.raises(ValidationFailed) as refused:
        reports.report_create(actor=world.people["unit"], project=project, month=last_month(), data=data())
    assert refused.value.field == "project"


def test_a_second_report_for_the_same_month_is_a_conflict(world):
    project = reporting(world.projects["A"])
    reports.report_create(actor=person(project), project=project, month=last_month(), data=data())
    with pytest.raises(Conflict) as refused:
        reports.report_create(actor=person(project), project=project, month=last_month(), data=data())
    assert refused.value.field == "month"
    assert ProgressReport.objects.count() == 1


def test_only_the_unit_or_the_office_files_and_only_the_office_decides(world):
    project = reporting(world.projects["A"])
    with pytest.raises(PermissionRefused):
        reports.report_create(actor=world.people["other_unit"], project=project, month=last_month(), data=data())
    report = reports.report_submit(actor=person(project), report=reports.report_create(
        actor=person(project), project=project, month=last_month(), data=data()))
    with pytest.raises(PermissionRefused):
        reports.report_accept(actor=person(project), report=report)


def test_returning_needs_a_comment_and_notifies_the_unit(world):
    # given
    project = reporting(world.projects["A"])
    unit = person(project)
    report = reports.report_submit(actor=unit, report=reports.report_create(
        actor=unit, project=project, month=last_month(), data=data()))
    # when / then
    with pytest.raises(ValidationFailed):
        reports.report_return(actor=world.people["office"], report=report, comment="")
    report = reports.report_return(actor=world.people["office"], report=report, comment="请补充本月资金使用情况")
    assert report.status == ReportStatus.RETURNED
    assert Notification.objects.filter(recipient=unit, kind="report_returned").count() == 1
    # a returned report is edited and submitted again
    report = reports.report_update(actor=unit, report=report, data={"work_done": "补充：已支付首付款"})
    assert reports.report_submit(actor=unit, report=report).status == ReportStatus.SUBMITTED


def test_a_submitted_report_can_no_longer_be_edited(world):
    project = reporting(world.projects["A"])
    report = reports.report_submit(actor=person(project), report=reports.report_create(
        actor=person(project), project=project, month=last_month(), data=data()))
    with pytest.raises(Conflict):
        reports.report_update(actor=person(project), report=report, data={"work_done": "改"})


def test_submitting_after_the_due_date_marks_the_report_late(world):
    project = reporting(world.projects["A"])
    month = add_months(last_month(), -1)  # due on the 5th of last month: past
    report = reports.report_submit(actor=person(project), report=reports.report_create(
        actor=person(project), project=project, month=month, data=data()))
    assert report.submitted_late is True
