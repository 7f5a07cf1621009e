from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tongchou.testing.world import make_project

from .. import reports
from ..models import Notification, ProgressReport, ReportStatus
from ..notifications import notify
from .factories import data, last_month, person, reporting


def _post_data(**changes):
    return {**data(**changes), "month": f"{last_month():%Y-%m}"}


def test_a_unit_files_a_months_report_in_the_browser(world, client_for):
    # given
    project = reporting(world.projects["A"])
    client = client_for("unit")
    listing = client.get(reverse("progress:report_list"))
    assert reverse("progress:report_create", args=[project.pk]) in listing.content.decode()
    # when
    milestone = project.milestones.order_by("planned_date").first()
    response = client.post(reverse("progress:report_create", args=[project.pk]) + f"?month={last_month():%Y-%m}",
                           {**_post_data(), f"reached_{milestone.pk}": str(timezone.localdate()), "submit": "1"})
    # then
    report = ProgressReport.objects.get(project=project)
    assert response.status_code == 302 and response["Location"] == reverse("progress:report_detail",
                                                                           args=[report.pk])
    assert report.status == ReportStatus.SUBMITTED
    milestone.refresh_from_db()
    assert milestone.actual_date == timezone.localdate()
    page = client.get(response["Location"]).content.decode()
    assert "40%" in page


def test_bad_input_comes_back_on_the_form_and_nothing_is_saved(world, client_for):
    project = reporting(world.projects["A"])
    response = client_for("unit").post(reverse("progress:report_create", args=[project.pk]),
                                       _post_data(percent_complete="150"))
    assert response.status_code == 400
    assert 'data-testid="error-percent_complete"' in response.content.decode()
    assert "150" in response.content.decode()  # what was typed is kept
    assert not ProgressReport.objects.exists()


def test_a_late_project_is_caught_on_submission(world, client_for):
    project = reporting(world.projects["A"], late=True)
    client = client_for("unit")
    form = client.get(reverse("progress:report_create", args=[project.pk])).content.decode()
    assert 'data-testid="late-warning"' in form
    response = client.post(reverse("progress:report_create", args=[project.pk]), {**_post_data(), "submit": "1"})
    assert response.status_code == 400
    assert 'data-testid="error-delay_cause"' in response.content.decode()
    assert not ProgressReport.objects.exists()  # the draft and the submission are one step


def test_the_office_returns_a_report_and_the_unit_sees_it_in_the_bell(world, client_for):
    # given
    project = reporting(world.projects["A"])
    unit = person(project)
    report = reports.report_submit(actor=unit, report=reports.report_create(
        actor=unit, project=project, month=last_month(), data=data()))
    # when
    client_for("office").post(reverse("progress:report_return", args=[report.pk]), {"comment": "请补充资金情况"})
    # then
    page = client_for("unit").get(reverse("home")).content.decode()
    assert 'data-testid="bell-count">1<' in page
    client_for("unit").post(reverse("progress:notifications_read"))
    assert not Notification.objects.filter(recipient=unit, read_at__isnull=True).exists()


def test_the_bell_costs_one_count_query_per_page(world, client_for):
    notify(recipients=[world.people["unit"]], kind="test", key="k", title="通知")
    with CaptureQueriesContext(connection) as queries:
        response = client_for("unit").get(reverse("home"))
    assert response.status_code == 200
    bell = [q["sql"] for q in queries.captured_queries if "progress_notification" in q["sql"]]
    assert len(bell) == 1 and "COUNT" in bell[0].upper()


def test_the_office_publishes_a_bulletin_that_every_user_reads_and_downloads(world, client_for):
    # given
    project = reporting(world.projects["A"])
    unit = person(project)
    reports.report_submit(actor=unit, report=reports.report_create(actor=unit, project=project, month=last_month(),
                                                                   data=data()))
    office = client_for("office")
    period = f"{last_month():%Y-%m}"
    # when
    created = office.post(reverse("progress:bulletin_create"), {"period": period})
    assert created["Location"] == reverse("progress:bulletin_edit", args=[period])
    office.post(reverse("progress:bulletin_edit", args=[period]), {
        "foreword": "现将10月份全市信息化项目进展情况通报如下。", "conclusion": "请各单位按时报送。", "number": "", "publish": "1"})
    # then
    reader = client_for("finance")
    page = reader.get(reverse("progress:bulletin_detail", args=[period])).content.decode()
    assert "请各单位按时报送。" in page and 'data-testid="bulletin-status"' in page
    docx = reader.get(reverse("progress:bulletin_download", args=[period, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "attachment" in docx["Content-Disposition"]


def test_a_bulletin_for_a_month_without_data_says_so(world, client_for):
    response = client_for("office").post(reverse("progress:bulletin_create"), {"period": f"{last_month():%Y-%m}"},
                                         follow=True)
    assert "no data" in response.content.decode()


def _more_projects(world, count, start):
    for i in range(count):
        project = make_project(world, unit="A", programme="P1", code=f"A-{start + i:03d}", name=f"甲镇项目{i}")
        project = reporting(project)
        unit = person(project)
        reports.report_submit(actor=unit, report=reports.report_create(actor=unit, project=project,
                                                                       month=last_month(), data=data()))
        notify(recipients=[world.people["office"], world.people["unit"]], kind="t", key=f"k{start + i}", title="通知")


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_pages_take_a_constant_number_of_queries(world, client_for):
    urls = [reverse("progress:report_list"), reverse("progress:overview"), reverse("progress:ratings"),
            reverse("progress:notifications"), reverse("progress:bulletin_list"),
            "/api/v1/progress-reports/", "/api/v1/ratings/", "/api/v1/notifications/", "/api/v1/bulletins/"]
    _more_projects(world, 2, 100)
    office = client_for("office")
    before = {url: _count(office, url) for url in urls}
    _more_projects(world, 4, 200)
    after = {url: _count(office, url) for url in urls}
    assert before == after
