from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tongchou.funds import services
from tongchou.funds.models import LedgerEntry
from tongchou.testing.world import SETUP


def post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_fund_contract_gives_decimal_strings(world, fund, client_for):
    services.allocation_create(actor=SETUP, project=world.projects["A"], amount="600000")
    body = client_for("finance").get(f"/api/v1/funds/{fund.year}/").json()
    assert body["cap"] == "10000000.00"
    assert body["committed"] == "600000.00"
    assert body["disbursed"] == "0.00"
    assert body["remaining"] == "9400000.00"


def test_allocation_contract_201_400_409(world, fund, big, client_for):
    client = client_for("office")
    # 201
    created = post(client, "/api/v1/allocations/", {"project": big.pk, "amount": "9600000.00"})
    assert created.status_code == 201, created.content
    assert created.json()["amount"] == "9600000.00"
    # 409, naming what is left
    refused = post(client, "/api/v1/allocations/", {"project": world.projects["A"].pk, "amount": "600000.00"})
    assert refused.status_code == 409
    assert "¥400,000.00" in refused.json()["message"]
    assert refused.json()["field"] == "amount"
    # 400
    for bad in (
        {"project": world.projects["A"].pk, "amount": "-1"},
        {"project": world.projects["A"].pk, "amount": "1.001"},
        {"project": world.projects["A"].pk, "amount": "abc"},
        {"project": 999999, "amount": "100"},
        {"amount": "100"},
    ):
        response = post(client, "/api/v1/allocations/", bad)
        assert response.status_code == 400, (bad, response.content)
        assert response.json()["field"] in ("amount", "project")
    assert LedgerEntry.objects.count() == 1


def test_optimize_returns_a_proposal_and_explains_infeasibility(world, fund, big, client_for):
    from tongchou.funds import planning

    planning.candidate_set(actor=SETUP, year=fund.year, project=big, priority="90", must_fund=True)
    planning.candidate_set(actor=SETUP, year=fund.year, project=world.projects["A"], priority="80")
    planning.candidate_set(actor=SETUP, year=fund.year, project=world.projects["B"], priority="70")
    client = client_for("office")
    response = post(client, f"/api/v1/funds/{fund.year}/optimize/", {})
    assert response.status_code == 200
    body = response.json()
    assert body["feasible"] is True
    assert [r["code"] for r in body["selected"]] == ["A-BIG"]  # 9M leaves 1M: neither 1.2M project fits
    assert [r["rank"] for r in body["reserve"]] == [1, 2]
    services.fund_set_cap(actor=SETUP, year=fund.year, cap="500万")
    infeasible = post(client, f"/api/v1/funds/{fund.year}/optimize/", {}).json()
    assert infeasible["feasible"] is False
    assert "¥9,000,000.00" in infeasible["explanations"][0]


def test_unit_sees_only_its_own_advances(world, fund, client_for):
    services.advance_create(
        actor=world.people["unit"], project=world.projects["A"], amount="1000", payee="x", agreement="y"
    )
    services.advance_create(
        actor=world.people["other_unit"], project=world.projects["B"], amount="2000", payee="x", agreement="y"
    )
    rows = client_for("unit").get("/api/v1/advance-payments/").json()["results"]
    assert [Decimal(r["outstanding"]) for r in rows] == [Decimal("1000.00")]
    assert len(client_for("office").get("/api/v1/advance-payments/").json()["results"]) == 2


@pytest.mark.parametrize("page_size", [5, 40])
def test_ledger_api_query_count_is_constant_in_page_size(
    world, fund, client_for, django_assert_max_num_queries, page_size
):
    for _ in range(40):
        services.allocation_create(actor=SETUP, project=world.projects["A"], amount="100")
    client = client_for("office")
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/v1/ledger/?page_size={page_size}").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/v1/advance-payments/?page_size={page_size}").status_code == 200
