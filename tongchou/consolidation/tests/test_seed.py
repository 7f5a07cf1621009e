"""The demo city's consolidation: assets, the three savings of seed-city.md, and the flagged proposal."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tongchou.consolidation import overlap
from tongchou.consolidation.models import Asset, Saving, SavingKind
from tongchou.consolidation.selectors import savings_report
from tongchou.core.system import SYSTEM
from tongchou.demo.seed import seed_demo_city
from tongchou.projects.models import Project


@pytest.mark.django_db
def test_demo_city_consolidation_is_complete_and_idempotent() -> None:
    # when
    seed_demo_city(password="Demo-pass-2026")
    second = seed_demo_city(password="Demo-pass-2026")
    # then
    assert second.created == []
    assert Asset.objects.filter(code__startswith="JF-").count() >= 5
    by_kind = {r["key"]: r["total"] for r in savings_report(user=SYSTEM)["by_kind"]}
    assert Decimal("2000000") <= by_kind[SavingKind.SHARED_INFRASTRUCTURE] <= Decimal("3000000")
    assert Decimal("4000000") <= by_kind[SavingKind.MERGED_PLATFORM] <= Decimal("5000000")
    assert by_kind[SavingKind.MERGED_MODULES] == Decimal("2000000.00")
    merged = Saving.objects.get(kind=SavingKind.MERGED_MODULES)
    assert {p.code for p in merged.projects.all()} == {"SJJD-01", "DZJC-01"}
    platform = Saving.objects.get(kind=SavingKind.MERGED_PLATFORM)
    assert {p.code for p in platform.projects.all()} == {"SZCG-01", "CSZH-01"}
    shared = {p.code for s in Saving.objects.filter(kind=SavingKind.SHARED_INFRASTRUCTURE) for p in s.projects.all()}
    assert shared == {"DZJC-01", "CSZH-01", "SZCG-01"}
    # the new proposal is flagged against the e-supervision platform
    proposal = Project.objects.get(code="XZXN-01")
    result = overlap.overlap_check_for_project(proposal)
    assert result.matches[0].project.code == "DZJC-01"
    assert len(result.matches[0].modules) >= 2
