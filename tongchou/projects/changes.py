"""Change requests (调整申请): a unit asks to change its approved plan — the schedule (milestone
dates), the scope (modules), the budget or the plan (tier) — with a reason; the office approves
or rejects with a comment. Approval writes the change and creates the next baseline version."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.audit import audit_record, to_jsonable
from tongchou.core.errors import Conflict, NotFound, PermissionRefused, ValidationFailed
from tongchou.core.money import parse_money
from tongchou.core.validation import clean_choice, clean_text

from . import baselines
from .actors import person
from .lifecycle import ACTIVE_STATES, UNIT, actor_kinds
from .models import ChangeKind, ChangeRequest, ChangeStatus, Project, Tier
from .selectors import projects_visible_to


def _clean_proposal(project: Project, kind: str, proposal: Any) -> dict[str, Any]:
    from .services import _clean_modules

    if not isinstance(proposal, dict):
        raise ValidationFailed(_("Say what should change."), field="proposal")
    if kind == ChangeKind.SCHEDULE:
        rows = proposal.get("milestones")
        if not isinstance(rows, list) or not rows:
            raise ValidationFailed(_("Give the milestones' new planned dates."), field="milestones")
        current = {m.pk: m for m in project.milestones.all()}
        changed = []
        for row in rows:
            try:
                milestone = current[int(row.get("id"))]
            except (AttributeError, KeyError, TypeError, ValueError):
                raise ValidationFailed(_("Milestone “%(id)s” is not one of this project's.")
                                       % {"id": row.get("id") if isinstance(row, dict) else row},
                                       field="milestones") from None
            date = baselines.clean_planned_date(row.get("planned_date"), project, field="milestones",
                                                label=milestone.name)
            if date != milestone.planned_date:
                changed.append({"id": milestone.pk, "name": milestone.name, "from": milestone.planned_date,
                                "planned_date": date})
        if not changed:
            raise ValidationFailed(_("No milestone date changes."), field="milestones")
        return to_jsonable({"milestones": changed})
    if kind == ChangeKind.SCOPE:
        modules = _clean_modules(proposal.get("modules"))
        if not modules:
            raise ValidationFailed(_("A project keeps at least one module."), field="modules")
        return {"modules": modules}
    if kind == ChangeKind.BUDGET:
        budget = parse_money(proposal.get("requested_budget"), field="requested_budget")
        if budget == project.requested_budget:
            raise ValidationFailed(_("The budget is already %(v)s.") % {"v": budget}, field="requested_budget")
        return to_jsonable({"requested_budget": budget, "from": project.requested_budget})
    tier = clean_choice(proposal.get("tier"), field="tier", label=_("Tier"), choices=Tier)
    if tier == project.tier:
        raise ValidationFailed(_("The tier is already “%(v)s”.") % {"v": project.get_tier_display()}, field="tier")
    return {"tier": tier, "from": project.tier}


def change_state(cr: ChangeRequest) -> dict[str, Any]:
    return {"kind": cr.kind, "status": cr.status, "proposal": cr.proposal, "base_version": cr.base_version}


@transaction.atomic
def change_request_create(*, actor: Any, project: Project, kind: str, reason: str, proposal: Any) -> ChangeRequest:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if UNIT not in actor_kinds(actor, locked) and not getattr(actor, "is_office", False):
        raise PermissionRefused(_("Only the responsible unit files change requests for its project."))
    kind = clean_choice(kind, field="kind", label=_("Kind of change"), choices=ChangeKind)
    reason = clean_text(reason, field="reason", label=_("Reason"), max_length=5000)
    if locked.status not in ACTIVE_STATES or not baselines.project_is_locked(locked):
        raise Conflict(_("The project is “%(status)s”: change requests apply to an approved plan.")
                       % {"status": locked.get_status_display()})
    if locked.change_requests.filter(status=ChangeStatus.PENDING).exists():
        raise Conflict(_("This project already has a change request waiting for the office."))
    cleaned = _clean_proposal(locked, kind, proposal)
    cr = ChangeRequest.objects.create(project=locked, kind=kind, reason=reason, proposal=cleaned,
                                      base_version=locked.baselines.count(),
                                      requested_by=person(actor))
    audit_record(actor=actor, verb="change_request.create", obj=cr, subject=locked, after=change_state(cr),
                 reason=reason)
    return cr


def _apply(project: Project, cr: ChangeRequest) -> None:
    from .services import _save_modules, project_search_text

    proposal = cr.proposal
    if cr.kind == ChangeKind.SCHEDULE:
        for row in proposal["milestones"]:
            project.milestones.filter(pk=row["id"]).update(planned_date=row["planned_date"])
    elif cr.kind == ChangeKind.SCOPE:
        _save_modules(project, proposal["modules"])
        project.search_text = project_search_text(project, proposal["modules"])
    elif cr.kind == ChangeKind.BUDGET:
        project.requested_budget = parse_money(proposal["requested_budget"], field="requested_budget")
    else:
        project.tier = proposal["tier"]
    project.save()


@transaction.atomic
def change_request_decide(*, actor: Any, change_request: ChangeRequest, approve: bool,
                          comment: str = "") -> ChangeRequest:
    """The office approves or rejects. The request's row lock makes two deciders take turns; the
    second finds it decided and gets 409."""
    if not getattr(actor, "is_office", False):
        raise PermissionRefused(_("Only the office decides change requests."))
    cr = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if cr.status != ChangeStatus.PENDING:
        raise Conflict(_("This change request was already decided: %(status)s by %(who)s.")
                       % {"status": cr.get_status_display(), "who": cr.decided_by or _("the office")})
    comment = clean_text(comment, field="comment", label=_("Comment"), max_length=5000, required=not approve)
    project = Project.objects.select_for_update().get(pk=cr.project_id)
    if approve and cr.base_version != project.baselines.count():
        raise Conflict(_("The plan changed since this request was filed (baseline v%(v)d): reject it and "
                         "file a new one.") % {"v": project.baselines.count()})
    before = change_state(cr)
    cr.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
    cr.decided_by = person(actor)
    cr.decided_at = timezone.now()
    cr.decision_comment = comment
    cr.save()
    audit_record(actor=actor, verb=f"change_request.{cr.status}", obj=cr, subject=project, before=before,
                 after=change_state(cr), reason=comment)
    if approve:
        _apply(project, cr)
        baselines.baseline_create(actor=actor, project=project, change_request=cr)
    return cr


def change_requests_visible_to(user: Any) -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.filter(project__in=projects_visible_to(user)).select_related(
        "project__unit", "project__programme", "requested_by", "decided_by")


def change_request_get_for_user(*, user: Any, pk: Any) -> ChangeRequest:
    try:
        return change_requests_visible_to(user).get(pk=int(pk))
    except (ChangeRequest.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No such change request.")) from None

