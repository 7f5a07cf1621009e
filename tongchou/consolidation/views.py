from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongchou.core.errors import DomainError, NotFound
from tongchou.core.forms import run_service
from tongchou.core.permissions import require_office
from tongchou.core.redirects import redirect_back
from tongchou.projects.models import Project
from tongchou.projects.selectors import project_can_edit, project_get_for_user

from . import excel, overlap, selectors, services
from .forms import AssetForm, CheckForm, DecisionForm, NeedForm, SavingForm
from .models import (
    RESOURCE_FIELDS,
    RESOURCES,
    Allocation,
    InfraNeed,
    Saving,
    SavingKind,
    SavingStatus,
    UnitPrice,
)

PAGE_SIZE = 50


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# -- shared assets -------------------------------------------------------------------------------
@login_required
def asset_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.asset_list(kind=request.GET.get("kind", "")), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "consolidation/asset_list.html",
        {
            "page": page,
            "rows": selectors.utilisation(list(page.object_list)),
            "projects": selectors.project_utilisation(user=request.user)[:100],
        },
    )


@login_required
def asset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    asset = selectors.asset_get(pk)
    allocations = selectors.allocations_visible_to(request.user).filter(asset=asset)
    return render(
        request,
        "consolidation/asset_detail.html",
        {"asset": asset, "row": selectors.utilisation([asset])[0], "allocations": allocations[:200]},
    )


def _asset_page(request: HttpRequest, form: AssetForm, title: str) -> HttpResponse:
    return render(
        request,
        "consolidation/form.html",
        {"form": form, "title": title, "cancel_url": reverse("consolidation:asset_list")},
    )


@login_required
def asset_create(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    form = AssetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        asset = run_service(form, lambda: services.asset_create(actor=request.user, data=form.cleaned_data))
        if asset:
            messages.success(request, _("Asset “%(name)s” created.") % {"name": asset.name})
            return redirect("consolidation:asset_detail", pk=asset.pk)
    return _asset_page(request, form, _("New shared asset"))


@login_required
def asset_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_office(request.user)
    asset = selectors.asset_get(pk)
    initial = {
        f: getattr(asset, f) for f in ("code", "name", "kind", "location", "description", "is_active", *RESOURCE_FIELDS)
    }
    initial["operator"] = asset.operator
    form = AssetForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(form, lambda: services.asset_update(actor=request.user, asset=asset, data=form.cleaned_data))
        is not None
    ):
        messages.success(request, _("Asset saved."))
        return redirect("consolidation:asset_detail", pk=asset.pk)
    return _asset_page(request, form, _("Edit %(name)s") % {"name": asset.name})


# -- a project's consolidation page ----------------------------------------------------------------
@login_required
def project_page(
    request: HttpRequest,
    pk: int,
    need_form: NeedForm | None = None,
    decision_form: DecisionForm | None = None,
) -> HttpResponse:
    project = project_get_for_user(user=request.user, pk=pk)
    needs = selectors.needs_of(project)
    for need in needs:
        need.fitting = selectors.assets_that_fit(need) if need.status != "hosted" else []  # type: ignore[attr-defined]
        need.too_big = not need.fitting and selectors.need_exceeds_every_asset(need)  # type: ignore[attr-defined]
    form = decision_form or DecisionForm()
    other_id = (form.data.get("other_project") if form.is_bound else request.GET.get("other")) or ""
    other = Project.objects.filter(pk=other_id).first() if str(other_id).isdigit() else None
    score = (form.data.get("score") if form.is_bound else request.GET.get("score")) or ""
    return render(
        request,
        "consolidation/project.html",
        {
            "project": project,
            "needs": needs,
            "resources": RESOURCES,
            "initial_other": other.pk if other else "",
            "initial_other_label": str(other) if other else "",
            "initial_other_code": other.code if other else (form.data.get("other_code", "") if form.is_bound else ""),
            "other_modules": list(other.modules.all()) if other else [],
            "initial_score": score,
            "need_form": need_form or NeedForm(),
            "decision_form": form,
            "can_edit": project_can_edit(request.user, project),
            "decisions": project.overlap_decisions.select_related("other_project", "module", "asset", "decided_by"),
            "savings": selectors.savings_visible_to(request.user).filter(projects=project),
            "assets": selectors.asset_list(active_only=True),
        },
    )


@login_required
def overlap_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """The check for one project, as an htmx fragment (also usable on the project detail page)."""
    project = project_get_for_user(user=request.user, pk=pk)
    result = overlap.overlap_check_for_project(project, user=request.user)
    return render(
        request,
        "consolidation/partials/overlap_result.html",
        {"result": result, "project": project, "decide": getattr(request.user, "is_office", False)},
    )


@login_required
@require_POST
def need_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, pk=pk, for_write=True)
    form = NeedForm(request.POST)
    if (
        form.is_valid()
        and run_service(form, lambda: services.need_create(actor=request.user, project=project, data=form.cleaned_data))
        is not None
    ):
        messages.success(request, _("Infrastructure need added."))
        return redirect("consolidation:project", pk=project.pk)
    return project_page(request, pk, need_form=form)


def _need_for(request: HttpRequest, pk: int, *, for_write: bool) -> InfraNeed:
    try:
        need = InfraNeed.objects.select_related("project").get(pk=pk)
    except InfraNeed.DoesNotExist:
        raise NotFound(_("No such need.")) from None
    project_get_for_user(user=request.user, pk=need.project_id, for_write=for_write)
    return need


def _run(request: HttpRequest, call: Any, success: str) -> None:
    try:
        call()
        messages.success(request, success)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)


@login_required
@require_POST
def need_delete(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_for(request, pk, for_write=True)
    _run(request, lambda: services.need_delete(actor=request.user, need=need), _("Need removed."))
    return redirect("consolidation:project", pk=need.project_id)


@login_required
@require_POST
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_for(request, pk, for_write=False)
    require_office(request.user)
    asset = selectors.asset_get(request.POST.get("asset")) if _int(request.POST.get("asset")) else None
    if asset is None:
        messages.error(request, _("Choose the shared asset."))
    else:
        _run(
            request,
            lambda: services.allocation_create(actor=request.user, need=need, asset=asset),
            _("Hosted on %(asset)s.") % {"asset": asset.name},
        )
    return redirect("consolidation:project", pk=need.project_id)


@login_required
@require_POST
def need_own(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_for(request, pk, for_write=False)
    require_office(request.user)
    _run(
        request,
        lambda: services.need_mark_own(actor=request.user, need=need),
        _("Need marked as built by the project."),
    )
    return redirect("consolidation:project", pk=need.project_id)


@login_required
@require_POST
def allocation_release(request: HttpRequest, pk: int) -> HttpResponse:
    require_office(request.user)
    try:
        allocation = Allocation.objects.get(pk=pk)
    except Allocation.DoesNotExist:
        raise NotFound(_("No such allocation.")) from None
    _run(
        request,
        lambda: services.allocation_release(actor=request.user, allocation=allocation),
        _("Allocation released."),
    )
    return redirect("consolidation:project", pk=allocation.project_id)


@login_required
@require_POST
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, pk=pk)
    require_office(request.user)
    data = request.POST.copy()
    code = data.get("other_code", "").strip()
    hidden = data.get("other_project", "")
    chosen = Project.objects.filter(pk=hidden).first() if hidden.isdigit() else None
    if code and (chosen is None or chosen.code != code):
        # The office typed a project code: the latest year's project of that code is meant.
        found = Project.objects.filter(code=code).order_by("-year").first()
        data["other_project"] = str(found.pk) if found else code
    elif "other_code" in data and not code:
        data["other_project"] = ""  # the office cleared the code
    form = DecisionForm(data)
    if (
        form.is_valid()
        and run_service(
            form,
            lambda: services.decision_record(actor=request.user, project=project, data=form.cleaned_data),
        )
        is not None
    ):
        messages.success(request, _("Decision recorded."))
        return redirect("consolidation:project", pk=project.pk)
    return project_page(request, pk, decision_form=form)


# -- the check on demand ---------------------------------------------------------------------------
@login_required
def check_page(request: HttpRequest) -> HttpResponse:
    form = CheckForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = {
            "name": form.cleaned_data["name"],
            "description": form.cleaned_data["description"],
            "modules": form.service_modules(),
        }
        try:
            name, description, modules = overlap.clean_query(data)
            result = overlap.check(name=name, description=description, modules=modules, user=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "consolidation/check.html", {"form": form, "result": result})


# -- savings ledger ------------------------------------------------------------------------------
@login_required
def saving_list(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"))
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    qs = selectors.saving_list(user=request.user, year=year, kind=kind, status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "consolidation/saving_list.html",
        {
            "page": page,
            "kinds": SavingKind.choices,
            "statuses": SavingStatus.choices,
            "filters": {"year": year or "", "kind": kind, "status": status},
        },
    )


@login_required
def saving_create(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    form = SavingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data.get("year")
        if run_service(form, lambda: services.saving_create(actor=request.user, data=form.service_data(year))):
            messages.success(request, _("Saving recorded."))
            return redirect("consolidation:saving_list")
    return render(
        request,
        "consolidation/form.html",
        {"form": form, "title": _("Record a saving"), "cancel_url": reverse("consolidation:saving_list")},
    )


@login_required
@require_POST
def saving_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    require_office(request.user)
    try:
        saving = Saving.objects.get(pk=pk)
    except Saving.DoesNotExist:
        raise NotFound(_("No such saving.")) from None
    _run(
        request,
        lambda: services.saving_confirm(actor=request.user, saving=saving, amount=request.POST.get("amount")),
        _("Saving confirmed."),
    )
    return redirect_back(request, "consolidation:saving_list")


@login_required
def prices(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    errors: dict[str, str] = {}
    if request.method == "POST":
        for name, _label, _unit in RESOURCES:
            value = request.POST.get(name, "").strip()
            if not value:
                continue
            try:
                services.unit_price_set(actor=request.user, resource=name, price=value)
            except DomainError as exc:
                errors[name] = exc.message
        if not errors:
            messages.success(request, _("Unit prices saved."))
            return redirect("consolidation:prices")
    current = {p.resource: p.price for p in UnitPrice.objects.all()}
    rows = [
        {
            "name": n,
            "label": label,
            "unit": unit,
            "price": current.get(n),
            "value": request.POST.get(n, "") if errors else (current.get(n) or ""),
            "error": errors.get(n),
        }
        for n, label, unit in RESOURCES
    ]
    return render(request, "consolidation/prices.html", {"rows": rows})


# -- reports -------------------------------------------------------------------------------------
@login_required
def reports(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"))
    return render(
        request,
        "consolidation/reports.html",
        {
            "report": selectors.savings_report(user=request.user, year=year),
            "year": year or "",
            "utilisation": selectors.utilisation(list(selectors.asset_list()[:200])),
        },
    )


@login_required
def reports_xlsx(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"))
    content = excel.savings_workbook(user=request.user, year=year)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="savings-{year or "all"}.xlsx"'
    return response
