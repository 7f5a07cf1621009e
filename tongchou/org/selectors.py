from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tongchou.core.errors import NotFound

from .models import Programme, Unit, User, WorkingGroup


def units_list(*, user: Any, kind: str = "", search: str = "") -> QuerySet[Unit]:
    from tongchou.projects.selectors import visible_project_count  # projects builds on org

    qs = Unit.objects.select_related("parent").annotate(project_count=visible_project_count(user))
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(name__icontains=search.strip())
    return qs.order_by("code")


def programmes_list(*, user: Any) -> QuerySet[Programme]:
    from tongchou.projects.selectors import visible_project_count  # projects builds on org

    return Programme.objects.select_related("group__lead_unit").annotate(project_count=visible_project_count(user))


def groups_list() -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.select_related("lead_unit").prefetch_related("programmes")


def users_list(*, role: str = "", unit: Any = None, search: str = "") -> QuerySet[User]:
    qs = User.objects.select_related("unit").order_by("username")
    if role:
        qs = qs.filter(role=role)
    if unit:
        qs = qs.filter(unit_id=unit)
    if search:
        qs = qs.filter(username__icontains=search.strip()) | qs.filter(last_name__icontains=search.strip())
    return qs


def get_or_404(model: Any, pk: Any) -> Any:
    """Units, groups, programmes and people are public within the system: only existence is checked."""
    try:
        return model.objects.get(pk=int(pk))
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Not found.")) from None
