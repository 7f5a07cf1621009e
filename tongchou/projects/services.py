"""Writes to projects and their modules. Every one checks permission, runs in one transaction
and writes its audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongchou.core.audit import audit_record
from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.money import parse_money
from tongchou.core.validation import clean_choice, clean_date, clean_text
from tongchou.org.models import Programme, Role, Unit, User

from .models import Module, Project, ProjectStatus, Tier
from .selectors import normalize_search, project_can_edit

MAX_MODULES = 100


def project_state(project: Project, modules: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """What the audit log and the review snapshot record of a project."""
    if modules is None:
        modules = [{"name": m.name, "description": m.description} for m in project.modules.all()]
    return {
        "code": project.code, "name": project.name, "year": project.year,
        "programme": project.programme.name, "unit": project.unit.name,
        "owner_name": project.owner_name, "owner_phone": project.owner_phone, "vendor": project.vendor,
        "description": project.description, "requested_budget": project.requested_budget,
        "tier": project.tier, "status": project.status,
        "planned_start": project.planned_start, "planned_end": project.planned_end,
        "modules": modules,
    }


def _clean_modules(modules: Any) -> list[dict[str, str]]:
    if modules is None:
        return []
    if not isinstance(modules, list | tuple):
        raise ValidationFailed(_("Modules must be a list of names and descriptions."), field="modules")
    if len(modules) > MAX_MODULES:
        raise ValidationFailed(_("At most %(max)d modules.") % {"max": MAX_MODULES}, field="modules")
    cleaned = []
    for index, module in enumerate(modules, start=1):
        if not isinstance(module, dict):
            raise ValidationFailed(_("Module %(n)d: give a name and a description.") % {"n": index},
                                   field="modules")
        name = clean_text(module.get("name"), field="modules", label=_("Module %(n)d name") % {"n": index},
                          max_length=200, required=False)
        description = clean_text(module.get("description"), field="modules",
                                 label=_("Module %(n)d description") % {"n": index}, max_length=5000,
                                 required=False)
        if not name and not description:
            continue  # an empty row of the form
        if not name:
            raise ValidationFailed(_("Module %(n)d needs a name.") % {"n": index}, field="modules")
        cleaned.append({"name": name, "description": description})
    names = [m["name"] for m in cleaned]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValidationFailed(_("Module names repeat: %(names)s.") % {"names": "、".join(duplicates)},
                               field="modules")
    return cleaned


def _clean_project(data: dict[str, Any], *, instance: Project | None) -> dict[str, Any]:
    """Check every field of a project, collecting all errors so a form shows them together."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}

    def check(field: str, fn: Any) -> None:
        try:
            cleaned[field] = fn()
        except ValidationFailed as exc:
            errors.setdefault(exc.field or field, []).append(exc.message)

    check("code", lambda: clean_text(data.get("code"), field="code", label=_("Project code"), max_length=40))
    check("name", lambda: clean_text(data.get("name"), field="name", label=_("Project name"), max_length=200))
    check("year", lambda: _clean_year(data.get("year")))
    check("programme", lambda: _clean_fk(data.get("programme"), Programme, "programme", _("Programme")))
    check("unit", lambda: _clean_fk(data.get("unit"), Unit, "unit", _("Responsible unit")))
    check("owner_name", lambda: clean_text(data.get("owner_name"), field="owner_name",
                                           label=_("Project owner"), max_length=50))
    check("owner_phone", lambda: clean_text(data.get("owner_phone"), field="owner_phone",
                                            label=_("Owner's phone"), max_length=32, required=False))
    check("vendor", lambda: clean_text(data.get("vendor"), field="vendor", label=_("Vendor"), max_length=200,
                                       required=False))
    check("description", lambda: clean_text(data.get("description"), field="description",
                                            label=_("Description"), max_length=20000, required=False))
    check("requested_budget", lambda: parse_money(data.get("requested_budget"), field="requested_budget"))
    check("tier", lambda: clean_choice(data.get("tier") or Tier.RESERVE, field="tier", label=_("Tier"),
                                       choices=Tier))
    check("planned_start", lambda: clean_date(data.get("planned_start"), field="planned_start",
                                              label=_("Planned start")))
    check("planned_end", lambda: clean_date(data.get("planned_end"), field="planned_end",
                                            label=_("Planned end")))
    check("modules", lambda: _clean_modules(data.get("modules")))

    start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        errors.setdefault("planned_end", []).append(_("The planned end is before the planned start."))
    if "code" in cleaned and "year" in cleaned:
        clash = Project.objects.filter(year=cleaned["year"], code=cleaned["code"])
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors.setdefault("code", []).append(
                _("Project code “%(code)s” is already used in %(year)s.") % cleaned)
    if errors:
        raise ValidationFailed.from_errors(errors)
    return cleaned


def _clean_year(value: Any) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationFailed(_("Year must be a number such as 2026."), field="year") from None
    if not 2000 <= year <= 2100:
        raise ValidationFailed(_("Year must be between 2000 and 2100."), field="year")
    return year


def _clean_fk(value: Any, model: Any, field: str, label: str) -> Any:
    if isinstance(value, model):
        return value
    if value in (None, ""):
        raise ValidationFailed(_("%(label)s is required.") % {"label": label}, field=field)
    try:
        return model.objects.get(pk=int(value))
    except (model.DoesNotExist, TypeError, ValueError):
        raise ValidationFailed(_("%(label)s “%(value)s” does not exist.") % {"label": label, "value": value},
                               field=field) from None


def _save_modules(project: Project, modules: list[dict[str, str]]) -> None:
    project.modules.all().delete()
    Module.objects.bulk_create(
        [Module(project=project, name=m["name"], description=m["description"], position=i)
         for i, m in enumerate(modules)]
    )


def project_search_text(project: Project, modules: list[dict[str, str]]) -> str:
    parts = [project.code, project.name, project.description, project.vendor, project.owner_name]
    parts += [m["name"] for m in modules]
    return normalize_search("\n".join(p for p in parts if p))


def _require_unit_scope(actor: Any, unit: Unit) -> None:
    """People of a unit create and edit their own unit's projects only."""
    if actor.is_office:
        return
    if actor.role not in (Role.UNIT, Role.GROUP_LEAD) or actor.unit_id != unit.pk:
        raise PermissionRefused(_("You may only create projects of your own unit."))


@transaction.atomic
def project_create(*, actor: Any, data: dict[str, Any]) -> Project:
    """Create a draft project with its modules. ``data`` holds the fields as typed."""
    if not getattr(actor, "is_authenticated", False) or not (
        actor.is_office or actor.role in (Role.UNIT, Role.GROUP_LEAD)
    ):
        raise PermissionRefused(_("Your role may not create projects."))
    data = dict(data)
    if not actor.is_office:
        # A unit's people always create for their own unit, whatever the request says.
        data["unit"] = actor.unit
    cleaned = _clean_project(data, instance=None)
    _require_unit_scope(actor, cleaned["unit"])
    modules = cleaned.pop("modules")
    project = Project(**cleaned, status=ProjectStatus.DRAFT,
                      created_by=actor if isinstance(actor, User) else None)
    project.search_text = project_search_text(project, modules)
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError:
        # Two people saving the same code at the same moment: the constraint decides.
        raise Conflict(_("Project code “%(code)s” is already used in %(year)s.")
                       % {"code": project.code, "year": project.year}, field="code") from None
    _save_modules(project, modules)
    audit_record(actor=actor, verb="project.create", obj=project, after=project_state(project, modules))
    return project


# What a baseline freezes of the project itself (milestones are frozen in ``baselines``).
BASELINE_FIELDS = ("requested_budget", "tier", "planned_start", "planned_end")


def _refuse_baseline_edit(project: Project, cleaned: dict[str, Any], modules: list[dict[str, str]],
                          before: dict[str, Any]) -> None:
    """Nobody — not even the office — edits a locked baseline directly: that is a change request."""
    from .baselines import project_is_locked

    changed = [f for f in BASELINE_FIELDS if cleaned[f] != before[f]]
    if modules != before["modules"]:
        changed.append("modules")
    if changed and project_is_locked(project):
        raise Conflict(_("The approved plan is locked in a baseline: file a change request to change %(fields)s.")
                       % {"fields": ", ".join(changed)}, field=changed[0])


@transaction.atomic
def project_update(*, actor: Any, project: Project, data: dict[str, Any], reason: str = "") -> Project:
    """Change a project's fields and modules. Fields missing from ``data`` keep their value."""
    project = Project.objects.select_for_update().select_related("programme", "unit").get(pk=project.pk)
    if not project_can_edit(actor, project):
        raise PermissionRefused(_("You may read this project but not change it."))
    if not project_can_edit(actor, project, now=True):
        raise Conflict(
            _("The project is “%(status)s”: its data can no longer be edited directly; file a change request.")
            % {"status": project.get_status_display()}
        )
    before = project_state(project)
    merged = {**before, "programme": project.programme, "unit": project.unit, **data}
    if not actor.is_office:
        merged["unit"] = project.unit  # a unit cannot hand its project to another unit
    cleaned = _clean_project(merged, instance=project)
    modules = cleaned.pop("modules")
    _refuse_baseline_edit(project, cleaned, modules, before)
    for key, value in cleaned.items():
        setattr(project, key, value)
    project.search_text = project_search_text(project, modules)
    after = project_state(project, modules)
    if after != before:
        # A committee review is of one version: any change to the proposal makes a new one.
        project.version += 1
    project.save()
    if modules != before["modules"]:
        _save_modules(project, modules)
    audit_record(actor=actor, verb="project.update", obj=project, before=before, after=after, reason=reason)
    return project

