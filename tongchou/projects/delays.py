"""Delays: a milestone past its planned date without an actual date makes its project late. A
late project carries the unit's cause analysis and recovery measures (分析原因、改进措施) for each
late milestone; ``delay_unexplained`` is what the progress report checks before it is accepted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.audit import audit_record
from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.validation import clean_date, clean_text

from .actors import person
from .lifecycle import ACTIVE_STATES, UNIT, actor_kinds
from .models import DelayExplanation, Milestone, Project
from .selectors import projects_visible_to


def late_milestones(project: Project, today: dt.date | None = None) -> QuerySet[Milestone]:
    today = today or timezone.localdate()
    if project.status not in ACTIVE_STATES:
        return Milestone.objects.none()
    return project.milestones.filter(planned_date__lt=today, actual_date__isnull=True)


def delay_unexplained(project: Project, today: dt.date | None = None) -> list[Milestone]:
    """Late milestones that have no cause analysis for the planned date they missed."""
    explained = DelayExplanation.objects.filter(milestone=OuterRef("pk"), planned_date=OuterRef("planned_date"))
    return list(late_milestones(project, today).filter(~Exists(explained)))


def late_projects(user: Any, today: dt.date | None = None) -> QuerySet[Project]:
    today = today or timezone.localdate()
    late = Milestone.objects.filter(project=OuterRef("pk"), planned_date__lt=today, actual_date__isnull=True)
    return projects_visible_to(user).filter(status__in=ACTIVE_STATES).filter(Exists(late))


@transaction.atomic
def delay_explain(*, actor: Any, milestone: Milestone, cause: str, measures: str,
                  expected_date: Any = None) -> DelayExplanation:
    project = Project.objects.select_for_update().get(pk=milestone.project_id)
    if UNIT not in actor_kinds(actor, project) and not getattr(actor, "is_office", False):
        raise PermissionRefused(_("Only the responsible unit explains its project's delays."))
    milestone = Milestone.objects.get(pk=milestone.pk)
    if not late_milestones(project).filter(pk=milestone.pk).exists():
        raise Conflict(_("Milestone “%(name)s” is not late.") % {"name": milestone.name})
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for field, fn in (
        ("cause", lambda: clean_text(cause, field="cause", label=_("Cause analysis"), max_length=5000)),
        ("measures", lambda: clean_text(measures, field="measures", label=_("Recovery measures"),
                                        max_length=5000)),
        ("expected_date", lambda: clean_date(expected_date, field="expected_date", label=_("Expected completion"))),
    ):
        try:
            values[field] = fn()
        except ValidationFailed as exc:
            errors.setdefault(field, []).append(exc.message)
    if not errors and values["expected_date"] and values["expected_date"] < timezone.localdate():
        errors["expected_date"] = [_("The expected completion is in the past.")]
    if errors:
        raise ValidationFailed.from_errors(errors)
    explanation = DelayExplanation.objects.create(
        project=project, milestone=milestone, planned_date=milestone.planned_date,
        recorded_by=person(actor), **values)
    audit_record(actor=actor, verb="delay.explain", obj=explanation, subject=project,
                 after={"milestone": milestone.name, "planned_date": milestone.planned_date, **values})
    return explanation
