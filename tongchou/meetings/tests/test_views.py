"""Pages, API, documents and query counts of the meetings app."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from tongchou.meetings import actions, services
from tongchou.meetings.models import ActionItem, Meeting
from tongchou.projects.models import ChangeStatus
from tongchou.projects.tests.factories import approved_with_change
from tongchou.testing.queries import assert_constant_queries
from tongchou.testing.world import SETUP

from .helpers import future, make_meeting

pytestmark = pytest.mark.django_db
counter = itertools.count()


def _api(client, method, url, data=None):
    return getattr(client, method)(url, data=json.dumps(data or {}), content_type="application/json")


def test_the_office_prepares_a_quarterly_meeting_from_the_proposed_agenda_and_decides(world, client_for):
    # given: a pending change request and an office client
    _project, cr = approved_with_change(world, "A")
    office = client_for("office")
    starts = (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    # when: the office schedules the meeting, takes the proposal, holds it and decides
    response = office.post(reverse("meetings:create"), {"kind": "quarterly", "starts_at": starts, "place": "会议室"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == reverse("meetings:detail", args=[meeting.pk])
    page = office.get(reverse("meetings:agenda", args=[meeting.pk]))
    assert f"change_request:{cr.pk}" in page.content.decode()
    office.post(reverse("meetings:agenda", args=[meeting.pk]), {"sources": [f"change_request:{cr.pk}"]})
    item = meeting.items.get()
    office.post(reverse("meetings:hold", args=[meeting.pk]))
    office.post(reverse("meetings:minutes", args=[meeting.pk]), {"item": item.pk, "text": "会议审议了调整申请"})
    office.post(reverse("meetings:decide", args=[meeting.pk]),
                {"item": item.pk, "outcome": "approve", "text": "同意调整"})
    # then: the change request is approved, and the page shows the decision and its effect
    cr.refresh_from_db()
    assert cr.status == ChangeStatus.APPROVED
    detail = office.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "同意调整" in detail and "会议审议了调整申请" in detail
    # and the next quarter's meeting was scheduled
    assert Meeting.objects.count() == 2


def test_minutes_before_the_meeting_is_held_show_a_clear_message(world, client_for):
    meeting = make_meeting(world)
    item = services.agenda_item_add(actor=SETUP, meeting=meeting, title="报告")
    office = client_for("office")
    response = office.post(reverse("meetings:minutes", args=[meeting.pk]), {"item": item.pk, "text": "纪要"},
                           follow=True)
    assert "尚未召开" in response.content.decode()
    assert meeting.items.get().minutes == ""


def test_a_bad_meeting_form_names_the_field(world, client_for):
    response = client_for("office").post(reverse("meetings:create"), {"kind": "quarterly", "starts_at": "明天",
                                                                      "place": "会议室"})
    assert response.status_code == 200
    assert response.context["form"].errors["starts_at"]
    assert Meeting.objects.count() == 0


def test_an_action_item_without_owner_or_due_date_is_refused_on_the_page(world, client_for):
    response = client_for("office").post(reverse("meetings:action_new"), {"title": "报送方案"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["owner_unit"] and errors["due_date"]
    assert ActionItem.objects.count() == 0


def test_overdue_action_items_show_on_the_owner_units_home_page_only(world, client_for):
    # given
    actions.action_item_create(actor=SETUP, title="报送整改方案甲", owner_unit=world.units["A"].pk,
                               due_date=timezone.localdate() - dt.timedelta(days=2))
    # then
    assert "报送整改方案甲" in client_for("unit").get("/").content.decode()
    assert "报送整改方案甲" in client_for("office").get("/").content.decode()
    other = client_for("unit")
    other.force_login(world.people["other_unit"])
    assert "报送整改方案甲" not in other.get("/").content.decode()


def test_an_invited_unit_sees_the_invitation_on_its_home_page(world, client_for):
    meeting = make_meeting(world)
    services.meeting_invite(actor=SETUP, meeting=meeting)
    assert meeting.title in client_for("unit").get("/").content.decode()


def test_the_dashboard_shows_the_next_meeting_and_overdue_action_items(world, client_for):
    meeting = make_meeting(world)
    actions.action_item_create(actor=SETUP, title="逾期", owner_unit=world.units["A"].pk,
                               due_date=timezone.localdate() - dt.timedelta(days=2))
    page = client_for("office").get(reverse("dashboard:index")).content.decode()
    assert meeting.title in page and reverse("meetings:actions") in page


def test_the_api_records_a_decision_and_answers_409_when_decided_elsewhere(world, client_for):
    # given
    _project, cr = approved_with_change(world, "A")
    office = client_for("office")
    meeting = make_meeting(world, held=True)
    item = _api(office, "post", "/api/v1/agenda-items/", {"meeting": meeting.pk, "kind": "change_request",
                                                          "title": "调整", "change_request": cr.pk}).json()
    from tongchou.projects.changes import change_request_decide
    change_request_decide(actor=SETUP, change_request=cr, approve=False, comment="不同意")
    # when
    response = _api(office, "post", "/api/v1/decisions/", {"meeting": meeting.pk, "item": item["id"],
                                                           "outcome": "approve", "text": "同意"})
    # then
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    assert meeting.decisions.count() == 0


def test_the_api_refuses_bad_input_with_the_field(world, client_for):
    office = client_for("office")
    meeting = make_meeting(world)
    response = _api(office, "post", "/api/v1/action-items/", {"title": "报送"})
    assert response.status_code == 400 and response.json()["field"] in ("owner_unit", "due_date")
    response = _api(office, "post", "/api/v1/meetings/", {"kind": "quarterly", "starts_at": "soon", "place": "x"})
    assert response.status_code == 400 and response.json()["field"] == "starts_at"
    item = services.agenda_item_add(actor=SETUP, meeting=meeting, title="报告")
    response = _api(office, "post", f"/api/v1/agenda-items/{item.pk}/minutes/", {"text": "纪要"})
    assert response.status_code == 409 and "尚未召开" in response.json()["message"]
    response = _api(office, "post", f"/api/v1/meetings/{meeting.pk}/reorder/", {"order": [item.pk, 99999]})
    assert response.status_code == 400 and response.json()["field"] == "order"


def test_the_api_follows_an_action_item_to_closure(world, client_for):
    office, unit = client_for("office"), client_for("unit")
    created = _api(office, "post", "/api/v1/action-items/", {"title": "报送方案", "owner_unit": world.units["A"].pk,
                                                             "due_date": "2030-01-31"})
    assert created.status_code == 201
    pk = created.json()["id"]
    assert _api(unit, "post", f"/api/v1/action-items/{pk}/notes/", {"text": "起草中", "status": "in_progress"}
                ).status_code == 201
    assert _api(unit, "post", f"/api/v1/action-items/{pk}/notes/", {"text": "完成", "status": "closed"}
                ).status_code == 403
    closed = _api(office, "post", f"/api/v1/action-items/{pk}/notes/", {"text": "关闭", "status": "closed"})
    assert closed.json()["status"] == "closed" and len(closed.json()["notes"]) == 2


def test_the_ics_file_describes_the_meeting(world, client_for):
    meeting = make_meeting(world, starts_at=timezone.make_aware(dt.datetime(2030, 3, 5, 9, 30)))
    services.agenda_item_add(actor=SETUP, meeting=meeting, title="信息办工作报告, 含经费; 情况" + "很长的议题" * 20)
    response = client_for("unit").get(reverse("meetings:ics", args=[meeting.pk]))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR\r\n" in text and f"UID:meeting-{meeting.pk}@" in text
    assert "DTSTART:20300305T013000Z" in text  # 09:30 in Asia/Shanghai
    assert "\\," in text and "\\;" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def _held_meeting_with_minutes(world):
    meeting = make_meeting(world, held=True, number="信息委〔2026〕3号")
    item = services.agenda_item_add(actor=SETUP, meeting=meeting, kind="rule", title="讨论专项经费管理办法")
    services.minutes_record(actor=SETUP, item=item, minutes="与会单位进行了讨论")
    decision = services.decision_record(actor=SETUP, meeting=meeting, item=item, text="原则通过专项经费管理办法")
    actions.action_item_create(actor=SETUP, title="财政局修改完善管理办法", owner_unit=world.units["FIN"].pk,
                               due_date="2030-06-30", decision=decision.pk)
    return meeting


def test_the_minutes_as_docx_carry_the_agenda_decisions_and_action_items(world, client_for):
    from docx import Document

    meeting = _held_meeting_with_minutes(world)
    response = client_for("unit").get(reverse("meetings:minutes_docx", args=[meeting.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "信息委〔2026〕3号" in text and "讨论专项经费管理办法" in text and "原则通过专项经费管理办法" in text
    assert "财政局修改完善管理办法" in text
    assert document.paragraphs[0].text == "信息委〔2026〕3号"  # the number above the title (GB/T 9704)
    assert round(document.sections[0].top_margin.mm) == 37


def test_the_minutes_and_notice_as_pdf_show_the_chinese_text(world, client_for, tmp_path):
    meeting = _held_meeting_with_minutes(world)
    for name in ("minutes_pdf", "notice_pdf"):
        response = client_for("office").get(reverse(f"meetings:{name}", args=[meeting.pk]))
        assert response["Content-Type"] == "application/pdf"
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(response.content)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "讨论专项经费管理办法" in text.replace(" ", "")


def test_minutes_of_a_meeting_not_yet_held_are_refused(world, client_for):
    meeting = make_meeting(world)
    response = client_for("office").get(reverse("meetings:minutes_docx", args=[meeting.pk]))
    assert response.status_code == 409


def _grow_meetings(n):
    for _ in range(n):
        k = next(counter)
        meeting = Meeting.objects.create(kind="special", title=f"会议{k}", starts_at=future(k + 1), place="会议室")
        meeting.items.create(position=1, title="报告")


def _grow_actions(world):
    def grow(n):
        for _ in range(n):
            k = next(counter)
            actions.action_item_create(actor=SETUP, title=f"督办{k}", owner_unit=world.units["A"].pk,
                                       due_date=timezone.localdate() - dt.timedelta(days=1 + k % 5))
    return grow


@pytest.mark.parametrize("url", ["/meetings/", "/api/v1/meetings/", "/api/v1/agenda-items/"])
def test_meeting_lists_run_a_constant_number_of_queries(world, client_for, url):
    client = client_for("office")
    assert_constant_queries(lambda: client.get(url), _grow_meetings)


@pytest.mark.parametrize("role", ["office", "unit"])
@pytest.mark.parametrize("url", ["/meetings/actions/?status=unclosed", "/api/v1/action-items/", "/",
                                 "/api/v1/decisions/"])
def test_action_item_lists_run_a_constant_number_of_queries(world, client_for, role, url):
    client = client_for(role)
    assert_constant_queries(lambda: client.get(url), _grow_actions(world), limit=40)


def test_a_meetings_page_runs_a_constant_number_of_queries(world, client_for):
    meeting = make_meeting(world, held=True)
    client = client_for("office")

    def grow(n):
        for _ in range(n):
            k = next(counter)
            item = services.agenda_item_add(actor=SETUP, meeting=meeting, title=f"议题{k}")
            services.decision_record(actor=SETUP, meeting=meeting, item=item, text="同意")
            actions.action_item_create(actor=SETUP, title=f"督办{k}", owner_unit=world.units["A"].pk,
                                       due_date="2030-01-01", meeting=meeting.pk)

    assert_constant_queries(lambda: client.get(reverse("meetings:detail", args=[meeting.pk])), grow, more=10,
                            limit=40)
