from django.urls import path

from .views import lifecycle, plan
from .views import projects as views

app_name = "projects"
urlpatterns = [
    path("", views.project_list_view, name="list"),
    path("new/", views.project_create_view, name="create"),
    path("<int:pk>/", views.project_detail_view, name="detail"),
    path("<int:pk>/edit/", views.project_edit_view, name="edit"),
    path("<int:pk>/transition/", lifecycle.transition_view, name="transition"),
    path("<int:pk>/milestones/", plan.milestone_add_view, name="milestone_add"),
    path("<int:pk>/milestones/<int:mid>/actual/", plan.milestone_actual_view, name="milestone_actual"),
    path("<int:pk>/milestones/<int:mid>/delete/", plan.milestone_delete_view, name="milestone_delete"),
    path("<int:pk>/baselines/", plan.baseline_compare_view, name="baselines"),
    path("<int:pk>/changes/new/", plan.change_create_view, name="change_create"),
    path("<int:pk>/delays/", plan.delay_explain_view, name="delay_explain"),
    path("<int:pk>/documents/", plan.document_upload_view, name="document_upload"),
    path("<int:pk>/documents/<int:doc>/", plan.document_download_view, name="document_download"),
    path("reviews/", lifecycle.review_queue_view, name="review_queue"),
    path("reviews/<int:pk>/", lifecycle.review_detail_view, name="review_detail"),
    path("changes/", lifecycle.change_queue_view, name="change_queue"),
    path("changes/<int:pk>/", plan.change_detail_view, name="change_detail"),
    path("changes/<int:pk>/decide/", plan.change_decide_view, name="change_decide"),
]
