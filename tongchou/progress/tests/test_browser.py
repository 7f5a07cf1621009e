"""A unit's person files last month's report in a real browser; a late project is caught first."""

import pytest

from tongchou.testing.world import PASSWORD

from ..models import ProgressReport, ReportStatus
from .factories import fund_with_allocation, last_month, reporting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]")


def test_a_unit_files_a_late_projects_report_in_the_browser(page, live_server, world, screenshot_dir) -> None:
    # given a late project in implementation
    project = reporting(world.projects["A"], late=True)
    fund_with_allocation(world, project, "50万")
    _login(page, live_server, "unit")
    page.goto(f"{live_server.url}/progress/?month={last_month():%Y-%m}")
    page.click("[data-testid=file-report]")
    page.wait_for_selector("[data-testid=late-warning]")

    # when they fill the report without the cause analysis and submit
    page.fill("#id_percent_complete", "35")
    page.fill("#id_spent_to_date", "12万")
    page.fill("#id_work_done", "完成需求调研，开始系统设计")
    page.fill("#id_next_plan", "完成系统设计并开始开发")
    page.click("[data-testid=submit-report]")

    # then the lateness is caught, what was typed is kept and nothing is saved
    error = page.locator("[data-testid=error-delay_cause]")
    assert error.count() == 1
    assert page.input_value("#id_work_done") == "完成需求调研，开始系统设计"
    assert not ProgressReport.objects.exists()

    # when they add the cause analysis and the measures
    page.fill("#id_delay_cause", "供应商人员变动，需求确认推迟")
    page.fill("#id_delay_measures", "增派人员，每周报告进度")
    page.screenshot(path=str(screenshot_dir / "progress-report-form.png"), full_page=True)
    page.click("[data-testid=submit-report]")

    # then the report is submitted and the project carries the analysis
    page.wait_for_selector("[data-testid=report-status]")
    report = ProgressReport.objects.get(project=project)
    assert report.status == ReportStatus.SUBMITTED
    assert str(report.spent_to_date) == "120000.00"
    assert project.delay_explanations.get().cause == "供应商人员变动，需求确认推迟"
    page.screenshot(path=str(screenshot_dir / "progress-report-detail.png"), full_page=True)
