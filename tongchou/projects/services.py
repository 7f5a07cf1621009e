"""Writes to projects and their modules. Every one checks permission, runs in one transaction
and writes its audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongchou.core.audit import audit_record, audit_record_many
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


# Field labels for messages, translated only when a message is made (a bulk import checks
# 10,000 rows: translating every label of every row eagerly was a third of its time).
LABELS: dict[str, Any] = {
    "code": gettext_lazy("Project code"),
    "name": gettext_lazy("Project name"),
    "programme": gettext_lazy("Programme"),
    "unit": gettext_lazy("Responsible unit"),
    "owner_name": gettext_lazy("Project owner"),
    "owner_phone": gettext_lazy("Owner's phone"),
    "vendor": gettext_lazy("Vendor"),
    "description": gettext_lazy("Description"),
    "tier": gettext_lazy("Tier"),
    "planned_start": gettext_lazy("Planned start"),
    "planned_end": gettext_lazy("Planned end"),
}


def _clean_project(data: dict[str, Any], *, instance: Project | None,
                   taken: set[tuple[str, int]] | None = None) -> dict[str, Any]:
    """Check every field of a project, collecting all errors so a form shows them together.
    (Labels are lazy: they are translated only for a message, which keeps bulk imports fast.)
    ``taken``: the (code, year) pairs already used, when the caller (a bulk create) has read them
    for many projects at once; otherwise the database is asked."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}

    def check(field: str, fn: Any) -> None:
        try:
            cleaned[field] = fn()
        except ValidationFailed as exc:
            errors.setdefault(exc.field or field, []).append(exc.message)

    check("code", lambda: clean_text(data.get("code"), field="code", label=LABELS["code"], max_length=40))
    check("name", lambda: clean_text(data.get("name"), field="name", label=LABELS["name"], max_length=200))
    check("year", lambda: _clean_year(data.get("year")))
    check("programme", lambda: _clean_fk(data.get("programme"), Programme, "programme", LABELS["programme"]))
    check("unit", lambda: _clean_fk(data.get("unit"), Unit, "unit", LABELS["unit"]))
    check("owner_name", lambda: clean_text(data.get("owner_name"), field="owner_name",
                                           label=LABELS["owner_name"], max_length=50))
    check("owner_phone", lambda: clean_text(data.get("owner_phone"), field="owner_phone",
                                            label=LABELS["owner_phone"], max_length=32, required=False))
    check("vendor", lambda: clean_text(data.get("vendor"), field="vendor", label=LABELS["vendor"], max_length=200,
                                       required=False))
    check("description", lambda: clean_text(data.get("description"), field="description",
                                            label=LABELS["description"], max_length=20000, required=False))
    check("requested_budget", lambda: parse_money(data.get("requested_budget"), field="requested_budget"))
    check("tier", lambda: clean_choice(data.get("tier") or Tier.RESERVE, field="tier", label=LABELS["tier"],
                                       choices=Tier))
    check("planned_start", lambda: clean_date(data.get("planned_start"), field="planned_start",
                                              label=LABELS["planned_start"]))
    check("planned_end", lambda: clean_date(data.get("planned_end"), field="planned_end",
                                            label=LABELS["planned_end"]))
    check("modules", lambda: _clean_modules(data.get("modules")))

    start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        errors.setdefault("planned_end", []).append(_("The planned end is before the planned start."))
    if "code" in cleaned and "year" in cleaned:
        if taken is not None and instance is None:
            clashes = (cleaned["code"], cleaned["year"]) in taken
        else:
            clash = Project.objects.filter(year=cleaned["year"], code=cleaned["code"])
            if instance is not None:
                clash = clash.exclude(pk=instance.pk)
            clashes = clash.exists()
        if clashes:
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


def _clean_fk(value: Any, model: Any, field: str, label: Any) -> Any:
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


def _require_create_role(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False) or not (
        actor.is_office or actor.role in (Role.UNIT, Role.GROUP_LEAD)
    ):
        raise PermissionRefused(_("Your role may not create projects."))


def _new_project(actor: Any, data: dict[str, Any], *,
                 taken: set[tuple[str, int]] | None = None) -> tuple[Project, list[dict[str, str]]]:
    """A checked, unsaved draft project and its modules: what ``project_create`` and
    ``project_create_many`` both save."""
    data = dict(data)
    if not actor.is_office:
        # A unit's people always create for their own unit, whatever the request says.
        data["unit"] = actor.unit
    cleaned = _clean_project(data, instance=None, taken=taken)
    _require_unit_scope(actor, cleaned["unit"])
    modules = cleaned.pop("modules")
    project = Project(**cleaned, status=ProjectStatus.DRAFT,
                      created_by=actor if isinstance(actor, User) else None)
    project.search_text = project_search_text(project, modules)
    return project, modules


@transaction.atomic
def project_create(*, actor: Any, data: dict[str, Any]) -> Project:
    """Create a draft project with its modules. ``data`` holds the fields as typed."""
    _require_create_role(actor)
    project, modules = _new_project(actor, data)
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


@transaction.atomic
def project_create_many(*, actor: Any, rows: list[dict[str, Any]], reason: str = "",
                        write: bool = True) -> list[Project | ValidationFailed | PermissionRefused]:
    """Create many draft projects at once (an import): each row is checked exactly as
    ``project_create`` checks it; the valid ones are written with bulk inserts, each with its
    modules and its ``project.create`` audit event. Returns, per row, the project or the error
    that refused it. Rows repeating a code and year of another row are the caller's to refuse.
    ``write=False`` (an import's preview) checks every row the same way and writes nothing."""
    _require_create_role(actor)
    keys = set()
    for data in rows:
        try:
            keys.add((str(data.get("code") or "").strip(), int(str(data.get("year")).strip())))
        except (TypeError, ValueError):
            continue
    taken: set[tuple[str, int]] = set()
    codes = sorted({code for code, _year in keys if code})
    for start in range(0, len(codes), 500):
        taken.update(Project.objects.filter(code__in=codes[start:start + 500]).values_list("code", "year"))
    results: list[Project | ValidationFailed | PermissionRefused] = []
    new: list[tuple[Project, list[dict[str, str]]]] = []
    for data in rows:
        try:
            project, modules = _new_project(actor, data, taken=taken)
        except (ValidationFailed, PermissionRefused) as exc:
            results.append(exc)
            continue
        results.append(project)
        new.append((project, modules))
    if not write:
        return results
    try:
        with transaction.atomic():
            Project.objects.bulk_create([p for p, _m in new], batch_size=500)
    except IntegrityError:
        # Someone saved one of these codes since they were read: the constraint decides.
        raise Conflict(_("A project code of this batch was used by someone else meanwhile: try again."),
                       field="code") from None
    Module.objects.bulk_create(
        [Module(project=p, name=m["name"], description=m["description"], position=i)
         for p, modules in new for i, m in enumerate(modules)], batch_size=1000)
    audit_record_many(actor=actor, verb="project.create",
                      events=[(p, project_state(p, modules)) for p, modules in new], reason=reason)
    return results


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

