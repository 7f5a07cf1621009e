"""Home-page panels: the office's queues with counts; what waits on a unit."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from tongchou.core.hooks import HomePanel

from .changes import change_requests_visible_to
from .delays import late_projects
from .models import ChangeStatus, ProjectStatus, ProjectTransition, ReviewOutcome
from .reviews import reviews_visible_to
from .selectors import projects_visible_to

LIMIT = 10
# What the office acts on next, by status.
OFFICE_QUEUE_STATES = (ProjectStatus.SUBMITTED, ProjectStatus.UNDER_REVIEW, ProjectStatus.REVIEWED,
                       ProjectStatus.SUBMITTED_TO_GOVERNMENT, ProjectStatus.ACCEPTANCE_REQUESTED)


def _panel(title: str, projects: Any, order: int, link: str = "", template: str = "") -> HomePanel:
    return HomePanel(title=title, template=template or "projects/partials/home_projects.html",
                     context={"projects": list(projects[:LIMIT]), "count": projects.count(), "link": link},
                     order=order)


def home_panels(request: Any) -> list[HomePanel]:
    user = request.user
    visible = projects_visible_to(user).select_related("programme", "unit")
    panels: list[HomePanel] = []
    if user.is_office:
        waiting = visible.filter(status=ProjectStatus.SUBMITTED).order_by("updated_at")
        open_reviews = reviews_visible_to(user).filter(outcome=ReviewOutcome.OPEN).order_by("started_at")
        pending = change_requests_visible_to(user).filter(status=ChangeStatus.PENDING).order_by("requested_at")
        onward = visible.filter(status__in=OFFICE_QUEUE_STATES[2:]).order_by("updated_at")
        panels.append(HomePanel(
            title=_("Office queues"), template="projects/partials/home_queues.html", order=5, width=12,
            context={"waiting": waiting.count(), "open_reviews": open_reviews.count(), "pending": pending.count(),
                     "onward": onward.count(), "late": late_projects(user).count(),
                     "reviews": list(open_reviews[:LIMIT]), "changes": list(pending[:LIMIT])}))
        panels.append(_panel(_("Waiting on the office: government, acceptance"), onward, 15))
    mine = visible.filter(unit_id=user.unit_id) if not user.reads_everything else visible
    panels.append(_panel(_("My unit's projects") if not user.reads_everything else _("Latest projects"),
                         mine.order_by("-updated_at"), 10))
    if not user.reads_everything:
        # What waits on the unit: drafts (including those returned with reasons), approved projects
        # to start, late projects without cause analysis.
        own = visible.filter(unit_id=user.unit_id)
        # A draft that was returned carries the reasons of its latest return.
        returned = (ProjectTransition.objects.filter(project=OuterRef("pk"), action="return")
                    .order_by("-id").values("comment")[:1])
        panels.append(_panel(_("Waiting on you: drafts to complete and submit"),
                             own.filter(status=ProjectStatus.DRAFT).annotate(returned_reason=Subquery(returned))
                             .order_by("planned_start"), 20,
                             template="projects/partials/home_drafts.html"))
        panels.append(_panel(_("Waiting on you: approved, to start; in implementation, to finish"),
                             own.filter(Q(status=ProjectStatus.APPROVED) | Q(status=ProjectStatus.IN_IMPLEMENTATION))
                             .order_by("planned_end"), 21))
        panels.append(_panel(_("Late: explain the cause and the recovery measures"),
                             late_projects(user).filter(unit_id=user.unit_id).select_related("programme", "unit")
                             .order_by("planned_end"), 22))
    return [p for p in panels if p.order < 20 or p.context.get("count")]


