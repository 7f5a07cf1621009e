"""Two office users deciding the same review or change request at the same moment, on real
concurrent database connections: exactly one wins, the other gets 409."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from tongchou.core.models import AuditEvent
from tongchou.org import services as org
from tongchou.projects.models import Baseline, ChangeRequest, Project, ProjectStatus, Review
from tongchou.testing.world import PASSWORD, SETUP

from .factories import advance, approved_with_change

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs real concurrent connections and row locks: on SQLite select_for_update is a "
                              "no-op and writers are serialised; this runs in the PostgreSQL pass"),
    pytest.mark.django_db(transaction=True),
]


def _race(urls_and_payloads: list[tuple[Any, str, dict[str, Any]]]) -> list[int]:
    """POST each payload from its own thread (its own connection), all released at once."""
    barrier = threading.Barrier(len(urls_and_payloads))
    statuses: list[int] = [0] * len(urls_and_payloads)

    def run(index: int, user: Any, url: str, payload: dict[str, Any]) -> None:
        client = Client()
        client.force_login(user)
        try:
            barrier.wait(timeout=10)
            response = client.post(url, data=json.dumps(payload), content_type="application/json")
            statuses[index] = response.status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, *args)) for i, args in enumerate(urls_and_payloads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return statuses


@pytest.fixture(autouse=True)
def slow_writes(monkeypatch: Any) -> None:
    """Hold each winning transaction open a moment after its checks, so the other request surely
    arrives while the first is in flight: without the row lock both would pass their checks."""
    import time

    from tongchou.projects import changes, lifecycle

    for module in (lifecycle, changes):
        original = module.audit_record

        def slow(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
            time.sleep(0.3)
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, "audit_record", slow)


def _second_office(world: Any) -> Any:
    return org.user_create(actor=SETUP, username="office2", password=PASSWORD, unit=world.units["OFF"],
                           role="office", last_name="测", first_name="office2")


def test_two_office_users_concluding_the_same_review_one_wins_the_other_gets_409(world: Any) -> None:
    # given
    project = advance(world.projects["A"], "under_review")
    review = Review.objects.get(project=project)
    url = reverse("review-decide", kwargs={"pk": review.pk})
    # when: one passes, the other returns, at the same moment
    statuses = _race([
        (world.people["office"], url, {"decision": "pass", "opinion": "同意", "score": "90"}),
        (_second_office(world), url, {"decision": "return", "opinion": "请补充材料"}),
    ])
    # then
    assert sorted(statuses) == [200, 409]
    review.refresh_from_db()
    status = Project.objects.get(pk=project.pk).status
    assert (review.outcome, status) in {("passed", ProjectStatus.REVIEWED), ("returned", ProjectStatus.DRAFT)}
    assert AuditEvent.objects.filter(verb__in=["project.pass_review", "project.return"]).count() == 1


def test_two_office_users_firing_the_same_transition_one_wins(world: Any) -> None:
    project = advance(world.projects["A"], "submitted")
    url = reverse("project-transitions", kwargs={"pk": project.pk})
    statuses = _race([(world.people["office"], url, {"action": "start_review"}),
                      (_second_office(world), url, {"action": "start_review"})])
    assert sorted(statuses) == [200, 409]
    assert Review.objects.filter(project=project).count() == 1


def test_two_office_users_deciding_the_same_change_request_one_wins_the_other_gets_409(world: Any) -> None:
    # given
    project, cr = approved_with_change(world)
    url = reverse("change-request-decide", kwargs={"pk": cr.pk})
    # when
    statuses = _race([(world.people["office"], url, {"approve": True, "comment": "同意"}),
                      (_second_office(world), url, {"approve": True, "comment": "同意"})])
    # then
    assert sorted(statuses) == [200, 409]
    assert ChangeRequest.objects.get(pk=cr.pk).status == "approved"
    assert Baseline.objects.filter(project=project).count() == 2
    assert AuditEvent.objects.filter(verb="change_request.approved").count() == 1
