"""Cross-unit isolation, channel by channel, with data that marks whose it is: what the sweep
(test_isolation_sweep.py) checks for every route, shown here for the channels people use to dig —
search, exports, documents by id, bulletin drafts, notifications — and for mass-assigned fields
in the API's PATCH, which must change nothing they are not meant to."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tongchou.progress.models import Notification, ProgressReport
from tongchou.progress.notifications import notify
from tongchou.projects.documents import document_upload
from tongchou.projects.models import Project
from tongchou.testing.isolation import response_text
from tongchou.testing.world import SETUP, World

VIEWERS = ("unit", "group_lead")


def _patch(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.patch(url, data=json.dumps(data), content_type="application/json")


# --- search ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", VIEWERS)
@pytest.mark.parametrize("needle", ["视频监控", "乙街道", "B-0", "监控平台"])
def test_a_chinese_substring_search_finds_nothing_of_another_unit(role: str, needle: str, world: World,
                                                                   client_for: Any) -> None:
    # given: the needle is in unit B's project (name, code or description) only
    client = client_for(role)
    # when
    page = client.get(reverse("projects:list"), {"q": needle})
    fragment = client.get(reverse("projects:list"), {"q": needle}, headers={"HX-Request": "true"})
    api = client.get(reverse("project-list"), {"search": needle, "ordering": "-requested_budget"})
    # then
    for response in (page, fragment, api):
        assert response.status_code == 200
        assert "乙街道视频监控平台" not in response_text(response)
    assert api.json()["count"] == 0


def test_the_same_search_finds_the_project_for_the_office(world: World, client_for: Any) -> None:
    response = client_for("office").get(reverse("project-list"), {"search": "视频监控"})
    assert [p["code"] for p in response.json()["results"]] == ["B-001"]


@pytest.mark.parametrize("role", VIEWERS)
def test_filtering_the_api_on_another_unit_gives_an_empty_list_not_its_projects(role: str, world: World,
                                                                                 client_for: Any) -> None:
    # when
    response = client_for(role).get(reverse("project-list"), {"unit": world.units["B"].pk,
                                                               "programme": world.programmes["P2"].pk})
    # then
    assert response.status_code == 200 and response.json()["count"] == 0


# --- exports and dashboards -------------------------------------------------------------------------------
@pytest.mark.parametrize("role", VIEWERS)
def test_the_project_export_holds_only_the_users_projects_whatever_it_is_asked(role: str, world: World,
                                                                               client_for: Any) -> None:
    # when
    hostile = {"unit": world.units["B"].pk, "q": "视频监控"}
    web = client_for(role).get(reverse("imports:project_export"))
    api = client_for(role).get(reverse("project-export"), {"format": "xlsx", **hostile})
    # then
    assert "A-001" in response_text(web) and "B-001" not in response_text(web)
    assert api.status_code == 200 and "B-001" not in response_text(api)


@pytest.mark.parametrize("role", VIEWERS)
def test_the_leadership_dashboard_is_refused_to_units_and_group_leads(role: str, world: World,
                                                                     client_for: Any) -> None:
    response = client_for(role).get(reverse("dashboard:index"))
    assert response.status_code == 403
    assert "B-001" not in response_text(response)


def test_the_unit_list_counts_only_the_projects_the_user_may_see(world: World, client_for: Any) -> None:
    # when
    as_unit = response_text(client_for("unit").get(reverse("org:unit_list")))
    as_office = response_text(client_for("office").get(reverse("org:unit_list")))
    # then: unit B's row shows 0 projects to unit A, 1 to the office
    row = '<a href="/projects/?unit={}">乙街道</a></td><td>街道</td><td></td><td>{}</td>'
    assert row.format(world.units["B"].pk, 0) in as_unit
    assert row.format(world.units["B"].pk, 1) in as_office


# --- documents by id ---------------------------------------------------------------------------------------
def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "application/pdf")


@pytest.mark.parametrize("role", VIEWERS)
def test_another_units_stage_document_is_not_found_by_id_under_ones_own_project(role: str, world: World,
                                                                                client_for: Any) -> None:
    # given
    document_upload(actor=SETUP, project=world.projects["A"], stage="proposal", title="甲镇建议书",
                    file=_pdf("甲镇建议书.pdf"))
    theirs = document_upload(actor=SETUP, project=world.projects["B"], stage="proposal", title="乙街道机密建议书",
                             file=_pdf("乙街道机密建议书.pdf"))
    client = client_for(role)
    # when
    mixed = client.get(reverse("projects:document_download", kwargs={"pk": world.projects["A"].pk,
                                                                     "doc": theirs.pk}))
    direct = client.get(reverse("projects:document_download", kwargs={"pk": world.projects["B"].pk,
                                                                      "doc": theirs.pk}))
    listed = client.get(reverse("project-documents", kwargs={"pk": world.projects["A"].pk}))
    # then
    assert mixed.status_code == 404 and direct.status_code == 404
    assert "甲镇建议书" in response_text(listed) and "乙街道机密建议书" not in response_text(listed)


# --- bulletins ---------------------------------------------------------------------------------------------
def test_a_draft_bulletin_is_invisible_to_units_and_a_published_one_readable(world: World,
                                                                             client_for: Any) -> None:
    # given
    from tongchou.progress.tests.routes import _bulletins

    _bulletins(world)
    published, draft = world.extra["published"].period, world.extra["draft"].period
    for role in VIEWERS:
        client = client_for(role)
        # when
        pages = [client.get(reverse("progress:bulletin_list")), client.get(reverse("bulletin-list"))]
        drafts = [client.get(reverse("progress:bulletin_detail", kwargs={"period": draft})),
                  client.get(reverse("bulletin-detail", kwargs={"period": draft})),
                  client.get(reverse("bulletin-detail", kwargs={"period": draft}), {"format": "docx"})]
        drafts += [client.get(reverse("progress:bulletin_download", kwargs={"period": draft, "fmt": fmt}))
                   for fmt in ("docx", "pdf")]
        readable = client.get(reverse("progress:bulletin_download", kwargs={"period": published, "fmt": "docx"}))
        # then
        for page in pages:
            assert published in response_text(page) and draft not in response_text(page)
        assert [r.status_code for r in drafts] == [404] * 5, role
        assert readable.status_code == 200 and "通报" in response_text(readable)


# --- notifications -----------------------------------------------------------------------------------------
def test_another_persons_notification_is_neither_listed_nor_readable_nor_marked(world: World,
                                                                               client_for: Any) -> None:
    # given
    notify(recipients=[world.people["unit"]], kind="test", key="mine", title="给甲镇的通知")
    notify(recipients=[world.people["other_unit"]], kind="test", key="theirs", title="给乙街道的机密通知")
    theirs = Notification.objects.get(recipient=world.people["other_unit"])
    client = client_for("unit")
    # when
    listed = [client.get(reverse("progress:notifications")), client.get(reverse("notification-list"))]
    read = client.post(reverse("notification-read", kwargs={"pk": theirs.pk}))
    client.post(reverse("progress:notifications_read"), {"pk": theirs.pk})
    client.post(reverse("progress:notifications_read"))  # "mark all read": one's own only
    # then
    for response in listed:
        assert "给甲镇的通知" in response_text(response) and "给乙街道的机密通知" not in response_text(response)
    assert read.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert Notification.objects.get(recipient=world.people["unit"]).read_at is not None


# --- mass assignment ---------------------------------------------------------------------------------------
def _project_row(project: Project) -> dict[str, Any]:
    project.refresh_from_db()
    return {"unit": project.unit_id, "status": project.status, "created_by": project.created_by_id,
            "version": project.version, "id": project.pk, "requested_budget": project.requested_budget}


def test_a_unit_cannot_hand_its_project_to_another_unit_nor_set_its_status_through_the_api(
        world: World, client_for: Any) -> None:
    # given
    project = world.projects["A"]
    before = _project_row(project)
    # when
    response = _patch(client_for("unit"), reverse("project-detail", kwargs={"pk": project.pk}), {
        "unit": world.units["B"].pk, "status": "approved", "created_by": world.people["office"].pk,
        "version": 99, "id": world.projects["B"].pk, "unit_name": "乙街道", "name": "甲镇电子监察系统（修订）"})
    # then: the allowed field changed, the rest were ignored
    assert response.status_code == 200
    after = _project_row(project)
    assert project.name == "甲镇电子监察系统（修订）"
    assert {k: v for k, v in after.items() if k != "version"} == {k: v for k, v in before.items() if k != "version"}
    assert Project.objects.get(pk=world.projects["B"].pk).name == "乙街道视频监控平台"


def test_the_web_form_ignores_another_unit_posted_in_it(world: World, client_for: Any) -> None:
    # given
    from tongchou.projects.tests.routes import _new_project

    project = world.projects["A"]
    data = {**_new_project(world, "unit", "own"), "code": project.code, "unit": world.units["B"].pk,
            "status": "approved"}
    # when
    response = client_for("unit").post(reverse("projects:edit", kwargs={"pk": project.pk}), data)
    # then
    assert response.status_code in (200, 302)
    project.refresh_from_db()
    assert project.unit_id == world.units["A"].pk and project.status == "draft"


@pytest.mark.parametrize("role", VIEWERS)
def test_another_units_project_cannot_be_patched_at_all(role: str, world: World, client_for: Any) -> None:
    # given
    theirs = world.projects["B"]
    before = _project_row(theirs)
    # when
    response = _patch(client_for(role), reverse("project-detail", kwargs={"pk": theirs.pk}),
                      {"name": "被改名", "requested_budget": "1", "unit": world.units["A"].pk})
    # then
    assert response.status_code == 404
    assert _project_row(theirs) == before and theirs.name == "乙街道视频监控平台"


def test_a_progress_report_cannot_be_moved_to_another_project_nor_its_status_set(world: World,
                                                                                client_for: Any) -> None:
    # given
    from tongchou.progress.tests.routes import _drafts

    _drafts(world)
    report = world.extra["report_A"]
    # when
    response = _patch(client_for("unit"), reverse("progress-report-detail", kwargs={"pk": report.pk}), {
        "project": world.projects["B"].pk, "status": "accepted", "month": "2001-01", "office_comment": "已采纳",
        "percent_complete": "45"})
    # then
    assert response.status_code == 200
    report = ProgressReport.objects.get(pk=report.pk)
    assert (report.project_id, report.status, report.office_comment) == (world.projects["A"].pk, "draft", "")
    assert report.month == world.extra["report_A"].month and report.percent_complete == Decimal("45")


def test_a_units_milestone_patch_cannot_move_it_to_another_project(world: World, client_for: Any) -> None:
    # given
    from tongchou.projects.tests.factories import add_milestones

    milestone = add_milestones(world.projects["A"])[0]
    # when
    response = _patch(client_for("unit"), reverse("milestone-detail", kwargs={"pk": milestone.pk}),
                      {"project": world.projects["B"].pk, "deliverable": "需求规格说明书"})
    # then
    assert response.status_code == 200
    milestone.refresh_from_db()
    assert milestone.project_id == world.projects["A"].pk and milestone.deliverable == "需求规格说明书"
