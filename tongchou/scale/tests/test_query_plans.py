"""Every filter and sort the project list offers is backed by an index: the query plan for each
combination, for each kind of person, must not scan the projects table. Text search may scan (its
budget is measured by ``tongchou bench``; PostgreSQL has a trigram index for it).

SQLite: EXPLAIN QUERY PLAN. PostgreSQL prefers a sequential scan of a small test table whatever its
indexes, so there the plan is read with ``enable_seqscan = off``: a scan that remains has no index."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tongchou.projects.selectors import PROJECT_ORDERINGS, project_list

# SQLite: "SCAN t USING [COVERING] INDEX i" walks an index in order; a bare "SCAN t" reads the table.
FULL_SCAN = re.compile(r"^SCAN projects_project(?! USING)|Seq Scan on projects_project")

# The list form's filters (projects/forms.py ProjectFilterForm), alone and in the pairs people use.
FILTERS: list[dict[str, Any]] = [
    {}, {"year": 2026}, {"programme": 1}, {"unit": 1}, {"tier": "reserve"}, {"status": "draft"},
    {"year": 2026, "programme": 1}, {"year": 2026, "unit": 1}, {"year": 2026, "tier": "reserve"},
    {"year": 2026, "status": "draft"}, {"programme": 1, "status": "draft"},
]


def plan_of(sql: str, params: Any = ()) -> list[str]:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return [row[3] for row in cursor.fetchall()]
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return [row[0].strip() for row in cursor.fetchall()]


def list_page_queries(queryset: Any) -> list[str]:
    """The SQL a list page runs, as sent: the paginator's count and the page of 50."""
    with CaptureQueriesContext(connection) as captured:
        queryset.count()
        list(queryset[:50])
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("role", ["office", "unit", "group_lead"])
def test_no_project_list_query_scans_the_projects_table(role: str, world: Any) -> None:
    # given
    user = world.people[role]
    scans = []
    for filters, ordering in itertools.product(FILTERS, PROJECT_ORDERINGS):
        # when
        for sql in list_page_queries(project_list(user=user, ordering=ordering, **filters)):
            if not filters and user.reads_everything and sql.startswith("SELECT COUNT(*)") \
                    and connection.vendor == "sqlite":
                continue  # counting every project reads every project (SQLite picks its smallest index)
            plan = plan_of(sql)
            # then
            if any(FULL_SCAN.match(line) for line in plan):
                scans.append(f"{filters} ordering={ordering!r}: {sql[:200]} → {' ; '.join(plan)}")
    assert not scans, "full scans of projects_project:\n" + "\n".join(scans)


def test_the_plan_reader_sees_a_full_scan(world: Any) -> None:
    # given: a filter on a column without an index
    from tongchou.projects.models import Project

    # when
    plan = plan_of(*Project.objects.filter(owner_name="张三").order_by().query.sql_with_params())
    # then
    assert any(FULL_SCAN.match(line) for line in plan), plan
