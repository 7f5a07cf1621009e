"""The duplicate-construction check on the committee review: the review page shows it live while
the review is open, the concluded review's snapshot keeps it, and later edits do not change it."""

from __future__ import annotations

import copy
from typing import Any

from django.urls import reverse

from tongchou.projects import services as project_services
from tongchou.projects.models import Project, Review, ReviewOutcome
from tongchou.projects.tests.factories import advance
from tongchou.testing.world import SETUP, make_project

from .test_overlap import DZJC, PROPOSAL


def _dzjc_and_proposal(world: Any) -> tuple[Project, Project]:
    dzjc = make_project(world, unit="B", programme="P2", code="DZJC-01", name=DZJC["name"],
                        description=DZJC["description"], modules=DZJC["modules"])
    proposal = make_project(world, unit="A", programme="P1", code="XZ-01", name=PROPOSAL["name"],
                            description=PROPOSAL["description"], modules=PROPOSAL["modules"])
    return dzjc, proposal


def test_the_open_review_shows_the_live_check(world: Any, client_for: Any) -> None:
    # given a proposal that repeats the e-supervision platform, under committee review
    dzjc, proposal = _dzjc_and_proposal(world)
    proposal = advance(proposal, "under_review")
    review = Review.objects.get(project=proposal, outcome=ReviewOutcome.OPEN)
    # when the office opens the review page
    page = client_for("office").get(reverse("projects:review_detail", kwargs={"pk": review.pk})).content.decode()
    # then it shows the overlap, live, with the owner and the overlapping modules
    assert 'data-overlap="live"' in page
    assert 'data-project-code="DZJC-01"' in page
    assert 'data-testid="overlap-module"' in page and "张三" in page
    assert f"?other={dzjc.pk}" in page  # the office may record a decision from here


def test_the_concluded_review_keeps_the_check_and_later_edits_do_not_change_it(world: Any, client_for: Any) -> None:
    # given the proposal reviewed favourably
    dzjc, proposal = _dzjc_and_proposal(world)
    proposal = advance(proposal, "reviewed")
    review = Review.objects.get(project=proposal, outcome=ReviewOutcome.PASSED)
    # then the stored snapshot keeps the check's result
    kept = review.snapshot["overlap"]
    assert [m["project"]["code"] for m in kept["matches"]][:1] == ["DZJC-01"]
    assert kept["matches"][0]["modules"] and kept["matches"][0]["project"]["owner_name"] == "张三"
    stored = copy.deepcopy(review.snapshot)
    # when the e-supervision platform is later rewritten into something unrelated
    project_services.project_update(actor=SETUP, project=dzjc, data={
        "name": "中小学教育城域网", "description": "全市中小学光纤接入教育城域网。", "owner_name": "王五",
        "modules": [{"name": "学籍管理", "description": "学生学籍注册和变动"}]})
    office = client_for("office")
    live = office.get(reverse("consolidation:overlap_fragment", kwargs={"pk": proposal.pk})).content.decode()
    assert 'data-project-code="DZJC-01"' not in live  # the live check no longer finds it
    # then the stored snapshot is unchanged and the review page shows the kept result, not a live one
    review.refresh_from_db()
    assert review.snapshot == stored
    page = office.get(reverse("projects:review_detail", kwargs={"pk": review.pk})).content.decode()
    assert 'data-overlap="kept"' in page
    assert 'data-project-code="DZJC-01"' in page and DZJC["name"] in page and "张三" in page
    assert "王五" not in page


def test_the_kept_check_shows_a_unit_only_projects_it_may_see(world: Any, client_for: Any) -> None:
    # given unit A's proposal concluded with a kept overlap against unit B's project
    _dzjc, proposal = _dzjc_and_proposal(world)
    proposal = advance(proposal, "reviewed")
    review = Review.objects.get(project=proposal, outcome=ReviewOutcome.PASSED)
    assert "DZJC-01" in [m["project"]["code"] for m in review.snapshot["overlap"]["matches"]]
    # when unit A reads its review
    page = client_for("unit").get(reverse("projects:review_detail", kwargs={"pk": review.pk}))
    # then the review shows the kept check without unit B's project
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-overlap="kept"' in body and 'data-project-code="DZJC-01"' not in body


def test_a_review_concluded_before_checks_were_kept_says_so(world: Any, client_for: Any) -> None:
    # given a concluded review whose snapshot has no check (recorded before this feature)
    proposal = advance(world.projects["A"], "reviewed")
    review = Review.objects.get(project=proposal, outcome=ReviewOutcome.PASSED)
    review.snapshot = {k: v for k, v in review.snapshot.items() if k != "overlap"}
    review.save()
    # when the office reads it, then the page says so rather than running a live check
    page = client_for("office").get(reverse("projects:review_detail", kwargs={"pk": review.pk})).content.decode()
    assert 'data-testid="overlap-not-kept"' in page


def test_the_project_page_loads_the_check(world: Any, client_for: Any) -> None:
    # given a proposal that repeats the e-supervision platform
    _dzjc, proposal = _dzjc_and_proposal(world)
    # when its unit opens the project page
    page = client_for("unit").get(reverse("projects:detail", kwargs={"pk": proposal.pk})).content.decode()
    # then the page loads the check's fragment
    url = reverse("consolidation:overlap_fragment", kwargs={"pk": proposal.pk})
    assert f'hx-get="{url}"' in page and 'hx-trigger="load"' in page
