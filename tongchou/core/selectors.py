from __future__ import annotations

import contextlib
import datetime as dt

from django.db.models import Q, QuerySet

from .models import AuditEvent


def audit_events(*, verb: str = "", object_type: str = "", actor: str = "", q: str = "", date_from: str = "",
                 date_to: str = "") -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.select_related("actor")
    if verb:
        qs = qs.filter(verb__startswith=verb)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if actor:
        qs = qs.filter(Q(actor_name__icontains=actor) | Q(actor__username=actor))
    if q:
        qs = qs.filter(Q(object_repr__icontains=q) | Q(reason__icontains=q))
    for value, lookup in ((date_from, "created_at__date__gte"), (date_to, "created_at__date__lte")):
        if value:
            with contextlib.suppress(ValueError):
                qs = qs.filter(**{lookup: dt.date.fromisoformat(value)})
    return qs


def history_of(subject: str) -> QuerySet[AuditEvent]:
    """Events of one aggregate, newest first, for its page's history panel."""
    return AuditEvent.objects.filter(subject=subject).select_related("actor")
