"""The meetings and action-item lists are read through indexes, not by scanning their tables."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tongchou.meetings.selectors import action_item_list, meetings_visible_to
from tongchou.scale.tests.test_query_plans import list_page_queries, plan_of

SCAN = re.compile(r"^SCAN meetings_(meeting|actionitem)(?! USING)|Seq Scan on meetings_(meeting|actionitem)")


def _scans(queryset: Any) -> list[str]:
    found = []
    for sql in list_page_queries(queryset):
        if sql.startswith("SELECT COUNT(*)") and "WHERE" not in sql:
            continue  # counting every row reads every row
        found += [line for line in plan_of(sql) if SCAN.search(line)]
    return found


@pytest.mark.parametrize("role", ["office", "unit"])
@pytest.mark.parametrize("filters", [{"status": "unclosed"}, {"overdue": True, "status": "unclosed"},
                                     {"status": "closed"}])
def test_action_item_lists_use_indexes(world: Any, role: str, filters: dict[str, Any]) -> None:
    assert _scans(action_item_list(user=world.people[role], **filters)) == []


def test_a_units_whole_action_item_list_uses_its_index(world: Any) -> None:
    assert _scans(action_item_list(user=world.people["unit"])) == []


def test_the_meeting_list_uses_its_index(world: Any) -> None:
    assert _scans(meetings_visible_to(world.people["office"]).order_by("-starts_at", "-id")) == []
