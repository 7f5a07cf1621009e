"""The demo city's fund (seed-city.md): 10,000,000 yuan, the guaranteed projects allocated when
the plan was fixed, a reserve project funded in the second half, a township's advance payment
awaiting reimbursement, disbursements, and a reserve project's need carried into next year.

Money moves only for projects the government has approved: until the lifecycle's demo step
(issue 4) approves the seed's projects, only the fund itself (and the candidates there are) is
created. Idempotent: each step looks for what it would create first."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tongchou.demo.seed import DEMO_ACTOR, SeedContext

from . import planning, services
from .models import FUNDABLE_STATUSES, Candidate, EntryKind, Fund, LedgerEntry

CAP = "10000000.00"
# code → (priority, amount from this year's fund or None for the whole request, must fund)
CANDIDATES: dict[str, tuple[str, str | None, bool]] = {
    "DZJC-01": ("95", None, True),
    "CSZH-01": ("90", None, False),
    "XXZX-01": ("88", "1500000.00", False),
    "OA-01": ("85", None, False),
    "NCSF-03": ("80", None, False),
    "NCSF-01": ("75", None, False),
    "SZCG-01": ("70", None, False),
    "SJJD-01": ("65", None, False),
    "ZZJN-01": ("60", None, False),
    "DSQY-01": ("55", None, False),
    "NCSF-02": ("50", None, False),
}
# The annual plan fixed in February: the guaranteed projects' allocations.
PLAN = [
    ("DZJC-01", "2600000.00"),
    ("CSZH-01", "3000000.00"),
    ("XXZX-01", "1500000.00"),
    ("OA-01", "1000000.00"),
    ("NCSF-03", "900000.00"),
]
# (code, month, day, amount, payee, voucher)
DISBURSEMENTS = [
    ("DZJC-01", 4, 15, "1200000.00", "浙江正元智慧科技股份有限公司", "FZ-2026-0415"),
    ("CSZH-01", 5, 20, "1500000.00", "杭州海康威视数字技术股份有限公司", "FZ-2026-0520"),
    ("OA-01", 6, 10, "600000.00", "北京书生电子技术有限公司", "FZ-2026-0610"),
]
SECOND_HALF_RESERVE = ("NCSF-02", "500000.00")  # funded from what remained, in August
ADVANCE = ("NCSF-01", "300000.00", "杭州华三通信技术有限公司", "灵桥镇信息化建设垫付协议（2026）第1号")
CARRY_OVER = ("SZCG-01", "2800000.00")


def _day(ctx: SeedContext, month: int, day: int) -> dt.date:
    return min(dt.date(ctx.year, month, day), ctx.today)


def _has(fund: Fund, code: str, kind: str, **extra: Any) -> bool:
    return LedgerEntry.objects.filter(
        fund=fund, project__code=code, project__year=fund.year, kind=kind, **extra
    ).exists()


def seed_demo(ctx: SeedContext) -> None:
    fund = Fund.objects.filter(year=ctx.year).first()
    if fund is None:
        fund = services.fund_create(actor=DEMO_ACTOR, year=ctx.year, cap=CAP, note="市信息化专项经费")
        ctx.note(f"fund {ctx.year}")
    projects = {code: p for code, p in ctx.projects.items() if p.status in FUNDABLE_STATUSES}
    for code, (priority, amount, must) in CANDIDATES.items():
        if code in projects and not Candidate.objects.filter(fund=fund, project=projects[code]).exists():
            planning.candidate_set(
                actor=DEMO_ACTOR,
                year=fund.year,
                project=projects[code],
                priority=priority,
                amount=amount,
                must_fund=must,
            )
            ctx.note(f"candidate {code}")
    office = ctx.people.get("office", DEMO_ACTOR)
    for code, amount in PLAN:
        if code in projects and not _has(fund, code, EntryKind.ALLOCATION):
            services.allocation_create(
                actor=office,
                project=projects[code],
                amount=amount,
                year=fund.year,
                date=_day(ctx, 2, 20),
                note="年度计划（重点保障）",
            )
            ctx.note(f"allocation {code}")
    for code, month, day, amount, payee, voucher in DISBURSEMENTS:
        if code in projects and not _has(fund, code, EntryKind.DISBURSEMENT, voucher_number=voucher):
            services.disbursement_create(
                actor=office,
                project=projects[code],
                amount=amount,
                payee=payee,
                voucher_number=voucher,
                year=fund.year,
                date=_day(ctx, month, day),
            )
            ctx.note(f"disbursement {voucher}")
    code, amount = SECOND_HALF_RESERVE
    if code in projects and not _has(fund, code, EntryKind.ALLOCATION):
        services.allocation_create(
            actor=office,
            project=projects[code],
            amount=amount,
            year=fund.year,
            date=_day(ctx, 8, 18),
            note="下半年从剩余经费安排（备选项目）",
        )
        ctx.note(f"allocation {code}")
    code, amount, payee, agreement = ADVANCE
    if code in projects and not _has(fund, code, EntryKind.ADVANCE):
        unit_person = next(
            (
                p
                for p in ctx.people.values()
                if p.unit_id == projects[code].unit_id and p.role in ("unit", "group_lead")
            ),
            office,
        )
        services.advance_create(
            actor=unit_person,
            project=projects[code],
            amount=amount,
            payee=payee,
            agreement=agreement,
            date=_day(ctx, 5, 8),
            note="备选项目先行垫付，待经费到位后报销",
        )
        ctx.note(f"advance {code}")
    code, amount = CARRY_OVER
    if code in projects and not _has(fund, code, EntryKind.CARRY_OVER):
        need = projects[code].requested_budget
        services.carry_over_create(
            actor=office,
            project=projects[code],
            amount=min(Decimal(amount), need),
            year=fund.year,
            date=_day(ctx, 11, 20),
            note="本年经费不足，结转下年优先安排",
        )
        ctx.note(f"carry-over {code}")
