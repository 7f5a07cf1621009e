"""The special fund at scale (issue 5): a fund per year and a ledger (200,000 entries at province
scale) of allocations, disbursements, advances, reimbursements and carry-overs, plus the current
year's candidates for the optimizer; and the bench operations of the analysis page, an allocation
and the optimizer.

The ledger's insert triggers check each new row against the sums of its fund: fine for one service
call, quadratic for 200,000 rows. ``generate`` therefore lifts them for the bulk load, puts them
back, and checks the same invariants once over the whole ledger (never above a fund's cap, never
disbursed beyond allocated, never reimbursed beyond advanced); it fails if any does not hold.
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import uuid
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from tongchou.core.money import quantize
from tongchou.projects.models import Project, ProjectStatus, Tier
from tongchou.scale.bench import BenchContext, BenchRequest, Operation

from . import services
from .models import FUNDABLE_STATUSES, Candidate, EntryKind, Fund, LedgerEntry, PlanProposal

ACTOR_NAME = "数据生成 gen-data"
BENCH_NOTE = "基准测试分配"
CENT = Decimal("0.01")
INSERT_TRIGGERS = ("funds_ledger_cap", "funds_ledger_project", "funds_ledger_advance")
PAID = frozenset({ProjectStatus.IN_IMPLEMENTATION, ProjectStatus.ACCEPTANCE_REQUESTED, ProjectStatus.ACCEPTED})


def _split(rng: Any, total: Decimal, parts: int) -> list[Decimal]:
    """``total`` in ``parts`` positive amounts (cents) that add up to it exactly."""
    cents = int(total * 100)
    parts = max(1, min(parts, cents))
    cuts = sorted(rng.sample(range(1, cents), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, cents]
    return [Decimal(b - a) / 100 for a, b in itertools.pairwise(bounds)]


class _Triggers:
    """Lift the ledger's per-row insert checks for a bulk load, inside the caller's transaction."""

    def __enter__(self) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("ALTER TABLE funds_ledgerentry DISABLE TRIGGER funds_ledger_invariants")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            else:
                for name in INSERT_TRIGGERS:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")

    def __exit__(self, *exc: Any) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The foreign keys' deferred checks of the rows just inserted must run before the ALTER.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("ALTER TABLE funds_ledgerentry ENABLE TRIGGER funds_ledger_invariants")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            else:
                migration = importlib.import_module("tongchou.funds.migrations.0002_ledger_triggers")
                for sql in migration.SQLITE_FORWARD:
                    if any(f"TRIGGER {name} " in sql for name in INSERT_TRIGGERS):
                        cursor.execute(sql)


def check_invariants() -> None:
    """The triggers' rules over the whole ledger at once; raises if one is broken."""
    over_cap = [row["fund__year"] for row in LedgerEntry.objects.values("fund__year", "fund__cap")
                .annotate(c=Sum("committed_delta")) if quantize(row["c"]) > row["fund__cap"]]
    projects = (LedgerEntry.objects.values("fund_id", "project_id")
                .annotate(c=Sum("committed_delta"), d=Sum("disbursed_delta")))
    overpaid = [row for row in projects if quantize(row["d"]) > quantize(row["c"]) or quantize(row["c"]) < 0]
    advanced = dict(LedgerEntry.objects.filter(kind=EntryKind.ADVANCE).values_list("id", "advanced_delta"))
    over_reimbursed = [row for row in LedgerEntry.objects.filter(advance__isnull=False).values("advance_id")
                       .annotate(r=Sum("reimbursed_delta")) if quantize(row["r"]) > advanced[row["advance_id"]]]
    if over_cap or overpaid or over_reimbursed:
        raise RuntimeError(f"generated ledger breaks its invariants: funds over cap {over_cap}, "
                           f"{len(overpaid)} projects paid beyond allocation, {len(over_reimbursed)} advances")


def generate(gen: Any) -> None:
    rng, year_now = gen.rng, gen.year
    target = gen.by_scale(tiny=160, city=2_400, province=200_000)
    fundable = [p for p in gen.projects if p.status in FUNDABLE_STATUSES]
    office = gen.user_ids.get("office", [None])[0]
    # Who gets money: every fundable project of past years; about half of this year's (the rest are
    # the optimizer's candidates).
    funded = [p for p in fundable if p.year < year_now or rng.random() < 0.4]
    funded_ids = {p.id for p in funded}
    # Payments fill the target: what allocations (1.3 a project) and advances leave, over the projects paid.
    paid_count = sum(1 for p in funded if p.status in PAID)
    per_project = max(1.0, (target - 1.3 * len(funded)) / max(1, paid_count) + 1.3)
    entries: list[tuple[int, LedgerEntry, int | None]] = []  # (year, entry, index of the advance it repays)
    committed: dict[int, Decimal] = {}
    allocated_to: dict[int, Decimal] = {}

    def entry(row: Any, kind: str, amount: Decimal, year: int, day: dt.date, **fields: Any) -> LedgerEntry:
        return LedgerEntry(kind=kind, project_id=row.id, programme_id=row.programme_id, unit_id=row.unit_id,
                           amount=amount, date=day,
                           batch=uuid.UUID(int=rng.getrandbits(128), version=4), created_by_id=office,
                           created_by_name=ACTOR_NAME, **fields)

    for row in funded:
        start = dt.date(row.year, 1, 15)
        allocated = quantize(row.requested_budget * Decimal(rng.randint(60, 100)) / 100)
        allocations = _split(rng, allocated, 1 if rng.random() < 0.7 else 2)
        for k, amount in enumerate(allocations):
            entries.append((row.year, entry(row, EntryKind.ALLOCATION, amount, row.year,
                                            start + dt.timedelta(days=30 * k), committed_delta=amount), None))
        committed[row.year] = committed.get(row.year, Decimal(0)) + allocated
        allocated_to[row.id] = allocated
        if row.status not in PAID:
            continue
        # Spend up to all of it; the rest of the entries this project gets are payments.
        share = Decimal(rng.randint(40, 100)) / 100 if row.year == year_now else Decimal(rng.randint(80, 100)) / 100
        spend = quantize(allocated * share)
        payments = max(1, round(per_project) - len(allocations) + rng.choice((-1, 0, 0, 1)))
        if rng.random() < 0.12 and payments >= 2 and spend >= 2:
            # The unit paid first (垫付); the fund pays it back in one or two reimbursements.
            advance_amount = quantize(spend * Decimal(rng.randint(20, 50)) / 100)
            day = start + dt.timedelta(days=rng.randint(60, 120))
            entries.append((row.year, entry(row, EntryKind.ADVANCE, advance_amount, row.year, day,
                                            payee=f"{row.unit_id}号单位", agreement=f"垫付协议{row.id}",
                                            advanced_delta=advance_amount), None))
            advance_index = len(entries) - 1
            repaid = quantize(advance_amount * Decimal(rng.choice((50, 100, 100))) / 100)
            for part in _split(rng, repaid, 1 if rng.random() < 0.6 else 2):
                entries.append((row.year, entry(row, EntryKind.REIMBURSEMENT, part, row.year,
                                                day + dt.timedelta(days=rng.randint(30, 150)),
                                                voucher_number=f"BX{row.id}-{rng.randrange(10**6)}",
                                                disbursed_delta=part, reimbursed_delta=part), advance_index))
            spend -= repaid
            payments -= 2
        if spend > 0 and payments > 0:
            for k, part in enumerate(_split(rng, spend, payments)):
                entries.append((row.year, entry(row, EntryKind.DISBURSEMENT, part, row.year,
                                                start + dt.timedelta(days=45 + 25 * k),
                                                voucher_number=f"ZF{row.id}-{k + 1}", disbursed_delta=part), None))
    # Reserve projects of past years whose need was not met: a first claim on the next year's fund.
    for row in funded:
        if row.year < year_now and row.tier == Tier.RESERVE and rng.random() < 0.1:
            need = row.requested_budget - allocated_to[row.id]
            amount = quantize(need * Decimal(rng.randint(5, 30)) / 100)
            if amount > 0:
                entries.append((row.year + 1, entry(row, EntryKind.CARRY_OVER, amount, row.year + 1,
                                                    dt.date(row.year, 12, 20), carried_delta=amount), None))

    # This year's candidates: the fundable projects not yet funded (2,000 at province scale).
    wanted = gen.by_scale(tiny=20, city=200, province=2_000)
    pool = [p for p in fundable if p.year == year_now and p.id not in funded_ids][:wanted]
    need = sum((p.requested_budget for p in pool), Decimal(0))
    caps = {year: quantize(committed.get(year, Decimal(0)) * Decimal("1.05") + Decimal(1_000_000))
            for year in gen.years}
    caps[year_now] = quantize(committed.get(year_now, Decimal(0)) + need * Decimal("0.4") + Decimal(1_000_000))
    Fund.objects.bulk_create([Fund(year=year, cap=caps[year], note="基准数据") for year in gen.years])
    gen.counts["funds.Fund"] = len(gen.years)
    fund_ids = dict(Fund.objects.values_list("year", "id"))
    for year, item, _advance in entries:
        item.fund_id = fund_ids[min(year, year_now)]

    with _Triggers():
        plain = [e for _y, e, advance in entries if advance is None]
        gen.bulk_insert(LedgerEntry, plain, total=len(plain), label="ledger entries")
        # bulk_create sets primary keys on PostgreSQL and on SQLite ≥ 3.35; look them up otherwise.
        if any(e.pk is None for e in plain):
            by_batch = dict(LedgerEntry.objects.values_list("batch", "id"))
            for e in plain:
                e.pk = by_batch[e.batch]
        for _y, e, advance in entries:
            if advance is not None:
                e.advance_id = entries[advance][1].pk
        repaying = [e for _y, e, advance in entries if advance is not None]
        gen.bulk_insert(LedgerEntry, repaying, total=len(repaying), label="reimbursements")
    check_invariants()
    gen.bulk_insert(Candidate, (
        Candidate(fund_id=fund_ids[year_now], project_id=p.id, amount=p.requested_budget,
                  priority=Decimal(rng.randint(50, 100)), must_fund=rng.random() < 0.005)
        for p in pool), total=len(pool), label="fund candidates")


def bench_operations(ctx: BenchContext) -> list[Operation]:
    years = list(Fund.objects.order_by("-year").values_list("year", flat=True))
    if not years:
        return []
    current = years[0]
    projects = list(LedgerEntry.objects.filter(fund__year=current, kind=EntryKind.ALLOCATION)
                    .values_list("project_id", flat=True).distinct().order_by("project_id")[:100])
    last_proposal = PlanProposal.objects.order_by("-id").values_list("id", flat=True).first() or 0
    started = timezone.now()
    def allocate(i: int) -> BenchRequest:
        # Another operation (the projects' suspend/resume) may have left a project suspended: pick, at
        # request time, one that is still fundable, so a refusal means a real failure.
        still = set(Project.objects.filter(pk__in=projects, status__in=FUNDABLE_STATUSES).values_list("pk", flat=True))
        fundable = [p for p in projects if p in still] or projects
        return BenchRequest("/api/v1/allocations/", "POST", {
            "project": fundable[i % len(fundable)] if fundable else 0, "amount": "1000", "year": current,
            "note": f"{BENCH_NOTE} {ctx.run_id}"})

    def reverse_allocations() -> None:
        # The ledger is append-only: the bench's allocations are undone by reversing entries.
        made = LedgerEntry.objects.filter(kind=EntryKind.ALLOCATION, note__startswith=BENCH_NOTE,
                                          created_at__gte=started, reversed_by__isnull=True)
        for entry in made.order_by("id"):
            services.entry_reverse(actor=ctx.users["office"], entry=entry, reason="基准测试结束，撤销测试分配。")

    def drop_proposals() -> None:
        PlanProposal.objects.filter(id__gt=last_proposal).delete()

    return [
        Operation("funds: analysis page", lambda i: BenchRequest(f"/funds/{years[i % len(years)]}/analysis/")),
        Operation("API POST /api/v1/allocations/", allocate, api=True, kind="write", budget_ms=150, expect=201,
                  cleanup=reverse_allocations),
        Operation(f"API POST /api/v1/funds/{{year}}/optimize/ ({Candidate.objects.filter(fund__year=current).count():,}"
                  " candidates)", lambda i: BenchRequest(f"/api/v1/funds/{current}/optimize/", "POST", {}),
                  api=True, kind="write", budget_ms=2000, cleanup=drop_proposals, runs=5),
    ]
