from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core import mail
from django.core.management import call_command

from ..models import Notification
from ..periods import add_months, report_due_date
from ..reminders import remind
from . import factories
from .factories import reporting


def test_a_missing_report_is_reminded_before_the_due_date_then_overdue_once_a_week(
        world, django_capture_on_commit_callbacks):
    # given: a reporting project without last month's report, and a unit person with an email address
    project = reporting(world.projects["A"])
    month = factories.last_month()
    due = report_due_date(month)
    unit = world.people["unit"]
    unit.email = "unit@example.gov.cn"
    unit.save()
    # when: two days before the due date, twice
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            remind(due - dt.timedelta(days=2))
    # then: one reminder, one email
    assert Notification.objects.filter(recipient=unit, kind="report_due").count() == 1
    assert len([m for m in mail.outbox if project.code in m.subject]) == 1
    # when: overdue, run many times in one day and again the next day (same week)
    for day in (due + dt.timedelta(days=1), due + dt.timedelta(days=1), due + dt.timedelta(days=2)):
        remind(day)
    assert Notification.objects.filter(recipient=unit, kind="report_overdue").count() == 1
    assert Notification.objects.filter(recipient=world.people["office"], kind="overdue_summary").count() == 1
    # a week later: reminded again
    remind(due + dt.timedelta(days=8))
    assert Notification.objects.filter(recipient=unit, kind="report_overdue").count() == 2


def test_a_filed_report_is_not_reminded(world):
    project = reporting(world.projects["A"])
    from .. import reports

    unit = factories.person(project)
    reports.report_submit(actor=unit, report=reports.report_create(
        actor=unit, project=project, month=factories.last_month(), data=factories.data()))
    remind(report_due_date(factories.last_month()) + dt.timedelta(days=1))
    assert not Notification.objects.filter(kind__in=("report_due", "report_overdue")).exists()
    # the office hears of the report waiting for it
    assert Notification.objects.filter(recipient=world.people["office"], kind="pending_approvals").count() == 1


def test_milestones_coming_due_are_reminded_once(world):
    project = reporting(world.projects["A"])  # first milestone in 3 days
    today = factories.today()
    remind(today)
    remind(today)
    assert Notification.objects.filter(kind="milestone_due", recipient=world.people["unit"]).count() == 1
    assert project.milestones.exists()


def test_the_command_is_idempotent_and_says_what_it_sent(world):
    reporting(world.projects["A"])
    due = report_due_date(factories.last_month())
    out = StringIO()
    call_command("remind", date=str(due + dt.timedelta(days=1)), stdout=out)
    assert "report_overdue 1" in out.getvalue()
    out = StringIO()
    call_command("remind", date=str(due + dt.timedelta(days=1)), stdout=out)
    assert out.getvalue().startswith("0 notifications sent")


def test_the_command_refuses_a_bad_date(world):
    import pytest
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("remind", date="yesterday")


def test_months_roll_over_the_year():
    assert add_months(dt.date(2026, 12, 1), 1) == dt.date(2027, 1, 1)
    assert report_due_date(dt.date(2026, 12, 1)) == dt.date(2027, 1, 5)
