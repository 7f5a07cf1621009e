"""gen-data's assessment (scale.py) is consistent, and bench's assessment operations run."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from tongchou.assessment import indicators, scale, selectors, services, targets
from tongchou.assessment.models import (
    Adjustment,
    AdjustmentKind,
    Assessment,
    DemonstrationSite,
    RoundStatus,
    Scheme,
    Score,
    SiteStatus,
    Target,
    TargetShare,
    UnitAssessment,
)
from tongchou.scale.bench import ClientSender
from tongchou.scale.generator import generate, make_generator
from tongchou.scale.operations import build_context

YEAR = timezone.localdate().year


@pytest.fixture
def tiny(db):
    return generate(make_generator(scale="tiny", seed=11, year=YEAR, write=lambda line: None))


def test_every_assessed_unit_has_a_sheet_each_year_and_the_ranking_computes(tiny):
    units = {u.pk for u in services.assessed_units()}
    assert units
    for year in tiny.years:
        assessment = Assessment.objects.get(year=year)
        assert assessment.status == (RoundStatus.SCORING if year == YEAR else RoundStatus.PUBLISHED)
        rows = selectors.ranking(assessment)
        assert {r.unit_id for r in rows} == units
        for kind in ("department", "township"):
            group = [r for r in rows if r.type == kind]
            assert group and group[0].rank == 1
            assert all(a.total >= b.total for a, b in itertools.pairwise(group))
    current = selectors.ranking(Assessment.objects.get(year=YEAR))
    assert all(r.previous_rank is not None for r in current)  # last year's round has the same units


def test_schemes_are_complete_and_scores_and_totals_stay_within_the_maxima(tiny):
    for scheme in Scheme.objects.filter(year__in=tiny.years):
        assert services.scheme_problems(scheme) == []
    for score in Score.objects.select_related("indicator"):
        assert score.score is None or Decimal(0) <= score.score <= score.indicator.max_score
        assert score.self_score is None or score.self_score <= score.indicator.max_score
    adjustments = {(r["sheet_id"], r["kind"]): r["s"]
                   for r in Adjustment.objects.values("sheet_id", "kind").annotate(s=Sum("points"))}
    points = dict(Score.objects.values("sheet_id").annotate(s=Sum("score")).values_list("sheet_id", "s"))
    for sheet in UnitAssessment.objects.select_related("scheme"):
        assert sheet.indicator_total == Decimal(str(points.get(sheet.pk) or 0)).quantize(Decimal("0.01"))
        assert sheet.bonus == adjustments.get((sheet.pk, AdjustmentKind.BONUS), 0)
        assert sheet.deduction == adjustments.get((sheet.pk, AdjustmentKind.DEDUCTION), 0)
        assert sheet.total == sheet.indicator_total + sheet.bonus - sheet.deduction
        assert sheet.indicator_total <= sheet.scheme.total


def test_automatic_scores_are_what_the_registry_computes_from_the_generated_data(tiny):
    assessment = Assessment.objects.get(year=YEAR - 1)
    units = services.assessed_units()
    outcomes = indicators.compute("targets_done", units, assessment.year, dt.date(YEAR - 1, 12, 31))
    scores = Score.objects.filter(sheet__assessment=assessment, indicator__computation="targets_done") \
        .select_related("indicator", "sheet")
    assert scores
    for score in scores:
        assert score.score == outcomes[score.sheet.unit_id].score(score.indicator.max_score)


def test_targets_shares_sites_and_progress_updates_agree(tiny):
    for target in Target.objects.filter(year__in=tiny.years):
        total = target.shares.aggregate(s=Sum("share"))["s"]
        assert total is not None and total <= target.target_value
    before = dict(TargetShare.objects.values_list("id", "progress"))
    for year in tiny.years:
        targets._recount(year)  # the register's rule: designated sites are the site-counted progress
    assert dict(TargetShare.objects.values_list("id", "progress")) == before
    assert DemonstrationSite.objects.filter(status=SiteStatus.DESIGNATED).exists()
    for share in TargetShare.objects.filter(target__counts_sites="").prefetch_related("updates"):
        updates = list(share.updates.all())
        assert (updates[0].value if updates else Decimal(0)) == share.progress  # the latest report holds it


def test_ties_share_a_rank_and_fewer_deductions_rank_higher(tiny):
    # given: totals forced equal, some with a deduction
    assessment = Assessment.objects.get(year=YEAR)
    sheets = list(assessment.sheets.order_by("id"))
    for i, sheet in enumerate(sheets):
        sheet.deduction = Decimal(i % 2)
        sheet.total = Decimal(80)
    UnitAssessment.objects.bulk_update(sheets, ["deduction", "total"])
    # when
    rows = selectors.ranking(assessment, compare=False)
    # then
    for kind in ("department", "township"):
        group = [r for r in rows if r.type == kind]
        for a, b in itertools.pairwise(group):
            assert a.deduction <= b.deduction
            if a.deduction == b.deduction:
                assert a.rank == b.rank and a.unit_code < b.unit_code
            else:
                assert b.rank == group.index(b) + 1


def test_the_bench_operations_answer_with_few_queries(tiny):
    ctx = build_context(scale="tiny")
    operations = scale.bench_operations(ctx)
    sender = ClientSender(ctx)
    names = [op.name for op in operations]
    assert any(n.startswith("API GET /api/v1/assessments/{year}/ranking/") for n in names)
    assert any(n.startswith("assessment: ranking page") for n in names)
    queries = {}
    for op in operations:
        status, _elapsed = sender.send(op, 0)
        assert status == op.expect, op.name
        queries[op.name] = sender.queries(op, 1)
    api = next(op for op in operations if op.api)
    data = sender._client(api)[0].get(api.request(0).path, headers=sender._client(api)[1]).json()
    assert len(data["results"]) == UnitAssessment.objects.filter(assessment__year=YEAR).count()
    assert all(count < 40 for count in queries.values()), queries
