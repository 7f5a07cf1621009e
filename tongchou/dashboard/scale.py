"""The leadership dashboard at scale (issue 10): one page that aggregates every app's panels."""

from __future__ import annotations

from tongchou.scale.bench import BenchContext, BenchRequest, Operation


def bench_operations(ctx: BenchContext) -> list[Operation]:
    # This year and the one before, in turn (the page's year switcher).
    return [Operation("dashboard: leadership page", lambda i: BenchRequest(f"/dashboard/?year={ctx.year - i % 2}"),
                      budget_ms=300)]
