"""The assessment scheme and the round: scheme → self-assessment → assessor scoring → office
review → finalisation → publication. Every write is a service here: permission check, one
transaction, one audit event."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tongchou.core.audit import audit_record, register_verbs
from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.permissions import require_office
from tongchou.core.validation import clean_choice, clean_text
from tongchou.org.models import Role, Unit, UnitKind

from . import indicators
from .common import actor_model, acts_for_unit, clean_files, parse_number, store_evidence
from .models import (
    Adjustment,
    AdjustmentKind,
    Assessment,
    Category,
    DisputeStatus,
    Indicator,
    IndicatorKind,
    RoundStatus,
    Scheme,
    SchemeFor,
    Score,
    UnitAssessment,
)

register_verbs({
    "scheme.create": _l("created the assessment scheme"), "scheme.copy": _l("copied last year's scheme"),
    "category.create": _l("added an indicator category"), "indicator.create": _l("added an indicator"),
    "indicator.update": _l("changed an indicator"), "indicator.delete": _l("removed an indicator"),
    "assessment.start": _l("started the assessment"), "assessment.advance": _l("moved the assessment on"),
    "assessment.compute": _l("computed the automatic indicators"), "score.self": _l("self-assessed"),
    "score.submit": _l("submitted the self-assessment"), "score.assess": _l("scored"),
    "adjustment.add": _l("added a bonus or deduction"), "dispute.file": _l("disputed the scores"),
    "dispute.answer": _l("answered the dispute"), "target.create": _l("created the target"),
    "target.update": _l("changed the target"), "target.share": _l("set a unit's share"),
    "target.progress": _l("reported progress"), "site.create": _l("registered a demonstration site"),
    "site.update": _l("changed a demonstration site"),
})

# The six categories every scheme has at least (the committee's assessment covers them).
DEFAULT_CATEGORIES = ("信息化资源整合", "网站建设和网上信息公开", "办公自动化系统应用", "信息化培训和宣传",
                      "项目进度与质量", "目标任务完成")

SCHEME_OF_KIND: dict[str, str] = {UnitKind.DEPARTMENT: SchemeFor.DEPARTMENT, UnitKind.TOWNSHIP: SchemeFor.TOWNSHIP,
                  UnitKind.SUBDISTRICT: SchemeFor.TOWNSHIP}

# The round's steps, in order, and what each allows.
NEXT_STATUS = {RoundStatus.SELF_ASSESSMENT: RoundStatus.SCORING, RoundStatus.SCORING: RoundStatus.REVIEW,
               RoundStatus.REVIEW: RoundStatus.FINALISED, RoundStatus.FINALISED: RoundStatus.PUBLISHED}


def _year(value: Any, field: str = "year") -> int:
    number = parse_number(value, field=field, label=_("Year"), minimum=Decimal(2000), maximum=Decimal(2100), places=0)
    return int(number or 0)


def _scheme_started(scheme: Scheme) -> bool:
    return UnitAssessment.objects.filter(scheme=scheme).exists()


def _require_editable(scheme: Scheme) -> None:
    if _scheme_started(scheme):
        raise Conflict(_("The %(year)d assessment has started: its scheme can no longer change.")
                       % {"year": scheme.year})


# -- schemes ----------------------------------------------------------------------------------------------
@transaction.atomic
def scheme_create(*, actor: Any, year: Any, applies_to: Any, total: Any = "100",
                  with_default_categories: bool = True) -> Scheme:
    require_office(actor)
    year = _year(year)
    applies_to = clean_choice(applies_to, field="applies_to", label=_("Applies to"), choices=SchemeFor)
    total = parse_number(total, field="total", label=_("Total score"), minimum=Decimal("1"), maximum=Decimal(1000))
    if Scheme.objects.filter(year=year, applies_to=applies_to).exists():
        raise Conflict(_("The %(year)d scheme for this kind of unit already exists.") % {"year": year})
    scheme = Scheme.objects.create(year=year, applies_to=applies_to, total=total)
    if with_default_categories:
        for position, name in enumerate(DEFAULT_CATEGORIES):
            Category.objects.create(scheme=scheme, name=name, position=position)
    audit_record(actor=actor, verb="scheme.create", obj=scheme, after={"year": year, "applies_to": applies_to,
                                                                        "total": total})
    return scheme


@transaction.atomic
def scheme_copy(*, actor: Any, year: Any, applies_to: Any) -> Scheme:
    """Start the year's scheme from the latest earlier year's: same categories, indicators, maxima
    and rules."""
    require_office(actor)
    year = _year(year)
    applies_to = clean_choice(applies_to, field="applies_to", label=_("Applies to"), choices=SchemeFor)
    source = Scheme.objects.filter(year__lt=year, applies_to=applies_to).order_by("-year").first()
    if source is None:
        raise Conflict(_("There is no earlier scheme to copy."))
    if Scheme.objects.filter(year=year, applies_to=applies_to).exists():
        raise Conflict(_("The %(year)d scheme for this kind of unit already exists.") % {"year": year})
    scheme = Scheme.objects.create(year=year, applies_to=applies_to, total=source.total)
    for category in source.categories.prefetch_related("indicators"):
        copy = Category.objects.create(scheme=scheme, name=category.name, position=category.position)
        Indicator.objects.bulk_create([
            Indicator(category=copy, name=i.name, max_score=i.max_score, kind=i.kind, computation=i.computation,
                      rule=i.rule, position=i.position) for i in category.indicators.all()])
    audit_record(actor=actor, verb="scheme.copy", obj=scheme, after={"from": source.year, "year": year,
                                                                      "applies_to": applies_to})
    return scheme


@transaction.atomic
def category_create(*, actor: Any, scheme: Scheme, name: Any) -> Category:
    require_office(actor)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    _require_editable(scheme)
    name = clean_text(name, field="name", label=_("Category"), max_length=100)
    if scheme.categories.filter(name=name).exists():
        raise ValidationFailed(_("The scheme already has the category “%(name)s”.") % {"name": name}, field="name")
    position = (scheme.categories.aggregate(m=Max("position"))["m"] or 0) + 1
    category = Category.objects.create(scheme=scheme, name=name, position=position)
    audit_record(actor=actor, verb="category.create", obj=category, subject=scheme, after={"name": name})
    return category


def _clean_indicator(scheme: Scheme, data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    c: dict[str, Any] = {}

    def check(field: str, fn: Any) -> None:
        try:
            c[field] = fn()
        except ValidationFailed as exc:
            errors.setdefault(exc.field or field, []).append(exc.message)

    def category() -> Category:
        try:
            return scheme.categories.get(pk=int(data.get("category")))  # type: ignore[arg-type]
        except (Category.DoesNotExist, TypeError, ValueError):
            raise ValidationFailed(_("Choose a category of this scheme."), field="category") from None

    check("category", category)
    check("name", lambda: clean_text(data.get("name"), field="name", label=_("Indicator"), max_length=200))
    check("max_score", lambda: parse_number(data.get("max_score"), field="max_score", label=_("Maximum score"),
                                            minimum=Decimal("0.01"), maximum=scheme.total))
    check("kind", lambda: clean_choice(data.get("kind") or IndicatorKind.MANUAL, field="kind", label=_("Kind"),
                                       choices=IndicatorKind))
    check("rule", lambda: clean_text(data.get("rule"), field="rule", label=_("Scoring rule"), max_length=5000,
                                     required=False))
    computation = str(data.get("computation") or "")
    if c.get("kind") == IndicatorKind.AUTOMATIC:
        if computation not in indicators.REGISTRY:
            errors["computation"] = [_("Choose the computation of an automatic indicator.")]
    else:
        computation = ""
    c["computation"] = computation
    if errors:
        raise ValidationFailed.from_errors(errors)
    return c


@transaction.atomic
def indicator_create(*, actor: Any, scheme: Scheme, data: dict[str, Any]) -> Indicator:
    require_office(actor)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    _require_editable(scheme)
    c = _clean_indicator(scheme, data)
    c["position"] = (c["category"].indicators.aggregate(m=Max("position"))["m"] or 0) + 1
    indicator = Indicator.objects.create(**c)
    audit_record(actor=actor, verb="indicator.create", obj=indicator, subject=scheme,
                 after={k: v for k, v in c.items() if k != "category"} | {"category": c["category"].name})
    return indicator


@transaction.atomic
def indicator_update(*, actor: Any, indicator: Indicator, data: dict[str, Any]) -> Indicator:
    require_office(actor)
    scheme = Scheme.objects.select_for_update().get(pk=indicator.category.scheme_id)
    _require_editable(scheme)
    before = {"category": indicator.category_id, "name": indicator.name, "max_score": indicator.max_score,
              "kind": indicator.kind, "computation": indicator.computation, "rule": indicator.rule}
    c = _clean_indicator(scheme, {**before, **data})
    for key, value in c.items():
        setattr(indicator, key, value)
    indicator.save()
    audit_record(actor=actor, verb="indicator.update", obj=indicator, subject=scheme, before=before,
                 after={**c, "category": c["category"].pk})
    return indicator


@transaction.atomic
def indicator_delete(*, actor: Any, indicator: Indicator) -> None:
    require_office(actor)
    scheme = Scheme.objects.select_for_update().get(pk=indicator.category.scheme_id)
    _require_editable(scheme)
    audit_record(actor=actor, verb="indicator.delete", obj=indicator, subject=scheme,
                 before={"name": indicator.name, "max_score": indicator.max_score})
    indicator.delete()


def points_text(value: Decimal) -> str:
    """15, 7.5 — never 1E+2."""
    return format(value.normalize(), "f")


def scheme_weight(scheme: Scheme) -> Decimal:
    return Decimal(str(Indicator.objects.filter(category__scheme=scheme).aggregate(s=Sum("max_score"))["s"] or 0))


def scheme_problems(scheme: Scheme) -> list[str]:
    """Why the scheme cannot be used yet (empty when it can)."""
    problems = []
    weight = scheme_weight(scheme)
    if weight != scheme.total:
        problems.append(_("The indicators' maximum scores add up to %(sum)s, not the scheme's total of %(total)s.")
                        % {"sum": points_text(weight), "total": points_text(scheme.total)})
    names = set(scheme.categories.filter(indicators__isnull=False).values_list("name", flat=True))
    missing = [n for n in DEFAULT_CATEGORIES if n not in names]
    if missing:
        problems.append(_("These categories have no indicator: %(names)s.") % {"names": "、".join(missing)})
    return problems


# -- the round ---------------------------------------------------------------------------------------------
def assessed_units() -> list[Unit]:
    return list(Unit.objects.filter(is_active=True, kind__in=list(SCHEME_OF_KIND)).order_by("code"))


@transaction.atomic
def assessment_start(*, actor: Any, year: Any) -> Assessment:
    """Open the year's round: one sheet per active department, township and subdistrict, with an
    empty score per indicator of its scheme. Both schemes must be complete."""
    require_office(actor)
    year = _year(year)
    if Assessment.objects.filter(year=year).exists():
        raise Conflict(_("The %(year)d assessment has already started.") % {"year": year})
    schemes = {s.applies_to: s for s in Scheme.objects.filter(year=year)}
    for applies_to, label in SchemeFor.choices:
        scheme = schemes.get(applies_to)
        if scheme is None:
            raise ValidationFailed(_("There is no %(year)d scheme for %(kind)s yet.")
                                   % {"year": year, "kind": label}, field="max_score")
        problems = scheme_problems(scheme)
        if problems:
            raise ValidationFailed(f"{label}: {problems[0]}", field="max_score")
    assessment = Assessment.objects.create(year=year)
    by_scheme = {k: list(Indicator.objects.filter(category__scheme=s)) for k, s in schemes.items()}
    sheets = UnitAssessment.objects.bulk_create([
        UnitAssessment(assessment=assessment, unit=unit, scheme=schemes[SCHEME_OF_KIND[unit.kind]])
        for unit in assessed_units()])
    Score.objects.bulk_create([Score(sheet=sheet, indicator=ind) for sheet in sheets
                               for ind in by_scheme[sheet.scheme.applies_to]])
    audit_record(actor=actor, verb="assessment.start", obj=assessment, after={"year": year, "units": len(sheets)})
    return assessment


def _lock_round(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


@transaction.atomic
def assessment_advance(*, actor: Any, assessment: Assessment, today: dt.date | None = None) -> Assessment:
    """Move the round to its next step. Entering assessor scoring computes the automatic indicators;
    finalisation needs every dispute answered and every manual indicator scored."""
    require_office(actor)
    assessment = _lock_round(assessment)
    target = NEXT_STATUS.get(RoundStatus(assessment.status))
    if target is None:
        raise Conflict(_("The assessment is published: nothing follows."))
    if target == RoundStatus.FINALISED:
        open_disputes = assessment.sheets.filter(dispute_status=DisputeStatus.OPEN).select_related("unit")
        if open_disputes.exists():
            raise Conflict(_("Answer the open disputes first: %(units)s.")
                           % {"units": "、".join(s.unit.name for s in open_disputes[:10])})
        unscored = Score.objects.filter(sheet__assessment=assessment, score__isnull=True,
                                        indicator__kind=IndicatorKind.MANUAL)
        if unscored.exists():
            raise Conflict(_("%(n)d manual scores are still missing.") % {"n": unscored.count()})
    before = assessment.status
    if target == RoundStatus.SCORING:
        _compute(assessment, actor, today)
    assessment.status = target
    if target == RoundStatus.FINALISED:
        _compute(assessment, actor, today)  # the final figures are the data's as of finalisation
        assessment.finalised_at = timezone.now()
    if target == RoundStatus.PUBLISHED:
        assessment.published_at = timezone.now()
    assessment.save()
    audit_record(actor=actor, verb="assessment.advance", obj=assessment, before={"status": before},
                 after={"status": target})
    return assessment


@transaction.atomic
def assessment_compute(*, actor: Any, assessment: Assessment, today: dt.date | None = None) -> int:
    """Recompute every automatic indicator from the data now. Returns the number of scores written."""
    require_office(actor)
    assessment = _lock_round(assessment)
    if assessment.is_closed:
        raise Conflict(_("The assessment is finalised: scores can no longer change."))
    written = _compute(assessment, actor, today)
    audit_record(actor=actor, verb="assessment.compute", obj=assessment, after={"scores": written})
    return written


def _compute(assessment: Assessment, actor: Any, today: dt.date | None) -> int:
    today = today or timezone.localdate()
    scores = list(Score.objects.filter(sheet__assessment=assessment, indicator__kind=IndicatorKind.AUTOMATIC)
                  .select_related("indicator", "sheet__unit"))
    by_computation: dict[str, list[Score]] = {}
    for score in scores:
        by_computation.setdefault(score.indicator.computation, []).append(score)
    now = timezone.now()
    for key, rows in by_computation.items():
        units = list({s.sheet.unit_id: s.sheet.unit for s in rows}.values())
        outcomes = indicators.compute(key, units, assessment.year, today)
        for score in rows:
            outcome = outcomes.get(score.sheet.unit_id) or indicators.Outcome(available=False)
            score.detail = outcome.as_detail()
            if score.comment:
                # The office overrode this computed score (score_set requires a comment): keep its
                # figure, refresh only the detail so the data stays visible beside it.
                continue
            score.score = outcome.score(score.indicator.max_score)
            score.scored_at = now
    Score.objects.bulk_update(scores, ["score", "detail", "scored_at"], batch_size=500)
    _retotal(UnitAssessment.objects.filter(assessment=assessment))
    return len(scores)


def _retotal(sheets: Any) -> None:
    """Sheet totals: indicator points + bonus − deduction, kept on the sheet for the ranking."""
    sheets = list(sheets)
    ids = [s.pk for s in sheets]
    points = dict(Score.objects.filter(sheet_id__in=ids).values("sheet_id").annotate(s=Sum("score"))
                  .values_list("sheet_id", "s"))
    adj: dict[tuple[int, str], Any] = {(r["sheet_id"], r["kind"]): r["s"] for r in Adjustment.objects.filter(
        sheet_id__in=ids).values("sheet_id", "kind").annotate(s=Sum("points"))}
    cent = Decimal("0.01")
    for sheet in sheets:
        sheet.indicator_total = Decimal(str(points.get(sheet.pk) or 0)).quantize(cent)
        sheet.bonus = Decimal(str(adj.get((sheet.pk, AdjustmentKind.BONUS)) or 0)).quantize(cent)
        sheet.deduction = Decimal(str(adj.get((sheet.pk, AdjustmentKind.DEDUCTION)) or 0)).quantize(cent)
        sheet.total = sheet.indicator_total + sheet.bonus - sheet.deduction
    UnitAssessment.objects.bulk_update(sheets, ["indicator_total", "bonus", "deduction", "total"], batch_size=500)


def _lock_sheet(sheet: UnitAssessment) -> tuple[Assessment, UnitAssessment]:
    assessment = _lock_round(sheet.assessment)
    return assessment, UnitAssessment.objects.select_for_update().select_related("unit").get(pk=sheet.pk)


def _require_open(assessment: Assessment) -> None:
    if assessment.is_closed:
        raise Conflict(_("The %(year)d assessment is finalised: scores can no longer change.")
                       % {"year": assessment.year})


@transaction.atomic
def self_assess(*, actor: Any, score: Score, value: Any, note: Any, link: Any = "", files: Any = None) -> Score:
    """The unit's own score on one indicator, with its evidence, during self-assessment."""
    assessment, sheet = _lock_sheet(score.sheet)
    if not acts_for_unit(actor, sheet.unit_id):
        raise PermissionRefused(_("Only the unit itself self-assesses."))
    _require_open(assessment)
    if assessment.status != RoundStatus.SELF_ASSESSMENT:
        raise Conflict(_("Self-assessment is over."))
    if sheet.self_submitted_at:
        raise Conflict(_("The self-assessment has been submitted."))
    score = Score.objects.select_related("indicator").get(pk=score.pk)
    from .targets import _clean_link

    errors: dict[str, list[str]] = {}
    c: dict[str, Any] = {}
    for field, fn in (
        ("self_score", lambda: parse_number(value, field="self_score", label=_("Self-assessed score"),
                                            maximum=score.indicator.max_score)),
        ("self_note", lambda: clean_text(note, field="self_note", label=_("Self-assessment evidence"),
                                         max_length=5000)),
        ("self_link", lambda: _clean_link(link)),
        ("files", lambda: clean_files(files)),
    ):
        try:
            c[field] = fn()
        except ValidationFailed as exc:
            errors.setdefault("self_link" if field == "self_link" else (exc.field or field), []).append(exc.message)
    if errors:
        raise ValidationFailed.from_errors(errors)
    before = {"self_score": score.self_score, "self_note": score.self_note}
    score.self_score, score.self_note, score.self_link = c["self_score"], c["self_note"], c["self_link"]
    score.save(update_fields=["self_score", "self_note", "self_link"])
    store_evidence(actor, c["files"], score=score)
    audit_record(actor=actor, verb="score.self", obj=score, subject=sheet, before=before,
                 after={"self_score": score.self_score, "self_note": score.self_note,
                        "files": [f[0] for f in c["files"]]})
    return score


@transaction.atomic
def self_assessment_submit(*, actor: Any, sheet: UnitAssessment) -> UnitAssessment:
    assessment, sheet = _lock_sheet(sheet)
    if not acts_for_unit(actor, sheet.unit_id):
        raise PermissionRefused(_("Only the unit itself self-assesses."))
    if assessment.status != RoundStatus.SELF_ASSESSMENT or sheet.self_submitted_at:
        raise Conflict(_("The self-assessment is closed or already submitted."))
    missing = sheet.scores.filter(indicator__kind=IndicatorKind.MANUAL, self_score__isnull=True).count()
    if missing:
        raise ValidationFailed(_("Self-assess every manual indicator first: %(n)d left.") % {"n": missing},
                               field="self_score")
    sheet.self_submitted_at = timezone.now()
    sheet.save(update_fields=["self_submitted_at"])
    audit_record(actor=actor, verb="score.submit", obj=sheet, after={"submitted": sheet.self_submitted_at})
    return sheet


def assessable_unit_ids(actor: Any) -> set[int] | None:
    """Units ``actor`` may score as assessor: every unit for the office (None), for a working group
    lead the units with projects in its programmes (never its own unit), nothing for others."""
    if getattr(actor, "is_office", False):
        return None
    if getattr(actor, "role", None) != Role.GROUP_LEAD or not getattr(actor, "unit_id", None):
        return set()
    from tongchou.projects.models import Project

    ids = set(Project.objects.filter(programme__group__lead_unit_id=actor.unit_id).values_list("unit_id", flat=True))
    ids.discard(actor.unit_id)
    return ids


def can_assess(actor: Any, sheet: UnitAssessment) -> bool:
    if getattr(actor, "unit_id", None) == sheet.unit_id and not getattr(actor, "is_office", False):
        return False
    allowed = assessable_unit_ids(actor)
    return allowed is None or sheet.unit_id in allowed


@transaction.atomic
def score_set(*, actor: Any, score: Score, value: Any, comment: Any) -> Score:
    """An assessor's score on a manual indicator, with a comment. The office also overrides an
    automatic indicator this way (its comment says why)."""
    assessment, sheet = _lock_sheet(score.sheet)
    if getattr(actor, "unit_id", None) == sheet.unit_id and not getattr(actor, "is_office", False):
        raise PermissionRefused(_("A unit cannot score itself as assessor."))
    if not can_assess(actor, sheet):
        raise PermissionRefused(_("You may not score this unit: assessors are the office and the working "
                                  "group leads for their programme's units."))
    _require_open(assessment)
    if assessment.status == RoundStatus.SELF_ASSESSMENT:
        raise Conflict(_("Scoring starts after self-assessment."))
    if assessment.status == RoundStatus.REVIEW and not getattr(actor, "is_office", False):
        raise Conflict(_("The office is reviewing: only the office changes scores now."))
    score = Score.objects.select_related("indicator").get(pk=score.pk)
    if score.indicator.kind == IndicatorKind.AUTOMATIC and not getattr(actor, "is_office", False):
        raise PermissionRefused(_("Automatic indicators are computed; only the office may override one."))
    errors: dict[str, list[str]] = {}
    c: dict[str, Any] = {}
    for field, fn in (
        ("score", lambda: parse_number(value, field="score", label=_("Score"), maximum=score.indicator.max_score)),
        ("comment", lambda: clean_text(comment, field="comment", label=_("Comment"), max_length=5000)),
    ):
        try:
            c[field] = fn()
        except ValidationFailed as exc:
            errors.setdefault(field, []).append(exc.message)
    if errors:
        raise ValidationFailed.from_errors(errors)
    before = {"score": score.score, "comment": score.comment}
    score.score, score.comment = c["score"], c["comment"]
    score.scored_by, score.scored_at = actor_model(actor), timezone.now()
    score.save(update_fields=["score", "comment", "scored_by", "scored_at"])
    _retotal([sheet])
    audit_record(actor=actor, verb="score.assess", obj=score, subject=sheet, before=before,
                 after={"indicator": score.indicator.name, **c})
    return score


@transaction.atomic
def adjustment_add(*, actor: Any, sheet: UnitAssessment, kind: Any, points: Any, reason: Any) -> Adjustment:
    require_office(actor)
    assessment, sheet = _lock_sheet(sheet)
    _require_open(assessment)
    errors: dict[str, list[str]] = {}
    c: dict[str, Any] = {}
    for field, fn in (
        ("kind", lambda: clean_choice(kind, field="kind", label=_("Kind"), choices=AdjustmentKind)),
        ("points", lambda: parse_number(points, field="points", label=_("Points"), minimum=Decimal("0.01"),
                                        maximum=sheet.scheme.total)),
        ("reason", lambda: clean_text(reason, field="reason", label=_("Reason"), max_length=2000)),
    ):
        try:
            c[field] = fn()
        except ValidationFailed as exc:
            errors.setdefault(field, []).append(exc.message)
    if errors:
        raise ValidationFailed.from_errors(errors)
    adjustment = Adjustment.objects.create(sheet=sheet, created_by=actor_model(actor), **c)
    _retotal([sheet])
    audit_record(actor=actor, verb="adjustment.add", obj=adjustment, subject=sheet, after=c)
    return adjustment


@transaction.atomic
def dispute_file(*, actor: Any, sheet: UnitAssessment, reason: Any) -> UnitAssessment:
    """The unit disputes its scores, once, with a reason, after scoring began and before finalisation."""
    assessment, sheet = _lock_sheet(sheet)
    if not acts_for_unit(actor, sheet.unit_id):
        raise PermissionRefused(_("Only the unit itself disputes its scores."))
    _require_open(assessment)
    if assessment.status == RoundStatus.SELF_ASSESSMENT:
        raise Conflict(_("There are no scores to dispute yet."))
    if sheet.dispute_status != DisputeStatus.NONE:
        raise Conflict(_("The unit has already disputed its scores once."))
    sheet.dispute_reason = clean_text(reason, field="reason", label=_("Reason"), max_length=5000)
    sheet.dispute_status = DisputeStatus.OPEN
    sheet.disputed_at = timezone.now()
    sheet.save(update_fields=["dispute_reason", "dispute_status", "disputed_at"])
    audit_record(actor=actor, verb="dispute.file", obj=sheet, reason=sheet.dispute_reason,
                 after={"dispute_status": sheet.dispute_status})
    return sheet


@transaction.atomic
def dispute_answer(*, actor: Any, sheet: UnitAssessment, answer: Any) -> UnitAssessment:
    require_office(actor)
    assessment, sheet = _lock_sheet(sheet)
    _require_open(assessment)
    if sheet.dispute_status != DisputeStatus.OPEN:
        raise Conflict(_("There is no open dispute to answer."))
    sheet.dispute_answer = clean_text(answer, field="answer", label=_("Answer"), max_length=5000)
    sheet.dispute_status = DisputeStatus.ANSWERED
    sheet.save(update_fields=["dispute_answer", "dispute_status"])
    audit_record(actor=actor, verb="dispute.answer", obj=sheet, before={"dispute_status": DisputeStatus.OPEN},
                 after={"dispute_status": sheet.dispute_status, "answer": sheet.dispute_answer})
    return sheet


def sheets_in_scope(actor: Any) -> Q:
    """The sheets ``actor`` may read: all for readers of everything, else its own unit's and, for a
    group lead, the units it assesses."""
    if getattr(actor, "reads_everything", False):
        return Q()
    allowed = assessable_unit_ids(actor) or set()
    unit_id = getattr(actor, "unit_id", None)
    return Q(unit_id__in=[*allowed, *([unit_id] if unit_id else [])])
