"""Milestones and baselines. Milestones are planned while the proposal is a draft; on the
government's approval they become baseline v1 and are locked. From then on only an approved
change request (``changes``) moves them, creating the next baseline version. Actual dates are
progress and are recorded as they happen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.audit import audit_record, to_jsonable
from tongchou.core.errors import Conflict, NotFound, PermissionRefused, ValidationFailed
from tongchou.core.validation import clean_date, clean_text

from .actors import person
from .models import Baseline, ChangeRequest, Milestone, Project, ProjectStatus
from .selectors import project_can_edit, projects_visible_to

MAX_MILESTONES = 50
# States in which actual dates are recorded.
RECORDING_STATES = frozenset({ProjectStatus.APPROVED, ProjectStatus.IN_IMPLEMENTATION,
                              ProjectStatus.ACCEPTANCE_REQUESTED, ProjectStatus.SUSPENDED})


def project_is_locked(project: Project) -> bool:
    """Whether the plan is under a baseline (and so changes only through a change request)."""
    return Baseline.objects.filter(project=project).exists()


def milestone_state(m: Milestone) -> dict[str, Any]:
    return {"name": m.name, "planned_date": m.planned_date, "actual_date": m.actual_date,
            "deliverable": m.deliverable}


def clean_planned_date(value: Any, project: Project, *, field: str = "planned_date",
                       label: str | None = None) -> dt.date:
    date = clean_date(value, field=field, label=label or _("Planned date"), required=True)
    assert date is not None
    if project.planned_start and date < project.planned_start:
        raise ValidationFailed(
            _("%(label)s %(date)s is before the project's start (%(start)s).")
            % {"label": label or _("Planned date"), "date": date, "start": project.planned_start}, field=field)
    return date


def _clean_milestone(project: Project, data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for field, fn in (
        ("name", lambda: clean_text(data.get("name"), field="name", label=_("Milestone"), max_length=200)),
        ("planned_date", lambda: clean_planned_date(data.get("planned_date"), project)),
        ("deliverable", lambda: clean_text(data.get("deliverable"), field="deliverable", label=_("Deliverable"),
                                           max_length=300, required=False)),
    ):
        try:
            cleaned[field] = fn()
        except ValidationFailed as exc:
            errors.setdefault(field, []).append(exc.message)
    if errors:
        raise ValidationFailed.from_errors(errors)
    return cleaned


def _lock_plan(actor: Any, project: Project) -> Project:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not project_can_edit(actor, locked):
        raise PermissionRefused(_("You may read this project but not change it."))
    if project_is_locked(locked):
        raise Conflict(_("The milestones are locked in baseline v%(v)d: file a change request to move them.")
                       % {"v": locked.baselines.count()})
    if not project_can_edit(actor, locked, now=True):
        raise Conflict(_("The project is “%(status)s”: its plan can no longer be edited directly.")
                       % {"status": locked.get_status_display()})
    return locked


def _touch(project: Project) -> None:
    # The plan is part of what the committee reviews: any change makes a new version.
    project.version += 1
    project.save(update_fields=["version", "updated_at"])


@transaction.atomic
def milestone_create(*, actor: Any, project: Project, data: dict[str, Any]) -> Milestone:
    project = _lock_plan(actor, project)
    if project.milestones.count() >= MAX_MILESTONES:
        raise ValidationFailed(_("At most %(max)d milestones.") % {"max": MAX_MILESTONES}, field="name")
    cleaned = _clean_milestone(project, data)
    milestone = Milestone.objects.create(project=project, position=project.milestones.count(), **cleaned)
    _touch(project)
    audit_record(actor=actor, verb="milestone.create", obj=milestone, subject=project,
                 after=milestone_state(milestone))
    return milestone


@transaction.atomic
def milestone_update(*, actor: Any, milestone: Milestone, data: dict[str, Any]) -> Milestone:
    """Change a milestone's plan (before the baseline) or record its actual date (afterwards)."""
    # Project first, then milestone: the same order as every other writer of the plan.
    project = Project.objects.select_for_update().get(pk=milestone.project_id)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    before = milestone_state(milestone)
    plan_fields = {k for k in ("name", "planned_date", "deliverable") if k in data}
    if plan_fields:
        project = _lock_plan(actor, project)
        cleaned = _clean_milestone(project, {**before, **{k: data[k] for k in plan_fields}})
        for key, value in cleaned.items():
            setattr(milestone, key, value)
    if "actual_date" in data:
        if not project_can_edit(actor, project):
            raise PermissionRefused(_("You may read this project but not change it."))
        if project.status not in RECORDING_STATES:
            raise Conflict(_("Actual dates are recorded once the project is approved (it is “%(status)s”).")
                           % {"status": project.get_status_display()})
        actual = clean_date(data["actual_date"], field="actual_date", label=_("Actual date"))
        if actual and actual > timezone.localdate():
            raise ValidationFailed(_("The actual date %(date)s is in the future.") % {"date": actual},
                                   field="actual_date")
        if actual and project.planned_start and actual < project.planned_start:
            raise ValidationFailed(_("%(label)s %(date)s is before the project's start (%(start)s).")
                                   % {"label": _("Actual date"), "date": actual, "start": project.planned_start},
                                   field="actual_date")
        milestone.actual_date = actual
    if not plan_fields and "actual_date" not in data:
        raise ValidationFailed(_("Nothing to change."), field="name")
    milestone.save()
    if plan_fields:
        _touch(project)
    verb = "milestone.update" if plan_fields else "milestone.record_actual"
    audit_record(actor=actor, verb=verb, obj=milestone, subject=project, before=before,
                 after=milestone_state(milestone))
    return milestone


@transaction.atomic
def milestone_delete(*, actor: Any, milestone: Milestone) -> None:
    project = _lock_plan(actor, milestone.project)
    before = milestone_state(milestone)
    audit_record(actor=actor, verb="milestone.delete", obj=milestone, subject=project, before=before)
    milestone.delete()
    _touch(project)


def baseline_data(project: Project) -> dict[str, Any]:
    return to_jsonable({
        "milestones": [{"id": m.pk, **milestone_state(m)} for m in project.milestones.all()],
        "modules": [{"name": m.name, "description": m.description} for m in project.modules.all()],
        "requested_budget": project.requested_budget, "tier": project.tier,
        "planned_start": project.planned_start, "planned_end": project.planned_end,
    })


def baseline_create(*, actor: Any, project: Project, first: bool = False,
                    change_request: ChangeRequest | None = None) -> Baseline:
    """Freeze the current plan as the next baseline version. Called inside the transition service
    (v1) or the change request decision (v2…), which hold the project's row lock."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("baseline_create runs inside its caller's transaction")
    version = project.baselines.count() + 1
    if first and version != 1:
        raise Conflict(_("The project already has a baseline."))
    if first and not project.milestones.exists():
        raise ValidationFailed(_("The project has no milestones to make a baseline of."), field="milestones")
    data = baseline_data(project)
    # ``actual_date`` is progress, not plan: a baseline keeps planned values only.
    for m in data["milestones"]:
        m.pop("actual_date", None)
    baseline = Baseline.objects.create(project=project, version=version, data=data, change_request=change_request,
                                       created_by=person(actor))
    audit_record(actor=actor, verb="baseline.create", obj=baseline, subject=project,
                 after={"version": version, "milestones": data["milestones"]})
    return baseline


def baseline_get(*, project: Project, version: Any) -> Baseline:
    try:
        return project.baselines.get(version=int(version))
    except (Baseline.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No baseline version “%(v)s”.") % {"v": version}) from None


def baseline_compare(a: Baseline, b: Baseline) -> dict[str, Any]:
    """Two versions side by side: each milestone's date in both and how many days it moved;
    modules added or removed; budget and tier."""
    a_ms = {m["id"]: m for m in a.data["milestones"]}
    b_ms = {m["id"]: m for m in b.data["milestones"]}
    rows = []
    for mid in [*a_ms, *[i for i in b_ms if i not in a_ms]]:
        left, right = a_ms.get(mid), b_ms.get(mid)
        shift = None
        if left and right:
            shift = (dt.date.fromisoformat(right["planned_date"]) - dt.date.fromisoformat(left["planned_date"])).days
        rows.append({"name": (right or left or {}).get("name", ""), "a": left and left["planned_date"],
                     "b": right and right["planned_date"], "shift_days": shift})
    a_mod = {m["name"] for m in a.data["modules"]}
    b_mod = {m["name"] for m in b.data["modules"]}
    return {
        "a": a.version, "b": b.version, "milestones": rows,
        "modules_added": sorted(b_mod - a_mod), "modules_removed": sorted(a_mod - b_mod),
        "budget": {"a": a.data["requested_budget"], "b": b.data["requested_budget"],
                   "changed": a.data["requested_budget"] != b.data["requested_budget"]},
        "tier": {"a": a.data["tier"], "b": b.data["tier"], "changed": a.data["tier"] != b.data["tier"]},
    }


def timeline_data(project: Project) -> dict[str, Any]:
    """For the ECharts timeline: each milestone's planned date in every baseline version, the
    current plan and the actual date."""
    baselines = list(project.baselines.all())
    milestones = list(project.milestones.all())
    return {
        "milestones": [m.name for m in milestones],
        "versions": [{"version": b.version,
                      "dates": {str(m["id"]): m["planned_date"] for m in b.data["milestones"]}} for b in baselines],
        "planned": [m.planned_date.isoformat() for m in milestones],
        "actual": [m.actual_date.isoformat() if m.actual_date else None for m in milestones],
        "ids": [str(m.pk) for m in milestones],
        "today": timezone.localdate().isoformat(),
    }


def milestone_get_for_user(*, user: Any, pk: Any) -> Milestone:
    try:
        return Milestone.objects.select_related("project").get(pk=int(pk),
                                                               project__in=projects_visible_to(user))
    except (Milestone.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No such milestone.")) from None
