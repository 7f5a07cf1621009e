from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    PROJECTS = "projects", _("Projects (annual plan)")
    UNITS = "units", _("Units")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded: confirm the columns")
    PREVIEWED = "previewed", _("Previewed: ready to import")
    COMMITTED = "committed", _("Imported")


class ImportJob(models.Model):
    """One uploaded spreadsheet on its way in: rows read once, the mapping the user confirmed,
    the unit matches they confirmed, the preview, and what the commit did."""

    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveIntegerField(_("file size"), default=0)
    header_row = models.PositiveIntegerField(_("header row"), default=0)  # 0-based index in the sheet
    headers = models.JSONField(_("headers"), default=list)
    rows = models.JSONField(_("rows"), default=list)  # the data rows below the header, JSON-safe cells
    mapping = models.JSONField(_("mapping"), default=dict)  # {"column index": "field"}
    options = models.JSONField(_("options"), default=dict)  # amount unit, defaults, programme creation
    unit_choices = models.JSONField(_("unit choices"), default=dict)  # {normalised name: unit id or "new"}
    preview = models.JSONField(_("preview"), default=dict)
    result = models.JSONField(_("result"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="import_owner_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.file_name}"

    def sheet_row(self, index: int) -> int:
        """The row number Excel shows for data row ``index`` (0-based)."""
        return self.header_row + 2 + index
