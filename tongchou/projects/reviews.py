"""The committee's review (信息委审核): opened by ``start_review`` with a snapshot of what is
reviewed, concluded by ``pass_review`` / ``return`` / ``reject``. Only the lifecycle's transition
service calls ``review_open``/``review_close``; ``review_decide`` is the review's own door to it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.audit import audit_record, to_jsonable
from tongchou.core.errors import Conflict, NotFound, ValidationFailed
from tongchou.core.validation import clean_text

from .actors import person
from .models import Project, Review, ReviewOutcome
from .selectors import projects_visible_to

DECISIONS = {"pass": "pass_review", "return": "return", "reject": "reject"}
OUTCOME_OF_ACTION = {"pass_review": ReviewOutcome.PASSED, "return": ReviewOutcome.RETURNED,
                     "reject": ReviewOutcome.REJECTED}


def review_snapshot(project: Project) -> dict[str, Any]:
    """What the committee sees: the proposal, its milestones and the documents attached so far."""
    from .services import project_state

    state = project_state(project)
    state["version"] = project.version
    state["milestones"] = [{"name": m.name, "planned_date": m.planned_date, "deliverable": m.deliverable}
                           for m in project.milestones.all()]
    state["documents"] = [{"stage": d.stage, "title": d.title, "file": d.original_name, "sha256": d.sha256}
                          for d in project.documents.all()]
    return to_jsonable(state)


def overlap_check(project: Project, *, user: Any = None) -> Any:
    """The consolidation app's duplicate-construction check of ``project`` (an ``OverlapResult``),
    or None when that app is not installed. With ``user``, only projects that user may see."""
    if not apps.is_installed("tongchou.consolidation"):
        return None
    from tongchou.consolidation.selectors import overlap_check_for_project

    return overlap_check_for_project(project, user=user)


def kept_overlap(review: Review, *, user: Any) -> dict[str, Any] | None:
    """The check's result as the review kept it when it was concluded, showing only the matches
    whose project ``user`` may see; None when the review kept none (concluded before checks)."""
    kept = (review.snapshot or {}).get("overlap")
    if not isinstance(kept, dict):
        return None
    matches = kept.get("matches") or []
    if matches and not getattr(user, "reads_everything", False):
        ids = [m["project"]["id"] for m in matches]
        visible = set(projects_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
        matches = [m for m in matches if m["project"]["id"] in visible]
    return {**kept, "matches": matches}


def review_open(*, actor: Any, project: Project) -> Review:
    review = Review.objects.create(project=project, project_version=project.version,
                                   snapshot=review_snapshot(project),
                                   started_by=person(actor))
    audit_record(actor=actor, verb="review.open", obj=review, subject=project,
                 after={"project_version": project.version})
    return review


def review_close(*, actor: Any, project: Project, action: str, opinion: str, score: Decimal | None,
                 conditions: str = "", reviewers: str = "") -> Review:
    review = Review.objects.select_for_update().filter(project=project, outcome=ReviewOutcome.OPEN).first()
    if review is None:
        raise Conflict(_("This project has no open review."))
    review.outcome = OUTCOME_OF_ACTION[action]
    review.opinion = opinion
    review.score = score
    review.conditions = clean_text(conditions, field="conditions", label=_("Conditions"), max_length=5000,
                                   required=False)
    review.reviewers = clean_text(reviewers, field="reviewers", label=_("Reviewers"), max_length=500,
                                  required=False) or review.reviewers
    review.decided_by = person(actor)
    review.decided_at = timezone.now()
    # The review keeps the duplicate-construction check as the committee saw it when deciding:
    # later edits of other projects do not change what this review recorded.
    result = overlap_check(project)
    if result is not None:
        review.snapshot = {**(review.snapshot or {}), "overlap": result.snapshot()}
    review.save()
    audit_record(actor=actor, verb=f"review.{review.outcome}", obj=review, subject=project,
                 after={"outcome": review.outcome, "score": review.score, "conditions": review.conditions,
                        "reviewers": review.reviewers}, reason=opinion)
    return review


def favourable_review(project: Project) -> Review | None:
    """The passed review of the project's current version, if there is one."""
    return (Review.objects.filter(project=project, outcome=ReviewOutcome.PASSED, project_version=project.version)
            .order_by("-decided_at").first())


def require_favourable_review(project: Project) -> Review:
    review = favourable_review(project)
    if review is None:
        raise Conflict(_("The project has no favourable committee review of its current version (v%(v)d): "
                         "it cannot go to the city government.") % {"v": project.version})
    return review


def review_decide(*, actor: Any, review: Review, decision: str, opinion: str = "", score: Any = None,
                  conditions: str = "", reviewers: str = "") -> Review:
    """Conclude ``review``: ``decision`` is pass, return or reject. The transition service decides
    who may and locks the project, so two people deciding at once: one wins, the other gets 409."""
    from .lifecycle import project_transition

    action = DECISIONS.get(str(decision or ""))
    if action is None:
        raise ValidationFailed(_("Decision must be one of: pass, return, reject."), field="decision")
    if review.outcome != ReviewOutcome.OPEN:
        raise Conflict(_("This review is already concluded: %(outcome)s.") % {"outcome": review.get_outcome_display()})
    project_transition(actor=actor, project=review.project, action=action, comment=opinion, score=score,
                       conditions=conditions, reviewers=reviewers)
    review.refresh_from_db()
    return review


def reviews_visible_to(user: Any) -> QuerySet[Review]:
    return Review.objects.filter(project__in=projects_visible_to(user)).select_related(
        "project__unit", "project__programme", "started_by", "decided_by")


def review_get_for_user(*, user: Any, pk: Any) -> Review:
    try:
        return reviews_visible_to(user).get(pk=int(pk))
    except (Review.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No such review.")) from None
