"""The automatic indicators checked by hand against the underlying data for two units (A and B)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from tongchou.assessment import indicators, services, targets
from tongchou.consolidation import services as consolidation
from tongchou.projects.baselines import milestone_update
from tongchou.projects.tests.factories import advance
from tongchou.testing.world import SETUP

from .helpers import PROGRESS_POINTS, score_of, sheet_of, start_round

TODAY = timezone.localdate()
YEAR = TODAY.year


def _data(world):
    """A: 1 of 3 baseline milestones met, 1 of 2 target shares done, 1 of 2 needs hosted.
    B: 3 of 3 milestones met, 0 of 1 share done, no infrastructure need."""
    a = advance(world.projects["A"], "in_implementation")
    b = advance(world.projects["B"], "in_implementation")
    ma = list(a.milestones.order_by("planned_date"))
    mb = list(b.milestones.order_by("planned_date"))
    # The default milestones fall 60, 180 and 300 days after 1 January: all due by late in the year.
    milestone_update(actor=SETUP, milestone=ma[0], data={"actual_date": ma[0].planned_date})
    milestone_update(actor=SETUP, milestone=ma[1], data={"actual_date": ma[1].planned_date + dt.timedelta(days=10)})
    for m in mb:
        milestone_update(actor=SETUP, milestone=m, data={"actual_date": m.planned_date - dt.timedelta(days=1)})
    t1 = targets.target_create(actor=SETUP, data={"year": YEAR, "code": "T1", "title": "办公自动化覆盖",
                                                 "measure": "count", "target_value": "3",
                                                 "deadline": dt.date(YEAR, 12, 31)})
    t2 = targets.target_create(actor=SETUP, data={"year": YEAR, "code": "T2", "title": "数据交换中心运行",
                                                 "measure": "done", "target_value": "1",
                                                 "deadline": dt.date(YEAR, 12, 31)})
    share = targets.target_share_set(actor=SETUP, target=t1, unit=world.units["A"], share="2")
    targets.progress_update_create(actor=world.people["unit"], share=share, value="2", note="两个科室已上线",
                                   link="https://example.gov.cn/oa")
    targets.target_share_set(actor=SETUP, target=t1, unit=world.units["B"], share="1")
    targets.target_share_set(actor=SETUP, target=t2, unit=world.units["A"], share="1")
    consolidation.unit_price_set(actor=SETUP, resource="vcpu", price="3000")
    asset = consolidation.asset_create(actor=SETUP, data={"code": "VM-1", "name": "资源池", "kind": "server",
                                                          "operator": world.units["OFF"], "vcpu": "64"})
    hosted = consolidation.need_create(actor=SETUP, project=a, data={"description": "应用服务器", "vcpu": "8"})
    consolidation.need_create(actor=SETUP, project=a, data={"description": "数据库服务器", "vcpu": "4"})
    consolidation.allocation_create(actor=SETUP, need=hosted, asset=asset)
    return a, b


def test_milestones_against_the_baseline_for_two_units(world):
    # given
    _data(world)
    # when
    out = indicators.compute("milestones_on_baseline", [world.units["A"], world.units["B"]], YEAR, TODAY)
    # then
    a, b = out[world.units["A"].pk], out[world.units["B"].pk]
    assert (a.numerator, a.denominator) == (1, 3)
    assert a.score(Decimal("15")) == Decimal("5.00")
    assert [i["ok"] for i in a.items] == [True, False, False]
    assert (b.numerator, b.denominator) == (3, 3)
    assert b.score(Decimal("15")) == Decimal("15.00")


def test_targets_done_and_shared_infrastructure_for_two_units(world):
    # given
    _data(world)
    units = [world.units["A"], world.units["B"]]
    # when
    done = indicators.compute("targets_done", units, YEAR, TODAY)
    infra = indicators.compute("shared_infrastructure", units, YEAR, TODAY)
    # then
    assert (done[world.units["A"].pk].numerator, done[world.units["A"].pk].denominator) == (1, 2)
    assert done[world.units["A"].pk].score(Decimal("20")) == Decimal("10.00")
    assert done[world.units["B"].pk].score(Decimal("20")) == Decimal("0.00")
    assert (infra[world.units["A"].pk].numerator, infra[world.units["A"].pk].denominator) == (1, 2)
    assert infra[world.units["A"].pk].score(Decimal("10")) == Decimal("5.00")
    # B has no infrastructure need: nothing was asked of it.
    assert infra[world.units["B"].pk].denominator == 0
    assert infra[world.units["B"].pk].score(Decimal("10")) == Decimal("10.00")


def test_duplicate_findings_count_as_resolved_once_the_office_decides(world):
    # given: A and B build the same two modules (电子监察, 数据交换), so the check pairs them
    a, b = _data(world)
    units = [world.units["A"], world.units["B"]]
    before = indicators.compute("duplicates_resolved", units, YEAR, TODAY)
    assert [i["other"] for i in before[world.units["A"].pk].items] == [b.code]
    assert before[world.units["A"].pk].score(Decimal("10")) == Decimal("0.00")
    # when
    consolidation.decision_record(actor=SETUP, project=a, data={"kind": "merge", "other_project": b.pk,
                                                                "note": "合并建设"})
    after = indicators.compute("duplicates_resolved", units, YEAR, TODAY)
    # then: the decision resolves the pair for both units
    assert after[world.units["A"].pk].score(Decimal("10")) == Decimal("10.00")
    assert after[world.units["B"].pk].score(Decimal("10")) == Decimal("10.00")


def test_the_round_writes_the_computed_scores_with_their_detail(world):
    # given
    _data(world)
    assessment = start_round(YEAR)
    # when
    services.assessment_advance(actor=SETUP, assessment=assessment)
    # then
    a = sheet_of(assessment, world, "A")
    score = score_of(a, "里程碑按基线完成")
    assert score.score == Decimal("5.00")
    assert score.detail["numerator"] == 1 and score.detail["denominator"] == 3
    assert score_of(a, "目标任务完成情况").score == Decimal("10.00")
    assert score_of(a, "共享基础设施使用").score == Decimal("5.00")
    # 5 + 10 + 5 + duplicates 0 (A↔B undecided); manual ones unscored; progress reports not available
    assert a.indicator_total == Decimal("20.00") + PROGRESS_POINTS


def test_an_unknown_computation_is_reported_not_scored(world):
    out = indicators.compute("no_such_thing", [world.units["A"]], YEAR, TODAY)
    assert out[world.units["A"].pk].available is False
    assert out[world.units["A"].pk].score(Decimal("10")) is None


def test_an_office_override_of_a_computed_score_survives_recomputation(world):
    # given
    assessment = start_round(YEAR)
    services.assessment_advance(actor=SETUP, assessment=assessment)
    score = score_of(sheet_of(assessment, world, "A"), "月度进展按时报送")
    # when: the office overrides the indicator by hand, then the data is recomputed
    services.score_set(actor=world.people["office"], score=score, value="4", comment="按纸质报送记录核定")
    services.assessment_compute(actor=world.people["office"], assessment=assessment)
    # then
    score.refresh_from_db()
    assert score.score == Decimal("4.00")
    assert score.detail is not None
