from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tongchou.core.forms import run_service
from tongchou.core.permissions import require_office

from . import services
from .forms import ProgrammeForm, UnitForm, UserForm, WorkingGroupForm
from .models import Programme, Role, Unit, UnitKind, User, WorkingGroup
from .selectors import get_or_404, groups_list, programmes_list, units_list, users_list


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    search = request.GET.get("q", "")
    page = Paginator(units_list(user=request.user, kind=kind, search=search), 50).get_page(request.GET.get("page"))
    return render(request, "org/unit_list.html", {"page": page, "kinds": UnitKind.choices, "kind": kind,
                                                  "q": search})


def _form_page(request: HttpRequest, form: Any, title: str, cancel_url: str) -> HttpResponse:
    return render(request, "org/form.html", {"form": form, "title": title, "cancel_url": cancel_url})


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = run_service(form, lambda: services.unit_create(actor=request.user, **{
            k: form.cleaned_data[k] for k in ("code", "name", "kind", "parent")}))
        if unit:
            messages.success(request, _("Unit “%(name)s” created.") % {"name": unit.name})
            return redirect("org:unit_list")
    return _form_page(request, form, _("New unit"), reverse("org:unit_list"))


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_office(request.user)
    unit: Unit = get_or_404(Unit, pk)
    initial = {"code": unit.code, "name": unit.name, "kind": unit.kind, "parent": unit.parent,
               "is_active": unit.is_active}
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and run_service(
        form, lambda: services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
    ) is not None:
        messages.success(request, _("Unit “%(name)s” saved.") % {"name": form.cleaned_data["name"]})
        return redirect("org:unit_list")
    return _form_page(request, form, _("Edit unit %(name)s") % {"name": unit.name}, reverse("org:unit_list"))


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "org/programme_list.html", {"groups": groups_list(),
                                                       "programmes": programmes_list(user=request.user)})


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    form = WorkingGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and run_service(
        form, lambda: services.working_group_create(actor=request.user, **form.cleaned_data)
    ) is not None:
        return redirect("org:programme_list")
    return _form_page(request, form, _("New working group"), reverse("org:programme_list"))


@login_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_office(request.user)
    group: WorkingGroup = get_or_404(WorkingGroup, pk)
    form = WorkingGroupForm(request.POST or None, initial={"name": group.name, "lead_unit": group.lead_unit})
    if request.method == "POST" and form.is_valid() and run_service(
        form, lambda: services.working_group_update(actor=request.user, group=group, **form.cleaned_data)
    ) is not None:
        return redirect("org:programme_list")
    return _form_page(request, form, _("Edit working group"), reverse("org:programme_list"))


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and run_service(
        form, lambda: services.programme_create(actor=request.user, **form.cleaned_data)
    ) is not None:
        return redirect("org:programme_list")
    return _form_page(request, form, _("New programme"), reverse("org:programme_list"))


@login_required
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_office(request.user)
    programme: Programme = get_or_404(Programme, pk)
    form = ProgrammeForm(request.POST or None, initial={"code": programme.code, "name": programme.name,
                                                        "name_en": programme.name_en, "group": programme.group})
    if request.method == "POST" and form.is_valid() and run_service(
        form, lambda: services.programme_update(actor=request.user, programme=programme, **form.cleaned_data)
    ) is not None:
        return redirect("org:programme_list")
    return _form_page(request, form, _("Edit programme"), reverse("org:programme_list"))


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    role = request.GET.get("role", "")
    search = request.GET.get("q", "")
    page = Paginator(users_list(role=role, search=search), 50).get_page(request.GET.get("page"))
    return render(request, "org/user_list.html", {"page": page, "roles": Role.choices, "role": role, "q": search})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "is_active"}
        if not data["password"]:
            form.add_error("password", _("A new person needs a password."))
        elif run_service(form, lambda: services.user_create(actor=request.user, **data)):
            messages.success(request, _("Person “%(username)s” created.") % data)
            return redirect("org:user_list")
    return _form_page(request, form, _("New person"), reverse("org:user_list"))


@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_office(request.user)
    person: User = get_or_404(User, pk)
    initial = {k: getattr(person, k) for k in ("username", "last_name", "first_name", "unit", "role", "phone",
                                                 "email", "is_active")}
    form = UserForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "username"}
        if run_service(form, lambda: services.user_update(actor=request.user, user=person, **data)):
            messages.success(request, _("Person “%(username)s” saved.") % {"username": person.username})
            return redirect("org:user_list")
    return _form_page(request, form, _("Edit %(username)s") % {"username": person.username}, reverse("org:user_list"))
