"""A candidate's default priority is the score of its project's latest favourable committee review,
unless the office set one by hand (issue 5 with issue 4's review score)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone

from tongchou.core.models import AuditEvent
from tongchou.funds import planning
from tongchou.funds.models import Candidate, Fund
from tongchou.projects.lifecycle import project_transition
from tongchou.projects.models import Project, Review, ReviewOutcome
from tongchou.projects.tests.factories import advance
from tongchou.testing.world import SETUP, World, make_project


def reviewed(w: World, code: str, score: str) -> Project:
    """A project of unit A passed by the committee with ``score``, then approved, through the lifecycle."""
    project = advance(make_project(w, unit="A", programme="P1", code=code, name=f"{code}项目"), "under_review")
    project_transition(actor=SETUP, project=project, action="pass_review", score=score, comment="同意")
    return advance(Project.objects.get(pk=project.pk), "approved")


def test_sync_takes_each_projects_review_score_as_priority(world: World, fund: Fund) -> None:
    # given two approved projects passed with different scores, and project A approved with no review
    high, low = reviewed(world, "R-HI", "92.5"), reviewed(world, "R-LO", "61")
    # when the office adds every approved project as a candidate
    planning.candidates_sync(actor=SETUP, year=fund.year)
    # then each candidate's priority is its review's score and is not marked as set by hand
    got = {c.project.code: (c.priority, c.priority_manual) for c in Candidate.objects.filter(fund=fund)}
    assert got[high.code] == (Decimal("92.50"), False)
    assert got[low.code] == (Decimal("61.00"), False)
    assert got[world.projects["A"].code] == (Decimal("0.00"), False)
    # and the optimizer weighs them so
    problem, _inputs = planning.build_problem(fund)
    weights = {i.code: i.priority for i in problem.items}
    assert weights[high.code] == Decimal("92.50") and weights[low.code] == Decimal("61.00")


def test_the_latest_favourable_review_counts_not_an_older_or_unfavourable_one(world: World, fund: Fund) -> None:
    # given a project passed with 70, re-reviewed and passed later with 80, then returned once more
    project = reviewed(world, "R-RE", "70")
    first = Review.objects.get(project=project)
    later = timezone.now() + dt.timedelta(hours=1)
    Review.objects.create(project=project, project_version=project.version, snapshot=first.snapshot,
                          outcome=ReviewOutcome.PASSED, score=Decimal("80"), decided_at=later)
    Review.objects.create(project=project, project_version=project.version, snapshot=first.snapshot,
                          outcome=ReviewOutcome.RETURNED, score=Decimal("99"),
                          decided_at=later + dt.timedelta(hours=1))
    # when it becomes a candidate without a priority given
    candidate = planning.candidate_set(actor=SETUP, year=fund.year, project=project.pk)
    # then its priority is the latest favourable score
    assert (candidate.priority, candidate.priority_manual) == (Decimal("80.00"), False)


def test_a_priority_set_by_hand_is_kept_until_the_office_returns_to_the_review(world: World, fund: Fund) -> None:
    # given a reviewed project that is a candidate with its review's score
    project = reviewed(world, "R-HAND", "75")
    planning.candidates_sync(actor=SETUP, year=fund.year)
    # when the office sets its priority by hand
    candidate = planning.candidate_set(actor=SETUP, year=fund.year, project=project.pk, priority="40")
    assert (candidate.priority, candidate.priority_manual) == (Decimal("40.00"), True)
    # then a later sync does not overwrite it
    planning.candidates_sync(actor=SETUP, year=fund.year)
    candidate.refresh_from_db()
    assert (candidate.priority, candidate.priority_manual) == (Decimal("40.00"), True)
    # when the office asks for the review's score again
    candidate = planning.candidate_set(actor=SETUP, year=fund.year, project=project.pk, priority_from_review=True)
    # then the priority is the review's score again, and each change is audited
    assert (candidate.priority, candidate.priority_manual) == (Decimal("75.00"), False)
    events = AuditEvent.objects.filter(verb="candidate.set", object_id=str(candidate.pk)).order_by("id")
    assert [e.after["priority_manual"] for e in events] == [True, False]


def test_sync_makes_candidates_follow_a_new_review_score(world: World, fund: Fund) -> None:
    # given a candidate that took its review's score
    project = reviewed(world, "R-NEW", "66")
    planning.candidates_sync(actor=SETUP, year=fund.year)
    # when a newer favourable review gives another score and the office syncs again
    Review.objects.create(project=project, project_version=project.version, snapshot={},
                          outcome=ReviewOutcome.PASSED, score=Decimal("88"),
                          decided_at=timezone.now() + dt.timedelta(hours=1))
    planning.candidates_sync(actor=SETUP, year=fund.year)
    # then the candidate follows it
    candidate = Candidate.objects.get(fund=fund, project=project)
    assert candidate.priority == Decimal("88.00") and not candidate.priority_manual


def test_plan_page_shows_where_the_priority_comes_from_and_can_return_to_the_review(
    world: World, fund: Fund, client_for: Any
) -> None:
    # given a reviewed candidate whose priority the office set by hand
    project = reviewed(world, "R-PAGE", "77")
    planning.candidate_set(actor=SETUP, year=fund.year, project=project.pk, priority="10")
    office = client_for("office")
    url = reverse("funds:plan", kwargs={"year": fund.year})
    assert 'data-priority-source="hand">10.00' in office.get(url).content.decode()
    # when the office ticks "from the committee review's score" on the plan page
    response = office.post(url, {"project": project.pk, "priority": "", "priority_from_review": "on"})
    # then the candidate takes the review's score
    assert response.status_code == 302
    candidate = Candidate.objects.get(fund=fund, project=project)
    assert (candidate.priority, candidate.priority_manual) == (Decimal("77.00"), False)
    assert 'data-priority-source="review">77.00' in office.get(url).content.decode()
