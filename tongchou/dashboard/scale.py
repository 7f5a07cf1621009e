"""The leadership dashboard at scale (issue 10): one page that aggregates every app's panels.

The page keeps its figures until the next change (dashboard/hooks.py ``dashboard_snapshot``), so the
page's timing is that of a view with nothing changed since the last one; what the first view after
a change costs (every panel computed) is timed beside it, in-process."""

from __future__ import annotations

from tongchou.scale.bench import BenchContext, BenchRequest, Operation

from .hooks import dashboard_panels


def bench_operations(ctx: BenchContext) -> list[Operation]:
    office = ctx.users["office"]

    def compute_all() -> None:
        dashboard_panels(office, year=ctx.year)

    # This year and the one before, in turn (the page's year switcher).
    return [
        Operation("dashboard: leadership page", lambda i: BenchRequest(f"/dashboard/?year={ctx.year - i % 2}"),
                  budget_ms=300),
        Operation("dashboard: every panel computed (first view after a change)", lambda i: BenchRequest("/"),
                  budget_ms=2_000, runs=5, call=compute_all),
    ]
