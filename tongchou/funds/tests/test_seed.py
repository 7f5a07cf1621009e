from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tongchou.demo.seed import seed_demo_city
from tongchou.funds.models import EntryKind, Fund, LedgerEntry
from tongchou.funds.selectors import advances_for_user, analysis


def test_demo_fund_once_projects_are_approved_and_idempotent(db):
    # given the demo city, whose lifecycle step approves the key projects before the fund step runs
    today = dt.date(2026, 11, 27)
    first = seed_demo_city(password="Demo-pass-2026", today=today)
    # when it is loaded again
    second = seed_demo_city(password="Demo-pass-2026", today=today)
    # then the first run planned and moved the money, and the second changed nothing
    assert "fund 2026" in first.created
    assert any(note.startswith("allocation") for note in first.created)
    assert second.created == []
    data = analysis(Fund.objects.get(year=2026))
    assert data["totals"]["cap"] == Decimal("10000000.00")
    assert data["totals"]["committed"] == Decimal("9500000.00")
    assert data["totals"]["disbursed"] == Decimal("3300000.00")
    assert data["totals"]["advanced_outstanding"] == Decimal("300000.00")
    assert data["carried_out"] == Decimal("2800000.00")
    assert LedgerEntry.objects.filter(kind=EntryKind.ADVANCE).get().unit.name == "灵桥镇"
    assert sum(r["committed"] for r in data["by_programme"]) == data["totals"]["committed"]
    assert advances_for_user(second.people["lqz"]).get().outstanding == Decimal("300000.00")
