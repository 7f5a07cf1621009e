from django.contrib import admin

from tongchou.core.admin import ReadOnlyAdmin

from .models import Programme, Unit, User, WorkingGroup


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "last_name", "first_name", "unit", "role", "is_active")
    list_filter = ("role", "is_active")
    exclude = ("password",)


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "parent", "is_active")
    list_filter = ("kind",)
    search_fields = ("code", "name")


admin.site.register(WorkingGroup, ReadOnlyAdmin)
admin.site.register(Programme, ReadOnlyAdmin)
