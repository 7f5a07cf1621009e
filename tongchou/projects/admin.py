from django.contrib import admin

from tongchou.core.admin import ReadOnlyAdmin

from .models import Baseline, ChangeRequest, Milestone, Project, Review, StageDocument


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    """Read-only: a status changes only through ``lifecycle.project_transition``."""

    list_display = ("code", "name", "year", "unit", "status", "version")
    list_filter = ("status", "year")
    search_fields = ("code", "name")


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("project", "project_version", "outcome", "score", "decided_at")
    list_filter = ("outcome",)


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdmin):
    list_display = ("project", "kind", "status", "requested_at", "decided_at")
    list_filter = ("status", "kind")


admin.site.register(Milestone, ReadOnlyAdmin)
admin.site.register(Baseline, ReadOnlyAdmin)
admin.site.register(StageDocument, ReadOnlyAdmin)
