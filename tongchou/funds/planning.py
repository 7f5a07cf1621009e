"""Writes of the year's plan: candidates, the optimizer's proposal, and its acceptance."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.audit import audit_record
from tongchou.core.errors import Conflict, NotFound, ValidationFailed
from tongchou.core.money import format_yuan, parse_money
from tongchou.org.models import Programme
from tongchou.projects import services as project_services
from tongchou.projects.models import Project, Review, ReviewOutcome, Tier

from . import optimizer
from .models import FUNDABLE_STATUSES, Candidate, Fund, LedgerEntry, PlanProposal, PlanStatus
from .selectors import fund_totals, quantize
from .services import _actor_name, _project, _require_office, allocation_create, lock_fund

MAX_PRIORITY = Decimal("99999.99")


def _priority(value: Any) -> Decimal:
    try:
        priority = Decimal(str(value).strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(_("Priority must be a number, e.g. 85."), field="priority") from None
    if not Decimal(0) <= priority <= MAX_PRIORITY:
        raise ValidationFailed(_("Priority must be between 0 and 99999.99."), field="priority")
    return priority


def review_scores(project_ids: Any) -> dict[int, Decimal]:
    """Per project, the score of its latest favourable committee review (any version; projects
    without a scored favourable review are absent): a candidate's default priority. One query."""
    scores: dict[int, Decimal] = {}
    rows = (
        Review.objects.filter(project_id__in=list(project_ids), outcome=ReviewOutcome.PASSED, score__isnull=False)
        .order_by("project_id", "-decided_at", "-id")
        .values_list("project_id", "score")
    )
    for project_id, score in rows:
        if score is not None:
            scores.setdefault(project_id, score)
    return scores


def _follow_review(actor: Any, fund: Fund) -> list[Candidate]:
    """Candidates whose priority was not set by hand take their project's latest review score."""
    changed = []
    candidates = list(fund.candidates.filter(priority_manual=False).select_related("project"))
    scores = review_scores(c.project_id for c in candidates)
    for candidate in candidates:
        score = scores.get(candidate.project_id, Decimal("0.00"))
        if candidate.priority != score:
            before = {"priority": candidate.priority}
            candidate.priority = score
            candidate.save(update_fields=["priority"])
            audit_record(actor=actor, verb="candidate.set", obj=candidate, subject=candidate.project,
                         before=before, after={"priority": score}, reason=_("Priority from the committee review."))
            changed.append(candidate)
    return changed


@transaction.atomic
def candidates_sync(*, actor: Any, year: Any) -> list[Candidate]:
    """Propose every approved project of the year (and earlier years' carried-over claims) as a
    candidate, its priority the score of its latest favourable committee review; candidates whose
    priority the office did not set by hand follow their review's score."""
    _require_office(actor)
    fund = lock_fund(year)
    _follow_review(actor, fund)
    existing = set(fund.candidates.values_list("project_id", flat=True))
    created = []
    projects = list(
        Project.objects.filter(year=fund.year, status__in=FUNDABLE_STATUSES, requested_budget__gt=0).exclude(
            pk__in=existing
        )
    )
    scores = review_scores(p.pk for p in projects)
    for project in projects:
        candidate = Candidate.objects.create(
            fund=fund, project=project, amount=project.requested_budget,
            priority=scores.get(project.pk, Decimal("0.00")),
        )
        audit_record(
            actor=actor,
            verb="candidate.create",
            obj=candidate,
            subject=project,
            after={"amount": candidate.amount, "priority": candidate.priority},
        )
        created.append(candidate)
    return created


@transaction.atomic
def candidate_set(
    *,
    actor: Any,
    year: Any,
    project: Any,
    amount: Any = None,
    priority: Any = None,
    must_fund: Any = None,
    priority_from_review: Any = False,
) -> Candidate:
    """Add or change a candidate: this year's part of its request, its priority, must-fund.
    A priority given here is the office's, set by hand; without one (or with
    ``priority_from_review``) it is the score of the project's latest favourable committee review."""
    _require_office(actor)
    fund = lock_fund(year)
    project = _project(project)
    if project.status not in FUNDABLE_STATUSES:
        raise ValidationFailed(
            _("Project %(code)s is not approved: it cannot be a candidate.") % {"code": project.code},
            field="project",
        )
    candidate = Candidate.objects.filter(fund=fund, project=project).first()
    before = (
        None
        if candidate is None
        else {"amount": candidate.amount, "priority": candidate.priority, "must_fund": candidate.must_fund,
              "priority_manual": candidate.priority_manual}
    )
    if candidate is None:
        candidate = Candidate(fund=fund, project=project, amount=project.requested_budget)
    if amount not in (None, ""):
        candidate.amount = parse_money(amount, field="amount", allow_zero=False)
    if priority_from_review in (True, "true", "on", "1", 1):
        candidate.priority_manual = False
    elif priority not in (None, ""):
        candidate.priority = _priority(priority)
        candidate.priority_manual = True
    if not candidate.priority_manual:
        candidate.priority = review_scores([project.pk]).get(project.pk, Decimal("0.00"))
    if must_fund is not None:
        candidate.must_fund = must_fund in (True, "true", "on", "1", 1)
    if candidate.amount <= 0:
        raise ValidationFailed(_("The amount must be greater than zero."), field="amount")
    candidate.save()
    audit_record(
        actor=actor,
        verb="candidate.set",
        obj=candidate,
        subject=project,
        before=before,
        after={"amount": candidate.amount, "priority": candidate.priority, "must_fund": candidate.must_fund,
               "priority_manual": candidate.priority_manual},
    )
    return candidate


def _share(value: Any, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    text = str(value).strip().rstrip("%")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationFailed(
            _("A share is a percentage between 0 and 100, e.g. 25."), field=field
        ) from None
    if not Decimal(0) <= number <= Decimal(100):
        raise ValidationFailed(_("A share is a percentage between 0 and 100, e.g. 25."), field=field)
    return number / 100


def build_problem(fund: Fund, *, must_fund: Any = None, shares: Any = None) -> tuple[optimizer.Problem, dict]:
    """The optimizer's inputs from the fund's candidates. ``must_fund`` (project ids) replaces the
    candidates' flags when given; ``shares`` maps programme id → {"min": %, "max": %}."""
    candidates = list(
        fund.candidates.select_related("project__programme").filter(project__status__in=FUNDABLE_STATUSES)
    )
    committed_here = {
        row["project_id"]: quantize(row["t"])
        for row in LedgerEntry.objects.filter(fund=fund)
        .values("project_id")
        .annotate(t=models.Sum("committed_delta"))
    }
    if must_fund is not None:
        if not isinstance(must_fund, list | tuple):
            raise ValidationFailed(_("must_fund is a list of project ids."), field="must_fund")
        try:
            must = {int(x) for x in must_fund}
        except (TypeError, ValueError):
            raise ValidationFailed(_("must_fund is a list of project ids."), field="must_fund") from None
        unknown = must - {c.project_id for c in candidates}
        if unknown:
            raise ValidationFailed(
                _("Projects %(ids)s are not candidates of this year's fund.")
                % {"ids": ", ".join(str(i) for i in sorted(unknown))},
                field="must_fund",
            )
    else:
        must = {c.project_id for c in candidates if c.must_fund}
    items = []
    for c in candidates:
        need = c.amount - committed_here.get(c.project_id, Decimal(0))
        if need <= 0:
            continue  # already allocated in full
        items.append(
            optimizer.Item(
                c.project_id,
                c.project.code,
                c.project.name,
                c.project.programme_id,
                c.project.programme.name,
                need,
                c.priority,
                c.project_id in must,
            )
        )
    share_list = []
    programmes = {p.pk: p for p in Programme.objects.all()}
    if shares not in (None, ""):
        if not isinstance(shares, dict):
            raise ValidationFailed(
                _("shares maps a programme id to its minimum and maximum percentage."), field="shares"
            )
        for key, bounds in shares.items():
            try:
                programme = programmes[int(key)]
            except (KeyError, TypeError, ValueError):
                raise ValidationFailed(
                    _("Programme “%(value)s” does not exist.") % {"value": key}, field="shares"
                ) from None
            if not isinstance(bounds, dict):
                raise ValidationFailed(
                    _('Give each programme\'s shares as {"min": 10, "max": 40}.'), field="shares"
                )
            low, high = _share(bounds.get("min"), "shares"), _share(bounds.get("max"), "shares")
            if low is not None and high is not None and low > high:
                raise ValidationFailed(
                    _("%(programme)s: the minimum share is above the maximum.")
                    % {"programme": programme.name},
                    field="shares",
                )
            if low is not None or high is not None:
                share_list.append(optimizer.Share(programme.pk, programme.name, low, high))
    by_programme: dict[int, Decimal] = {}
    for row in (
        LedgerEntry.objects.filter(fund=fund).values("programme_id").annotate(t=models.Sum("committed_delta"))
    ):
        by_programme[row["programme_id"]] = quantize(row["t"])
    totals = fund_totals(fund)
    problem = optimizer.Problem(
        items=items,
        budget=totals["remaining"],
        cap=quantize(fund.cap),
        committed_by_programme=by_programme,
        shares=share_list,
    )
    inputs = {
        "must_fund": sorted(must),
        "shares": {
            str(s.programme_id): {
                "min": str(s.minimum * 100) if s.minimum is not None else None,
                "max": str(s.maximum * 100) if s.maximum is not None else None,
            }
            for s in share_list
        },
    }
    return problem, inputs


@transaction.atomic
def plan_propose(*, actor: Any, year: Any, must_fund: Any = None, shares: Any = None) -> PlanProposal:
    """Run the optimizer and keep its proposal; nothing is allocated until the office accepts it."""
    _require_office(actor)
    fund = lock_fund(year)
    problem, inputs = build_problem(fund, must_fund=must_fund, shares=shares)
    result = optimizer.optimize(problem)
    fund.proposals.filter(status=PlanStatus.PROPOSED).update(status=PlanStatus.SUPERSEDED)
    proposal = PlanProposal.objects.create(
        fund=fund, inputs=inputs, result=result, created_by_name=_actor_name(actor)
    )
    audit_record(
        actor=actor,
        verb="plan.propose",
        obj=proposal,
        after={
            "feasible": result["feasible"],
            "objective": result["objective"],
            "selected": [r["code"] for r in result["selected"]],
        },
    )
    return proposal


def proposal_get(*, year: Any, pk: Any) -> PlanProposal:
    try:
        return PlanProposal.objects.select_related("fund").get(fund__year=int(year), pk=int(pk))
    except (PlanProposal.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No such plan proposal.")) from None


@transaction.atomic
def plan_accept(
    *, actor: Any, proposal: PlanProposal, selected: list[Any] | None = None, reason: str = ""
) -> list[LedgerEntry]:
    """Accept the proposal as the year's plan, as proposed or adjusted by hand (``selected``):
    allocate each chosen candidate, mark it guaranteed, rank the rest as reserve."""
    _require_office(actor)
    fund = lock_fund(proposal.fund.year)
    proposal = PlanProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != PlanStatus.PROPOSED:
        raise Conflict(
            _("This proposal is “%(status)s”: run the optimizer again.")
            % {"status": proposal.get_status_display()}
        )
    if not proposal.result.get("feasible"):
        raise Conflict(_("An infeasible proposal cannot be accepted."))
    rows = {r["project"]: r for r in proposal.result["selected"] + proposal.result["reserve"]}
    try:
        chosen = (
            [r["project"] for r in proposal.result["selected"]]
            if selected is None
            else [int(x) for x in selected]
        )
    except (TypeError, ValueError):
        raise ValidationFailed(_("Only the proposal's candidates can be chosen."), field="selected") from None
    unknown = [p for p in chosen if p not in rows]
    if unknown:
        raise ValidationFailed(_("Only the proposal's candidates can be chosen."), field="selected")
    missing_must = [
        rows[p]["code"] for p in proposal.inputs.get("must_fund", []) if p in rows and p not in chosen
    ]
    if missing_must:
        raise ValidationFailed(
            _("The must-fund projects %(codes)s must stay in the plan.") % {"codes": "、".join(missing_must)},
            field="selected",
        )
    total = sum((Decimal(rows[p]["amount"]) for p in chosen), Decimal(0))
    remaining = fund_totals(fund)["remaining"]
    if total > remaining:
        raise Conflict(
            _("The chosen projects need %(total)s but the fund has %(left)s left to allocate.")
            % {"total": format_yuan(total), "left": format_yuan(remaining)},
            field="selected",
        )
    entries = [
        allocation_create(
            actor=actor, project=p, amount=rows[p]["amount"], year=fund.year, note=_("Annual plan")
        )
        for p in chosen
    ]
    reserve = sorted(
        (r for p, r in rows.items() if p not in chosen),
        key=lambda r: (-Decimal(r["priority"]), Decimal(r["amount"]), r["code"]),
    )
    Candidate.objects.filter(fund=fund, project_id__in=chosen).update(reserve_rank=None)
    for rank, r in enumerate(reserve, start=1):
        Candidate.objects.filter(fund=fund, project_id=r["project"]).update(reserve_rank=rank)
    for project in Project.objects.filter(pk__in=list(rows)).select_related("programme", "unit"):
        tier = Tier.GUARANTEED if project.pk in chosen else Tier.RESERVE
        if project.tier != tier:
            project_services.project_update(
                actor=actor,
                project=project,
                data={"tier": tier},
                reason=_("Annual plan of %(year)s") % {"year": fund.year},
            )
    proposal.status = PlanStatus.ACCEPTED
    proposal.accepted_at = timezone.now()
    proposal.save(update_fields=["status", "accepted_at"])
    audit_record(
        actor=actor,
        verb="plan.accept",
        obj=proposal,
        reason=reason,
        after={
            "guaranteed": [rows[p]["code"] for p in chosen],
            "total": total,
            "reserve": [r["code"] for r in reserve],
        },
    )
    return entries
