"""Reads of the consolidation app: capacity and utilisation, needs, the savings ledger and reports."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from tongchou.core.errors import NotFound
from tongchou.core.money import quantize
from tongchou.projects.selectors import projects_visible_to

from .models import RESOURCE_FIELDS, RESOURCES, Allocation, Asset, InfraNeed, Saving, SavingKind, SavingStatus

ZERO = Decimal("0")


def resource_label(name: str) -> str:
    return next(str(label) for field, label, _u in RESOURCES if field == name)


def _q2(value: Any) -> Decimal:
    # SQLite sums decimals in floating point (pitfalls.md): round every aggregate.
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def allocated_by_asset(asset_ids: list[int] | None = None) -> dict[int, dict[str, Decimal]]:
    qs = Allocation.objects.filter(is_active=True)
    if asset_ids is not None:
        qs = qs.filter(asset_id__in=asset_ids)
    rows: Any = qs.values("asset_id").annotate(**{f"t_{f}": Sum(f) for f in RESOURCE_FIELDS})
    return {r["asset_id"]: {f: _q2(r[f"t_{f}"]) for f in RESOURCE_FIELDS} for r in rows}


def asset_free(asset: Asset) -> dict[str, Decimal]:
    taken = allocated_by_asset([asset.pk]).get(asset.pk, {})
    return {f: getattr(asset, f) - taken.get(f, ZERO) for f in RESOURCE_FIELDS}


def asset_get(pk: Any) -> Asset:
    try:
        return Asset.objects.select_related("operator").get(pk=int(pk))
    except (Asset.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No such asset.")) from None


def utilisation(assets: list[Asset]) -> list[dict[str, Any]]:
    """Per asset, per resource it offers: capacity, allocated, free and percent used."""
    taken = allocated_by_asset([a.pk for a in assets])
    rows = []
    for asset in assets:
        used = taken.get(asset.pk, {})
        resources = []
        for name, label, unit in RESOURCES:
            capacity = getattr(asset, name)
            if not capacity:
                continue
            allocated = used.get(name, ZERO)
            resources.append(
                {
                    "name": name,
                    "label": label,
                    "unit": unit,
                    "capacity": capacity,
                    "allocated": allocated,
                    "free": capacity - allocated,
                    "percent": int((allocated * 100 / capacity).quantize(Decimal("1"))),
                }
            )
        peak = max((r["percent"] for r in resources), default=0)
        rows.append({"asset": asset, "resources": resources, "peak": peak})
    return rows


def asset_list(*, kind: str = "", active_only: bool = False) -> QuerySet[Asset]:
    qs = Asset.objects.select_related("operator").order_by("code")
    if kind:
        qs = qs.filter(kind=kind)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs


def assets_that_fit(need: InfraNeed) -> list[Asset]:
    """Active assets with free capacity for the whole need, least loaded first."""
    assets = list(
        Asset.objects.filter(
            is_active=True, **{f"{f}__gte": getattr(need, f) for f in RESOURCE_FIELDS if getattr(need, f)}
        ).select_related("operator")
    )
    taken = allocated_by_asset([a.pk for a in assets])
    fitting = []
    for asset in assets:
        used = taken.get(asset.pk, {})
        if all(getattr(asset, f) - used.get(f, ZERO) >= getattr(need, f) for f in RESOURCE_FIELDS):
            fitting.append(asset)
    return fitting


def need_exceeds_every_asset(need: InfraNeed) -> bool:
    """True when no asset, even empty, is big enough: the need can only be built by the project."""
    wanted = {f"{f}__gte": getattr(need, f) for f in RESOURCE_FIELDS if getattr(need, f)}
    return not Asset.objects.filter(is_active=True, **wanted).exists()


def needs_of(project: Any) -> list[InfraNeed]:
    return list(InfraNeed.objects.filter(project=project).prefetch_related("allocations__asset"))


def allocations_visible_to(user: Any) -> QuerySet[Allocation]:
    return Allocation.objects.filter(project__in=projects_visible_to(user)).select_related("asset", "project", "need")


def savings_visible_to(user: Any) -> QuerySet[Saving]:
    """Savings are the committee's public argument: everyone who logs in reads the ledger; a unit
    or group lead reads the entries that involve a project it sees."""
    qs = Saving.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if not user.reads_everything:
        qs = qs.filter(projects__in=projects_visible_to(user)).distinct()
    return qs


def saving_list(*, user: Any, year: Any = None, kind: str = "", status: str = "") -> QuerySet[Saving]:
    qs = savings_visible_to(user).select_related("project__programme", "project__unit").prefetch_related("projects")
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-year", "-created_at", "-id")


def savings_report(*, user: Any, year: Any = None) -> dict[str, Any]:
    """Savings totals by year, programme, kind and unit (each saving counted once, at its credited
    project), split into confirmed and estimated."""
    base = savings_visible_to(user)
    if year:
        base = base.filter(year=year)
    ids = base.values("pk")
    qs = Saving.objects.filter(pk__in=ids)
    sums = {
        "confirmed": Sum("amount", filter=Q(status=SavingStatus.CONFIRMED)),
        "estimated": Sum("amount", filter=Q(status=SavingStatus.ESTIMATED)),
        "count": Count("id"),
    }
    kinds = dict(SavingKind.choices)

    def rows(group: str, label: Any) -> list[dict[str, Any]]:
        out = []
        for row in qs.values(group).annotate(**sums).order_by(group):
            confirmed, estimated = quantize(row["confirmed"]), quantize(row["estimated"])
            out.append(
                {
                    "key": row[group],
                    "label": label(row),
                    "confirmed": confirmed,
                    "estimated": estimated,
                    "total": confirmed + estimated,
                    "count": row["count"],
                }
            )
        return out

    by_year = rows("year", lambda r: str(r["year"]))
    by_programme = [
        {**r, "label": r["label"]} for r in rows("project__programme__name", lambda r: r["project__programme__name"])
    ]
    by_kind = rows("kind", lambda r: str(kinds.get(r["kind"], r["kind"])))
    by_unit = rows("project__unit__name", lambda r: r["project__unit__name"])
    total = qs.aggregate(**sums)
    confirmed, estimated = quantize(total["confirmed"]), quantize(total["estimated"])
    return {
        "by_year": by_year,
        "by_programme": by_programme,
        "by_kind": by_kind,
        "by_unit": by_unit,
        "confirmed": confirmed,
        "estimated": estimated,
        "total": confirmed + estimated,
        "count": total["count"],
    }


def project_utilisation(*, user: Any) -> list[dict[str, Any]]:
    """What each visible project holds on shared capacity."""
    rows: Any = (
        allocations_visible_to(user)
        .filter(is_active=True)
        .values("project_id", "project__code", "project__name")
        .annotate(**{f: Sum(f) for f in RESOURCE_FIELDS}, n=Count("id"))
        .order_by("project__code")
    )
    return [
        {
            "project_id": r["project_id"],
            "code": r["project__code"],
            "name": r["project__name"],
            "count": r["n"],
            **{f: _q2(r[f]) for f in RESOURCE_FIELDS},
        }
        for r in rows
    ]


def overlap_check_for_project(project: Any, *, user: Any = None, limit: int = 10) -> Any:
    """The duplicate-construction check of ``project`` (see ``overlap.overlap_check_for_project``):
    an ``OverlapResult``; ``.snapshot()`` is what a review snapshot keeps."""
    from .overlap import overlap_check_for_project as check

    return check(project, user=user, limit=limit)
