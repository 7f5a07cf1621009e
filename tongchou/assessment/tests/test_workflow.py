"""A whole round through the services: scheme → self-assessment → scoring → review → finalised →
published, with bonus/deduction items and a dispute."""

import datetime as dt
from decimal import Decimal

import pytest

from tongchou.assessment import selectors, services
from tongchou.assessment.models import RoundStatus
from tongchou.core.errors import Conflict, PermissionRefused, ValidationFailed
from tongchou.core.models import AuditEvent
from tongchou.testing.world import SETUP

from .helpers import PROGRESS_POINTS, manual_names, score_of, sheet_of, start_round

YEAR = dt.date.today().year


def test_a_whole_round_from_self_assessment_to_published_ranking(world):
    # given
    assessment = start_round(YEAR)
    a = sheet_of(assessment, world, "A")
    unit, office = world.people["unit"], world.people["office"]
    # when: the unit self-assesses every manual indicator and submits
    for name in manual_names():
        services.self_assess(actor=unit, score=score_of(a, name), value="8", note="自评说明",
                             link="https://example.gov.cn/proof")
    services.self_assessment_submit(actor=unit, sheet=a)
    services.assessment_advance(actor=office, assessment=assessment)  # → scoring, automatic computed
    for name in manual_names():
        for key in ("A", "B", "L1", "L2", "OFF", "FIN"):
            services.score_set(actor=office, score=score_of(sheet_of(assessment, world, key), name), value="9",
                               comment="评分说明")
    services.adjustment_add(actor=office, sheet=a, kind="bonus", points="2", reason="获得省级表彰")
    services.adjustment_add(actor=office, sheet=a, kind="deduction", points="0.5", reason="信息报送迟报一次")
    services.dispute_file(actor=unit, sheet=a, reason="办公自动化得分偏低")
    services.assessment_advance(actor=office, assessment=assessment)  # → review
    with pytest.raises(Conflict):
        services.assessment_advance(actor=office, assessment=assessment)  # open dispute
    services.dispute_answer(actor=office, sheet=a, answer="已复核，维持原分")
    services.assessment_advance(actor=office, assessment=assessment)  # → finalised
    services.assessment_advance(actor=office, assessment=assessment)  # → published
    # then
    assessment.refresh_from_db()
    a.refresh_from_db()
    assert assessment.status == RoundStatus.PUBLISHED
    # 3 manual × 9 = 27 points; the automatic ones: nothing to count → full marks except the progress
    # reports, which are not available (no score): 10 + 10 + 15 + 20 = 55.
    assert a.indicator_total == Decimal("82.00") + PROGRESS_POINTS
    assert a.total == Decimal("83.50") + PROGRESS_POINTS
    rows = selectors.ranking(assessment)
    townships = [r for r in rows if r.type == "township"]
    assert [r.unit_code for r in townships] == ["A", "B"]
    assert townships[0].rank == 1 and townships[0].total == Decimal("83.50") + PROGRESS_POINTS
    assert AuditEvent.objects.filter(verb="dispute.file").count() == 1


def test_the_progress_report_indicator_says_it_is_not_available(world, monkeypatch):
    # given: no progress app (on this branch there is none; once merged, pretend it is absent)
    from tongchou.assessment import indicators

    monkeypatch.setattr(indicators, "PROGRESS_APP", "tongchou.progress_not_installed")
    assessment = start_round(YEAR)
    # when
    services.assessment_advance(actor=SETUP, assessment=assessment)
    # then
    score = score_of(sheet_of(assessment, world, "A"), "月度进展按时报送")
    assert score.score is None
    assert score.detail["available"] is False
    assert score.detail["message"] == "Not available: progress reports not installed."


def test_a_score_above_the_maximum_is_refused_and_nothing_is_written(world):
    # given
    assessment = start_round(YEAR)
    services.assessment_advance(actor=SETUP, assessment=assessment)
    score = score_of(sheet_of(assessment, world, "A"), "政府信息公开")
    # when
    with pytest.raises(ValidationFailed) as error:
        services.score_set(actor=world.people["office"], score=score, value="15.5", comment="超出")
    # then
    assert error.value.field == "score"
    assert "15" in error.value.message
    score.refresh_from_db()
    assert score.score is None


def test_a_unit_cannot_score_itself_as_assessor(world):
    # given: the group lead's own unit L1 is in the round
    assessment = start_round(YEAR)
    services.assessment_advance(actor=SETUP, assessment=assessment)
    own = score_of(sheet_of(assessment, world, "L1"), "政府信息公开")
    # when / then
    with pytest.raises(PermissionRefused, match="cannot score itself"):
        services.score_set(actor=world.people["group_lead"], score=own, value="5", comment="自己打分")
    own.refresh_from_db()
    assert own.score is None


def test_a_group_lead_scores_units_of_its_programme_only(world):
    # given: unit A has a project in P1 (led by L1); B only in P2
    assessment = start_round(YEAR)
    services.assessment_advance(actor=SETUP, assessment=assessment)
    lead = world.people["group_lead"]
    # when
    services.score_set(actor=lead, score=score_of(sheet_of(assessment, world, "A"), "政府信息公开"), value="12",
                       comment="公开及时")
    # then
    with pytest.raises(PermissionRefused):
        services.score_set(actor=lead, score=score_of(sheet_of(assessment, world, "B"), "政府信息公开"),
                           value="12", comment="不在本组")


def test_scoring_after_finalisation_is_refused(world):
    # given
    assessment = start_round(YEAR)
    office = world.people["office"]
    services.assessment_advance(actor=office, assessment=assessment)
    for sheet in assessment.sheets.all():
        for name in manual_names():
            services.score_set(actor=office, score=score_of(sheet, name), value="1", comment="c")
    services.assessment_advance(actor=office, assessment=assessment)
    services.assessment_advance(actor=office, assessment=assessment)
    score = score_of(sheet_of(assessment, world, "A"), "政府信息公开")
    # when / then
    with pytest.raises(Conflict, match="finalised"):
        services.score_set(actor=office, score=score, value="2", comment="改分")
    with pytest.raises(Conflict, match="finalised"):
        services.dispute_file(actor=world.people["unit"], sheet=sheet_of(assessment, world, "A"), reason="晚了")
    score.refresh_from_db()
    assert score.score == Decimal("1.00")


def test_a_unit_disputes_only_once(world):
    # given
    assessment = start_round(YEAR)
    services.assessment_advance(actor=SETUP, assessment=assessment)
    a = sheet_of(assessment, world, "A")
    services.dispute_file(actor=world.people["unit"], sheet=a, reason="第一次")
    services.dispute_answer(actor=world.people["office"], sheet=a, answer="已答复")
    # when / then
    with pytest.raises(Conflict, match="once"):
        services.dispute_file(actor=world.people["unit"], sheet=a, reason="第二次")
    with pytest.raises(PermissionRefused):
        services.dispute_file(actor=world.people["other_unit"], sheet=a, reason="别人的")


def test_a_dispute_needs_a_reason(world):
    assessment = start_round(YEAR)
    services.assessment_advance(actor=SETUP, assessment=assessment)
    a = sheet_of(assessment, world, "A")
    with pytest.raises(ValidationFailed) as error:
        services.dispute_file(actor=world.people["unit"], sheet=a, reason="  ")
    assert error.value.field == "reason"
    a.refresh_from_db()
    assert a.dispute_status == ""
