from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .project import Project


class DocumentStage(models.TextChoices):
    PROPOSAL = "proposal", _("Project proposal")
    FEASIBILITY = "feasibility", _("Feasibility study report")
    PRELIMINARY_DESIGN = "preliminary_design", _("Preliminary design")
    ACCEPTANCE_REPORT = "acceptance_report", _("Acceptance report")
    OTHER = "other", _("Other")


def document_path(instance: StageDocument, filename: str) -> str:
    # The stored name is ours, never the uploader's: no path tricks, no clashes.
    return f"projects/{instance.project_id}/{instance.stage}/{instance.sha256[:16]}.{instance.extension}"


class StageDocument(models.Model):
    """An attachment to one stage of a project (项目建议书, 可行性研究报告, …), stored under
    ``$TONGCHOU_HOME/media`` and served only to those who can see the project."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="documents")
    stage = models.CharField(_("stage"), max_length=32, choices=DocumentStage.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    extension = models.CharField(_("type"), max_length=8)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("stage document")
        verbose_name_plural = _("stage documents")
        ordering = ["project", "stage", "-uploaded_at"]

    def __str__(self) -> str:
        return self.title
