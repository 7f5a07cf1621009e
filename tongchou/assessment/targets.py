"""Targets (目标任务), their breakdown to units, progress with evidence, and the register of
demonstration townships and villages, whose designated sites count towards their target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongchou.core.audit import audit_record
from tongchou.core.errors import Conflict, NotFound, PermissionRefused, ValidationFailed
from tongchou.core.permissions import require_office
from tongchou.core.validation import clean_choice, clean_date, clean_text
from tongchou.org.models import UnitKind

from .common import actor_model, acts_for_unit, clean_files, clean_unit, parse_number, store_evidence
from .models import DemonstrationSite, Measure, ProgressUpdate, SiteCounting, SiteKind, SiteStatus, Target, TargetShare

# How far behind the time elapsed a target may be before it is "off track".
OFF_TRACK_MARGIN = Decimal("0.25")


def _collect(errors: dict[str, list[str]], cleaned: dict[str, Any], field: str, fn: Any) -> None:
    try:
        cleaned[field] = fn()
    except ValidationFailed as exc:
        errors.setdefault(exc.field or field, []).append(exc.message)


def _target_state(t: Target) -> dict[str, Any]:
    return {f: getattr(t, f) for f in ("year", "code", "title", "measure", "target_value", "deadline",
                                       "counts_sites", "description")}


def _clean_target(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    c: dict[str, Any] = {}
    _collect(errors, c, "year", lambda: int(parse_number(data.get("year"), field="year", label=_("Year"),
                                                         minimum=Decimal(2000), maximum=Decimal(2100),
                                                         places=0) or 0))
    _collect(errors, c, "code", lambda: clean_text(data.get("code"), field="code", label=_("Code"), max_length=32))
    _collect(errors, c, "title", lambda: clean_text(data.get("title"), field="title", label=_("Target"),
                                                    max_length=200))
    _collect(errors, c, "description", lambda: clean_text(data.get("description"), field="description",
                                                          label=_("Description"), max_length=5000, required=False))
    _collect(errors, c, "measure", lambda: clean_choice(data.get("measure"), field="measure", label=_("Measure"),
                                                        choices=Measure))
    _collect(errors, c, "target_value", lambda: parse_number(data.get("target_value"), field="target_value",
                                                             label=_("Target value"), minimum=Decimal("0.01")))
    _collect(errors, c, "deadline", lambda: clean_date(data.get("deadline"), field="deadline",
                                                       label=_("Deadline"), required=True))
    _collect(errors, c, "counts_sites", lambda: clean_choice(data.get("counts_sites") or "", field="counts_sites",
                                                             label=_("Counted from demonstration sites"),
                                                             choices=SiteCounting))
    if not errors:
        if c["measure"] == Measure.DONE and c["target_value"] != 1:
            errors["target_value"] = [_("A done / not done target has the value 1.")]
        if c["measure"] == Measure.PERCENT and c["target_value"] > 100:
            errors["target_value"] = [_("A percentage is at most 100.")]
        if c["counts_sites"] and c["measure"] != Measure.COUNT:
            errors["counts_sites"] = [_("Only a count target can be counted from demonstration sites.")]
        if c["deadline"].year != c["year"]:
            errors["deadline"] = [_("The deadline must fall in the target's year %(year)d.") % {"year": c["year"]}]
    if errors:
        raise ValidationFailed.from_errors(errors)
    return c


@transaction.atomic
def target_create(*, actor: Any, data: dict[str, Any]) -> Target:
    require_office(actor)
    c = _clean_target(data)
    if Target.objects.filter(year=c["year"], code=c["code"]).exists():
        raise ValidationFailed(_("Code “%(code)s” is already used in %(year)d.") % c, field="code")
    target = Target.objects.create(**c)
    audit_record(actor=actor, verb="target.create", obj=target, after=_target_state(target))
    return target


@transaction.atomic
def target_update(*, actor: Any, target: Target, data: dict[str, Any]) -> Target:
    require_office(actor)
    target = Target.objects.select_for_update().get(pk=target.pk)
    before = _target_state(target)
    c = _clean_target({**before, **data})
    if Target.objects.filter(year=c["year"], code=c["code"]).exclude(pk=target.pk).exists():
        raise ValidationFailed(_("Code “%(code)s” is already used in %(year)d.") % c, field="code")
    total = target.shares.aggregate(s=Sum("share"))["s"] or 0
    if Decimal(str(total)) > c["target_value"]:
        raise ValidationFailed(_("The units' shares already add up to %(total)s, more than %(value)s.")
                               % {"total": total, "value": c["target_value"]}, field="target_value")
    for key, value in c.items():
        setattr(target, key, value)
    target.save()
    if target.counts_sites:
        _recount(target.year)
    audit_record(actor=actor, verb="target.update", obj=target, before=before, after=_target_state(target))
    return target


@transaction.atomic
def target_share_set(*, actor: Any, target: Target, unit: Any, share: Any) -> TargetShare:
    """Give a unit its share of the target, or change it. The shares add up to at most the target value."""
    require_office(actor)
    target = Target.objects.select_for_update().get(pk=target.pk)
    unit = clean_unit(unit)
    value = parse_number(share, field="share", label=_("Share"), minimum=Decimal("0.01"))
    assert value is not None
    others = target.shares.exclude(unit=unit).aggregate(s=Sum("share"))["s"] or 0
    if Decimal(str(others)) + value > target.target_value:
        raise ValidationFailed(
            _("The shares would add up to %(sum)s, more than the target value %(value)s.")
            % {"sum": Decimal(str(others)) + value, "value": target.target_value}, field="share")
    row, created = TargetShare.objects.get_or_create(target=target, unit=unit, defaults={"share": value})
    before = None if created else {"share": row.share}
    row.share = value
    row.save()
    if target.counts_sites:
        _recount(target.year)
    audit_record(actor=actor, verb="target.share", obj=row, subject=target, before=before,
                 after={"unit": unit.name, "share": value})
    return row


@transaction.atomic
def progress_update_create(*, actor: Any, share: TargetShare, value: Any, note: Any, link: Any = "",
                           files: Any = None) -> ProgressUpdate:
    """The unit (or the office) reports its progress so far on its share, with evidence: a link or files."""
    share = TargetShare.objects.select_for_update().select_related("target", "unit").get(pk=share.pk)
    if not (getattr(actor, "is_office", False) or acts_for_unit(actor, share.unit_id)):
        raise PermissionRefused(_("Only the responsible unit or the office reports progress on this share."))
    if share.target.counts_sites:
        raise Conflict(_("This target is counted from the demonstration-site register: update the sites."))
    errors: dict[str, list[str]] = {}
    c: dict[str, Any] = {}
    maximum = Decimal(1) if share.target.measure == Measure.DONE else (
        Decimal(100) if share.target.measure == Measure.PERCENT else None)
    places = 0 if share.target.measure == Measure.DONE else 2
    _collect(errors, c, "value", lambda: parse_number(value, field="value", label=_("Progress"), maximum=maximum,
                                                      places=places))
    _collect(errors, c, "note", lambda: clean_text(note, field="note", label=_("What was done"), max_length=5000))
    _collect(errors, c, "link", lambda: _clean_link(link))
    _collect(errors, c, "files", lambda: clean_files(files))
    if not errors and not c["link"] and not c["files"]:
        errors["file"] = [_("Attach evidence: a file or a link.")]
    if errors:
        raise ValidationFailed.from_errors(errors)
    update = ProgressUpdate.objects.create(share=share, value=c["value"], note=c["note"], link=c["link"],
                                           created_by=actor_model(actor))
    store_evidence(actor, c["files"], update=update)
    before = {"progress": share.progress}
    share.progress = c["value"]
    share.save(update_fields=["progress", "updated_at"])
    audit_record(actor=actor, verb="target.progress", obj=share, subject=share.target, before=before,
                 after={"progress": share.progress, "note": c["note"], "link": c["link"],
                        "files": [f[0] for f in c["files"]]})
    return update


def _clean_link(value: Any) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    link = clean_text(value, field="link", label=_("Link"), max_length=500, required=False)
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise ValidationFailed(_("The link must be a web address starting with http:// or https://."),
                                   field="link") from None
    return link


# -- demonstration sites ---------------------------------------------------------------------------------
def _site_state(s: DemonstrationSite) -> dict[str, Any]:
    return {"year": s.year, "name": s.name, "kind": s.kind, "unit": s.unit.name if s.unit_id else None,
            "criteria": s.criteria, "progress": s.progress, "status": s.status, "note": s.note}


def _clean_site(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    c: dict[str, Any] = {}
    _collect(errors, c, "year", lambda: int(parse_number(data.get("year"), field="year", label=_("Year"),
                                                         minimum=Decimal(2000), maximum=Decimal(2100),
                                                         places=0) or 0))
    _collect(errors, c, "name", lambda: clean_text(data.get("name"), field="name", label=_("Name"), max_length=100))
    _collect(errors, c, "kind", lambda: clean_choice(data.get("kind"), field="kind", label=_("Kind"),
                                                     choices=SiteKind))
    _collect(errors, c, "unit", lambda: clean_unit(data.get("unit")))
    _collect(errors, c, "criteria", lambda: clean_text(data.get("criteria"), field="criteria", label=_("Criteria"),
                                                       max_length=5000, required=False))
    _collect(errors, c, "progress", lambda: int(parse_number(data.get("progress") or 0, field="progress",
                                                             label=_("Progress (%)"), maximum=Decimal(100),
                                                             places=0) or 0))
    _collect(errors, c, "status", lambda: clean_choice(data.get("status") or SiteStatus.CANDIDATE, field="status",
                                                       label=_("Status"), choices=SiteStatus))
    _collect(errors, c, "note", lambda: clean_text(data.get("note"), field="note", label=_("Note"),
                                                   max_length=5000, required=False))
    if not errors and c["unit"].kind not in (UnitKind.TOWNSHIP, UnitKind.SUBDISTRICT):
        errors["unit"] = [_("A demonstration site belongs to a township or subdistrict.")]
    if errors:
        raise ValidationFailed.from_errors(errors)
    return c


@transaction.atomic
def site_create(*, actor: Any, data: dict[str, Any]) -> DemonstrationSite:
    require_office(actor)
    c = _clean_site(data)
    if DemonstrationSite.objects.filter(year=c["year"], kind=c["kind"], name=c["name"]).exists():
        raise ValidationFailed(_("“%(name)s” is already registered for %(year)d.") % c, field="name")
    site = DemonstrationSite.objects.create(**c)
    _recount(site.year)
    audit_record(actor=actor, verb="site.create", obj=site, after=_site_state(site))
    return site


@transaction.atomic
def site_update(*, actor: Any, site: DemonstrationSite, data: dict[str, Any]) -> DemonstrationSite:
    require_office(actor)
    site = DemonstrationSite.objects.select_for_update().select_related("unit").get(pk=site.pk)
    before = _site_state(site)
    c = _clean_site({**before, "unit": site.unit_id, **data})
    if DemonstrationSite.objects.filter(year=c["year"], kind=c["kind"], name=c["name"]).exclude(pk=site.pk).exists():
        raise ValidationFailed(_("“%(name)s” is already registered for %(year)d.") % c, field="name")
    for key, value in c.items():
        setattr(site, key, value)
    site.save()
    _recount(site.year)
    if before["year"] != site.year:
        _recount(before["year"])
    audit_record(actor=actor, verb="site.update", obj=site, before=before, after=_site_state(site))
    return site


def _recount(year: int) -> None:
    """Designated sites count towards every site-counted target of the year: each unit's share
    progress is its own designated sites of that kind."""
    counts: dict[tuple[str, int], int] = {}
    for row in (DemonstrationSite.objects.filter(year=year, status=SiteStatus.DESIGNATED)
                .values("kind", "unit_id").annotate(n=Count("id"))):
        counts[(row["kind"], row["unit_id"])] = row["n"]
    for share in TargetShare.objects.filter(target__year=year).exclude(target__counts_sites="").select_related(
            "target"):
        value = Decimal(counts.get((share.target.counts_sites, share.unit_id), 0))
        if share.progress != value:
            share.progress = value
            share.save(update_fields=["progress", "updated_at"])


# -- reads -------------------------------------------------------------------------------------------------
def target_get(pk: Any) -> Target:
    try:
        return Target.objects.get(pk=int(pk))
    except (Target.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No such target.")) from None


def share_get(pk: Any) -> TargetShare:
    try:
        return TargetShare.objects.select_related("target", "unit").get(pk=int(pk))
    except (TargetShare.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No such target share.")) from None


def site_get(pk: Any) -> DemonstrationSite:
    try:
        return DemonstrationSite.objects.select_related("unit").get(pk=int(pk))
    except (DemonstrationSite.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No such demonstration site.")) from None


def target_list(*, year: Any = None, unit: Any = None) -> QuerySet[Target]:
    qs = Target.objects.annotate(achieved=Sum("shares__progress"), unit_count=Count("shares"))
    if year:
        qs = qs.filter(year=year)
    if unit:
        qs = qs.filter(shares__unit_id=unit)
    return qs.order_by("-year", "code")


def site_designated_count(year: int, kind: str) -> int:
    return DemonstrationSite.objects.filter(year=year, kind=kind, status=SiteStatus.DESIGNATED).count()


def target_status(target: Target, achieved: Decimal | None, today: dt.date | None = None) -> str:
    """done, overdue (deadline passed, not done), off_track (further behind the time elapsed than
    the margin) or on_track."""
    today = today or timezone.localdate()
    achieved = Decimal(str(achieved or 0))
    if achieved >= target.target_value:
        return "done"
    if target.deadline < today:
        return "overdue"
    start = dt.date(target.year, 1, 1)
    span = max((target.deadline - start).days, 1)
    elapsed = Decimal(max(min((today - start).days, span), 0)) / Decimal(span)
    if elapsed - achieved / target.target_value > OFF_TRACK_MARGIN:
        return "off_track"
    return "on_track"


STATUS_LABELS = {"done": gettext_lazy("Done"), "overdue": gettext_lazy("Overdue"),
                 "off_track": gettext_lazy("Off track"), "on_track": gettext_lazy("On track")}
# The list filter that gathers what needs attention: overdue and off-track targets.
ATTENTION = "attention"
ATTENTION_STATUSES = ("overdue", "off_track")


def targets_with_status(*, year: int, status: str = "", today: dt.date | None = None) -> list[Target]:
    """The year's targets (a year has tens, not thousands), each with its ``status``, ``status_label``
    and ``achieved``, in code order; ``status`` keeps one status or ``ATTENTION``. The targets list and
    the dashboard count with this one function, so their figures agree."""
    today = today or timezone.localdate()
    wanted = ATTENTION_STATUSES if status == ATTENTION else (status,) if status in STATUS_LABELS else None
    rows = []
    for target in target_list(year=year):
        target.status = target_status(target, target.achieved, today)  # type: ignore[attr-defined]
        target.status_label = STATUS_LABELS[target.status]  # type: ignore[attr-defined]
        if wanted is None or target.status in wanted:  # type: ignore[attr-defined]
            rows.append(target)
    return rows


def targets_needing_attention(*, year: int, unit: Any = None, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Overdue and off-track targets (for home pages and the bulletin), worst first.
    With ``unit``, the unit's own shares."""
    today = today or timezone.localdate()
    rows: list[dict[str, Any]] = []
    if unit is None:
        for target in target_list(year=year):
            status = target_status(target, target.achieved, today)  # type: ignore[attr-defined]
            if status in ("overdue", "off_track"):
                rows.append({"target": target, "unit": None, "status": status, "label": str(STATUS_LABELS[status]),
                             "achieved": Decimal(str(target.achieved or 0)),  # type: ignore[attr-defined]
                             "value": target.target_value})
    else:
        for share in TargetShare.objects.filter(target__year=year, unit_id=getattr(unit, "pk", unit)).select_related(
                "target", "unit"):
            proxy = Target(year=share.target.year, target_value=share.share, deadline=share.target.deadline)
            status = target_status(proxy, share.progress, today)
            if status in ("overdue", "off_track"):
                rows.append({"target": share.target, "unit": share.unit, "status": status,
                             "label": str(STATUS_LABELS[status]), "achieved": share.progress, "value": share.share})
    rows.sort(key=lambda r: (r["status"] != "overdue", r["target"].deadline, r["target"].code))
    return rows
