"""Committee meetings (工作例会, 全体成员会议): attendees, agenda items with their minutes, the
decisions (决定事项) they took and the action items (督办事项) that follow them up."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongchou.org.models import Unit
from tongchou.projects.models import ChangeRequest, Project, Review


class MeetingKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary meeting")
    QUARTERLY = "quarterly", _("Quarterly regular meeting")
    SPECIAL = "special", _("Special meeting")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=120)
    place = models.CharField(_("place"), max_length=200)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("chair"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    chair_name = models.CharField(_("chair"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=MeetingStatus.choices,
                              default=MeetingStatus.SCHEDULED)
    notice = models.TextField(_("notice"), blank=True)
    summary = models.TextField(_("summary of the minutes"), blank=True)
    number = models.CharField(_("document number"), max_length=50, blank=True)
    invited_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)
    held_at = models.DateTimeField(_("held"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["-starts_at", "-id"], name="meeting_starts"),
                   models.Index(fields=["status", "starts_at"], name="meeting_status_starts"),
                   models.Index(fields=["kind", "starts_at"], name="meeting_kind_starts")]
        constraints = [models.CheckConstraint(condition=models.Q(duration_minutes__gt=0),
                                              name="meeting_duration_positive")]

    def __str__(self) -> str:
        return f"{self.title}（{timezone.localtime(self.starts_at):%Y-%m-%d}）"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD


class AttendeeRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    ATTENDEE = "attendee", _("Attending")
    OBSERVER = "observer", _("Observer (sits in)")


class Attendance(models.TextChoices):
    INVITED = "invited", _("Invited")
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class Attendee(models.Model):
    """A person or a unit asked to the meeting. A unit alone means "someone of the unit"."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="attendees")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="meeting_attendances")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=16, choices=AttendeeRole.choices, default=AttendeeRole.MEMBER)
    attendance = models.CharField(_("attendance"), max_length=16, choices=Attendance.choices,
                                  default=Attendance.INVITED)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], condition=models.Q(person__isnull=False),
                                    name="attendee_person_once"),
            models.UniqueConstraint(fields=["meeting", "unit"], condition=models.Q(person__isnull=True),
                                    name="attendee_unit_once"),
        ]

    def __str__(self) -> str:
        return self.name


class ItemKind(models.TextChoices):
    REPORT = "report", _("Report")
    RULE = "rule", _("Rule for discussion")
    REVIEW = "review", _("Project under review")
    CHANGE_REQUEST = "change_request", _("Change request")
    ALLOCATION = "allocation", _("Fund allocation")
    LATE_PROJECT = "late_project", _("Late project")
    RED_PROJECT = "red_project", _("Project rated red")
    SUMMARY = "summary", _("Quarterly summary")
    FUND_ANALYSIS = "fund_analysis", _("Fund usage analysis")
    ACTION_ITEM = "action_item", _("Overdue action item")
    OTHER = "other", _("Other business")


# Agenda items whose decision acts through another app's service.
ACTING_KINDS = (ItemKind.REVIEW, ItemKind.CHANGE_REQUEST, ItemKind.ALLOCATION)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="items")
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices, default=ItemKind.OTHER)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    presenter = models.CharField(_("presented by"), max_length=100, blank=True)
    source = models.CharField(_("proposed from"), max_length=100, blank=True,
                              help_text=_("The agenda builder's key of what proposed it."))
    project = models.ForeignKey(Project, verbose_name=_("project"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="agenda_items")
    review = models.ForeignKey(Review, verbose_name=_("committee review"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="agenda_items")
    change_request = models.ForeignKey(ChangeRequest, verbose_name=_("change request"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="agenda_items")
    action_item = models.ForeignKey("ActionItem", verbose_name=_("action item"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="agenda_items")
    amount = models.DecimalField(_("amount (yuan)"), max_digits=15, decimal_places=2, null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "id"]
        indexes = [models.Index(fields=["meeting", "position"], name="agenda_meeting_position")]
        constraints = [models.CheckConstraint(condition=models.Q(amount__isnull=True) | models.Q(amount__gt=0),
                                              name="agenda_amount_positive")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Outcome(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    RETURN = "return", _("Return for revision")
    NOTED = "noted", _("Noted / agreed in principle")


class Decision(models.Model):
    """What the meeting decided. On an acting item it records what the other app's service did."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="decisions")
    item = models.ForeignKey(AgendaItem, verbose_name=_("agenda item"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.NOTED)
    text = models.TextField(_("decision"))
    effect = models.CharField(_("what it did"), max_length=300, blank=True)
    decided_by_name = models.CharField(_("recorded by"), max_length=100)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class ActionItem(models.Model):
    """督办事项: something a unit must do by a date, followed until the office closes it."""

    title = models.CharField(_("what"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    owner_unit = models.ForeignKey(Unit, verbose_name=_("owner unit"), on_delete=models.PROTECT,
                                   related_name="action_items")
    due_date = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="action_items")
    decision = models.ForeignKey(Decision, verbose_name=_("decision"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="action_items")
    project = models.ForeignKey(Project, verbose_name=_("project"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="action_items")
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"], name="action_status_due"),
                   models.Index(fields=["owner_unit", "status", "due_date"], name="action_unit_status_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status != ActionStatus.CLOSED and self.due_date < timezone.localdate()


class ActionNote(models.Model):
    action_item = models.ForeignKey(ActionItem, verbose_name=_("action item"), on_delete=models.CASCADE,
                                    related_name="notes")
    text = models.TextField(_("progress"))
    status_after = models.CharField(_("status afterwards"), max_length=16, choices=ActionStatus.choices)
    author_name = models.CharField(_("by"), max_length=100)
    created_at = models.DateTimeField(_("noted"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["action_item", "id"]

    def __str__(self) -> str:
        return self.text[:80]
