"""The on-time progress report indicator against the progress app's models (issue 6). On a branch
without the progress app the registry entry reports "not available" (test_workflow checks that);
these tests run wherever the progress app is installed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from tongchou.assessment import indicators
from tongchou.projects.models import Baseline
from tongchou.projects.tests.factories import advance

pytestmark = pytest.mark.skipif(not apps.is_installed("tongchou.progress"),
                                reason="the progress app (issue 6) is not installed on this branch")


def test_reports_owed_since_approval_and_filed_on_time_for_two_units(world):
    from tongchou.progress.models import ProgressReport, ReportStatus
    from tongchou.progress.periods import report_due_date

    # given: A and B approved on 1 March of this year, assessed on 20 June → March, April and May owed
    year = timezone.localdate().year
    today = dt.date(year, 6, 20)
    for key in ("A", "B"):
        advance(world.projects[key], "in_implementation")
    Baseline.objects.filter(project__in=world.projects.values()).update(
        created_at=timezone.make_aware(dt.datetime(year, 3, 1, 10)))

    def filed(key, month, *, late=False, status=ReportStatus.ACCEPTED):
        ProgressReport.objects.create(
            project=world.projects[key], month=dt.date(year, month, 1), status=status, percent_complete=10 * month,
            work_done="完成", next_plan="继续", due_date=report_due_date(dt.date(year, month, 1)),
            submitted_at=timezone.now(), submitted_late=late)

    filed("A", 3)
    filed("A", 4, late=True)
    filed("B", 3)
    filed("B", 4)
    filed("B", 5)
    filed("B", 6)  # June is not due yet on 20 June: not counted
    # when
    out = indicators.compute("progress_reports_on_time", [world.units["A"], world.units["B"]], year, today)
    # then: A — March on time, April late, May missing; B — all three on time
    a, b = out[world.units["A"].pk], out[world.units["B"].pk]
    assert [(i["month"], i["ok"]) for i in a.items] == [(f"{year}-03", True), (f"{year}-04", False),
                                                        (f"{year}-05", False)]
    assert a.score(Decimal("5")) == Decimal("1.67")
    assert (b.numerator, b.denominator) == (3, 3) and b.score(Decimal("5")) == Decimal("5.00")
    assert out[world.units["A"].pk].available is True
