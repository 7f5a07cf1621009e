import datetime as dt

import pytest

from tongchou.demo.seed import seed_demo_city

from ..models import Bulletin, BulletinStatus, HealthRating, ProgressReport

TODAY = dt.date(2026, 11, 27)


@pytest.mark.django_db
def test_the_demo_city_has_six_months_of_reports_a_red_project_and_two_published_bulletins():
    # when
    seed_demo_city(password="demo-pass", today=TODAY)
    # then
    months = sorted({f"{m:%Y-%m}" for m in ProgressReport.objects.values_list("month", flat=True)})
    assert months == [f"2026-{m:02d}" for m in range(5, 11)]
    assert ProgressReport.objects.filter(submitted_late=True).count() >= 3
    red = {r.project.code: r.project for r in HealthRating.objects.filter(month=dt.date(2026, 11, 1), level="red")
           .select_related("project")}
    assert "CSZH-01" in red and red["CSZH-01"].delay_explanations.exists()
    published = Bulletin.objects.filter(status=BulletinStatus.PUBLISHED).order_by("period")
    assert [b.period for b in published] == ["2026-09", "2026-10"]
    october = published.get(period="2026-10").data
    assert october["headline"]["missing"] == 2  # OA-01 did not file; SZCG-01 (approved, not started) never did
    assert october["headline"]["red"] == 2
    assert any(d["code"] == "CSZH-01" and d["cause"] for d in october["delayed"])
    assert october["fund"]["committed"] != "0.00"
