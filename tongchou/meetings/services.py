"""Writes of the meetings app: scheduling, attendees, invitations, the agenda, holding the
meeting, minutes and decisions. A decision on a review, a change request or an allocation acts
through that app's own service, inside this transaction: if it refuses, nothing is recorded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.audit import audit_record
from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.money import parse_money
from tongchou.core.validation import clean_choice, clean_text
from tongchou.org.models import Unit, User
from tongchou.projects.models import ChangeRequest, Project, Review

from .models import (
    ACTING_KINDS,
    ActionItem,
    AgendaItem,
    Attendance,
    Attendee,
    AttendeeRole,
    Decision,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Outcome,
)

DEFAULT_PLACE = "市行政中心第一会议室"
QUARTERLY_HOUR = (9, 30)


def require_office(actor: Any) -> None:
    if not getattr(actor, "is_office", False):
        raise PermissionRefused(_("Only the Committee Office prepares and records meetings."))


def actor_name(actor: Any) -> str:
    if isinstance(actor, models.Model):
        return (actor.get_full_name() or actor.get_username())[:100]  # type: ignore[attr-defined]
    return str(actor)[:100]


def clean_datetime(value: Any, *, field: str, label: str) -> dt.datetime:
    if value in (None, ""):
        raise ValidationFailed(_("%(label)s is required.") % {"label": label}, field=field)
    if isinstance(value, dt.datetime):
        moment = value
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value).strip().replace("T", " "))
        except ValueError:
            raise ValidationFailed(_("%(label)s is not a date and time: use YYYY-MM-DD HH:MM.") % {"label": label},
                                   field=field) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _positive_int(value: Any, *, field: str, label: str, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationFailed(_("%(label)s must be a whole number.") % {"label": label}, field=field) from None
    if not 1 <= number <= 24 * 60:
        raise ValidationFailed(_("%(label)s must be between 1 and 1440.") % {"label": label}, field=field)
    return number


def _get(model: type[models.Model], value: Any, *, field: str, label: str, required: bool = False) -> Any:
    if value in (None, ""):
        if required:
            raise ValidationFailed(_("%(label)s is required.") % {"label": label}, field=field)
        return None
    if isinstance(value, model):
        return value
    try:
        return model._default_manager.get(pk=int(value))
    except (model.DoesNotExist, TypeError, ValueError):  # type: ignore[attr-defined]
        raise ValidationFailed(_("%(label)s “%(value)s” does not exist.") % {"label": label, "value": value},
                               field=field) from None


def lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _require_not_cancelled(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict(_("This meeting was cancelled."))


def require_held(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.HELD:
        raise Conflict(_("The meeting “%(title)s” has not been held yet: minutes and decisions are recorded "
                         "once it is under way (mark it held first).") % {"title": meeting.title})


def meeting_state(meeting: Meeting) -> dict[str, Any]:
    return {"kind": meeting.kind, "title": meeting.title, "starts_at": meeting.starts_at, "place": meeting.place,
            "chair": meeting.chair_name, "status": meeting.status, "duration_minutes": meeting.duration_minutes}


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def default_title(kind: str, day: dt.date) -> str:
    year, quarter = quarter_of(day)
    if kind == MeetingKind.QUARTERLY:
        return f"{year}年第{quarter}季度信息委工作例会"
    if kind == MeetingKind.PLENARY:
        return f"{year}年市信息化工作委员会全体成员会议"
    return f"{year}年信息委专题会议"


# --- Meetings -------------------------------------------------------------------------------------


def _clean_meeting(values: dict[str, Any], current: Meeting | None = None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    checks = {
        "kind": lambda v: clean_choice(v, field="kind", label=_("Kind"), choices=MeetingKind),
        "starts_at": lambda v: clean_datetime(v, field="starts_at", label=_("Date and time")),
        "place": lambda v: clean_text(v, field="place", label=_("Place"), max_length=200),
        "title": lambda v: clean_text(v, field="title", label=_("Title"), max_length=200, required=False),
        "duration_minutes": lambda v: _positive_int(v, field="duration_minutes", label=_("Duration (minutes)"),
                                                    default=120),
        "notice": lambda v: clean_text(v, field="notice", label=_("Notice"), max_length=10000, required=False),
        "number": lambda v: clean_text(v, field="number", label=_("Document number"), max_length=50,
                                       required=False),
        "chair": lambda v: _get(User, v, field="chair", label=_("Chair")),
        "chair_name": lambda v: clean_text(v, field="chair_name", label=_("Chair"), max_length=100,
                                           required=False),
    }
    for name, check in checks.items():
        if name not in values:
            continue
        try:
            cleaned[name] = check(values[name])
        except ValidationFailed as exc:
            errors.setdefault(name, []).append(exc.message)
    if errors:
        raise ValidationFailed.from_errors(errors)
    if cleaned.get("chair") is not None and not cleaned.get("chair_name"):
        cleaned["chair_name"] = cleaned["chair"].get_full_name()
    return cleaned


@transaction.atomic
def meeting_create(*, actor: Any, kind: Any, starts_at: Any, place: Any = DEFAULT_PLACE, title: Any = "",
                   chair: Any = None, chair_name: Any = "", duration_minutes: Any = None, notice: Any = "",
                   number: Any = "", attendees: list[Any] | None = None,
                   attendee_units: list[Any] | None = None) -> Meeting:
    require_office(actor)
    cleaned = _clean_meeting({"kind": kind, "starts_at": starts_at, "place": place, "title": title, "chair": chair,
                              "chair_name": chair_name, "duration_minutes": duration_minutes, "notice": notice,
                              "number": number})
    if not cleaned["title"]:
        cleaned["title"] = default_title(cleaned["kind"], timezone.localtime(cleaned["starts_at"]).date())
    meeting = Meeting.objects.create(**cleaned)
    audit_record(actor=actor, verb="meeting.create", obj=meeting, after=meeting_state(meeting))
    if meeting.chair is not None:
        _attendee_add(meeting, person=meeting.chair, unit=None, role=AttendeeRole.CHAIR)
    for person in attendees or []:
        _attendee_add(meeting, person=_get(User, person, field="attendees", label=_("Attendee")), unit=None,
                      role=AttendeeRole.MEMBER)
    for unit in attendee_units or []:
        _attendee_add(meeting, person=None, unit=_get(Unit, unit, field="attendee_units", label=_("Unit")),
                      role=AttendeeRole.MEMBER)
    return meeting


@transaction.atomic
def meeting_update(*, actor: Any, meeting: Meeting, **values: Any) -> Meeting:
    require_office(actor)
    meeting = lock_meeting(meeting)
    _require_not_cancelled(meeting)
    allowed = {"starts_at", "place", "title", "chair", "chair_name", "duration_minutes", "notice", "number"}
    unknown = set(values) - allowed
    if unknown:
        raise ValidationFailed(_("These fields cannot be changed: %(f)s.") % {"f": ", ".join(sorted(unknown))},
                               field=sorted(unknown)[0])
    if meeting.is_held and ({"starts_at", "place", "chair", "duration_minutes"} & set(values)):
        raise Conflict(_("The meeting was held: its date, place and chair are history."))
    cleaned = _clean_meeting(values, meeting)
    if "title" in cleaned and not cleaned["title"]:
        del cleaned["title"]
    before = meeting_state(meeting)
    for name, value in cleaned.items():
        setattr(meeting, name, value)
    meeting.save()
    if cleaned.get("chair") is not None and not meeting.attendees.filter(person=cleaned["chair"]).exists():
        _attendee_add(meeting, person=cleaned["chair"], unit=None, role=AttendeeRole.CHAIR)
    audit_record(actor=actor, verb="meeting.update", obj=meeting, before=before, after=meeting_state(meeting))
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting, reason: Any) -> Meeting:
    require_office(actor)
    meeting = lock_meeting(meeting)
    reason = clean_text(reason, field="reason", label=_("Reason"), max_length=2000)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise Conflict(_("Only a scheduled meeting can be cancelled; this one is “%(s)s”.")
                       % {"s": meeting.get_status_display()})
    before = meeting_state(meeting)
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, verb="meeting.cancel", obj=meeting, before=before, after=meeting_state(meeting),
                 reason=reason)
    return meeting


@transaction.atomic
def meeting_hold(*, actor: Any, meeting: Meeting, now: dt.datetime | None = None) -> Meeting:
    """The meeting is under way (or over): minutes and decisions may now be recorded. Holding a
    quarterly meeting schedules the next quarter's."""
    require_office(actor)
    meeting = lock_meeting(meeting)
    now = now or timezone.now()
    if meeting.status != MeetingStatus.SCHEDULED:
        raise Conflict(_("This meeting is “%(s)s”, not scheduled.") % {"s": meeting.get_status_display()})
    if meeting.starts_at > now + dt.timedelta(minutes=30):
        raise Conflict(_("The meeting starts at %(when)s: it cannot be held before then.")
                       % {"when": f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}"})
    before = meeting_state(meeting)
    meeting.status = MeetingStatus.HELD
    meeting.held_at = now
    meeting.save(update_fields=["status", "held_at", "updated_at"])
    audit_record(actor=actor, verb="meeting.hold", obj=meeting, before=before, after=meeting_state(meeting))
    if meeting.kind == MeetingKind.QUARTERLY:
        quarterly_meeting_schedule_next(actor=actor, after=meeting)
    return meeting


def _next_quarter_day(day: dt.date) -> dt.date:
    """The 15th of the middle month of the quarter after ``day``'s, moved off the weekend."""
    year, quarter = quarter_of(day)
    year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    target = dt.date(year, (quarter - 1) * 3 + 2, 15)
    while target.weekday() >= 5:
        target += dt.timedelta(days=1)
    return target


@transaction.atomic
def quarterly_meeting_schedule_next(*, actor: Any, after: Meeting | None = None,
                                    today: dt.date | None = None) -> Meeting | None:
    """Schedule the quarter after ``after`` (or after today's quarter) unless it already has its
    regular meeting; place, chair and attendees are those of the last quarterly meeting."""
    require_office(actor)
    previous = after or (Meeting.objects.filter(kind=MeetingKind.QUARTERLY)
                         .exclude(status=MeetingStatus.CANCELLED).order_by("-starts_at").first())
    base_day = timezone.localtime(after.starts_at).date() if after else (today or timezone.localdate())
    if previous is not None and after is None:
        base_day = max(base_day, timezone.localtime(previous.starts_at).date())
    day = _next_quarter_day(base_day)
    year, quarter = quarter_of(day)
    first = dt.date(year, (quarter - 1) * 3 + 1, 1)
    last = dt.date(year + (quarter == 4), 1 if quarter == 4 else quarter * 3 + 1, 1)
    exists = (Meeting.objects.filter(kind=MeetingKind.QUARTERLY, starts_at__date__gte=first,
                                     starts_at__date__lt=last).exclude(status=MeetingStatus.CANCELLED).exists())
    if exists:
        return None
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(*QUARTERLY_HOUR)))
    meeting = Meeting.objects.create(
        kind=MeetingKind.QUARTERLY, title=default_title(MeetingKind.QUARTERLY, day), starts_at=starts,
        place=previous.place if previous else DEFAULT_PLACE, chair=previous.chair if previous else None,
        chair_name=previous.chair_name if previous else "",
        duration_minutes=previous.duration_minutes if previous else 120)
    audit_record(actor=actor, verb="meeting.create", obj=meeting, after=meeting_state(meeting),
                 reason=_("Scheduled automatically: the next quarterly meeting."))
    if previous is not None:
        Attendee.objects.bulk_create(
            Attendee(meeting=meeting, person_id=a.person_id, unit_id=a.unit_id, name=a.name, role=a.role)
            for a in previous.attendees.all())
    return meeting


# --- Attendees and invitations --------------------------------------------------------------------


def _attendee_add(meeting: Meeting, *, person: User | None, unit: Unit | None, role: str) -> Attendee:
    if person is not None:
        existing = meeting.attendees.filter(person=person).first()
        if existing:
            return existing
        return Attendee.objects.create(meeting=meeting, person=person, unit=person.unit, role=role,
                                       name=person.get_full_name() or person.get_username())
    assert unit is not None
    existing = meeting.attendees.filter(person__isnull=True, unit=unit).first()
    return existing or Attendee.objects.create(meeting=meeting, unit=unit, name=unit.name, role=role)


@transaction.atomic
def attendee_add(*, actor: Any, meeting: Meeting, person: Any = None, unit: Any = None,
                 role: Any = AttendeeRole.MEMBER) -> Attendee:
    require_office(actor)
    meeting = lock_meeting(meeting)
    _require_not_cancelled(meeting)
    role = clean_choice(role or AttendeeRole.MEMBER, field="role", label=_("Role"), choices=AttendeeRole)
    person = _get(User, person, field="person", label=_("Person"))
    unit = _get(Unit, unit, field="unit", label=_("Unit"))
    if person is None and unit is None:
        raise ValidationFailed(_("Choose a person or a unit to invite."), field="person")
    if (person is not None and meeting.attendees.filter(person=person).exists()) or (
            person is None and meeting.attendees.filter(person__isnull=True, unit=unit).exists()):
        raise Conflict(_("%(name)s is already on the list.") % {"name": person or unit})
    attendee = _attendee_add(meeting, person=person, unit=unit, role=role)
    audit_record(actor=actor, verb="attendee.add", obj=attendee, subject=meeting,
                 after={"name": attendee.name, "role": attendee.role})
    return attendee


@transaction.atomic
def attendance_set(*, actor: Any, attendee: Attendee, attendance: Any) -> Attendee:
    require_office(actor)
    meeting = lock_meeting(attendee.meeting)
    _require_not_cancelled(meeting)
    attendance = clean_choice(attendance, field="attendance", label=_("Attendance"), choices=Attendance)
    if attendance in (Attendance.PRESENT, Attendance.ABSENT) and meeting.starts_at > timezone.now():
        raise Conflict(_("Presence is recorded once the meeting has begun."))
    attendee = Attendee.objects.get(pk=attendee.pk)
    before = {"attendance": attendee.attendance}
    attendee.attendance = attendance
    attendee.save(update_fields=["attendance"])
    audit_record(actor=actor, verb="attendee.attendance", obj=attendee, subject=meeting, before=before,
                 after={"attendance": attendance})
    return attendee


@transaction.atomic
def meeting_invite(*, actor: Any, meeting: Meeting) -> list[Attendee]:
    """Invite everyone on the list: the invitation shows on their home page now, and an email with
    the .ics file goes out once the transaction commits."""
    from .notify import send_invitations

    require_office(actor)
    meeting = lock_meeting(meeting)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise Conflict(_("Invitations go out for a scheduled meeting; this one is “%(s)s”.")
                       % {"s": meeting.get_status_display()})
    attendees = list(meeting.attendees.select_related("person", "unit"))
    if not attendees:
        raise ValidationFailed(_("Add attendees before sending the invitations."), field="attendees")
    now = timezone.now()
    meeting.attendees.update(invited_at=now)
    meeting.invited_at = now
    meeting.save(update_fields=["invited_at", "updated_at"])
    audit_record(actor=actor, verb="meeting.invite", obj=meeting, after={"invited": [a.name for a in attendees]})
    transaction.on_commit(lambda: send_invitations(meeting.pk))
    return attendees


# --- The agenda -----------------------------------------------------------------------------------


def _clean_amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    amount = parse_money(value, field="amount")
    if amount <= 0:
        raise ValidationFailed(_("The amount must be more than zero."), field="amount")
    return amount


@transaction.atomic
def agenda_item_add(*, actor: Any, meeting: Meeting, kind: Any = ItemKind.OTHER, title: Any = "",
                    description: Any = "", presenter: Any = "", source: Any = "", project: Any = None,
                    review: Any = None, change_request: Any = None, action_item: Any = None,
                    amount: Any = None) -> AgendaItem:
    require_office(actor)
    meeting = lock_meeting(meeting)
    _require_not_cancelled(meeting)
    kind = clean_choice(kind or ItemKind.OTHER, field="kind", label=_("Kind"), choices=ItemKind)
    review = _get(Review, review, field="review", label=_("Committee review"))
    change_request = _get(ChangeRequest, change_request, field="change_request", label=_("Change request"))
    action_item = _get(ActionItem, action_item, field="action_item", label=_("Action item"))
    project = _get(Project, project, field="project", label=_("Project"))
    amount = _clean_amount(amount)
    if kind == ItemKind.REVIEW and review is None:
        raise ValidationFailed(_("Choose the committee review this item decides."), field="review")
    if kind == ItemKind.CHANGE_REQUEST and change_request is None:
        raise ValidationFailed(_("Choose the change request this item decides."), field="change_request")
    if kind == ItemKind.ALLOCATION and (project is None or amount is None):
        raise ValidationFailed(_("An allocation item needs the project and the amount."),
                               field="project" if project is None else "amount")
    project = project or (review.project if review else None) or (change_request.project if change_request else None)
    title = clean_text(title, field="title", label=_("Title"), max_length=300)
    source = clean_text(source, field="source", label=_("Source"), max_length=100, required=False)
    if source and meeting.items.filter(source=source).exists():
        raise Conflict(_("This proposal is already on the agenda."))
    position = (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting, position=position, kind=kind, title=title, source=source, project=project,
        description=clean_text(description, field="description", label=_("Description"), max_length=10000,
                               required=False),
        presenter=clean_text(presenter, field="presenter", label=_("Presented by"), max_length=100,
                             required=False),
        review=review, change_request=change_request, action_item=action_item, amount=amount)
    audit_record(actor=actor, verb="agenda_item.add", obj=item, subject=meeting,
                 after={"position": position, "kind": kind, "title": title, "source": source})
    return item


@transaction.atomic
def agenda_item_update(*, actor: Any, item: AgendaItem, title: Any = None, description: Any = None,
                       presenter: Any = None, amount: Any = None) -> AgendaItem:
    require_office(actor)
    meeting = lock_meeting(item.meeting)
    _require_not_cancelled(meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    before = {"title": item.title, "description": item.description, "presenter": item.presenter,
              "amount": item.amount}
    if title is not None:
        item.title = clean_text(title, field="title", label=_("Title"), max_length=300)
    if description is not None:
        item.description = clean_text(description, field="description", label=_("Description"),
                                      max_length=10000, required=False)
    if presenter is not None:
        item.presenter = clean_text(presenter, field="presenter", label=_("Presented by"), max_length=100,
                                    required=False)
    if amount is not None:
        if item.decisions.exists():
            raise Conflict(_("The item was decided: its amount is history."))
        item.amount = _clean_amount(amount)
        if item.kind == ItemKind.ALLOCATION and item.amount is None:
            raise ValidationFailed(_("An allocation item needs the project and the amount."), field="amount")
    item.save()
    audit_record(actor=actor, verb="agenda_item.update", obj=item, subject=meeting, before=before,
                 after={"title": item.title, "description": item.description, "presenter": item.presenter,
                        "amount": item.amount})
    return item


@transaction.atomic
def agenda_item_remove(*, actor: Any, item: AgendaItem) -> None:
    require_office(actor)
    meeting = lock_meeting(item.meeting)
    if item.decisions.exists():
        raise Conflict(_("The item has decisions: it stays on the agenda."))
    audit_record(actor=actor, verb="agenda_item.remove", obj=item, subject=meeting,
                 before={"position": item.position, "title": item.title})
    item.delete()
    for position, pk in enumerate(meeting.items.order_by("position", "id").values_list("pk", flat=True), 1):
        AgendaItem.objects.filter(pk=pk).update(position=position)


@transaction.atomic
def agenda_reorder(*, actor: Any, meeting: Meeting, order: Any) -> list[AgendaItem]:
    """``order`` lists every item's id in its new order."""
    require_office(actor)
    meeting = lock_meeting(meeting)
    _require_not_cancelled(meeting)
    current = list(meeting.items.order_by("position", "id"))
    try:
        ids = [int(x) for x in order]
    except (TypeError, ValueError):
        raise ValidationFailed(_("Give the agenda items' ids in their new order."), field="order") from None
    if sorted(ids) != sorted(i.pk for i in current):
        raise ValidationFailed(_("The new order must list each of this meeting's agenda items once."),
                               field="order")
    before = [i.pk for i in current]
    by_id = {i.pk: i for i in current}
    for position, pk in enumerate(ids, 1):
        by_id[pk].position = position
    AgendaItem.objects.bulk_update(current, ["position"])
    audit_record(actor=actor, verb="agenda.reorder", obj=meeting, before={"order": before}, after={"order": ids})
    return [by_id[pk] for pk in ids]


def agenda_item_move(*, actor: Any, item: AgendaItem, direction: Any) -> list[AgendaItem]:
    ids = list(item.meeting.items.order_by("position", "id").values_list("pk", flat=True))
    index = ids.index(item.pk)
    if direction not in ("up", "down"):
        raise ValidationFailed(_("Move an item up or down."), field="direction")
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
    return agenda_reorder(actor=actor, meeting=item.meeting, order=ids)


# --- Minutes and decisions ------------------------------------------------------------------------


@transaction.atomic
def minutes_record(*, actor: Any, item: AgendaItem, minutes: Any) -> AgendaItem:
    require_office(actor)
    meeting = lock_meeting(item.meeting)
    require_held(meeting)
    minutes = clean_text(minutes, field="minutes", label=_("Minutes"), max_length=20000)
    item = AgendaItem.objects.get(pk=item.pk)
    before = {"minutes": item.minutes}
    item.minutes = minutes
    item.save(update_fields=["minutes"])
    audit_record(actor=actor, verb="agenda_item.minutes", obj=item, subject=meeting, before=before,
                 after={"minutes": minutes})
    return item


@transaction.atomic
def meeting_summary_record(*, actor: Any, meeting: Meeting, summary: Any) -> Meeting:
    require_office(actor)
    meeting = lock_meeting(meeting)
    require_held(meeting)
    before = {"summary": meeting.summary}
    meeting.summary = clean_text(summary, field="summary", label=_("Summary of the minutes"), max_length=20000)
    meeting.save(update_fields=["summary", "updated_at"])
    audit_record(actor=actor, verb="agenda_item.minutes", obj=meeting, before=before,
                 after={"summary": meeting.summary})
    return meeting


REVIEW_DECISIONS: dict[str, str] = {Outcome.APPROVE: "pass", Outcome.RETURN: "return", Outcome.REJECT: "reject"}


def _act(actor: Any, meeting: Meeting, item: AgendaItem, outcome: str, reason: str, score: Any) -> str:
    """Carry the decision out through the owning app's service; return what it did."""
    if item.kind == ItemKind.REVIEW:
        from tongchou.projects.reviews import review_decide

        if outcome not in REVIEW_DECISIONS:
            raise ValidationFailed(_("A review is decided by approve, return or reject."), field="outcome")
        assert item.review is not None
        review = Review.objects.select_related("project").get(pk=item.review.pk)
        review_decide(actor=actor, review=review, decision=REVIEW_DECISIONS[outcome], opinion=reason, score=score)
        review.refresh_from_db()
        return _("Review of %(code)s: %(outcome)s") % {"code": review.project.code,
                                                        "outcome": review.get_outcome_display()}
    if item.kind == ItemKind.CHANGE_REQUEST:
        from tongchou.projects.changes import change_request_decide

        if outcome not in (Outcome.APPROVE, Outcome.REJECT):
            raise ValidationFailed(_("A change request is approved or rejected."), field="outcome")
        assert item.change_request is not None
        cr = change_request_decide(actor=actor, change_request=item.change_request,
                                   approve=outcome == Outcome.APPROVE, comment=reason)
        return _("Change request of %(code)s: %(status)s") % {"code": item.change_request.project.code,
                                                               "status": cr.get_status_display()}
    # An allocation: approving commits the money through the fund's ledger.
    from tongchou.funds.services import allocation_create

    if outcome not in (Outcome.APPROVE, Outcome.REJECT):
        raise ValidationFailed(_("An allocation is approved or rejected."), field="outcome")
    if outcome == Outcome.REJECT:
        return _("Allocation not approved")
    entry = allocation_create(actor=actor, project=item.project_id, amount=item.amount, note=reason[:500])
    return _("Allocated %(amount)s to %(code)s (ledger entry %(id)s)") % {
        "amount": entry.amount, "code": entry.project.code, "id": entry.pk}


@transaction.atomic
def decision_record(*, actor: Any, meeting: Meeting, text: Any, item: Any = None, outcome: Any = Outcome.NOTED,
                    score: Any = None) -> Decision:
    """Record a decision (决定事项). On a review, change request or allocation item it is carried
    out at once with the meeting as the reason; if that was already decided elsewhere the other
    service answers 409 and, this being one transaction, nothing is recorded here either."""
    require_office(actor)
    meeting = lock_meeting(meeting)
    require_held(meeting)
    if item not in (None, "") and not isinstance(item, AgendaItem):
        item = _get(AgendaItem, item, field="item", label=_("Agenda item"))
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationFailed(_("That agenda item belongs to another meeting."), field="item")
    outcome = clean_choice(outcome or Outcome.NOTED, field="outcome", label=_("Outcome"), choices=Outcome)
    text = clean_text(text, field="text", label=_("Decision"), max_length=10000)
    effect = ""
    subject: models.Model = meeting
    if item is not None:
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if item.project_id:
            subject = Project.objects.get(pk=item.project_id)
        if item.kind in ACTING_KINDS:
            if item.decisions.exclude(outcome=Outcome.NOTED).exists():
                raise Conflict(_("This item was already decided at this meeting."))
            if outcome != Outcome.NOTED:
                reason = _("Decided at %(meeting)s: %(text)s") % {"meeting": meeting, "text": text}
                effect = _act(actor, meeting, item, outcome, reason, score)
    decision = Decision.objects.create(meeting=meeting, item=item, outcome=outcome, text=text, effect=effect[:300],
                                       decided_by_name=actor_name(actor))
    audit_record(actor=actor, verb="decision.record", obj=decision, subject=subject,
                 after={"meeting": str(meeting), "outcome": outcome, "text": text, "effect": effect},
                 reason=str(meeting))
    return decision
