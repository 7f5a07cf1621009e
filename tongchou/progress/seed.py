"""The demo city's progress year: five projects in implementation reporting from May to October
(most on time, some late, one month missing), the digital city management platform seriously
behind with its cause analysis, September's and October's bulletins published and the third
quarter's summary in draft. Everything goes through the services; a second run creates nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tongchou.core.errors import DomainError
from tongchou.demo.seed import DEMO_ACTOR, SeedContext
from tongchou.funds import services as fund_services
from tongchou.funds.models import Fund, LedgerEntry
from tongchou.org.models import Role, User
from tongchou.projects import baselines
from tongchou.projects.lifecycle import project_transition
from tongchou.projects.models import Project, ProjectStatus

from . import bulletins, ratings, reports
from .models import Bulletin, ProgressReport
from .periods import add_months, month_start, period_key

# (project code, milestones as (name, planned month, planned day, reached (month, day) or None), allocation)
PLAN: dict[str, dict[str, Any]] = {
    "DZJC-01": {"milestones": [("需求调研与方案设计", 4, 30, (4, 28)), ("系统开发与联调", 7, 31, (7, 30)),
                               ("试运行", 10, 15, (10, 12)), ("项目验收", 11, 30, None)],
                "allocation": "2600000", "paid": "1300000"},
    "CSZH-01": {"milestones": [("需求调研", 3, 31, (3, 30)), ("视频资源整合", 6, 30, (6, 26)),
                               ("平台开发", 9, 30, (9, 29)), ("上线验收", 12, 20, None)],
                "allocation": "3000000", "paid": "1200000"},
    "SZCG-01": {"milestones": [("需求调研", 4, 30, (5, 20)), ("系统开发", 7, 31, None),
                               ("试运行", 10, 31, None), ("项目验收", 12, 25, None)],
                "allocation": "1500000", "paid": "300000"},
    "OA-01": {"milestones": [("市府办试点", 3, 31, (3, 29)), ("部门推广", 6, 30, (6, 30)),
                             ("乡镇推广", 9, 30, (9, 27)), ("项目验收", 12, 10, None)],
              "allocation": "1000000", "paid": "700000"},
    "NCSF-01": {"milestones": [("示范方案", 4, 15, (4, 14)), ("村级站点建设", 8, 31, (9, 18)),
                               ("应用培训", 11, 30, None)],
                "allocation": "600000", "paid": "200000"},
}
RED = "SZCG-01"
REPORT_MONTHS = range(5, 11)  # May … October
# Reports filed after the due date (project, month) and reports never filed.
LATE = {("CSZH-01", 7), ("NCSF-01", 6), ("NCSF-01", 9), ("SZCG-01", 9), ("SZCG-01", 10)}
MISSING = {("OA-01", 10)}
RETURNED = {("NCSF-01", 8): "请补充村级站点建设的具体进度和资金使用情况。"}
WORK = {
    "DZJC-01": "完成行政审批电子监察模块开发，接入12个部门的审批数据",
    "CSZH-01": "完成城区视频监控资源整合，统一接入城市数字信息综合管理平台",
    "SZCG-01": "开展系统开发，完成部件事件管理子系统",
    "OA-01": "推进公文流转系统在各部门和乡镇的部署和培训",
    "NCSF-01": "推进灵桥镇村级信息服务站点建设",
}
RED_CAUSE = ("一是城管部件普查数据量大、质量不高，数据整理比计划多用两个月；二是原定开发人员调离，"
             "供应商人员配备不足；三是与城市数字信息综合管理平台的视频接口标准未及时明确。")
RED_MEASURES = ("一是由市信息中心牵头统一视频接口标准；二是督促供应商增派6名开发人员、实行周报制度；"
                "三是数据普查与系统开发并行推进，力争12月底前完成试运行。")


def seed_demo(ctx: SeedContext) -> None:
    year, today = ctx.year, ctx.today
    if today < dt.date(year, 11, 6):
        return  # the demo's progress year needs October's reports to be due; earlier in a year it shows none
    projects = {code: ctx.projects[code] for code in PLAN if code in ctx.projects}
    for code, project in projects.items():
        projects[code] = _into_implementation(ctx, project, PLAN[code])
    _fund(ctx, projects)
    for code, project in projects.items():
        _record_actuals(project, PLAN[code], year)
    for month_number in REPORT_MONTHS:
        month = dt.date(year, month_number, 1)
        for code, project in projects.items():
            _report(ctx, project, code, month)
    for project in projects.values():
        ratings.rating_refresh(project=project, month=month_start(today))
    for month_number in (9, 10):
        _bulletin(ctx, dt.date(year, month_number, 1), publish=True)
    _bulletin(ctx, dt.date(year, 7, 1), publish=False, kind="quarterly")


def _unit_person(ctx: SeedContext, project: Project) -> Any:
    person = (User.objects.filter(unit_id=project.unit_id, role__in=(Role.UNIT, Role.GROUP_LEAD), is_active=True)
              .order_by("id").first())
    return person or DEMO_ACTOR


def _into_implementation(ctx: SeedContext, project: Project, plan: dict[str, Any]) -> Project:
    if project.status == ProjectStatus.DRAFT and not project.milestones.exists():
        for name, month, day, _reached in plan["milestones"]:
            baselines.milestone_create(actor=DEMO_ACTOR, project=project, data={
                "name": name, "planned_date": dt.date(ctx.year, month, day), "deliverable": f"{name}报告"})
    steps: dict[str, tuple[str, dict[str, str]]] = {
        ProjectStatus.DRAFT: ("submit", {}),
        ProjectStatus.SUBMITTED: ("start_review", {}),
        ProjectStatus.UNDER_REVIEW: ("pass_review", {"score": "88", "comment": "同意实施",
                                                     "reviewers": "信息委专家组"}),
        ProjectStatus.REVIEWED: ("submit_to_government", {}),
        ProjectStatus.SUBMITTED_TO_GOVERNMENT: ("record_government_approval", {}),
        ProjectStatus.APPROVED: ("start_implementation", {}),
    }
    moved = False
    while project.status in steps:
        action, extra = steps[project.status]
        actor = _unit_person(ctx, project) if action == "submit" else DEMO_ACTOR
        project = project_transition(actor=actor, project=project, action=action, **extra)
        moved = True
    if moved:
        ctx.note(f"project {project.code} in implementation")
    return project


def _fund(ctx: SeedContext, projects: dict[str, Project]) -> None:
    if not Fund.objects.filter(year=ctx.year).exists():
        fund_services.fund_create(actor=DEMO_ACTOR, year=ctx.year, cap="10000000.00", note="年度信息化专项经费")
        ctx.note("special fund")
    for code, project in projects.items():
        if LedgerEntry.objects.filter(project=project).exists():
            continue
        plan = PLAN[code]
        try:
            fund_services.allocation_create(actor=DEMO_ACTOR, project=project, amount=plan["allocation"],
                                            date=dt.date(ctx.year, 4, 20), note="年度计划安排")
            fund_services.disbursement_create(actor=DEMO_ACTOR, project=project, amount=plan["paid"],
                                              payee=f"{project.name}承建单位", voucher_number=f"ZF-{code}",
                                              date=dt.date(ctx.year, 7, 15), note="按合同进度拨付")
        except DomainError:  # another app's seed may have used the fund differently: the demo goes on
            continue
        ctx.note(f"allocation {code}")


def _record_actuals(project: Project, plan: dict[str, Any], year: int) -> None:
    """Milestones reached, recorded as they happened (through the projects app's service)."""
    for name, _month, _day, reached in plan["milestones"]:
        if reached is None:
            continue
        milestone = project.milestones.filter(name=name).first()
        actual = dt.date(year, *reached)
        if milestone and milestone.actual_date is None and actual <= timezone.localdate():
            baselines.milestone_update(actor=DEMO_ACTOR, milestone=milestone, data={"actual_date": actual})


def _percent(project: Project, month: dt.date, code: str) -> int:
    start = project.planned_start or dt.date(month.year, 1, 1)
    end = project.planned_end or dt.date(month.year, 12, 31)
    done = (add_months(month, 1) - start).days / max((end - start).days, 1)
    factor = 0.55 if code == RED else 1.0
    return max(5, min(95, int(done * 100 * factor)))


def _report(ctx: SeedContext, project: Project, code: str, month: dt.date) -> None:
    if (code, month.month) in MISSING or ProgressReport.objects.filter(project=project, month=month).exists():
        return
    if project.planned_start and month < project.planned_start.replace(day=1):
        return
    reached = [{"milestone": m.pk, "actual_date": str(m.actual_date)}
               for m in project.milestones.filter(actual_date__year=month.year, actual_date__month=month.month)]
    late_now = code == RED and month.month >= 7
    plan = PLAN[code]
    spent = min(float(plan["paid"]), float(plan["allocation"]) * _percent(project, month, code) / 100)
    report = reports.report_create(actor=DEMO_ACTOR, project=project, month=month, data={
        "percent_complete": _percent(project, month, code), "spent_to_date": f"{spent:.2f}",
        "work_done": f"{month.month}月：{WORK[code]}。",
        "problems": "部件普查数据质量不高，开发人员不足。" if late_now else "",
        "help_needed": "请市信息中心协调视频接口标准。" if late_now else "",
        "next_plan": f"{add_months(month, 1).month}月：按计划推进下一阶段工作。",
        "delay_cause": RED_CAUSE if late_now else "", "delay_measures": RED_MEASURES if late_now else "",
        "milestones_reached": reached,
    })
    due = add_months(month, 1)
    day = 9 if (code, month.month) in LATE else 3
    at = timezone.make_aware(dt.datetime(due.year, due.month, day, 10, 0))
    report = reports.report_submit(actor=DEMO_ACTOR, report=report, submitted_at=at)
    comment = RETURNED.get((code, month.month))
    if comment:
        report = reports.report_return(actor=DEMO_ACTOR, report=report, comment=comment)
        report = reports.report_update(actor=DEMO_ACTOR, report=report, data={
            "work_done": f"{month.month}月：{WORK[code]}。已建成村级站点8个，支付首期款20万元。"})
        report = reports.report_submit(actor=DEMO_ACTOR, report=report, submitted_at=at + dt.timedelta(days=2))
    reports.report_accept(actor=DEMO_ACTOR, report=report, comment="")
    ctx.note(f"report {code} {month:%Y-%m}")


def _bulletin(ctx: SeedContext, start: dt.date, *, publish: bool, kind: str = "monthly") -> None:
    period = period_key(kind, start)
    if Bulletin.objects.filter(period=period).exists():
        return
    bulletin = bulletins.bulletin_create(actor=DEMO_ACTOR, period=period)
    bulletin = bulletins.bulletin_update(actor=DEMO_ACTOR, bulletin=bulletin, data={
        "number": f"信息办通报〔{start.year}〕{start.month}号" if kind == "monthly" else "",
        "conclusion": ("请各责任单位对照通报，认真分析进度滞后原因，落实整改措施；"
                       "未按时报送月度进展报告的单位要明确专人负责，确保每月5日前报送。")})
    if publish:
        bulletins.bulletin_publish(actor=DEMO_ACTOR, bulletin=bulletin)
    ctx.note(f"bulletin {period}")
