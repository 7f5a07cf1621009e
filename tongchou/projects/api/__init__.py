"""The projects app's API (``register(router)`` is the hook core's urls call)."""

from rest_framework.routers import BaseRouter

from .lifecycle import ReviewViewSet
from .plan import ChangeRequestViewSet, MilestoneViewSet
from .projects import ProjectViewSet


def register(router: BaseRouter) -> None:
    router.register("projects", ProjectViewSet, basename="project")
    router.register("reviews", ReviewViewSet, basename="review")
    router.register("change-requests", ChangeRequestViewSet, basename="change-request")
    router.register("milestones", MilestoneViewSet, basename="milestone")
