"""``tongchou gen-data``: each year's targets broken down to units with progress updates, the
demonstration-site register, a scheme per year for departments and for townships/subdistricts (the
seed's indicators in the six categories), and a round per year over every assessed unit (about
4,900 at province scale) — past years published, this year in assessor scoring — so that every
unit's rank can be computed. ``tongchou bench``: the ranking of all units (page and API, budget
2 s) and the targets list.

Rows are what the services would write: site-counted shares hold their unit's designated sites
(the rule of ``targets._recount``), each score is at most its indicator's maximum, a sheet's total
is its points + bonus − deduction. The automatic indicators are computed by the registry
(``indicators.compute``) from the generated data, except the duplicate-construction one, which
would run the overlap check on every project of the year (10,000 at province scale): it is drawn,
and its detail says so.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tongchou.org.models import Unit, UnitKind
from tongchou.scale.bench import BenchContext, BenchRequest, Operation

from . import indicators
from .models import (
    Adjustment,
    AdjustmentKind,
    Assessment,
    Category,
    DemonstrationSite,
    DisputeStatus,
    Indicator,
    IndicatorKind,
    Measure,
    ProgressUpdate,
    RoundStatus,
    Scheme,
    SchemeFor,
    Score,
    SiteCounting,
    SiteKind,
    SiteStatus,
    Target,
    TargetShare,
    UnitAssessment,
)
from .seed import DEPARTMENT_SCHEME, TOWNSHIP_CRITERIA, TOWNSHIP_SCHEME, VILLAGE_CRITERIA
from .services import DEFAULT_CATEGORIES, SCHEME_OF_KIND, assessed_units

CENT = Decimal("0.01")
HALF = Decimal("0.5")
# Too costly to run over every generated project (see the module's docstring): drawn instead.
DRAWN_COMPUTATIONS = frozenset({"duplicates_resolved"})
DRAWN_NOTE = "数据生成：本项按比例随机生成，未逐个项目运行重复建设检查。"
TARGET_TITLES = ("政务网站群集约化建设", "政府信息公开目录编制", "部门业务系统接入数据交换中心", "电子证照归集",
                 "网上审批事项全流程办理", "视频会议系统延伸到乡镇", "信息化培训覆盖全体干部", "机房迁入中心机房",
                 "信息安全等级保护测评", "农民信箱注册推广", "12345热线知识库建设", "电子档案归档")
VILLAGE_WORDS = ("东", "西", "南", "北", "前", "后", "上", "下", "新", "桥", "山", "溪", "塘", "湾", "岭", "坞")
BONUS_REASONS = ("信息化工作获上级表彰。", "经验做法被省级以上推广。", "信息报送被上级录用。")
DEDUCTION_REASONS = ("未按时报送月度进展报告。", "未经批准调整项目进度计划。", "发生网络安全事件，整改不及时。")
SPECS: dict[str, list[tuple[str, str, str, str, str]]] = {SchemeFor.DEPARTMENT: DEPARTMENT_SCHEME,
                                                     SchemeFor.TOWNSHIP: TOWNSHIP_SCHEME}


def _half_points(maximum: Decimal, ratio: float) -> Decimal:
    return min(maximum, (maximum * Decimal(str(ratio)) * 2).quantize(Decimal(1)) * HALF)


def _split(rng: Any, total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` whole numbers of at least 1 that add up to it."""
    parts = max(1, min(parts, total))
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(bounds)]


def generate(gen: Any) -> None:
    units = assessed_units()
    if not units:
        return
    today = timezone.localdate()
    _schemes(gen)
    for year in gen.years:
        # Past years are over; this year is as of today (or the year's end when generating ahead).
        as_of = min(today, dt.date(year, 12, 31)) if year == gen.year else dt.date(year, 12, 31)
        _targets_and_sites(gen, year, units, as_of)
    for year in gen.years:
        as_of = min(today, dt.date(year, 12, 31)) if year == gen.year else dt.date(year, 12, 31)
        _round(gen, year, units, as_of)


# -- schemes -------------------------------------------------------------------------------------------
def _schemes(gen: Any) -> None:
    gen.bulk_insert(Scheme, (Scheme(year=y, applies_to=k, total=Decimal(100)) for y in gen.years
                             for k in SchemeFor.values), total=2 * len(gen.years), label="assessment schemes")
    schemes = list(Scheme.objects.filter(year__in=gen.years).order_by("year", "applies_to"))
    gen.bulk_insert(Category, (Category(scheme=s, name=name, position=p) for s in schemes
                               for p, name in enumerate(DEFAULT_CATEGORIES)),
                    total=len(schemes) * len(DEFAULT_CATEGORIES), label="indicator categories")
    category_ids = {(c.scheme_id, c.name): c.pk for c in Category.objects.filter(scheme__in=schemes)}
    rows = [Indicator(category_id=category_ids[(s.pk, category)], name=name, max_score=Decimal(maximum),
                      kind=IndicatorKind.AUTOMATIC if computation else IndicatorKind.MANUAL,
                      computation=computation, rule=rule, position=p)
            for s in schemes for p, (category, name, maximum, computation, rule) in enumerate(SPECS[s.applies_to])]
    gen.bulk_insert(Indicator, rows, total=len(rows), label="indicators")


# -- targets and sites ---------------------------------------------------------------------------------
def _progress(gen: Any, share: int, as_of: dt.date, deadline: dt.date) -> int:
    """Past deadlines are mostly met; before the deadline, progress roughly follows the time elapsed."""
    rng = gen.rng
    if deadline <= as_of:
        return share if rng.random() < 0.85 else rng.randint(0, share - 1) if share > 1 else 0
    start = dt.date(deadline.year, 1, 1)
    elapsed = (as_of - start).days / max(1, (deadline - start).days)
    return min(share, round(share * max(0.0, min(1.0, elapsed + rng.uniform(-0.4, 0.2)))))


def _targets_and_sites(gen: Any, year: int, units: list[Unit], as_of: dt.date) -> None:
    rng = gen.rng
    departments = [u for u in units if u.kind == UnitKind.DEPARTMENT]
    towns = [u for u in units if u.kind != UnitKind.DEPARTMENT]
    township_goal = gen.by_scale(tiny=2, city=3, province=30)
    village_goal = gen.by_scale(tiny=5, city=15, province=300)
    plain = gen.by_scale(tiny=3, city=10, province=40)
    # (code, title, measure, value, deadline, counts_sites, [(unit, share)])
    specs: list[tuple[str, str, str, int, dt.date, str, list[tuple[Unit, int]]]] = []
    site_towns = rng.sample(towns, min(len(towns), township_goal + max(1, township_goal // 3)))
    specs.append(("MB-01", f"创建农村信息化示范乡镇（{township_goal}个）", Measure.COUNT, township_goal,
                  dt.date(year, 11, 30), SiteCounting.TOWNSHIP, [(u, 1) for u in site_towns[:township_goal]]))
    village_towns = rng.sample(towns, min(len(towns), max(1, village_goal // 3)))
    village_shares = list(zip(village_towns, _split(rng, village_goal, len(village_towns)), strict=False))
    specs.append(("MB-02", f"创建农村信息化示范村（{village_goal}个）", Measure.COUNT, village_goal,
                  dt.date(year, 12, 31), SiteCounting.VILLAGE, village_shares))
    if departments:
        specs.append(("OA-01", "党政办公自动化系统在各部门推广使用", Measure.COUNT, len(departments),
                      dt.date(year, 6, 30), SiteCounting.NONE, [(u, 1) for u in departments]))
    for n in range(plain):
        measure = gen.weighted(((Measure.COUNT, 6), (Measure.DONE, 2), (Measure.PERCENT, 2)))
        deadline = dt.date(year, rng.randint(3, 12), rng.randint(1, 28))
        rounds, which = divmod(n, len(TARGET_TITLES))
        title = TARGET_TITLES[which] + (f"（第{rounds + 1}批）" if rounds else "")
        if measure == Measure.COUNT:
            value = rng.randint(2, 30)
            owners = rng.sample(units, min(len(units), rng.randint(1, min(8, value))))
            shares = list(zip(owners, _split(rng, value, len(owners)), strict=False))
        else:
            value = 1 if measure == Measure.DONE else rng.choice((80, 90, 95, 100))
            shares = [(rng.choice(units), value)]
        specs.append((f"RW-{n + 1:03d}", title, measure, value, deadline, SiteCounting.NONE, shares))

    gen.bulk_insert(Target, (Target(year=year, code=code, title=title, measure=measure, target_value=Decimal(value),
                                    deadline=deadline, counts_sites=counts, description=f"{year}年目标任务：{title}。")
                             for code, title, measure, value, deadline, counts, _s in specs),
                    total=len(specs), label=f"targets {year}")
    target_ids = dict(Target.objects.filter(year=year).values_list("code", "id"))

    # The register: designated sites are what the site-counted shares hold.
    sites: list[DemonstrationSite] = []
    designated: dict[tuple[str, int], int] = {}
    for i, unit in enumerate(site_towns):
        status = SiteStatus.DESIGNATED if i < township_goal and (year < gen.year or rng.random() < 0.6) \
            else SiteStatus.CANDIDATE
        designated[(SiteKind.TOWNSHIP, unit.pk)] = int(status == SiteStatus.DESIGNATED)
        sites.append(DemonstrationSite(year=year, name=unit.name, kind=SiteKind.TOWNSHIP, unit=unit,
                                       criteria=TOWNSHIP_CRITERIA, status=status,
                                       progress=100 if status == SiteStatus.DESIGNATED else rng.randint(30, 90)))
    deadline = dt.date(year, 12, 31)
    for unit, share in village_shares:
        done = _progress(gen, share, as_of, deadline)
        designated[(SiteKind.VILLAGE, unit.pk)] = done
        for k in range(share + (1 if rng.random() < 0.3 else 0)):
            status = SiteStatus.DESIGNATED if k < done else SiteStatus.CANDIDATE
            word = VILLAGE_WORDS[k % len(VILLAGE_WORDS)] + VILLAGE_WORDS[(k // len(VILLAGE_WORDS) + unit.pk) % len(
                VILLAGE_WORDS)]
            sites.append(DemonstrationSite(year=year, name=f"{unit.name}{word}{k + 1}村", kind=SiteKind.VILLAGE,
                                           unit=unit, criteria=VILLAGE_CRITERIA, status=status,
                                           progress=100 if status == SiteStatus.DESIGNATED else rng.randint(20, 90)))
    gen.bulk_insert(DemonstrationSite, sites, total=len(sites), label=f"demonstration sites {year}")

    progress: dict[tuple[int, int], int] = {}
    rows: list[TargetShare] = []
    for code, _title, measure, _value, target_deadline, counts, shares in specs:
        for unit, share in shares:
            if counts:
                done = designated.get((counts, unit.pk), 0)
            elif measure == Measure.PERCENT:
                done = share if target_deadline <= as_of and rng.random() < 0.8 else rng.randint(40, share)
            else:
                done = _progress(gen, share, as_of, target_deadline)
            progress[(target_ids[code], unit.pk)] = done
            rows.append(TargetShare(target_id=target_ids[code], unit=unit, share=Decimal(share),
                                    progress=Decimal(done)))
    gen.bulk_insert(TargetShare, rows, total=len(rows), label=f"target shares {year}")
    office = gen.user_ids.get("office", [None])[0]
    site_counted = {target_ids[code] for code, *_r, counts, _s in specs if counts}
    reported = [(pk, target_id, done) for pk, target_id, unit_id in TargetShare.objects.filter(
        target__year=year).values_list("id", "target_id", "unit_id")
        if (done := progress[(target_id, unit_id)]) > 0 and target_id not in site_counted]

    def updates() -> Iterator[ProgressUpdate]:
        # One or two reports a share; the last one holds its progress (as ``progress_update_create`` leaves it).
        for pk, _target, done in reported:
            if done > 1 and rng.random() < 0.4:
                yield ProgressUpdate(share_id=pk, value=Decimal(done // 2), note="阶段性推进，已完成部分任务。",
                                     link=f"https://xxw.example.gov.cn/mb/{year}/{pk}/1", created_by_id=office)
            yield ProgressUpdate(share_id=pk, value=Decimal(done), note="按计划推进，详见链接材料。",
                                 link=f"https://xxw.example.gov.cn/mb/{year}/{pk}", created_by_id=office)

    gen.bulk_insert(ProgressUpdate, updates(), total=len(reported), label=f"progress updates {year}")


# -- the round -----------------------------------------------------------------------------------------
def _round(gen: Any, year: int, units: list[Unit], as_of: dt.date) -> None:
    rng = gen.rng
    current = year == gen.year
    closed_at = timezone.make_aware(dt.datetime(year, 12, 28, 17, 0)) if not current else None
    assessment = Assessment.objects.create(
        year=year, status=RoundStatus.SCORING if current else RoundStatus.PUBLISHED,
        finalised_at=closed_at, published_at=closed_at)
    gen.counts["assessment.Assessment"] = gen.counts.get("assessment.Assessment", 0) + 1
    schemes = {s.applies_to: s for s in Scheme.objects.filter(year=year)}
    by_scheme = {k: list(Indicator.objects.filter(category__scheme=s).order_by("position", "id"))
                 for k, s in schemes.items()}
    submitted = timezone.make_aware(dt.datetime(year, 11, 20, 10, 0)) if current else closed_at
    sheets = [UnitAssessment(assessment=assessment, unit=unit, scheme=schemes[SCHEME_OF_KIND[unit.kind]],
                             self_submitted_at=submitted if (not current or rng.random() < 0.7) else None)
              for unit in units]
    gen.bulk_insert(UnitAssessment, sheets, total=len(sheets), label=f"unit assessments {year}")
    sheet_ids = dict(UnitAssessment.objects.filter(assessment=assessment).values_list("unit_id", "id"))
    for sheet in sheets:
        sheet.pk = sheet_ids[sheet.unit_id]

    outcomes: dict[str, dict[int, indicators.Outcome]] = {}
    keys = {i.computation for rows in by_scheme.values() for i in rows if i.kind == IndicatorKind.AUTOMATIC}
    for key in sorted(keys - DRAWN_COMPUTATIONS):
        outcomes[key] = indicators.compute(key, units, year, as_of)
    points: dict[int, Decimal] = {}
    scored = timezone.make_aware(dt.datetime(as_of.year, as_of.month, as_of.day, 16, 0))

    def scores() -> Iterator[Score]:
        for sheet in sheets:
            # This year the office has scored the units that self-assessed; the others wait.
            manual_done = not current or (sheet.self_submitted_at is not None and rng.random() < 0.8)
            total = Decimal(0)
            for indicator in by_scheme[sheet.scheme.applies_to]:
                row = Score(sheet_id=sheet.pk, indicator=indicator)
                if indicator.kind == IndicatorKind.MANUAL:
                    if sheet.self_submitted_at is not None:
                        row.self_score = _half_points(indicator.max_score, rng.uniform(0.75, 1.0))
                        row.self_note = "已按要求落实，详见链接材料。"
                    if manual_done:
                        row.score = _half_points(indicator.max_score, rng.uniform(0.6, 1.0))
                        row.comment, row.scored_by_id, row.scored_at = "按评分细则核定。", gen.user_ids.get(
                            "office", [None])[0], scored
                elif indicator.computation in outcomes:
                    outcome = outcomes[indicator.computation].get(sheet.unit_id) or indicators.Outcome(
                        available=False)
                    row.score, row.detail, row.scored_at = (outcome.score(indicator.max_score), outcome.as_detail(),
                                                            scored)
                else:
                    ratio = Decimal(rng.randint(50, 100)) / 100
                    row.score = (indicator.max_score * ratio).quantize(CENT)
                    row.detail, row.scored_at = {"available": True, "ratio": str(ratio), "numerator": 0,
                                                 "denominator": 0, "items": [], "message": DRAWN_NOTE}, scored
                total += row.score or 0
                yield row
            points[sheet.pk] = total

    count = sum(len(by_scheme[s.scheme.applies_to]) for s in sheets)
    gen.bulk_insert(Score, scores(), total=count, label=f"scores {year}", batch_size=5000)

    adjustments: list[Adjustment] = []
    for sheet in sheets:
        draw = rng.random()
        if draw < 0.08:
            kind = AdjustmentKind.BONUS if draw < 0.04 else AdjustmentKind.DEDUCTION
            reasons = BONUS_REASONS if kind == AdjustmentKind.BONUS else DEDUCTION_REASONS
            amount = Decimal(rng.randint(1, 6)) * HALF
            adjustments.append(Adjustment(sheet_id=sheet.pk, kind=kind, points=amount, reason=rng.choice(reasons)))
            if kind == AdjustmentKind.BONUS:
                sheet.bonus = amount
            else:
                sheet.deduction = amount
        sheet.indicator_total = points[sheet.pk].quantize(CENT)
        sheet.total = sheet.indicator_total + sheet.bonus - sheet.deduction
        if rng.random() < 0.01:
            sheet.dispute_status = DisputeStatus.OPEN if current else DisputeStatus.ANSWERED
            sheet.dispute_reason = "目标任务完成情况以主管部门认定文件为准，请复核得分。"
            sheet.dispute_answer = "" if current else "经复核，维持原评分。"
            sheet.disputed_at = submitted
    gen.bulk_insert(Adjustment, adjustments, total=len(adjustments), label=f"bonuses and deductions {year}")
    UnitAssessment.objects.bulk_update(sheets, ["indicator_total", "bonus", "deduction", "total", "dispute_status",
                                                "dispute_reason", "dispute_answer", "disputed_at"], batch_size=1000)


# -- bench ---------------------------------------------------------------------------------------------
def bench_operations(ctx: BenchContext) -> list[Operation]:
    latest = Assessment.objects.order_by("-year").first()
    if latest is None:
        return []
    year = latest.year
    units = latest.sheets.count()
    return [
        Operation(f"assessment: ranking page ({units:,} units)",
                  lambda i: BenchRequest(f"/assessment/rounds/{year}/ranking/"), budget_ms=2000, runs=10),
        Operation(f"API GET /api/v1/assessments/{{year}}/ranking/ ({units:,} units)",
                  lambda i: BenchRequest(f"/api/v1/assessments/{year}/ranking/"), api=True, budget_ms=2000,
                  runs=10),
        Operation("assessment: targets list", lambda i: BenchRequest(f"/assessment/targets/?year={year - i % 2}")),
        Operation("assessment: targets overdue or off track",
                  lambda i: BenchRequest(f"/assessment/targets/?year={year}&status=attention")),
    ]
