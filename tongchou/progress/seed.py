"""The demo city's progress year, on top of the lifecycle and fund seeds (projects, milestones,
allocations and payments are theirs): monthly reports for the six months before today from the
projects in implementation — most on time, some late, one never filed, one returned and filed
again — the late project (城市数字信息综合管理平台) rated red with its cause analysis, the approved
digital city management platform that has not reported at all, the two latest monthly bulletins
published and the last quarter's summary in draft. Services only; a second run creates nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from tongchou.core.money import quantize
from tongchou.demo.seed import DEMO_ACTOR, SeedContext
from tongchou.funds.models import LedgerEntry
from tongchou.projects import delays
from tongchou.projects.models import Project, ProjectStatus

from . import bulletins, ratings, reports
from .models import Bulletin, ProgressReport
from .periods import add_months, month_end, month_start, period_key, report_due_date
from .selectors import REPORTING_STATES, reporting_month

FILING_STATES = (ProjectStatus.IN_IMPLEMENTATION, ProjectStatus.ACCEPTANCE_REQUESTED)
# Reports filed after the due date, by (project code, months before the reporting month); one never filed;
# one returned by the office and filed again.
LATE = {("CSZH-01", 3), ("CSZH-01", 1), ("OA-01", 4), ("DZJC-01", 2)}
MISSING = {("OA-01", 0)}
RETURNED = {("DZJC-01", 2): "请补充试运行阶段的问题清单和整改情况。"}
WORK = {
    "DZJC-01": "推进行政审批电子监察模块建设，新接入部门审批数据",
    "CSZH-01": "推进城区视频监控资源整合和数据交换中心建设",
    "OA-01": "推进公文流转系统在各部门和乡镇的部署和培训",
}
CAUSE = ("数据交换中心机房改造推迟，服务器无法按期上架；部分委办局数据接口标准未统一，"
         "视频资源整合进度受影响。")
MEASURES = ("协调市信息中心临时机位先行部署；每周召开接口协调会，由分管领导督办；"
            "供应商增派实施人员，力争年底前追回进度。")


def seed_demo(ctx: SeedContext) -> None:
    today = ctx.today
    last = reporting_month(today)
    months = [m for m in (add_months(last, -k) for k in range(5, -1, -1)) if m.year == ctx.year]
    filing = list(Project.objects.filter(year=ctx.year, status__in=FILING_STATES).select_related("unit")
                  .order_by("code"))
    for month in months:
        for project in filing:
            _report(ctx, project, month, (last.year * 12 + last.month) - (month.year * 12 + month.month))
    for project in Project.objects.filter(year=ctx.year, status__in=REPORTING_STATES):
        before = project.health_ratings.count()
        ratings.rating_refresh(project=project, month=month_start(today))
        if project.health_ratings.count() != before:
            ctx.note(f"rating {project.code}")
    closed = [m for m in months if report_due_date(m) < today]
    for month in closed[-2:]:
        _bulletin(ctx, month, publish=True)
    quarter = add_months(month_start(today), -3 - (today.month - 1) % 3)
    if quarter.year == ctx.year and report_due_date(add_months(quarter, 2)) < today:
        _bulletin(ctx, quarter, publish=False, kind="quarterly")


def _spent(project: Project, month: dt.date) -> Decimal:
    paid = LedgerEntry.objects.filter(project=project, date__lte=month_end(month)).aggregate(t=Sum("disbursed_delta"))
    return quantize(paid["t"])


def _percent(project: Project, month: dt.date, lagging: bool) -> int:
    start = project.planned_start or dt.date(month.year, 1, 1)
    end = project.planned_end or dt.date(month.year, 12, 31)
    share = (add_months(month, 1) - start).days / max((end - start).days, 1)
    return max(5, min(95, int(share * 100 * (0.6 if lagging else 1.0))))


def _report(ctx: SeedContext, project: Project, month: dt.date, back: int) -> None:
    key = (project.code, back)
    if key in MISSING or ProgressReport.objects.filter(project=project, month=month).exists():
        return
    if project.planned_start and month < project.planned_start.replace(day=1):
        return
    due = report_due_date(month)
    at = timezone.make_aware(dt.datetime(due.year, due.month, 9 if key in LATE else 3, 10, 0))
    at = min(at, timezone.now())
    late_then = delays.late_milestones(project, timezone.localdate(at)).exists()
    reached = [{"milestone": m.pk, "actual_date": str(m.actual_date)}
               for m in project.milestones.filter(actual_date__year=month.year, actual_date__month=month.month)]
    previous = ProgressReport.objects.filter(project=project, month__lt=month).order_by("-month").first()
    percent = max(_percent(project, month, late_then), previous.percent_complete if previous else 0)
    report = reports.report_create(actor=DEMO_ACTOR, project=project, month=month, data={
        "percent_complete": percent, "spent_to_date": _spent(project, month),
        "work_done": f"{month.month}月：{WORK.get(project.code, '按计划推进项目建设')}。",
        "problems": "机房改造推迟，接口标准未统一。" if late_then else "",
        "help_needed": "请市信息中心协调临时机位和接口标准。" if late_then else "",
        "next_plan": f"{add_months(month, 1).month}月：按计划推进下一阶段工作。",
        "delay_cause": CAUSE if late_then else "", "delay_measures": MEASURES if late_then else "",
        "milestones_reached": reached,
    })
    report = reports.report_submit(actor=DEMO_ACTOR, report=report, submitted_at=at)
    comment = RETURNED.get(key)
    if comment:
        report = reports.report_return(actor=DEMO_ACTOR, report=report, comment=comment)
        report = reports.report_update(actor=DEMO_ACTOR, report=report, data={
            "problems": "试运行发现3个部门数据推送延迟，已整改2个。"})
        report = reports.report_submit(actor=DEMO_ACTOR, report=report,
                                       submitted_at=min(at + dt.timedelta(days=2), timezone.now()))
    reports.report_accept(actor=DEMO_ACTOR, report=report, comment="")
    ctx.note(f"report {project.code} {month:%Y-%m}")


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

