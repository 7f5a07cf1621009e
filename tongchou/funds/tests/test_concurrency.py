"""Twenty offices allocate 600,000 yuan at the same moment against 1,000,000 left: exactly one
wins, the others are refused with 409, and nobody sees a 500. Real threads, each with its own
database connection, against a transactional database (no test transaction wrapping them)."""

from __future__ import annotations

import json
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test import Client

from tongchou.funds import services
from tongchou.funds.models import LedgerEntry
from tongchou.funds.selectors import fund_totals
from tongchou.testing.world import SETUP, build_world, make_project

from .conftest import approve

WORKERS = 20


def _race(url: str, payloads: list[dict], user) -> list[int]:
    barrier = threading.Barrier(len(payloads))
    statuses: list[int] = []
    lock = threading.Lock()

    clients = []
    for _payload in payloads:  # log in before the race: the session writes are not what is tested
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)

    def work(client: Client, payload: dict) -> None:
        try:
            barrier.wait(timeout=60)
            response = client.post(url, data=json.dumps(payload), content_type="application/json")
            with lock:
                statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(c, p)) for c, p in zip(clients, payloads, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_allocations_exactly_one_succeeds():
    # given 1,000,000 left in the fund and twenty approved projects
    world = build_world()
    year = world.projects["A"].year
    fund = services.fund_create(actor=SETUP, year=year, cap="1000万")
    filler = make_project(world, unit="A", programme="P1", code="FILL", name="占用项目", budget="9000000")
    projects = [
        make_project(world, unit="B", programme="P2", code=f"R-{i:02d}", name=f"竞争项目{i}", budget="600000")
        for i in range(WORKERS)
    ]
    approve(filler, *projects)
    services.allocation_create(actor=SETUP, project=filler, amount="9000000")
    # when
    statuses = _race(
        "/api/v1/allocations/",
        [{"project": p.pk, "amount": "600000.00"} for p in projects],
        world.people["office"],
    )
    # then
    assert len(statuses) == WORKERS
    assert 500 not in statuses
    if connection.vendor == "postgresql":
        assert sorted(statuses) == [201] + [409] * (WORKERS - 1)
    else:
        # SQLite serialises the writers with IMMEDIATE transactions: still exactly one, never a 500.
        assert statuses.count(201) == 1
        assert set(statuses) <= {201, 409}
    totals = fund_totals(fund)
    assert totals["committed"] == Decimal("9600000.00")
    assert totals["remaining"] == Decimal("400000.00")
    assert LedgerEntry.objects.filter(kind="allocation").count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_disbursements_never_exceed_the_allocation():
    # given one project with 100,000 allocated
    world = build_world()
    project = world.projects["A"]
    approve(project)
    services.fund_create(actor=SETUP, year=project.year, cap="1000万")
    services.allocation_create(actor=SETUP, project=project, amount="100000")
    # when ten payments of 30,000 race
    payloads = [
        {"project": project.pk, "amount": "30000", "payee": "某公司", "voucher_number": f"V{i}"}
        for i in range(10)
    ]
    statuses = _race("/api/v1/disbursements/", payloads, world.people["office"])
    # then three fit, the rest are refused
    assert 500 not in statuses
    assert statuses.count(201) == 3
    assert LedgerEntry.objects.filter(kind="disbursement").count() == 3
