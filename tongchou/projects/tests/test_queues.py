"""The office's queues and the home panels: counts, scope, and query counts constant in page size."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongchou.projects.changes import change_request_create
from tongchou.testing.world import make_project

from .factories import add_milestones, advance, unit_person


def _projects(world: Any, n: int, start: int, status: str) -> list[Any]:
    made = []
    for i in range(start, start + n):
        project = make_project(world, unit="A", programme="P1", code=f"Q-{i:03d}", name=f"排队项目{i}")
        made.append(advance(project, status))
    return made


def _pending_changes(world: Any, n: int, start: int) -> None:
    for project in _projects(world, n, start, "in_implementation"):
        change_request_create(actor=unit_person(project), project=project, kind="budget", reason="增加模块",
                              proposal={"requested_budget": "150万"})


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("url_name", "fill"), [
    ("projects:review_queue", lambda w, n, s: _projects(w, n, s, "under_review") + _projects(w, n, s + 50, "reviewed")),
    ("projects:change_queue", _pending_changes),
    ("review-list", lambda w, n, s: _projects(w, n, s, "reviewed")),
    ("change-request-list", _pending_changes),
    ("home", lambda w, n, s: (_projects(w, n, s, "submitted"), _pending_changes(w, n, s + 100))),
])
def test_list_pages_make_the_same_number_of_queries_for_more_rows(world: Any, client_for: Any, url_name: str,
                                                                  fill: Any) -> None:
    # given
    client = client_for("office")
    url = reverse(url_name)
    fill(world, 2, 0)
    few = _count(client, url)
    # when
    fill(world, 6, 200)
    many = _count(client, url)
    # then
    assert many == few


def test_the_office_home_shows_the_queues_with_counts(world: Any, client_for: Any) -> None:
    # given
    _projects(world, 2, 0, "submitted")
    _projects(world, 1, 10, "under_review")
    _pending_changes(world, 3, 20)
    # when
    page = client_for("office").get(reverse("home")).content.decode()
    # then
    assert 'data-testid="queue-waiting">2<' in page
    assert 'data-testid="queue-reviews">1<' in page
    assert 'data-testid="queue-changes">3<' in page


def test_the_unit_sees_what_waits_on_it_including_the_reasons_for_a_return(world: Any, client_for: Any) -> None:
    # given
    from tongchou.projects.lifecycle import project_transition

    project = advance(world.projects["A"], "under_review")
    project_transition(actor=world.people["office"], project=project, action="return", comment="补充可研报告")
    # when
    page = client_for("unit").get(reverse("home")).content.decode()
    other = client_for("other_unit").get(reverse("home")).content.decode()
    # then
    assert "补充可研报告" in page
    assert "补充可研报告" not in other


def test_the_review_queue_is_scoped_to_what_the_user_sees(world: Any, client_for: Any) -> None:
    advance(world.projects["B"], "under_review")
    assert world.projects["B"].name in client_for("office").get(reverse("projects:review_queue")).content.decode()
    assert world.projects["B"].name not in client_for("unit").get(reverse("projects:review_queue")).content.decode()


def test_the_project_page_shows_the_timeline_data_without_inline_script(world: Any, client_for: Any) -> None:
    add_milestones(world.projects["A"])
    page = client_for("unit").get(reverse("projects:detail", kwargs={"pk": world.projects["A"].pk})).content.decode()
    assert 'id="project-timeline-data" type="application/json"' in page
    assert "vendor/echarts/echarts.min.js" in page and "projects/timeline.js" in page
    scripts = [chunk for chunk in page.split("<script")[1:] if not chunk.lstrip().startswith(("src=", 'id="project-timeline-data"'))]
    assert all(' src="' in c.split(">")[0] for c in scripts)


def test_the_project_page_makes_the_same_number_of_queries_for_more_milestones_and_documents(
        world: Any, client_for: Any) -> None:
    # given
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from tongchou.projects.documents import document_upload

    project = world.projects["A"]
    client = client_for("unit")
    url = reverse("projects:detail", kwargs={"pk": project.pk})

    def grow(n: int, offset: int) -> None:
        start = project.planned_start or dt.date.today()
        add_milestones(project, dates=[start + dt.timedelta(days=offset + i) for i in range(n)][:5])
        for i in range(n):
            document_upload(actor=world.people["unit"], project=project, stage="other", title=f"附件{offset + i}",
                            file=SimpleUploadedFile(f"{offset + i}.pdf", b"%PDF-1.4 " + bytes(str(offset + i), "ascii")))

    grow(2, 0)
    client.get(url)
    few = _count(client, url)
    # when
    grow(5, 10)
    many = _count(client, url)
    # then
    assert many == few


def test_the_unit_home_makes_the_same_number_of_queries_for_more_returned_drafts(world: Any, client_for: Any) -> None:
    from tongchou.projects.lifecycle import project_transition

    def returned(n: int, start: int) -> None:
        for project in _projects(world, n, start, "under_review"):
            project_transition(actor=world.people["office"], project=project, action="return", comment=f"理由{start}")

    client = client_for("unit")
    returned(2, 0)
    client.get(reverse("home"))
    few = _count(client, reverse("home"))
    returned(5, 300)
    assert _count(client, reverse("home")) == few
