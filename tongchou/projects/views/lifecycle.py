"""Pages of the lifecycle: transitions, the review queue and reviews, the detail page's sections."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongchou.core.errors import Conflict, ValidationFailed
from tongchou.core.permissions import AuthedRequest

from .. import baselines, delays
from ..changes import change_requests_visible_to
from ..lifecycle import TRANSITIONS, UNIT, actor_kinds, allowed_actions, project_transition
from ..models import ChangeStatus, DocumentStage, Project, ProjectStatus, ReviewOutcome
from ..reviews import favourable_review, kept_overlap, overlap_check, review_get_for_user, reviews_visible_to
from ..selectors import project_can_edit, project_get_for_user, projects_visible_to

PAGE_SIZE = 50


def lifecycle_context(user: Any, project: Project) -> dict[str, Any]:
    """What the project page shows beyond the proposal: actions, review, plan, changes, delays, documents."""
    allowed = allowed_actions(user, project)
    milestones = list(project.milestones.all())
    base_list = list(project.baselines.all())
    locked = bool(base_list)
    late = {m.pk for m in delays.late_milestones(project)}
    unexplained = {m.pk for m in delays.delay_unexplained(project)}
    can_edit = project_can_edit(user, project)
    return {
        "actions": [TRANSITIONS[a] for a in allowed],
        "review_decision": any(a in allowed for a in ("pass_review", "return", "reject")),
        "reviews": list(project.reviews.select_related("decided_by").all()),
        "favourable_review": favourable_review(project),
        "milestones": milestones,
        "late_ids": late,
        "unexplained_ids": unexplained,
        "plan_editable": not locked and project_can_edit(user, project, now=True),
        "can_record_actual": can_edit and project.status in baselines.RECORDING_STATES,
        "baselines": base_list,
        "change_requests": list(project.change_requests.select_related("requested_by", "decided_by")),
        "can_request_change": locked and project.status in baselines.RECORDING_STATES and (
            user.is_office or UNIT in actor_kinds(user, project)),
        "delay_explanations": list(project.delay_explanations.select_related("milestone", "recorded_by")),
        "documents": list(project.documents.all()),
        "document_stages": DocumentStage.choices,
        "can_upload": can_edit and project.status not in (ProjectStatus.CLOSED, ProjectStatus.CANCELLED,
                                                          ProjectStatus.REJECTED),
        "timeline": baselines.timeline_data(project) if milestones else None,
        "transitions": list(project.transitions.all()),
    }


def back_to_project(request: AuthedRequest, project: Project, call: Any, success: str) -> HttpResponse:
    """Run a service for a small form on the project page; bad input or a state conflict comes
    back as a message on the page, refusals (403/404) go to the error page."""
    try:
        call()
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("projects:detail", pk=project.pk)


@login_required
@require_POST
def transition_view(request: AuthedRequest, pk: int) -> HttpResponse:
    project = project_get_for_user(user=request.user, pk=pk)
    action = request.POST.get("action", "")
    spec = TRANSITIONS.get(action)
    label = str(spec.label) if spec else action
    return back_to_project(request, project, lambda: project_transition(
        actor=request.user, project=project, action=action, comment=request.POST.get("comment", ""),
        score=request.POST.get("score"), conditions=request.POST.get("conditions", ""),
        reviewers=request.POST.get("reviewers", "")), _("Done: %(action)s.") % {"action": label})


@login_required
def review_queue_view(request: AuthedRequest) -> HttpResponse:
    """The office's queue: projects submitted and waiting for a review to start, and open reviews."""
    waiting = (projects_visible_to(request.user).filter(status=ProjectStatus.SUBMITTED)
               .select_related("unit", "programme").order_by("updated_at", "id"))
    open_reviews = (reviews_visible_to(request.user).filter(outcome=ReviewOutcome.OPEN)
                    .order_by("started_at", "id"))
    done = reviews_visible_to(request.user).exclude(outcome=ReviewOutcome.OPEN).order_by("-decided_at", "-id")
    page = Paginator(done, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "projects/review_queue.html", {
        "waiting": list(waiting[:PAGE_SIZE]), "waiting_count": waiting.count(),
        "open_reviews": list(open_reviews[:PAGE_SIZE]), "open_count": open_reviews.count(), "page": page})


@login_required
def review_detail_view(request: AuthedRequest, pk: int) -> HttpResponse:
    review = review_get_for_user(user=request.user, pk=pk)
    is_open = review.outcome == ReviewOutcome.OPEN
    # While the review is open the check runs live; a concluded review shows what it kept.
    overlap = overlap_check(review.project, user=request.user) if is_open else kept_overlap(review, user=request.user)
    return render(request, "projects/review_detail.html", {
        "review": review, "project": review.project, "snapshot": review.snapshot,
        "overlap": overlap, "overlap_live": is_open, "show_overlap": overlap is not None or not is_open,
        "decide_overlap": request.user.is_office,
        "current": review.project_version == review.project.version,
        "can_decide": review.outcome == ReviewOutcome.OPEN and "pass_review" in allowed_actions(
            request.user, review.project)})


@login_required
def change_queue_view(request: AuthedRequest) -> HttpResponse:
    qs = change_requests_visible_to(request.user)
    state = request.GET.get("status", ChangeStatus.PENDING)
    if state in ChangeStatus.values:
        qs = qs.filter(status=state)
    qs = qs.order_by("requested_at", "id") if state == ChangeStatus.PENDING else qs.order_by("-decided_at", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "projects/change_queue.html", {
        "page": page, "state": state, "states": ChangeStatus.choices, "today": timezone.localdate()})
