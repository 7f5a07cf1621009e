from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .project import Project


class Milestone(models.Model):
    """A milestone of the current plan. Its plan (name, planned date, deliverable) is locked once
    the project has a baseline; only an approved change request moves it. The actual date is
    progress, recorded as it happens."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="milestones")
    name = models.CharField(_("milestone"), max_length=200)
    planned_date = models.DateField(_("planned date"))
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    deliverable = models.CharField(_("deliverable"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "planned_date", "position", "id"]
        indexes = [models.Index(fields=["planned_date", "actual_date"], name="milestone_due")]

    def __str__(self) -> str:
        return self.name


class Baseline(models.Model):
    """One version of the approved plan: v1 on the government's approval, v2… from each approved
    change request. Append-only; ``data`` holds milestones, modules, budget and tier as they were."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="baselines")
    version = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("plan"))
    change_request = models.OneToOneField("projects.ChangeRequest", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="resulting_baseline",
                                          verbose_name=_("change request"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        ordering = ["project", "version"]
        constraints = [models.UniqueConstraint(fields=["project", "version"], name="baseline_version_unique")]

    def __str__(self) -> str:
        return f"{self.project} v{self.version}"
