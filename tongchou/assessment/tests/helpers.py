"""Building blocks for assessment tests: a complete scheme for each kind of unit, a round."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.apps import apps

from tongchou.assessment import services, targets
from tongchou.assessment.models import Assessment, Scheme, Score, UnitAssessment
from tongchou.testing.world import SETUP, World

# (category, indicator, max, kind, computation): adds up to 100 and covers the six categories.
INDICATORS: list[tuple[str, str, str, str, str]] = [
    ("信息化资源整合", "共享基础设施使用", "10", "automatic", "shared_infrastructure"),
    ("信息化资源整合", "重复建设问题整改", "10", "automatic", "duplicates_resolved"),
    ("网站建设和网上信息公开", "政府信息公开", "15", "manual", ""),
    ("办公自动化系统应用", "办公自动化使用率", "15", "manual", ""),
    ("信息化培训和宣传", "培训和宣传", "10", "manual", ""),
    ("项目进度与质量", "里程碑按基线完成", "15", "automatic", "milestones_on_baseline"),
    ("项目进度与质量", "月度进展按时报送", "5", "automatic", "progress_reports_on_time"),
    ("目标任务完成", "目标任务完成情况", "20", "automatic", "targets_done"),
]


# With the progress app installed the on-time report indicator is computed (nothing owed by the
# test world's draft projects: full marks); without it the indicator gives no score.
PROGRESS_POINTS = Decimal(5) if apps.is_installed("tongchou.progress") else Decimal(0)


def build_scheme(year: int, applies_to: str, indicators: list[tuple[str, str, str, str, str]] | None = None) -> Scheme:
    scheme = services.scheme_create(actor=SETUP, year=year, applies_to=applies_to)
    categories = {c.name: c for c in scheme.categories.all()}
    for category, name, maximum, kind, computation in (INDICATORS if indicators is None else indicators):
        services.indicator_create(actor=SETUP, scheme=scheme, data={
            "category": categories[category].pk, "name": name, "max_score": maximum, "kind": kind,
            "computation": computation, "rule": f"{name}的评分规则"})
    return scheme


def start_round(year: int) -> Assessment:
    for applies_to in ("department", "township"):
        if not Scheme.objects.filter(year=year, applies_to=applies_to).exists():
            build_scheme(year, applies_to)
    return services.assessment_start(actor=SETUP, year=year)


def sheet_of(assessment: Assessment, w: World, unit: str) -> UnitAssessment:
    return UnitAssessment.objects.get(assessment=assessment, unit=w.units[unit])


def score_of(sheet: UnitAssessment, indicator_name: str) -> Score:
    return Score.objects.get(sheet=sheet, indicator__name=indicator_name)


def setup_round(w: World, status: str = "scoring") -> None:
    """The permission matrix's world: a round of this year at ``status`` and a target with shares."""
    if "round" in w.extra:
        return
    year = dt.date.today().year
    assessment = start_round(year)
    if status != "self_assessment":
        services.assessment_advance(actor=SETUP, assessment=assessment)
    w.extra["round"] = Assessment.objects.get(pk=assessment.pk)
    target = targets.target_create(actor=SETUP, data={
        "year": year, "code": "T1", "title": "示范村", "measure": "count", "target_value": "4",
        "deadline": dt.date(year, 12, 31)})
    w.extra["target"] = target
    w.extra["share_A"] = targets.target_share_set(actor=SETUP, target=target, unit=w.units["A"], share="2")
    w.extra["share_B"] = targets.target_share_set(actor=SETUP, target=target, unit=w.units["B"], share="2")
    w.extra["site"] = targets.site_create(actor=SETUP, data={
        "year": year, "name": "甲村", "kind": "village", "unit": w.units["A"].pk, "status": "candidate"})


def manual_names() -> list[str]:
    return [i[1] for i in INDICATORS if i[3] == "manual"]


def anything(value: Any) -> Any:
    return value
