"""Pages of the plan: milestones, baselines compared, change requests, delays, documents."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongchou.core.errors import Conflict, DomainError, NotFound, PermissionRefused, ValidationFailed
from tongchou.core.permissions import AuthedRequest

from .. import baselines, changes, delays, documents
from ..lifecycle import UNIT, actor_kinds
from ..models import ChangeKind, Milestone, Project, Tier
from ..selectors import project_get_for_user
from .lifecycle import back_to_project


def _milestone(project: Project, mid: Any) -> Milestone:
    try:
        return project.milestones.get(pk=int(mid))
    except (Milestone.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No such milestone.")) from None


@login_required
@require_POST
def milestone_add_view(request: AuthedRequest, pk: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, pk=pk, for_write=True)
    data = {k: request.POST.get(k, "") for k in ("name", "planned_date", "deliverable")}
    return back_to_project(request, project, lambda: baselines.milestone_create(
        actor=request.user, project=project, data=data), _("Milestone added."))


@login_required
@require_POST
def milestone_actual_view(request: AuthedRequest, pk: int, mid: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, pk=pk, for_write=True)
    milestone = _milestone(project, mid)
    return back_to_project(request, project, lambda: baselines.milestone_update(
        actor=request.user, milestone=milestone, data={"actual_date": request.POST.get("actual_date", "")}),
        _("Actual date recorded."))


@login_required
@require_POST
def milestone_delete_view(request: AuthedRequest, pk: int, mid: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, pk=pk, for_write=True)
    milestone = _milestone(project, mid)
    return back_to_project(request, project, lambda: baselines.milestone_delete(
        actor=request.user, milestone=milestone), _("Milestone removed."))


@login_required
def baseline_compare_view(request: AuthedRequest, pk: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, pk=pk)
    versions = list(project.baselines.select_related("created_by"))
    comparison = None
    if len(versions) >= 2 or (request.GET.get("a") and request.GET.get("b")):
        a = baselines.baseline_get(project=project, version=request.GET.get("a") or versions[-2].version)
        b = baselines.baseline_get(project=project, version=request.GET.get("b") or versions[-1].version)
        comparison = baselines.baseline_compare(a, b)
    return render(request, "projects/baseline_compare.html", {
        "project": project, "versions": versions, "comparison": comparison})


def _proposal_from(post: Any, kind: str, project: Project) -> dict[str, Any]:
    if kind == ChangeKind.SCHEDULE:
        return {"milestones": [{"id": m.pk, "planned_date": post.get(f"milestone_{m.pk}", "") or m.planned_date}
                               for m in project.milestones.all()]}
    if kind == ChangeKind.SCOPE:
        names, descriptions = post.getlist("module_name"), post.getlist("module_description")
        return {"modules": [{"name": n, "description": d} for n, d in zip(names, descriptions, strict=False)]}
    if kind == ChangeKind.BUDGET:
        return {"requested_budget": post.get("requested_budget", "")}
    return {"tier": post.get("tier", "")}


@login_required
def change_create_view(request: AuthedRequest, pk: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, pk=pk)
    if UNIT not in actor_kinds(request.user, project) and not request.user.is_office:
        raise PermissionRefused(_("Only the responsible unit files change requests for its project."))
    error: DomainError | None = None
    kind = request.POST.get("kind", ChangeKind.SCHEDULE)
    if request.method == "POST":
        try:
            cr = changes.change_request_create(actor=request.user, project=project, kind=kind,
                                               reason=request.POST.get("reason", ""),
                                               proposal=_proposal_from(request.POST, kind, project))
        except (ValidationFailed, Conflict) as exc:
            error = exc
        else:
            messages.success(request, _("Change request filed; it waits for the office."))
            return redirect("projects:change_detail", pk=cr.pk)
    modules = [{"name": m.name, "description": m.description} for m in project.modules.all()]
    return render(request, "projects/change_form.html", {
        "project": project, "kinds": ChangeKind.choices, "kind": kind, "tiers": Tier.choices,
        "milestones": project.milestones.all(), "modules": [*modules, {"name": "", "description": ""}],
        "post": request.POST, "error": error}, status=400 if error else 200)


@login_required
def change_detail_view(request: AuthedRequest, pk: int) -> HttpResponse:
    cr = changes.change_request_get_for_user(user=request.user, pk=pk)
    comparison = None
    if hasattr(cr, "resulting_baseline"):
        new = cr.resulting_baseline
        old = cr.project.baselines.filter(version=new.version - 1).first()
        comparison = baselines.baseline_compare(old, new) if old else None
    return render(request, "projects/change_detail.html", {
        "cr": cr, "project": cr.project, "comparison": comparison,
        "can_decide": request.user.is_office and cr.status == "pending"})


@login_required
@require_POST
def change_decide_view(request: AuthedRequest, pk: int) -> HttpResponse:
    cr = changes.change_request_get_for_user(user=request.user, pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        changes.change_request_decide(actor=request.user, change_request=cr, approve=approve,
                                      comment=request.POST.get("comment", ""))
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Change request approved: a new baseline is in force.") if approve
                         else _("Change request rejected."))
    return redirect("projects:change_detail", pk=cr.pk)


@login_required
@require_POST
def delay_explain_view(request: AuthedRequest, pk: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, pk=pk, for_write=True)
    milestone = _milestone(project, request.POST.get("milestone"))
    return back_to_project(request, project, lambda: delays.delay_explain(
        actor=request.user, milestone=milestone, cause=request.POST.get("cause", ""),
        measures=request.POST.get("measures", ""), expected_date=request.POST.get("expected_date", "")),
        _("Cause analysis and recovery measures recorded."))


@login_required
@require_POST
def document_upload_view(request: AuthedRequest, pk: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, pk=pk, for_write=True)
    return back_to_project(request, project, lambda: documents.document_upload(
        actor=request.user, project=project, stage=request.POST.get("stage", ""),
        title=request.POST.get("title", ""), file=request.FILES.get("file")), _("Document uploaded."))


@login_required
def document_download_view(request: AuthedRequest, pk: int, doc: int) -> FileResponse:
    # Visibility of the project is the document's visibility: out of scope is 404.
    project = project_get_for_user(user=request.user, pk=pk)
    document = documents.document_get(project=project, pk=doc)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise NotFound(_("The file of this document is missing.")) from None
    return FileResponse(handle, as_attachment=True, filename=document.original_name)


