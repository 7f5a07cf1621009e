"""Query counts that stay the same however many rows a page shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(fetch: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
    assert getattr(response, "status_code", 200) == 200, response
    return len(ctx.captured_queries)


def assert_constant_queries(fetch: Callable[[], Any], grow: Callable[[int], None], *, more: int = 20,
                            limit: int = 25) -> int:
    """Add two rows, fetch; add ``more`` rows, fetch again: the count must not change and stays under
    ``limit``. ``grow(n)`` adds n rows each time it is called (it must not repeat its own names)."""
    grow(2)
    fetch()  # warm caches (content types, sessions) so both counts measure the same thing
    before = count_queries(fetch)
    grow(more)
    after = count_queries(fetch)
    assert before == after, f"queries grew with rows: {before} → {after}"
    assert after <= limit, f"{after} queries"
    return after
