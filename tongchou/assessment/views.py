from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongchou.core.errors import DomainError, NotFound, PermissionRefused, ValidationFailed
from tongchou.core.forms import run_service
from tongchou.core.permissions import AuthedRequest, require_office
from tongchou.documents import official
from tongchou.documents.xlsx import XLSX_CONTENT_TYPE

from . import exports, indicators, selectors, services, targets
from .common import acts_for_unit
from .forms import IndicatorForm, SiteForm, TargetForm
from .models import (
    AdjustmentKind,
    Assessment,
    DisputeStatus,
    Evidence,
    Indicator,
    IndicatorKind,
    ProgressUpdate,
    RoundStatus,
    Scheme,
    SchemeFor,
    Score,
    SiteKind,
    SiteStatus,
)

PAGE_SIZE = 50


def _year(request: AuthedRequest) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year


def _act(request: AuthedRequest, call: Callable[[], Any], success: str) -> bool:
    """Run a service for an inline form: its message on success, the domain error's otherwise."""
    try:
        call()
    except (ValidationFailed, PermissionRefused, DomainError) as exc:
        if isinstance(exc, PermissionRefused | NotFound):
            raise
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    year = _year(request)
    return render(request, "assessment/index.html", {
        "year": year, "rounds": selectors.rounds(),
        "attention": targets.targets_needing_attention(year=year),
        "schemes": Scheme.objects.filter(year=year)})


# -- targets ---------------------------------------------------------------------------------------------
@login_required
def target_list(request: AuthedRequest) -> HttpResponse:
    year = _year(request)
    status = request.GET.get("status", "")
    rows = targets.targets_with_status(year=year, status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    statuses = [(targets.ATTENTION, _("Overdue or off track")), *targets.STATUS_LABELS.items()]
    return render(request, "assessment/target_list.html", {"page": page, "year": year, "status": status,
                                                           "statuses": statuses})


@login_required
def target_create(request: AuthedRequest) -> HttpResponse:
    require_office(request.user)
    form = TargetForm(request.POST or None, initial={"year": _year(request), "measure": "count"})
    if request.method == "POST" and form.is_valid():
        target = run_service(form, lambda: targets.target_create(actor=request.user, data=form.cleaned_data))
        if target:
            messages.success(request, _("Target created."))
            return redirect("assessment:target_detail", pk=target.pk)
    return render(request, "assessment/form.html", {"form": form, "title": _("New target"),
                                                    "cancel_url": reverse("assessment:target_list")})


@login_required
def target_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require_office(request.user)
    target = targets.target_get(pk)
    initial = {f: getattr(target, f) for f in ("year", "code", "title", "measure", "target_value", "deadline",
                                               "counts_sites", "description")}
    initial["deadline"] = target.deadline.isoformat()
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, lambda: targets.target_update(actor=request.user, target=target,
                                                                data=form.cleaned_data))
        if saved:
            messages.success(request, _("Target saved."))
            return redirect("assessment:target_detail", pk=target.pk)
    return render(request, "assessment/form.html", {"form": form, "title": _("Edit %(t)s") % {"t": target.title},
                                                    "cancel_url": reverse("assessment:target_detail", args=[pk])})


@login_required
def target_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    target = targets.target_get(pk)
    shares = list(target.shares.select_related("unit").prefetch_related(
        Prefetch("updates", queryset=ProgressUpdate.objects.select_related("created_by").prefetch_related("evidence"))))
    achieved = sum((s.progress for s in shares), start=target.target_value * 0)
    for share in shares:
        share.can_report = (request.user.is_office or acts_for_unit(request.user, share.unit_id))  # type: ignore[attr-defined]
    from tongchou.org.models import Unit

    return render(request, "assessment/target_detail.html", {
        "target": target, "shares": shares, "achieved": achieved,
        "status": targets.STATUS_LABELS[targets.target_status(target, achieved)],
        "units": Unit.objects.filter(is_active=True).order_by("code") if request.user.is_office else [],
        "sites": target.counts_sites and targets.site_designated_count(target.year, target.counts_sites)})


@login_required
@require_POST
def share_set(request: AuthedRequest, pk: int) -> HttpResponse:
    target = targets.target_get(pk)
    _act(request, lambda: targets.target_share_set(actor=request.user, target=target, unit=request.POST.get("unit"),
                                                   share=request.POST.get("share")), _("Share saved."))
    return redirect("assessment:target_detail", pk=target.pk)


@login_required
@require_POST
def progress_create(request: AuthedRequest, pk: int) -> HttpResponse:
    share = targets.share_get(pk)
    _act(request, lambda: targets.progress_update_create(
        actor=request.user, share=share, value=request.POST.get("value"), note=request.POST.get("note"),
        link=request.POST.get("link", ""), files=request.FILES.getlist("file")), _("Progress reported."))
    return redirect("assessment:target_detail", pk=share.target_id)


@login_required
def evidence_download(request: AuthedRequest, pk: int) -> FileResponse:
    evidence = Evidence.objects.select_related("score__sheet__assessment").filter(pk=pk).first()
    if evidence is None:
        raise NotFound(_("No such file."))
    if evidence.score_id:
        sheet = evidence.score.sheet  # type: ignore[union-attr]
        selectors.sheet_get_for_user(user=request.user, assessment=sheet.assessment, unit=sheet.unit_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


# -- demonstration sites ------------------------------------------------------------------------------------
@login_required
def site_list(request: AuthedRequest) -> HttpResponse:
    year = _year(request)
    from .models import DemonstrationSite

    sites = DemonstrationSite.objects.filter(year=year).select_related("unit").order_by("kind", "status", "name")
    kind, status = request.GET.get("kind", ""), request.GET.get("status", "")
    if kind in SiteKind.values:
        sites = sites.filter(kind=kind)
    if status in SiteStatus.values:
        sites = sites.filter(status=status)
    counts = {k: targets.site_designated_count(year, k) for k in SiteKind.values}
    page = Paginator(sites, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessment/site_list.html", {"page": page, "year": year, "counts": counts,
                                                         "kind": kind, "status": status,
                                                         "kinds": SiteKind.choices, "statuses": SiteStatus.choices,
                                                         "targets": targets.target_list(year=year).exclude(
                                                             counts_sites="")})


@login_required
def site_create(request: AuthedRequest) -> HttpResponse:
    require_office(request.user)
    form = SiteForm(request.POST or None, initial={"year": _year(request), "status": SiteStatus.CANDIDATE})
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, lambda: targets.site_create(actor=request.user, data=form.cleaned_data))
        if saved:
            messages.success(request, _("Demonstration site registered."))
            return redirect(reverse("assessment:site_list") + f"?year={form.cleaned_data['year']}")
    return render(request, "assessment/form.html", {"form": form, "title": _("Register a demonstration site"),
                                                    "cancel_url": reverse("assessment:site_list")})


@login_required
def site_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require_office(request.user)
    site = targets.site_get(pk)
    initial = {f: getattr(site, f) for f in ("year", "name", "kind", "status", "progress", "criteria", "note")}
    initial["unit"] = site.unit
    form = SiteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, lambda: targets.site_update(actor=request.user, site=site, data=form.cleaned_data))
        if saved:
            messages.success(request, _("Demonstration site saved."))
            return redirect(reverse("assessment:site_list") + f"?year={site.year}")
    return render(request, "assessment/form.html", {"form": form, "title": _("Edit %(t)s") % {"t": site.name},
                                                    "cancel_url": reverse("assessment:site_list")})


# -- schemes ----------------------------------------------------------------------------------------------
def _scheme_get(pk: Any) -> Scheme:
    scheme = Scheme.objects.filter(pk=pk).first()
    if scheme is None:
        raise NotFound(_("No such scheme."))
    return scheme


@login_required
def scheme_page(request: AuthedRequest, year: int, forms_by_scheme: dict[int, IndicatorForm] | None = None,
                status: int = 200) -> HttpResponse:
    schemes = list(Scheme.objects.filter(year=year).prefetch_related("categories__indicators"))
    started = Assessment.objects.filter(year=year).exists()
    for scheme in schemes:
        scheme.weight = services.scheme_weight(scheme)  # type: ignore[attr-defined]
        scheme.problems = services.scheme_problems(scheme)  # type: ignore[attr-defined]
        scheme.form = (forms_by_scheme or {}).get(scheme.pk) or IndicatorForm(scheme=scheme)  # type: ignore[attr-defined]
    missing = [(v, label) for v, label in SchemeFor.choices if v not in {s.applies_to for s in schemes}]
    return render(request, "assessment/scheme.html", {
        "year": year, "schemes": schemes, "missing": missing, "started": started,
        "registry": indicators.REGISTRY.values(),
        "previous": Scheme.objects.filter(year__lt=year).order_by("-year").values_list("year", flat=True).first(),
    }, status=status)


@login_required
@require_POST
def scheme_create(request: AuthedRequest, year: int) -> HttpResponse:
    if request.POST.get("copy"):
        _act(request, lambda: services.scheme_copy(actor=request.user, year=year,
                                                   applies_to=request.POST.get("applies_to")),
             _("Last year's scheme copied."))
    else:
        _act(request, lambda: services.scheme_create(actor=request.user, year=year,
                                                     applies_to=request.POST.get("applies_to"),
                                                     total=request.POST.get("total") or "100"),
             _("Scheme created with the six categories."))
    return redirect("assessment:scheme_page", year=year)


@login_required
@require_POST
def category_create(request: AuthedRequest, pk: int) -> HttpResponse:
    scheme = _scheme_get(pk)
    _act(request, lambda: services.category_create(actor=request.user, scheme=scheme, name=request.POST.get("name")),
         _("Category added."))
    return redirect("assessment:scheme_page", year=scheme.year)


@login_required
@require_POST
def indicator_create(request: AuthedRequest, pk: int) -> HttpResponse:
    require_office(request.user)
    scheme = _scheme_get(pk)
    form = IndicatorForm(request.POST, scheme=scheme)
    created = None
    if form.is_valid():
        created = run_service(form, lambda: services.indicator_create(actor=request.user, scheme=scheme,
                                                                      data=form.cleaned_data))
    if created:
        messages.success(request, _("Indicator added."))
        return redirect("assessment:scheme_page", year=scheme.year)
    return scheme_page(request, scheme.year, {scheme.pk: form}, status=400)


def _indicator_get(pk: Any) -> Indicator:
    indicator = Indicator.objects.select_related("category__scheme").filter(pk=pk).first()
    if indicator is None:
        raise NotFound(_("No such indicator."))
    return indicator


@login_required
def indicator_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require_office(request.user)
    indicator = _indicator_get(pk)
    scheme = indicator.category.scheme
    initial = {"category": indicator.category_id, "name": indicator.name, "max_score": indicator.max_score,
               "kind": indicator.kind, "computation": indicator.computation, "rule": indicator.rule}
    form = IndicatorForm(request.POST or None, scheme=scheme, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, lambda: services.indicator_update(actor=request.user, indicator=indicator,
                                                                    data=form.cleaned_data))
        if saved:
            messages.success(request, _("Indicator saved."))
            return redirect("assessment:scheme_page", year=scheme.year)
    return render(request, "assessment/form.html", {
        "form": form, "title": _("Edit %(t)s") % {"t": indicator.name},
        "cancel_url": reverse("assessment:scheme_page", args=[scheme.year])})


@login_required
@require_POST
def indicator_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    indicator = _indicator_get(pk)
    year = indicator.category.scheme.year
    _act(request, lambda: services.indicator_delete(actor=request.user, indicator=indicator), _("Indicator removed."))
    return redirect("assessment:scheme_page", year=year)


# -- the round -----------------------------------------------------------------------------------------------
@login_required
@require_POST
def round_start(request: AuthedRequest) -> HttpResponse:
    year = request.POST.get("year", "")
    if _act(request, lambda: services.assessment_start(actor=request.user, year=year), _("Assessment started.")):
        return redirect("assessment:round", year=int(year))
    return redirect(reverse("assessment:scheme_page", args=[int(year)]) if year.isdigit()
                    else reverse("assessment:index"))


@login_required
def round_page(request: AuthedRequest, year: int) -> HttpResponse:
    assessment = selectors.assessment_get(year)
    sheets = selectors.sheets_visible_to(request.user, assessment)
    page = Paginator(sheets, 100).get_page(request.GET.get("page"))
    steps = [(value, label, value == assessment.status) for value, label in RoundStatus.choices]
    next_status = services.NEXT_STATUS.get(RoundStatus(assessment.status))
    return render(request, "assessment/round.html", {
        "assessment": assessment, "page": page, "steps": steps,
        "next_label": RoundStatus(next_status).label if next_status else "",
        "ranking_visible": selectors.ranking_visible(request.user, assessment),
        "open_disputes": assessment.sheets.filter(dispute_status=DisputeStatus.OPEN).count()})


@login_required
@require_POST
def round_advance(request: AuthedRequest, year: int) -> HttpResponse:
    assessment = selectors.assessment_get(year)
    _act(request, lambda: services.assessment_advance(actor=request.user, assessment=assessment),
         _("The assessment moved on."))
    return redirect("assessment:round", year=year)


@login_required
@require_POST
def round_compute(request: AuthedRequest, year: int) -> HttpResponse:
    assessment = selectors.assessment_get(year)
    _act(request, lambda: services.assessment_compute(actor=request.user, assessment=assessment),
         _("Automatic indicators recomputed from the data."))
    return redirect("assessment:round", year=year)


def _sheet(request: AuthedRequest, year: int, unit: int) -> tuple[Assessment, Any]:
    assessment = selectors.assessment_get(year)
    return assessment, selectors.sheet_get_for_user(user=request.user, assessment=assessment, unit=unit)


@login_required
def sheet_page(request: AuthedRequest, year: int, unit: int) -> HttpResponse:
    assessment, sheet = _sheet(request, year, unit)
    scores = list(selectors.sheet_scores(sheet))
    categories: list[dict[str, Any]] = []
    for score in scores:
        category = score.indicator.category
        if not categories or categories[-1]["category"].pk != category.pk:
            categories.append({"category": category, "scores": []})
        categories[-1]["scores"].append(score)
    own = acts_for_unit(request.user, sheet.unit_id)
    return render(request, "assessment/sheet.html", {
        "assessment": assessment, "sheet": sheet, "categories": categories,
        "adjustments": sheet.adjustments.select_related("created_by"),
        "own": own,
        "can_self": own and assessment.status == RoundStatus.SELF_ASSESSMENT and not sheet.self_submitted_at,
        "can_assess": (not assessment.is_closed and assessment.status != RoundStatus.SELF_ASSESSMENT
                       and services.can_assess(request.user, sheet)
                       and (assessment.status != RoundStatus.REVIEW or request.user.is_office)),
        "can_dispute": (own and not assessment.is_closed and assessment.status != RoundStatus.SELF_ASSESSMENT
                        and sheet.dispute_status == DisputeStatus.NONE),
        "adjustment_kinds": AdjustmentKind.choices, "automatic": IndicatorKind.AUTOMATIC})


@login_required
@require_POST
def sheet_submit(request: AuthedRequest, year: int, unit: int) -> HttpResponse:
    _assessment, sheet = _sheet(request, year, unit)
    _act(request, lambda: services.self_assessment_submit(actor=request.user, sheet=sheet),
         _("Self-assessment submitted."))
    return redirect("assessment:sheet", year=year, unit=unit)


@login_required
@require_POST
def adjustment_create(request: AuthedRequest, year: int, unit: int) -> HttpResponse:
    _assessment, sheet = _sheet(request, year, unit)
    _act(request, lambda: services.adjustment_add(actor=request.user, sheet=sheet, kind=request.POST.get("kind"),
                                                  points=request.POST.get("points"),
                                                  reason=request.POST.get("reason")), _("Item recorded."))
    return redirect("assessment:sheet", year=year, unit=unit)


@login_required
@require_POST
def dispute_create(request: AuthedRequest, year: int, unit: int) -> HttpResponse:
    _assessment, sheet = _sheet(request, year, unit)
    _act(request, lambda: services.dispute_file(actor=request.user, sheet=sheet, reason=request.POST.get("reason")),
         _("Dispute filed: the office will answer before finalisation."))
    return redirect("assessment:sheet", year=year, unit=unit)


@login_required
@require_POST
def dispute_answer(request: AuthedRequest, year: int, unit: int) -> HttpResponse:
    _assessment, sheet = _sheet(request, year, unit)
    _act(request, lambda: services.dispute_answer(actor=request.user, sheet=sheet, answer=request.POST.get("answer")),
         _("Dispute answered."))
    return redirect("assessment:sheet", year=year, unit=unit)


def _score_get(request: AuthedRequest, pk: int) -> Score:
    score = Score.objects.select_related("sheet__assessment", "sheet__unit").filter(pk=pk).first()
    if score is None:
        raise NotFound(_("No such score."))
    selectors.sheet_get_for_user(user=request.user, assessment=score.sheet.assessment, unit=score.sheet.unit_id)
    return score


@login_required
@require_POST
def score_self(request: AuthedRequest, pk: int) -> HttpResponse:
    score = _score_get(request, pk)
    _act(request, lambda: services.self_assess(actor=request.user, score=score, value=request.POST.get("self_score"),
                                               note=request.POST.get("self_note"), link=request.POST.get("self_link"),
                                               files=request.FILES.getlist("file")), _("Self-assessment saved."))
    return redirect("assessment:sheet", year=score.sheet.assessment.year, unit=score.sheet.unit_id)


@login_required
@require_POST
def score_assess(request: AuthedRequest, pk: int) -> HttpResponse:
    score = _score_get(request, pk)
    _act(request, lambda: services.score_set(actor=request.user, score=score, value=request.POST.get("score"),
                                             comment=request.POST.get("comment")), _("Score saved."))
    return redirect("assessment:sheet", year=score.sheet.assessment.year, unit=score.sheet.unit_id)


# -- ranking -------------------------------------------------------------------------------------------------
@login_required
def ranking_page(request: AuthedRequest, year: int) -> HttpResponse:
    assessment = selectors.assessment_get(year)
    selectors.require_ranking_visible(request.user, assessment)
    rows = selectors.ranking(assessment)
    groups = [(label, [r for r in rows if r.type == value]) for value, label in SchemeFor.choices]
    return render(request, "assessment/ranking.html", {
        "assessment": assessment, "groups": groups, "tie_rule": selectors.TIE_RULE})


@login_required
def ranking_xlsx(request: AuthedRequest, year: int) -> HttpResponse:
    assessment = selectors.assessment_get(year)
    selectors.require_ranking_visible(request.user, assessment)
    response = HttpResponse(exports.ranking_xlsx(assessment), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="assessment-{year}-ranking.xlsx"'
    return response


@login_required
def ranking_docx(request: AuthedRequest, year: int) -> HttpResponse:
    assessment = selectors.assessment_get(year)
    selectors.require_ranking_visible(request.user, assessment)
    response = HttpResponse(exports.ranking_docx(assessment), content_type=official.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="assessment-{year}-report.docx"'
    return response

