from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit events are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One append-only record of a change: who did what to which object, before → after, why.

    Written by services in the same transaction as the change (core.audit.audit_record).
    ``subject`` groups events for a page's history, e.g. every event of project 12 and its
    modules has subject ``projects.project:12``.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    verb = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    subject = models.CharField(_("subject"), max_length=100, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["subject", "-created_at"], name="audit_subject_time"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.verb} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only.")

    @property
    def verb_label(self) -> str:
        from .audit import verb_label

        return verb_label(self.verb)

    def display_changes(self) -> list[tuple[str, str, str]]:
        """(field label, before, after) as a person reads them; a creation lists nothing but its verb."""
        from django.apps import apps

        if self.before is None:
            return []
        try:
            model = apps.get_model(self.object_type)
        except (LookupError, ValueError):
            model = None
        rows = []
        for name, before, after in self.changes():
            label, choices = name, {}
            if model is not None:
                try:
                    field = model._meta.get_field(name)
                    label = str(getattr(field, "verbose_name", name))
                    choices = {k: str(v) for k, v in (getattr(field, "choices", None) or [])}
                except FieldDoesNotExist:  # a derived key such as "modules"
                    label = str(_(name))
            rows.append((label, _as_text(_choice(choices, before)), _as_text(_choice(choices, after))))
        return rows

    def changes(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for every field that differs."""
        before = self.before or {}
        after = self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


def _as_text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return "、".join(str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value) or "—"
    return str(value)


def _choice(choices: dict[Any, str], value: Any) -> Any:
    return choices.get(value, value) if isinstance(value, str | int) else value
