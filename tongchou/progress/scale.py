"""Progress at scale (issue 6): the monthly reports of the generated projects (about 600,000 at
province scale), their health ratings and the delay explanations the reports gave; and the bench
operations of the report-entry form, the office's overview of missing reports and the bulletin as
.docx and PDF.

Each project that is or was being built reports every month from its planned start: a project in
implementation up to the last month, a finished one until its acceptance. The percent complete
follows the time elapsed at the project's own pace and never goes down; the money spent grows with
it within the allocation (a few projects spend beyond it and say why). Older months are accepted;
the last month is a mix of accepted, submitted, returned, draft and missing; some reports came
after the due date; a report filed while a milestone was overdue carries the cause analysis and
recovery measures, and the first such report explained the milestone (``DelayExplanation``), as
``report_submit`` does. Each project has a rating for each month it reported on and for this month,
computed from its baseline milestones and its spending by the functions ``rating_compute`` uses; a
few carry the office's override with a reason.

Where a scale's history would exceed its size (province: 622,000 months), reports start later (the
month the reporting system went live), as they would have. Every project draws from its own
``random.Random``, seeded from one draw of ``gen.rng``: the data are the same for the same seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from tongchou.core.money import quantize
from tongchou.documents.official import render_docx, render_pdf
from tongchou.funds.models import LedgerEntry
from tongchou.org.models import Role, User
from tongchou.projects.models import DelayExplanation, Milestone, Project, ProjectStatus
from tongchou.scale.bench import BenchContext, BenchRequest, Operation

from .bulletins import ISSUER, bulletin_data, bulletin_document, bulletin_title, period_projects
from .models import Bulletin, BulletinKind, HealthLevel, HealthRating, ProgressReport, ReportStatus
from .periods import due_day, month_end, month_start, report_due_date
from .ratings import planned_variance, spending_variance, worse_level
from .reports import EDITABLE
from .selectors import REPORTING_STATES, missing_reports, reporting_month

S = ProjectStatus
R = ReportStatus
BUILT = frozenset({S.ACCEPTANCE_REQUESTED, S.ACCEPTED, S.CLOSED})  # reached 100 %
# (status, weight) of a report by its month's age: the reporting month, the one before, older.
STATUS_BY_AGE = (
    ((R.ACCEPTED, 40), (R.SUBMITTED, 40), (R.RETURNED, 7), (R.DRAFT, 5)),
    ((R.ACCEPTED, 88), (R.SUBMITTED, 8), (R.RETURNED, 2), (R.DRAFT, 1)),
    ((R.ACCEPTED, 98), (R.SUBMITTED, 1.5), (R.RETURNED, 0.5)),
)
MISSING_BY_AGE = (0.10, 0.04, 0.02)  # share of months with no report at all
LATE_SHARE = 0.10  # reports filed after the due date
DRAFT_THIS_MONTH = 0.15  # projects already drafting this month's report
OVERSPEND_SHARE = 0.005
OVERRIDE_SHARE = 0.01
BULLETIN_PROJECTS = 500  # the issue's bulletin size

WORK = ("完成需求调研和业务流程梳理", "完成系统总体设计和数据库设计", "推进核心功能模块开发",
        "完成与相关部门的数据接口联调", "开展系统部署和安全等级保护测评", "组织业务人员培训并开展试运行",
        "整理验收材料，开展初步验收", "推进数据归集和共享交换")
PLANS = ("推进下一阶段开发工作", "组织系统联调测试", "扩大试运行范围", "准备项目验收", "完善安全防护措施",
         "开展用户培训")
PROBLEMS = ("部分部门数据接口标准不统一", "供应商实施人员不足", "机房改造推迟，设备无法按期上架",
            "业务需求调整，需补充开发")
HELP = ("请信息办协调相关部门提供数据接口", "请协调市信息中心提供临时机位", "请财政部门加快拨付进度款")
CAUSES = ("供应商人员变动，开发进度滞后", "相关部门数据接口迟迟未能提供，联调无法按期开展",
          "机房改造推迟，服务器无法按期部署", "业务需求多次调整，返工较多")
MEASURES = ("要求供应商增派开发人员，每周报送进度", "由分管领导牵头每周召开协调会，督促接口提供",
            "协调临时机位先行部署，力争下月追回进度", "冻结需求变更，集中力量完成主体功能")
RETURN_COMMENTS = ("请补充本月完成的具体工作量和问题清单。", "累计支出与拨付台账不一致，请核实后重新报送。",
                   "请补充滞后节点的原因分析和整改措施。")
OVERSPEND_COMMENT = "合同变更增加了建设内容，超出部分由单位自筹资金支付。"
OVERRIDES: dict[str, tuple[str, str]] = {
    HealthLevel.GREEN: (HealthLevel.YELLOW, "各节点虽按期完成，但主要供应商经营困难，存在延期风险，调整为预警。"),
    HealthLevel.YELLOW: (HealthLevel.RED, "关键数据接口长期未落实，经信息办现场核查，调整为严重滞后。"),
    HealthLevel.RED: (HealthLevel.YELLOW, "已制定追赶计划并经分管领导同意，下月起按周报送，暂按预警管理。"),
}


def _index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass
class _Project:
    row: Any  # tongchou.scale.generator.ProjectRow
    rng: random.Random
    first: int  # month indexes of the first and last report
    last: int
    built: int  # the month the building finished (percent 100), for projects past it


@dataclass
class _Plan:
    today: dt.date
    now: dt.datetime
    this_month: int
    reporting: int  # the month units report on now
    milestones: dict[int, list[tuple[int, str, dt.date, dt.date | None]]]
    allocations: dict[int, Decimal]
    unit_people: dict[int, list[int]]
    office: list[int | None]
    explanations: list[DelayExplanation] = field(default_factory=list)
    ratings: list[tuple[int, int, str, Decimal, Decimal]] = field(default_factory=list)  # pid, month, level, sv, cv


def _windows(gen: Any, reporting: int) -> list[_Project]:
    base = gen.rng.getrandbits(48)
    projects = []
    for row in gen.projects:
        rng = random.Random(base * 1_000_003 + row.id)
        end = _index(row.planned_end) + rng.randint(0, 2)  # building may overrun by a month or two
        if row.status in (S.APPROVED, S.IN_IMPLEMENTATION, S.ACCEPTANCE_REQUESTED):
            last = reporting  # still reporting
        elif row.status in (S.ACCEPTED, S.CLOSED):
            last = min(reporting, end + rng.randint(0, 2))  # until the acceptance
        elif row.status == S.SUSPENDED:
            last = min(reporting, (_index(row.planned_start) + _index(row.planned_end)) // 2)
        else:
            continue  # never built
        projects.append(_Project(row, rng, _index(row.planned_start), last, end))
    return projects


def _go_live(projects: list[_Project], size: int) -> int:
    """The first month with reports such that the months from it on hold at most ``size`` reports."""
    active: Counter[int] = Counter()
    for p in projects:
        for m in range(p.first, p.last + 1):
            active[m] += 1
    total, start = 0, max(active, default=0) + 1
    for m in sorted(active, reverse=True):
        if total + active[m] > size:
            break
        total += active[m]
        start = m
    return start


def generate(gen: Any) -> None:
    today = timezone.localdate()
    reporting = _index(reporting_month(today))
    projects = _windows(gen, reporting)
    start = _go_live(projects, gen.by_scale(tiny=200, city=5_000, province=600_000))
    ids = [p.row.id for p in projects]
    milestones: dict[int, list[tuple[int, str, dt.date, dt.date | None]]] = {}
    for pid, mid, name, planned, actual in (Milestone.objects.filter(project_id__in=ids)
                                            .order_by("project_id", "position")
                                            .values_list("project_id", "id", "name", "planned_date", "actual_date")
                                            .iterator(chunk_size=10_000)):
        milestones.setdefault(pid, []).append((mid, name, planned, actual))
    allocations = {pid: quantize(total) for pid, total in LedgerEntry.objects.values("project_id")
                   .annotate(t=Sum("committed_delta")).values_list("project_id", "t")}
    unit_people: dict[int, list[int]] = {}
    for pk, unit_id in User.objects.filter(role=Role.UNIT).order_by("id").values_list("id", "unit_id"):
        unit_people.setdefault(unit_id, []).append(pk)
    plan = _Plan(today=today, now=timezone.now(), this_month=_index(month_start(today)), reporting=reporting,
                 milestones=milestones, allocations=allocations, unit_people=unit_people,
                 office=list(gen.user_ids.get("office", [])) or [None])
    for p in projects:
        p.first = max(p.first, start)
    expected = sum(max(0, p.last - p.first + 1) for p in projects)
    gen.bulk_insert(ProgressReport, (r for p in projects for r in _history(p, plan)), total=expected,
                    label="progress reports", batch_size=5000)
    gen.bulk_insert(HealthRating, (
        HealthRating(project_id=pid, month=_month(m), level=level, computed_level=level, schedule_variance=sv,
                     cost_variance=cv) for pid, m, level, sv, cv in plan.ratings),
        total=len(plan.ratings), label="health ratings", batch_size=5000)
    gen.bulk_insert(HealthRating, _overrides(plan), total=int(len(projects) * OVERRIDE_SHARE),
                    label="rating overrides")
    gen.bulk_insert(DelayExplanation, plan.explanations, total=len(plan.explanations), label="delay explanations")


def _history(p: _Project, plan: _Plan) -> Iterator[ProgressReport]:
    """``p``'s reports month by month; its ratings and delay explanations go to ``plan``."""
    row, rng = p.row, p.rng
    allocation = plan.allocations.get(row.id, Decimal(0))
    pace, spend = rng.uniform(0.7, 1.1), Decimal(f"{rng.uniform(0.55, 1.0):.3f}")
    overspends = allocation > 0 and rng.random() < OVERSPEND_SHARE
    stones = plan.milestones.get(row.id, [])
    baseline = [(mid, planned) for mid, _name, planned, _actual in stones]
    actual = {mid: done for mid, _name, _planned, done in stones}
    span = max((row.planned_end - row.planned_start).days, 1)
    authors = plan.unit_people.get(row.unit_id)
    author = authors[0] if authors else None  # the unit's first person files its reports
    explained: set[int] = set()
    percent, spent = 0, Decimal(0)  # spent: of the latest filed report
    drafting = row.status in REPORTING_STATES and rng.random() < DRAFT_THIS_MONTH
    last = plan.this_month if drafting else p.last
    for m in range(p.first, last + 1):
        month = _month(m)
        end = month_end(month)
        age = plan.reporting - m  # -1: this month
        if age >= 0 and rng.random() < MISSING_BY_AGE[min(age, 2)]:
            _rate(plan, p, m, baseline, actual, spent, allocation)
            continue
        status = R.DRAFT if age < 0 else _weighted(rng, STATUS_BY_AGE[min(age, 2)])
        due = report_due_date(month)
        if row.status in BUILT and m >= p.built:
            percent = 100
        else:
            cap = 15 if row.status == S.APPROVED else 98
            percent = max(percent, min(cap, int(100 * (end - row.planned_start).days / span * pace)))
        amount = quantize(allocation * Decimal(percent) / 100 * spend)
        comment = ""
        if overspends and percent >= 80:
            amount, comment = quantize(allocation * Decimal("1.05")), OVERSPEND_COMMENT
        submitted = None
        if status != R.DRAFT:
            if due < plan.today and rng.random() < LATE_SHARE:
                day = due + dt.timedelta(days=rng.randint(1, 25))
            else:
                day = end + dt.timedelta(days=rng.randint(1, due_day()))
            submitted = min(timezone.make_aware(dt.datetime(day.year, day.month, day.day, rng.randint(8, 18))),
                            plan.now - dt.timedelta(minutes=5))
            spent = amount
        on = timezone.localdate(submitted) if submitted else plan.today
        late = [(mid, name, planned) for mid, name, planned, done in stones
                if planned < on and (done is None or done > on)]
        cause = rng.choice(CAUSES) if late else ""
        measures = rng.choice(MEASURES) if late else ""
        if submitted:
            for mid, _name, planned in late:
                if mid not in explained:
                    explained.add(mid)
                    plan.explanations.append(DelayExplanation(
                        project_id=row.id, milestone_id=mid, planned_date=planned, cause=cause, measures=measures,
                        recorded_by_id=author))
        decided = None
        if status in (R.ACCEPTED, R.RETURNED) and submitted:
            decided = min(submitted + dt.timedelta(days=rng.randint(1, 6)), plan.now)
        yield ProgressReport(
            project_id=row.id, month=month, status=status, percent_complete=percent, spent_to_date=amount,
            spending_comment=comment,
            milestones_reached=[{"milestone": mid, "name": name, "actual_date": done.isoformat()}
                                for mid, name, _planned, done in stones
                                if done is not None and done.year == month.year and done.month == month.month
                                and done <= on],
            work_done=f"{month.month}月：{rng.choice(WORK)}。", next_plan=f"下月：{rng.choice(PLANS)}。",
            problems=rng.choice(PROBLEMS) if late else "", help_needed=rng.choice(HELP) if late else "",
            delay_cause=cause, delay_measures=measures, due_date=due, submitted_at=submitted,
            submitted_late=bool(submitted and on > due),
            office_comment=rng.choice(RETURN_COMMENTS) if status == R.RETURNED else "",
            decided_at=decided, decided_by_id=rng.choice(plan.office) if decided else None,
            created_by_id=author)
        if age >= 0:
            _rate(plan, p, m, baseline, actual, spent, allocation)
    if row.status in REPORTING_STATES and p.last == plan.reporting:
        _rate(plan, p, plan.this_month, baseline, actual, spent, allocation)  # as ``tongchou remind`` does daily


def _rate(plan: _Plan, p: _Project, m: int, baseline: list[tuple[int, dt.date]], actual: dict[int, dt.date | None],
          spent: Decimal, allocation: Decimal) -> None:
    """The month's rating as ``rating_compute`` gives it: schedule variance as of the month's end
    (or today), cost variance of the latest filed report."""
    as_of = min(month_end(_month(m)), plan.today)
    sv = planned_variance(baseline, actual, start=p.row.planned_start, end=p.row.planned_end, as_of=as_of)
    cv = spending_variance(spent, allocation)
    plan.ratings.append((p.row.id, m, worse_level(sv, cv), sv, cv))


def _overrides(plan: _Plan) -> Iterator[HealthRating]:
    """The office overrides a few projects' latest ratings with a written reason (the latest row of
    the month, so it stands)."""
    rng = random.Random(len(plan.ratings))
    for pid, m, level, sv, cv in plan.ratings:
        if m == plan.this_month and rng.random() < OVERRIDE_SHARE:
            override, reason = OVERRIDES[level]
            yield HealthRating(project_id=pid, month=_month(m), level=override, computed_level=level,
                               schedule_variance=sv, cost_variance=cv, is_override=True, reason=reason,
                               rated_by_id=rng.choice(plan.office))


def _weighted(rng: random.Random, choices: tuple[tuple[str, float], ...]) -> str:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


# --- bench ------------------------------------------------------------------------------------------

def _bulletin_subset(month: dt.date, end: dt.date) -> list[int]:
    """At most ``BULLETIN_PROJECTS`` of the month's projects, whole units first, the busiest first:
    the bulletin of a city of that size (500 projects spread one to a unit over a province would
    make a ranking table of 500 units, which no city has)."""
    by_unit: dict[int, list[int]] = {}
    for pk, unit_id in period_projects(month, end).order_by("code").values_list("id", "unit_id"):
        by_unit.setdefault(unit_id, []).append(pk)
    chosen: list[int] = []
    for ids in sorted(by_unit.values(), key=lambda ids: (-len(ids), ids[0])):
        chosen.extend(ids)
        if len(chosen) >= BULLETIN_PROJECTS:
            break
    return chosen[:BULLETIN_PROJECTS]

def bench_operations(ctx: BenchContext) -> list[Operation]:
    today = timezone.localdate()
    this_month, month = month_start(today), reporting_month(today)
    # A unit person whose unit has active projects, with a report still being written if any has one.
    people = User.objects.filter(role=Role.UNIT, is_active=True, unit__projects__status__in=REPORTING_STATES)
    person = (people.filter(unit__projects__progress_reports__status__in=EDITABLE).order_by("id").first()
              or people.order_by("id").first())
    if person is None:
        ctx.notes.append("progress bench skipped: no unit person has an active project")
        return []
    ctx.users["progress_unit"] = person
    active = Project.objects.filter(unit=person.unit, status__in=REPORTING_STATES)
    fresh = list(active.exclude(progress_reports__month=this_month).order_by("id").values_list("id", flat=True)[:50])
    fresh = fresh or list(active.order_by("id").values_list("id", flat=True)[:50])
    editable = list(ProgressReport.objects.filter(project__in=active, status__in=EDITABLE).order_by("id")
                    .values_list("id", flat=True)[:50])
    missing = missing_reports(month).count()
    pages = max(1, min(5, -(-missing // 50)))
    end = month_end(month)
    covered = _bulletin_subset(month, end)
    draft = Bulletin(period=f"{month:%Y-%m}", kind=BulletinKind.MONTHLY, period_start=month, period_end=end,
                     title=bulletin_title(BulletinKind.MONTHLY, month), issuer=ISSUER)

    def bulletin(render: Any) -> Any:
        def build() -> None:
            # Figures, document and file, as a download of a draft does; nothing is saved.
            render(bulletin_document(draft, bulletin_data(month, end, only=covered)))
        return build

    label = f"progress: bulletin {month:%Y-%m}, {len(covered)} active projects"
    forms = [Operation("progress: new report form (unit person)", lambda i: BenchRequest(
        f"/progress/projects/{fresh[i % len(fresh)]}/report/?month={this_month:%Y-%m}"), actor="progress_unit")]
    if editable:
        forms.append(Operation("progress: edit report form (unit person)",
                               lambda i: BenchRequest(f"/progress/reports/{editable[i % len(editable)]}/edit/"),
                               actor="progress_unit"))
    return [
        *forms,
        Operation(f"progress: office overview, missing reports of {month:%Y-%m} ({missing:,})", lambda i: BenchRequest(
            f"/progress/overview/?month={month:%Y-%m}&state=missing&page={i % pages + 1}")),
        Operation(f"{label} → .docx", lambda i: BenchRequest("/"), budget_ms=3_000, runs=5,
                  call=bulletin(render_docx)),
        Operation(f"{label} → PDF", lambda i: BenchRequest("/"), budget_ms=10_000, runs=5,
                  call=bulletin(render_pdf)),
    ]
