"""The lifecycle at scale (issue 4): reviews, milestones, baselines and change requests for the
generated projects, and the bench operations of the office's review queue and the transition call.

Rows go in with ``gen.bulk_insert`` and are what the services would have written: a project under
review has its one open review, a project past the review has a closed one (rejected or passed,
with a score), every project from ``approved`` on has milestones and its baseline v1, and a few
active projects have a change request waiting for the office.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tongchou.core.money import quantize
from tongchou.scale.bench import BenchContext, BenchRequest, Operation

from .models import (
    Baseline,
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    Milestone,
    Module,
    Project,
    ProjectStatus,
    ProjectTransition,
    Review,
    ReviewOutcome,
)

S = ProjectStatus
# Statuses a project reaches only after a favourable review.
PASSED = frozenset({S.REVIEWED, S.SUBMITTED_TO_GOVERNMENT, S.APPROVED, S.IN_IMPLEMENTATION,
                    S.ACCEPTANCE_REQUESTED, S.ACCEPTED, S.CLOSED, S.SUSPENDED})
# Statuses with an approved plan: milestones and baseline v1.
PLANNED = frozenset({S.APPROVED, S.IN_IMPLEMENTATION, S.ACCEPTANCE_REQUESTED, S.ACCEPTED, S.CLOSED, S.SUSPENDED})
ACTIVE = (S.APPROVED, S.IN_IMPLEMENTATION, S.ACCEPTANCE_REQUESTED)
MILESTONES = (("需求调研与方案设计", "需求规格说明书"), ("系统开发与部署", "系统部署报告"),
              ("试运行", "试运行报告"), ("项目验收", "验收报告"))
REVIEWERS = "王建国、李明、陈静"
OPINIONS = {ReviewOutcome.PASSED: "建设内容清晰，同意通过。", ReviewOutcome.REJECTED: "与已建系统重复，不予通过。",
            ReviewOutcome.RETURNED: "预算依据不足，请补充后重新提交。"}
BENCH_COMMENT = "基准测试：暂停/恢复"


def _milestones(gen: Any, row: Any, today: dt.date) -> list[Milestone]:
    count = gen.rng.randint(2, len(MILESTONES))
    span = max(1, (row.planned_end - row.planned_start).days)
    done = row.status in (S.ACCEPTED, S.CLOSED, S.ACCEPTANCE_REQUESTED)
    out = []
    for position in range(count):
        planned = row.planned_start + dt.timedelta(days=span * (position + 1) // count)
        actual = None
        if done or (row.status == S.IN_IMPLEMENTATION and planned < today and gen.rng.random() < 0.7):
            actual = planned + dt.timedelta(days=gen.rng.randint(-10, 30))
        name, deliverable = MILESTONES[len(MILESTONES) - count + position]
        out.append(Milestone(project_id=row.id, name=name, planned_date=planned, actual_date=actual,
                             deliverable=deliverable, position=position))
    return out


def generate(gen: Any) -> None:
    rng, today, now = gen.rng, timezone.localdate(), timezone.now()
    office_ids = gen.user_ids.get("office", [None])
    reviews: list[Review] = []
    milestones: list[Milestone] = []
    for row in gen.projects:
        outcome = None
        if row.status == S.UNDER_REVIEW:
            outcome = ReviewOutcome.OPEN
        elif row.status == S.REJECTED:
            outcome = ReviewOutcome.REJECTED
        elif row.status in PASSED:
            outcome = ReviewOutcome.PASSED
        elif row.status == S.DRAFT and rng.random() < 0.1:
            outcome = ReviewOutcome.RETURNED  # sent back once, being revised
        if outcome is not None:
            decided = outcome != ReviewOutcome.OPEN
            when = dt.datetime(row.year, 1, 1, 9, tzinfo=dt.UTC) + dt.timedelta(days=rng.randint(0, 300))
            reviews.append(Review(
                project_id=row.id, project_version=1, outcome=outcome,
                snapshot={"requested_budget": str(row.requested_budget), "tier": row.tier,
                          "planned_start": row.planned_start.isoformat(), "planned_end": row.planned_end.isoformat()},
                reviewers=REVIEWERS if decided else "",
                opinion=OPINIONS.get(outcome, ""),
                score=Decimal(rng.randint(60, 98)) if outcome == ReviewOutcome.PASSED else None,
                started_by_id=rng.choice(office_ids),
                decided_by_id=rng.choice(office_ids) if decided else None,
                decided_at=min(when, now) if decided else None))
        if row.status in PLANNED or (row.status in (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.REVIEWED)
                                     and rng.random() < 0.5):
            milestones.extend(_milestones(gen, row, today))
    gen.bulk_insert(Review, reviews, total=len(reviews), label="reviews")
    gen.bulk_insert(Milestone, milestones, total=len(milestones), label="milestones")

    planned = {row.id: row for row in gen.projects if row.status in PLANNED}
    by_project: dict[int, list[dict[str, Any]]] = {}
    for pid, mid, name, planned_date, deliverable in (
            Milestone.objects.order_by("project_id", "position").values_list(
                "project_id", "id", "name", "planned_date", "deliverable").iterator(chunk_size=10_000)):
        if pid in planned:
            by_project.setdefault(pid, []).append({"id": mid, "name": name, "planned_date": planned_date.isoformat(),
                                                   "deliverable": deliverable})
    modules: dict[int, list[dict[str, str]]] = {}
    for pid, name, description in (Module.objects.order_by("project_id", "position")
                                   .values_list("project_id", "name", "description").iterator(chunk_size=10_000)):
        if pid in planned:
            modules.setdefault(pid, []).append({"name": name, "description": description})
    gen.bulk_insert(Baseline, (
        Baseline(project_id=pid, version=1, created_by_id=office_ids[0],
                 data={"milestones": by_project.get(pid, []), "modules": modules.get(pid, []),
                       "requested_budget": str(row.requested_budget), "tier": row.tier,
                       "planned_start": row.planned_start.isoformat(), "planned_end": row.planned_end.isoformat()})
        for pid, row in planned.items()
    ), total=len(planned), label="baselines")

    # About one active project in 25 asks to change its budget; most wait for the office.
    unit_ids = gen.user_ids.get("unit", [None])
    changes = []
    for row in gen.projects:
        if row.status in ACTIVE and rng.random() < 0.04:
            pending = rng.random() < 0.75
            budget = quantize(row.requested_budget * Decimal(rng.choice(("0.9", "1.1", "1.2"))))
            changes.append(ChangeRequest(
                project_id=row.id, kind=ChangeKind.BUDGET, reason="建设内容调整，预算相应变更。",
                proposal={"requested_budget": str(budget)}, base_version=1,
                status=ChangeStatus.PENDING if pending else ChangeStatus.REJECTED,
                requested_by_id=rng.choice(unit_ids),
                decided_by_id=None if pending else rng.choice(office_ids),
                decided_at=None if pending else now, decision_comment="" if pending else "调整理由不充分。"))
    gen.bulk_insert(ChangeRequest, changes, total=len(changes), label="change requests")


def bench_operations(ctx: BenchContext) -> list[Operation]:
    done = Review.objects.exclude(outcome=ReviewOutcome.OPEN).count()
    pages = max(1, min(5, -(-done // 50)))
    # Suspend and resume, in turn, projects in implementation: each pair leaves the project as it was.
    pool = list(Project.objects.filter(status=S.IN_IMPLEMENTATION).order_by("id").values_list("id", flat=True)[:100])

    def transition(i: int) -> BenchRequest:
        # Request i suspends project i // 2 when i is even and resumes it when odd: each sender sends
        # 0, 1, 2 … in order, so every resume finds its project suspended.
        project_id = pool[(i // 2) % len(pool)] if pool else 0
        if i % 2 == 0:
            return BenchRequest(f"/api/v1/projects/{project_id}/transitions/", "POST",
                                {"action": "suspend", "comment": BENCH_COMMENT})
        return BenchRequest(f"/api/v1/projects/{project_id}/transitions/", "POST", {"action": "resume"})

    started = timezone.now()

    def restore() -> None:
        # A run cut short may leave one project suspended; the steps go (their audit events stay).
        Project.objects.filter(id__in=pool, status=S.SUSPENDED, suspended_from=S.IN_IMPLEMENTATION).update(
            status=S.IN_IMPLEMENTATION, suspended_from="")
        ProjectTransition.objects.filter(project_id__in=pool, created_at__gte=started,
                                         action__in=("suspend", "resume")).delete()

    return [
        Operation("projects: office review queue",
                  lambda i: BenchRequest(f"/projects/reviews/?page={i % pages + 1}")),
        Operation("projects: change request queue", lambda i: BenchRequest("/projects/changes/")),
        Operation("API POST /api/v1/projects/{id}/transitions/", transition, api=True, kind="write",
                  budget_ms=150, cleanup=restore),
    ]
