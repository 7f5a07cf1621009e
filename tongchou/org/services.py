"""Writes to the organisation: units, working groups, programmes and people. Office only."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tongchou.core.audit import audit_record
from tongchou.core.errors import ValidationFailed
from tongchou.core.permissions import require_office
from tongchou.core.validation import clean_choice, clean_text

from .models import Programme, Role, Unit, UnitKind, User, WorkingGroup


def _unit_state(unit: Unit) -> dict[str, Any]:
    return {"code": unit.code, "name": unit.name, "kind": unit.kind,
            "parent": unit.parent.name if unit.parent else None, "is_active": unit.is_active}


def _clean_unit(*, code: Any, name: Any, kind: Any, parent: Unit | None, instance: Unit | None) -> dict[str, Any]:
    data = {
        "code": clean_text(code, field="code", label=_("Code"), max_length=32),
        "name": clean_text(name, field="name", label=_("Name"), max_length=100),
        "kind": clean_choice(kind, field="kind", label=_("Kind"), choices=UnitKind),
        "parent": parent,
    }
    others = Unit.objects.exclude(pk=instance.pk) if instance else Unit.objects.all()
    if others.filter(code=data["code"]).exists():
        raise ValidationFailed(_("A unit with code “%(code)s” already exists.") % data, field="code")
    if others.filter(name=data["name"]).exists():
        raise ValidationFailed(_("A unit named “%(name)s” already exists.") % data, field="name")
    ancestor = parent
    while ancestor is not None:
        if instance is not None and ancestor.pk == instance.pk:
            raise ValidationFailed(_("A unit cannot be its own parent."), field="parent")
        ancestor = ancestor.parent
    return data


@transaction.atomic
def unit_create(*, actor: Any, code: str, name: str, kind: str = UnitKind.DEPARTMENT,
                parent: Unit | None = None) -> Unit:
    require_office(actor)
    unit = Unit.objects.create(**_clean_unit(code=code, name=name, kind=kind, parent=parent, instance=None))
    audit_record(actor=actor, verb="unit.create", obj=unit, after=_unit_state(unit))
    return unit


@transaction.atomic
def unit_update(*, actor: Any, unit: Unit, code: str, name: str, kind: str, parent: Unit | None = None,
                is_active: bool = True) -> Unit:
    require_office(actor)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = _unit_state(unit)
    for key, value in _clean_unit(code=code, name=name, kind=kind, parent=parent, instance=unit).items():
        setattr(unit, key, value)
    unit.is_active = is_active
    unit.save()
    audit_record(actor=actor, verb="unit.update", obj=unit, before=before, after=_unit_state(unit))
    return unit


def _group_state(group: WorkingGroup) -> dict[str, Any]:
    return {"name": group.name, "lead_unit": group.lead_unit.name}


@transaction.atomic
def working_group_create(*, actor: Any, name: str, lead_unit: Unit) -> WorkingGroup:
    require_office(actor)
    name = clean_text(name, field="name", label=_("Name"), max_length=100)
    if WorkingGroup.objects.filter(name=name).exists():
        raise ValidationFailed(_("A working group named “%(name)s” already exists.") % {"name": name},
                               field="name")
    group = WorkingGroup.objects.create(name=name, lead_unit=lead_unit)
    audit_record(actor=actor, verb="working_group.create", obj=group, after=_group_state(group))
    return group


@transaction.atomic
def working_group_update(*, actor: Any, group: WorkingGroup, name: str, lead_unit: Unit) -> WorkingGroup:
    require_office(actor)
    group = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    before = _group_state(group)
    name = clean_text(name, field="name", label=_("Name"), max_length=100)
    if WorkingGroup.objects.exclude(pk=group.pk).filter(name=name).exists():
        raise ValidationFailed(_("A working group named “%(name)s” already exists.") % {"name": name},
                               field="name")
    group.name, group.lead_unit = name, lead_unit
    group.save()
    audit_record(actor=actor, verb="working_group.update", obj=group, before=before, after=_group_state(group))
    return group


def _programme_state(p: Programme) -> dict[str, Any]:
    return {"code": p.code, "name": p.name, "name_en": p.name_en, "group": p.group.name}


def _clean_programme(*, code: Any, name: Any, name_en: Any, instance: Programme | None) -> dict[str, Any]:
    data = {
        "code": clean_text(code, field="code", label=_("Code"), max_length=32),
        "name": clean_text(name, field="name", label=_("Name"), max_length=100),
        "name_en": clean_text(name_en, field="name_en", label=_("English name"), max_length=150,
                              required=False),
    }
    others = Programme.objects.exclude(pk=instance.pk) if instance else Programme.objects.all()
    if others.filter(code=data["code"]).exists():
        raise ValidationFailed(_("A programme with code “%(code)s” already exists.") % data, field="code")
    if others.filter(name=data["name"]).exists():
        raise ValidationFailed(_("A programme named “%(name)s” already exists.") % data, field="name")
    return data


@transaction.atomic
def programme_create(*, actor: Any, code: str, name: str, group: WorkingGroup, name_en: str = "") -> Programme:
    require_office(actor)
    data = _clean_programme(code=code, name=name, name_en=name_en, instance=None)
    programme = Programme.objects.create(group=group, **data)
    audit_record(actor=actor, verb="programme.create", obj=programme, after=_programme_state(programme))
    return programme


@transaction.atomic
def programme_update(*, actor: Any, programme: Programme, code: str, name: str, group: WorkingGroup,
                     name_en: str = "") -> Programme:
    require_office(actor)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    before = _programme_state(programme)
    for key, value in _clean_programme(code=code, name=name, name_en=name_en, instance=programme).items():
        setattr(programme, key, value)
    programme.group = group
    programme.save()
    audit_record(actor=actor, verb="programme.update", obj=programme, before=before,
                 after=_programme_state(programme))
    return programme


def _user_state(u: User) -> dict[str, Any]:
    return {"username": u.username, "name": u.get_full_name(), "unit": u.unit.name if u.unit else None,
            "role": u.role, "phone": u.phone, "email": u.email, "is_active": u.is_active}


def _clean_person(*, role: Any, unit: Unit | None) -> None:
    clean_choice(role, field="role", label=_("Role"), choices=Role)
    if unit is None:
        raise ValidationFailed(_("Every person belongs to a unit."), field="unit")
    if role == Role.GROUP_LEAD and not unit.led_groups.exists():
        raise ValidationFailed(
            _("A working group lead must belong to a unit that leads a working group; “%(unit)s” leads none.")
            % {"unit": unit.name},
            field="role",
        )


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), field="password") from None


@transaction.atomic
def user_create(*, actor: Any, username: str, password: str, unit: Unit | None, role: str,
                last_name: str = "", first_name: str = "", phone: str = "", email: str = "",
                validate: bool = True) -> User:
    """Create a person. ``validate=False`` is only for the demo's published demo passwords."""
    require_office(actor)
    username = clean_text(username, field="username", label=_("Login name"), max_length=150)
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(_("The login name “%(username)s” is taken.") % {"username": username},
                               field="username")
    _clean_person(role=role, unit=unit)
    user = User(username=username, unit=unit, role=role,
                last_name=clean_text(last_name, field="last_name", label=_("Family name"), max_length=150,
                                     required=False),
                first_name=clean_text(first_name, field="first_name", label=_("Given name"), max_length=150,
                                      required=False),
                phone=clean_text(phone, field="phone", label=_("Phone"), max_length=32, required=False),
                email=clean_text(email, field="email", label=_("Email"), max_length=254, required=False))
    if validate:
        _check_password(password, user)
    user.set_password(password)
    user.save()
    audit_record(actor=actor, verb="user.create", obj=user, after=_user_state(user))
    return user


@transaction.atomic
def user_update(*, actor: Any, user: User, unit: Unit | None, role: str, last_name: str = "",
                first_name: str = "", phone: str = "", email: str = "", is_active: bool = True,
                password: str = "") -> User:
    require_office(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = _user_state(user)
    _clean_person(role=role, unit=unit)
    if user.pk == actor.pk and (not is_active or role != Role.OFFICE) and not actor.is_superuser:
        raise ValidationFailed(_("You cannot remove your own office role or disable yourself."), field="role")
    user.unit, user.role, user.is_active = unit, role, is_active
    user.last_name = clean_text(last_name, field="last_name", label=_("Family name"), max_length=150,
                                required=False)
    user.first_name = clean_text(first_name, field="first_name", label=_("Given name"), max_length=150,
                                 required=False)
    user.phone = clean_text(phone, field="phone", label=_("Phone"), max_length=32, required=False)
    user.email = clean_text(email, field="email", label=_("Email"), max_length=254, required=False)
    if password:
        _check_password(password, user)
        user.set_password(password)
    user.save()
    audit_record(actor=actor, verb="user.update", obj=user, before=before, after=_user_state(user),
                 reason=_("password reset") if password else "")
    # 等保2.0: a disabled person's sessions end at once; a password the office set is changed at next login.
    from tongchou.accounts import services as accounts

    if password:
        accounts.password_set_by_office(user=user)
    if not is_active or password:
        accounts.sessions_end(user=user, reason=_("disabled") if not is_active else _("password reset"))
    return user
