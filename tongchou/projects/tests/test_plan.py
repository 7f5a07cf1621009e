"""Milestones, baselines, change requests and delays."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.models import AuditEvent
from tongchou.projects import services
from tongchou.projects.baselines import baseline_compare, milestone_create, milestone_update
from tongchou.projects.changes import change_request_create, change_request_decide
from tongchou.projects.delays import delay_explain, delay_unexplained, late_projects
from tongchou.projects.models import Baseline, ChangeRequest, DelayExplanation, Milestone
from tongchou.testing.world import SETUP

from .factories import add_milestones, advance, approved_with_change, unit_person


def test_a_milestone_before_the_project_start_is_refused_naming_the_field(world: Any, client_for: Any) -> None:
    # given
    project = world.projects["A"]
    url = reverse("project-milestones", kwargs={"pk": project.pk})
    # when
    response = client_for("unit").post(url, data=json.dumps({"name": "调研", "planned_date": f"{project.year - 1}-12-31"}),
                                       content_type="application/json")
    # then
    assert response.status_code == 400
    assert response.json()["field"] == "planned_date"
    assert "开始日期" in response.json()["message"]
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(("data", "field"), [({"name": "", "planned_date": "2026-05-01"}, "name"),
                                             ({"name": "上线", "planned_date": "2026-13-01"}, "planned_date"),
                                             ({"name": "上线"}, "planned_date")])
def test_bad_milestones_are_refused(world: Any, data: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        milestone_create(actor=world.people["unit"], project=world.projects["A"], data=data)
    assert caught.value.field == field
    assert not Milestone.objects.exists()


def test_editing_milestones_makes_a_new_version_of_the_proposal(world: Any) -> None:
    project = world.projects["A"]
    version = project.version
    add_milestones(project)
    project.refresh_from_db()
    assert project.version == version + 3


def test_approval_freezes_the_milestones_as_baseline_v1_and_nobody_edits_them(world: Any, client_for: Any) -> None:
    # given
    project = advance(world.projects["A"], "approved")
    milestone = project.milestones.first()
    # when / then: not the unit, not the office, not through any door
    with pytest.raises(Conflict):
        milestone_create(actor=world.people["office"], project=project, data={"name": "x", "planned_date": "2026-06-01"})
    with pytest.raises(Conflict):
        milestone_update(actor=world.people["office"], milestone=milestone, data={"planned_date": "2026-09-01"})
    response = client_for("office").patch(reverse("milestone-detail", kwargs={"pk": milestone.pk}),
                                          data=json.dumps({"planned_date": "2026-09-01"}),
                                          content_type="application/json")
    assert response.status_code == 409
    deleted = client_for("office").delete(reverse("milestone-detail", kwargs={"pk": milestone.pk}))
    assert deleted.status_code == 409
    with pytest.raises(Conflict) as caught:
        services.project_update(actor=world.people["office"], project=project, data={"requested_budget": "999万"})
    assert caught.value.field == "requested_budget"
    # the baseline holds the plan
    baseline = Baseline.objects.get(project=project)
    assert baseline.version == 1
    assert [m["name"] for m in baseline.data["milestones"]] == ["需求调研", "系统开发", "上线试运行"]
    # the office may still correct non-plan data
    services.project_update(actor=world.people["office"], project=project, data={"owner_phone": "0571-7654321"})


def test_actual_dates_are_recorded_after_approval_and_not_in_the_future(world: Any) -> None:
    project = advance(world.projects["A"], "in_implementation")
    milestone = project.milestones.first()
    unit = world.people["unit"]
    with pytest.raises(ValidationFailed) as caught:
        milestone_update(actor=unit, milestone=milestone, data={"actual_date": dt.date.today() + dt.timedelta(days=3)})
    assert caught.value.field == "actual_date"
    milestone_update(actor=unit, milestone=milestone, data={"actual_date": dt.date.today()})
    assert Milestone.objects.get(pk=milestone.pk).actual_date == dt.date.today()
    assert Baseline.objects.get(project=project).data["milestones"][0].get("actual_date") is None


def test_a_change_request_without_a_reason_is_refused_and_nothing_is_written(world: Any, client_for: Any) -> None:
    # given
    project = advance(world.projects["A"], "in_implementation")
    milestone = project.milestones.first()
    url = reverse("project-change-requests", kwargs={"pk": project.pk})
    payload = {"kind": "schedule", "reason": "  ", "proposal": {"milestones": [
        {"id": milestone.pk, "planned_date": str(milestone.planned_date + dt.timedelta(days=10))}]}}
    # when
    response = client_for("unit").post(url, data=json.dumps(payload), content_type="application/json")
    # then
    assert response.status_code == 400
    assert response.json()["field"] == "reason"
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize(("kind", "proposal", "field"), [
    ("schedule", {"milestones": []}, "milestones"),
    ("schedule", {"milestones": [{"id": 999999, "planned_date": "2026-06-01"}]}, "milestones"),
    ("schedule", {"milestones": [{"id": "first", "planned_date": "2000-01-01"}]}, "milestones"),
    ("budget", {"requested_budget": "一百万"}, "requested_budget"),
    ("plan", {"tier": "platinum"}, "tier"),
    ("scope", {"modules": []}, "modules"),
    ("teleport", {}, "kind"),
])
def test_bad_change_requests_are_refused(world: Any, kind: str, proposal: dict[str, Any], field: str) -> None:
    project = advance(world.projects["A"], "in_implementation")
    if proposal.get("milestones") and proposal["milestones"][0]["id"] == "first":
        proposal = {"milestones": [{"id": project.milestones.first().pk, "planned_date": "2000-01-01"}]}
    with pytest.raises(ValidationFailed) as caught:
        change_request_create(actor=world.people["unit"], project=project, kind=kind, reason="理由", proposal=proposal)
    assert caught.value.field == field
    assert not ChangeRequest.objects.exists()


def test_a_change_request_needs_an_approved_plan(world: Any) -> None:
    add_milestones(world.projects["A"])
    with pytest.raises(Conflict):
        change_request_create(actor=world.people["unit"], project=world.projects["A"], kind="budget", reason="理由",
                              proposal={"requested_budget": "100万"})


def test_approving_a_schedule_change_creates_baseline_v2_and_the_versions_compare(world: Any) -> None:
    # given
    project, cr = approved_with_change(world)
    moved = project.milestones.order_by("planned_date")[1]
    before = moved.planned_date
    # when
    change_request_decide(actor=world.people["office"], change_request=cr, approve=True, comment="同意")
    # then
    assert Milestone.objects.get(pk=moved.pk).planned_date == before + dt.timedelta(days=30)
    v1, v2 = Baseline.objects.filter(project=project).order_by("version")
    assert v2.change_request_id == cr.pk
    comparison = baseline_compare(v1, v2)
    shifts = {row["name"]: row["shift_days"] for row in comparison["milestones"]}
    assert shifts == {"需求调研": 0, "系统开发": 30, "上线试运行": 0}
    assert AuditEvent.objects.filter(verb="change_request.approved").count() == 1


def test_a_decided_change_request_cannot_be_decided_again(world: Any, client_for: Any) -> None:
    # given
    project, cr = approved_with_change(world)
    change_request_decide(actor=world.people["office"], change_request=cr, approve=False, comment="理由不充分")
    # when
    response = client_for("office").post(reverse("change-request-decide", kwargs={"pk": cr.pk}),
                                         data=json.dumps({"approve": True}), content_type="application/json")
    # then
    assert response.status_code == 409
    assert Baseline.objects.filter(project=project).count() == 1


def test_rejecting_needs_a_comment_and_only_the_office_decides(world: Any) -> None:
    _project, cr = approved_with_change(world)
    with pytest.raises(ValidationFailed) as caught:
        change_request_decide(actor=world.people["office"], change_request=cr, approve=False, comment="")
    assert caught.value.field == "comment"
    with pytest.raises(PermissionRefused):
        change_request_decide(actor=world.people["unit"], change_request=cr, approve=True)
    assert ChangeRequest.objects.get(pk=cr.pk).status == "pending"


def test_scope_budget_and_plan_changes_apply_on_approval(world: Any) -> None:
    office = world.people["office"]
    project = advance(world.projects["A"], "in_implementation")
    unit = unit_person(project)
    for kind, proposal in [("budget", {"requested_budget": "130万"}), ("plan", {"tier": "reserve"}),
                           ("scope", {"modules": [{"name": "电子监察", "description": "保留"},
                                                  {"name": "移动监察", "description": "新增"}]})]:
        cr = change_request_create(actor=unit, project=project, kind=kind, reason="调整", proposal=proposal)
        change_request_decide(actor=office, change_request=cr, approve=True)
    project.refresh_from_db()
    assert project.requested_budget == Decimal("1300000.00")
    assert project.tier == "reserve"
    assert [m.name for m in project.modules.all()] == ["电子监察", "移动监察"]
    v1, v4 = project.baselines.get(version=1), project.baselines.get(version=4)
    comparison = baseline_compare(v1, v4)
    assert comparison["modules_added"] == ["移动监察"] and comparison["modules_removed"] == ["数据交换"]
    assert comparison["budget"]["changed"] and comparison["tier"]["changed"]


def _late_project(world: Any) -> Any:
    today = dt.date.today()
    project = services.project_update(actor=SETUP, project=world.projects["A"],
                                      data={"planned_start": today - dt.timedelta(days=200)})
    add_milestones(project, dates=[today - dt.timedelta(days=100), today - dt.timedelta(days=10),
                                   today + dt.timedelta(days=100)])
    return advance(project, "in_implementation")


def test_a_milestone_past_its_date_without_actual_makes_the_project_late(world: Any) -> None:
    # given
    project = _late_project(world)
    # then
    assert list(late_projects(world.people["office"])) == [project]
    assert [m.name for m in delay_unexplained(project)] == ["需求调研", "系统开发"]
    # when the first is done, only the second is late
    first = project.milestones.order_by("planned_date").first()
    milestone_update(actor=world.people["unit"], milestone=first, data={"actual_date": dt.date.today()})
    assert [m.name for m in delay_unexplained(project)] == ["系统开发"]


def test_a_late_milestone_gets_its_cause_analysis_and_recovery_measures(world: Any, client_for: Any) -> None:
    # given
    project = _late_project(world)
    late = delay_unexplained(project)[0]
    url = reverse("project-delays", kwargs={"pk": project.pk})
    # when: without a cause the API refuses, naming the field
    bad = client_for("unit").post(url, data=json.dumps({"milestone": late.pk, "cause": "", "measures": "加班"}),
                                  content_type="application/json")
    good = client_for("unit").post(url, data=json.dumps({"milestone": late.pk, "cause": "需求变更频繁",
                                                         "measures": "冻结需求，增派人员"}),
                                   content_type="application/json")
    # then
    assert bad.status_code == 400 and bad.json()["field"] == "cause"
    assert good.status_code == 201
    assert [m.name for m in delay_unexplained(project)] == ["系统开发"]
    assert DelayExplanation.objects.count() == 1


def test_a_milestone_on_time_needs_no_explanation(world: Any) -> None:
    today = dt.date.today()
    add_milestones(world.projects["A"], dates=[today + dt.timedelta(days=10), today + dt.timedelta(days=50)])
    project = advance(world.projects["A"], "in_implementation")
    future = project.milestones.order_by("planned_date").first()
    with pytest.raises(Conflict):
        delay_explain(actor=world.people["unit"], milestone=future, cause="x", measures="y")
