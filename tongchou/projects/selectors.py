"""Reads of projects, scoped to what a user may see."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from tongchou.core.errors import NotFound, PermissionRefused
from tongchou.org.models import Programme, Role

from .models import Project, ProjectStatus


def normalize_search(text: str) -> str:
    """The form in which ``Project.search_text`` is stored and searched: NFKC, lower case."""
    return unicodedata.normalize("NFKC", text or "").lower().strip()


def projects_visible_to(user: Any) -> QuerySet[Project]:
    """Every project ``user`` may see. The only place project visibility is decided."""
    qs = Project.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.reads_everything:
        return qs
    if user.unit_id is None:
        return qs.none()
    if user.role == Role.GROUP_LEAD:
        # programme_id IN (…) OR unit_id = …: both sides use an index (an OR across a join scans).
        led = Programme.objects.filter(group__lead_unit_id=user.unit_id).values("id")
        return qs.filter(Q(programme_id__in=led) | Q(unit_id=user.unit_id))
    if user.role == Role.UNIT:
        return qs.filter(unit_id=user.unit_id)
    return qs.none()


def visible_project_count(user: Any, relation: str = "projects") -> Count:
    """A ``Count`` of the related projects ``user`` may see, for lists that show counts of other
    things (units, programmes): a unit must not learn how many projects another unit has."""
    if getattr(user, "is_authenticated", False) and user.is_active and user.reads_everything:
        return Count(relation)
    return Count(relation, filter=Q(**{f"{relation}__in": projects_visible_to(user).values("id")}))


# Statuses in which the responsible unit may still change its proposal directly. Afterwards only
# a change request (调整申请) changes an approved plan; the office may correct data at any time.
UNIT_EDITABLE_STATUSES = frozenset({ProjectStatus.DRAFT})


def project_can_edit(user: Any, project: Project, *, now: bool = False) -> bool:
    """Who may change a project's data: the office, and people of the responsible unit.
    With ``now``, also whether the project's status still lets them."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_office:
        return True
    in_scope = user.role in (Role.UNIT, Role.GROUP_LEAD) and user.unit_id == project.unit_id
    return in_scope and (not now or project.status in UNIT_EDITABLE_STATUSES)


def project_get_for_user(*, user: Any, pk: Any, for_write: bool = False) -> Project:
    """The one getter: 404 when out of scope, 403 when visible but not writable."""
    try:
        project = (projects_visible_to(user)
                   .select_related("programme__group", "unit", "created_by").get(pk=int(pk)))
    except (Project.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such project.")) from None
    if for_write and not project_can_edit(user, project):
        raise PermissionRefused(_("You may read this project but not change it."))
    return project


def project_list(*, user: Any, year: Any = None, programme: Any = None, unit: Any = None, tier: str = "",
                 status: str = "", search: str = "", ordering: str = "") -> QuerySet[Project]:
    qs = projects_visible_to(user).select_related("programme", "unit")
    if year:
        qs = qs.filter(year=year)
    if programme:
        qs = qs.filter(programme_id=programme)
    if unit:
        qs = qs.filter(unit_id=unit)
    if tier:
        qs = qs.filter(tier=tier)
    if status:
        qs = qs.filter(status=status)
    needle = normalize_search(search)
    if needle:
        qs = qs.filter(search_text__contains=needle)
    return qs.order_by(*PROJECT_ORDERINGS.get(ordering, PROJECT_ORDERINGS[""]))


# The sorts the list offers, each backed by an index.
PROJECT_ORDERINGS: dict[str, tuple[str, ...]] = {
    "": ("-year", "code"),
    "planned_end": ("planned_end", "id"),
    "-planned_end": ("-planned_end", "-id"),
    "code": ("code", "id"),
    "-requested_budget": ("-requested_budget", "id"),
}
