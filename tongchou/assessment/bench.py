"""Synthetic data for measuring the ranking at scale: ``n`` units (departments and townships), a
scheme of each kind, and finished rounds for two years with random totals and deductions (many
ties on purpose). Rows are bulk-inserted: this is load for a stopwatch, not business data, and it
runs inside a transaction the caller rolls back."""

from __future__ import annotations

import itertools
import random
import time
from decimal import Decimal
from typing import Any

from tongchou.org.models import Unit, UnitKind

from . import selectors
from .models import Assessment, Category, RoundStatus, Scheme, SchemeFor, UnitAssessment


def build(n_units: int, year: int, *, seed: int = 8) -> Assessment:
    rng = random.Random(seed)
    start = Unit.objects.count()
    units = Unit.objects.bulk_create([
        Unit(code=f"B{start + i:06d}", name=f"合成单位{start + i:06d}",
             kind=UnitKind.DEPARTMENT if i % 3 else rng.choice([UnitKind.TOWNSHIP, UnitKind.SUBDISTRICT]))
        for i in range(n_units)])
    current = None
    for y in (year - 1, year):
        schemes = {}
        for applies_to in SchemeFor.values:
            scheme = Scheme.objects.create(year=y, applies_to=applies_to)
            Category.objects.create(scheme=scheme, name="信息化资源整合")
            schemes[applies_to] = scheme
        assessment = Assessment.objects.create(year=y, status=RoundStatus.PUBLISHED)
        sheets = []
        for unit in units:
            points = Decimal(rng.randint(6000, 9800)) / 100
            deduction = Decimal(rng.choice([0, 0, 0, 50, 100])) / 100
            sheets.append(UnitAssessment(
                assessment=assessment, unit=unit, indicator_total=points, deduction=deduction,
                total=points - deduction,
                scheme=schemes[SchemeFor.DEPARTMENT if unit.kind == UnitKind.DEPARTMENT else SchemeFor.TOWNSHIP]))
        UnitAssessment.objects.bulk_create(sheets, batch_size=1000)
        current = assessment
    assert current is not None
    return current


def measure(assessment: Assessment, *, repeat: int = 3) -> dict[str, Any]:
    """Seconds for the whole ranking with last year's comparison, best of ``repeat``."""
    timings = []
    rows: list[selectors.Row] = []
    for _ in range(repeat):
        started = time.perf_counter()
        rows = selectors.ranking(assessment)
        timings.append(time.perf_counter() - started)
    return {"units": len(rows), "best_seconds": min(timings), "worst_seconds": max(timings),
            "compared": sum(1 for r in rows if r.previous_rank is not None),
            "tied": sum(1 for a, b in itertools.pairwise(rows) if a.rank == b.rank and a.type == b.type)}
