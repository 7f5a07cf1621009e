"""Writing audit events. Services call ``audit_record`` inside their transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from .models import AuditEvent


def to_jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


# What each verb means to a person. Apps register theirs next to their services.
VERB_LABELS: dict[str, Any] = {}


def register_verbs(labels: dict[str, Any]) -> None:
    VERB_LABELS.update(labels)


def verb_label(verb: str) -> str:
    label = VERB_LABELS.get(verb)
    return str(label) if label is not None else verb


def subject_of(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def _actor_fields(actor: Any) -> dict[str, Any]:
    user: Any = actor if isinstance(actor, models.Model) else None
    return {"actor": user,
            "actor_name": (user.get_full_name() or user.get_username()) if user else str(actor or "system")}


def audit_record(*, actor: Any, verb: str, obj: models.Model, before: dict[str, Any] | None = None,
                 after: dict[str, Any] | None = None, reason: str = "",
                 subject: models.Model | None = None) -> AuditEvent:
    """Append one event. Must run inside the service's transaction so both commit or neither."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the service's transaction")
    return AuditEvent.objects.create(
        **_actor_fields(actor),
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        subject=subject_of(subject or obj),
        before=to_jsonable(before) if before is not None else None,
        after=to_jsonable(after) if after is not None else None,
        reason=reason,
    )


def audit_record_many(*, actor: Any, verb: str, events: list[tuple[models.Model, dict[str, Any] | None]],
                      reason: str = "") -> list[AuditEvent]:
    """One event per ``(obj, after)`` in one bulk insert (a bulk service, e.g. an import): the same
    events ``audit_record`` writes one by one. Must run inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record_many must be called inside the service's transaction")
    who = _actor_fields(actor)
    return AuditEvent.objects.bulk_create(
        [AuditEvent(**who, verb=verb, object_type=obj._meta.label_lower, object_id=str(obj.pk),
                    object_repr=str(obj)[:300], subject=subject_of(obj), before=None,
                    after=to_jsonable(after) if after is not None else None, reason=reason)
         for obj, after in events],
        batch_size=500,
    )
