from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .project import Project, ProjectStatus


class ProjectTransition(models.Model):
    """One step of a project's lifecycle, as fired through ``lifecycle.project_transition``."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="transitions")
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=32, choices=ProjectStatus.choices)
    to_status = models.CharField(_("to"), max_length=32, choices=ProjectStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("by"))
    actor_name = models.CharField(_("by"), max_length=150)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.action}"

    @property
    def action_label(self) -> str:
        from tongchou.projects.lifecycle import TRANSITIONS

        spec = TRANSITIONS.get(self.action)
        return str(spec.label) if spec else self.action
