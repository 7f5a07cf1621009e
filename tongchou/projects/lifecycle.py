"""The project lifecycle: the table of transitions (which action, fired by whom, from which
states, to which state) and the one service that fires them. Status changes nowhere else.

    draft → submitted → under_review → reviewed → submitted_to_government → approved
          → in_implementation → acceptance_requested → accepted → closed
    under_review → draft (return, with the reasons) | rejected
    approved / in_implementation / acceptance_requested ⇄ suspended;  many → cancelled
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongchou.core.audit import audit_record
from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.validation import clean_text
from tongchou.org.models import Role

from .actors import person
from .models import Project, ProjectStatus, ProjectTransition

S = ProjectStatus
OFFICE = "office"
UNIT = "unit"


@dataclass(frozen=True)
class Transition:
    action: str
    label: str | Promise
    # For each kind of actor ("unit": a person of the responsible unit; "office"), the states it may fire from.
    sources: dict[str, frozenset[str]]
    target: str | None  # None: computed (``resume`` goes back to where the project was)
    comment_required: bool = False
    style: str = "btn-primary"


def _states(*states: str) -> frozenset[str]:
    return frozenset(states)


TRANSITIONS: dict[str, Transition] = {t.action: t for t in [
    Transition("submit", gettext_lazy("Submit for review"), {UNIT: _states(S.DRAFT)}, S.SUBMITTED),
    Transition("start_review", gettext_lazy("Start committee review"), {OFFICE: _states(S.SUBMITTED)},
               S.UNDER_REVIEW),
    Transition("return", gettext_lazy("Return for revision"), {OFFICE: _states(S.UNDER_REVIEW)}, S.DRAFT,
               comment_required=True, style="btn-warning"),
    Transition("reject", gettext_lazy("Reject"), {OFFICE: _states(S.UNDER_REVIEW)}, S.REJECTED,
               comment_required=True, style="btn-danger"),
    Transition("pass_review", gettext_lazy("Pass the review"), {OFFICE: _states(S.UNDER_REVIEW)}, S.REVIEWED,
               comment_required=True, style="btn-success"),
    Transition("submit_to_government", gettext_lazy("Submit to the city government"),
               {OFFICE: _states(S.REVIEWED)}, S.SUBMITTED_TO_GOVERNMENT),
    Transition("record_government_approval", gettext_lazy("Record the government's approval"),
               {OFFICE: _states(S.SUBMITTED_TO_GOVERNMENT)}, S.APPROVED, style="btn-success"),
    Transition("start_implementation", gettext_lazy("Start implementation"),
               {UNIT: _states(S.APPROVED), OFFICE: _states(S.APPROVED)}, S.IN_IMPLEMENTATION),
    Transition("request_acceptance", gettext_lazy("Request acceptance"), {UNIT: _states(S.IN_IMPLEMENTATION)},
               S.ACCEPTANCE_REQUESTED),
    Transition("accept", gettext_lazy("Accept"), {OFFICE: _states(S.ACCEPTANCE_REQUESTED)}, S.ACCEPTED,
               style="btn-success"),
    Transition("close", gettext_lazy("Close"), {OFFICE: _states(S.ACCEPTED)}, S.CLOSED),
    Transition("suspend", gettext_lazy("Suspend"),
               {OFFICE: _states(S.APPROVED, S.IN_IMPLEMENTATION, S.ACCEPTANCE_REQUESTED)}, S.SUSPENDED,
               comment_required=True, style="btn-outline-warning"),
    Transition("resume", gettext_lazy("Resume"), {OFFICE: _states(S.SUSPENDED)}, None),
    Transition("cancel", gettext_lazy("Cancel the project"),
               {UNIT: _states(S.DRAFT, S.SUBMITTED),
                OFFICE: _states(S.DRAFT, S.SUBMITTED, S.REVIEWED, S.SUBMITTED_TO_GOVERNMENT, S.APPROVED,
                                S.IN_IMPLEMENTATION, S.SUSPENDED)},
               S.CANCELLED, comment_required=True, style="btn-outline-danger"),
]}

ACTIONS = tuple(TRANSITIONS)
# States in which the approved plan is in force: change requests and delays apply.
ACTIVE_STATES = _states(S.APPROVED, S.IN_IMPLEMENTATION, S.ACCEPTANCE_REQUESTED, S.SUSPENDED)


class TransitionNotAllowed(Conflict):
    """409 naming the current state and the actions this person may fire from it."""

    code = "transition_not_allowed"

    def __init__(self, message: Any, *, status: str, allowed: list[str]) -> None:
        super().__init__(message, field="action")
        self.current_status = status
        self.allowed_actions = allowed

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "status": self.current_status, "allowed_actions": self.allowed_actions}


def actor_kinds(actor: Any, project: Project) -> set[str]:
    """What ``actor`` is to ``project`` in the transition table."""
    kinds: set[str] = set()
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return kinds
    if actor.is_office:
        kinds.add(OFFICE)
    if getattr(actor, "role", None) in (Role.UNIT, Role.GROUP_LEAD) and actor.unit_id == project.unit_id:
        kinds.add(UNIT)
    return kinds


def allowed_actions(actor: Any, project: Project) -> list[str]:
    """The actions ``actor`` may fire on ``project`` now, in the table's order."""
    kinds = actor_kinds(actor, project)
    return [t.action for t in TRANSITIONS.values()
            if any(project.status in t.sources.get(kind, ()) for kind in kinds)]


def _status_label(status: str) -> str:
    return str(ProjectStatus(status).label) if status in ProjectStatus.values else status


def _clean_score(value: Any) -> Decimal:
    if value in (None, ""):
        raise ValidationFailed(_("Give the review's score (0–100)."), field="score")
    try:
        score = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationFailed(_("The score must be a number from 0 to 100."), field="score") from None
    if not score.is_finite() or not Decimal(0) <= score <= Decimal(100):
        raise ValidationFailed(_("The score must be a number from 0 to 100."), field="score")
    return score.quantize(Decimal("0.01"))


@transaction.atomic
def project_transition(*, actor: Any, project: Project, action: str, comment: str = "", score: Any = None,
                       conditions: str = "", reviewers: str = "") -> Project:
    """Fire ``action`` on ``project``: lock the row, check who and from where, apply its effects,
    record the step and the audit event. ``score``/``conditions``/``reviewers`` go with the
    review's decision (``pass_review``, ``return``, ``reject``)."""
    from . import baselines, reviews  # they build on the models above; imported here to keep one direction

    spec = TRANSITIONS.get(str(action or ""))
    if spec is None:
        raise ValidationFailed(_("Unknown action “%(action)s”. Actions: %(actions)s.")
                               % {"action": action, "actions": ", ".join(ACTIONS)}, field="action")
    # The lock makes two people firing at once take turns: the second sees the first one's result.
    locked = Project.objects.select_for_update().select_related("programme", "unit").get(pk=project.pk)
    kinds = actor_kinds(actor, locked)
    if not kinds & set(spec.sources):
        raise PermissionRefused(_("You may not “%(action)s” this project.") % {"action": spec.label})
    if not any(locked.status in spec.sources[kind] for kind in kinds & set(spec.sources)):
        allowed = allowed_actions(actor, locked)
        raise TransitionNotAllowed(
            _("The project is “%(status)s”: “%(action)s” is not possible now. Possible for you: %(allowed)s.")
            % {"status": _status_label(locked.status), "action": action,
               "allowed": ", ".join(allowed) or _("nothing")},
            status=locked.status, allowed=allowed)
    comment = clean_text(comment, field="comment", label=_("Comment"), max_length=5000,
                         required=spec.comment_required)
    before = {"status": locked.status}
    target = spec.target or locked.suspended_from or ProjectStatus.IN_IMPLEMENTATION

    if action == "submit" and not locked.milestones.exists():
        raise ValidationFailed(_("Add at least one milestone before submitting."), field="milestones")
    if action == "start_review":
        reviews.review_open(actor=actor, project=locked)
    elif action in ("pass_review", "return", "reject"):
        reviews.review_close(actor=actor, project=locked, action=action, opinion=comment,
                             score=_clean_score(score) if action == "pass_review" else None,
                             conditions=conditions, reviewers=reviewers)
    elif action in ("submit_to_government", "record_government_approval"):
        reviews.require_favourable_review(locked)
    if action == "record_government_approval":
        baselines.baseline_create(actor=actor, project=locked, first=True)
    if action == "suspend":
        locked.suspended_from = locked.status
    elif action == "resume":
        locked.suspended_from = ""

    locked.status = target
    locked.save(update_fields=["status", "suspended_from", "updated_at"])
    user = person(actor)
    ProjectTransition.objects.create(
        project=locked, action=action, from_status=before["status"], to_status=target, comment=comment,
        actor=user, actor_name=(user.get_full_name() or user.get_username()) if user else str(actor))
    audit_record(actor=actor, verb=f"project.{action}", obj=locked, before=before, after={"status": target},
                 reason=comment)
    return locked
