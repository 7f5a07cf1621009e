import datetime as dt
import itertools

from tongchou.assessment import targets
from tongchou.org import services as org
from tongchou.testing.queries import assert_constant_queries
from tongchou.testing.world import SETUP

from .helpers import start_round

YEAR = dt.date.today().year


def _grow_targets(world):
    made = itertools.count()

    def grow(n):
        for _ in range(n):
            i = next(made)
            target = targets.target_create(actor=SETUP, data={
                "year": YEAR, "code": f"Q{i}", "title": f"目标{i}", "measure": "count", "target_value": "10",
                "deadline": dt.date(YEAR, 12, 31)})
            targets.target_share_set(actor=SETUP, target=target, unit=world.units["A"], share="5")
    return grow


def _grow_units():
    made = itertools.count()

    def grow(n):
        for _ in range(n):
            i = next(made)
            org.unit_create(actor=SETUP, code=f"U{i}", name=f"第{i}镇", kind="township")
    return grow


def test_target_list_and_api_queries_are_constant(world, client_for):
    client = client_for("office")
    grow = _grow_targets(world)
    assert_constant_queries(lambda: client.get(f"/assessment/targets/?year={YEAR}"), grow)
    assert_constant_queries(lambda: client.get(f"/api/v1/targets/?year={YEAR}"), grow)
    unit = client_for("unit")
    assert_constant_queries(lambda: unit.get("/"), grow)


def test_site_list_queries_are_constant(world, client_for):
    client = client_for("office")
    made = itertools.count()

    def grow(n):
        for _ in range(n):
            targets.site_create(actor=SETUP, data={"year": YEAR, "name": f"村{next(made)}", "kind": "village",
                                                   "unit": world.units["A"].pk})
    assert_constant_queries(lambda: client.get(f"/assessment/sites/?year={YEAR}"), grow)


def test_round_ranking_and_score_api_queries_are_constant_in_units(world, client_for):
    # A round per measurement: units join a round when it starts, so grow units then restart.
    client = client_for("office")
    grow = _grow_units()
    counts = {}
    for n in (2, 20):
        grow(n)
        from tongchou.assessment.models import Assessment

        Assessment.objects.filter(year=YEAR).delete()
        if n == 2:
            start_round(YEAR)
        else:
            from tongchou.assessment import services

            services.assessment_start(actor=SETUP, year=YEAR)
        urls = [f"/assessment/rounds/{YEAR}/", f"/assessment/rounds/{YEAR}/ranking/",
                f"/api/v1/assessments/{YEAR}/ranking/", f"/api/v1/assessment-scores/?year={YEAR}&page_size=200"]
        from tongchou.testing.queries import count_queries

        for url in urls:
            client.get(url)
        counts[n] = [count_queries(lambda url=url: client.get(url)) for url in urls]
    assert counts[2] == counts[20], counts
    assert max(counts[20]) <= 25


def test_progress_and_scheme_api_lists_are_constant(world, client_for):
    from tongchou.assessment import services

    client = client_for("office")
    target = targets.target_create(actor=SETUP, data={
        "year": YEAR, "code": "P", "title": "进度", "measure": "count", "target_value": "1000",
        "deadline": dt.date(YEAR, 12, 31)})
    share = targets.target_share_set(actor=SETUP, target=target, unit=world.units["A"], share="1000")
    made = itertools.count(1)

    def grow_updates(n):
        for _ in range(n):
            targets.progress_update_create(actor=SETUP, share=share, value=str(next(made)), note="进展",
                                           link="https://example.gov.cn/p")
    assert_constant_queries(lambda: client.get(f"/api/v1/target-progress/?target={target.pk}"), grow_updates)
    years = itertools.count(2030)

    def grow_schemes(n):
        for _ in range(n):
            services.scheme_create(actor=SETUP, year=next(years), applies_to="department")
    assert_constant_queries(lambda: client.get("/api/v1/assessment-schemes/"), grow_schemes)
