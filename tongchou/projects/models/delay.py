from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .baseline import Milestone
from .project import Project


class DelayExplanation(models.Model):
    """The unit's cause analysis and recovery measures (分析原因、改进措施) for a late milestone."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="delay_explanations")
    milestone = models.ForeignKey(Milestone, verbose_name=_("late milestone"), on_delete=models.CASCADE,
                                  related_name="delay_explanations")
    # The planned date that was missed: a later change of plan makes a new explanation necessary.
    planned_date = models.DateField(_("missed planned date"))
    cause = models.TextField(_("cause analysis"))
    measures = models.TextField(_("recovery measures"))
    expected_date = models.DateField(_("expected completion"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("delay explanation")
        verbose_name_plural = _("delay explanations")
        ordering = ["project", "-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.milestone} {self.planned_date}"
