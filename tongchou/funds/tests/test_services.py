from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.models import AuditEvent
from tongchou.funds import services
from tongchou.funds.models import LedgerEntry
from tongchou.funds.selectors import advance_outstanding, analysis, fund_totals, project_balance
from tongchou.projects.models import ProjectStatus
from tongchou.testing.world import SETUP, make_project

from .conftest import approve


def test_allocation_commits_money_and_is_audited(world, fund):
    # given
    project = world.projects["A"]
    # when
    entry = services.allocation_create(actor=world.people["office"], project=project.pk, amount="60万")
    # then
    assert entry.amount == Decimal("600000.00")
    totals = fund_totals(fund)
    assert totals["committed"] == Decimal("600000.00")
    assert totals["remaining"] == Decimal("9400000.00")
    assert AuditEvent.objects.filter(
        verb="allocation.create", subject=f"projects.project:{project.pk}"
    ).exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "negative"),
        ("0", "greater than zero"),
        ("1.234", "two decimal"),
        ("abc", "not an amount"),
        ("", "Enter an amount"),
    ],
)
def test_bad_amounts_are_refused_naming_the_field_and_nothing_is_written(world, fund, amount, message):
    # when
    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        services.allocation_create(
            actor=world.people["office"], project=world.projects["A"].pk, amount=amount
        )
    # then
    assert caught.value.field == "amount"
    assert message in caught.value.message
    assert not LedgerEntry.objects.exists()


def test_full_width_digits_and_wan_are_accepted(world, fund):
    entry = services.allocation_create(
        actor=world.people["office"], project=world.projects["A"].pk, amount="１２万元"
    )
    assert entry.amount == Decimal("120000.00")


def test_allocation_above_the_remaining_fund_names_the_remaining_figure(world, fund, big):
    # given
    services.allocation_create(actor=SETUP, project=big, amount="9600000")
    # when
    with pytest.raises(Conflict) as caught:
        services.allocation_create(actor=SETUP, project=world.projects["A"], amount="500000")
    # then
    assert "¥400,000.00" in caught.value.message
    assert LedgerEntry.objects.count() == 1


@pytest.mark.parametrize("status", [ProjectStatus.REJECTED, ProjectStatus.DRAFT, ProjectStatus.UNDER_REVIEW])
def test_unapproved_or_rejected_projects_cannot_be_funded(world, fund, status):
    approve(world.projects["A"], status=status)
    with pytest.raises(ValidationFailed) as caught:
        services.allocation_create(actor=SETUP, project=world.projects["A"], amount="1000")
    assert caught.value.field == "project"
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize("role", ["leader", "finance", "group_lead", "unit"])
def test_only_the_office_allocates(world, fund, role):
    with pytest.raises(PermissionRefused):
        services.allocation_create(actor=world.people[role], project=world.projects["A"], amount="1000")


def test_finance_may_change_the_cap_but_never_below_committed(world, fund, big):
    # given
    services.allocation_create(actor=SETUP, project=big, amount="9000000")
    # when / then
    services.fund_set_cap(actor=world.people["finance"], year=fund.year, cap="950万", reason="追加")
    with pytest.raises(Conflict) as caught:
        services.fund_set_cap(actor=world.people["finance"], year=fund.year, cap="800万")
    assert "¥9,000,000.00" in caught.value.message
    fund.refresh_from_db()
    assert fund.cap == Decimal("9500000.00")
    with pytest.raises(PermissionRefused):
        services.fund_set_cap(actor=world.people["unit"], year=fund.year, cap="2000万")


def test_disbursement_above_the_allocation_is_refused(world, fund):
    # given
    project = world.projects["A"]
    services.allocation_create(actor=SETUP, project=project, amount="100000")
    services.disbursement_create(
        actor=SETUP, project=project, amount="60000", payee="某公司", voucher_number="V-1"
    )
    # when
    with pytest.raises(Conflict) as caught:
        services.disbursement_create(
            actor=SETUP, project=project, amount="50000", payee="某公司", voucher_number="V-2"
        )
    # then
    assert "¥40,000.00" in caught.value.message
    assert project_balance(fund, project)["disbursed"] == Decimal("60000.00")


def test_disbursement_needs_payee_and_voucher(world, fund):
    services.allocation_create(actor=SETUP, project=world.projects["A"], amount="100000")
    with pytest.raises(ValidationFailed) as caught:
        services.disbursement_create(
            actor=SETUP, project=world.projects["A"], amount="1", payee="", voucher_number="V"
        )
    assert caught.value.field == "payee"


def test_reallocation_moves_committed_money_and_reverses_as_one(world, fund):
    # given
    a, b = world.projects["A"], world.projects["B"]
    services.allocation_create(actor=SETUP, project=a, amount="300000")
    # when
    out_leg, _in_leg = services.reallocation_create(
        actor=SETUP, year=fund.year, from_project=a, to_project=b, amount="100000"
    )
    # then
    assert project_balance(fund, a)["committed"] == Decimal("200000.00")
    assert project_balance(fund, b)["committed"] == Decimal("100000.00")
    services.entry_reverse(actor=SETUP, entry=out_leg, reason="录错")
    assert project_balance(fund, a)["committed"] == Decimal("300000.00")
    assert project_balance(fund, b)["committed"] == Decimal("0.00")
    with pytest.raises(Conflict):
        services.entry_reverse(actor=SETUP, entry=out_leg, reason="again")


def test_reversing_an_allocation_already_paid_is_refused(world, fund):
    a = world.projects["A"]
    allocation = services.allocation_create(actor=SETUP, project=a, amount="300000")
    services.disbursement_create(actor=SETUP, project=a, amount="100000", payee="某公司", voucher_number="V")
    with pytest.raises(Conflict) as caught:
        services.entry_reverse(actor=SETUP, entry=allocation, reason="录错")
    assert "¥100,000.00" in caught.value.message


def test_advance_payment_is_owed_until_reimbursed_this_year_or_next(world, fund, year):
    # given a unit pays first for its reserve project
    a = world.projects["A"]
    advance = services.advance_create(
        actor=world.people["unit"], project=a, amount="200000", payee="某公司", agreement="协议 2026-01"
    )
    assert advance_outstanding(advance) == Decimal("200000.00")
    # when the office reimburses part this year and the rest from next year's fund
    services.allocation_create(actor=SETUP, project=a, amount="150000")
    services.reimbursement_create(actor=SETUP, advance=advance, amount="150000", voucher_number="R-1")
    next_fund = services.fund_create(actor=SETUP, year=year + 1, cap="1000万")
    services.allocation_create(actor=SETUP, project=a, amount="50000", year=year + 1)
    with pytest.raises(Conflict) as caught:
        services.reimbursement_create(
            actor=SETUP, advance=advance, amount="60000", voucher_number="R-2", year=year + 1
        )
    assert "¥50,000.00" in caught.value.message
    services.reimbursement_create(
        actor=SETUP, advance=advance, amount="50000", voucher_number="R-2", year=year + 1
    )
    # then
    assert advance_outstanding(advance) == Decimal("0.00")
    assert fund_totals(next_fund)["disbursed"] == Decimal("50000.00")
    assert fund_totals(fund)["advanced_outstanding"] == Decimal("0.00")


def test_other_units_cannot_record_advances_for_a_project_not_theirs(world, fund):
    with pytest.raises(PermissionRefused):
        services.advance_create(
            actor=world.people["other_unit"],
            project=world.projects["A"],
            amount="1",
            payee="x",
            agreement="y",
        )


def test_reimbursement_needs_an_allocation(world, fund):
    advance = services.advance_create(
        actor=world.people["unit"], project=world.projects["A"], amount="1000", payee="x", agreement="y"
    )
    with pytest.raises(Conflict):
        services.reimbursement_create(actor=SETUP, advance=advance, amount="1000", voucher_number="R")


def test_carry_over_is_limited_to_the_unfunded_need_and_claims_next_year(world, fund, year):
    # given a reserve project of 1,200,000 gets 200,000 this year
    a = world.projects["A"]
    services.allocation_create(actor=SETUP, project=a, amount="200000")
    # when
    with pytest.raises(Conflict) as caught:
        services.carry_over_create(actor=SETUP, project=a, amount="1000001", year=year)
    assert "¥1,000,000.00" in caught.value.message
    services.carry_over_create(actor=SETUP, project=a, amount="1000000", year=year)
    # then next year's analysis shows the claim carried in
    next_fund = services.fund_create(actor=SETUP, year=year + 1, cap="1000万")
    assert analysis(next_fund)["carried_in"] == Decimal("1000000.00")
    assert analysis(fund)["carried_out"] == Decimal("1000000.00")


def test_analysis_adds_up_to_the_cent(world, fund, year):
    # given
    a, b = world.projects["A"], world.projects["B"]
    c = make_project(world, unit="B", programme="P2", code="B-002", name="乙街道二期", budget="333333.33")
    approve(c)
    services.allocation_create(actor=SETUP, project=a, amount="123456.78")
    services.allocation_create(actor=SETUP, project=b, amount="0.01")
    services.allocation_create(actor=SETUP, project=c, amount="333333.33")
    services.disbursement_create(actor=SETUP, project=c, amount="111111.11", payee="x", voucher_number="v")
    # when
    data = analysis(fund)
    # then
    for group in ("by_programme", "by_unit", "by_tier", "projects"):
        assert sum(r["committed"] for r in data[group]) == data["totals"]["committed"] == Decimal("456790.12")
        assert sum(r["disbursed"] for r in data[group]) == data["totals"]["disbursed"] == Decimal("111111.11")
    assert data["totals"]["remaining"] == Decimal("10000000.00") - Decimal("456790.12")


def test_analysis_as_of_a_date_ignores_later_entries(world, fund, year):
    services.allocation_create(
        actor=SETUP, project=world.projects["A"], amount="1000", date=dt.date(year, 3, 1)
    )
    services.allocation_create(
        actor=SETUP, project=world.projects["A"], amount="2000", date=dt.date(year, 9, 1)
    )
    assert analysis(fund, dt.date(year, 6, 30))["totals"]["committed"] == Decimal("1000.00")


def test_ledger_entries_cannot_be_edited_in_the_database(world, fund):
    from django.db import DatabaseError, transaction

    entry = services.allocation_create(actor=SETUP, project=world.projects["A"], amount="1000")
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1"))
    entry.refresh_from_db()
    assert entry.amount == Decimal("1000.00")


def test_the_database_refuses_an_allocation_over_the_cap_written_around_the_services(world, fund):
    from django.db import DatabaseError, transaction

    a = world.projects["A"]
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.create(
            fund=fund,
            kind="allocation",
            project=a,
            programme=a.programme,
            unit=a.unit,
            amount=Decimal("10000000.01"),
            committed_delta=Decimal("10000000.01"),
            date=dt.date.today(),
            created_by_name="直接写库",
        )
    assert not LedgerEntry.objects.exists()
