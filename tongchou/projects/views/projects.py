from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tongchou.core.audit import subject_of
from tongchou.core.errors import PermissionRefused
from tongchou.core.forms import run_service
from tongchou.core.permissions import AuthedRequest
from tongchou.core.selectors import history_of
from tongchou.org.models import Role

from .. import services
from ..forms import ProjectFilterForm, ProjectForm
from ..selectors import project_can_edit, project_get_for_user, project_list
from .lifecycle import lifecycle_context

PAGE_SIZE = 50


@login_required
def project_list_view(request: AuthedRequest) -> HttpResponse:
    filters = ProjectFilterForm(request.GET or None)
    values: dict[str, Any] = filters.cleaned_data if filters.is_valid() else {}
    projects = project_list(
        user=request.user, year=values.get("year"),
        programme=values["programme"].pk if values.get("programme") else None,
        unit=values["unit"].pk if values.get("unit") else None,
        tier=values.get("tier", ""), status=values.get("status", ""), search=values.get("q", ""),
        ordering=values.get("ordering", ""),
    )
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "can_create": _can_create(request.user)}
    is_htmx = request.headers.get("HX-Request") == "true"
    template = "projects/partials/project_table.html" if is_htmx else "projects/project_list.html"
    return render(request, template, context)


def _can_create(user: Any) -> bool:
    return bool(user.is_office or user.role in (Role.UNIT, Role.GROUP_LEAD))


def _module_rows(modules: list[dict[str, str]]) -> list[dict[str, str]]:
    # Always offer a few empty rows to type into.
    return [*modules, *([{"name": "", "description": ""}] * max(1, 3 - len(modules)))]


@login_required
def project_create_view(request: AuthedRequest) -> HttpResponse:
    if not _can_create(request.user):
        raise PermissionRefused(_("Your role may not create projects."))
    form = ProjectForm(request.POST or None, user=request.user)
    modules = form.modules_from(request.POST) if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        project = run_service(form, lambda: services.project_create(
            actor=request.user, data=form.service_data(request.POST)))
        if project:
            messages.success(request, _("Project “%(name)s” created as a draft.") % {"name": project.name})
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "modules": _module_rows(modules),
                                                          "title": _("New project")})


@login_required
def project_edit_view(request: AuthedRequest, pk: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, pk=pk, for_write=True)
    initial = {f: getattr(project, f) for f in ("code", "name", "year", "owner_name", "owner_phone", "vendor",
                                                "requested_budget", "tier", "planned_start", "planned_end",
                                                "description")}
    initial.update(programme=project.programme, unit=project.unit)
    form = ProjectForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        modules = form.modules_from(request.POST)
        if form.is_valid():
            data = form.service_data(request.POST)
            if not request.user.is_office:  # disabled fields are not posted; keep them as they are
                data.pop("unit", None)
                data.pop("tier", None)
            reason = request.POST.get("reason", "")
            if run_service(form, lambda: services.project_update(actor=request.user, project=project, data=data,
                                                                 reason=reason)):
                messages.success(request, _("Project saved."))
                return redirect("projects:detail", pk=project.pk)
    else:
        modules = [{"name": m.name, "description": m.description} for m in project.modules.all()]
    return render(request, "projects/project_form.html", {
        "form": form, "modules": _module_rows(modules), "project": project,
        "title": _("Edit %(name)s") % {"name": project.name}})


@login_required
def project_detail_view(request: AuthedRequest, pk: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, pk=pk)
    return render(request, "projects/project_detail.html", {
        "project": project,
        "modules": project.modules.all(),
        "history": history_of(subject_of(project))[:100],
        "can_edit": project_can_edit(request.user, project, now=True),
        # The duplicate-construction check loads by htmx: it must not slow the page down.
        "overlap_check_url": reverse("consolidation:overlap_fragment", args=[project.pk])
        if apps.is_installed("tongchou.consolidation") else "",
        **lifecycle_context(request.user, project),
    })
