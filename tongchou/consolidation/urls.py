from django.urls import path

from . import views

app_name = "consolidation"
urlpatterns = [
    path("assets/", views.asset_list, name="asset_list"),
    path("assets/new/", views.asset_create, name="asset_create"),
    path("assets/<int:pk>/", views.asset_detail, name="asset_detail"),
    path("assets/<int:pk>/edit/", views.asset_edit, name="asset_edit"),
    path("projects/<int:pk>/", views.project_page, name="project"),
    path("projects/<int:pk>/overlap/", views.overlap_fragment, name="overlap_fragment"),
    path("projects/<int:pk>/needs/", views.need_create, name="need_create"),
    path("projects/<int:pk>/decisions/", views.decision_create, name="decision_create"),
    path("needs/<int:pk>/delete/", views.need_delete, name="need_delete"),
    path("needs/<int:pk>/allocate/", views.allocate, name="allocate"),
    path("needs/<int:pk>/own/", views.need_own, name="need_own"),
    path("allocations/<int:pk>/release/", views.allocation_release, name="allocation_release"),
    path("check/", views.check_page, name="check"),
    path("savings/", views.saving_list, name="saving_list"),
    path("savings/new/", views.saving_create, name="saving_create"),
    path("savings/<int:pk>/confirm/", views.saving_confirm, name="saving_confirm"),
    path("prices/", views.prices, name="prices"),
    path("reports/", views.reports, name="reports"),
    path("reports/savings.xlsx", views.reports_xlsx, name="reports_xlsx"),
]
