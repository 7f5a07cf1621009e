"""Random sequences of ledger operations never break an invariant, and a refused operation writes
nothing. Each example runs inside a savepoint that is rolled back, so examples do not leak."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongchou.core.errors import DomainError
from tongchou.funds import services
from tongchou.funds.models import EntryKind, LedgerEntry
from tongchou.funds.selectors import advance_outstanding, fund_totals, project_balance
from tongchou.testing.world import SETUP, make_project

from .conftest import approve

amounts = st.integers(min_value=1, max_value=60).map(lambda n: Decimal(n) * 10000 + Decimal("0.01") * (n % 3))
operations = st.lists(
    st.one_of(
        st.tuples(st.just("allocate"), st.integers(0, 2), amounts),
        st.tuples(st.just("disburse"), st.integers(0, 2), amounts),
        st.tuples(st.just("reallocate"), st.integers(0, 2), st.integers(0, 2), amounts),
        st.tuples(st.just("advance"), st.integers(0, 2), amounts),
        st.tuples(st.just("reimburse"), st.integers(0, 5), amounts),
        st.tuples(st.just("carry"), st.integers(0, 2), amounts),
        st.tuples(st.just("reverse"), st.integers(0, 30)),
        st.tuples(st.just("cap"), st.integers(20, 120).map(lambda n: Decimal(n) * 10000)),
    ),
    min_size=1,
    max_size=25,
)


def _apply(op, fund, projects):
    kind = op[0]
    if kind == "allocate":
        services.allocation_create(actor=SETUP, project=projects[op[1]], amount=op[2])
    elif kind == "disburse":
        services.disbursement_create(
            actor=SETUP, project=projects[op[1]], amount=op[2], payee="某公司", voucher_number="V"
        )
    elif kind == "reallocate":
        services.reallocation_create(
            actor=SETUP,
            year=fund.year,
            from_project=projects[op[1]],
            to_project=projects[op[2]],
            amount=op[3],
        )
    elif kind == "advance":
        services.advance_create(
            actor=SETUP, project=projects[op[1]], amount=op[2], payee="某公司", agreement="协议"
        )
    elif kind == "reimburse":
        advances = list(LedgerEntry.objects.filter(kind=EntryKind.ADVANCE).order_by("id"))
        if advances:
            services.reimbursement_create(
                actor=SETUP, advance=advances[op[1] % len(advances)], amount=op[2], voucher_number="R"
            )
    elif kind == "carry":
        services.carry_over_create(actor=SETUP, project=projects[op[1]], amount=op[2], year=fund.year)
    elif kind == "reverse":
        entries = list(LedgerEntry.objects.order_by("id"))
        if entries:
            services.entry_reverse(actor=SETUP, entry=entries[op[1] % len(entries)], reason="更正")
    elif kind == "cap":
        services.fund_set_cap(actor=SETUP, year=fund.year, cap=op[1])


def _check_invariants(fund, projects):
    fund.refresh_from_db()
    totals = fund_totals(fund)
    assert Decimal(0) <= totals["committed"] <= fund.cap
    for project in projects:
        balance = project_balance(fund, project)
        assert Decimal(0) <= balance["disbursed"] <= balance["committed"]
    for advance in LedgerEntry.objects.filter(kind=EntryKind.ADVANCE):
        assert Decimal(0) <= advance_outstanding(advance) <= advance.amount
    assert totals["disbursed"] == sum((project_balance(fund, p)["disbursed"] for p in projects), Decimal(0))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_random_ledger_operations_keep_every_invariant(world, fund, ops):
    projects = [world.projects["A"], world.projects["B"]]
    with transaction.atomic():
        third = make_project(
            world, unit="A", programme="P1", code="A-PROP", name="属性测试项目", budget="800000"
        )
        approve(third)
        projects.append(third)
        services.fund_set_cap(actor=SETUP, year=fund.year, cap="1000000")
        for op in ops:
            before = LedgerEntry.objects.count()
            try:
                _apply(op, fund, projects)
            except DomainError as exc:
                # refused: nothing written, and refused by the services' own check, not the database's
                assert LedgerEntry.objects.count() == before
                assert "ledger refused" not in exc.message
            _check_invariants(fund, projects)
        transaction.set_rollback(True)
