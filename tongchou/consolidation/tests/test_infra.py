"""Shared assets, needs, allocations (over-allocation refused), unit prices, decisions and savings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongchou.consolidation import selectors, services
from tongchou.consolidation.models import Allocation, Asset, InfraNeed, NeedStatus, Saving, SavingStatus
from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.models import AuditEvent
from tongchou.testing.world import SETUP


def _pool(world: Any, **capacity: str) -> Asset:
    return services.asset_create(
        actor=SETUP,
        data={
            "code": "VM-1",
            "name": "资源池",
            "kind": "server",
            "operator": world.units["OFF"],
            **(capacity or {"vcpu": "64", "memory_gb": "256", "storage_tb": "10"}),
        },
    )


def _need(world: Any, key: str = "A", **amounts: str) -> InfraNeed:
    return services.need_create(
        actor=SETUP,
        project=world.projects[key],
        data={"description": "应用服务器", **(amounts or {"vcpu": "8", "memory_gb": "32"})},
    )


def test_an_asset_needs_a_capacity_and_valid_numbers(world: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.asset_create(
            actor=SETUP, data={"code": "X", "name": "X", "kind": "server", "operator": world.units["OFF"]}
        )
    assert exc.value.field == "vcpu"
    for bad in ("-1", "abc", "1.234", "NaN", "1e400"):
        with pytest.raises(ValidationFailed) as exc:
            services.asset_create(
                actor=SETUP,
                data={
                    "code": "X",
                    "name": "X",
                    "kind": "server",
                    "operator": world.units["OFF"],
                    "vcpu": bad,
                },
            )
        assert exc.value.field == "vcpu"
    assert not Asset.objects.exists()


def test_only_the_office_manages_assets(world: Any) -> None:
    with pytest.raises(PermissionRefused):
        services.asset_create(
            actor=world.people["unit"],
            data={"code": "X", "name": "X", "kind": "server", "operator": world.units["OFF"], "vcpu": "4"},
        )


def test_hosting_a_need_allocates_capacity_and_estimates_a_saving(world: Any) -> None:
    # given
    pool = _pool(world)
    services.unit_price_set(actor=SETUP, resource="vcpu", price="3000")
    services.unit_price_set(actor=SETUP, resource="memory_gb", price="300")
    need = _need(world)
    assert selectors.assets_that_fit(need) == [pool]
    # when
    allocation = services.allocation_create(actor=world.people["office"], need=need, asset=pool)
    # then
    need.refresh_from_db()
    assert need.status == NeedStatus.HOSTED
    assert selectors.asset_free(pool)["vcpu"] == Decimal("56.00")
    saving = Saving.objects.get(allocation=allocation)
    assert saving.status == SavingStatus.ESTIMATED
    assert saving.amount == Decimal("33600.00")  # 8 × 3000 + 32 × 300
    assert "3,000.00" in saving.basis
    assert list(saving.projects.all()) == [world.projects["A"]]
    assert AuditEvent.objects.filter(verb="allocation.create").exists()
    # the office confirms it, correcting the amount
    services.saving_confirm(actor=world.people["office"], saving=saving, amount="3.5万")
    saving.refresh_from_db()
    assert saving.status == SavingStatus.CONFIRMED and saving.amount == Decimal("35000.00")
    with pytest.raises(Conflict):
        services.saving_confirm(actor=world.people["office"], saving=saving)


def test_over_allocation_is_refused_and_nothing_is_written(world: Any) -> None:
    pool = _pool(world, vcpu="16", memory_gb="64")
    services.allocation_create(actor=SETUP, need=_need(world, vcpu="12"), asset=pool)
    second = _need(world, "B", vcpu="8")
    assert selectors.assets_that_fit(second) == []
    with pytest.raises(Conflict) as exc:
        services.allocation_create(actor=SETUP, need=second, asset=pool)
    assert exc.value.field == "asset" and "VM-1" in exc.value.message
    assert Allocation.objects.count() == 1
    second.refresh_from_db()
    assert second.status == NeedStatus.OPEN


def test_a_need_larger_than_any_asset_is_flagged_and_refused(world: Any, client_for: Any) -> None:
    pool = _pool(world, vcpu="16")
    huge = _need(world, vcpu="1000")
    assert selectors.need_exceeds_every_asset(huge)
    page = client_for("office").get(reverse("consolidation:project", kwargs={"pk": world.projects["A"].pk}))
    assert 'data-testid="too-big"' in page.content.decode()
    response = client_for("office").post(
        reverse("consolidation:allocate", kwargs={"pk": huge.pk}), {"asset": pool.pk}, follow=True
    )
    assert response.status_code == 200
    assert not Allocation.objects.exists()


def test_an_asset_cannot_shrink_below_what_is_allocated(world: Any) -> None:
    pool = _pool(world, vcpu="16")
    services.allocation_create(actor=SETUP, need=_need(world, vcpu="12"), asset=pool)
    with pytest.raises(ValidationFailed) as exc:
        services.asset_update(actor=SETUP, asset=pool, data={"vcpu": "8"})
    assert exc.value.field == "vcpu"


def test_releasing_frees_capacity_and_withdraws_the_estimate(world: Any) -> None:
    services.unit_price_set(actor=SETUP, resource="vcpu", price="3000")
    pool = _pool(world, vcpu="16")
    allocation = services.allocation_create(actor=SETUP, need=_need(world, vcpu="12"), asset=pool)
    services.allocation_release(actor=SETUP, allocation=allocation)
    assert selectors.asset_free(pool)["vcpu"] == Decimal("16.00")
    assert not Saving.objects.exists()
    with pytest.raises(Conflict):
        services.allocation_release(actor=SETUP, allocation=allocation)


def test_need_input_is_checked(world: Any, client_for: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.need_create(actor=SETUP, project=world.projects["A"], data={"description": "x"})
    assert exc.value.field == "vcpu"
    response = client_for("unit").post(
        reverse("consolidation:need_create", kwargs={"pk": world.projects["A"].pk}),
        {"description": "", "vcpu": "-3"},
    )
    assert response.status_code == 200
    assert 'data-field-error="description"' in response.content.decode()
    assert not InfraNeed.objects.exists()


def test_unit_prices_refuse_bad_amounts(world: Any, client_for: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.unit_price_set(actor=SETUP, resource="vcpu", price="-5")
    with pytest.raises(ValidationFailed):
        services.unit_price_set(actor=SETUP, resource="cpu", price="5")
    response = client_for("office").post(reverse("consolidation:prices"), {"vcpu": "abc"})
    assert 'data-field-error="vcpu"' in response.content.decode()


def test_a_merge_decision_records_its_saving(world: Any, client_for: Any) -> None:
    # given
    a, b = world.projects["A"], world.projects["B"]
    # when
    response = client_for("office").post(
        reverse("consolidation:decision_create", kwargs={"pk": a.pk}),
        {
            "kind": "merge",
            "other_project": b.pk,
            "score": "0.712",
            "note": "合并建设",
            "saving_amount": "200万",
            "saving_kind": "merged_modules",
            "saving_basis": "两个平台的模块相同",
        },
    )
    # then
    assert response.status_code == 302
    saving = Saving.objects.get()
    assert saving.amount == Decimal("2000000.00") and saving.status == SavingStatus.CONFIRMED
    assert saving.project == a and set(saving.projects.all()) == {a, b}
    assert saving.decision is not None and saving.decision.other_project == b


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "merge"}, "other_project"),
        ({"kind": "reuse_module", "other_project": "B"}, "module"),
        ({"kind": "host_shared"}, "asset"),
        (
            {
                "kind": "no_overlap",
                "saving_amount": "abc",
                "saving_kind": "merged_modules",
                "saving_basis": "x",
            },
            "saving_amount",
        ),
        (
            {"kind": "no_overlap", "saving_amount": "100", "saving_kind": "nonsense", "saving_basis": "x"},
            "saving_kind",
        ),
        ({"kind": "merge", "other_project": "A"}, "other_project"),
    ],
)
def test_decision_bad_input_names_the_field(world: Any, data: dict[str, Any], field: str) -> None:
    data = {k: (world.projects[v].pk if k == "other_project" and v in ("A", "B") else v) for k, v in data.items()}
    with pytest.raises(ValidationFailed) as exc:
        services.decision_record(actor=SETUP, project=world.projects["A"], data=data)
    assert field in exc.value.errors
    assert not Saving.objects.exists()


def test_saving_form_refuses_an_unknown_project(world: Any, client_for: Any) -> None:
    response = client_for("office").post(
        reverse("consolidation:saving_create"),
        {"title": "t", "kind": "merged_modules", "amount": "100", "projects": "NOPE-1", "basis": "b"},
    )
    assert response.status_code == 200
    assert not Saving.objects.exists()


def _many_savings(world: Any, n: int) -> None:
    for i in range(n):
        services.saving_create(
            actor=SETUP,
            data={
                "title": f"节约{i}",
                "kind": "merged_modules",
                "amount": "1000",
                "basis": "b",
                "projects": [world.projects["A"].pk, world.projects["B"].pk],
            },
        )


def _many_assets(world: Any, n: int) -> None:
    start = Asset.objects.count()
    for i in range(start, start + n):
        services.asset_create(
            actor=SETUP,
            data={
                "code": f"A{i}",
                "name": f"资产{i}",
                "kind": "server",
                "operator": world.units["OFF"],
                "vcpu": "8",
            },
        )


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/consolidation/savings/", _many_savings),
        ("/api/v1/savings/", _many_savings),
        ("/consolidation/assets/", _many_assets),
        ("/api/v1/assets/", _many_assets),
        ("/api/v1/allocations/", None),
        ("/api/v1/infra-needs/", None),
        ("/consolidation/reports/", _many_savings),
    ],
)
def test_list_query_count_is_constant_in_page_size(world: Any, client_for: Any, url: str, make: Any) -> None:
    client = client_for("office")

    def fill(n: int) -> None:
        if make is not None:
            make(world, n)
        else:
            pool = Asset.objects.filter(code="POOL").first() or services.asset_create(
                actor=SETUP,
                data={
                    "code": "POOL",
                    "name": "池",
                    "kind": "server",
                    "operator": world.units["OFF"],
                    "vcpu": "10000",
                },
            )
            for _ in range(n):
                services.allocation_create(actor=SETUP, need=_need(world, vcpu="1"), asset=pool)

    fill(2)
    few = _queries(client, url)
    fill(20)
    many = _queries(client, url)
    assert many == few, url


def test_the_decision_form_takes_a_project_code_and_offers_its_modules(world: Any, client_for: Any) -> None:
    a, b = world.projects["A"], world.projects["B"]
    office = client_for("office")
    page = office.get(reverse("consolidation:project", kwargs={"pk": a.pk}) + f"?other={b.pk}").content.decode()
    module = b.modules.first()
    assert f'<option value="{module.pk}">{module.name}</option>' in page
    response = office.post(
        reverse("consolidation:decision_create", kwargs={"pk": a.pk}),
        {"kind": "reuse_module", "other_code": "B-001", "module": module.pk, "note": "复用"},
    )
    assert response.status_code == 302
    decision = a.overlap_decisions.get()
    assert decision.other_project == b and decision.module == module
    bad = office.post(
        reverse("consolidation:decision_create", kwargs={"pk": a.pk}), {"kind": "merge", "other_code": "NOPE"}
    )
    assert bad.status_code == 200 and 'data-field-error="other_project"' in bad.content.decode()


def test_the_office_home_lists_estimates_to_confirm(world: Any, client_for: Any) -> None:
    services.unit_price_set(actor=SETUP, resource="vcpu", price="3000")
    services.allocation_create(actor=SETUP, need=_need(world, vcpu="2"), asset=_pool(world))
    home = client_for("office").get("/").content.decode()
    assert 'data-testid="home-savings"' in home and "0.60万元" in home
    assert 'data-testid="home-savings"' not in client_for("unit").get("/").content.decode()
