from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongchou.core.errors import DomainError, NotFound
from tongchou.core.forms import run_service
from tongchou.core.permissions import require_office
from tongchou.documents.reading import max_import_bytes
from tongchou.documents.xlsx import XLSX_CONTENT_TYPE

from . import progress, services
from .forms import MappingForm, UploadForm
from .models import ImportJob, ImportStatus
from .template import plan_template_xlsx

ROW_PAGE_SIZE = 100
ACTIONS = ("create", "update", "unchanged", "rejected", "skipped")


def _action_labels() -> dict[str, str]:
    return {
        "create": _("To create"),
        "update": _("To update"),
        "unchanged": _("Unchanged"),
        "rejected": _("Rejected"),
        "skipped": _("Skipped"),
    }


def _job_for(user: Any, pk: int) -> ImportJob:
    require_office(user)
    try:
        return ImportJob.objects.select_related("created_by").get(pk=pk)
    except ImportJob.DoesNotExist:
        raise NotFound(_("No such import.")) from None


@login_required
def import_list_view(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > max_import_bytes():
            form.add_error(
                "file",
                _("The file is too large: %(size)s MB; at most %(max)s MB.")
                % {"size": round(upload.size / 1048576, 1), "max": round(max_import_bytes() / 1048576, 1)},
            )
        else:
            job = run_service(
                form,
                lambda: services.import_job_create(
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    file_name=upload.name,
                    data=upload.read(),
                    spec=form.cleaned_data.get("mapping_file"),
                ),
            )
            if job:
                return redirect("imports:mapping", pk=job.pk)
    jobs = Paginator(
        ImportJob.objects.select_related("created_by").only("kind", "status", "file_name", "created_at", "created_by"),
        20,
    )
    return render(
        request,
        "imports/import_list.html",
        {
            "form": form,
            "page": jobs.get_page(request.GET.get("page")),
            "max_mb": round(max_import_bytes() / 1048576),
        },
    )


@login_required
def import_mapping_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request.user, pk)
    initial = {"amount_unit": job.options.get("amount_unit") or services.suggested_amount_unit(job)}
    defaults = job.options.get("defaults", {})
    initial.update(
        default_year=defaults.get("year"),
        default_owner_name=defaults.get("owner_name"),
        default_tier=defaults.get("tier"),
        create_programmes=job.options.get("create_programmes"),
        create_units=job.options.get("create_units"),
        programme_group=job.options.get("programme_group") or None,
    )
    form = MappingForm(request.POST or None, job=job, initial=initial)
    if request.method == "POST" and form.is_valid():
        with progress.reporting(job.pk) as report:
            configured = run_service(
                form,
                lambda: services.import_job_configure(
                    actor=request.user, job=job, mapping=form.mapping(), options=form.options(), progress=report
                ),
            )
        if configured:
            return redirect("imports:preview", pk=job.pk)
    return render(request, "imports/import_mapping.html", {"job": job, "form": form})


@login_required
def import_preview_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request.user, pk)
    if job.status == ImportStatus.UPLOADED:
        return redirect("imports:mapping", pk=job.pk)
    action = request.GET.get("action", "")
    rows = job.preview.get("rows", [])
    if action in ACTIONS:
        rows = [r for r in rows if r["action"] == action]
    page = Paginator(rows, ROW_PAGE_SIZE).get_page(request.GET.get("page"))
    from tongchou.org.models import Unit

    return render(
        request,
        "imports/import_preview.html",
        {
            "job": job,
            "page": page,
            "action": action,
            "count_items": [
                (a, label, job.preview.get("counts", {}).get(a, 0)) for a, label in _action_labels().items()
            ],
            "counts": job.preview.get("counts", {}),
            "units": job.preview.get("units", []),
            "pending_units": services.unit_choice_needed(job.preview),
            "all_units": Unit.objects.filter(is_active=True).only("pk", "code", "name"),
            "committed": job.status == ImportStatus.COMMITTED,
        },
    )


@login_required
@require_POST
def import_units_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request.user, pk)
    choices = {key.removeprefix("unit::"): value for key, value in request.POST.items() if key.startswith("unit::")}
    try:
        with progress.reporting(job.pk) as report:
            services.import_job_configure(actor=request.user, job=job, unit_choices=choices, progress=report)
        messages.success(request, _("Unit choices saved; the preview is up to date."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("imports:preview", pk=job.pk)


@login_required
@require_POST
def import_commit_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request.user, pk)
    try:
        with progress.reporting(job.pk) as report:
            job = services.import_job_commit(actor=request.user, job=job, progress=report)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("imports:preview", pk=job.pk)
    counts = job.result["counts"]
    messages.success(
        request,
        _("Imported: %(create)d created, %(update)d updated, %(unchanged)d unchanged, %(rejected)d rejected.")
        % {k: counts.get(k, 0) for k in ("create", "update", "unchanged", "rejected")},
    )
    return redirect("imports:preview", pk=job.pk)


@login_required
def import_progress_view(request: HttpRequest, pk: int) -> JsonResponse:
    # Polled twice a second while a run goes: read the bar, not the job's rows.
    require_office(request.user)
    if not ImportJob.objects.filter(pk=pk).exists():
        raise NotFound(_("No such import."))
    return JsonResponse(progress.read(pk) or {"done": 0, "total": len(_job_for(request.user, pk).rows)})


@login_required
def plan_template_view(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    response = HttpResponse(plan_template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="plan-template.xlsx"'
    return response
