"""A unit user and an office user take a project from draft to accepted through the pages, with a
change request approved on the way; the audit log tells the whole story."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tongchou.core.models import AuditEvent
from tongchou.projects.models import ChangeRequest, Project, ProjectStatus


def _transition(client: Any, project: Project, action: str, **extra: str) -> str:
    response = client.post(reverse("projects:transition", kwargs={"pk": project.pk}), {"action": action, **extra},
                           follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_draft_to_accepted_through_the_pages(world: Any, client_for: Any) -> None:
    unit, office = client_for("unit"), client_for("office")
    project = world.projects["A"]
    detail = reverse("projects:detail", kwargs={"pk": project.pk})
    year = project.year
    # the unit plans milestones, attaches its proposal, submits
    for name, date in [("需求调研", f"{year}-03-31"), ("系统开发", f"{year}-08-31"), ("验收", f"{year}-12-15")]:
        unit.post(reverse("projects:milestone_add", kwargs={"pk": project.pk}), {"name": name, "planned_date": date})
    page = unit.post(reverse("projects:milestone_add", kwargs={"pk": project.pk}),
                     {"name": "太早", "planned_date": f"{year - 1}-12-01"}, follow=True).content.decode()
    assert "before the project" in page or "早于" in page
    unit.post(reverse("projects:document_upload", kwargs={"pk": project.pk}),
              {"stage": "proposal", "title": "项目建议书", "file": SimpleUploadedFile("建议书.pdf", b"%PDF-1.4 x")})
    page = unit.get(detail).content.decode()
    assert 'data-action="submit"' in page and 'data-action="start_review"' not in page
    _transition(unit, project, "submit")
    # the office reviews: a pass without a score is refused, with a score it passes
    _transition(office, project, "start_review")
    page = _transition(office, project, "pass_review", comment="同意")
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.UNDER_REVIEW
    _transition(office, project, "pass_review", comment="同意立项", score="88", conditions="按期完成等保测评",
                reviewers="张工、李工")
    _transition(office, project, "submit_to_government")
    _transition(office, project, "record_government_approval")
    _transition(unit, project, "start_implementation")
    # the unit asks to move a milestone; the office approves: baseline v2
    milestone = project.milestones.get(name="系统开发")
    form = {"kind": "schedule", "reason": "", f"milestone_{milestone.pk}": f"{year}-09-30"}
    refused = unit.post(reverse("projects:change_create", kwargs={"pk": project.pk}), form)
    assert refused.status_code == 400 and not ChangeRequest.objects.exists()
    unit.post(reverse("projects:change_create", kwargs={"pk": project.pk}), {**form, "reason": "硬件到货延迟"})
    cr = ChangeRequest.objects.get()
    assert "硬件到货延迟" in office.get(reverse("projects:change_queue")).content.decode()
    office.post(reverse("projects:change_decide", kwargs={"pk": cr.pk}), {"decision": "approve", "comment": "同意"})
    compare = unit.get(reverse("projects:baselines", kwargs={"pk": project.pk})).content.decode()
    assert "+30" in compare
    # actual dates, acceptance
    for m in project.milestones.all():
        unit.post(reverse("projects:milestone_actual", kwargs={"pk": project.pk, "mid": m.pk}),
                  {"actual_date": str(min(dt.date.today(), m.planned_date))})
    _transition(unit, project, "request_acceptance")
    _transition(office, project, "accept")
    # then
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.ACCEPTED
    story = list(AuditEvent.objects.filter(subject=f"projects.project:{project.pk}").order_by("id")
                 .values_list("verb", flat=True))
    expected = ["project.create", "milestone.create", "document.upload", "project.submit", "review.open",
                "project.start_review", "review.passed", "project.pass_review", "project.submit_to_government",
                "baseline.create", "project.record_government_approval", "project.start_implementation",
                "change_request.create", "change_request.approved", "baseline.create",
                "milestone.record_actual", "project.request_acceptance", "project.accept"]
    it = iter(story)
    assert all(verb in it for verb in expected), story
    log = office.get(reverse("core:audit_log") + "?q=甲镇").content.decode()
    assert "project.accept" in log
