"""The demo city's lifecycle part: every state, reviews, baseline v2, a late project explained; idempotent."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tongchou.demo.seed import seed_demo_city
from tongchou.projects.delays import delay_unexplained
from tongchou.projects.models import Baseline, ChangeRequest, DelayExplanation, Project, ProjectStatus, Review


def test_the_demo_spreads_projects_over_every_state_and_runs_twice(db: Any) -> None:
    # when
    today = timezone.localdate()
    seed_demo_city(password="Demo-pass-2026", today=today)
    again = seed_demo_city(password="Demo-pass-2026", today=today)
    # then
    assert again.created == []
    assert set(Project.objects.values_list("status", flat=True)) == set(ProjectStatus.values)
    assert Review.objects.filter(outcome="passed").exclude(opinion="").count() >= 8
    assert Review.objects.filter(outcome="returned").exclude(opinion="").exists()
    v2 = Baseline.objects.get(version=2)
    assert v2.change_request and v2.change_request.status == "approved"
    assert ChangeRequest.objects.filter(status="pending").count() == 1
    late = Project.objects.get(code="CSZH-01")
    assert DelayExplanation.objects.filter(project=late).exists()
    assert late.milestones.filter(planned_date__lt=today, actual_date__isnull=True).exists()
    assert delay_unexplained(late, today) == []
