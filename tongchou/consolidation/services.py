"""Writes of the consolidation app. Each checks permission, runs in one transaction and audits."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.audit import audit_record
from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.money import format_yuan, parse_money, quantize
from tongchou.core.permissions import require_office
from tongchou.core.validation import clean_choice, clean_text
from tongchou.org.models import Unit
from tongchou.projects.models import Module, Project
from tongchou.projects.selectors import project_can_edit

from .models import (
    RESOURCE_FIELDS,
    RESOURCES,
    Allocation,
    Asset,
    AssetKind,
    DecisionKind,
    InfraNeed,
    NeedStatus,
    OverlapDecision,
    Saving,
    SavingKind,
    SavingStatus,
    UnitPrice,
)
from .selectors import asset_free, resource_label

MAX_AMOUNT = Decimal("9999999999.99")


def _actor_model(actor: Any) -> Any:
    return actor if isinstance(actor, Model) else None


def clean_amount(value: Any, *, field: str, label: str) -> Decimal:
    """A capacity figure: a number ≥ 0 with at most two decimals; empty is 0."""
    if value in (None, ""):
        return Decimal("0")
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValidationFailed(
            _("%(label)s must be a number, e.g. 8 or 2.5.") % {"label": label}, field=field
        ) from None
    if not amount.is_finite():
        raise ValidationFailed(_("%(label)s must be a number, e.g. 8 or 2.5.") % {"label": label}, field=field)
    if amount < 0:
        raise ValidationFailed(_("%(label)s cannot be negative.") % {"label": label}, field=field)
    if amount > MAX_AMOUNT:
        raise ValidationFailed(_("%(label)s is too large.") % {"label": label}, field=field)
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationFailed(_("%(label)s has at most two decimal places.") % {"label": label}, field=field)
    return amount.quantize(Decimal("0.01"))


def _clean_resources(data: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Decimal]:
    out = {}
    for name, label, _unit in RESOURCES:
        try:
            out[name] = clean_amount(data.get(name), field=name, label=str(label))
        except ValidationFailed as exc:
            errors.setdefault(name, []).append(exc.message)
    return out


def _state(obj: Model, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


ASSET_FIELDS = ("code", "name", "kind", "location", "description", "is_active", *RESOURCE_FIELDS)
NEED_FIELDS = ("description", "status", *RESOURCE_FIELDS)


# -- shared assets -------------------------------------------------------------------------------
def _clean_asset(data: dict[str, Any], instance: Asset | None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for name, label, max_length, required in (
        ("code", _("Asset code"), 40, True),
        ("name", _("Asset name"), 200, True),
        ("location", _("Location"), 200, False),
        ("description", _("Description"), 5000, False),
    ):
        try:
            cleaned[name] = clean_text(
                data.get(name), field=name, label=label, max_length=max_length, required=required
            )
        except ValidationFailed as exc:
            errors.setdefault(name, []).append(exc.message)
    try:
        cleaned["kind"] = clean_choice(data.get("kind"), field="kind", label=_("Kind"), choices=AssetKind)
    except ValidationFailed as exc:
        errors.setdefault("kind", []).append(exc.message)
    operator = data.get("operator")
    if isinstance(operator, Unit):
        cleaned["operator"] = operator
    else:
        try:
            cleaned["operator"] = Unit.objects.get(pk=int(operator))  # type: ignore[arg-type]
        except (Unit.DoesNotExist, TypeError, ValueError):
            errors.setdefault("operator", []).append(_("Choose the unit that operates the asset."))
    cleaned.update(_clean_resources(data, errors))
    cleaned["is_active"] = bool(data.get("is_active", True))
    if "code" in cleaned:
        clash = Asset.objects.filter(code=cleaned["code"])
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors.setdefault("code", []).append(_("Asset code “%(code)s” is already used.") % cleaned)
    if instance is not None and not errors:
        taken = asset_taken(instance)
        for name, label, _u in RESOURCES:
            if cleaned[name] < taken[name]:
                errors.setdefault(name, []).append(
                    _("%(label)s cannot go below what is already allocated (%(taken)s).")
                    % {"label": label, "taken": taken[name]}
                )
    if not errors and not any(cleaned[f] for f in RESOURCE_FIELDS):
        errors.setdefault("vcpu", []).append(_("Give the asset's capacity in at least one resource."))
    if errors:
        raise ValidationFailed.from_errors(errors)
    return cleaned


def asset_taken(asset: Asset) -> dict[str, Decimal]:
    from .selectors import allocated_by_asset

    return allocated_by_asset([asset.pk]).get(asset.pk, {f: Decimal("0") for f in RESOURCE_FIELDS})


@transaction.atomic
def asset_create(*, actor: Any, data: dict[str, Any]) -> Asset:
    require_office(actor)
    asset = Asset.objects.create(**_clean_asset(data, None))
    audit_record(actor=actor, verb="asset.create", obj=asset, after=_state(asset, ASSET_FIELDS))
    return asset


@transaction.atomic
def asset_update(*, actor: Any, asset: Asset, data: dict[str, Any]) -> Asset:
    require_office(actor)
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    before = _state(asset, ASSET_FIELDS)
    merged = {**before, "operator": asset.operator, **data}
    for key, value in _clean_asset(merged, asset).items():
        setattr(asset, key, value)
    asset.save()
    audit_record(actor=actor, verb="asset.update", obj=asset, before=before, after=_state(asset, ASSET_FIELDS))
    return asset


# -- needs and allocations -----------------------------------------------------------------------
@transaction.atomic
def need_create(*, actor: Any, project: Project, data: dict[str, Any]) -> InfraNeed:
    """A project declares what infrastructure it needs."""
    if not project_can_edit(actor, project):
        raise PermissionRefused(_("You may read this project but not change it."))
    errors: dict[str, list[str]] = {}
    try:
        description = clean_text(data.get("description"), field="description", label=_("What for"), max_length=200)
    except ValidationFailed as exc:
        errors["description"] = [exc.message]
    amounts = _clean_resources(data, errors)
    if not errors and not any(amounts.values()):
        errors["vcpu"] = [_("Give at least one amount: vCPU, memory, storage, bandwidth or seats.")]
    if errors:
        raise ValidationFailed.from_errors(errors)
    need = InfraNeed.objects.create(project=project, description=description, **amounts)
    audit_record(actor=actor, verb="infra_need.create", obj=need, after=_state(need, NEED_FIELDS), subject=project)
    return need


@transaction.atomic
def need_delete(*, actor: Any, need: InfraNeed) -> None:
    if not project_can_edit(actor, need.project):
        raise PermissionRefused(_("You may read this project but not change it."))
    if need.allocations.filter(is_active=True).exists():
        raise Conflict(_("The need is hosted on shared capacity: release the allocation first."))
    before = _state(need, NEED_FIELDS)
    audit_record(actor=actor, verb="infra_need.delete", obj=need, before=before, subject=need.project)
    need.delete()


def estimate_saving(need: InfraNeed) -> tuple[Decimal, str]:
    """What hosting ``need`` on shared capacity saves at the configured unit prices, and how."""
    prices = {p.resource: p.price for p in UnitPrice.objects.all()}
    total = Decimal("0")
    lines = []
    for name, label, unit in RESOURCES:
        amount = getattr(need, name)
        if amount and name in prices:
            part = quantize(amount * prices[name])
            total += part
            lines.append(f"{label} {amount.normalize():f} {unit} × {format_yuan(prices[name])} = {format_yuan(part)}")
    return quantize(total), "；".join(lines)


@transaction.atomic
def allocation_create(*, actor: Any, need: InfraNeed, asset: Asset) -> Allocation:
    """Host a need on a shared asset. Refused when the asset has not enough free capacity."""
    require_office(actor)
    asset = Asset.objects.select_for_update().get(pk=asset.pk)  # serialises allocations on this asset
    need = InfraNeed.objects.select_for_update().select_related("project").get(pk=need.pk)
    if need.status == NeedStatus.HOSTED:
        raise Conflict(_("This need is already hosted on shared capacity."), field="need")
    if not asset.is_active:
        raise Conflict(_("Asset %(code)s is out of service.") % {"code": asset.code}, field="asset")
    free = asset_free(asset)
    short = [
        f"{resource_label(name)}: {_('needs')} {getattr(need, name)}, {_('free')} {free[name]}"
        for name in RESOURCE_FIELDS
        if getattr(need, name) > free[name]
    ]
    if short:
        raise Conflict(
            _("Not enough free capacity on %(code)s — %(detail)s.") % {"code": asset.code, "detail": "; ".join(short)},
            field="asset",
        )
    allocation = Allocation.objects.create(
        asset=asset,
        need=need,
        project=need.project,
        created_by=_actor_model(actor),
        **{f: getattr(need, f) for f in RESOURCE_FIELDS},
    )
    need.status = NeedStatus.HOSTED
    need.save(update_fields=["status"])
    audit_record(
        actor=actor,
        verb="allocation.create",
        obj=allocation,
        subject=need.project,
        after={"asset": asset.code, **{f: getattr(allocation, f) for f in RESOURCE_FIELDS}},
    )
    amount, basis = estimate_saving(need)
    if amount > 0:
        saving = Saving.objects.create(
            title=_("Hosted on %(asset)s: %(need)s") % {"asset": asset.name, "need": need.description},
            year=need.project.year,
            kind=SavingKind.SHARED_INFRASTRUCTURE,
            amount=amount,
            basis=_("Estimated at unit prices: %(lines)s") % {"lines": basis},
            status=SavingStatus.ESTIMATED,
            project=need.project,
            allocation=allocation,
            created_by=_actor_model(actor),
        )
        saving.projects.set([need.project])
        audit_record(
            actor=actor,
            verb="saving.estimate",
            obj=saving,
            subject=need.project,
            after={"amount": amount, "basis": saving.basis},
        )
    return allocation


@transaction.atomic
def allocation_release(*, actor: Any, allocation: Allocation) -> Allocation:
    require_office(actor)
    allocation = Allocation.objects.select_for_update().select_related("need", "project").get(pk=allocation.pk)
    if not allocation.is_active:
        raise Conflict(_("This allocation is already released."))
    allocation.is_active = False
    allocation.released_at = timezone.now()
    allocation.save(update_fields=["is_active", "released_at"])
    allocation.need.status = NeedStatus.OPEN
    allocation.need.save(update_fields=["status"])
    saving = Saving.objects.filter(allocation=allocation, status=SavingStatus.ESTIMATED).first()
    if saving is not None:
        audit_record(
            actor=actor,
            verb="saving.withdraw",
            obj=saving,
            subject=allocation.project,
            before={"amount": saving.amount},
        )
        saving.delete()
    audit_record(actor=actor, verb="allocation.release", obj=allocation, subject=allocation.project)
    return allocation


@transaction.atomic
def need_mark_own(*, actor: Any, need: InfraNeed) -> InfraNeed:
    """The office agrees that the project builds this itself (nothing shared fits)."""
    require_office(actor)
    need = InfraNeed.objects.select_for_update().get(pk=need.pk)
    if need.status == NeedStatus.HOSTED:
        raise Conflict(_("This need is already hosted on shared capacity."))
    need.status = NeedStatus.OWN
    need.save(update_fields=["status"])
    audit_record(actor=actor, verb="infra_need.own", obj=need, subject=need.project, after={"status": need.status})
    return need


# -- unit prices ---------------------------------------------------------------------------------
@transaction.atomic
def unit_price_set(*, actor: Any, resource: str, price: Any) -> UnitPrice:
    require_office(actor)
    resource = clean_choice(resource, field="resource", label=_("Resource"), choices=RESOURCE_FIELDS)
    amount = parse_money(price, field="price", allow_zero=False)
    row, created = UnitPrice.objects.select_for_update().get_or_create(resource=resource, defaults={"price": amount})
    before = None if created else {"price": row.price}
    row.price = amount
    row.save()
    audit_record(actor=actor, verb="unit_price.set", obj=row, before=before, after={"price": amount})
    return row


# -- decisions and savings -----------------------------------------------------------------------
def _clean_saving(data: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}

    def check(field: str, fn: Any) -> None:
        try:
            cleaned[field] = fn()
        except ValidationFailed as exc:
            errors.setdefault(exc.field or field, []).append(exc.message)

    check("amount", lambda: parse_money(data.get("amount"), field="amount", allow_zero=False))
    check(
        "kind",
        lambda: clean_choice(data.get("kind"), field="kind", label=_("Kind of saving"), choices=SavingKind),
    )
    check(
        "basis",
        lambda: clean_text(data.get("basis"), field="basis", label=_("Basis of the estimate"), max_length=5000),
    )
    check("title", lambda: clean_text(data.get("title"), field="title", label=_("Title"), max_length=200))
    return cleaned


def _clean_projects(value: Any, *, field: str = "projects") -> list[Project]:
    ids = value if isinstance(value, list | tuple) else ([value] if value not in (None, "") else [])
    projects = []
    for item in ids:
        if isinstance(item, Project):
            projects.append(item)
            continue
        try:
            projects.append(Project.objects.get(pk=int(item)))
        except (Project.DoesNotExist, TypeError, ValueError):
            raise ValidationFailed(_("Project “%(value)s” does not exist.") % {"value": item}, field=field) from None
    return projects


@transaction.atomic
def saving_create(*, actor: Any, data: dict[str, Any], decision: OverlapDecision | None = None) -> Saving:
    """Record a saving in the ledger. The office records it, so it is confirmed at once."""
    require_office(actor)
    errors: dict[str, list[str]] = {}
    cleaned = _clean_saving(data, errors)
    try:
        projects = _clean_projects(data.get("projects"))
        if not projects:
            errors.setdefault("projects", []).append(_("Name at least one project involved."))
    except ValidationFailed as exc:
        errors.setdefault("projects", []).append(exc.message)
    if errors:
        raise ValidationFailed.from_errors(errors)
    credited = projects[0]
    year = data.get("year") or credited.year
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationFailed(_("Year must be a number such as 2026."), field="year") from None
    if not 2000 <= year <= 2100:
        raise ValidationFailed(_("Year must be between 2000 and 2100."), field="year")
    saving = Saving.objects.create(
        **cleaned,
        year=year,
        project=credited,
        decision=decision,
        status=SavingStatus.CONFIRMED,
        created_by=_actor_model(actor),
        confirmed_by=_actor_model(actor),
        confirmed_at=timezone.now(),
    )
    saving.projects.set(projects)
    audit_record(
        actor=actor,
        verb="saving.create",
        obj=saving,
        subject=credited,
        after={**cleaned, "year": year, "projects": [p.code for p in projects]},
    )
    return saving


@transaction.atomic
def saving_confirm(*, actor: Any, saving: Saving, amount: Any = None) -> Saving:
    """The office confirms an estimated saving, optionally correcting its amount."""
    require_office(actor)
    saving = Saving.objects.select_for_update().get(pk=saving.pk)
    if saving.status == SavingStatus.CONFIRMED:
        raise Conflict(_("This saving is already confirmed."))
    before = {"amount": saving.amount, "status": saving.status}
    if amount not in (None, ""):
        saving.amount = parse_money(amount, field="amount", allow_zero=False)
    saving.status = SavingStatus.CONFIRMED
    saving.confirmed_by = _actor_model(actor)
    saving.confirmed_at = timezone.now()
    saving.save()
    audit_record(
        actor=actor,
        verb="saving.confirm",
        obj=saving,
        subject=saving.project,
        before=before,
        after={"amount": saving.amount, "status": saving.status},
    )
    return saving


@transaction.atomic
def decision_record(*, actor: Any, project: Project, data: dict[str, Any]) -> OverlapDecision:
    """Record the office's decision on an overlap, and its saving when money is saved."""
    require_office(actor)
    errors: dict[str, list[str]] = {}
    kind = str(data.get("kind") or "")
    if kind not in DecisionKind.values:
        errors["kind"] = [_("Choose a decision.")]
    other = module = asset = None
    if data.get("other_project") not in (None, ""):
        try:
            other = _clean_projects(data.get("other_project"), field="other_project")[0]
        except ValidationFailed as exc:
            errors["other_project"] = [exc.message]
    if kind in (DecisionKind.MERGE, DecisionKind.REUSE_MODULE) and other is None and "other_project" not in errors:
        errors["other_project"] = [_("Name the other project.")]
    if other is not None and other.pk == project.pk:
        errors["other_project"] = [_("A project cannot overlap itself.")]
    if kind == DecisionKind.REUSE_MODULE:
        try:
            module = Module.objects.get(pk=int(data.get("module")), project=other)  # type: ignore[arg-type]
        except (Module.DoesNotExist, TypeError, ValueError):
            errors["module"] = [_("Choose the module of the other project that is reused.")]
    if kind == DecisionKind.HOST_SHARED:
        try:
            asset = Asset.objects.get(pk=int(data.get("asset")))  # type: ignore[arg-type]
        except (Asset.DoesNotExist, TypeError, ValueError):
            errors["asset"] = [_("Choose the shared asset.")]
    try:
        note = clean_text(data.get("note"), field="note", label=_("Note"), max_length=5000, required=False)
    except ValidationFailed as exc:
        errors["note"] = [exc.message]
    score = None
    if data.get("score") not in (None, ""):
        try:
            score = Decimal(str(data["score"])).quantize(Decimal("0.001"))
            if not Decimal(0) <= score <= Decimal(1):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors["score"] = [_("The score is a number between 0 and 1.")]
    saving_data = None
    if data.get("saving_amount") not in (None, ""):
        saving_data = {
            "amount": data.get("saving_amount"),
            "kind": data.get("saving_kind"),
            "basis": data.get("saving_basis"),
            "title": data.get("saving_title") or _("Decision on %(code)s") % {"code": project.code},
        }
        saving_errors: dict[str, list[str]] = {}
        _clean_saving(saving_data, saving_errors)
        for key, messages in saving_errors.items():
            errors.setdefault(f"saving_{key}", []).extend(messages)
    if errors:
        raise ValidationFailed.from_errors(errors)
    decision = OverlapDecision.objects.create(
        project=project,
        other_project=other,
        kind=kind,
        module=module,
        asset=asset,
        score=score,
        note=note,
        decided_by=_actor_model(actor),
    )
    audit_record(
        actor=actor,
        verb="overlap.decide",
        obj=decision,
        subject=project,
        after={
            "kind": kind,
            "other_project": other.code if other else None,
            "module": module.name if module else None,
            "asset": asset.code if asset else None,
            "note": note,
        },
    )
    if saving_data is not None:
        saving_create(
            actor=actor,
            decision=decision,
            data={**saving_data, "projects": [project, *([other] if other else [])], "year": project.year},
        )
    return decision
