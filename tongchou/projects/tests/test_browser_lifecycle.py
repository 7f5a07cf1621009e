"""A unit user and an office user take a project from draft to accepted in a real browser, with a
change request approved on the way; the timeline chart draws baseline v1, v2 and the actual date."""

import datetime as dt

import pytest

from tongchou.core.models import AuditEvent
from tongchou.projects.models import Baseline, Project, ProjectStatus
from tongchou.testing.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]")


def _fire(page, action, **fields):
    for name, value in fields.items():
        page.fill(f"[data-testid=actions] [name={name}]", value)
    page.click(f"[data-action={action}]")
    page.wait_for_load_state()


def test_draft_to_accepted_with_a_change_request_in_the_browser(page, browser, live_server, world,
                                                                screenshot_dir) -> None:
    project = world.projects["A"]
    detail = f"{live_server.url}/projects/{project.pk}/"
    office = browser.new_page()
    # the unit plans a milestone and submits
    _login(page, live_server, "unit")
    page.goto(detail)
    page.fill("[data-testid=milestones] [name=name]", "系统上线")
    page.fill("[data-testid=milestones] [name=planned_date]", f"{project.year}-06-30")
    page.click("[data-testid=add-milestone]")
    page.wait_for_selector("[data-testid=milestone]")
    _fire(page, "submit")
    # the office reviews, sends it to the government and records the approval
    _login(office, live_server, "office")
    office.goto(detail)
    _fire(office, "start_review")
    _fire(office, "pass_review", reviewers="张工、李工", score="88", comment="同意立项", conditions="按期完成等保测评")
    _fire(office, "submit_to_government")
    _fire(office, "record_government_approval")
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.APPROVED
    # the unit starts and asks to move the milestone by 31 days
    page.goto(detail)
    _fire(page, "start_implementation")
    page.click("[data-testid=new-change]")
    page.select_option("#id_kind", "schedule")
    page.fill("#id_reason", "硬件设备到货延迟")
    page.fill("input[name^=milestone_]", f"{project.year}-07-31")
    page.click("[data-testid=submit-change]")
    page.wait_for_selector("[data-testid=status]")
    # the office approves it from its queue
    office.goto(f"{live_server.url}/projects/changes/")
    office.click("[data-testid=change-row] a")
    office.fill("#id_comment", "同意顺延")
    office.click("[data-testid=approve]")
    office.wait_for_selector("[data-testid=comparison]")
    assert "+31" in office.inner_text("[data-testid=comparison]")
    assert Baseline.objects.filter(project=project).count() == 2
    # the unit sees the timeline, records the actual date and requests acceptance
    page.goto(detail)
    page.wait_for_selector("#project-timeline[data-rendered=true]")
    page.screenshot(path=str(screenshot_dir / "project-timeline.png"), full_page=True)
    page.fill("[data-testid=milestone] input[name=actual_date]", str(dt.date.today()))
    page.click("[data-testid=milestone] button[type=submit]")
    page.wait_for_load_state()
    _fire(page, "request_acceptance")
    office.goto(detail)
    _fire(office, "accept")
    # no request may still be in flight when the live server stops (its thread shares the test's database)
    for p in (page, office):
        p.wait_for_load_state("networkidle")
    office.close()
    # then
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.ACCEPTED
    verbs = set(AuditEvent.objects.filter(subject=f"projects.project:{project.pk}").values_list("verb", flat=True))
    assert {"project.submit", "project.pass_review", "change_request.approved", "project.accept"} <= verbs
