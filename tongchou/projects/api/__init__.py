"""The projects app's API (``register(router)`` is the hook core's urls call; ``api_urlpatterns``
come before the router's, so ``projects/export/`` is not read as a project's id)."""

from django.urls import path
from rest_framework.routers import BaseRouter

from .exports import ProjectExportView
from .lifecycle import ReviewViewSet
from .plan import ChangeRequestViewSet, MilestoneViewSet
from .projects import ProjectViewSet


def register(router: BaseRouter) -> None:
    router.register("projects", ProjectViewSet, basename="project")
    router.register("reviews", ReviewViewSet, basename="review")
    router.register("change-requests", ChangeRequestViewSet, basename="change-request")
    router.register("milestones", MilestoneViewSet, basename="milestone")


api_urlpatterns = [path("projects/export/", ProjectExportView.as_view(), name="project-export")]
