"""The state machine: who may fire what, from where; illegal steps are 409, refusals 403."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.models import AuditEvent
from tongchou.projects import services
from tongchou.projects.lifecycle import ACTIONS, TRANSITIONS, allowed_actions, project_transition
from tongchou.projects.models import Project, ProjectStatus, ProjectTransition, Review
from tongchou.testing.world import SETUP

from .factories import add_milestones, advance, unit_person

CONTRACT_ACTIONS = ["submit", "start_review", "return", "reject", "pass_review", "submit_to_government",
                    "record_government_approval", "start_implementation", "request_acceptance", "accept", "close",
                    "suspend", "resume", "cancel"]


def _post(client: Any, project: Project, **data: Any) -> Any:
    return client.post(reverse("project-transitions", kwargs={"pk": project.pk}), data=json.dumps(data),
                       content_type="application/json")


def test_the_action_names_are_the_published_contract() -> None:
    assert list(ACTIONS) == CONTRACT_ACTIONS
    targets = {t.target for t in TRANSITIONS.values() if t.target}
    assert targets <= set(ProjectStatus.values)
    assert {"draft", "submitted", "under_review", "reviewed", "submitted_to_government", "approved",
            "in_implementation"} <= set(ProjectStatus.values)


def test_a_project_goes_from_draft_to_closed_and_every_step_is_audited(world: Any) -> None:
    # given
    project = world.projects["A"]
    add_milestones(project)
    # when
    project = advance(project, "closed", office=world.people["office"])
    # then
    assert project.status == ProjectStatus.CLOSED
    steps = list(ProjectTransition.objects.filter(project=project).values_list("action", flat=True))
    assert steps == ["submit", "start_review", "pass_review", "submit_to_government",
                     "record_government_approval", "start_implementation", "request_acceptance", "accept", "close"]
    verbs = set(AuditEvent.objects.filter(subject=f"projects.project:{project.pk}").values_list("verb", flat=True))
    assert {f"project.{a}" for a in steps} <= verbs
    assert {"review.open", "review.passed", "baseline.create"} <= verbs
    assert project.baselines.get().version == 1


def test_the_unit_may_not_start_a_review_and_the_office_may_not_submit(world: Any) -> None:
    # given
    project = world.projects["A"]
    add_milestones(project)
    # when / then
    with pytest.raises(PermissionRefused):
        project_transition(actor=world.people["office"], project=project, action="submit")
    project = project_transition(actor=world.people["unit"], project=project, action="submit")
    with pytest.raises(PermissionRefused):
        project_transition(actor=world.people["unit"], project=project, action="start_review")
    with pytest.raises(PermissionRefused):
        project_transition(actor=world.people["group_lead"], project=project, action="submit")


def test_an_illegal_transition_is_409_naming_the_state_and_the_allowed_actions(world: Any, client_for: Any) -> None:
    # given
    project = world.projects["A"]
    add_milestones(project)
    # when
    response = _post(client_for("office"), project, action="accept")
    # then
    assert response.status_code == 409
    body = response.json()
    assert body["status"] == "draft"
    assert body["allowed_actions"] == ["cancel"]
    assert "cancel" in body["message"]
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.DRAFT
    assert not ProjectTransition.objects.exists()


def test_a_user_who_may_not_fire_an_action_gets_403(world: Any, client_for: Any) -> None:
    # given
    project = advance(world.projects["A"], "submitted")
    # when
    response = _post(client_for("unit"), project, action="start_review")
    # then
    assert response.status_code == 403
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.SUBMITTED


def test_an_unknown_action_is_400_naming_the_field(world: Any, client_for: Any) -> None:
    response = _post(client_for("office"), world.projects["A"], action="approve_everything")
    assert response.status_code == 400
    assert response.json()["field"] == "action"


def test_the_out_of_scope_unit_gets_404(world: Any, client_for: Any) -> None:
    response = _post(client_for("unit"), world.projects["B"], action="submit")
    assert response.status_code == 404


def test_get_lists_the_allowed_actions_for_this_user(world: Any, client_for: Any) -> None:
    # given
    project = advance(world.projects["A"], "approved")
    url = reverse("project-transitions", kwargs={"pk": project.pk})
    # when
    office = client_for("office").get(url).json()
    unit = client_for("unit").get(url).json()
    leader = client_for("leader").get(url).json()
    # then
    assert office["status"] == "approved"
    assert office["allowed_actions"] == ["start_implementation", "suspend", "cancel"]
    assert unit["allowed_actions"] == ["start_implementation"]
    assert leader["allowed_actions"] == []
    assert [h["action"] for h in office["history"]][-1] == "record_government_approval"


def test_submitting_needs_milestones(world: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        project_transition(actor=world.people["unit"], project=world.projects["A"], action="submit")
    assert caught.value.field == "milestones"
    assert Project.objects.get(pk=world.projects["A"].pk).status == ProjectStatus.DRAFT


def test_returning_needs_the_reasons_and_puts_the_project_back_to_draft(world: Any) -> None:
    # given
    project = advance(world.projects["A"], "under_review")
    office = world.people["office"]
    # when
    with pytest.raises(ValidationFailed) as caught:
        project_transition(actor=office, project=project, action="return", comment="  ")
    project = project_transition(actor=office, project=project, action="return", comment="预算测算依据不足")
    # then
    assert caught.value.field == "comment"
    assert project.status == ProjectStatus.DRAFT
    review = Review.objects.get(project=project)
    assert review.outcome == "returned" and review.opinion == "预算测算依据不足"
    assert ProjectTransition.objects.filter(action="return").get().comment == "预算测算依据不足"
    # the unit edits its draft again and resubmits; a new review starts on the new version
    services.project_update(actor=world.people["unit"], project=project, data={"requested_budget": "100万"})
    project = advance(project, "under_review")
    assert Review.objects.filter(project=project).count() == 2
    assert Review.objects.filter(project=project, outcome="open").get().project_version == project.version


@pytest.mark.parametrize(("score", "field"), [(None, "score"), ("", "score"), ("abc", "score"), ("101", "score"),
                                              ("-1", "score"), ("NaN", "score")])
def test_passing_a_review_needs_a_score_from_0_to_100(world: Any, score: Any, field: str) -> None:
    project = advance(world.projects["A"], "under_review")
    with pytest.raises(ValidationFailed) as caught:
        project_transition(actor=world.people["office"], project=project, action="pass_review", comment="同意",
                           score=score)
    assert caught.value.field == field
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.UNDER_REVIEW
    assert Review.objects.get(project=project).outcome == "open"


def test_the_review_keeps_a_snapshot_of_what_was_reviewed(world: Any) -> None:
    # given
    project = advance(world.projects["A"], "reviewed")
    review = Review.objects.get(project=project)
    # when the office corrects the proposal afterwards
    services.project_update(actor=world.people["office"], project=project, data={"name": "改名后的项目"})
    # then
    review.refresh_from_db()
    assert review.snapshot["name"] == "甲镇电子监察系统"
    assert len(review.snapshot["milestones"]) == 3
    assert review.score == Decimal("86.00")


def test_no_government_step_without_a_favourable_review_of_the_current_version(world: Any, client_for: Any) -> None:
    # given a favourably reviewed project, changed afterwards
    project = advance(world.projects["A"], "reviewed")
    services.project_update(actor=world.people["office"], project=project, data={"description": "补充内容"})
    # when: through the service, the API and the HTML form
    with pytest.raises(Conflict):
        project_transition(actor=world.people["office"], project=project, action="submit_to_government")
    api = _post(client_for("office"), project, action="submit_to_government")
    html = client_for("office").post(reverse("projects:transition", kwargs={"pk": project.pk}),
                                     {"action": "submit_to_government"}, follow=True)
    # then
    assert api.status_code == 409
    assert "未获信息委审核通过" in api.json()["message"]
    assert html.status_code == 200 and "未获信息委审核通过" in html.content.decode()
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.REVIEWED


def test_approval_needs_a_favourable_review_of_the_current_version_too(world: Any) -> None:
    # given
    project = advance(world.projects["A"], "submitted_to_government")
    services.project_update(actor=world.people["office"], project=project, data={"vendor": "某某公司"})
    # when / then
    with pytest.raises(Conflict):
        project_transition(actor=world.people["office"], project=project, action="record_government_approval")
    assert not project.baselines.exists()


def test_the_status_cannot_be_written_through_the_project_api(world: Any, client_for: Any) -> None:
    url = reverse("project-detail", kwargs={"pk": world.projects["A"].pk})
    response = client_for("office").patch(url, data=json.dumps({"status": "approved"}),
                                          content_type="application/json")
    assert response.status_code == 200
    assert Project.objects.get(pk=world.projects["A"].pk).status == ProjectStatus.DRAFT


def test_the_admin_cannot_change_a_project(world: Any, client: Any) -> None:
    # given a superuser in the admin
    from tongchou.org.models import User

    admin = User.objects.create_superuser("root", "root@example.com", "x-Secret-2026", is_staff=True)
    client.force_login(admin)
    url = reverse("admin:projects_project_change", args=[world.projects["A"].pk])
    # when
    response = client.post(url, {"status": "approved"})
    # then
    assert response.status_code == 403
    assert Project.objects.get(pk=world.projects["A"].pk).status == ProjectStatus.DRAFT


def test_suspend_and_resume_return_to_where_the_project_was(world: Any) -> None:
    office = world.people["office"]
    project = advance(world.projects["A"], "in_implementation")
    project = project_transition(actor=office, project=project, action="suspend", comment="资金未到位")
    assert allowed_actions(office, project) == ["resume", "cancel"]
    project = project_transition(actor=office, project=project, action="resume")
    assert project.status == ProjectStatus.IN_IMPLEMENTATION and project.suspended_from == ""


def test_the_unit_may_cancel_its_draft_but_not_an_approved_project(world: Any) -> None:
    unit = unit_person(world.projects["A"])
    project = project_transition(actor=unit, project=world.projects["A"], action="cancel", comment="合并到B项目")
    assert project.status == ProjectStatus.CANCELLED
    other = advance(world.projects["B"], "approved", office=SETUP)
    with pytest.raises(Conflict):
        project_transition(actor=unit_person(other), project=other, action="cancel", comment="不做了")
