from django.urls import path

from tongchou.projects.views.exports import project_export_view

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list_view, name="list"),
    path("<int:pk>/mapping/", views.import_mapping_view, name="mapping"),
    path("<int:pk>/", views.import_preview_view, name="preview"),
    path("<int:pk>/units/", views.import_units_view, name="units"),
    path("<int:pk>/commit/", views.import_commit_view, name="commit"),
    path("<int:pk>/progress/", views.import_progress_view, name="progress"),
    path("template/", views.plan_template_view, name="template"),
    # The projects app's export, kept at the address (and name) the list's button and users know.
    path("projects/export/", project_export_view, name="project_export"),
]
