from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .project import Project


class ReviewOutcome(models.TextChoices):
    OPEN = "open", _("Under review")
    PASSED = "passed", _("Reviewed favourably")
    RETURNED = "returned", _("Returned for revision")
    REJECTED = "rejected", _("Rejected")


class Review(models.Model):
    """The committee's review (信息委审核) of one version of a project, with a frozen snapshot of
    what was reviewed so later edits cannot change what the committee saw."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="reviews")
    project_version = models.PositiveIntegerField(_("project version"))
    snapshot = models.JSONField(_("what was reviewed"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=ReviewOutcome.choices,
                               default=ReviewOutcome.OPEN)
    reviewers = models.CharField(_("reviewers"), max_length=500, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)
    conditions = models.TextField(_("conditions attached"), blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("started by"))
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee review")
        verbose_name_plural = _("committee reviews")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["outcome", "started_at"], name="review_outcome_started")]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=100),
                                   name="review_score_0_100"),
            # At most one open review per project.
            models.UniqueConstraint(fields=["project"], condition=models.Q(outcome="open"),
                                    name="review_one_open_per_project"),
        ]

    def __str__(self) -> str:
        return f"{self.project} v{self.project_version}"
