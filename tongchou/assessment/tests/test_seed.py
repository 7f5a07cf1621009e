import datetime as dt

import pytest

from tongchou.assessment import selectors
from tongchou.assessment.models import (
    Assessment,
    DemonstrationSite,
    DisputeStatus,
    Scheme,
    Target,
    TargetShare,
    UnitAssessment,
)
from tongchou.assessment.services import DEFAULT_CATEGORIES
from tongchou.demo.seed import seed_demo_city

TODAY = dt.date(2026, 11, 27)


@pytest.mark.django_db
def test_the_demo_city_has_the_years_targets_sites_schemes_and_two_rounds():
    # given / when
    seed_demo_city(password="demo-pass", today=TODAY)
    # then: the seed's targets, broken down to units
    codes = dict(Target.objects.filter(year=2026).values_list("code", "title"))
    assert set(codes) == {"MB-01", "MB-02", "OA-01", "SJJH-01"}
    assert Target.objects.get(code="MB-02").target_value == 15
    assert TargetShare.objects.filter(target__code="OA-01").count() == 21  # every department but the office
    # demonstration sites: 灵桥镇 and 东洲街道 designated, 15 candidate or designated villages
    assert set(DemonstrationSite.objects.filter(kind="township", status="designated")
               .values_list("name", flat=True)) == {"灵桥镇", "东洲街道"}
    assert DemonstrationSite.objects.filter(kind="village").count() == 15
    villages = sum(s.progress for s in TargetShare.objects.filter(target__code="MB-02"))
    assert villages == DemonstrationSite.objects.filter(kind="village", status="designated").count()
    # schemes of both years with the six categories, this year's copied from last year's
    for year in (2025, 2026):
        for scheme in Scheme.objects.filter(year=year):
            assert set(DEFAULT_CATEGORIES) <= set(scheme.categories.values_list("name", flat=True))
    # last year's round published, this year's in scoring with one open dispute
    assert Assessment.objects.get(year=2025).status == "published"
    current = Assessment.objects.get(year=2026)
    assert current.status == "scoring"
    assert UnitAssessment.objects.filter(assessment=current, dispute_status=DisputeStatus.OPEN).count() == 1
    rows = selectors.ranking(current)
    assert len(rows) == 33 and all(r.previous_rank is not None for r in rows)
