"""Action items (督办事项): opened by the office (usually from a decision), reported on by the
owner unit, closed by the office. Overdue = past due and not closed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.audit import audit_record
from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.validation import clean_choice, clean_date, clean_text
from tongchou.org.models import Unit
from tongchou.projects.models import Project

from .models import ActionItem, ActionNote, ActionStatus, Decision, Meeting
from .services import _get, actor_name, require_office


def action_state(item: ActionItem) -> dict[str, Any]:
    return {"title": item.title, "owner_unit": str(item.owner_unit), "due_date": item.due_date,
            "status": item.status}


@transaction.atomic
def action_item_create(*, actor: Any, title: Any, owner_unit: Any, due_date: Any, description: Any = "",
                       meeting: Any = None, decision: Any = None, project: Any = None) -> ActionItem:
    require_office(actor)
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    checks = {
        "title": lambda: clean_text(title, field="title", label=_("What"), max_length=300),
        "owner_unit": lambda: _get(Unit, owner_unit, field="owner_unit", label=_("Owner unit"), required=True),
        "due_date": lambda: clean_date(due_date, field="due_date", label=_("Due date"), required=True),
        "description": lambda: clean_text(description, field="description", label=_("Details"),
                                          max_length=10000, required=False),
        "meeting": lambda: _get(Meeting, meeting, field="meeting", label=_("Meeting")),
        "decision": lambda: _get(Decision, decision, field="decision", label=_("Decision")),
        "project": lambda: _get(Project, project, field="project", label=_("Project")),
    }
    for name, check in checks.items():
        try:
            values[name] = check()
        except ValidationFailed as exc:
            errors.setdefault(name, []).append(exc.message)
    if errors:
        raise ValidationFailed.from_errors(errors)
    if values["decision"] is not None:
        values["meeting"] = values["meeting"] or values["decision"].meeting
        if values["decision"].meeting_id != values["meeting"].pk:
            raise ValidationFailed(_("That decision belongs to another meeting."), field="decision")
    item = ActionItem.objects.create(**values)
    audit_record(actor=actor, verb="action_item.create", obj=item, subject=item.project or item,
                 after=action_state(item))
    return item


def _may_report(actor: Any, item: ActionItem) -> bool:
    return getattr(actor, "is_office", False) or (
        getattr(actor, "unit_id", None) == item.owner_unit_id and not getattr(actor, "reads_everything", False))


@transaction.atomic
def action_item_note(*, actor: Any, item: ActionItem, text: Any, status: Any = None) -> ActionNote:
    """A progress note by the owner unit (or the office); the unit may mark it in progress; only
    the office closes or reopens it."""
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if not _may_report(actor, item):
        raise PermissionRefused(_("Only the owner unit and the office report on this action item."))
    text = clean_text(text, field="text", label=_("Progress"), max_length=10000)
    status = clean_choice(status or item.status, field="status", label=_("Status"), choices=ActionStatus)
    if item.status == ActionStatus.CLOSED and status == ActionStatus.CLOSED:
        raise Conflict(_("This action item is closed: the office reopens it first."))
    if status == ActionStatus.CLOSED or (item.status == ActionStatus.CLOSED):
        require_office(actor)
    before = action_state(item)
    item.status = status
    item.closed_at = timezone.now() if status == ActionStatus.CLOSED else None
    item.save(update_fields=["status", "closed_at"])
    note = ActionNote.objects.create(action_item=item, text=text, status_after=status,
                                     author_name=actor_name(actor))
    verb = ("action_item.close" if status == ActionStatus.CLOSED and before["status"] != status else
            "action_item.reopen" if before["status"] == ActionStatus.CLOSED else "action_item.note")
    audit_record(actor=actor, verb=verb, obj=item, subject=item.project or item, before=before,
                 after=action_state(item), reason=text)
    return note


@transaction.atomic
def action_item_update(*, actor: Any, item: ActionItem, due_date: Any = None, owner_unit: Any = None,
                       title: Any = None, description: Any = None) -> ActionItem:
    require_office(actor)
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    before = action_state(item)
    if due_date is not None:
        due = clean_date(due_date, field="due_date", label=_("Due date"), required=True)
        assert due is not None
        item.due_date = due
    if owner_unit is not None:
        item.owner_unit = _get(Unit, owner_unit, field="owner_unit", label=_("Owner unit"), required=True)
    if title is not None:
        item.title = clean_text(title, field="title", label=_("What"), max_length=300)
    if description is not None:
        item.description = clean_text(description, field="description", label=_("Details"), max_length=10000,
                                      required=False)
    item.save()
    audit_record(actor=actor, verb="action_item.note", obj=item, subject=item.project or item, before=before,
                 after=action_state(item))
    return item
