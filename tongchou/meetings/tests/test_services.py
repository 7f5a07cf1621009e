"""Meetings: scheduling, the agenda builder, decisions that act through the other apps'
services, and action items followed to closure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.models import AuditEvent
from tongchou.funds import services as funds
from tongchou.funds.models import EntryKind, LedgerEntry
from tongchou.meetings import actions, agenda, services
from tongchou.meetings.models import ActionStatus, ItemKind, Meeting, MeetingKind, MeetingStatus
from tongchou.projects.changes import change_request_decide
from tongchou.projects.lifecycle import project_transition
from tongchou.projects.models import ChangeStatus, Project, ReviewOutcome
from tongchou.projects.tests.factories import advance, approved_with_change
from tongchou.testing.world import SETUP

from .helpers import future, make_meeting, past

pytestmark = pytest.mark.django_db


def test_a_meeting_is_created_with_its_chair_and_attendees(world):
    # given / when
    meeting = make_meeting(world)
    # then
    names = [a.name for a in meeting.attendees.all()]
    assert meeting.chair_name == world.people["leader"].get_full_name()
    assert world.units["A"].name in names and len(names) == 3
    assert meeting.title.endswith("信息委工作例会")
    assert AuditEvent.objects.filter(verb="meeting.create", object_id=str(meeting.pk)).exists()


def test_bad_meeting_input_names_the_fields(world):
    # when
    with pytest.raises(ValidationFailed) as exc:
        services.meeting_create(actor=SETUP, kind="banquet", starts_at="next tuesday", place="")
    # then
    assert set(exc.value.errors) == {"kind", "starts_at", "place"}
    assert Meeting.objects.count() == 0


def test_only_the_office_schedules_meetings(world):
    with pytest.raises(PermissionRefused):
        services.meeting_create(actor=world.people["unit"], kind="special", starts_at=future(), place="会议室")


def test_holding_a_quarterly_meeting_schedules_the_next_quarter(world):
    # given
    meeting = make_meeting(world, starts_at=past())
    # when
    services.meeting_hold(actor=SETUP, meeting=meeting)
    # then
    nxt = Meeting.objects.exclude(pk=meeting.pk).get()
    assert nxt.kind == MeetingKind.QUARTERLY and nxt.status == MeetingStatus.SCHEDULED
    assert nxt.starts_at > meeting.starts_at and nxt.starts_at.weekday() < 5
    assert nxt.place == meeting.place and nxt.chair == meeting.chair
    assert nxt.attendees.count() == meeting.attendees.count()
    # and scheduling again creates nothing more
    assert services.quarterly_meeting_schedule_next(actor=SETUP, after=meeting) is None


def test_a_meeting_cannot_be_held_before_it_starts(world):
    meeting = make_meeting(world, starts_at=future(3))
    with pytest.raises(Conflict):
        services.meeting_hold(actor=SETUP, meeting=meeting)


def test_invitations_email_the_attendees_with_an_ics_file(world, django_capture_on_commit_callbacks):
    # given
    world.people["unit"].email = "unit@example.gov.cn"
    world.people["unit"].save()
    world.people["office"].email = "office@example.gov.cn"
    world.people["office"].save()
    meeting = make_meeting(world)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_invite(actor=SETUP, meeting=meeting)
    # then
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.bcc) == {"unit@example.gov.cn", "office@example.gov.cn"}
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in content.decode() if isinstance(content, bytes) else "BEGIN:VEVENT" in content
    assert all(a.invited_at for a in meeting.attendees.all())


def test_invitations_need_attendees(world):
    meeting = services.meeting_create(actor=SETUP, kind="special", starts_at=future(), place="会议室")
    with pytest.raises(ValidationFailed) as exc:
        services.meeting_invite(actor=SETUP, meeting=meeting)
    assert exc.value.field == "attendees"


def test_the_agenda_builder_proposes_what_awaits_the_committee(world):
    # given: A under review, B with a pending change request, an overdue action item
    advance(world.projects["A"], "under_review")
    _project, cr = approved_with_change(world, "B")
    overdue = actions.action_item_create(actor=SETUP, title="报送整改方案", owner_unit=world.units["A"],
                                         due_date=timezone.localdate() - dt.timedelta(days=3))
    meeting = make_meeting(world)
    # when
    groups = {s.key: ps for s, ps in agenda.agenda_proposals(meeting) if s}
    # then
    review = world.projects["A"].reviews.get()
    assert [p.source for p in groups["review"]] == [f"review:{review.pk}"]
    assert [p.source for p in groups["change_request"]] == [f"change_request:{cr.pk}"]
    assert [p.source for p in groups["action_item"]] == [f"action_item:{overdue.pk}"]
    # the progress app's sources are there (it is installed)
    assert "red_project" in groups and "summary" in groups


def test_proposals_are_added_once_and_in_order(world):
    # given
    advance(world.projects["A"], "under_review")
    meeting = make_meeting(world)
    review = world.projects["A"].reviews.get()
    # when
    items = agenda.agenda_add_proposed(actor=SETUP, meeting=meeting, sources=[f"review:{review.pk}"])
    again = agenda.agenda_add_proposed(actor=SETUP, meeting=meeting, sources=[f"review:{review.pk}"])
    # then
    assert len(items) == 1 and again == []
    assert items[0].kind == ItemKind.REVIEW and items[0].review == review and items[0].project == world.projects["A"]
    with pytest.raises(ValidationFailed) as exc:
        agenda.agenda_add_proposed(actor=SETUP, meeting=meeting, sources=["review:999999"])
    assert exc.value.field == "sources"


def test_the_office_orders_edits_and_removes_items(world):
    # given
    meeting = make_meeting(world)
    a = services.agenda_item_add(actor=SETUP, meeting=meeting, kind="report", title="办公室工作报告")
    b = services.agenda_item_add(actor=SETUP, meeting=meeting, kind="rule", title="目标考核办法")
    # when
    services.agenda_reorder(actor=SETUP, meeting=meeting, order=[b.pk, a.pk])
    services.agenda_item_update(actor=SETUP, item=b, title="《目标责任考核办法》")
    # then
    assert [(i.pk, i.position) for i in meeting.items.order_by("position")] == [(b.pk, 1), (a.pk, 2)]
    assert meeting.items.get(pk=b.pk).title == "《目标责任考核办法》"
    services.agenda_item_remove(actor=SETUP, item=b)
    assert list(meeting.items.values_list("pk", "position")) == [(a.pk, 1)]


def test_bad_agenda_input_is_refused(world):
    meeting = make_meeting(world)
    with pytest.raises(ValidationFailed) as exc:
        services.agenda_item_add(actor=SETUP, meeting=meeting, kind="report", title="")
    assert exc.value.field == "title"
    with pytest.raises(ValidationFailed) as exc:
        services.agenda_item_add(actor=SETUP, meeting=meeting, kind="change_request", title="调整")
    assert exc.value.field == "change_request"
    with pytest.raises(ValidationFailed) as exc:
        services.agenda_item_add(actor=SETUP, meeting=meeting, kind="allocation", title="安排",
                                 project=world.projects["A"].pk, amount="-5")
    assert exc.value.field == "amount"
    item = services.agenda_item_add(actor=SETUP, meeting=meeting, title="其他")
    with pytest.raises(ValidationFailed) as exc:
        services.agenda_reorder(actor=SETUP, meeting=meeting, order=[item.pk, item.pk])
    assert exc.value.field == "order"


def test_minutes_for_a_meeting_not_yet_held_are_refused(world):
    # given
    meeting = make_meeting(world)
    item = services.agenda_item_add(actor=SETUP, meeting=meeting, title="办公室工作报告")
    # when / then
    with pytest.raises(Conflict) as exc:
        services.minutes_record(actor=SETUP, item=item, minutes="会议听取了报告")
    assert "尚未召开" in exc.value.message
    with pytest.raises(Conflict):
        services.decision_record(actor=SETUP, meeting=meeting, item=item, text="同意")
    assert meeting.items.get().minutes == ""


def test_approving_a_change_request_at_the_meeting_approves_it_with_the_meeting_as_reason(world):
    # given
    project, cr = approved_with_change(world, "A")
    milestone_id = cr.proposal["milestones"][0]["id"]
    new_date = cr.proposal["milestones"][0]["planned_date"]
    meeting = make_meeting(world, held=True)
    item = services.agenda_item_add(actor=SETUP, meeting=meeting, kind="change_request", title="调整",
                                    change_request=cr)
    # when
    decision = services.decision_record(actor=SETUP, meeting=meeting, item=item, outcome="approve",
                                        text="同意调整进度计划")
    # then
    cr.refresh_from_db()
    assert cr.status == ChangeStatus.APPROVED
    assert str(project.milestones.get(pk=milestone_id).planned_date) == new_date
    event = AuditEvent.objects.get(verb="change_request.approved", object_id=str(cr.pk))
    assert meeting.title in event.reason
    assert decision.effect and project.code in decision.effect
    assert AuditEvent.objects.filter(verb="decision.record", subject=f"projects.project:{project.pk}").exists()


def test_a_change_request_decided_elsewhere_gives_409_and_applies_nothing(world):
    # given: the office rejected it from the project page before the meeting decided
    project, cr = approved_with_change(world, "A")
    meeting = make_meeting(world, held=True)
    item = services.agenda_item_add(actor=SETUP, meeting=meeting, kind="change_request", title="调整",
                                    change_request=cr)
    change_request_decide(actor=SETUP, change_request=cr, approve=False, comment="不同意")
    baselines = project.baselines.count()
    # when
    with pytest.raises(Conflict):
        services.decision_record(actor=SETUP, meeting=meeting, item=item, outcome="approve", text="同意")
    # then
    cr.refresh_from_db()
    assert cr.status == ChangeStatus.REJECTED
    assert project.baselines.count() == baselines
    assert meeting.decisions.count() == 0


def test_a_review_decision_passes_the_review(world):
    # given
    project = advance(world.projects["A"], "under_review")
    review = project.reviews.get()
    meeting = make_meeting(world, held=True)
    item = services.agenda_item_add(actor=SETUP, meeting=meeting, kind="review", title="审核", review=review)
    # when
    services.decision_record(actor=SETUP, meeting=meeting, item=item, outcome="approve", text="同意立项",
                             score="88")
    # then
    review.refresh_from_db()
    project.refresh_from_db()
    assert review.outcome == ReviewOutcome.PASSED and review.score == Decimal("88")
    assert project.status == "reviewed"
    assert meeting.title in review.opinion


def test_a_review_concluded_elsewhere_gives_409(world):
    project = advance(world.projects["A"], "under_review")
    review = project.reviews.get()
    meeting = make_meeting(world, held=True)
    item = services.agenda_item_add(actor=SETUP, meeting=meeting, kind="review", title="审核", review=review)
    project_transition(actor=SETUP, project=project, action="return", comment="补充材料")
    with pytest.raises(Conflict):
        services.decision_record(actor=SETUP, meeting=meeting, item=item, outcome="approve", text="同意", score="90")
    assert meeting.decisions.count() == 0


def test_an_allocation_decision_commits_money_through_the_ledger(world):
    # given
    Project.objects.filter(pk=world.projects["A"].pk).update(status="approved")
    funds.fund_create(actor=SETUP, year=world.projects["A"].year, cap="1000万")
    meeting = make_meeting(world, held=True)
    item = services.agenda_item_add(actor=SETUP, meeting=meeting, kind="allocation", title="安排经费",
                                    project=world.projects["A"].pk, amount="50万")
    # when
    services.decision_record(actor=SETUP, meeting=meeting, item=item, outcome="approve", text="同意安排50万元")
    # then
    entry = LedgerEntry.objects.get(kind=EntryKind.ALLOCATION, project=world.projects["A"])
    assert entry.amount == Decimal("500000.00") and meeting.title in entry.note
    # deciding the same item twice is a conflict and allocates nothing more
    with pytest.raises(Conflict):
        services.decision_record(actor=SETUP, meeting=meeting, item=item, outcome="approve", text="再次同意")
    assert LedgerEntry.objects.filter(kind=EntryKind.ALLOCATION).count() == 1


def test_an_allocation_beyond_the_fund_is_refused_and_nothing_recorded(world):
    Project.objects.filter(pk=world.projects["A"].pk).update(status="approved")
    funds.fund_create(actor=SETUP, year=world.projects["A"].year, cap="10万")
    meeting = make_meeting(world, held=True)
    item = services.agenda_item_add(actor=SETUP, meeting=meeting, kind="allocation", title="安排经费",
                                    project=world.projects["A"].pk, amount="50万")
    with pytest.raises(Conflict):
        services.decision_record(actor=SETUP, meeting=meeting, item=item, outcome="approve", text="同意")
    assert meeting.decisions.count() == 0 and not LedgerEntry.objects.filter(kind=EntryKind.ALLOCATION).exists()


def test_a_wrong_outcome_for_an_acting_item_names_the_field(world):
    _project, cr = approved_with_change(world, "A")
    meeting = make_meeting(world, held=True)
    item = services.agenda_item_add(actor=SETUP, meeting=meeting, kind="change_request", title="调整",
                                    change_request=cr)
    with pytest.raises(ValidationFailed) as exc:
        services.decision_record(actor=SETUP, meeting=meeting, item=item, outcome="return", text="退回")
    assert exc.value.field == "outcome"
    with pytest.raises(ValidationFailed) as exc:
        services.decision_record(actor=SETUP, meeting=meeting, item=item, outcome="approve", text="")
    assert exc.value.field == "text"


def test_an_action_item_needs_an_owner_and_a_due_date(world):
    with pytest.raises(ValidationFailed) as exc:
        actions.action_item_create(actor=SETUP, title="报送方案", owner_unit=None, due_date="")
    assert set(exc.value.errors) == {"owner_unit", "due_date"}
    with pytest.raises(ValidationFailed) as exc:
        actions.action_item_create(actor=SETUP, title="报送方案", owner_unit=world.units["A"].pk,
                                   due_date="2026-13-40")
    assert exc.value.field == "due_date"


def test_an_action_item_is_followed_to_closure(world):
    # given
    meeting = make_meeting(world, held=True)
    decision = services.decision_record(actor=SETUP, meeting=meeting, text="各单位报送整改方案")
    item = actions.action_item_create(actor=SETUP, title="报送整改方案", owner_unit=world.units["A"].pk,
                                      due_date=timezone.localdate() - dt.timedelta(days=1), decision=decision.pk)
    assert item.meeting == meeting and item.is_overdue
    # when: the owner unit reports progress, then the office closes it
    actions.action_item_note(actor=world.people["unit"], item=item, text="已起草方案", status="in_progress")
    with pytest.raises(PermissionRefused):
        actions.action_item_note(actor=world.people["unit"], item=item, text="完成", status="closed")
    with pytest.raises(PermissionRefused):
        actions.action_item_note(actor=world.people["other_unit"], item=item, text="代报")
    actions.action_item_note(actor=world.people["office"], item=item, text="已报送，关闭", status="closed")
    # then
    item.refresh_from_db()
    assert item.status == ActionStatus.CLOSED and item.closed_at and not item.is_overdue
    assert [n.status_after for n in item.notes.all()] == ["in_progress", "closed"]
    assert AuditEvent.objects.filter(verb="action_item.close", object_id=str(item.pk)).exists()
    with pytest.raises(Conflict):
        actions.action_item_note(actor=world.people["office"], item=item, text="再关", status="closed")


def test_an_overdue_action_item_returns_to_the_next_agenda_until_closed(world):
    # given
    item = actions.action_item_create(actor=SETUP, title="报送整改方案", owner_unit=world.units["A"].pk,
                                      due_date=timezone.localdate() - dt.timedelta(days=1))
    first = make_meeting(world, starts_at=past(), held=True)
    nxt = Meeting.objects.exclude(pk=first.pk).get()
    # then: proposed at the next meeting
    sources = [p.source for s, ps in agenda.agenda_proposals(nxt) if s and s.key == "action_item" for p in ps]
    assert sources == [f"action_item:{item.pk}"]
    # when closed, it is proposed no more
    actions.action_item_note(actor=SETUP, item=item, text="完成", status="closed")
    sources = [p.source for s, ps in agenda.agenda_proposals(nxt) if s and s.key == "action_item" for p in ps]
    assert sources == []


def test_attendance_is_recorded_once_the_meeting_began(world):
    meeting = make_meeting(world, starts_at=future(2))
    attendee = meeting.attendees.first()
    with pytest.raises(Conflict):
        services.attendance_set(actor=SETUP, attendee=attendee, attendance="present")
    services.attendance_set(actor=SETUP, attendee=attendee, attendance="excused")
    with pytest.raises(ValidationFailed) as exc:
        services.attendance_set(actor=SETUP, attendee=attendee, attendance="asleep")
    assert exc.value.field == "attendance"


def test_reminders_email_owner_units_about_overdue_items(world):
    from tongchou.meetings.reminders import remind_overdue

    world.people["unit"].email = "unit@example.gov.cn"
    world.people["unit"].save()
    actions.action_item_create(actor=SETUP, title="报送整改方案", owner_unit=world.units["A"].pk,
                               due_date=timezone.localdate() - dt.timedelta(days=1))
    sent = remind_overdue()
    assert sent == [(world.units["A"].name, ["unit@example.gov.cn"], 1)]
    assert mail.outbox[0].to == ["unit@example.gov.cn"]


def test_tongchou_remind_notifies_the_owner_unit_of_an_overdue_action_item_weekly(world):
    from tongchou.progress.models import Notification
    from tongchou.progress.reminders import remind

    # given
    item = actions.action_item_create(actor=SETUP, title="报送整改方案", owner_unit=world.units["A"].pk,
                                      due_date=timezone.localdate() - dt.timedelta(days=1))
    # when: remind runs twice the same day
    first = remind(timezone.localdate())
    again = remind(timezone.localdate())
    # then
    assert first["action_item_overdue"] == 1 and again["action_item_overdue"] == 0
    note = Notification.objects.get(kind="action_item_overdue")
    assert note.recipient == world.people["unit"] and str(item.pk) in note.url


def test_the_builder_proposes_red_projects_and_the_quarters_summary_from_the_progress_app(world):
    from tongchou.progress.models import HealthRating

    # given: project A rated red
    HealthRating.objects.create(project=world.projects["A"], month=timezone.localdate().replace(day=1),
                                level="red", computed_level="red", schedule_variance=Decimal("-30"),
                                cost_variance=Decimal("0"), reason="严重滞后")
    meeting = make_meeting(world)
    # when
    groups = {s.key: ps for s, ps in agenda.agenda_proposals(meeting) if s}
    # then
    assert [p.links for p in groups["red_project"]] == [{"project": world.projects["A"].pk}]
    assert len(groups["summary"]) == 1 and groups["summary"][0].source.startswith("summary:")
