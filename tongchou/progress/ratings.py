"""Health ratings (正常 / 预警 / 严重滞后): schedule variance against the current baseline and cost
variance against the allocation, each against thresholds (default under 10 % green, 10–30 %
yellow, over 30 % red, as the US Federal IT Dashboard rates investments). The worse of the two is
the rating. The office may override it with a written reason; every rating is kept."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.audit import audit_record, register_verbs
from tongchou.core.errors import PermissionRefused, ValidationFailed
from tongchou.core.system import SYSTEM
from tongchou.core.validation import clean_choice, clean_text
from tongchou.projects.models import Project

from .models import HealthLevel, HealthRating, ProgressReport, ReportStatus
from .periods import month_end, month_start, parse_month
from .selectors import person_or_none, project_allocation

register_verbs({"rating.compute": _("rated a project's health"),
                "rating.override": _("overrode a project's health rating")})

ZERO = Decimal("0.0")


def thresholds() -> tuple[Decimal, Decimal]:
    low, high = getattr(settings, "TONGCHOU_HEALTH_THRESHOLDS", (10, 30))
    return Decimal(str(low)), Decimal(str(high))


def level_for(variance: Decimal) -> str:
    low, high = thresholds()
    if variance < low:
        return HealthLevel.GREEN
    if variance <= high:
        return HealthLevel.YELLOW
    return HealthLevel.RED


def _pct(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value or None


def baseline_window(data: dict[str, Any], project_start: Any = None, project_end: Any = None,
                    ) -> tuple[dt.date, dt.date] | None:
    """The planned start and finish a baseline's ``data`` stands for: its own dates, else the project's,
    else its first and last milestone. None when it has no milestone (nothing was planned)."""
    planned = [dt.date.fromisoformat(m["planned_date"]) for m in data.get("milestones", [])]
    if not planned:
        return None
    start = _as_date(data.get("planned_start")) or _as_date(project_start) or min(planned)
    end = _as_date(data.get("planned_end")) or _as_date(project_end) or max(planned)
    return start, end


def planned_percent(window: tuple[dt.date, dt.date], as_of: dt.date) -> Decimal:
    """How far the plan says the project should be by ``as_of``: the elapsed share of the baseline's
    start → finish, 0–100."""
    start, end = window
    duration = max((end - start).days, 1)
    elapsed = min(max((as_of - start).days, 0), duration)
    return _pct(Decimal(elapsed) / Decimal(duration) * 100)


def schedule_variance(project: Project, as_of: dt.date) -> Decimal:
    """The longest delay of a milestone due by ``as_of`` (against the current baseline), as a
    percentage of the baseline's whole duration."""
    baseline = project.baselines.order_by("-version").first()
    if baseline is None:
        return ZERO
    window = baseline_window(baseline.data, project.planned_start, project.planned_end)
    if window is None:
        return ZERO
    actual = dict(project.milestones.values_list("pk", "actual_date"))
    planned = [(m["id"], dt.date.fromisoformat(m["planned_date"])) for m in baseline.data.get("milestones", [])]
    start, end = window
    return planned_variance(planned, actual, start=start, end=end, as_of=as_of)


def planned_variance(planned: list[tuple[int, dt.date]], actual: dict[int, dt.date | None], *, start: dt.date,
                     end: dt.date, as_of: dt.date) -> Decimal:
    """The schedule variance from the baseline's (milestone id, planned date) pairs and the actual
    dates: also what ``tongchou gen-data`` rates its generated history with."""
    duration = max((end - start).days, 1)
    worst = 0
    for mid, due in planned:
        done = actual.get(mid)
        finished = done if done is not None and done <= as_of else as_of
        if due < finished or (done is None and due < as_of):
            worst = max(worst, (finished - due).days)
    return _pct(Decimal(worst) / Decimal(duration) * 100)


def cost_variance(project: Project, month: dt.date) -> Decimal:
    """How far the spending reported by ``month`` exceeds the allocation, as a percentage of it."""
    report = (ProgressReport.objects.filter(project=project, month__lte=month)
              .exclude(status=ReportStatus.DRAFT).order_by("-month").first())
    return spending_variance(report.spent_to_date if report else Decimal(0), project_allocation(project))


def spending_variance(spent: Decimal, allocation: Decimal) -> Decimal:
    if spent <= allocation:
        return ZERO
    if allocation == 0:
        return Decimal("100.0")
    return _pct((spent - allocation) / allocation * 100)


def rating_compute(project: Project, month: dt.date) -> dict[str, Any]:
    as_of = min(month_end(month), timezone.localdate())
    sv, cv = schedule_variance(project, as_of), cost_variance(project, month)
    return {"schedule_variance": sv, "cost_variance": cv, "level": worse_level(sv, cv)}


def worse_level(schedule: Decimal, cost: Decimal) -> str:
    """The rating is the worse of the two variances' levels."""
    order = [HealthLevel.GREEN.value, HealthLevel.YELLOW.value, HealthLevel.RED.value]
    return max(level_for(schedule), level_for(cost), key=order.index)


@transaction.atomic
def rating_refresh(*, project: Project, month: Any = None, actor: Any = SYSTEM) -> HealthRating:
    """Rate ``project`` for ``month`` (default this month). A new row only when the figures changed;
    the office's override for that month stands (the computed figures are kept beside it)."""
    month = parse_month(month) if month else month_start(timezone.localdate())
    figures = rating_compute(project, month)
    latest = HealthRating.objects.filter(project=project, month=month).order_by("-id").first()
    if latest and latest.computed_level == figures["level"] and latest.schedule_variance == \
            figures["schedule_variance"] and latest.cost_variance == figures["cost_variance"]:
        return latest
    override = latest if latest and latest.is_override else None
    rating = HealthRating.objects.create(
        project=project, month=month, level=override.level if override else figures["level"],
        computed_level=figures["level"], schedule_variance=figures["schedule_variance"],
        cost_variance=figures["cost_variance"], is_override=bool(override),
        reason=override.reason if override else "", rated_by=override.rated_by if override else None)
    audit_record(actor=actor, verb="rating.compute", obj=rating, subject=project,
                 before={"level": latest.level} if latest else None, after={**figures, "month": month})
    return rating


@transaction.atomic
def rating_override(*, actor: Any, project: Project, level: Any, reason: Any, month: Any = None) -> HealthRating:
    if not getattr(actor, "is_office", False):
        raise PermissionRefused(_("Only the Committee Office overrides a health rating."))
    project = Project.objects.select_for_update().get(pk=project.pk)
    month = parse_month(month) if month else month_start(timezone.localdate())
    errors: dict[str, list[str]] = {}
    try:
        level = clean_choice(level, field="level", label=_("Rating"), choices=HealthLevel.values)
    except ValidationFailed as exc:
        errors["level"] = [exc.message]
    try:
        reason = clean_text(reason, field="reason", label=_("Reason"), max_length=2000)
    except ValidationFailed as exc:
        errors["reason"] = [exc.message]
    if errors:
        raise ValidationFailed.from_errors(errors)
    figures = rating_compute(project, month)
    latest = HealthRating.objects.filter(project=project).order_by("-month", "-id").first()
    rating = HealthRating.objects.create(
        project=project, month=month, level=level, computed_level=figures["level"],
        schedule_variance=figures["schedule_variance"], cost_variance=figures["cost_variance"],
        is_override=True, reason=reason, rated_by=person_or_none(actor))
    audit_record(actor=actor, verb="rating.override", obj=rating, subject=project,
                 before={"level": latest.level} if latest else None, after={"level": level}, reason=reason)
    return rating
