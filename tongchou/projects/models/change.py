from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .project import Project


class ChangeKind(models.TextChoices):
    SCHEDULE = "schedule", _("Schedule (milestone dates)")
    SCOPE = "scope", _("Scope (modules)")
    BUDGET = "budget", _("Budget")
    PLAN = "plan", _("Plan (tier)")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ChangeRequest(models.Model):
    """A unit's request (调整申请) to change its approved plan. ``proposal`` holds the new values
    of the one aspect ``kind`` names; approval writes them and creates the next baseline."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="change_requests")
    kind = models.CharField(_("kind of change"), max_length=16, choices=ChangeKind.choices)
    reason = models.TextField(_("reason"))
    proposal = models.JSONField(_("proposed values"))
    base_version = models.PositiveIntegerField(_("baseline version it changes"))
    status = models.CharField(_("status"), max_length=16, choices=ChangeStatus.choices,
                              default=ChangeStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True)

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status", "requested_at"], name="change_status_requested")]

    def __str__(self) -> str:
        return f"{self.project} {self.get_kind_display()}"
