"""The demo city's targets and assessment (shared/design/seed-city.md): the year's targets — 2–3
demonstration townships, 15 demonstration villages, office automation in every department, the
data exchange centre running — broken down to units with progress and evidence; the register of
demonstration sites; the assessment scheme with its six categories; last year's assessment finished
and published; this year's in progress (assessor scoring, one open dispute).
Idempotent: what exists is left as it is. Everything goes through the services."""

from __future__ import annotations

import datetime as dt
import zlib
from decimal import Decimal
from typing import Any

from tongchou.demo.seed import DEMO_ACTOR
from tongchou.org.models import Unit, UnitKind

from . import services, targets
from .models import (
    Adjustment,
    Assessment,
    DemonstrationSite,
    DisputeStatus,
    IndicatorKind,
    RoundStatus,
    Scheme,
    Score,
    Target,
    TargetShare,
    UnitAssessment,
)

# (category, indicator, maximum, computation or "" for manual, scoring rule)
DEPARTMENT_SCHEME: list[tuple[str, str, str, str, str]] = [
    ("信息化资源整合", "使用中心机房共享资源", "8", "shared_infrastructure",
     "项目基础设施需求由中心机房共享资源承载的比例 × 8 分；无基础设施需求的得满分。"),
    ("信息化资源整合", "重复建设问题整改", "7", "duplicates_resolved",
     "重复建设审查发现的问题中已由信息办作出处理决定的比例 × 7 分。"),
    ("网站建设和网上信息公开", "部门网站建设和维护", "6", "",
     "栏目齐全、更新及时得 6 分；栏目缺失或三个月未更新的，每项扣 1 分。"),
    ("网站建设和网上信息公开", "政府信息网上公开", "9", "",
     "按《政府信息公开条例》主动公开，公开目录完整、依申请公开按时答复得满分。"),
    ("办公自动化系统应用", "办公自动化系统使用率", "15", "",
     "公文网上流转率达到 90% 以上得满分，每低 10 个百分点扣 3 分。"),
    ("信息化培训和宣传", "信息化培训", "5", "", "全年组织本单位信息化培训不少于 2 次、参训率 80% 以上得满分。"),
    ("信息化培训和宣传", "信息化宣传和信息报送", "5", "", "按时报送信息化工作信息，被市级以上录用的酌情加分。"),
    ("项目进度与质量", "里程碑按基线完成", "15", "milestones_on_baseline",
     "按批准基线到期的里程碑中按期完成的比例 × 15 分。"),
    ("项目进度与质量", "月度进展按时报送", "5", "progress_reports_on_time", "按时报送月度进展报告的比例 × 5 分。"),
    ("项目进度与质量", "项目建设质量", "5", "", "验收一次通过、无重大质量问题得满分。"),
    ("目标任务完成", "年度目标任务完成", "20", "targets_done", "承担的目标任务分解份额中已完成的比例 × 20 分。"),
]
TOWNSHIP_SCHEME: list[tuple[str, str, str, str, str]] = [
    ("信息化资源整合", "使用中心机房共享资源", "5", "shared_infrastructure",
     "项目基础设施需求由中心机房共享资源承载的比例 × 5 分；无基础设施需求的得满分。"),
    ("信息化资源整合", "重复建设问题整改", "5", "duplicates_resolved",
     "重复建设审查发现的问题中已由信息办作出处理决定的比例 × 5 分。"),
    ("网站建设和网上信息公开", "乡镇（街道）网站和村务公开", "10", "",
     "乡镇网站栏目齐全、村务财务网上公开及时得满分。"),
    ("办公自动化系统应用", "办公自动化系统延伸使用", "15", "", "公文网上流转、村（社区）接入情况。"),
    ("信息化培训和宣传", "农村信息员培训和宣传", "10", "", "村级信息员全部参训、开展信息化宣传活动得满分。"),
    ("项目进度与质量", "里程碑按基线完成", "10", "milestones_on_baseline",
     "按批准基线到期的里程碑中按期完成的比例 × 10 分。"),
    ("项目进度与质量", "月度进展按时报送", "5", "progress_reports_on_time", "按时报送月度进展报告的比例 × 5 分。"),
    ("目标任务完成", "示范乡镇、示范村和年度目标任务", "40", "targets_done",
     "承担的目标任务（含示范乡镇、示范村创建）分解份额中已完成的比例 × 40 分。"),
]

VILLAGES: list[tuple[str, str, str]] = [  # (name, township code, status)
    ("灵桥镇灵桥村", "LQZ", "designated"), ("灵桥镇蒋家村", "LQZ", "designated"), ("灵桥镇外沙村", "LQZ", "designated"),
    ("新登镇湘溪村", "XDZ", "designated"), ("新登镇双江村", "XDZ", "candidate"),
    ("场口镇东梓关村", "CKZ", "designated"), ("场口镇真佳溪村", "CKZ", "candidate"),
    ("常安镇大田村", "CAZ", "designated"), ("常安镇沿江村", "CAZ", "candidate"),
    ("万市镇杨家村", "WSZ", "designated"), ("万市镇万市村", "WSZ", "candidate"),
    ("洞桥镇文村", "DQZ", "designated"), ("洞桥镇贤德村", "DQZ", "candidate"),
    ("胥口镇上练村", "XKZ", "designated"), ("胥口镇下练村", "XKZ", "candidate"),
]
VILLAGE_CRITERIA = "宽带进村入户率 90% 以上；村务公开上网；建有村级信息服务站和专职信息员；农民信箱注册率 60% 以上。"
TOWNSHIP_CRITERIA = "镇（街道）办公自动化全覆盖；所辖村全部接入；建有为民服务全程代理网上平台；示范村不少于 3 个。"

# Departments still without office automation in use (their share is overdue).
OA_NOT_YET = {"WGXJ", "DAJ", "TJJ", "HBJ"}
# Units of the demo whose people self-assess this year; the first one disputes its scores.
SELF_ASSESSING = ("lqz", "dzjd", "jcj", "sjj", "cgj", "xxzx", "zfb")
DISPUTING = "lqz"


def _points(maximum: Decimal, *parts: str) -> Decimal:
    """A stable, plausible score between 60 % and 100 % of the maximum, in half points."""
    ratio = Decimal(60 + zlib.crc32("/".join(parts).encode()) % 41) / 100
    return min(maximum, ((maximum * ratio) * 2).quantize(Decimal("1")) / 2)


def _scheme(ctx: Any, year: int, applies_to: str, spec: list[tuple[str, str, str, str, str]]) -> Scheme:
    scheme = Scheme.objects.filter(year=year, applies_to=applies_to).first()
    if scheme is not None:
        return scheme
    previous = Scheme.objects.filter(year__lt=year, applies_to=applies_to).exists()
    if previous:
        scheme = services.scheme_copy(actor=DEMO_ACTOR, year=year, applies_to=applies_to)
        ctx.note(f"scheme {year} {applies_to} (copied)")
        return scheme
    scheme = services.scheme_create(actor=DEMO_ACTOR, year=year, applies_to=applies_to)
    categories = {c.name: c for c in scheme.categories.all()}
    for category, name, maximum, computation, rule in spec:
        services.indicator_create(actor=DEMO_ACTOR, scheme=scheme, data={
            "category": categories[category].pk, "name": name, "max_score": maximum, "rule": rule,
            "kind": IndicatorKind.AUTOMATIC if computation else IndicatorKind.MANUAL, "computation": computation})
    ctx.note(f"scheme {year} {applies_to}")
    return scheme


def _target(ctx: Any, year: int, data: dict[str, Any]) -> Target:
    target = Target.objects.filter(year=year, code=data["code"]).first()
    if target is None:
        target = targets.target_create(actor=DEMO_ACTOR, data={"year": year, **data})
        ctx.note(f"target {data['code']}")
    return target


def _share(ctx: Any, target: Target, unit: Unit, share: str) -> TargetShare:
    row = TargetShare.objects.filter(target=target, unit=unit).first()
    if row is None:
        row = targets.target_share_set(actor=DEMO_ACTOR, target=target, unit=unit, share=share)
        ctx.note(f"share {target.code} {unit.code}")
    return row


def _site(ctx: Any, year: int, name: str, kind: str, unit: Unit, status: str, progress: int, criteria: str) -> None:
    if not DemonstrationSite.objects.filter(year=year, kind=kind, name=name).exists():
        targets.site_create(actor=DEMO_ACTOR, data={"year": year, "name": name, "kind": kind, "unit": unit.pk,
                                                    "status": status, "progress": progress, "criteria": criteria})
        ctx.note(f"site {name}")


def seed_targets(ctx: Any) -> None:
    year = ctx.year
    units = ctx.units
    townships = _target(ctx, year, {
        "code": "MB-01", "title": "创建农村信息化示范乡镇（2–3个）", "measure": "count", "target_value": "3",
        "deadline": dt.date(year, 11, 30), "counts_sites": "township",
        "description": "全年创建农村信息化示范乡镇 2–3 个，以认定的示范乡镇计。"})
    villages = _target(ctx, year, {
        "code": "MB-02", "title": "创建农村信息化示范村（15个）", "measure": "count", "target_value": "15",
        "deadline": dt.date(year, 12, 31), "counts_sites": "village",
        "description": "全年创建农村信息化示范村 15 个，以认定的示范村计。"})
    departments = [u for u in Unit.objects.filter(kind=UnitKind.DEPARTMENT, is_active=True).exclude(
        code="XXW").order_by("code")]
    automation = _target(ctx, year, {
        "code": "OA-01", "title": "党政办公自动化系统在各部门推广使用", "measure": "count",
        "target_value": str(len(departments)), "deadline": dt.date(year, 6, 30),
        "description": "先在市政府办公室内部使用，再推广到每个部门，公文网上流转。"})
    exchange = _target(ctx, year, {
        "code": "SJJH-01", "title": "数据交换中心建成运行", "measure": "done", "target_value": "1",
        "deadline": dt.date(year, 9, 30), "description": "市信息中心数据交换中心建成，首批部门接入并稳定运行。"})

    for code in ("LQZ", "DZJD", "XDZ"):
        _share(ctx, townships, units[code], "1")
    for code, share in (("LQZ", "3"), ("XDZ", "2"), ("CKZ", "2"), ("CAZ", "2"), ("WSZ", "2"), ("DQZ", "2"),
                        ("XKZ", "2")):
        _share(ctx, villages, units[code], share)
    _site(ctx, year, "灵桥镇", "township", units["LQZ"], "designated", 100, TOWNSHIP_CRITERIA)
    _site(ctx, year, "东洲街道", "township", units["DZJD"], "designated", 90, TOWNSHIP_CRITERIA)
    _site(ctx, year, "新登镇", "township", units["XDZ"], "candidate", 55, TOWNSHIP_CRITERIA)
    for name, code, status in VILLAGES:
        progress = 100 if status == "designated" else 40 + zlib.crc32(name.encode()) % 40
        _site(ctx, year, name, "village", units[code], status, progress, VILLAGE_CRITERIA)

    for unit in departments:
        oa_share = _share(ctx, automation, unit, "1")
        if unit.code not in OA_NOT_YET and not oa_share.updates.exists():
            targets.progress_update_create(actor=DEMO_ACTOR, share=oa_share, value="1",
                                           note=f"{unit.name}已开通办公自动化系统，公文网上流转。",
                                           link=f"https://oa.example.gov.cn/units/{unit.code.lower()}")
            ctx.note(f"progress OA-01 {unit.code}")
    exchange_share = _share(ctx, exchange, units["XXZX"], "1")
    if not exchange_share.updates.exists():
        targets.progress_update_create(actor=ctx.people.get("xxzx") or DEMO_ACTOR, share=exchange_share, value="1",
                                       note="数据交换中心上线运行，公安、民政、人社、卫生等首批部门接入。",
                                       link="https://data.example.gov.cn/exchange/status")
        ctx.note("progress SJJH-01")


def _score_manual(ctx: Any, assessment: Assessment, *, only_units: set[str] | None = None) -> None:
    rows = (Score.objects.filter(sheet__assessment=assessment, indicator__kind=IndicatorKind.MANUAL,
                                 score__isnull=True).select_related("indicator", "sheet__unit", "sheet__assessment"))
    for score in rows:
        if only_units is not None and score.sheet.unit.code not in only_units:
            continue
        value = _points(score.indicator.max_score, str(assessment.year), score.sheet.unit.code, score.indicator.name)
        services.score_set(actor=DEMO_ACTOR, score=score, value=value, comment="按评分细则核定。")


def seed_last_year(ctx: Any) -> None:
    year = ctx.year - 1
    _scheme(ctx, year, "department", DEPARTMENT_SCHEME)
    _scheme(ctx, year, "township", TOWNSHIP_SCHEME)
    assessment = Assessment.objects.filter(year=year).first()
    if assessment is None:
        assessment = services.assessment_start(actor=DEMO_ACTOR, year=year)
        ctx.note(f"assessment {year}")
    if assessment.status == RoundStatus.SELF_ASSESSMENT:
        assessment = services.assessment_advance(actor=DEMO_ACTOR, assessment=assessment,
                                                 today=dt.date(year, 12, 20))
    if assessment.status == RoundStatus.SCORING:
        _score_manual(ctx, assessment)
        lqz = UnitAssessment.objects.get(assessment=assessment, unit=ctx.units["LQZ"])
        if not Adjustment.objects.filter(sheet=lqz).exists():
            services.adjustment_add(actor=DEMO_ACTOR, sheet=lqz, kind="bonus", points="2",
                                    reason="农村信息化工作获省级表彰。")
        cgj = UnitAssessment.objects.get(assessment=assessment, unit=ctx.units["CGJ"])
        if not Adjustment.objects.filter(sheet=cgj).exists():
            services.adjustment_add(actor=DEMO_ACTOR, sheet=cgj, kind="deduction", points="1",
                                    reason="未经批准调整项目进度计划一次。")
        for _step in ("review", "finalised", "published"):
            assessment = services.assessment_advance(actor=DEMO_ACTOR, assessment=assessment,
                                                     today=dt.date(year, 12, 20))
        ctx.note(f"assessment {year} published")


def seed_this_year(ctx: Any) -> None:
    year = ctx.year
    _scheme(ctx, year, "department", DEPARTMENT_SCHEME)
    _scheme(ctx, year, "township", TOWNSHIP_SCHEME)
    assessment = Assessment.objects.filter(year=year).first()
    if assessment is None:
        assessment = services.assessment_start(actor=DEMO_ACTOR, year=year)
        ctx.note(f"assessment {year}")
    if assessment.status == RoundStatus.SELF_ASSESSMENT:
        for username in SELF_ASSESSING:
            person = ctx.people[username]
            sheet = UnitAssessment.objects.get(assessment=assessment, unit_id=person.unit_id)
            for score in sheet.scores.filter(indicator__kind=IndicatorKind.MANUAL).select_related("indicator"):
                services.self_assess(actor=person, score=score,
                                     value=_points(score.indicator.max_score, "self", username, score.indicator.name),
                                     note="已按要求落实，详见附件说明和链接。",
                                     link=f"https://{person.unit.code.lower()}.example.gov.cn/xxh/{year}")
            services.self_assessment_submit(actor=person, sheet=sheet)
        assessment = services.assessment_advance(actor=DEMO_ACTOR, assessment=assessment, today=ctx.today)
        # The office has scored the units that self-assessed; the others wait.
        _score_manual(ctx, assessment, only_units={ctx.people[u].unit.code for u in SELF_ASSESSING})
        sheet = UnitAssessment.objects.get(assessment=assessment, unit_id=ctx.people[DISPUTING].unit_id)
        if sheet.dispute_status == DisputeStatus.NONE:
            services.dispute_file(actor=ctx.people[DISPUTING], sheet=sheet,
                                  reason="示范村创建进度以县农办认定文件为准，10 月已认定 3 个村，请复核目标任务得分。")
        ctx.note(f"assessment {year} in scoring")


def seed_demo(ctx: Any) -> None:
    seed_targets(ctx)
    seed_last_year(ctx)
    seed_this_year(ctx)
